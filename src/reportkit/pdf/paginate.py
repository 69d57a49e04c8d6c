"""Laying out the print edition in passes: each pass reads the last layout and corrects the next.

1. Before any layout, justified paragraphs are broken as a whole: English by
   `reportkit.pdf.linebreak`, Chinese by `reportkit.pdf.cjkbreak`, in the widths
   and fonts `reportkit.pdf.predict` reads from the stylesheet.
2. WeasyPrint lays the page out with those breaks, and a table that runs onto
   another page repeats its header there with "Table 1 (continued)" in its
   caption's place (`reportkit.pdf.tables`). A paragraph set in another width
   than predicted is broken again; a figure that leaves half a page empty lets
   the text after it move up (`reportkit.pdf.figures`). Once such a move is
   certain and every figure is decided, this first layout stops: the next one
   is made with the moves.
3. Where a hyphenated line ends a page or column, the paragraph is broken again
   without that hyphen (same number of lines, so nothing moves); a table that
   would leave its caption with under two rows at a page foot starts the next
   page; then the last layout is made.

A page with no figure to move and no page end to mend is laid out once.

The decisions of steps 2 and 3 — figure moves, page ends — are kept between
builds (`record`). The next build of the page applies them to its first layout
and keeps that layout only if the passes, run on it, decide exactly the same
again: the PDF is then the one the passes would have made from scratch, in one
layout instead of two. A figure move is decided on a layout without it, so it is
decided again on a first layout (stopped early), unless the page is the same as
the last build's through the pages that first layout read: the same setting and
markup up to the block after the last one it set (`_prefix_digests`); an edit
further on keeps the moves in one layout. Anything else — another page end, a
figure that no longer moves — and the passes run as above.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import hashlib
from dataclasses import dataclass, field

from ..pdf import linebreak
from ..render.look import CLASSES
from . import breakers, cjkbreak, figures, predict, tables, weasy
from .linebreak import BLOCK


@dataclass
class Plan:
    """What the passes decided, each by the block it is about (`data-block`): break edits, figure
    moves, tables that start a page."""

    edits: dict[str, dict] = field(default_factory=dict)
    paragraphs: dict[str, linebreak.Paragraph] = field(default_factory=dict)
    breaks: dict[str, linebreak.Breaking] = field(default_factory=dict)
    figure_moves: dict[str, int] = field(default_factory=dict)   # figure → blocks it moves past
    tables_on_new_page: set[str] = field(default_factory=set)    # tables made to start a page (`tables.short_starts`)
    read: dict[str, linebreak.Paragraph] = field(default_factory=dict)   # every paragraph broken before layout
    widths: dict[str, float] = field(default_factory=dict)               # the block width each was broken for
    unconstrained: dict[str, linebreak.Breaking] = field(default_factory=dict)  # before a page end re-broke it
    page_ends: dict[str, list[int]] = field(default_factory=dict)        # its lines that end a page or column
    dropped: set[str] = field(default_factory=set)                       # paragraphs left to WeasyPrint
    keys: dict[str, str] = field(default_factory=dict)                   # each paragraph's `breakers.digest`
    setting: str = ""                                                    # `breakers.page_setting` of the page
    prefix: object = None           # block name → digest of the page up to it (`_prefix_digests`)
    region: dict | None = None      # what a stopped first layout read: {"through": block, "digest": …}
    breaker: object = None          # what measures a paragraph whose choice was remembered, when a pass needs it

    def copy(self) -> "Plan":
        """A copy whose decisions and paragraph widths change without changing this one's."""
        copied = Plan(**{name: copy.copy(value) for name, value in vars(self).items()})
        copied.read = {block: copy.copy(paragraph) for block, paragraph in self.read.items()}
        copied.paragraphs = {block: copied.read.get(block, paragraph) for block, paragraph in self.paragraphs.items()}
        return copied


