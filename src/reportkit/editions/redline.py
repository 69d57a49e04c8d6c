"""Redline Markdown: the current text against the previous edition's, marked as pandoc insertions and deletions."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field

from ..text.anchors import anchor_spans, strip_anchors
from ..text.cites import Cite, cites_of, read_cites
from ..text.markdown import CROSSREF
from .diff import align, paragraphs, renames
from .record import snapshot

# Pieces a diff never cuts: citations, links and images, cross-references and
# amounts, emphasis markers, block markers at a line start, and line breaks.
_ATOM = re.compile(
    r"!?\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\](?:\([^)]*\)|\{[^}]*\})?"   # [@cite], [text](url), ![img](p)
    r"|" + CROSSREF.pattern +
    r"|\*\*|\*|__"
    r"|(?m:^[ \t]*(?:#{1,6}[ \t]|[-+*][ \t]|\d+[.)][ \t]|>[ \t]?|:::[^\n]*))"
    r"|\n")


_MARKUP = re.compile(r"\*\*|\*|__|\n|[ \t]*(?:#{1,6}[ \t]|[-+*][ \t]|\d+[.)][ \t]|>[ \t]?|:::.*)$")


_WORD = re.compile(r"[A-Za-z0-9’'_-]+|\s+|.", re.S)


def tokens(text: str, by_words: bool) -> list[str]:
    """Split a paragraph into diff units: atoms whole; words (by_words) or characters between."""
    out, position = [], 0
    for match in _ATOM.finditer(text):
        out += _plain_units(text[position:match.start()], by_words)
        out.append(match.group(0))
        position = match.end()
    return out + _plain_units(text[position:], by_words)


def _plain_units(text: str, by_words: bool) -> list[str]:
    return _WORD.findall(text) if by_words else list(text)


@dataclass(frozen=True)
class Mark:
    """Who and when, for every tracked change."""

    author: str
    date: str   # ISO date of the edition
    # How the previous edition printed each amount (`@amt:<id>`), for deleted text:
    # an amount may be gone from the data since.
    previous_amounts: dict = field(default_factory=dict, compare=False, hash=False)

    def attributes(self) -> str:
        return f'author="{_attribute(self.author)}" date="{self.date}T00:00:00Z"'

    def html_attributes(self) -> str:
        return f'author="{html.escape(self.author)}" date="{self.date}T00:00:00Z"'


def _attribute(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def redline(old: str, new: str, by_words: bool, mark: Mark) -> str:
    """One Markdown body showing `new` with deletions and insertions against `old` as spans;
    without anchors and judgment marks, which no output prints."""
    blocks, old_paragraphs, new_paragraphs = [], paragraphs(old), paragraphs(new)
    cites, new_cites = _paragraph_cites(old, old_paragraphs), _paragraph_cites(new, new_paragraphs)
    for kind, before, after in align(old_paragraphs, new_paragraphs):
        if kind == "same":
            blocks.append(strip_anchors(after, _own(new_cites, after)))
        elif kind == "added":
            blocks.append(_marked(tokens(strip_anchors(after, _own(new_cites, after)), by_words), "insertion", mark))
        elif kind == "removed":
            # A deleted citation becomes plain text, which the render stage no longer reads as
            # a citation: its anchor goes first, or the tracked changes would print it.
            units, cited = _old_units(before, _own(cites, before), by_words)
            removed = _marked(units, "deletion", mark, cited)
            if removed.strip():
                blocks.append(removed)
        else:
            blocks.append(redline_paragraph(before, after, by_words, mark, _own(cites, before),
                                            _own(new_cites, after)))
    return "\n\n".join(blocks) + "\n"


def _paragraph_cites(body: str, blocks: list[str]) -> list[tuple[str, tuple[Cite, ...]]]:
    """Each paragraph of a body with its citations, placed in the paragraph: pandoc reads the
    whole body, where a paragraph on its own could read differently (inside a code fence)."""
    cites, found, position = cites_of(body), [], 0
    for block in blocks:
        start = body.find(block, position)
        end = position = start + len(block)
        found.append((block, tuple(c.moved(-start) for c in cites if start <= c.start and c.end <= end)))
    return found


def _own(cites: list[tuple[str, tuple[Cite, ...]]], paragraph: str) -> tuple[Cite, ...]:
    return next((own for block, own in cites if block is paragraph), None) \
        or next((own for block, own in cites if block == paragraph), ())


def _old_units(old: str, cites: tuple[Cite, ...], by_words: bool) -> tuple[list[str], list[bool]]:
    """The diff units of an old paragraph, anchors stripped, and which of them are bracketed citations."""
    removed = anchor_spans(old, cites)

    def stripped(offset: int) -> int:
        return offset - sum(min(end, offset) - start for start, end in removed if start < offset)

    spans = {(stripped(c.start), stripped(c.end)) for c in cites if not c.in_text}
    units, cited, position = tokens(strip_anchors(old, cites), by_words), [], 0
    for unit in units:
        cited.append((position, position + len(unit)) in spans)
        position += len(unit)
    return units, cited


def redline_paragraph(old: str, new: str, by_words: bool, mark: Mark,
                      cites: tuple[Cite, ...] | None = None, new_cites: tuple[Cite, ...] | None = None) -> str:
    """One changed paragraph: unchanged units as they are, the rest in deletion/insertion spans.
    `cites` and `new_cites` are the old and the new paragraph's citations (`cites.read_cites`),
    read here when not given."""
    a, cited = _old_units(old, cites_of(old) if cites is None else cites, by_words)
    b = tokens(strip_anchors(new, new_cites), by_words)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append("".join(b[j1:j2]))
            continue
        if i2 > i1:
            out.append(_marked(a[i1:i2], "deletion", mark, cited[i1:i2], "".join(out[-1:])))
        if j2 > j1:
            out.append(_marked(b[j1:j2], "insertion", mark, before="".join(out[-1:])))
    return "".join(out)


def _marked(units: list[str], kind: str, mark: Mark, cited: list[bool] | None = None, before: str = "") -> str:
    """Wrap runs of text in a span; markup stays outside (deleted markup is dropped).
    `cited` says which units are citations, which a deletion prints as plain text;
    `before` is what the text has just before the units."""
    out, run = [], []
    cited = cited or [False] * len(units)

    def flush():
        text = "".join(run)
        if text.strip():
            # Pandoc trims spaces at a span's edges; an entity keeps an inserted or deleted space.
            lead = "&#32;" if text[0].isspace() else ""
            trail = "&#32;" if text[-1].isspace() else ""
            inside = f"{lead}{_span_text(text.strip(), kind, mark)}{trail}"
            # After a `]`, `[…]{…}` would make the bracket before it a link's text, not a
            # citation: pandoc reads the same span from the <span> tag.
            if (out[-1] if out else before).endswith("]"):
                out.append(f'<span class="{kind}" {mark.html_attributes()}>{inside}</span>')
            else:
                out.append(f"[{inside}]{{.{kind} {mark.attributes()}}}")
        elif kind == "insertion":
            out.append(text)
        run.clear()

    for unit, citation in zip(units, cited):
        if _MARKUP.fullmatch(unit):
            flush()
            if kind == "insertion":
                out.append(unit)
        else:
            run.append(_plain_citation(unit, mark) if citation else unit)
    flush()
    return "".join(out)


def _span_text(text: str, kind: str, mark: Mark) -> str:
    """Deleted citations and amounts become plain text, as the previous edition printed them.

    A deleted source must not enter the reference list, and a deleted amount may
    no longer be in the data.
    """
    if kind != "deletion":
        return text
    return _previous_amounts(text, mark)


def _previous_amounts(text: str, mark: Mark) -> str:
    return CROSSREF.sub(lambda m: mark.previous_amounts.get(m.group(2), m.group(2)) if m.group(1) == "amt"
                        else m.group(0), text)


def _plain_citation(citation: str, mark: Mark) -> str:
    """A deleted citation (a bracket pandoc read as one) as the text it was: `\\[smith2019, p. 12\\]`."""
    inside = _previous_amounts(citation[1:-1], mark)
    return "\\[" + inside.replace("@", "") + "\\]" if "@" in inside else f"[{inside}]"


def redline_sections(report, lang: str, mark: Mark, by_words: bool) -> tuple[list[str], dict]:
    """Section order and sections of `lang` showing the current text against the previous edition's.

    Sections added since are inserted whole; removed ones are kept where they stood, deleted whole;
    a renamed one is compared with its former text. `by_words`: changes are marked by word (Latin
    scripts), else by character.
    """
    from dataclasses import replace

    recorded = report.snapshots[report.config.editions[-2].version]
    renamed = renames(recorded, snapshot(report.original or report))
    previous = {renamed.get(sid, sid): s for sid, s in recorded["sections"].get(lang, {}).items()}
    old_order = [renamed.get(sid, sid) for sid in recorded.get("order", previous)]
    current = report.sections[lang]
    # Every old text in one parse (the checks read them with the current ones: `validate`).
    read_cites([s["body"] for s in previous.values()])
    order = _merged_order(old_order, list(report.config.sections))
    sections = {}
    for sid in order:
        before = previous.get(sid)
        if sid in current:
            section = current[sid]
            old_title, old_body = (before["title"], before["body"]) if before else ("", "")
            title = section.title if old_title == section.title else \
                redline_paragraph(old_title, section.title, by_words, mark)
            sections[sid] = replace(section, title=title, body=redline(old_body, section.body, by_words, mark))
        else:
            template = next(iter(current.values()))
            sections[sid] = replace(template, id=sid, title=_marked(tokens(before["title"], by_words),
                                                                    "deletion", mark),
                                    body=redline(before["body"], "", by_words, mark))
    return order, sections


def _merged_order(old: list[str], new: list[str]) -> list[str]:
    """The new order, with sections only the old one had placed after their old predecessor."""
    order = list(new)
    for index, sid in enumerate(old):
        if sid not in order:
            before = next((old[j] for j in range(index - 1, -1, -1) if old[j] in order), None)
            order.insert(order.index(before) + 1 if before else 0, sid)
    return order


def tracked_spans_to_html(body: str) -> str:
    """Pandoc's insertion and deletion spans as <ins> and <del>, dated and attributed."""
    from lxml import html

    fragments = html.fragments_fromstring(body)
    out = []
    for fragment in fragments:
        if isinstance(fragment, str):
            out.append(fragment)
            continue
        for span in fragment.xpath("descendant-or-self::span[@class='insertion' or @class='deletion']"):
            span.tag = "ins" if span.get("class") == "insertion" else "del"
            stamp = span.attrib.pop("data-date", "")
            author = span.attrib.pop("data-author", "")
            del span.attrib["class"]
            if stamp:
                span.set("datetime", stamp)
            if author:
                span.set("title", author)
        out.append(html.tostring(fragment, encoding="unicode"))
    return "".join(out)
