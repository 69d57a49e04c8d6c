"""Justified CJK paragraphs broken into lines as a whole, pushing in before spreading out.

WeasyPrint fills a line as far as it goes. Where what follows cannot start a line
— a character with its superscript citation and full stop, a paragraph's last two
characters — the line ends before it, and justification spreads the shortfall
over every character of the line: visible tracking. Chinese typesetting fits
such a cluster into the line instead, by setting some of the line's punctuation
at half width (clreq's 推入, "push in"), and spreads a line only where nothing
can be pushed in.

Here each justified CJK paragraph is broken at once
(Knuth–Plass, `reportkit.pdf.linebreak`): every character is a box of its
measured width, every typesetting space (`reportkit.pdf.typeset`) a glue that
stretches, and every full-width mark a box of half its width with glue that
gives up the other half. The chosen breaks are written into the tree — a
no-break space at every other break opportunity, the marks a line compresses in
`halt` spans — so the layout sets exactly those lines.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from ..render.look import CLASSES
from . import linebreak
from .linebreak import NO_BREAK_SPACE, Item, Paragraph
from .typeset import CJK_CHAR, CJK_TEXT, CLOSING, COMPRESSIBLE_CLOSING, LETTER, OPENING, breaks_between

# What one space may open by, as a share of the em, before a line reads as tracked out:
# the unit of a line's stretch ratio (ratio 1 = every space 0.05 em wider).
SPREAD = 0.05
# Marks whose blank half a line may give up (OpenType `halt`): closing and opening
# punctuation drawn full width. ？ and ！ are left out: their glyphs are not set in one half.
COMPRESSIBLE = COMPRESSIBLE_CLOSING + OPENING
_ZERO_WIDTH_BREAK = "\u200b"
_CJK = re.compile(f"[{CJK_TEXT}]")
MARGIN = 0.25   # em kept free at the end of each planned line (see `read_paragraphs`)
SETTINGS = linebreak.Settings(passes=((False, 1.0), (False, 2.0), (False, 4.0), (False, 100.0)))


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def read_paragraphs(reading: linebreak.Reading, root) -> list[Paragraph]:
    """The justified paragraphs and list items of a CJK page (`linebreak.Reading`), with the width
    their planned lines may fill: a quarter em less than the block.

    WeasyPrint sets a no-break space that ends a text box (before an inline element)
    or stands in bold type a little wider than a space measured between two
    characters; planned lines that fill the block to the pixel would then not fit,
    and WeasyPrint would end them early and spread them. What the margin leaves is
    spread over the line's thirty-odd spaces: under a hundredth of an em each.
    """
    paragraphs = linebreak.read_paragraphs(reading, root)
    for paragraph in paragraphs:
        if paragraph.slots:
            paragraph.width -= MARGIN * paragraph.slots[0].style["font_size"]
    return paragraphs


def build_items(paragraph: Paragraph, measure: linebreak.Measure) -> list[Item]:
    """Boxes for the characters (a Latin word as one box), glue for the spaces, half-width marks,
    and a break opportunity of no width where a line may end without a space."""
    chars = linebreak._characters(paragraph, paragraph.dropped)
    body = paragraph.slots[0].style["font_size"] if paragraph.slots else 0

    def small(position: int) -> bool:
        return paragraph.slots[chars[position][0]].style["font_size"] < 0.9 * body

    items: list[Item] = []
    start = 0
    while start < len(chars):
        number, index, char = chars[start]
        if start and items[-1].kind == "box" and _may_break_before(chars[start - 1][2], small(start - 1),
                                                                   char, small(start)):
            items.append(Item("glue", 0.0, breakable=True, where=(number, index), text="break"))
        if char in _SPACES:
            items.append(_space(paragraph, chars, start, measure))
            start += 1
        elif is_cjk(char):
            items += _character(paragraph.slots[number], number, index, char, measure)
            start += 1
        else:
            end = start
            while end < len(chars) and chars[end][0] == number and not is_cjk(chars[end][2]) \
                    and chars[end][2] not in _SPACES:
                end += 1
            word = "".join(c for _, _, c in chars[start:end])
            beside = (start and is_cjk(chars[start - 1][2]), end < len(chars) and is_cjk(chars[end][2]))
            items.append(Item("box", _word_width(measure, word, paragraph.slots[number].style, *beside),
                              where=(number, index), text=word))
            start = end
    return items


_SPACES = (" ", NO_BREAK_SPACE, _ZERO_WIDTH_BREAK)


def _space(paragraph: Paragraph, chars: list, position: int, measure) -> Item:
    """A space as glue: it stretches as every space of a justified line does; a Han–Latin gap may
    also close to half its width in a line that pushes in."""
    number, index, char = chars[position]
    slot = paragraph.slots[number]
    before = chars[position - 1][2] if position else ""
    after = chars[position + 1][2] if position + 1 < len(chars) else ""
    gap = _is_gap(slot)
    # A CJK face's space between CJK characters (the stylesheet closes it to nothing) and in a
    # Han–Latin gap; a Latin face's elsewhere.
    sample = "一" if gap or (is_cjk(before) and is_cjk(after)) else "x"
    width = 0.0 if char == _ZERO_WIDTH_BREAK else max(0.0, measure.space(char, slot.style, sample))
    return Item("glue", width, stretch=SPREAD * slot.style["font_size"], shrink=width / 2 if gap else 0.0,
                breakable=char != NO_BREAK_SPACE, where=(number, index), text="gap" if gap else "")


def _character(slot, number: int, index: int, char: str, measure) -> list[Item]:
    """A CJK character as a box; a full-width mark as half a box and glue that gives up the other half."""
    em, width = slot.style["font_size"], measure(char, slot.style)
    if char in COMPRESSIBLE and width > 0.9 * em and not _halted(slot.element):
        # The blank half first: a break after the mark must follow a box.
        return [Item("glue", em / 2, shrink=em / 2, breakable=False, where=(number, index), text="halt"),
                Item("box", width - em / 2, where=(number, index), text=char)]
    return [Item("box", width, where=(number, index), text=char)]


def _word_width(measure, word: str, style, cjk_before: bool, cjk_after: bool) -> float:
    """A run of non-CJK text as set beside CJK characters: there a dash takes the CJK face's
    glyph, a full em ("目标——逐项"), where alone it would take the Latin one."""
    before, after = "一" if cjk_before else "", "一" if cjk_after else ""
    return measure(f"{before}{word}{after}", style) - measure(before + after, style)


def _may_break_before(previous: str, previous_small: bool, char: str, small: bool) -> bool:
    """Where Chinese lets a line end between two characters that no space separates: after a
    superscript citation, before a character or opening mark ("结果[2]" / "（见图1）"); after
    a closing mark, before a Latin letter or digit ("。" / "1900"); and on either side of the
    Chinese dash ("目标" / "——逐项", "目标——" / "逐项"; the typesetter joins its halves and
    a connecting dash to what it joins). Two CJK characters that meet across elements follow
    the typesetter's rules."""
    if previous_small and not small:
        return bool(LETTER.match(char)) or char in OPENING
    if CJK_CHAR.match(previous) and CJK_CHAR.match(char):
        # Two characters of two elements ("<strong>……。</strong>此后"): the typesetter's rules.
        return breaks_between(previous, char)
    if char == "—" and (LETTER.match(previous) or previous in CLOSING):
        return True
    if previous == "—" and (LETTER.match(char) or char in OPENING):
        return True
    return previous in CLOSING and char.isascii() and char.isalnum()