@dataclass
class PagePlans:
    """The page plan of the last build of a print page (`record`), and the one this build made; and
    the breakers' choices for its paragraphs (`breakers.BreakMemory`)."""

    last: dict | None = None
    made: dict | None = None
    memory: breakers.BreakMemory | None = None
    layouts: int = 0                 # how many layouts this build made
    first_stopped_after: int = 0     # the pages of the first, if it stopped early (`figures.MoveWatch`)
    outcome: str = ""                # what became of the last plan: kept, set aside (and why), or none


def paginate(make_source, html: str, options: dict, justify: bool = False,
             hyphenation_language: str | None = None, typeset_line=str, cjk: bool = False,
             plans: PagePlans | None = None):
    """The final WeasyPrint document of the print HTML, after the passes described above.

    `make_source` turns HTML text into a `weasyprint.HTML`; `typeset_line` sets
    the text of a repeated table caption as the edition sets captions (markup).
    `justify`: justified paragraphs are broken as a whole and hyphenated in
    `hyphenation_language`; `cjk`: they are CJK text, broken by `cjkbreak`.
    `plans`: the last build's plan to try first; the plan made is put in it.
    """
    breaker = breakers.EnglishBreaker(hyphenation_language) if justify else breakers.CjkBreaker() if cjk else None
    plan = Plan(breaker=breaker, setting=breakers.page_setting(html) if breaker is not None else "")
    memory = plans.memory if plans is not None else None
    if breaker is not None:
        _break_before_layout(make_source, html, options, plan, breaker, memory)
    last = _usable(plans.last if plans else None)
    layout = _Layout(make_source, html, options, typeset_line, justify, breaker, memory)
    document = None
    if last is not None and not last["moves"]:
        document, plan = layout.again(plan, last, moves_decided=False)
    elif last is not None and _region_unchanged(plan, last):
        # The pages the moves were decided on are the same: they would be decided so again.
        document, plan = layout.again(plan, last, moves_decided=True)
        if document is None:
            last = None
    if document is None:
        document, plan = _passes(layout, plan, last)
    if plans is not None:
        plans.made, plans.layouts, plans.first_stopped_after = record(plan), layout.count, layout.stopped_after
        plans.outcome = "kept" if layout.kept else f"set aside: {layout.why}" if layout.why else \
            "none usable" if plans.last is not None else "none"
    return document


@dataclass
class _Layout:
    """What every layout of one print page needs."""

    make_source: object
    html: str
    options: dict
    typeset_line: object
    justify: bool
    breaker: object
    memory: object
    count: int = 0          # layouts made
    stopped_after: int = 0  # the pages the first layout made, if it stopped early
    kept: bool = False      # the last plan was confirmed
    why: str = ""           # why it was not

    def render(self, plan: Plan, first: bool = False):
        """A layout with the plan's decisions; `first`: one that stops once its figures are decided
        and one of them moves (`figures.MoveWatch`), which `stopped_after` then tells and the plan's
        `region` records."""
        if self.count:
            # The last layout, let go by the caller, is a web of boxes that refer to each other:
            # only the collector frees it, and before this layout rather than after.
            gc.collect()
        self.count += 1
        watch = [] if first else None
        document = _render(self.make_source, self.html, plan, self.options, self.typeset_line, watch)
        if watch:
            self.stopped_after = watch[0].stopped_after
            if watch[0].through is not None and plan.prefix is not None:
                plan.region = {"through": watch[0].through, "digest": plan.prefix(watch[0].through)}
        return document

    def again(self, plan: Plan, last: dict, moves_decided: bool):
        """(the layout with the last build's decisions, its plan) if the passes confirm them on it,
        else (None, `plan` as it was). `moves_decided`: the last build's figure moves are known to be
        this build's (decided again, or read from the same pages), so they are made, not checked."""
        trial = plan.copy()
        if moves_decided:
            trial.figure_moves = dict(last["moves"])
        self.why = _apply_page_ends(trial, last)
        if self.why:
            return None, plan
        document = self.render(trial)
        self.why = _confirms(document, trial, last, self.breaker, self.memory, self.justify, moves_decided)
        if not self.why:
            self.kept = True
            trial.region = trial.region or last.get("region")
            return document, trial
        return None, plan


