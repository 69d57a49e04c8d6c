"""Report tables across pages: found where they break, split there with the caption repeated as
"Table 1 (continued)", and a planned break checked to be one the table makes itself
(`reportkit.pdf.paginate`'s step 3)."""

from __future__ import annotations

import copy
from xml.etree import ElementTree

from ..render.look import CLASSES
from ..text import htmltree
from . import linebreak, weasy
from .linebreak import BLOCK

def find_table_breaks(document, plan) -> bool:
    """Record, for each table that runs onto another page, the body rows that start a page."""
    holders = {id(table): div for div in weasy.document_tree(document).iter()
               if linebreak.has_class(div, CLASSES.table)
               for table in div.iter() if linebreak._tag(table) == "table"}
    found: dict[str, list[int | None]] = {}
    for page in document.pages:
        for box in weasy.descendants(weasy.page_box(page)):
            if weasy.is_table(box) and id(box.element) in holders:
                rows = _body_rows(box)
                found.setdefault(holders[id(box.element)].get(BLOCK), []).append(rows[0] if rows else None)
    # A fragment without body rows is a caption or header left at a page foot.
    plan.short_starts = {key for key, starts in found.items()
                         if len(starts) > 1 and (starts[0] is None or (starts[1] or 0) < MIN_ROWS_AT_FOOT)}
    plan.table_breaks = {key: [row for row in starts[1:] if row is not None]
                         for key, starts in found.items() if len([r for r in starts if r is not None]) > 1}
    return bool(plan.table_breaks)


MIN_ROWS_AT_FOOT = 2   # body rows a table must set under its caption and header before a page ends


def tables_to_next_page(plan) -> bool:
    """A table whose first page holds its caption, its header and fewer than two rows starts a page.

    Its row breaks are then found again on the next layout.
    """
    moved = plan.short_starts - plan.tables_on_new_page
    plan.tables_on_new_page |= moved
    return bool(moved)


def _body_rows(table_box) -> list[int]:
    """The body row numbers set in this fragment of a table."""
    numbers = []
    for group in table_box.children:
        if not weasy.is_body_rows(group):
            continue
        for row in group.children:
            number = row.element.get("data-row") if row.element is not None else None
            if number is not None:
                numbers.append(int(number))
    return numbers


def prepare_tables(root) -> None:
    """Set each report table's caption as the first row of its header, and number its body rows.

    WeasyPrint repeats the header on every page the table runs onto, caption
    row included, so the layout already has the height of the caption that
    `split_tables` later repeats as "(continued)": the page breaks it finds are
    the ones the final layout keeps. The numbers say which row begins a page.
    """
    for holder, table in _report_tables(root):
        caption, head = _child(table, "caption"), _child(table, "thead")
        header_rows = _children(head, "tr") if head is not None else []
        if caption is not None and header_rows and holder.get("data-continued") is not None:
            row = _row(CLASSES.caption_row, _columns(header_rows))
            cell = row[0]
            cell.text = caption.text
            cell.extend(list(caption))
            table.remove(caption)
            head.insert(list(head).index(header_rows[0]), row)
        body_rows = [row for body in _children(table, "tbody") for row in _children(body, "tr")]
        for number, row in enumerate(body_rows):
            row.set("data-row", str(number))


