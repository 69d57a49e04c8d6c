"""Untrusted markup: content HTML is cleaned with nh3; engine figures go in afterwards."""

from __future__ import annotations

import nh3

from ..text import htmltree

# What pandoc's HTML writer produces for Markdown, and nothing active: no
# script, iframe, object, form, event handler or javascript: URL survives.
_TAGS = set(nh3.ALLOWED_TAGS) | {"section", "tfoot", "caption", "main"}
_COMMON = {"id", "class", "lang", "dir", "role", "title", "aria-label", "aria-hidden",
           "data-cites", "data-entry-spacing", "data-slot"}
_ATTRIBUTES = {tag: set(attrs) | _COMMON for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = _COMMON
# A citation link's locator (templates/pandoc/citation-locators.lua), read and removed by the popovers.
_ATTRIBUTES["a"] = {"href", "hreflang", "data-locator"} | _COMMON
# Tracked changes: who made an insertion or deletion, and on which edition date.
_ATTRIBUTES["span"] = {"data-author", "data-date"} | _COMMON
_ATTRIBUTES["col"] = _ATTRIBUTES.get("col", set()) | {"style"}
_ATTRIBUTES["td"] = _ATTRIBUTES.get("td", set()) | {"style"}
_ATTRIBUTES["th"] = _ATTRIBUTES.get("th", set()) | {"style"}
# A table's caption as repeated on the page it continues to ("Table 1 (continued)").
_ATTRIBUTES["div"] = _ATTRIBUTES.get("div", set()) | _COMMON | {"data-continued"}
_SCHEMES = {"http", "https", "mailto"}

SLOT = '<div class="figure-slot" data-slot="{id}"></div>'


def clean_html(html: str) -> str:
    """Remove active content from HTML made from the report's Markdown."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     link_rel=None, strip_comments=True)


def fill_slots(tree, figures: dict[str, str]) -> None:
    """Put the engine's own figure markup where the cleaned HTML (parsed) holds its slot."""
    for slot in list(htmltree.find_all(tree, "div", cls="figure-slot")):
        if slot.get("data-slot"):
            htmltree.replace_with_markup(slot, figures.get(slot.get("data-slot"), ""))
