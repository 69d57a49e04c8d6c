"""Chinese typesetting for the print edition (W3C "Requirements for Chinese Text Layout").

WeasyPrint justifies a line by widening its spaces (U+0020 and U+00A0) only, so a
line of pure Han characters stays ragged. The print HTML therefore gets a space
between Han characters, which the stylesheet makes zero-width with a negative
`word-spacing`: justification then widens those spaces and every line ends flush.
Where a break would put closing punctuation at a line start, or opening
punctuation at a line end, a no-break space is used instead. A quarter-em space
separates Han from Latin letters and digits, and Latin runs are marked so their
own spaces and apostrophes keep Latin metrics.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
OPENING = "“‘（《〈「『【〔"
CLOSING = "”’），。、；：？！》〉」』】〕"
BREAKABLE_SPACE, NO_BREAK_SPACE = " ", "\u00a0"
# A space of Latin metrics (0.256 em in Noto Serif CJK): a quarter-em gap that
# also hangs at a line end, unlike a fixed-width space character.
HAN_LATIN_GAP = '<span class="gap"> </span>'
_GAP_MARK = "\ue000"


_TOKENS = re.compile(r"(<[^>]+>)")
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
# Running text: paragraphs, list items, and divs, which hold the reference list's entries.
_FLOW = {"p", "li", "div"}
_SKIP = {"svg", "table", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "pre", "code",
         "sup", "sub", "script", "style"}
_BETWEEN_CJK = re.compile(f"(?<=[{HAN}{OPENING}{CLOSING}])(?=[{HAN}{OPENING}{CLOSING}])")
_HAN_LATIN = re.compile(f"(?<=[{HAN}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?=[{HAN}])")
_NOT_CJK = "[^\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’\ue000]"
# A run of non-CJK text (Latin words, digits, symbols) that holds a space or an
# apostrophe: it is set in the Latin face, so its spaces stay real spaces and
# its apostrophes narrow. It may start with the one space that separates it from
# what precedes it (a URL after "(2025-12). "), which is text too.
_LATIN_RUN = re.compile(f"(?: (?=[A-Za-z0-9])|(?=\\S))(?:{_NOT_CJK}|(?<=[A-Za-z])’(?=[A-Za-z]))+")
_PUNCTUATION_SPACE = re.compile(r"[,.:;\]] ")


def _join(before: str, after: str) -> str:
    if before in OPENING or after in CLOSING:
        return NO_BREAK_SPACE
    return BREAKABLE_SPACE


def typeset_text(text: str) -> str:
    """Insert the stretch points and gaps into one run of text (no markup)."""
    pieces, last = [], 0
    for match in _BETWEEN_CJK.finditer(text):
        position = match.start()
        if position == 0 or position == len(text):
            continue
        pieces.append(text[last:position])
        pieces.append(_join(text[position - 1], text[position]))
        last = position
    pieces.append(text[last:])
    text = _HAN_LATIN.sub(_GAP_MARK, "".join(pieces))
    text = _LATIN_RUN.sub(_mark_latin, text)
    return text.replace(_GAP_MARK, HAN_LATIN_GAP)


def _mark_latin(match: re.Match) -> str:
    run = match.group(0)
    # A half-width comma, period or colon and its space (between the parts of a
    # reference-list entry: "王一, 李二, 等. 标题[J]. 刊名") is Latin too: its space is text.
    if " " in run.rstrip() or "’" in run or "'" in run or _PUNCTUATION_SPACE.search(run):
        return f'<span class="latin">{run}</span>'
    return run


def typeset_cjk_html(html: str) -> str:
    """Apply `typeset_text` to the running text of paragraphs and list items."""
    flow = skip = 0
    out = []
    for token in _TOKENS.split(html):
        if token.startswith("<"):
            match = _TAG.match(token)
            if match and not token.endswith("/>"):
                closing, name = match.group(1) == "/", match.group(2).lower()
                step = -1 if closing else 1
                if name in _FLOW:
                    flow = max(0, flow + step)
                elif name in _SKIP:
                    skip = max(0, skip + step)
            out.append(token)
        elif flow and not skip:
            out.append(typeset_text(token))
        else:
            out.append(token)
    return "".join(out)


_SPACE_BEFORE_INLINE = re.compile(r" (<(?:span|a|em|strong|sup|sub|code|q|cite)\b[^>]*>)")


def move_spaces_into_inline_elements(html: str) -> str:
    """`1991 <span>(Gao…` → `1991<span> (Gao…`.

    WeasyPrint measures a text box that ends with a space (because an inline
    element follows) with that space included; when the space is what crosses
    the line end, it decides the box cannot be split and hyphenates the line's
    first word instead. Moving the space to the start of the next box keeps the
    same text and break opportunity without the false overflow.
    """
    return _SPACE_BEFORE_INLINE.sub(lambda m: m.group(1) + " ", html)
