"""Editorial structure added to section Markdown: chapter numbers, panels, quotation punctuation."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SUBSECTION = re.compile(r"^## ", re.M)
# A comma or full stop after a closing double quotation mark (British and
# "logical" practice), followed by anything but a letter or digit.
_OUTSIDE_QUOTE = re.compile(r"”([,.])(?![\w])")


def box_subsections(body: str, positions: tuple[int, ...], css_class: str = "panel") -> str:
    """Wrap the listed `##` subsections (1 = the first) of a section body in a fenced div.

    A subsection runs from its heading to the next `##` heading or the end of the
    body, so a boxed subsection keeps its own `###` headings inside the box.
    """
    starts = [m.start() for m in _SUBSECTION.finditer(body)]
    if not positions or not starts:
        return body
    bounds = list(zip(starts, starts[1:] + [len(body)]))
    pieces, last = [], 0
    for index, (start, end) in enumerate(bounds, 1):
        if index not in positions:
            continue
        block = body[start:end].rstrip("\n")
        pieces += [body[last:start], f"::: {{.{css_class}}}\n{block}\n:::\n\n"]
        last = end
    pieces.append(body[last:])
    return "".join(pieces)


def american_quote_punctuation(text: str) -> str:
    """Set commas and full stops inside closing double quotes, as American usage does.

    The English edition is in American spelling, and Chicago, its citation
    style, puts them inside in the reference list; the text follows suit so the
    whole edition has one rule. Single quotes are left alone: ’ is also the
    apostrophe of a plural possessive (states’, …).
    """
    return _OUTSIDE_QUOTE.sub(lambda m: f"{m.group(1)}”", text)


def numbered_title(label: str, title: str) -> str:
    """A chapter heading's Markdown text with its number set apart for styling."""
    return f"[{label}]{{.chapter-number}} {title}"


_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_LINE = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_TABLE_CAPTION = re.compile(r"^(?:[Tt]able)?:\s+(\S.*)$")


@dataclass(frozen=True)
class CaptionedTable:
    """A pipe table written in a section with its caption (`: Caption` or `Table: Caption`)."""

    start: int        # first line (the caption's or the table's), 0-based
    end: int          # line after the last
    caption: str
    table: str        # the table's own lines


def captioned_tables(body: str) -> list[CaptionedTable]:
    """Every pipe table of a section body that has a caption, in order; code blocks are passed over.

    Pandoc takes a paragraph starting `Table:` or `:` right before or right after a
    table as its caption.
    """
    lines = body.split("\n")
    found, fenced, index = [], False, 0
    while index < len(lines):
        if _FENCE.match(lines[index]):
            fenced = not fenced
        if fenced or not _TABLE_LINE.match(lines[index]) or index + 1 >= len(lines) \
                or not _TABLE_RULE.match(lines[index + 1]):
            index += 1
            continue
        end = index + 2
        while end < len(lines) and _TABLE_LINE.match(lines[end]):
            end += 1
        table = "\n".join(lines[index:end])
        before, after = _caption_line(lines, index, -1), _caption_line(lines, end - 1, 1)
        if before is not None:
            found.append(CaptionedTable(before, end, _TABLE_CAPTION.match(lines[before]).group(1), table))
        elif after is not None:
            found.append(CaptionedTable(index, after + 1, _TABLE_CAPTION.match(lines[after]).group(1), table))
        index = end
    return found


def _caption_line(lines: list[str], edge: int, step: int) -> int | None:
    """The caption's line next to a table's first (step -1) or last (step 1) line, past one blank line."""
    for distance in (1, 2):
        at = edge + step * distance
        if not 0 <= at < len(lines):
            return None
        if _TABLE_CAPTION.match(lines[at]):
            return at
        if lines[at].strip():
            return None
    return None


def replace_captioned_tables(body: str, make_block) -> str:
    """Each captioned pipe table replaced by `make_block(number_in_section, table)`, 1 = the first."""
    lines = body.split("\n")
    for number, table in reversed(list(enumerate(captioned_tables(body), 1))):
        lines[table.start:table.end] = make_block(number, table).split("\n")
    return "\n".join(lines)
