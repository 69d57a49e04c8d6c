"""HTML edition: each citation shows its reference entry and locator in a popover.

The popover is a hidden `role="tooltip"` after each citation link, shown by CSS
on hover and keyboard focus, and by a tap on a touch screen (page script). Its
entry is copied from the edition's own reference list, as that list formats it.
The HTML is read with the standard library's parser, whatever the order of
attributes; the popovers are spliced in, the rest stays as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import Callable

_PAGES = re.compile(r"^(?:pp?\.\s*)?([0-9]+(?:\s*[–—-]\s*[0-9]+)?(?:\s*,\s*[0-9]+(?:\s*[–—-]\s*[0-9]+)?)*)$")
_RESYNC = 3  # citations looked ahead when the HTML and the Markdown disagree


@dataclass
class _Link:
    """A link to a reference entry inside a citation: offsets of its tag, its content, its end."""

    key: str
    start: int
    content: int
    end: int = -1
    citation: int = 0   # which citation (0-based) holds it


class _Places(HTMLParser):
    """Citations, the entry links inside them, and the content of each reference entry."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        self.citations: list[str] = []                   # data-cites of each citation
        self.links: list[_Link] = []
        self.entries: dict[str, tuple[int, int]] = {}     # key → (content start, content end)
        self._spans: list[bool] = []                      # per open <span>: is it a citation?
        self._divs: list[tuple[str, int] | None] = []     # per open <div>: (entry key, content start)
        self._link: _Link | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        end = self._offset() + len(self.get_starttag_text())
        if tag == "span":
            citation = "citation" in classes and bool(attributes.get("data-cites"))
            self._spans.append(citation)
            if citation:
                self.citations.append(attributes["data-cites"])
        elif tag == "a" and any(self._spans) and (attributes.get("href") or "").startswith("#ref-"):
            self._link = _Link(attributes["href"][len("#ref-"):], self._offset(), end,
                               citation=len(self.citations) - 1)
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
                self.entries[entry[0]] = (entry[1], self._offset())


def add_popovers(html: str, locators: list[list[tuple[str, str]]],
                 page_label: Callable[[str, bool], str]) -> str:
    """Give each citation link of the body a popover with its entry and locator.

    `locators` holds each citation's (key, locator) items in document order, as
    pandoc's HTML run has them (`citations.cite_groups`); `page_label`
    words a page locator for the edition ('p. 69', '第69页').
    """
    places = _Places(html)
    places.feed(html)
    places.close()
    entries = {key: _tooltip_entry(html[start:end]) for key, (start, end) in places.entries.items()}
    items = _match_citations(places.citations, locators)
    out, position = [], 0
    for number, link in enumerate((l for l in places.links if l.key in entries), start=1):
        locator = _take(items[link.citation], link.key)
        ident = f"cite-pop-{number}"
        where = f'<span class="cite-locator">{escape(_locator_text(locator, page_label))}</span>' if locator else ""
        start_tag = html[link.start:link.content]
        out += [html[position:link.start], '<span class="cite-item">',
                f'{start_tag[:-1]} aria-describedby="{ident}">', html[link.content:link.end], "</a>",
                f'<span class="cite-pop" role="tooltip" id="{ident}"><span class="cite-entry">'
                f'{entries[link.key]}</span>{where}</span></span>']
        position = link.end + len("</a>")
    return "".join(out) + html[position:]


def _match_citations(citations: list[str], locators) -> list[list[tuple[str, str]]]:
    """For each HTML citation, the Markdown citation with the same keys, searched a few places ahead."""
    matched, position = [], 0
    for cites in citations:
        keys, found = cites.split(), []
        for ahead in range(_RESYNC):
            if position + ahead < len(locators) and [k for k, _ in locators[position + ahead]] == keys:
                found, position = list(locators[position + ahead]), position + ahead + 1
                break
        matched.append(found)
    return matched


def _take(items: list[tuple[str, str]], key: str) -> str:
    """The locator of the first item citing `key`, used up so a second citation of it gets its own."""
    for index, (cited, locator) in enumerate(items):
        if cited == key:
            del items[index]
            return locator
    return ""


def _tooltip_entry(inner: str) -> str:
    """An entry as phrasing content: its blocks become spans, its links plain text."""
    inner = re.sub(r"<div\b", "<span", inner).replace("</div>", "</span>")
    return re.sub(r"</?a\b[^>]*>", "", inner).strip()


def _locator_text(locator: str, page_label) -> str:
    locator = locator.strip().strip("{}").strip()   # {69}: a page without a label
    match = _PAGES.match(locator)
    if not match:
        return locator
    pages = re.sub(r"\s*[–—-]\s*", "–", match.group(1))
    return page_label(pages, "–" in pages or "," in pages)
