"""Justified paragraphs broken into lines as a whole (Knuth and Plass), for WeasyPrint.

WeasyPrint fills each line as far as it goes and hyphenates whenever the next
word does not fit: in a measure of 60–70 characters that either hyphenates a
line in five or leaves wide word spaces. Here every justified paragraph is
broken at once, in the width and fonts it is set in (read before layout by
`reportkit.pdf.predict`, or from a layout), choosing the breaks that keep word spaces closest
to their natural width over the whole paragraph, with hyphenation only where it
pays, never in a capitalised word, never three hyphens running and never on the
last line of a page or column. The choice is written into the document tree —
no-break spaces where no line may end, soft hyphens where one does — so the
layout sets exactly those lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..render.look import CLASSES
from . import weasy

SOFT_HYPHEN, NO_BREAK_SPACE, WORD_JOINER = "\u00ad", "\u00a0", "\u2060"
COLLAPSIBLE = " \t\n\r"
SAFETY = 1.0          # pt kept free on each line against measuring differences
NATURAL_SPACE_MAX = 0.40   # em: a word space wider than this reads as a gap
NATURAL_SPACE_MIN = 0.13   # em: one narrower than this runs the words together
BLOCK_TAGS = {"p", "ul", "ol", "div", "table", "figure", "blockquote", "br", "img", "svg", "pre"}
# The attribute naming each paragraph, list item, figure and report table of the print page
# (`reportkit.pdf.paginate.mark_blocks`): every pass finds a block again by it.
BLOCK = "data-block"
CITATION = "citation"   # pandoc's in-text citation span


@dataclass(frozen=True)
class Settings:
    """What a good paragraph costs; TeX's defaults where they apply."""

    hyphen_penalty: float = 250
    explicit_penalty: float = 50
    line_penalty: float = 10
    adjacent_demerits: float = 10000
    double_hyphen_demerits: float = 10000
    final_hyphen_demerits: float = 20000
    short_last_line_demerits: float = 2000
    max_hyphen_run: int = 2
    # Passes: hyphenate or not, and the loosest line allowed (1 = spaces of 0.40 em).
    passes: tuple = ((False, 1.0), (True, 1.3), (True, 2.0), (True, 4.0), (True, 100.0))


@dataclass
class Item:
    """A box (text), glue (a word space) or penalty (a place a word may break)."""

    kind: str
    width: float = 0.0
    stretch: float = 0.0
    shrink: float = 0.0
    penalty: float = 0.0
    flagged: bool = False        # a break here ends the line with a hyphen
    breakable: bool = True       # glue: a line may end here (not a no-break space)
    auto: bool = False           # penalty: a dictionary hyphenation point
    where: tuple = ()            # (slot, index) of the character this item starts or breaks at
    text: str = ""               # box: the text it sets


@dataclass
class Slot:
    """One piece of text in the tree: an element's text or a child's tail, and the font it is set in."""

    element: object
    attribute: str
    style: object


@dataclass
class Paragraph:
    """A justified block of the document: its text slots, line widths and break items."""

    block: str                  # its `data-block` name
    element: object
    slots: list[Slot]
    width: float
    indent: float
    items: list[Item] = field(default_factory=list)
    dropped: list = field(default_factory=list)   # (slot, index) of white space collapsed away


# Reading the page ---------------------------------------------------------------

def candidate_blocks(root) -> dict:
    """Paragraphs and list items by their block name, in document order.

    A figure's note is left out: figures move (`reportkit.paginate`), their notes with them.
    """
    notes = {id(el) for note in root.iter() if has_class(note, CLASSES.figure_note) for el in note.iter()}
    return {el.get(BLOCK): el for el in root.iter()
            if _tag(el) in ("p", "li") and el.get(BLOCK) and id(el) not in notes}


def has_class(element, name: str) -> bool:
    """Whether a tree element carries the class `name`."""
    return name in (element.get("class") or "").split()


