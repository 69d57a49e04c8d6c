"""Anchors: a short phrase of the cited source, written inside the citation brackets after
the key and locator: `[@gao2011, p. 69 <<丝绸之路外交>>]`.

Pandoc never reads them: the checks' parse sees them blanked out, offsets and lines
kept (`blank_anchors`), and the render stage strips them (`strip_anchors`). The
evidence check gives each citation the anchors of the item of its bracket
(`citation_brackets`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markdown import mask_code

ANCHOR = re.compile(r"[ \t]*<<(.*?)>>", re.S)
MAX_ANCHOR = 16
# A bracket that may hold citations: it holds an @; one followed by ( [ or { is a link or span.
_BRACKET = re.compile(r"\[([^\[\]]*@[^\[\]]*)\](?![(\[{])")


@dataclass(frozen=True)
class Anchor:
    """One anchor: where it is written (the spaces before it included) and its phrase."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Item:
    """One item of a bracket (the brackets split at ';'): where it is and its anchors."""

    start: int
    end: int
    anchors: tuple[Anchor, ...]


@dataclass(frozen=True)
class Bracket:
    """A bracket that may hold citations: where it is, brackets included, and its items."""

    start: int
    end: int
    items: tuple[Item, ...]

    def item_at(self, offset: int) -> Item | None:
        """The item an offset of the text is in."""
        return next((item for item in self.items if item.start <= offset < item.end), None)


def citation_brackets(markdown: str, masked: str | None = None) -> list[Bracket]:
    """Each bracket of a Markdown text that may hold citations, in order, code skipped.

    `masked` is the text as `markdown.mask_code` returns it, when the caller has it.
    """
    masked = mask_code(markdown) if masked is None else masked
    brackets = []
    for match in _BRACKET.finditer(masked):
        items = tuple(Item(start, end, tuple(Anchor(m.start(), m.end(), markdown[m.start(1):m.end(1)].strip())
                                             for m in ANCHOR.finditer(masked, start, end)))
                      for start, end in _items(masked, match.start(1), match.end(1)))
        brackets.append(Bracket(match.start(), match.end(), items))
    return brackets


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the items of a bracket's inside, split at ';' outside anchors."""
    items, depth, i = [], 0, start
    while i < end:
        if text.startswith("<<", i):
            depth, i = depth + 1, i + 2
            continue
        if text.startswith(">>", i) and depth:
            depth, i = depth - 1, i + 2
            continue
        if text[i] == ";" and not depth:
            items.append((start, i))
            start = i + 1
        i += 1
    items.append((start, end))
    return items


def strip_anchors(markdown: str) -> str:
    """The Markdown without anchors: no output prints them."""
    return _replace_anchors(markdown, lambda written: "")


def blank_anchors(markdown: str) -> str:
    """The Markdown with each anchor turned into spaces, so that offsets and lines stay."""
    return _replace_anchors(markdown, lambda written: re.sub(r"[^\n]", " ", written))


def _replace_anchors(markdown: str, replacement) -> str:
    if "<<" not in markdown:
        return markdown
    pieces, last = [], 0
    for bracket in citation_brackets(markdown):
        for item in bracket.items:
            for anchor in item.anchors:
                pieces += [markdown[last:anchor.start], replacement(markdown[anchor.start:anchor.end])]
                last = anchor.end
    return "".join(pieces) + markdown[last:]


def anchor_length(anchor: str) -> int:
    """An anchor's length as the limit counts it: characters other than spaces."""
    return len(re.sub(r"\s", "", anchor))
