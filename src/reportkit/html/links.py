"""HTML edition links: each citation gets an id, each reference entry links back to them.

The links are spliced in where the HTML parser found the citations and entries
(`cite_places`), so the rest of the markup stays exactly as written.
"""

from __future__ import annotations

from html import escape

from .cite_places import CitationPlaces


def _with_id(start_tag: str, value: str) -> str:
    """The start tag with an id after its class attribute (or first, when it has no class)."""
    if ' id="' in start_tag:
        return start_tag
    at = start_tag.find('"', start_tag.find(' class="') + len(' class="')) + 1 if ' class="' in start_tag \
        else len("<span")
    return f'{start_tag[:at]} id="{value}"{start_tag[at:]}'


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


def add_backlinks(html: str, label: str) -> str:
    """Number the citations (`cite-1`, …) and end each reference entry with links back."""
    places = CitationPlaces(html)
    edits: list[tuple[int, int, str]] = []
    cited_at: dict[str, list[int]] = {}
    for number, citation in enumerate(places.citations, start=1):
        start, end = citation.start, citation.end
        edits.append((start, end, _with_id(html[start:end], f"cite-{number}")))
        for key in citation.keys.split():
            cited_at.setdefault(key, []).append(number)
    for entry in places.entries:
        # Before the line break that precedes </div>, as the entry's last inline content.
        at = entry.end - 1 if html[entry.end - 1:entry.end] == "\n" else entry.end
        edits.append((at, at, _backlinks(cited_at.get(entry.key, []), label)))
    out, position = [], 0
    for start, end, replacement in sorted(edits):
        out += [html[position:start], replacement]
        position = end
    return "".join(out) + html[position:]