def _tag(element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


@dataclass
class Reading:
    """What the breakers need of a page: each justified block's style and content width, and the
    style of each element's text. Read from a layout (`reading_of_layout`) or predicted from the
    box tree before any layout (`reportkit.pdf.predict`)."""

    blocks: dict = field(default_factory=dict)    # element → (block style, content width)
    styles: dict = field(default_factory=dict)    # element → style of the text it holds


def is_justified(box, hyphenating: bool = True) -> bool:
    """A block of lines set justified (and hyphenated, unless `hyphenating` is False)."""
    return box.style["text_align_all"] == "justify" and (not hyphenating or box.style["hyphens"] == "auto")


def reading_of_layout(document, hyphenating: bool = True) -> Reading:
    """The justified blocks of a laid-out document with the widths they were set in, and the
    style of each element's text, from its text boxes."""
    reading = Reading()
    for page in document.pages:
        for box in weasy.descendants(weasy.page_box(page)):
            if weasy.is_block_container(box) and box.element is not None and is_justified(box, hyphenating) \
                    and any(weasy.is_line(child) for child in box.children):
                reading.blocks.setdefault(box.element, (box.style, box.width))
            # Pseudo-elements (a list item's marker) share their element but not its font.
            elif weasy.is_text(box) and box.element is not None and "::" not in box.element_tag:
                reading.styles.setdefault(box.element, box.style)
    return reading


def read_paragraphs(reading: Reading, root) -> list[Paragraph]:
    """The justified paragraphs of a page `reading` describes, with their text slots and widths."""
    paragraphs = []
    for block, element in candidate_blocks(root).items():
        if element not in reading.blocks or _has_blocks(element):
            continue
        style, width = reading.blocks[element]
        indent = style["text_indent"]
        indent = indent.value if getattr(indent, "unit", "px") == "px" else 0
        slots = list(_slots(element, reading.styles, style))
        paragraphs.append(Paragraph(block, element, slots, width, indent))
    return paragraphs


def _has_blocks(element) -> bool:
    return any(_tag(el) in BLOCK_TAGS for el in element.iter() if el is not element)


def _slots(element, styles, style):
    own = styles.get(element, style)
    yield Slot(element, "text", own)
    for child in element:
        if isinstance(child.tag, str):
            yield from _slots(child, styles, own)
        yield Slot(child, "tail", own)


# Items ------------------------------------------------------------------------

class Measure:
    """Widths of text in the fonts WeasyPrint uses, measured with Pango: each text once per set of
    text properties (`weasy.text_style_key`), whichever paragraph it is in."""

    def __init__(self):
        self.cache = {}
        self.keys = {}    # id(style) → (style, its key): the style kept, so its id is not reused

    def __call__(self, text: str, style) -> float:
        known = self.keys.get(id(style))
        if known is None:
            known = self.keys[id(style)] = (style, weasy.text_style_key(style))
        key = (text, known[1])
        if key not in self.cache:
            self.cache[key] = weasy.text_width(text, style)
        return self.cache[key]

    def space(self, char: str, style, sample: str = "x") -> float:
        """A word space as it is set between two words, with the style's word spacing; `sample`
        is the character on either side (a Han one sets a CJK face's space)."""
        return self(f"{sample}{char}{sample}", style) - self(sample * 2, style)


def _characters(paragraph: Paragraph, dropped: list | None = None):
    """(slot number, index, character) with white space collapsed as CSS does.

    `dropped` collects the white space the collapsing removes.
    """
    chars, previous_space = [], True
    for number, slot in enumerate(paragraph.slots):
        text = getattr(slot.element, slot.attribute) or ""
        for index, char in enumerate(text):
            if char in COLLAPSIBLE:
                if previous_space:
                    if dropped is not None:
                        dropped.append((number, index))
                    continue
                previous_space = True
                chars.append((number, index, " "))
            else:
                previous_space = False
                chars.append((number, index, char))
    while chars and chars[-1][2] == " ":
        chars.pop()
    return chars


_WORD_PART = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)?")


