"""Figures that would leave half a page empty: the text after them moves up (`reportkit.pdf.paginate`'s step 2)."""

from __future__ import annotations

from ..render.look import CLASSES
from . import linebreak, weasy
from .linebreak import BLOCK

MIN_GAP = 120.0     # px (about six lines): a figure leaving less at the foot of a page stays put


def defer_figures(document, plan) -> bool:
    """Let the text beside a figure fill the page the figure left half empty.

    A figure that does not fit at the foot of a page starts the next one and
    leaves a gap. The blocks that follow it in its chapter then move before it,
    as many as the gap takes; a figure that ends its chapter moves up instead,
    before the paragraphs that leave it room on the first page.
    """
    pages, root = document.pages, weasy.document_tree(document)
    heights, tops = _block_geometry(document)
    for number, page in enumerate(pages[1:], 1):
        first = _first_block(_flow(page))
        if first is None or first.element is None or linebreak._tag(first.element) != "figure":
            continue
        figure, previous = first.element, weasy.page_box(pages[number - 1])
        gap = _foot_gap(previous, _flow(pages[number - 1]))
        if gap < MIN_GAP or not figure.get(BLOCK):
            continue
        after = _blocks_after(root, figure)
        count, filled = 0, 0.0
        for block in after:
            count, filled = count + 1, filled + heights.get(id(block), 0.0)
            if filled >= gap:
                break
        if count:
            plan.figure_moves[figure.get(BLOCK)] = count
            continue
        room_from = previous.content_box_y() + previous.height - first.margin_height()
        before = [block for block in _blocks_before(root, figure)
                  if tops.get(id(block), (None, 0))[0] == number - 1]
        fitting = [k for k, block in enumerate(before, 1) if tops[id(block)][1] <= room_from]
        if fitting:
            plan.figure_moves[figure.get(BLOCK)] = -fitting[0]
    return bool(plan.figure_moves)


PAGES_READ_AFTER = 2   # pages after a figure's own that `defer_figures` may read (the blocks that fill its gap)


class MoveWatch:
    """Whether a first layout may stop at the page just made (`weasy.pages_until`): some figure
    starts a page after a gap `defer_figures` would fill, so a layout with the figure moved is
    needed anyway; every figure of the page is set; and so are the pages after the last one that
    `defer_figures` reads. Its decisions on the pages made so far are the ones it would make on
    the whole layout: each reads only its figure's page, the one before and the next two.
    """

    def __init__(self, root):
        self.figures = {element.get(BLOCK) for element in root.iter()
                        if linebreak._tag(element) == "figure" and element.get(BLOCK)}
        self.seen: set[str] = set()
        self.previous = None
        self.move_seen = False
        self.pages = 0
        self.pages_after_last: int | None = None
        self.stopped_after = 0      # the pages laid out, if it stopped the layout
        self.through: str | None = None   # the last block set on the last of them

    def __call__(self, page_box) -> bool:
        self.pages += 1
        flow = _flow_of(page_box)
        first = _first_block(flow)
        if self.previous is not None and first is not None and first.element is not None \
                and linebreak._tag(first.element) == "figure" and first.element.get(BLOCK) \
                and _foot_gap(self.previous, _flow_of(self.previous)) >= MIN_GAP:
            self.move_seen = True
        self.previous = page_box
        if self.pages_after_last is not None:
            self.pages_after_last += 1
        else:
            self.seen |= {box.element.get(BLOCK) for box in weasy.descendants(flow)
                          if weasy.is_block(box) and box.element is not None
                          and linebreak._tag(box.element) == "figure"}
            if self.seen >= self.figures:
                self.pages_after_last = 0
        if self.move_seen and self.pages_after_last is not None and self.pages_after_last >= PAGES_READ_AFTER:
            self.stopped_after = self.pages
            self.through = next((box.element.get(BLOCK) for box in reversed(list(weasy.descendants(flow)))
                                 if box.element is not None and box.element.get(BLOCK)), None)
            return True
        return False


