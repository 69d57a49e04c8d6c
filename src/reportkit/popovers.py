"""HTML edition: each citation shows its reference entry and locator in a popover.

The popover is a hidden `role="tooltip"` after each citation link, shown by CSS
on hover and keyboard focus, and by a tap on a touch screen (page script). Its
entry is copied from the edition's own reference list, as that list formats it.
The popovers are spliced in where the HTML parser found the citations and
entries (`cite_places`); the rest stays as written.
"""

from __future__ import annotations

import re
from html import escape
from typing import Callable

from .cite_places import CitationPlaces

_PAGES = re.compile(r"^(?:pp?\.\s*)?([0-9]+(?:\s*[–—-]\s*[0-9]+)?(?:\s*,\s*[0-9]+(?:\s*[–—-]\s*[0-9]+)?)*)$")
_RESYNC = 3  # citations looked ahead when the HTML and the locators disagree


def add_popovers(html: str, locators: list[list[tuple[str, str]]],
                 page_label: Callable[[str, bool], str]) -> str:
    """Give each citation link of the body a popover with its entry and locator.

    `locators` holds each citation's (key, locator) items in document order, as
    pandoc's HTML run has them (`citations.cite_groups`); `page_label`
    words a page locator for the edition ('p. 69', '第69页').
    """
    places = CitationPlaces(html)
    entries = {entry.key: _tooltip_entry(html[entry.start:entry.end]) for entry in places.entries}
    items = _match_citations([citation.keys for citation in places.citations], locators)
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
