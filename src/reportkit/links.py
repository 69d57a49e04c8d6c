"""HTML edition links: each citation gets an id, each reference entry links back to them.

The HTML is read with the standard library's HTML parser, which reports where
each tag starts; the links are spliced in there, so the rest of the markup
(the engine's SVG figures among it) stays exactly as written.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser


class _Places(HTMLParser):
    """Offsets of citation start tags and of the end of each reference entry."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0]
        self.line_starts += [i + 1 for i, char in enumerate(text) if char == "\n"]
        self.citations: list[tuple[int, int, str]] = []     # (start, end of start tag, keys)
        self.entry_ends: list[tuple[int, str]] = []         # (offset of </div>, key)
        self._open: list[str | None] = []                   # entry key, or None, per open <div>

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "span" and "citation" in classes and attributes.get("data-cites"):
            start = self._offset()
            self.citations.append((start, start + len(self.get_starttag_text()), attributes["data-cites"]))
        elif tag == "div":
            entry = "csl-entry" in classes and (attributes.get("id") or "").startswith("ref-")
            self._open.append(attributes["id"][len("ref-"):] if entry else None)

    def handle_endtag(self, tag):
        if tag == "div" and self._open:
            key = self._open.pop()
            if key is not None:
                self.entry_ends.append((self._offset(), key))


def _with_id(start_tag: str, value: str) -> str:
    """The start tag with an id after its class attribute (or first, when it has no class)."""
    if ' id="' in start_tag:
        return start_tag
    at = start_tag.find('"', start_tag.find(' class="') + len(' class="')) + 1 if ' class="' in start_tag \
        else len("<span")
    return f'{start_tag[:at]} id="{value}"{start_tag[at:]}'


def add_backlinks(html: str, label: str) -> str:
    """Number the citations (`cite-1`, …) and end each reference entry with links back."""
    places = _Places(html)
    places.feed(html)
    places.close()
    edits: list[tuple[int, int, str]] = []
    cited_at: dict[str, list[int]] = {}
    for number, (start, end, keys) in enumerate(places.citations, start=1):
        edits.append((start, end, _with_id(html[start:end], f"cite-{number}")))
        for key in keys.split():
            cited_at.setdefault(key, []).append(number)
    for offset, key in places.entry_ends:
        links = "".join(f' <a href="#cite-{n}" class="backlink" aria-label="{escape(label)} {i}">↩{i}</a>'
                        for i, n in enumerate(cited_at.get(key, []), 1))
        # Before the line break that precedes </div>, as the entry's last inline content.
        at = offset - 1 if html[offset - 1:offset] == "\n" else offset
        edits.append((at, at, f'<span class="backlinks">{links}</span>'))
    out, position = [], 0
    for start, end, replacement in sorted(edits):
        out += [html[position:start], replacement]
        position = end
    return "".join(out) + html[position:]
