"""Citation records: each cited item of a section with its locator, anchor, sentence and paragraph.

An anchor is a short phrase of the cited source written inside the citation
brackets, after the key and locator: `[@gao2011, p. 69 <<丝绸之路外交>>]`. The
evidence check reads the records; the render stage strips the anchors.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .markdown import BLOCK_START, CROSSREF_PREFIXES, mask_code, paragraph_spans
from .model import Section

ANCHOR = re.compile(r"[ \t]*<<(.*?)>>", re.S)
MAX_ANCHOR = 16
# The key pattern pandoc uses (see citations.py): never after a letter, digit or @.
_KEY = re.compile(r"(?<![A-Za-z0-9_.@])@([A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*)")
_TRAILING = ":.#$%&+?<>~/-"
# A bracket is a citation when it holds a key; one followed by ( [ or { is a link or span.
_BRACKET = re.compile(r"\[([^\[\]]*@[^\[\]]*)\](?![(\[{])")
MASK = "\ue000"  # stands for a citation while sentences are split
_ENDS = "。！？!?"
_CLOSERS = "”」』）)】"


@dataclass(frozen=True)
class CitationRecord:
    """One cited item: what it cites, where, with which anchor, in which sentence."""

    key: str
    locator: str            # as written, e.g. "p. 69"; "" when none
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
class _Item:
    key: str
    locator: str
    anchor: str | None
    anchor_count: int
    offset: int   # of the @key in the bracket text


def citation_records(section: Section) -> list[CitationRecord]:
    """Every citation item of a section body, in order, code spans and code blocks skipped."""
    body, plain = section.body, mask_code(section.body)
    records = []
    for index, (start, end) in enumerate(paragraph_spans(plain)):
        line = section.body_line + body[:start].count("\n")
        records += _paragraph_records(section.path, body[start:end], plain[start:end], line, index)
    return records


def _paragraph_records(path: str, paragraph: str, plain: str, line: int, index: int) -> list[CitationRecord]:
    groups = citation_groups(plain)
    masked = list(plain)
    for start, end, _ in groups:
        masked[start:end] = MASK * (end - start)
    records = []
    for s_start, s_end in sentence_spans("".join(masked)):
        for start, end, items in groups:
            if s_start <= start < s_end:
                for item in items:
                    records.append(CitationRecord(
                        key=item.key, locator=item.locator, anchor=item.anchor, path=path,
                        line=line + paragraph[: start + item.offset].count("\n"),
                        paragraph=paragraph, paragraph_line=line, paragraph_index=index,
                        sentence=paragraph[s_start:s_end], sentence_start=s_start,
                        cite_start=start - s_start, cite_end=end - s_start,
                        anchor_count=item.anchor_count))
    return records


def citation_groups(plain: str) -> list[tuple[int, int, list[_Item]]]:
    """Each citation in a text whose code is blanked: (start, end, items), in order.

    A bracket with keys is one citation of one or more items; a key outside
    brackets (an in-text citation, `@gao2011 says`) is a citation of one item.
    """
    groups, covered = [], []
    for match in _BRACKET.finditer(plain):
        items = _bracket_items(match.group(1), match.start(1))
        if items:
            groups.append((match.start(), match.end(), [_shift(i, -match.start()) for i in items]))
            covered.append((match.start(), match.end()))
    starts = [a for a, _ in covered]
    for match in _KEY.finditer(plain):
        key = match.group(1).rstrip(_TRAILING)
        # `covered` is in text order: the bracket that could hold this key is the last one starting before it.
        index = bisect.bisect_right(starts, match.start()) - 1
        inside = index >= 0 and covered[index][0] <= match.start() < covered[index][1]
        if not inside and not key.startswith(CROSSREF_PREFIXES):
            groups.append((match.start(), match.start() + 1 + len(key), [_Item(key, "", None, 0, 0)]))
    return sorted(groups, key=lambda g: g[0])


def _shift(item: _Item, by: int) -> _Item:
    return _Item(item.key, item.locator, item.anchor, item.anchor_count, item.offset + by)


def _bracket_items(inner: str, base: int) -> list[_Item]:
    items = []
    for start, part in _split_items(inner):
        anchors = [m.group(1).strip() for m in ANCHOR.finditer(part)]
        rest = ANCHOR.sub("", part)
        match = _KEY.search(rest)
        if not match:
            continue
        key = match.group(1).rstrip(_TRAILING)
        if key.startswith(CROSSREF_PREFIXES):
            continue
        locator = rest[match.start() + 1 + len(key):].strip().lstrip(",").strip()
        offset = part.find("@" + key)
        items.append(_Item(key, locator, anchors[0] if anchors else None, len(anchors),
                           base + start + max(offset, 0)))
    return items


def _split_items(inner: str) -> list[tuple[int, str]]:
    """The items of a bracket, split at ';' outside anchors, with their offsets."""
    parts, start, depth, i = [], 0, 0, 0
    while i < len(inner):
        if inner.startswith("<<", i):
            depth, i = depth + 1, i + 2
            continue
        if inner.startswith(">>", i) and depth:
            depth, i = depth - 1, i + 2
            continue
        if inner[i] == ";" and not depth:
            parts.append((start, inner[start:i]))
            start = i + 1
        i += 1
    parts.append((start, inner[start:]))
    return parts


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


def strip_anchors(markdown: str) -> str:
    """The Markdown without anchors: pandoc never sees them, no output prints them."""
    plain = mask_code(markdown)
    pieces, last = [], 0
    for match in _BRACKET.finditer(plain):
        if not _bracket_items(match.group(1), 0):
            continue
        pieces.append(markdown[last:match.start()])
        pieces.append(ANCHOR.sub("", markdown[match.start():match.end()]))
        last = match.end()
    pieces.append(markdown[last:])
    return "".join(pieces)


def anchor_length(anchor: str) -> int:
    """An anchor's length as the limit counts it: characters other than spaces."""
    return len(re.sub(r"\s", "", anchor))


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