def _passes(layout: _Layout, plan: Plan, last: dict | None):
    """The passes of the module's description, from the first layout; a last plan whose figure moves
    this layout decides again is tried on the next.

    A layout is let go before the next is made (`document = None`): two laid-out reports
    at once would double the peak memory.
    """
    document = layout.render(plan, first=True)
    partial = layout.stopped_after > 0
    rebroken = layout.breaker is not None and _break_as_laid_out(document, plan, layout.breaker, layout.memory)
    moved = figures.defer_figures(document, plan)
    if last is not None and last["moves"] and (rebroken or plan.figure_moves != last["moves"]):
        layout.why = "a paragraph was set in another width than predicted" if rebroken else \
            f"the figures move so: {plan.figure_moves}, not {last['moves']}"
    elif last is not None and last["moves"]:
        document = None
        confirmed, plan = layout.again(plan, last, moves_decided=True)
        if confirmed is not None:
            return confirmed, plan
    if rebroken or moved or partial:
        document = None
        document = layout.render(plan)
        # The paragraphs of the pages the first layout did not reach are checked here.
        if partial and layout.breaker is not None and _break_as_laid_out(document, plan, layout.breaker,
                                                                         layout.memory):
            document = None
            document = layout.render(plan)
    if tables.tables_to_next_page(document, plan):
        document = None
        document = layout.render(plan)
    if layout.justify and (_drop_overflowing(document, plan) | _fix_page_ends(document, plan)):
        document = None
        document = layout.render(plan)
    return document, plan


def _render(make_source, html: str, plan: Plan, options: dict, typeset_line=str, watch: list | None = None):
    """Lay the print HTML out with the plan's edits made to WeasyPrint's tree of it.

    `typeset_line` sets the text of a continued table's caption as the edition sets captions.
    With `watch` (a list), the layout may stop early (`figures.MoveWatch`, put in the list).
    """
    source = make_source(html)
    root = weasy.source_tree(source)
    mark_blocks(root)
    tables.prepare_tables(root, typeset_line)
    found = blocks(root)
    for block, edits in plan.edits.items():
        if edits.get("kind") == "cjk":
            cjkbreak.apply_edits(found[block], edits)
        else:
            linebreak.apply_edits(found[block], edits)
    figures.move_figures(root, found, plan.figure_moves)
    for block in plan.tables_on_new_page:
        found[block].set("style", "break-before: page")
    with contextlib.ExitStack() as stack:
        stack.enter_context(weasy.continued_heads(tables.is_continued_head))
        if watch is not None:
            watch.append(figures.MoveWatch(root))
            stack.enter_context(weasy.pages_until(watch[0]))
        return source.render(**options)


# Blocks --------------------------------------------------------------------------

def mark_blocks(root) -> None:
    """Name each block a pass may edit or move: `data-block="p17"`.

    Paragraphs (`p`), list items (`li`), figures (`figure`) and report tables
    (`table`, on their holder) are numbered in document order, each kind on its
    own, on WeasyPrint's tree as parsed, before any pass edits it. Every layout
    parses the same print page, so a block has the same name in each, whatever
    a pass adds to the tree afterwards.
    """
    counts: dict[str, int] = {}
    for element in root.iter():
        tag = linebreak._tag(element)
        kind = tag if tag in ("p", "li", "figure") else (
            "table" if tag == "div" and linebreak.has_class(element, CLASSES.table) else None)
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
            element.set(BLOCK, f"{kind}{counts[kind]}")


def blocks(root) -> dict:
    """The named blocks of a parsed print page, by name."""
    return {element.get(BLOCK): element for element in root.iter() if element.get(BLOCK)}


# Paragraphs --------------------------------------------------------------------