def build_items(paragraph: Paragraph, measure: Measure, hyphenator) -> list[Item]:
    """Boxes, glue and penalties for the paragraph's text, measured in its fonts.

    A word of an in-text citation is never hyphenated: "(Wang 1900, 5)" and a
    short title are what a reader looks up in the reference list.
    """
    chars = _characters(paragraph, paragraph.dropped)
    cited = _citation_slots(paragraph)
    items, start = [], 0
    while start < len(chars):
        number, index, char = chars[start]
        style = paragraph.slots[number].style
        if char in (" ", NO_BREAK_SPACE):
            em = style["font_size"]
            natural = measure.space(char, style)
            items.append(Item("glue", natural, stretch=max(0.0, NATURAL_SPACE_MAX * em - natural),
                              shrink=max(0.0, natural - NATURAL_SPACE_MIN * em),
                              breakable=char == " ", where=(number, index)))
            start += 1
            continue
        end = start
        while end < len(chars) and chars[end][2] not in (" ", NO_BREAK_SPACE):
            end += 1
        whole = any(number in cited for number, _, _ in chars[start:end])
        items += _word_items(chars[start:end], paragraph, measure, None if whole else hyphenator)
        start = end
    return _keep_amounts_together(items)


def _citation_slots(paragraph: Paragraph) -> set[int]:
    """The numbers of the slots whose text is inside an in-text citation (pandoc's span)."""
    inside = {id(el) for citation in paragraph.element.iter() if has_class(citation, CITATION)
              for el in citation.iter()}
    parents = {id(child): parent for parent in paragraph.element.iter() for child in parent}
    found = set()
    for number, slot in enumerate(paragraph.slots):
        holder = slot.element if slot.attribute == "text" else parents.get(id(slot.element))
        if holder is not None and id(holder) in inside:
            found.add(number)
    return found


def _word_items(word: list, paragraph: Paragraph, measure: Measure, hyphenator) -> list[Item]:
    text = "".join(c for _, _, c in word)
    explicit = _explicit_breaks(text)
    dictionary = _dictionary_breaks(text, hyphenator) - explicit
    items, last = [], 0
    for position in sorted(explicit | dictionary):
        items.append(Item("box", _width(word[last:position], paragraph, measure), where=word[last][:2],
                          text=text[last:position]))
        style = paragraph.slots[word[position - 1][0]].style
        auto = position in dictionary
        flagged = auto or text[position - 1] == "-"
        items.append(Item("penalty", measure(style["hyphenate_character"], style) if auto else 0.0,
                          penalty=0.0, flagged=flagged, auto=auto, where=word[position][:2]))
        last = position
    items.append(Item("box", _width(word[last:], paragraph, measure), where=word[last][:2],
                      text=text[last:]))
    return items


_MAGNITUDE = re.compile(r"(?:thousand|million|billion|trillion)\b")


def _keep_amounts_together(items: list[Item]) -> list[Item]:
    """No line ends inside an amount, nor is its word hyphenated: ¥6.6 billion, $156 million."""
    kept, index = [], 0
    while index < len(items):
        glue = items[index]
        kept.append(glue)
        index += 1
        if not (glue.kind == "glue" and len(kept) > 1 and kept[-2].kind == "box"
                and kept[-2].text[-1:].isdigit() and _MAGNITUDE.match(_word_from(items, index))):
            continue
        glue.breakable = False
        word = []
        while index < len(items) and items[index].kind != "glue":
            word.append(items[index])
            index += 1
        boxes = [item for item in word if item.kind == "box"]
        kept.append(Item("box", sum(b.width for b in boxes), where=boxes[0].where,
                         text="".join(b.text for b in boxes)))
    return kept


def _word_from(items: list[Item], start: int) -> str:
    """The text of the word that starts at `start`, across its hyphenation points."""
    text = []
    for item in items[start:]:
        if item.kind == "glue":
            break
        text.append(item.text)
    return "".join(text)


def _width(chars: list, paragraph: Paragraph, measure: Measure) -> float:
    """Width of a run of characters that may change font between slots."""
    total, run, run_slot = 0.0, "", None
    for number, _, char in chars:
        if number != run_slot and run:
            total += measure(run, paragraph.slots[run_slot].style)
            run = ""
        run_slot = number
        run += char
    if run:
        total += measure(run, paragraph.slots[run_slot].style)
    return total


def _explicit_breaks(text: str) -> set[int]:
    """After a hyphen or dash that joins two words (not a range of numbers)."""
    return {i + 1 for i, c in enumerate(text[:-1])
            if c in "-–—" and i > 0 and text[i - 1].isalpha() and text[i + 1].isalpha()}


