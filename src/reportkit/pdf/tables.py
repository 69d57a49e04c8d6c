"""Report tables across pages: the caption set as the first header row, "Table 1 (continued)" on the
pages a table runs onto, and a table that would leave its caption at a page foot with under two rows
moved to the next page (`reportkit.pdf.paginate`'s step 3)."""

from __future__ import annotations

import copy
from xml.etree import ElementTree

from ..render.look import CLASSES
from ..text import htmltree
from . import linebreak, weasy
from .linebreak import BLOCK

MIN_ROWS_AT_FOOT = 2   # body rows a table must set under its caption and header before a page ends


def prepare_tables(root, typeset_line=str) -> None:
    """Set each report table's caption as the first row of its header, give it the header of the pages
    it continues onto, and number its body rows.

    WeasyPrint repeats a table's header on every page the table runs onto. The
    header the pages after the first repeat is a copy with "Table 1 (continued)"
    in the caption's place, set by WeasyPrint itself (`weasy.continued_heads`,
    which `is_continued_head` finds): the table breaks where it would with its
    own header, in the one layout. `typeset_line` sets the continued caption's
    text as the edition sets captions (markup). The numbers say which row begins a page.
    """
    for holder, table in _report_tables(root):
        caption, head = _child(table, "caption"), _child(table, "thead")
        header_rows = _children(head, "tr") if head is not None else []
        label = holder.get("data-continued")
        if caption is not None and header_rows and label is not None:
            row = _row(CLASSES.caption_row, _columns(header_rows))
            cell = row[0]
            cell.text = caption.text
            cell.extend(list(caption))
            table.remove(caption)
            head.insert(list(head).index(header_rows[0]), row)
            _add_continued_head(holder, table, header_rows, label, typeset_line)
        body_rows = [row for body in _children(table, "tbody") for row in _children(body, "tr")]
        for number, row in enumerate(body_rows):
            row.set("data-row", str(number))


def is_continued_head(element) -> bool:
    """Whether an element of WeasyPrint's tree is the header a table repeats on the pages it continues onto."""
    return linebreak._tag(element) == "table" and linebreak.has_class(element, CLASSES.continued_head)


def _add_continued_head(holder, table, header_rows, label: str, typeset_line) -> None:
    """Put after the table (in `holder`) a table of one header: the continued caption, then the header rows."""
    attributes = {name: value for name, value in table.attrib.items() if name not in ("id", "class")}
    classes = " ".join(filter(None, [table.get("class"), CLASSES.continued_head]))
    continued = ElementTree.Element("table", {**attributes, "class": classes})
    head = ElementTree.SubElement(continued, "thead")
    caption_row = _row(CLASSES.continued, _columns(header_rows))
    _fill_with_markup(caption_row[0], typeset_line(htmltree.escape_text(label)))
    head.append(caption_row)
    for row in header_rows:
        repeated = copy.deepcopy(row)
        repeated.tail = None
        head.append(repeated)
    parent = next(element for element in holder.iter() if table in list(element))
    continued.tail, table.tail = table.tail, None
    parent.insert(list(parent).index(table) + 1, continued)


def short_starts(document) -> set[str]:
    """The tables whose first page holds their caption and header with under two body rows (a caption
    or header left at a page foot): each by its block name."""
    holders = {id(table): div for div in weasy.document_tree(document).iter()
               if linebreak.has_class(div, CLASSES.table)
               for table in div.iter() if linebreak._tag(table) == "table"}
    found: dict[str, list[int | None]] = {}
    for page in document.pages:
        for box in weasy.descendants(weasy.page_box(page)):
            if weasy.is_table(box) and id(box.element) in holders:
                rows = _body_rows(box)
                found.setdefault(holders[id(box.element)].get(BLOCK), []).append(rows[0] if rows else None)
    return {key for key, starts in found.items()
            if len(starts) > 1 and (starts[0] is None or (starts[1] or 0) < MIN_ROWS_AT_FOOT)}


def tables_to_next_page(document, plan) -> bool:
    """A table whose first page holds its caption, its header and fewer than two rows starts a page."""
    moved = short_starts(document) - plan.tables_on_new_page
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
