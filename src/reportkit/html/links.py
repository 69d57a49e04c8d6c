"""HTML edition links: each citation gets an id, each reference entry links back to them.

The ids and links are added to the parsed body where `cite_places` finds the
citations and entries; the rest of the markup is written back as it was.
"""

from __future__ import annotations

from html import escape

from ..text import htmltree
from . import cite_places


def _backlinks(numbers: list[int], label: str) -> str:
    """One link back to a source cited once; for a source cited more often, one control with
    the count that opens the list of links."""
    label = escape(label)
    if len(numbers) <= 1:
        links = "".join(f' <a href="#cite-{n}" class="backlink" aria-label="{label}">↩</a>' for n in numbers)
        return f'<span class="backlinks">{links}</span>'
    links = " ".join(f'<a href="#cite-{n}" class="backlink" aria-label="{label} {i}">{i}</a>'
                     for i, n in enumerate(numbers, 1))
    return (f' <details class="backlinks"><summary aria-label="{label} ({len(numbers)})">↩\u2009{len(numbers)}</summary>'
            f'<span class="backlink-list">{links}</span></details>')


def add_backlinks(tree, label: str) -> None:
    """Number the citations (`cite-1`, …) and end each reference entry with links back."""
    cited_at: dict[str, list[int]] = {}
    for number, citation in enumerate(cite_places.citations(tree), start=1):
        if citation.get("id") is None:
            htmltree.set_attribute_after(citation, "id", f"cite-{number}", after="class")
        for key in citation.get("data-cites").split():
            cited_at.setdefault(key, []).append(number)
    for entry in cite_places.entries(tree):
        _append_before_last_line_break(entry.element, _backlinks(cited_at.get(entry.key, []), label))


def _append_before_last_line_break(element, markup: str) -> None:
    """The markup as the element's last inline content, before the line break that ends it."""
    last = element[-1] if len(element) else None
    text = (last.tail if last is not None else element.text) or ""
    ending = "\n" if text.endswith("\n") else ""
    added = htmltree.parse(htmltree.escape_text(text[:len(text) - len(ending)]) + markup)
    if last is not None:
        last.tail = added.text
    else:
        element.text = added.text
    for child in list(added):
        element.append(child)
    last = element[-1] if len(element) else None
    if last is not None:
        last.tail = (last.tail or "") + ending
    else:
        element.text = (element.text or "") + ending
