"""CJK typesetting for the print edition (W3C "Requirements for Chinese Text Layout",
"Requirements for Japanese Text Layout").

WeasyPrint justifies a line by widening its spaces (U+0020 and U+00A0) only, so a
line of pure Han characters stays ragged. The print HTML therefore gets a space
between CJK characters (Han and kana alike, so a Japanese line stretches evenly),
which the stylesheet makes zero-width with a negative `word-spacing`:
justification then widens those spaces and every line ends flush.
Where a break would put closing punctuation at a line start, or opening
punctuation at a line end, a no-break space is used instead; so is one before
a small kana, the long-vowel mark or an iteration mark, which Japanese does not
start a line with. A quarter-em space separates CJK characters from Latin
letters and digits everywhere (text, headings, captions,
tables, cover), and Latin runs are marked so their own spaces and apostrophes
keep Latin metrics. A connecting dash stays with what it joins, adjacent
punctuation marks are compressed to half width, and a paragraph never ends with
a line of one character.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from ..render.look import CLASSES
from ..text import htmltree

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Kana (with the long-vowel mark and the middle dot) and the marks written among
# ideographs (々〆〇): set as Han characters are.
KANA = "\u3041-\u3096\u309d-\u309f\u30a1-\u30ff\u31f0-\u31ff"
LETTERS = f"{HAN}{KANA}\u3005-\u3007"
# What Japanese does not start a line with: small kana, the long-vowel mark, the
# middle dot and the iteration marks (JIS X 4051's line-start prohibitions).
NO_LINE_START = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ\u31f0-\u31ffー・ゝゞヽヾ々"
OPENING = "“‘（《〈「『【〔"
CLOSING = "”’），。、；：？！》〉」』】〕"
BREAKABLE_SPACE, NO_BREAK_SPACE, WORD_JOINER = " ", "\u00a0", "\u2060"
# A space at its own width (about a quarter em in the CJK faces; the stylesheet leaves
# it so): a gap that also hangs at a line end, unlike a fixed-width space character.
HAN_LATIN_GAP = f'<span class="{CLASSES.gap}"> </span>'
_GAP_MARK = "\ue000"
_STRETCH_MARK = "\ue001"   # a breakable stretch point, until the paragraph's end is known
# Marks whose blank half may be dropped next to another mark (clreq 3.1.6). The
# question and exclamation marks are left out: their glyphs are not set in one half.
COMPRESSIBLE_CLOSING = "”’），。、；：》〉」』】〕"

_TOKENS = re.compile(r"(<[^>]+>)")
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
# Running text: paragraphs, list items, and divs, which hold the reference list's entries.
_FLOW = {"p", "li", "div"}
# Text set on one line or ragged: Han–Latin gaps and joins, but no stretch points.
_LINE = {"h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption", "td", "th", "a"}
_HEADINGS = {"h2", "h3", "h4"}
_SKIP = {"svg", "pre", "code", "sup", "sub", "script", "style", "title"}
_BETWEEN_CJK = re.compile(f"(?<=[{LETTERS}{OPENING}{CLOSING}])(?=[{LETTERS}{OPENING}{CLOSING}])")
_HAN_LATIN = re.compile(f"(?<=[{LETTERS}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?=[{LETTERS}])")
# CJK text set one character at a time: CJK characters, full-width forms, the curly quotes.
CJK_TEXT = "\u3000-\u30ff\u31f0-\u31ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
_NOT_CJK = f"[^{CJK_TEXT}\ue000\ue001]"
_NOT_AT_LINE_START = re.compile(f"[{NO_LINE_START}]")
# A run of non-CJK text (Latin words, digits, symbols) that holds a space or an
# apostrophe: it is set in the Latin face, so its spaces stay real spaces and
# its apostrophes narrow. It may start with the one space that separates it from
# what precedes it (a URL after "(2019-12). "), which is text too.
_LATIN_RUN = re.compile(f"(?: (?=[A-Za-z0-9])|(?=\\S))(?:{_NOT_CJK}|(?<=[A-Za-z])’(?=[A-Za-z]))+")
_PUNCTUATION_SPACE = re.compile(r"[,.:;\]] ")
# A connecting dash (range or compound: 2012—2016年, 挪威—瑞典, 3～5) between two
# characters; a doubled dash —— is the Chinese dash, which may break around it.
_CONNECTING_DASH = re.compile(r"(?<=[^\s—])([—–～])(?=[^\s—])")
_DOUBLE_DASH = re.compile(r"——")
_SEPARATOR = f"[ {NO_BREAK_SPACE}{WORD_JOINER}{_STRETCH_MARK}]?"
_HALT_CLOSING = re.compile(f"([{COMPRESSIBLE_CLOSING}])([ {_STRETCH_MARK}]?)(?={_SEPARATOR}[{CLOSING}{OPENING}])")
_HALT_OPENING = re.compile(f"(?<=[{OPENING}])({_SEPARATOR})([{OPENING}])")
_SHORT_PARENTHESES = re.compile(r"（[^（）<>]{1,12}）")
_LAST_TWO_HAN = re.compile(f"[{LETTERS}]{{2}}[{CLOSING}]*$")
_NOBREAK = f'<span class="{CLASSES.nobreak}">{{}}</span>'


def join_dashes(text: str) -> str:
    """No line break before or after a connecting dash, nor inside a doubled one."""
    text = _CONNECTING_DASH.sub(f"{WORD_JOINER}\\1{WORD_JOINER}", text)
    return _DOUBLE_DASH.sub(f"—{WORD_JOINER}—", text)


def _join(before: str, after: str) -> str:
    if before in CLOSING and after in CLOSING:
        # Two closing marks ("”，"): no break and no stretch between them.
        return WORD_JOINER
    if before in OPENING or after in CLOSING or _NOT_AT_LINE_START.match(after):
        return NO_BREAK_SPACE
    return _STRETCH_MARK


def breaks_between(before: str, after: str) -> bool:
    """Whether a line may end between two CJK characters (or marks) set side by side."""
    return _join(before, after) == _STRETCH_MARK


def typeset_text(text: str) -> str:
    """Insert the stretch points and gaps into one run of running text (no markup)."""
    return _typeset_flow(text).replace(_STRETCH_MARK, BREAKABLE_SPACE)


def _typeset_flow(text: str) -> str:
    pieces, last = [], 0
    for match in _BETWEEN_CJK.finditer(text):
        position = match.start()
        if position == 0 or position == len(text):
            continue
        pieces.append(text[last:position])
        pieces.append(_join(text[position - 1], text[position]))
        last = position
    pieces.append(text[last:])
    return _finish(join_dashes("".join(pieces)))


def typeset_cjk_line(text: str, cell: bool = False) -> str:
    """Gaps, dash joins and compressed punctuation for text that is not justified.

    In a table cell a short parenthesis is also kept on one line.
    """
    if not cell:
        return _finish(join_dashes(text))
    pieces, last = [], 0
    for match in _SHORT_PARENTHESES.finditer(text):
        pieces.append(_finish(join_dashes(text[last:match.start()])))
        pieces.append(_NOBREAK.format(_finish(join_dashes(match.group(0)))))
        last = match.end()
    pieces.append(_finish(join_dashes(text[last:])))
    return "".join(pieces)


def _finish(text: str) -> str:
    text = _HAN_LATIN.sub(_GAP_MARK, text)
    text = _LATIN_RUN.sub(_mark_latin, text)
    return compress_punctuation(text).replace(_GAP_MARK, HAN_LATIN_GAP)


def compress_punctuation(text: str) -> str:
    """Half-width setting (OpenType `halt`) where two punctuation marks meet.

    A closing mark followed by another mark loses its trailing blank, an opening
    mark after another opening mark loses its leading one: "”，“" takes two
    ems instead of three, as in clreq's punctuation compression.
    """
    # The break opportunity after a compressed mark goes inside its span: WeasyPrint
    # misses a break on a space that directly follows an inline element.
    text = _HALT_CLOSING.sub(f'<span class="{CLASSES.halt}">\\1\\2</span>', text)
    return _HALT_OPENING.sub(f'\\1<span class="{CLASSES.halt}">\\2</span>', text)


def _mark_latin(match: re.Match) -> str:
    run = match.group(0)
    # A half-width comma, period or colon and its space (between the parts of a
    # reference-list entry: "王一, 李二, 等. 标题[J]. 刊名") is Latin too: its space is text.
    if " " in run.rstrip() or "’" in run or "'" in run or _PUNCTUATION_SPACE.search(run):
        return f'<span class="{CLASSES.latin}">{run}</span>'
    return run


def typeset_cjk_tree(root, justified: bool = True) -> None:
    """Typeset the text of a parsed HTML fragment (`text.htmltree`): running text fully,
    headings, captions and cells lightly.

    `justified=False` treats paragraphs and list items as lines too (the contents list).
    """
    _Typesetter(_FLOW if justified else set()).run(root)


@dataclass
class _Slot:
    """One text of the tree (an element's text or tail) as written (`raw`) and as typeset (`out`)."""

    element: object
    place: str          # "text" or "tail"
    raw: str
    out: str
    block: object = None    # the paragraph, heading or cell the text is set in
    typeset: bool = False   # running text or a line, not a skipped element's text


class _Typesetter:
    """Walks the tree in reading order, keeping track of the element each text is in.

    The texts are typeset as HTML text (escaped) and put back into the tree at
    the end, when the last stretch point of each paragraph is known.
    """

    def __init__(self, flow_elements: set[str]):
        self.flow_elements = flow_elements
        self.flow = self.line = self.skip = self.cell = 0
        self.tables: list[int] = []   # the flow depth outside each open table
        self.slots: list[_Slot] = []
        self.blocks: list = [None]    # the open paragraphs, headings and cells
        self.previous = ""            # the last character of running text met so far

    def run(self, root) -> None:
        self._text(root, "text")
        for child in root:
            self._walk(child)
        _join_across_elements(self.slots)
        for slot in self.slots:
            _put_back(slot.element, slot.place, slot.out.replace(_STRETCH_MARK, BREAKABLE_SPACE), slot.raw)

    def _walk(self, element) -> None:
        if isinstance(element.tag, str):
            name = element.tag.lower()
            start = len(self.slots)
            self._enter(name, +1)
            if name in _BLOCKS:
                self.blocks.append(element)
            self._text(element, "text")
            for child in element:
                self._walk(child)
            if name in _BLOCKS:
                self.blocks.pop()
            self._enter(name, -1)
            self._close(element, name, start)
        self._text(element, "tail")

    def _text(self, element, place: str) -> None:
        token = htmltree.escape_text(getattr(element, place) or "")
        if self.flow and not self.skip:
            token = _drop_space_between_cjk(self.previous, token)
            self.previous = token[-1:] or self.previous
        # A heading, caption or cell is set as a line even inside a flow element (a div).
        in_line = self.blocks[-1] is not None and self.blocks[-1].tag in _LINE
        if self.skip or not token:
            out = token
        elif self.flow and not in_line:
            out = _typeset_flow(token)
        elif self.line or in_line:
            out = typeset_cjk_line(token, cell=bool(self.cell))
        else:
            out = token
        typeset = bool(token) and not self.skip and bool(self.flow or self.line)
        self.slots.append(_Slot(element, place, token, out, self.blocks[-1], typeset))

    def _enter(self, name: str, step: int) -> None:
        if name == "table":
            # A table is never running text, even inside a flow element (the
            # div around it): its cells are set line by line.
            if step < 0:
                self.flow = self.tables.pop() if self.tables else self.flow
            else:
                self.tables.append(self.flow)
                self.flow = 0
        if name in self.flow_elements:
            self.flow = max(0, self.flow + step)
        elif name in _LINE or name in _FLOW:
            self.line = max(0, self.line + step)
        elif name in _SKIP:
            self.skip = max(0, self.skip + step)
        if name in ("td", "th"):
            self.cell = max(0, self.cell + step)

    def _close(self, element, name: str, start: int) -> None:
        inside = self.slots[start:]
        if name in self.flow_elements:
            _keep_last_two(inside)
        elif name in ("td", "th"):
            _join_cell_end(inside)
        elif name in _HEADINGS:
            _label_heading(element, inside)


def _put_back(element, place: str, markup: str, raw: str) -> None:
    """Replace one text of the tree with the markup typesetting made of it."""
    if markup == raw:
        return
    if "<" not in markup:
        setattr(element, place, html_lib.unescape(markup))
        return
    holder = htmltree.parse(markup)
    setattr(element, place, holder.text)
    if place == "text":
        for index, child in enumerate(list(holder)):
            element.insert(index, child)
    else:
        for child in reversed(list(holder)):
            element.addnext(child)


CJK_CHAR = re.compile(f"[{LETTERS}{OPENING}{CLOSING}]")   # a character or mark the typesetter joins
# Full-width marks that carry their own blank: Chinese sets no space after them.
_FULL_WIDTH_MARKS = "。，、；：？！）》〉」』】〕"
_SPACE_AFTER_MARK = re.compile(f"(?<=[{_FULL_WIDTH_MARKS}]) +")


def _drop_space_between_cjk(previous: str, token: str) -> str:
    """"**……。** 此后" has a Markdown space after the bold text: Chinese sets none there.

    Left in, the space starts a text box after the bold one, which WeasyPrint
    fails to fit beside it, and the line ends after the bold text. After a
    full-width mark no space is set before anything ("完成。 1900" → "完成。1900"):
    it would show as a gap beside the mark's own blank and make a Latin run of
    what follows.
    """
    token = _SPACE_AFTER_MARK.sub("", token)
    if token.startswith(" ") and previous and previous in _FULL_WIDTH_MARKS:
        return token.lstrip(" ")
    if (token.startswith(" ") and CJK_CHAR.match(previous or "")
            and CJK_CHAR.match(token.lstrip(" ")[:1] or "")):
        return token.lstrip(" ")
    return token


# Where a paragraph, heading or cell begins: no text is joined across it.
_BLOCKS = _FLOW | _LINE - {"a"} | {"dt", "dd"}
_ALNUM = re.compile(r"[A-Za-z0-9%]")
_ZERO_WIDTH = "\u200b\u2060"
LETTER = re.compile(f"[{LETTERS}]")


def _join_across_elements(slots: list[_Slot]) -> None:
    """Where a text ends and the next begins in another element of the same paragraph
    ("<a>表 2</a>所列", "<a>王一（1900）</a>；"), set the Han–Latin gap and compress
    adjacent punctuation as within one text."""
    previous, breakable = None, False
    for slot in slots:
        if not slot.raw.strip(_ZERO_WIDTH):
            # A break opportunity between two elements is not a character between them.
            breakable = breakable or "\u200b" in slot.raw
            continue
        if previous is not None and previous.typeset and slot.typeset and previous.block is slot.block:
            _join_pair(previous, slot, breakable or slot.raw.startswith("\u200b"))
        previous, breakable = slot, False


def _join_pair(before: _Slot, after: _Slot, breakable: bool) -> None:
    last, first = before.raw.rstrip(_ZERO_WIDTH)[-1], after.raw.lstrip(_ZERO_WIDTH)[0]
    if (LETTER.match(last) and _ALNUM.match(first)) or (_ALNUM.match(last) and LETTER.match(first)):
        # Before a break opportunity the gap ends the first text, where it hangs at a line end;
        # at the start of the next it would widen what may not break ("1900年" / "1月").
        if breakable:
            before.out = before.out + HAN_LATIN_GAP
        else:
            after.out = HAN_LATIN_GAP + after.out
    elif last in COMPRESSIBLE_CLOSING and first in CLOSING + OPENING and before.out.endswith(last):
        before.out = before.out[:-1] + f'<span class="{CLASSES.halt}">{last}</span>'


def _keep_last_two(slots: list[_Slot]) -> None:
    """The paragraph's last stretch point may not break: its last line has two characters or more."""
    for slot in reversed(slots):
        if _STRETCH_MARK in slot.out:
            position = slot.out.rindex(_STRETCH_MARK)
            slot.out = slot.out[:position] + NO_BREAK_SPACE + slot.out[position + 1:]
            return


def _join_cell_end(slots: list[_Slot]) -> None:
    """A table cell's last two CJK characters (and the marks after them) stay on one line."""
    for slot in reversed(slots):
        token = slot.raw
        if not token.strip():
            continue
        match = _LAST_TWO_HAN.search(token)
        if match and slot.out == typeset_cjk_line(token, cell=True):
            head, tail = token[:match.start()], match.group(0)
            slot.out = typeset_cjk_line(head, cell=True) + _NOBREAK.format(typeset_cjk_line(tail))
        return


def _label_heading(element, slots: list[_Slot]) -> None:
    """Give a heading its text as written, without typesetting spaces, for the PDF outline."""
    plain = "".join(slot.raw for slot in slots).strip()
    element.set("data-bookmark", html_lib.unescape(plain))


_RANGE_DASH = re.compile(r"(?<=\d)([–—])(?=\d)")


def keep_ranges_together(root) -> None:
    """No line break beside the dash of a numeric range (2015–2018) in the text (figures aside)."""
    for element, place in _texts(root, skip=("svg",)):
        text = getattr(element, place)
        if text:
            setattr(element, place, _RANGE_DASH.sub(f"{WORD_JOINER}\\1{WORD_JOINER}", text))


def _texts(root, skip=()):
    """(element, "text" | "tail") for every text of the tree in reading order, none inside `skip` elements."""
    yield root, "text"
    for child in root:
        yield from _element_texts(child, skip)


def _element_texts(element, skip):
    if isinstance(element.tag, str) and element.tag not in skip:
        yield element, "text"
        for child in element:
            yield from _element_texts(child, skip)
    yield element, "tail"


_INLINE = frozenset({"span", "a", "em", "strong", "sup", "sub", "code", "q", "cite"})


def move_spaces_into_inline_elements(root) -> None:
    """`2019 <span>(Smith…` → `2019<span> (Smith…`.

    WeasyPrint measures a text box that ends with a space (because an inline
    element follows) with that space included; when the space is what crosses
    the line end, it decides the box cannot be split and hyphenates the line's
    first word instead. Moving the space to the start of the next box keeps the
    same text and break opportunity without the false overflow. A space moved
    into an element may stand before another one (`; <a><em>…`): it moves on,
    into the innermost, as the elements are met in reading order.
    """
    for element in root.iter():
        if element is root or element.tag not in _INLINE:
            continue
        before, place = _text_before(element)
        text = getattr(before, place) or ""
        spaces = len(text) - len(text.rstrip(" "))
        if spaces:
            setattr(before, place, text[:len(text) - spaces])
            element.text = " " * spaces + (element.text or "")


def _text_before(element):
    """The text the element directly follows: its previous sibling's tail or its parent's text."""
    previous = element.getprevious()
    return (previous, "tail") if previous is not None else (element.getparent(), "text")