def _dictionary_breaks(text: str, hyphenator) -> set[int]:
    """Hyphenation points of the lower-case words in a run of text (never a capitalised word)."""
    if hyphenator is None or "://" in text or "@" in text:
        return set()
    return set(_dictionary_breaks_cached(text, hyphenator))


@lru_cache(maxsize=65536)
def _dictionary_breaks_cached(text: str, hyphenator) -> tuple[int, ...]:
    found = []
    for match in _WORD_PART.finditer(text):
        word = match.group(0)
        letters = re.sub(r"[’'].*$", "", word)
        before = text[match.start() - 1] if match.start() else ""
        if len(letters) < 6 or not letters.islower() or before.isdigit() or before.isalpha():
            continue
        found += [match.start() + p for p in hyphenator.positions(letters)]
    return tuple(found)


# Breaking ---------------------------------------------------------------------

@dataclass(frozen=True)
class Constraints:
    """Lines that may not end with a hyphen (page and column ends), and the line count to keep."""

    no_hyphen_lines: frozenset = frozenset()
    lines: int | None = None


@dataclass(frozen=True)
class Breaking:
    """A paragraph's chosen line ends (item indices) and how far each line closes its word spaces (px each)."""

    breaks: tuple[int, ...]
    closing: tuple[float, ...]


@dataclass(frozen=True)
class _Line:
    """How one candidate line is set: its word-space ratio (below 0: spaces closed up) and how far
    each of its word spaces closes (px)."""

    ratio: float
    closing: float


def break_paragraph(paragraph: Paragraph, settings: Settings,
                    constraints: Constraints = Constraints()) -> Breaking | None:
    """The best line ends for the paragraph, or None when no pass finds acceptable lines."""
    if not any(i.kind == "glue" and i.breakable for i in paragraph.items):
        return None
    for hyphenate, tolerance in settings.passes:
        found = _best_breaks(paragraph, settings, hyphenate, tolerance, constraints)
        if found is not None:
            return found
    return None


def _fit(natural: float, stretch: float, shrink: float, spaces: int, width: float, last: bool) -> _Line | None:
    """Set one line by its word spaces alone: they close up a little to fit a word, or open to fill."""
    if natural > width:
        excess = natural - width
        if excess > shrink or not spaces:
            return None
        return _Line(-excess / shrink, excess / spaces)
    if last:
        return _Line(0.0, 0.0)
    slack = width - natural
    return _Line(slack / stretch if stretch else float("inf"), 0.0)


def _best_breaks(paragraph, settings, hyphenate, tolerance, constraints) -> Breaking | None:
    """Knuth–Plass over the items: the breaks of least total demerits, or None if no lines fit."""
    items = paragraph.items
    n = len(items)
    widths, stretches, shrinks, spaces = [0.0], [0.0], [0.0], [0]
    for item in items:
        widths.append(widths[-1] + (item.width if item.kind != "penalty" else 0.0))
        stretches.append(stretches[-1] + (item.stretch if item.kind == "glue" else 0.0))
        shrinks.append(shrinks[-1] + (item.shrink if item.kind == "glue" else 0.0))
        spaces.append(spaces[-1] + (item.kind == "glue"))
    points = break_points(items, hyphenate)
    track_lines = bool(constraints.no_hyphen_lines) or constraints.lines is not None
    # state: (break position, line number, fitness, hyphen run) → (demerits, previous state, line setting)
    start_state = (-1, 0, 1, 0)
    best = {start_state: (0.0, None, None)}
    by_position = {-1: [start_state]}
    for first, a in enumerate([-1] + points):
        for state in by_position.get(a, []):
            demerits = best[state][0]
            _, line, fitness, run = state
            start = a + 1
            line_width = line_width_of(paragraph, line)
            for b in points[first:]:
                natural = widths[b] - widths[start]
                penalty_item = items[b] if b < n and items[b].kind == "penalty" else None
                if penalty_item:
                    natural += penalty_item.width
                shrink = shrinks[b] - shrinks[start]
                if natural - shrink > line_width:
                    break
                setting = _fit(natural, stretches[b] - stretches[start], shrink, spaces[b] - spaces[start],
                               line_width, last=b == n)
                if setting is None or setting.ratio > tolerance:
                    continue
                flagged = bool(penalty_item and penalty_item.flagged)
                new_run = run + 1 if flagged else 0
                if new_run > settings.max_hyphen_run or (flagged and line in constraints.no_hyphen_lines):
                    continue
                cost = _demerits(penalty_item, b == n, setting, fitness, run, flagged, settings,
                                 natural / line_width)
                new_fitness = _fitness(setting.ratio) if b < n else 1
                key = (b, line + 1 if track_lines else min(line + 1, 1), new_fitness, new_run)
                total = demerits + cost
                if key not in best or total < best[key][0]:
                    if key not in best:
                        by_position.setdefault(b, []).append(key)
                    best[key] = (total, state, setting)
    finals = [(value[0], key) for key, value in best.items() if key[0] == n
              and (constraints.lines is None or key[1] == constraints.lines)]
    if not finals:
        return None
    _, key = min(finals)
    breaks, closings = [], []
    while key is not None and key[0] != -1:
        breaks.append(key[0])
        closings.append(round(best[key][2].closing, 3))
        key = best[key][1]
    return Breaking(tuple(reversed(breaks)), tuple(reversed(closings)))