def _halted(element) -> bool:
    return linebreak.has_class(element, CLASSES.halt)


def _is_gap(slot) -> bool:
    return slot.attribute == "text" and linebreak.has_class(slot.element, CLASSES.gap)


def break_paragraph(paragraph: Paragraph) -> linebreak.Breaking | None:
    """The paragraph's best line ends, or None where WeasyPrint's own (first-fit) lines are as good:
    the same breaks, nothing pushed in."""
    breaking = linebreak.break_paragraph(paragraph, SETTINGS)
    if breaking is None or breaking.breaks == first_fit(paragraph):
        return None
    return breaking


def first_fit(paragraph: Paragraph) -> tuple[int, ...]:
    """The breaks WeasyPrint makes by itself: each line ends at the last opportunity that fits."""
    items, n = paragraph.items, len(paragraph.items)
    points = linebreak.break_points(items)
    widths = [0.0]
    for item in items:
        widths.append(widths[-1] + (item.width if item.kind != "penalty" else 0.0))
    breaks, start, line, first = [], 0, 0, 0
    while True:
        width = linebreak.line_width_of(paragraph, line)
        chosen = first
        for k in range(first, len(points)):
            if widths[points[k]] - widths[start] > width:
                break
            chosen = k
        breaks.append(points[chosen])
        if points[chosen] == n:
            return tuple(breaks)
        start, line, first = points[chosen] + 1, line + 1, chosen + 1