def _break_before_layout(make_source, html: str, options: dict, plan: Plan, breaker, memory) -> None:
    """Break every justified paragraph whose width `predict` can tell, before the first layout."""
    source = make_source(html)
    root = weasy.source_tree(source)
    mark_blocks(root)
    plan.prefix = _prefix_digests(root, plan.setting)
    root_box = weasy.formatting_structure(source, **options)
    names = predict.page_names(root_box)
    probe = predict.probe_page(html, names)
    if not probe:
        return

    def measure_areas() -> dict[str, float]:
        return predict.page_areas(make_source(probe).render(**options))

    areas = memory.page_areas(f"{plan.setting} {sorted(names)}", measure_areas) if memory is not None \
        else measure_areas()
    reading = predict.reading_before_layout(root_box, areas, breaker.hyphenating)
    measure = linebreak.Measure()
    for paragraph in breaker.read(reading, root):
        plan.read[paragraph.block] = paragraph
        plan.widths[paragraph.block] = reading.blocks[paragraph.element][1]
        _break(paragraph, plan, breaker, memory, measure)


def _break(paragraph, plan: Plan, breaker, memory, measure) -> None:
    plan.keys[paragraph.block] = breakers.digest(paragraph, breaker, plan.setting)
    breakers.break_paragraph(paragraph, breaker, plan, memory, plan.keys[paragraph.block], measure)


def _break_as_laid_out(document, plan: Plan, breaker, memory=None) -> bool:
    """Break again each paragraph the layout set in another width than it was broken for, and
    break those no width was predicted for; True if any edit changed."""
    root = weasy.document_tree(document)
    # Every justified block, hyphenating or not: a paragraph broken before layout no longer hyphenates by itself.
    laid_out = linebreak.reading_of_layout(document, hyphenating=False)
    measure, changed = linebreak.Measure(), False
    for block, element in linebreak.candidate_blocks(root).items():
        if block not in plan.read or element not in laid_out.blocks:
            continue
        width = laid_out.blocks[element][1]
        if abs(width - plan.widths[block]) > 0.01:
            paragraph = plan.read[block]
            breaker.set_width(paragraph, width)
            before = plan.edits.get(block)
            _break(paragraph, plan, breaker, memory, measure)
            plan.widths[block] = width
            changed |= plan.edits.get(block) != before
    reading = linebreak.reading_of_layout(document, breaker.hyphenating)
    for paragraph in breaker.read(reading, root):
        if paragraph.block in plan.read:
            continue
        plan.read[paragraph.block] = paragraph
        plan.widths[paragraph.block] = reading.blocks[paragraph.element][1]
        _break(paragraph, plan, breaker, memory, measure)
        changed |= paragraph.block in plan.edits
    return changed


def _fix_page_ends(document, plan: Plan) -> bool:
    """Re-break paragraphs whose hyphenated line ends a page or column; True if any changed."""
    if not plan.paragraphs:
        return False
    lines = paragraph_lines(document, plan.paragraphs)
    changed = False
    settings = linebreak.Settings()
    for block, paragraph_lines_ in lines.items():
        if block not in plan.breaks:
            continue
        ends = {number for number, line in enumerate(paragraph_lines_[:-1])
                if line.hyphenated and _ends_column(line, paragraph_lines_[number + 1])}
        if not ends:
            continue
        breaking = _without_hyphens_at(plan, block, ends, len(paragraph_lines_), plan.breaks[block], settings)
        if breaking is None:
            continue
        plan.unconstrained[block] = plan.breaks[block]
        plan.page_ends[block] = sorted(ends)
        plan.breaks[block] = breaking
        plan.edits[block] = linebreak.break_edits(plan.paragraphs[block], breaking)
        changed = True
    return changed


def _without_hyphens_at(plan: Plan, block: str, ends, lines: int, breaking, settings) -> linebreak.Breaking | None:
    """The paragraph broken again in as many lines, none of `ends` hyphenated; None if that cannot be
    done or changes nothing."""
    paragraph = _measured(plan, block)
    constrained = linebreak.break_paragraph(paragraph, settings, linebreak.Constraints(frozenset(ends), lines))
    return None if constrained is None or constrained == breaking else constrained


def _drop_overflowing(document, plan: Plan) -> bool:
    """Leave to WeasyPrint any paragraph whose planned lines came out wider than the measure.

    Planned lines are measured with a point to spare, so this is a safety net:
    such a paragraph keeps soft hyphens at the places its words may break and
    WeasyPrint fills its lines one by one.
    """
    dropped = False
    for block, lines in paragraph_lines(document, plan.paragraphs).items():
        if any(line.overflow > 0.5 for line in lines):
            plan.edits[block] = linebreak.fallback_edits(_measured(plan, block))
            plan.paragraphs.pop(block)
            plan.breaks.pop(block)
            plan.dropped.add(block)
            dropped = True
    return dropped


