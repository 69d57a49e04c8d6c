"""HTML edition links: each citation gets an id, each reference entry links back to them."""

from __future__ import annotations

import re
from html import escape

_CITATION = re.compile(r'<span class="citation" data-cites="([^"]*)"')
_ENTRY = re.compile(r'(<div id="ref-([^"]+)" class="csl-entry"[^>]*>\n.*?)(\n</div>)', re.S)


def add_backlinks(html: str, label: str) -> str:
    """Number the citations (`cite-1`, …) and end each reference entry with links back."""
    cited_at: dict[str, list[int]] = {}
    counter = 0

    def number(match: re.Match) -> str:
        nonlocal counter
        counter += 1
        for key in match.group(1).split():
            cited_at.setdefault(key, []).append(counter)
        return f'<span class="citation" id="cite-{counter}" data-cites="{match.group(1)}"'

    html = _CITATION.sub(number, html)

    def backlinks(match: re.Match) -> str:
        places = cited_at.get(match.group(2), [])
        links = "".join(f' <a href="#cite-{n}" class="backlink" aria-label="{escape(label)} {i}">↩{i}</a>'
                        for i, n in enumerate(places, 1))
        return f'{match.group(1)}<span class="backlinks">{links}</span>{match.group(3)}'

    return _ENTRY.sub(backlinks, html)
