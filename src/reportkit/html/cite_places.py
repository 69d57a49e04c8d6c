"""Where pandoc's HTML puts the citations, their links to the reference list, and its entries.

Read from the parsed body (`text.htmltree`), whatever the order of the attributes;
the callers edit those elements in the tree, so the rest of the markup (the
engine's SVG figures among it) is written back as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text import htmltree


@dataclass
class EntryLink:
    """A link to a reference entry inside a citation."""

    key: str
    element: object
    locator: str = ""  # the locator of the item it stands for, as the Markdown wrote it


@dataclass
class Entry:
    """A reference entry, `<div class="csl-entry" id="ref-…">`, and its key."""

    key: str
    element: object


def citations(tree) -> list:
    """Each citation's `<span class="citation" data-cites="…">`, in the order of the text."""
    return [span for span in htmltree.find_all(tree, "span", cls="citation") if span.get("data-cites")]


def entry_links(tree) -> list[EntryLink]:
    """The links to reference entries that stand inside a citation."""
    return [EntryLink(link.get("href")[len("#ref-"):], link, link.get("data-locator") or "")
            for link in htmltree.find_all(tree, "a")
            if (link.get("href") or "").startswith("#ref-") and _in_citation(link)]


def _in_citation(element) -> bool:
    return any(htmltree.has_class(span, "citation") and span.get("data-cites")
               for span in element.iterancestors("span"))


def entries(tree) -> list[Entry]:
    """The reference list's entries."""
    return [Entry(div.get("id")[len("ref-"):], div) for div in htmltree.find_all(tree, "div", cls="csl-entry")
            if (div.get("id") or "").startswith("ref-")]
