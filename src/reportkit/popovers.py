"""HTML edition: each citation shows its reference entry and locator in a popover.

The popover is a hidden `role="tooltip"` after each citation link, shown by CSS
on hover and keyboard focus, and by a tap on a touch screen (page script). Its
entry is copied from the edition's own reference list, as that list formats it.
"""

from __future__ import annotations

import re
from html import escape
from typing import Callable

_CITATION = re.compile(r'<span class="citation" data-cites="([^"]*)">')
_LINK = re.compile(r'<a href="#ref-([^"]+)" role="doc-biblioref">(.*?)</a>', re.S)
_ENTRY = re.compile(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>\n(.*?)\n</div>', re.S)
_SPAN_TAG = re.compile(r"<(/?)span\b")
_PAGES = re.compile(r"^(?:pp?\.\s*)?([0-9]+(?:\s*[–—-]\s*[0-9]+)?(?:\s*,\s*[0-9]+(?:\s*[–—-]\s*[0-9]+)?)*)$")
_RESYNC = 3  # citations looked ahead when the HTML and the Markdown disagree


def add_popovers(html: str, locators: list[list[tuple[str, str]]],
                 page_label: Callable[[str, bool], str]) -> str:
    """Give each citation link of the body a popover with its entry and locator.

    `locators` holds each citation's (key, locator) items in document order, as
    the rendered Markdown has them (`anchors.citation_locators`); `page_label`
    words a page locator for the edition ('p. 69', '第69页').
    """
    entries = {key: _tooltip_entry(inner) for key, inner in _ENTRY.findall(html)}
    pieces, last, position, counter = [], 0, 0, 0
    for match in _CITATION.finditer(html):
        end = _closing_span(html, match.end())
        keys = match.group(1).split()
        items, position = _items_for(keys, locators, position)
        inner, counter = _with_popovers(html[match.end():end], entries, items, page_label, counter)
        pieces += [html[last:match.end()], inner]
        last = end
    pieces.append(html[last:])
    return "".join(pieces)


def _items_for(keys: list[str], locators, position: int) -> tuple[list[tuple[str, str]], int]:
    """The Markdown citation matching an HTML one, searched a few places ahead."""
    for ahead in range(_RESYNC):
        if position + ahead < len(locators) and [k for k, _ in locators[position + ahead]] == keys:
            return list(locators[position + ahead]), position + ahead + 1
    return [], position


def _closing_span(html: str, start: int) -> int:
    depth = 1
    for tag in _SPAN_TAG.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if not depth:
            return tag.start()
    return len(html)


def _with_popovers(inner: str, entries: dict, items: list, page_label, counter: int) -> tuple[str, int]:
    def popover(link: re.Match) -> str:
        nonlocal counter
        key = link.group(1)
        if key not in entries:
            return link.group(0)
        counter += 1
        locator = next((loc for k, loc in items if k == key), "")
        if (key, locator) in items:
            items.remove((key, locator))
        ident = f"cite-pop-{counter}"
        where = f'<span class="cite-locator">{escape(_locator_text(locator, page_label))}</span>' if locator else ""
        return (f'<span class="cite-item"><a href="#ref-{key}" role="doc-biblioref" aria-describedby="{ident}">'
                f'{link.group(2)}</a><span class="cite-pop" role="tooltip" id="{ident}">'
                f'<span class="cite-entry">{entries[key]}</span>{where}</span></span>')

    return _LINK.sub(popover, inner), counter


def _tooltip_entry(inner: str) -> str:
    """An entry as phrasing content: its blocks become spans, its links plain text."""
    inner = re.sub(r"<div\b", "<span", inner).replace("</div>", "</span>")
    inner = re.sub(r"</?a\b[^>]*>", "", inner)
    return inner.strip()


def _locator_text(locator: str, page_label) -> str:
    match = _PAGES.match(locator.strip())
    if not match:
        return locator
    pages = re.sub(r"\s*[–—-]\s*", "–", match.group(1))
    return page_label(pages, "–" in pages or "," in pages)
