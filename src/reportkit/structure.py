"""Editorial structure added to section Markdown: chapter numbers, panels, quotation punctuation."""

from __future__ import annotations

import re

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
