"""HTML edition: each citation shows its reference entry and locator in a popover.

The popover is a hidden `role="tooltip"` after each citation link, shown by CSS
on hover and keyboard focus, and by a tap on a touch screen (page script). Its
entry is copied from the edition's own reference list, as that list formats it.
The popovers are added to the parsed body where `cite_places` finds the
citations and entries; the rest is written back as it was.
"""

from __future__ import annotations

import copy
import re
from html import escape
from typing import Callable

from ..text import htmltree
from . import cite_places

_PAGES = re.compile(r"^(?:pp?\.\s*)?([0-9]+(?:\s*[–—-]\s*[0-9]+)?(?:\s*,\s*[0-9]+(?:\s*[–—-]\s*[0-9]+)?)*)$")


def add_popovers(tree, page_label: Callable[[str, bool], str], range_dash: str = "\u2013") -> None:
    """Give each citation link of the (parsed) body a popover with its entry and locator.

    Each link carries the locator of the item it stands for (`data-locator`, set
    by templates/pandoc/citation-locators.lua from the citation itself), so the
    popover shows what its own citation prints; `page_label` words a page
    locator for the edition ('p. 69', '第69页'), its pages joined by the style's
    `range_dash` as the citation joins them ('pp. 70–71', '第70-71页').
    """
    entries = {entry.key: _tooltip_entry(entry.element) for entry in cite_places.entries(tree)}
    links = [link for link in cite_places.entry_links(tree) if link.key in entries]
    for number, link in enumerate(links, start=1):
        ident = f"cite-pop-{number}"
        where = (f'<span class="cite-locator">{escape(_locator_text(link.locator, page_label, range_dash))}</span>'
                 if link.locator else "")
        link.element.set("aria-describedby", ident)
        _wrap_in_item(link.element, f'<span class="cite-pop" role="tooltip" id="{ident}"><span class="cite-entry">'
                                    f'{entries[link.key]}</span>{where}</span>')
    for element in htmltree.find_all(tree):
        element.attrib.pop("data-locator", None)   # every link's, read or not


def _wrap_in_item(link, popover: str) -> None:
    """`<span class="cite-item">` holding the link and its popover, in the link's place."""
    item, = htmltree.parse_elements(f'<span class="cite-item">{popover}</span>')
    item.tail, link.tail = link.tail, None
    link.getparent().replace(link, item)
    item.insert(0, link)


def _tooltip_entry(entry) -> str:
    """An entry as phrasing content: its blocks become spans, its links plain text."""
    holder = copy.deepcopy(entry)
    holder.tail = None
    for element in list(holder.iter("div", "a")):
        if element is holder:
            continue
        if element.tag == "div":
            element.tag = "span"
        else:
            element.drop_tag()
    return htmltree.serialize(holder).strip()


def _locator_text(locator: str, page_label, range_dash: str) -> str:
    locator = locator.strip().strip("{}").strip()   # {69}: a page without a label
    match = _PAGES.match(locator)
    if not match:
        return locator
    pages = re.sub(r"\s*[–—-]\s*", range_dash, match.group(1))
    return page_label(pages, range_dash in pages or "," in pages)