def break_points(items: list[Item], hyphenate: bool = True) -> list[int]:
    """The item indices a line may end at (a breakable space after a box, a penalty; dictionary
    hyphenation points only with `hyphenate`), and the paragraph's end."""
    return [i for i, item in enumerate(items)
            if (item.kind == "glue" and item.breakable and i > 0 and items[i - 1].kind == "box")
            or (item.kind == "penalty" and (hyphenate or not item.auto))] + [len(items)]


def line_width_of(paragraph: Paragraph, line: int) -> float:
    """The width a planned line may fill: the measure, less the first line's indent and a point to spare."""
    return paragraph.width - SAFETY - (paragraph.indent if line == 0 else 0)


def _fitness(ratio: float) -> int:
    """TeX's classes: tight, decent, loose, very loose; lines two classes apart should not meet."""
    return 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1.0 else 3


def _demerits(penalty_item, last, setting, fitness, run, flagged, settings, fullness) -> float:
    if last:
        extra = settings.short_last_line_demerits if fullness < 0.08 else 0.0
        # The line before the last ends with a hyphen: the paragraph ends on a word fragment.
        extra += settings.final_hyphen_demerits if run else 0.0
        return settings.line_penalty ** 2 + extra
    badness = min(100 * abs(setting.ratio) ** 3, 10000.0)
    penalty = 0.0
    if penalty_item is not None:
        penalty = settings.hyphen_penalty if penalty_item.auto else settings.explicit_penalty
    demerits = (settings.line_penalty + badness) ** 2 + penalty ** 2
    if flagged and run:
        demerits += settings.double_hyphen_demerits
    if abs(_fitness(setting.ratio) - fitness) > 1:
        demerits += settings.adjacent_demerits
    return demerits


# Writing the breaks into the tree ----------------------------------------------

def break_edits(paragraph: Paragraph, breaking: Breaking) -> dict:
    """The changes that make the chosen breaks the only places a line can end, and set each line's spacing.

    By slot number and character index, so they apply to any parse of the same HTML:
    a space where no line ends becomes a no-break space (collapsed white space is
    removed, or it would show beside it), a chosen hyphenation point gets a soft
    hyphen, a dash or hyphen where no line ends gets a word joiner after it, and a
    line whose word spaces close up starts a new span at its first character.
    """
    chosen = set(breaking.breaks)
    base = _word_spacing(paragraph)
    edits: dict = {"text": {}, "lines": {},
                   "spacing": tuple(base - closing if closing else None for closing in breaking.closing)}
    text = edits["text"]
    for number, index in paragraph.dropped:
        text.setdefault(number, {})[index] = ""
    for position, item in enumerate(paragraph.items):
        number, index = item.where
        if item.kind == "glue" and position not in chosen:
            text.setdefault(number, {})[index] = NO_BREAK_SPACE
        elif item.kind == "penalty" and position in chosen and item.auto:
            text.setdefault(number, {})[index] = ("insert", SOFT_HYPHEN)
        elif item.kind == "penalty" and position not in chosen and not item.auto:
            text.setdefault(number, {})[index] = ("insert", WORD_JOINER)
    for line, position in enumerate(breaking.breaks[:-1], 1):
        number, index = paragraph.items[position].where
        edits["lines"].setdefault(number, {})[index] = line
    return edits