def break_edits(paragraph: Paragraph, breaking: linebreak.Breaking) -> dict:
    """The changes that make the chosen breaks the only places a line ends, and push each line in.

    A space not chosen becomes a no-break space (collapsed white space is removed,
    or it would show beside it); a line wider than the measure closes its Han–Latin
    gaps and sets as many of its marks at half width as it needs, from its end back.
    """
    items, chosen = paragraph.items, set(breaking.breaks)
    text: dict = {}
    for number, index in paragraph.dropped:
        text.setdefault(number, {})[index] = ""
    for position, item in enumerate(items):
        if item.kind != "glue" or not item.breakable:
            continue
        number, index = item.where
        if item.text == "break":
            # Where no space stands, a zero-width space makes a chosen break certain and a word
            # joiner rules out one not chosen: WeasyPrint may otherwise end a line there that
            # fits only by a pixel, and set it spread.
            text.setdefault(number, {})[index] = ("insert", _ZERO_WIDTH_BREAK if position in chosen
                                                  else linebreak.WORD_JOINER)
        elif position not in chosen and _is_space(paragraph, number, index):
            text.setdefault(number, {})[index] = NO_BREAK_SPACE
    halts: dict = {}
    closing: dict = {}
    start = 0
    for line, end in enumerate(breaking.breaks):
        marks, gaps = _pushed_in(items[start:end], linebreak.line_width_of(paragraph, line))
        for number, index in marks:
            halts.setdefault(number, set()).add(index)
        closing.update(gaps)
        start = end + 1
    return {"kind": "cjk", "text": text, "halts": halts, "gaps": closing}


def _is_space(paragraph: Paragraph, number: int, index: int) -> bool:
    slot = paragraph.slots[number]
    return (getattr(slot.element, slot.attribute) or "")[index:index + 1] == " "


def _pushed_in(line: list[Item], width: float) -> tuple[list[tuple[int, int]], dict[int, float]]:
    """How a line wider than the measure fits: the marks it sets at half width, from its end back,
    and how far (px) each of its Han–Latin gaps closes, by slot.

    The gaps close first, as far as half their width; marks take what they cannot.
    """
    natural = sum(item.width for item in line if item.kind != "penalty")
    excess = natural - width
    if excess <= 0:
        return [], {}
    gaps = [item for item in line if item.kind == "glue" and item.text == "gap"]
    room = sum(item.shrink for item in gaps)
    marks = [item for item in line if item.kind == "glue" and item.text == "halt"]
    count = 0
    if excess > room and marks:
        count = min(len(marks), math.ceil((excess - room) / marks[0].shrink - 1e-6))
        excess -= sum(item.shrink for item in list(reversed(marks))[:count])
    share = min(1.0, max(0.0, excess) / room) if room else 0.0
    closing = {item.where[0]: round(item.shrink * share, 3) for item in gaps} if share else {}
    return [item.where for item in reversed(marks)][:count], closing


def apply_edits(element, edits: dict) -> None:
    """Write a paragraph's breaks into its text, each compressed mark in a `halt` span."""
    slots = list(linebreak._slots(element, {}, None))
    parents = {child: parent for parent in element.iter() for child in parent}
    for number, closing in edits["gaps"].items():
        # The gap's own word spacing is normal (the stylesheet's); a line that pushes in narrows it.
        gap = slots[number].element
        gap.set("style", f"{gap.get('style') or ''};word-spacing:{-closing:.3f}px")
    for number, slot in enumerate(slots):
        raw = getattr(slot.element, slot.attribute) or ""
        changes = edits["text"].get(number, {})
        halts = edits["halts"].get(number, set())
        pieces, current = [], []
        for index, char in enumerate(raw):
            change = changes.get(index)
            if isinstance(change, tuple):
                current.append(change[1])
            elif change is not None:
                char = change
            if index in halts:
                pieces.append(_held("".join(current)))
                pieces.append(("halt", char))
                current = []
            else:
                current.append(char)
        pieces.append(_held("".join(current)) if number < len(slots) - 1 else "".join(current))
        if pieces != [raw]:
            _place(slot, pieces, parents)


def _held(text: str) -> str:
    """A text that ends in a no-break space where an element follows gets a word joiner after it.

    WeasyPrint measures a text box's last no-break space without the paragraph's
    negative word spacing, which makes each such space 0.13 em wide where the
    breaks were measured with none; followed by a word joiner it is measured as set.
    """
    return text + linebreak.WORD_JOINER if text.endswith(NO_BREAK_SPACE) else text


def _place(slot, pieces: list, parents: dict) -> None:
    """The slot's text, then a span for each half-width mark with the text after it as its tail."""
    setattr(slot.element, slot.attribute, pieces[0] or None)
    if len(pieces) == 1:
        return
    parent, position = linebreak.insertion_point(slot, parents)
    for mark, tail in zip(pieces[1::2], pieces[2::2]):
        span = ET.Element("span", {"class": CLASSES.halt})
        span.text, span.tail = mark[1], tail or None
        parent.insert(position, span)
        parents[span] = parent
        position += 1
