"""The justified blocks of a print page and the fonts of their text, read before any layout.

The line breakers (`reportkit.pdf.linebreak`, `reportkit.pdf.cjkbreak`) need
the width each justified paragraph is set in and the style of its text. Both
follow from the stylesheet without laying the page out:

- the styles are those of the box tree WeasyPrint builds before its layout
  (`weasy.formatting_structure`);
- a block in the normal flow is as wide as the block holding it, less its own
  margins, borders and padding, down from the page area — or as a column of
  the block holding it, when that one sets columns; the page area of each page
  name the page uses is measured once, on a page of one line laid out with the
  same stylesheet.

A block whose width depends on its content or position — inside a table, a
flex box, a float or an absolutely positioned box — is not predicted: the first
layout reads it. The first layout also checks each prediction
(`reportkit.pdf.paginate`), and a paragraph set in another width than the one
it was broken for is broken again.
"""

from __future__ import annotations

import html as html_escape
import re

from . import weasy
from .linebreak import Reading, is_justified

PROBE = "data-probe-page"
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def reading_before_layout(root_box, page_areas: dict[str, float], hyphenating: bool = True) -> Reading:
    """The justified blocks of an unlaid box tree with their predicted widths (`page_areas`: page
    name → width of its page area, "" for pages without a name), and the style of each
    element's text."""
    reading = Reading()
    for box, chain, page in _flow_blocks(root_box, (), ""):
        if box.element is not None and is_justified(box, hyphenating) \
                and any(weasy.is_line(child) for child in box.children):
            if page in page_areas:
                reading.blocks.setdefault(box.element, (box.style, _width(chain + (box,), page_areas[page])))
    for box in weasy.descendants(root_box):
        # Pseudo-elements (a list item's marker) share their element but not its font.
        if weasy.is_text(box) and box.element is not None and "::" not in box.element_tag:
            reading.styles.setdefault(box.element, box.style)
    return reading


def page_names(root_box) -> set[str]:
    """The page names the blocks of a box tree ask for, "" for the unnamed page."""
    return {page for _, _, page in _flow_blocks(root_box, (), "")}


def page_head(html: str) -> str:
    """The print page up to its body's first child: the head (stylesheet, fonts) and the body's own
    tag, whose classes the stylesheet reads; "" if the page has no body tag."""
    found = _BODY.search(html)
    return html[:found.end()] if found else ""


def probe_page(html: str, names: set[str]) -> str:
    """A page with the print page's head and one short paragraph on each named page."""
    head = page_head(html)
    if not head:
        return ""
    parts = [head]
    for number, name in enumerate(sorted(names)):
        # Each on a page of its own, even where two names share one page's look.
        style = (f"page: {html_escape.escape(name)};" if name else "") + ("break-before: page" if number else "")
        style = f' style="{style}"' if style else ""
        parts.append(f'<div {PROBE}="{html_escape.escape(name)}"{style}><p>x</p></div>')
    parts.append("</body></html>")
    return "".join(parts)


def page_areas(document) -> dict[str, float]:
    """Page name → width of its page area, from a laid-out `probe_page`."""
    areas: dict[str, float] = {}
    for page in document.pages:
        page_box = weasy.page_box(page)
        for box in weasy.descendants(page_box):
            element = getattr(box, "element", None)
            if element is not None and element.get(PROBE) is not None:
                areas.setdefault(element.get(PROBE), page_box.width)
                break
    return areas


def _flow_blocks(box, chain: tuple, page: str):
    """(block, its holders from the root, the name of the page it is set on) for every block in
    the normal flow of the page."""
    page = _page_name(box) or page
    yield box, chain, page
    for child in box.children:
        if weasy.is_flow_block(child) and _in_flow(child):
            yield from _flow_blocks(child, chain + (box,), page)


def _in_flow(box) -> bool:
    style = box.style
    return style["position"] not in ("absolute", "fixed") and style["float"] == "none"


def _page_name(box) -> str:
    """The page name a box asks for ("" for none: it is set on the page of the box holding it)."""
    name = box.style["page"]
    return "" if name in ("auto", None) else str(name)


def _width(chain: tuple, area: float) -> float:
    """The content width of the last block of `chain`, each block's containing block being the one before."""
    width = area
    for index, box in enumerate(chain):
        width = _content_width(box.style, width)
        inner = chain[index + 1] if index + 1 < len(chain) else None
        if inner is not None and _sets_columns(box.style) and inner.style["column_span"] != "all":
            width = _column_width(box.style, width)
    return width


def _sets_columns(style) -> bool:
    return style["column_count"] != "auto" or style["column_width"] != "auto"


def _column_width(style, available: float) -> float:
    """CSS Multi-column Layout §3.4: the width of each column of a block `available` wide."""
    gap = style["column_gap"]
    gap = style["font_size"] if gap == "normal" else (
        gap.value * available / 100 if gap.unit == "%" else gap.value)
    count, width = style["column_count"], style["column_width"]
    if width == "auto":
        return max(0.0, (available - (count - 1) * gap) / count)
    fitting = max(1, int((available + gap) // (width.value + gap)))
    columns = fitting if count == "auto" else min(count, fitting)
    return (available + gap) / columns - gap


def _content_width(style, containing: float) -> float:
    """CSS 2 §10.3.3: a block's used width in the normal flow, from its containing block's width."""

    def length(value) -> float:
        if value == "auto" or value is None:
            return 0.0
        return value.value * containing / 100 if value.unit == "%" else value.value

    padding = length(style["padding_left"]) + length(style["padding_right"])
    border = style["border_left_width"] + style["border_right_width"]
    if style["width"] == "auto":
        width = containing - length(style["margin_left"]) - length(style["margin_right"]) - padding - border
    else:
        width = length(style["width"])
        if style["box_sizing"] == "border-box":
            width -= padding + border
        elif style["box_sizing"] == "padding-box":
            width -= padding
    if style["max_width"] != "none":
        width = min(width, length(style["max_width"]))
    if style["min_width"] != "auto":
        width = max(width, length(style["min_width"]))
    return width
