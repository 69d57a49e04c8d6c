"""Anchors and judgment marks: what the text writes for the checks and no output prints.

An anchor is a short phrase of the cited source, written inside the citation
brackets after the key and locator: `[@gao2011, p. 69 <<丝绸之路外交>>]`. A judgment
mark, `<<!reason>>` anywhere in a sentence outside citation brackets, says that the
sentence is the report's own arithmetic or judgment, and why (`judgment_marks`).

Pandoc never reads either: the checks' parse sees them blanked out, offsets and
lines kept (`blank_anchors`), and the render stage strips them (`strip_anchors`).
The evidence check gives each citation the anchors of the item of its bracket
(`citation_brackets`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markdown import mask_code

ANCHOR = re.compile(r"[ \t]*<<(?!!)(.*?)>>", re.S)
# A judgment mark: never inside a citation bracket, where << >> is an anchor.
JUDGMENT = re.compile(r"[ \t]*<<!(.*?)>>", re.S)
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


@dataclass(frozen=True)
class Judgment:
    """One judgment mark: where it is written (the spaces before it included) and its reason."""

    start: int
    end: int
    reason: str


def judgment_marks(markdown: str, masked: str | None = None) -> list[Judgment]:
    """Each judgment mark of a Markdown text, in order, code and citation brackets skipped."""
    if "<<!" not in markdown:
        return []
    masked = mask_code(markdown) if masked is None else masked
    inside = [(b.start, b.end) for b in citation_brackets(markdown, masked)]
    return [Judgment(m.start(), m.end(), markdown[m.start(1):m.end(1)].strip())
            for m in JUDGMENT.finditer(masked)
            if not any(start <= m.start() < end for start, end in inside)]


def strip_anchors(markdown: str) -> str:
    """The Markdown without anchors and judgment marks: no output prints them."""
    return _replace_anchors(markdown, lambda written: "")


def blank_anchors(markdown: str) -> str:
    """The Markdown with each anchor and judgment mark turned into spaces, so that offsets and lines stay."""
    return _replace_anchors(markdown, lambda written: re.sub(r"[^\n]", " ", written))


def _replace_anchors(markdown: str, replacement) -> str:
    if "<<" not in markdown:
        return markdown
    masked = mask_code(markdown)
    spans = [(anchor.start, anchor.end) for bracket in citation_brackets(markdown, masked)
             for item in bracket.items for anchor in item.anchors]
    spans += [(mark.start, mark.end) for mark in judgment_marks(markdown, masked)]
    pieces, last = [], 0
    for start, end in sorted(spans):
        pieces += [markdown[last:start], replacement(markdown[start:end])]
        last = end
    return "".join(pieces) + markdown[last:]


def anchor_length(anchor: str) -> int:
    """An anchor's length as the limit counts it: characters other than spaces."""
    return len(re.sub(r"\s", "", anchor))