def split_tables(root, table_breaks: dict[str, list[int]], typeset_line=str) -> None:
    """Before each body row that starts a page, repeat the caption as "(continued)" and the header row.

    The header no longer repeats by itself (`table.split`), so the continued
    caption can come first. `typeset_line` sets the caption's text as the
    edition sets captions (markup).
    """
    for holder, table in _report_tables(root):
        starts, label = table_breaks.get(holder.get(BLOCK)), holder.get("data-continued")
        head = _child(table, "thead")
        header_rows = _children(head, "tr") if head is not None else []
        if not starts or label is None or not header_rows:
            continue
        header, columns = header_rows[-1], _columns(header_rows[-1:])
        table.set("class", " ".join(filter(None, [table.get("class"), CLASSES.split_table])))
        rows = {row.get("data-row"): (body, row) for body in _children(table, "tbody")
                for row in _children(body, "tr")}
        for start in starts:
            if str(start) not in rows:
                continue
            body, row = rows[str(start)]
            caption_row = _row(CLASSES.continued, columns)
            _fill_with_markup(caption_row[0], typeset_line(htmltree.escape_text(label)))
            repeated = copy.deepcopy(header)
            repeated.set("class", CLASSES.repeated_head)
            position = list(body).index(row)
            body.insert(position, repeated)
            body.insert(position, caption_row)


def _report_tables(root):
    """(holder div, its table) for each report table of WeasyPrint's tree."""
    for holder in root.iter():
        if linebreak._tag(holder) == "div" and linebreak.has_class(holder, CLASSES.table):
            table = next((el for el in holder.iter() if linebreak._tag(el) == "table"), None)
            if table is not None:
                yield holder, table


def _child(element, tag: str):
    return next(iter(_children(element, tag)), None)


def _children(element, tag: str) -> list:
    return [child for child in element if linebreak._tag(child) == tag]


def _columns(header_rows) -> int:
    return sum(len(_children(row, "th")) for row in header_rows)


def _row(cls: str, columns: int):
    row = ElementTree.Element("tr", {"class": cls})
    ElementTree.SubElement(row, "td", {"colspan": str(columns)})
    return row


def _fill_with_markup(cell, markup: str) -> None:
    """Put the elements and text of `markup` (parsed with `text.htmltree`) into a cell of WeasyPrint's tree."""
    holder = htmltree.parse(markup)
    cell.text = holder.text
    cell.extend(_as_tree_element(child) for child in holder)


def _as_tree_element(element):
    made = ElementTree.Element(element.tag, dict(element.attrib))
    made.text, made.tail = element.text, element.tail
    made.extend(_as_tree_element(child) for child in element)
    return made


def breaks_were_due(document, table_breaks: dict[str, list[int]]) -> bool:
    """Whether the table would have broken before each planned row by itself.

    A split table starts a page at each planned row whether or not the row fits (its repeated caption
    breaks the page), so each break is checked: set below the row before it, the row (with the
    table's row spacing after it) must run past the page's foot. WeasyPrint breaks a table there and,
    where boxes below keep room at the foot, sooner still; a row that would have fitted is no
    confirmation.
    """
    rows: dict[tuple[str, int], tuple] = {}
    for page in document.pages:
        area = weasy.page_box(page)
        foot = area.content_box_y() + area.height
        for block, row, spacing in _body_row_boxes(area, table_breaks):
            rows.setdefault((block, int(row.element.get("data-row"))), (row, foot, spacing))
    for block, starts in table_breaks.items():
        for start in starts:
            before, after = rows.get((block, start - 1)), rows.get((block, start))
            if before is None or after is None:
                return False
            row, foot, spacing = before
            bottom = row.position_y + row.height + spacing + after[0].height + spacing
            if bottom <= foot * (1 + 1e-9):
                return False
    return True


def _body_row_boxes(box, table_breaks, holder=None, spacing: float = 0.0):
    """(table's block name, body row box, the table's spacing between rows) for the body rows of the
    listed tables in a page's boxes."""
    element = getattr(box, "element", None)
    if element is not None and element.get(BLOCK) in table_breaks:
        holder = element.get(BLOCK)
    if weasy.is_table(box):
        spacing = 0.0 if box.style["border_collapse"] == "collapse" else box.style["border_spacing"][1]
    if holder is not None and weasy.is_table_row(box) and element is not None and element.get("data-row"):
        yield holder, box, spacing
        return
    for child in getattr(box, "children", None) or []:
        yield from _body_row_boxes(child, table_breaks, holder, spacing)
