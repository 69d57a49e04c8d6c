"""Citations as pandoc reads them, with where each is written: the engine's one reader of citations.

Pandoc decides what is a citation: `@key` in code, in an HTML comment, in a
link's address or in raw HTML is none, and neither is an escaped `\\[@key]`.
Its JSON tree does not say where a citation is written, so before the parse
every `@` that could begin a key gets a numbered tag (`@smith2019` is read as
`@rkT7Tsmith2019`); each key pandoc reports carries its tag, which is the offset
of its `@` in the text. From there the citation is read outward, one
character at a time: back to the `[` that opens its bracket, on to the `]`
that closes it, and the items split at the `;` before each key. No pattern
matches a citation bracket.

Anchors (`<<phrase>>` in a citation's brackets) and judgment marks
(`<<!reason>>` outside them) are syntax of this project, which pandoc must not
read: they are blanked for the parse, offsets and lines kept, and each anchor
is given to the item it is written in.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Sequence

from .markdown import CROSSREF_PREFIXES, mask_code

ANCHOR = re.compile(r"[ \t]*<<(?!!)(.*?)>>", re.S)
# A judgment mark: never inside a citation's brackets, where << >> is an anchor.
JUDGMENT = re.compile(r"[ \t]*<<!(.*?)>>", re.S)
_MARKS = re.compile(r"<<.*?>>", re.S)
# Where a key may begin after an @ (pandoc's rule), or a braced key.
_KEY_START = re.compile(r"@(?=\w|\{)")
_TAG = re.compile(r"rkT(\d+)T")
SECTION_BREAK = "<!-- reportkit:section-break -->"


@dataclass(frozen=True)
class Anchor:
    """One anchor: where it is written (the spaces before it included) and its phrase."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CitedItem:
    """One item of a citation: its key, pandoc's prefix and suffix, and where it is written."""

    key: str
    prefix: str
    suffix: str        # as pandoc reads it, e.g. ", p. 12"
    in_text: bool      # `@key says`, not in brackets
    at: int            # offset of the @
    key_end: int       # end of the key as written (`@key`, `@{key}`)
    start: int         # the item in its bracket, between `[` or `;` and `;` or `]`
    end: int
    anchors: tuple[Anchor, ...] = ()

    @property
    def locator(self) -> str:
        """The suffix without its leading comma, spaces folded: "p. 12"."""
        return " ".join(self.suffix.split()).lstrip(",").strip()

    @property
    def crossref(self) -> bool:
        """A figure, table or amount of the report (`@fig:…`), not a source."""
        return self.key.startswith(CROSSREF_PREFIXES)


@dataclass(frozen=True)
class Cite:
    """One citation as written: a bracket of items (brackets included), or an in-text `@key`."""

    start: int
    end: int
    items: tuple[CitedItem, ...]

    @property
    def in_text(self) -> bool:
        return self.items[0].in_text

    def moved(self, by: int) -> Cite:
        """The same citation in a text that starts `by` characters earlier (negative) or later."""
        return self.placed(lambda offset: offset + by)

    def placed(self, place) -> Cite:
        """The same citation in an edited text, where `place(offset)` is each offset's new place."""
        return Cite(place(self.start), place(self.end), tuple(
            replace(item, at=place(item.at), key_end=place(item.key_end), start=place(item.start),
                    end=place(item.end), anchors=tuple(Anchor(place(a.start), place(a.end), a.text)
                                                       for a in item.anchors))
            for item in self.items))

    def item_at(self, offset: int) -> CitedItem | None:
        """The item an offset of the text is in."""
        return next((item for item in self.items if item.start <= offset < item.end), None)


_CACHE: OrderedDict[str, tuple[Cite, ...]] = OrderedDict()
_CACHE_SIZE = 256


