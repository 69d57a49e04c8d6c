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
_LOCATOR_ATTRIBUTE = re.compile(r'\s+data-locator="[^"]*"')


def add_popovers(html: str, page_label: Callable[[str, bool], str]) -> str:
    """Give each citation link of the body a popover with its entry and locator.

    Each link carries the locator of the item it stands for (`data-locator`, set
    by templates/pandoc/citation-locators.lua from the citation itself), so the
    popover shows what its own citation prints; `page_label` words a page
    locator for the edition ('p. 69', '第69页').
    """
    places = CitationPlaces(html)
    entries = {entry.key: _tooltip_entry(html[entry.start:entry.end]) for entry in places.entries}
    out, position = [], 0
    for number, link in enumerate((l for l in places.links if l.key in entries), start=1):
        ident = f"cite-pop-{number}"
        where = (f'<span class="cite-locator">{escape(_locator_text(link.locator, page_label))}</span>'
                 if link.locator else "")
        start_tag = html[link.start:link.content]
        out += [html[position:link.start], '<span class="cite-item">',
                f'{start_tag[:-1]} aria-describedby="{ident}">', html[link.content:link.end], "</a>",
                f'<span class="cite-pop" role="tooltip" id="{ident}"><span class="cite-entry">'
                f'{entries[link.key]}</span>{where}</span></span>']
        position = link.end + len("</a>")
    return _LOCATOR_ATTRIBUTE.sub("", "".join(out) + html[position:])   # every link's, read or not


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