# The last build's plan ------------------------------------------------------------

RECORD = 2   # the form of `record`; a record of another form is not read


def record(plan: Plan) -> dict:
    """The decisions a layout made, as JSON data, for the next build of the same page to try first.

    A paragraph re-broken at a page end is named with its digest (`breakers.digest`): the next
    build re-breaks it so only if the paragraph is the same.
    """
    return {"form": RECORD, "moves": dict(plan.figure_moves), "new_page": sorted(plan.tables_on_new_page),
            "dropped": sorted(plan.dropped), "region": plan.region,
            "page_ends": {block: {"lines": ends, "paragraph": plan.keys[block]}
                          for block, ends in plan.page_ends.items() if block in plan.paragraphs}}


def _prefix_digests(root, setting: str):
    """A function: block name → digest of the parsed page (and its setting) from its start through
    that block and the next named one; None for a block not on the page.

    The next block is read too: where a page ends may depend on what follows it (a heading kept
    with its text, a paragraph's widows).
    """
    elements = list(root.iter())
    position = {id(element): number for number, element in enumerate(elements)}

    def end_of(number: int) -> int:
        *_, last = elements[number].iter()
        return position[id(last)]

    def digest(through: str) -> str | None:
        start = next((n for n, element in enumerate(elements) if element.get(BLOCK) == through), None)
        if start is None:
            return None
        end = end_of(start)
        following = next((n for n in range(end + 1, len(elements)) if elements[n].get(BLOCK)), None)
        end = end_of(following) if following is not None else len(elements) - 1
        hashed = hashlib.sha256(setting.encode("utf-8"))
        for element in elements[:end + 1]:
            hashed.update(repr((element.tag, sorted(element.attrib.items()), element.text, element.tail))
                          .encode("utf-8"))
        return hashed.hexdigest()

    return digest


def _region_unchanged(plan: Plan, last: dict) -> bool:
    """Whether the pages the last build's first layout stopped after would be laid out as they were."""
    region = last.get("region")
    if not last["moves"] or plan.prefix is None or not isinstance(region, dict) \
            or not isinstance(region.get("through"), str) or not region.get("digest"):
        return False
    return plan.prefix(region["through"]) == region["digest"]


def _usable(last: dict | None) -> dict | None:
    """The last build's record if the one-layout check can confirm it: its own form, and no table
    moved to a new page nor paragraph left to WeasyPrint (those are decided on a layout without them)."""
    if not isinstance(last, dict) or last.get("form") != RECORD or last.get("new_page") or last.get("dropped"):
        return None
    return last


def _measured(plan: Plan, block: str) -> linebreak.Paragraph:
    """A planned paragraph with its items (measured now if its breaks were remembered)."""
    paragraph = plan.paragraphs[block]
    plan.breaker.measure(paragraph)
    return paragraph


def _apply_page_ends(plan: Plan, last: dict) -> str:
    """Break again, as the last build did, each paragraph whose hyphen ended a page; why not, if one of
    them changed or no longer breaks so ("" when all did)."""
    settings = linebreak.Settings()
    for block, kept in last["page_ends"].items():
        paragraph = plan.paragraphs.get(block)
        if paragraph is None or plan.keys.get(block) != kept["paragraph"]:
            return f"{block}, re-broken at a page end, changed"
        unconstrained = plan.breaks[block]
        breaking = _without_hyphens_at(plan, block, kept["lines"], len(unconstrained.breaks), unconstrained, settings)
        if breaking is None:
            return f"{block} no longer breaks without a hyphen at line {kept['lines']}"
        plan.unconstrained[block] = unconstrained
        plan.page_ends[block] = list(kept["lines"])
        plan.breaks[block] = breaking
        plan.edits[block] = linebreak.break_edits(paragraph, breaking)
    return ""