def _word_spacing(paragraph: Paragraph) -> float:
    """The word spacing the paragraph's stylesheet sets (px): a line's span replaces it, so it adds to it."""
    style = paragraph.slots[0].style if paragraph.slots else None
    value = style["word_spacing"] if style is not None else 0.0
    return value if isinstance(value, (int, float)) else 0.0


def fallback_edits(paragraph: Paragraph) -> dict:
    """Edits for a paragraph WeasyPrint breaks line by line: soft hyphens only where words may break."""
    text: dict = {}
    for item in paragraph.items:
        if item.kind == "penalty" and item.auto:
            number, index = item.where
            text.setdefault(number, {})[index] = ("insert", SOFT_HYPHEN)
    return {"text": text, "lines": {}, "spacing": ()}


def apply_edits(element, edits: dict) -> None:
    """Write a paragraph's break edits into its text, and stop WeasyPrint from hyphenating it itself."""
    slots = list(_slots(element, {}, None))
    parents = {child: parent for parent in element.iter() for child in parent}
    spacing = edits["spacing"]
    line = 0
    for number, slot in enumerate(slots):
        text = getattr(slot.element, slot.attribute) or ""
        pieces, line = _edited(text, edits["text"].get(number, {}), edits["lines"].get(number, {}), line)
        _place(slot, [(piece, spacing[k] if k < len(spacing) else None) for piece, k in pieces], parents)
    element.set("style", (element.get("style") or "") + ";hyphens:manual")


def _edited(text: str, changes: dict, starts: dict, line: int) -> tuple[list[tuple[str, int]], int]:
    """The slot's text after the changes, cut into (piece, line number) where lines start.

    At a hyphenation point the next line's piece starts one character late:
    WeasyPrint draws the hyphen only when it breaks a text at its soft hyphen,
    not when a text simply ends with one, so the soft hyphen must not end a piece.
    """
    starts = dict(starts)
    for index in [i for i in starts if changes.get(i) == ("insert", SOFT_HYPHEN)]:
        number = starts.pop(index)
        if index + 1 < len(text):
            starts[index + 1] = number
    pieces, current = [], []
    for index, char in enumerate(text):
        change = changes.get(index)
        if index in starts:
            pieces.append(("".join(current), line))
            current, line = [], starts[index]
        if isinstance(change, tuple):
            current.append(change[1])
            change = None
        current.append(char if change is None else change)
    pieces.append(("".join(current), line))
    return [(piece, number) for piece, number in pieces if piece] or [("", line)], line


def insertion_point(slot: Slot, parents: dict) -> tuple[object, int]:
    """(parent, index) where an element inserted there follows the slot's text in reading order:
    the first child of the slot's element for its text, the next sibling for its tail."""
    if slot.attribute == "text":
        return slot.element, 0
    parent = parents[slot.element]
    return parent, list(parent).index(slot.element) + 1


def _place(slot: Slot, pieces: list[tuple[str, float]], parents: dict) -> None:
    """Put the pieces back in the tree, each line whose word spaces close up in its own span (px)."""
    import xml.etree.ElementTree as ET

    leading = []
    while pieces and pieces[0][1] is None:
        leading.append(pieces.pop(0)[0])
    setattr(slot.element, slot.attribute, "".join(leading) or None)
    if not pieces:
        return
    parent, position = insertion_point(slot, parents)
    previous = None
    for piece, spacing in pieces:
        if spacing is None and previous is not None:
            previous.tail = (previous.tail or "") + piece
            continue
        span = ET.Element("span", {"style": f"word-spacing:{spacing:.3f}px"})
        parents[span] = parent
        span.text = piece
        parent.insert(position, span)
        position += 1
        previous = span

