"""Citation records: each citation of a section with its locator, anchor, sentence and paragraph.

What is a citation, its key, locator and file line, is pandoc's reading
(`citations.find_citations`, the checks' one parse); where it is written and
the anchor of each item come from the same reading (`cites.read_cites`). The
evidence check and the reviewer's page read the records.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..text.citations import Citation, section_citations
from ..text.cites import cites_of
from ..text.markdown import BLOCK_START, mask_code, paragraph_spans
from ..model import Section

MASK = "\ue000"  # stands for a citation while sentences are split
_ENDS = "。！？!?"
_CLOSERS = "”」』）)】"


@dataclass(frozen=True)
class CitationRecord:
    """One cited item: what it cites, where, with which anchor, in which sentence."""

    key: str
    locator: str            # as pandoc reads it, e.g. "p. 69"; "" when none
    anchor: str | None      # None when the item has no anchor
    path: str
    line: int               # file line of the @key
    paragraph: str          # the paragraph's Markdown
    paragraph_line: int     # file line the paragraph starts on
    paragraph_index: int    # the paragraph's position in the section (0-based)
    sentence: str           # the sentence holding the citation
    sentence_start: int     # offset of the sentence in the paragraph
    cite_start: int         # offsets of the citation (brackets included) in the sentence
    cite_end: int
    anchor_count: int = 0   # anchors written for this item

    def line_at(self, offset: int) -> int:
        """The file line of an offset in the sentence."""
        return self.paragraph_line + self.paragraph[: self.sentence_start + offset].count("\n")


@dataclass(frozen=True)
class _Group:
    """One citation as written: a bracket of items, or an in-text key; offsets in the body."""

    start: int
    end: int
    items: list[tuple[Citation, tuple[str, ...]]]   # each item's citation and anchors


def citation_records(section: Section, citations: list[Citation] | None = None) -> list[CitationRecord]:
    """Every cited item of a section body, in text order.

    `citations` are the section's as `citations.find_citations` found them (the
    checks' parse); without them the section is parsed on its own.
    """
    if citations is None:
        citations = section_citations(section)
    body, plain = section.body, mask_code(section.body)
    groups = _groups(body, citations)
    records, position, line, counted = [], 0, section.body_line, 0
    for index, (start, end) in enumerate(paragraph_spans(plain)):
        line, counted = line + body.count("\n", counted, start), start
        own = []
        while position < len(groups) and groups[position].start < end:
            if groups[position].start >= start:
                own.append(groups[position])
            position += 1
        if own:
            records += _paragraph_records(section.path, body, plain, (start, end), line, index, own)
    return records


def _groups(body: str, citations: list[Citation]) -> list[_Group]:
    """The citations gathered by where they are written: the bracket that holds them, or their key."""
    places = {item.at: (cite, item) for cite in cites_of(body) for item in cite.items}
    groups: dict[tuple[int, int], list] = {}
    for citation in sorted(citations, key=lambda c: c.offset):
        cite, item = places[citation.offset]
        span = (item.at, item.key_end) if cite.in_text else (cite.start, cite.end)
        groups.setdefault(span, []).append((citation, tuple(a.text for a in item.anchors)))
    return [_Group(start, end, items) for (start, end), items in sorted(groups.items())]


def _paragraph_records(path: str, body: str, plain: str, span: tuple[int, int], line: int, index: int,
                       groups: list[_Group]) -> list[CitationRecord]:
    base, end = span
    paragraph, masked = body[base:end], list(plain[base:end])
    for group in groups:
        masked[group.start - base:group.end - base] = MASK * (min(group.end, end) - group.start)
    sentences = sentence_spans("".join(masked))
    starts = [start for start, _ in sentences]
    records = []
    for group in groups:
        at = bisect.bisect_right(starts, group.start - base) - 1
        if at < 0 or group.start - base >= sentences[at][1]:
            continue
        s_start, s_end = sentences[at]
        for citation, anchors in group.items:
            records.append(CitationRecord(
                key=citation.key, locator=citation.locator, anchor=anchors[0] if anchors else None, path=path,
                line=citation.line, paragraph=paragraph, paragraph_line=line, paragraph_index=index,
                sentence=paragraph[s_start:s_end], sentence_start=s_start,
                cite_start=group.start - base - s_start, cite_end=group.end - base - s_start,
                anchor_count=len(anchors)))
    return records


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: up to 。！？!? or '. ', never inside quotation marks.

    Closing quotes and citations right after the end belong to the sentence; a
    new list item or heading line starts a new one.
    """
    spans, start, depth, straight, i, n = [], 0, 0, False, 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "“「『":
            depth += 1
        elif ch in "”」』":
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
        elif not depth and not straight and _ends_sentence(text, i):
            end = i + 1
            while end < n and (text[end] in _CLOSERS or text[end] == MASK):
                end += 1
            spans.append((start, end))
            start = i = end
            continue
        i += 1
    spans.append((start, n))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), a + len(text[a:b].rstrip()))
            for a, b in spans if text[a:b].strip()]


def _ends_sentence(text: str, i: int) -> bool:
    ch = text[i]
    if ch in _ENDS:
        return True
    if ch == ".":
        line_start = text.rfind("\n", 0, i) + 1
        if re.fullmatch(r"[ \t]*\d+", text[line_start:i]):
            return False  # a numbered list item's marker
        return i + 1 == len(text) or text[i + 1].isspace() or text[i + 1] == MASK
    return ch == "\n" and bool(BLOCK_START.match(text, i + 1))


def inherit(source: list[CitationRecord], target: list[CitationRecord]) -> dict[int, CitationRecord]:
    """For each citation of a translation, the source-language citation it stands for.

    Paragraphs align by position; within a paragraph the n-th citation of a key
    stands for the n-th citation of that key in the source paragraph.
    """
    by_place: dict[tuple[int, str], list[CitationRecord]] = {}
    for record in source:
        by_place.setdefault((record.paragraph_index, record.key), []).append(record)
    seen: dict[tuple[int, str], int] = {}
    result = {}
    for position, record in enumerate(target):
        place = (record.paragraph_index, record.key)
        count = seen.get(place, 0)
        seen[place] = count + 1
        candidates = by_place.get(place, [])
        if count < len(candidates):
            result[position] = candidates[count]
    return result
