"""Where pandoc's HTML puts the citations, their links to the reference list, and its entries.

The HTML is read with the standard library's HTML parser, which reports where
each tag starts, whatever the order of its attributes; the callers splice their
additions in there, so the rest of the markup (the engine's SVG figures among
it) stays exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class CitationTag:
    """A citation's `<span class="citation" data-cites="…">`: where its start tag is, and its keys."""

    start: int
    end: int       # of the start tag
    keys: str      # data-cites, keys separated by spaces


@dataclass
class EntryLink:
    """A link to a reference entry inside a citation: offsets of its tag, its content, its end."""

    key: str
    start: int
    content: int
    end: int = -1      # offset of </a>
    citation: int = 0  # which citation (0-based) holds it
    locator: str = ""  # the locator of the item it stands for, as the Markdown wrote it


@dataclass
class Entry:
    """A reference entry, `<div class="csl-entry" id="ref-…">`: its key and where its content is."""

    key: str
    start: int     # end of the start tag
    end: int       # offset of </div>


class CitationPlaces(HTMLParser):
    """Citations, the entry links inside them, and the reference entries of an HTML text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        self.citations: list[CitationTag] = []
        self.links: list[EntryLink] = []
        self.entries: list[Entry] = []
        self._spans: list[bool] = []                      # per open <span>: is it a citation?
        self._divs: list[tuple[str, int] | None] = []     # per open <div>: (entry key, content start)
        self._link: EntryLink | None = None
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        start = self._offset()
        end = start + len(self.get_starttag_text())
        if tag == "span":
            citation = "citation" in classes and bool(attributes.get("data-cites"))
            self._spans.append(citation)
            if citation:
                self.citations.append(CitationTag(start, end, attributes["data-cites"]))
        elif tag == "a" and any(self._spans) and (attributes.get("href") or "").startswith("#ref-"):
            self._link = EntryLink(attributes["href"][len("#ref-"):], start, end,
                                   citation=len(self.citations) - 1,
                                   locator=attributes.get("data-locator") or "")
        elif tag == "div":
            ident = attributes.get("id") or ""
            entry = "csl-entry" in classes and ident.startswith("ref-")
            self._divs.append((ident[len("ref-"):], end) if entry else None)

    def handle_endtag(self, tag):
        if tag == "span" and self._spans:
            self._spans.pop()
        elif tag == "a" and self._link is not None:
            self._link.end = self._offset()
            self.links.append(self._link)
            self._link = None
        elif tag == "div" and self._divs:
            entry = self._divs.pop()
            if entry is not None:
                self.entries.append(Entry(entry[0], entry[1], self._offset()))