def read_cites(bodies: Sequence[str]) -> list[tuple[Cite, ...]]:
    """The citations of each Markdown text, in the order pandoc reads them; one pandoc call for
    the texts not read before (they are read as one document, sections of it)."""
    # Pandoc reads no citation in a text without an @: only the others are parsed.
    for body in bodies:
        if "@" not in body and body not in _CACHE:
            _CACHE[body] = ()
    missing = list(dict.fromkeys(body for body in bodies if body not in _CACHE))
    if missing:
        for body, cites in zip(missing, _parse(missing)):
            _CACHE[body] = cites
    for body in bodies:
        _CACHE.move_to_end(body)
    found = [_CACHE[body] for body in bodies]
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return found


def cites_of(body: str) -> tuple[Cite, ...]:
    """The citations of one Markdown text."""
    return read_cites([body])[0]


def written_cite(key: str, suffix: str = "") -> tuple[str, tuple[Cite, ...]]:
    """A citation the engine writes, `[@key, p. 5]` for the suffix ", p. 5", with its reading:
    the engine knows where its parts are, so no parse is needed."""
    text = f"[@{key}{suffix}]"
    item = CitedItem(key, "", suffix, False, 1, 2 + len(key), 1, len(text) - 1)
    return text, (Cite(0, len(text), (item,)),)


def _parse(bodies: list[str]) -> list[tuple[Cite, ...]]:
    if not any("@" in body for body in bodies):
        return [() for _ in bodies]
    blanked = [blank_marks(body) for body in bodies]
    places: list[tuple[int, int]] = []       # (body, offset of the @) by tag number
    tagged = [_tagged(body, index, places) for index, body in enumerate(blanked)]
    parts = _split_blocks(_pandoc_blocks(f"\n\n{SECTION_BREAK}\n\n".join(tagged)))
    if len(parts) != len(bodies):
        # A section left a construct open (a code fence, a comment) that swallowed
        # the break: parse each one on its own.
        parts = [_pandoc_blocks(text) for text in tagged]
    found: list[list[Cite]] = [[] for _ in bodies]
    for node in _cite_nodes(parts):
        index = places[_tag_number(node["c"][0][0]["citationId"])][0]
        found[index] += [_cite(bodies[index], blanked[index], run, places) for run in _written_apart(node["c"][0])]
    return [tuple(cites) for cites in found]


def blank_marks(body: str) -> str:
    """The text with every `<<…>>` outside code turned into spaces (newlines kept)."""
    if "<<" not in body:
        return body
    masked = mask_code(body)
    pieces, last = [], 0
    for match in _MARKS.finditer(masked):
        pieces += [body[last:match.start()], _blank(match.group(0))]
        last = match.end()
    return "".join(pieces) + body[last:]


def _blank(text: str) -> str:
    return "".join("\n" if char == "\n" else " " for char in text)


def _tagged(body: str, index: int, places: list[tuple[int, int]]) -> str:
    """The text with a numbered tag after each @ that may begin a key (inside the braces of `@{key}`)."""
    pieces, last = [], 0
    for match in _KEY_START.finditer(body):
        after = match.end() + (1 if body.startswith("{", match.end()) else 0)
        pieces += [body[last:after], f"rkT{len(places)}T"]
        places.append((index, match.start()))
        last = after
    return "".join(pieces) + body[last:]


def _tag_number(citation_id: str) -> int:
    return int(_TAG.match(citation_id).group(1))


def _pandoc_blocks(markdown: str) -> list:
    from ..convert import run_pandoc

    return json.loads(run_pandoc(markdown, "json", ["--quiet"]))["blocks"]


def _split_blocks(blocks: list) -> list[list]:
    parts = [[]]
    for block in blocks:
        if block.get("t") == "RawBlock" and block["c"][1].strip() == SECTION_BREAK:
            parts.append([])
        else:
            parts[-1].append(block)
    return parts


def _cite_nodes(node):
    """Each Cite of a pandoc JSON tree, in document order (a footnote's where its mark is)."""
    if isinstance(node, list):
        for item in node:
            yield from _cite_nodes(item)
    elif isinstance(node, dict):
        if node.get("t") == "Cite":
            if all(_TAG.match(c["citationId"]) for c in node["c"][0]):
                yield node
            return
        yield from _cite_nodes(node.get("c"))