def _confirms(document, plan: Plan, last: dict, breaker, memory, justify: bool, moves_decided: bool) -> str:
    """Whether the passes, run on a layout made with the last build's decisions, decide exactly those:
    "" if they do, else what they decide otherwise.

    Page ends are found on this layout as on the one without them: a paragraph re-broken at a page
    end keeps its number of lines. Figure moves are checked here only when the last build made none
    (`moves_decided`: they were decided again on a layout without them).
    """
    if breaker is not None and _break_as_laid_out(document, plan, breaker, memory):
        return "a paragraph was set in another width than predicted"
    if not moves_decided and figures.defer_figures(document, plan):
        return f"the figures move so: {plan.figure_moves}, not {last['moves']}"
    short = tables.short_starts(document)
    if short:
        return f"a table leaves under {tables.MIN_ROWS_AT_FOOT} rows on its first page: {sorted(short)}"
    if justify and not _page_ends_confirmed(document, plan, last):
        return "the paragraphs whose hyphen ends a page are others"
    return ""


def _page_ends_confirmed(document, plan: Plan, last: dict) -> bool:
    """No planned line runs past its measure, and the hyphenated lines that end a page or column are the
    ones the last build re-broke, each paragraph in its number of lines."""
    settings = linebreak.Settings()
    found: dict[str, list[int]] = {}
    for block, lines in paragraph_lines(document, plan.paragraphs).items():
        unconstrained = plan.unconstrained.get(block, plan.breaks[block])
        if len(lines) != len(unconstrained.breaks):
            return False
        if block not in plan.unconstrained and any(line.overflow > 0.5 for line in lines):
            return False
        hyphenated = _hyphenated_lines(_measured(plan, block), unconstrained) if block in plan.unconstrained \
            else {number for number, line in enumerate(lines) if line.hyphenated}
        ends = {number for number in hyphenated
                if number + 1 < len(lines) and _ends_column(lines[number], lines[number + 1])}
        if ends and _without_hyphens_at(plan, block, ends, len(lines), unconstrained, settings):
            found[block] = sorted(ends)
    return found == {block: kept["lines"] for block, kept in last["page_ends"].items()}


def _hyphenated_lines(paragraph: linebreak.Paragraph, breaking: linebreak.Breaking) -> set[int]:
    """The lines a breaking ends with a hyphen (a dictionary hyphenation or after a hyphen in the text)."""
    return {number for number, position in enumerate(breaking.breaks)
            if position < len(paragraph.items) and paragraph.items[position].kind == "penalty"
            and paragraph.items[position].flagged}


@dataclass
class Line:
    """Where a line of a paragraph was set and how it ends."""

    page: int
    x: float
    y: float
    hyphenated: bool
    text: str
    overflow: float = 0.0      # how far the line runs past its block's right edge


def _ends_column(line: Line, following: Line) -> bool:
    return following.page != line.page or abs(following.x - line.x) > 1 or following.y < line.y


def paragraph_lines(document, paragraphs) -> dict[str, list[Line]]:
    """The lines of the listed paragraphs, by block name, in reading order."""
    root = weasy.document_tree(document)
    names = {id(el): block for block, el in linebreak.candidate_blocks(root).items() if block in paragraphs}
    found: dict[str, list[Line]] = {}
    for page_number, page in enumerate(document.pages):
        for box in weasy.descendants(weasy.page_box(page)):
            if not weasy.is_block_container(box) or id(box.element) not in names:
                continue
            right = box.content_box_x() + box.width
            for child in box.children:
                if weasy.is_line(child):
                    text = _line_text(child)
                    found.setdefault(names[id(box.element)], []).append(
                        Line(page_number, child.position_x, child.position_y,
                             text.endswith(("\u2010", "-")), text, _right_edge(child) - right))
    return found


def _right_edge(line) -> float:
    texts = [box for box in weasy.descendants(line) if weasy.is_text(box)]
    return max((box.position_x + box.width for box in texts), default=line.position_x)


def _line_text(line) -> str:
    return "".join(weasy.text_of(box) for box in weasy.descendants(line) if weasy.is_text(box))
