"""Anchors and judgment marks: what the text writes for the checks and no output prints.

An anchor is a short phrase of the cited source, written inside the citation
brackets after the key and locator: `[@smith2019, p. 12 <<北极航道合作>>]`. A judgment
mark, `<<!reason>>` anywhere in a sentence outside citation brackets, says that the
sentence is the report's own arithmetic or judgment, and why (`judgment_marks`).

Pandoc never reads either: the citation reader (`cites`) blanks them for its
parse and gives each item of a citation its anchors; the checks read the text
with them blanked, offsets and lines kept (`blank_anchors`), and the render
stage strips them (`strip_anchors`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .cites import JUDGMENT, Cite, cites_of
from .markdown import mask_code

MAX_ANCHOR = 16


@dataclass(frozen=True)
class Judgment:
    """One judgment mark: where it is written (the spaces before it included) and its reason."""

    start: int
    end: int
    reason: str


def judgment_marks(markdown: str, masked: str | None = None,
                   cites: tuple[Cite, ...] | None = None) -> list[Judgment]:
    """Each judgment mark of a Markdown text, in order, code and citations skipped.

    `masked` is the text as `markdown.mask_code` returns it and `cites` its
    citations (`cites.read_cites`), when the caller has them.
    """
    if "<<!" not in markdown:
        return []
    masked = mask_code(markdown) if masked is None else masked
    cites = cites_of(markdown) if cites is None else cites
    inside = [(cite.start, cite.end) for cite in cites]
    return [Judgment(m.start(), m.end(), markdown[m.start(1):m.end(1)].strip())
            for m in JUDGMENT.finditer(masked)
            if not any(start <= m.start() < end for start, end in inside)]


def strip_anchors(markdown: str, cites: tuple[Cite, ...] | None = None) -> str:
    """The Markdown without anchors and judgment marks: no output prints them."""
    return _replace_anchors(markdown, lambda written: "", cites)


def without_anchors(markdown: str, cites: tuple[Cite, ...]) -> tuple[str, tuple[Cite, ...]]:
    """The Markdown without anchors and judgment marks, and its citations placed in that text."""
    removed = anchor_spans(markdown, cites)
    if not removed:
        return markdown, cites

    def place(offset: int) -> int:
        return offset - sum(min(end, offset) - start for start, end in removed if start < offset)

    placed = tuple(cite.placed(place) for cite in cites)
    return strip_anchors(markdown, cites), tuple(
        replace(cite, items=tuple(replace(item, anchors=()) for item in cite.items)) for cite in placed)


def blank_anchors(markdown: str, cites: tuple[Cite, ...] | None = None) -> str:
    """The Markdown with each anchor and judgment mark turned into spaces, so that offsets and lines stay."""
    return _replace_anchors(markdown, lambda written: re.sub(r"[^\n]", " ", written), cites)


def anchor_spans(markdown: str, cites: tuple[Cite, ...] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each anchor and judgment mark, in order: what `strip_anchors` removes."""
    if "<<" not in markdown:
        return []
    cites = cites_of(markdown) if cites is None else cites
    spans = [(anchor.start, anchor.end) for cite in cites for item in cite.items for anchor in item.anchors]
    spans += [(mark.start, mark.end) for mark in judgment_marks(markdown, cites=cites)]
    return sorted(spans)


def _replace_anchors(markdown: str, replacement, cites: tuple[Cite, ...] | None) -> str:
    if "<<" not in markdown:
        return markdown
    pieces, last = [], 0
    for start, end in anchor_spans(markdown, cites):
        pieces += [markdown[last:start], replacement(markdown[start:end])]
        last = end
    return "".join(pieces) + markdown[last:]


def anchor_length(anchor: str) -> int:
    """An anchor's length as the limit counts it: characters other than spaces."""
    return len(re.sub(r"\s", "", anchor))