def _written_apart(citations: list) -> list[list]:
    """The items of one Cite node as they are written: pandoc reads `@a [@b]` as one Cite of an
    in-text `@a` and a bracket; here each in-text key is a citation, and the bracket another."""
    runs: list[list] = []
    for citation in citations:
        in_text = citation["citationMode"]["t"] == "AuthorInText"
        if in_text or not runs or runs[-1][-1]["citationMode"]["t"] == "AuthorInText":
            runs.append([citation])
        else:
            runs[-1].append(citation)
    return runs


def _cite(body: str, blanked: str, citations: list, places: list[tuple[int, int]]) -> Cite:
    """A Cite node of the tree, placed in its text."""
    ats = [places[_tag_number(c["citationId"])][1] for c in citations]
    keys = [_TAG.sub("", c["citationId"], count=1) for c in citations]
    key_ends = [at + 1 + len(key) + (2 if body.startswith("@{", at) else 0) for at, key in zip(ats, keys)]
    in_text = citations[0]["citationMode"]["t"] == "AuthorInText"
    if in_text:
        start, end, bounds = ats[0], key_ends[0], [(ats[0], key_ends[0])]
    else:
        start, end = _opening(blanked, ats[0]), _closing(blanked, key_ends[-1])
        bounds = _item_bounds(blanked, start, end, ats, key_ends)
    items = tuple(CitedItem(key, _stringify(c["citationPrefix"]), _stringify(c["citationSuffix"]),
                            c["citationMode"]["t"] == "AuthorInText", at, key_end, a, b,
                            () if in_text else _anchors(body, blanked, a, b))
                  for c, key, at, key_end, (a, b) in zip(citations, keys, ats, key_ends, bounds))
    return Cite(start, end, items)


def _escaped(text: str, index: int) -> bool:
    slashes = 0
    while index - slashes > 0 and text[index - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


def _opening(text: str, at: int) -> int:
    """Where the bracket holding the @ at `at` opens."""
    depth = 0
    for index in range(at - 1, -1, -1):
        char = text[index]
        if char not in "[]" or _escaped(text, index):
            continue
        if char == "]":
            depth += 1
        elif depth:
            depth -= 1
        else:
            return index
    return at


def _closing(text: str, after: int) -> int:
    """Where the bracket left open before `after` closes, the `]` included."""
    depth = 0
    for index in range(after, len(text)):
        char = text[index]
        if char not in "[]" or _escaped(text, index):
            continue
        if char == "[":
            depth += 1
        elif depth:
            depth -= 1
        else:
            return index + 1
    return len(text)


def _item_bounds(text: str, start: int, end: int, ats: list[int], key_ends: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each item: from the `[` or `;` before it to the `;` or `]` after it."""
    cuts = [start]
    for key_end, next_at in zip(key_ends, ats[1:]):
        semicolon = text.rfind(";", key_end, next_at)
        cuts.append(semicolon if semicolon >= 0 else next_at - 1)
    cuts.append(end - 1)
    return [(cuts[i] + 1, cuts[i + 1]) for i in range(len(ats))]


def _anchors(body: str, blanked: str, start: int, end: int) -> tuple[Anchor, ...]:
    """The anchors written in an item: the marks blanked for pandoc, read back from the text."""
    if "<<" not in body[start:end]:
        return ()
    return tuple(Anchor(m.start(), m.end(), m.group(1).strip()) for m in ANCHOR.finditer(body, start, end)
                 if not blanked[m.start(1):m.end(1)].strip())


def _stringify(node) -> str:
    if isinstance(node, list):
        return "".join(_stringify(item) for item in node)
    if not isinstance(node, dict):
        return ""
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return _untagged(content)
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in ("RawInline", "Code", "Math"):
        return _untagged(content[1])
    return _stringify(content)


def _untagged(text: str) -> str:
    return _TAG.sub("", text) if "rkT" in text else text