def _block_geometry(document) -> tuple[dict[int, float], dict[int, tuple[int, float]]]:
    """id(element) → height over every page, and → (page index, top) where it starts."""
    heights: dict[int, float] = {}
    tops: dict[int, tuple[int, float]] = {}
    for number, page in enumerate(document.pages):
        for box in weasy.descendants(_flow(page)):
            if weasy.is_block(box) and box.element is not None:
                heights[id(box.element)] = heights.get(id(box.element), 0.0) + box.margin_height()
                tops.setdefault(id(box.element), (number, box.position_y))
    return heights, tops


_MOVABLE = {"p", "ul", "ol", "h3", "h4", "h5", "div"}


def _blocks_after(root, figure) -> list:
    """The blocks that follow a figure (and its note) to the end of its chapter, in reading order."""
    parents = {child: parent for parent in root.iter() for child in parent}
    chapter = figure
    while chapter in parents and not linebreak.has_class(chapter, CLASSES.chapter):
        chapter = parents[chapter]
    ordered = [el for el in chapter.iter() if linebreak._tag(el) in _MOVABLE | {"section", "figure", "table"}]
    found, seen = [], False
    for element in ordered:
        if element is figure:
            seen = True
            continue
        if not seen or _inside(element, figure, parents) or _is_note(element) or linebreak._tag(element) == "section":
            continue
        if linebreak._tag(element) in ("figure", "table") or linebreak.has_class(element, CLASSES.table):
            break
        if parents.get(element) is not None and linebreak._tag(parents[element]) in ("section", "div", "main") \
                and not _is_note(parents[element]):
            found.append(element)
    return found


def _blocks_before(root, figure) -> list:
    """The paragraphs before a figure in its section, nearest first."""
    parents = {child: parent for parent in root.iter() for child in parent}
    siblings = list(parents[figure])
    before = []
    for element in reversed(siblings[:siblings.index(figure)]):
        if linebreak._tag(element) not in ("p", "ul", "ol"):
            break
        before.append(element)
    return before


def _inside(element, ancestor, parents) -> bool:
    while element in parents:
        element = parents[element]
        if element is ancestor:
            return True
    return False


def _is_note(element) -> bool:
    return linebreak.has_class(element, CLASSES.figure_note)


def _first_block(flow):
    """The first line, heading, paragraph, table or figure set on a page."""
    for box in weasy.descendants(flow):
        if weasy.is_line(box) or (weasy.is_block(box) and box.element is not None
                                  and linebreak._tag(box.element) in ("figure", "table", "p", "li", "h2", "h3", "h4")):
            return box
    return None


def _flow(page):
    """The page's share of the document, without its margin boxes (running heads, folios)."""
    return _flow_of(weasy.page_box(page))


def _flow_of(page_box):
    return next((box for box in page_box.children if getattr(box, "element_tag", "") == "html"), page_box)


def _foot_gap(page_box, flow) -> float:
    """How much of the page's text area is left empty below its last line."""
    bottoms = [box.position_y + box.margin_height() for box in weasy.descendants(flow)
               if weasy.is_line(box) or weasy.is_table_row(box) or weasy.is_replaced(box)
               or (weasy.is_block(box) and box.element is not None and linebreak._tag(box.element) == "figure")]
    area_bottom = page_box.content_box_y() + page_box.height
    return area_bottom - max(bottoms, default=area_bottom)


def move_figures(root, found: dict, moves: dict[str, int]) -> None:
    """Put each listed figure (and its note) after the blocks it moves past, or before those it moves above."""
    for block, count in moves.items():
        figure = found.get(block)
        if figure is None:
            continue
        parents = {child: parent for parent in root.iter() for child in parent}
        parent = parents[figure]
        siblings = list(parent)
        position = siblings.index(figure)
        group = [figure] + [el for el in siblings[position + 1:position + 2] if _is_note(el)]
        if count > 0:
            anchor = _blocks_after(root, figure)[count - 1]
            for element in group:
                parent.remove(element)
            target = parents[anchor]
            index = list(target).index(anchor) + 1
        else:
            anchor = _blocks_before(root, figure)[-count - 1]
            for element in group:
                parent.remove(element)
            target, index = parent, list(parent).index(anchor)
        for offset, element in enumerate(group):
            target.insert(index + offset, element)
