"""The stylesheet and the code agree on the look: what the printed page shows where they must."""

from __future__ import annotations

import re

import pytest

from pdf_lines import BODY_SIZE, RIGHT_EDGE, pdf_pages
from reportkit.pdf.typeset import LETTERS

_LETTER = re.compile(f"[{LETTERS}]")


def _body_rows(path) -> list[list[dict]]:
    """The lines of a PDF that hold CJK body text, each as its characters left to right."""
    rows: dict[tuple[int, int], list[dict]] = {}
    for page in pdf_pages(path):
        for char in page.chars:
            # The spaces between CJK characters are kept: they carry no text (""), but are drawn.
            if char["text"] == "" or char["text"].strip():
                rows.setdefault((page.number, round(char["bottom"])), []).append(char)
    return [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(rows.items())
            if any(_body_letter(c) for c in chars)]


def _body_letter(char: dict) -> bool:
    return (bool(_LETTER.match(char["text"])) and round(char["size"], 1) == BODY_SIZE
            and "SerifCJK" in char["fontname"].replace("-", ""))


def _letter_gaps(chars: list[dict]) -> list[float]:
    """The space a reader sees, in pt, wherever the print page put a space between two CJK
    characters of body text (drawn as a glyph that maps to no text, between them)."""
    return [c["x0"] - a["x1"] for a, b, c in zip(chars, chars[1:], chars[2:])
            if _body_letter(a) and b["text"] == "" and _body_letter(c)]


@pytest.mark.parametrize("built, lang", [("mini", "zh"), ("trilingual", "ja")])
def test_the_spaces_between_cjk_characters_are_invisible_where_a_line_is_not_justified(request, built, lang):
    """The print page has a space between CJK characters (`pdf.typeset`) and the stylesheet
    cancels it with the word-spacing of the face's space (`Fonts.cjk_space_width`): a paragraph's
    last line, which is not stretched, sets its characters edge to edge. Were the two to disagree
    (another face, another space width), every pair would stand apart, or overlap."""
    path = request.getfixturevalue(built).path(lang, "pdf")
    rows = [chars for chars in _body_rows(path) if len(_letter_gaps(chars)) >= 2]
    last_lines = [chars for chars in rows if RIGHT_EDGE - chars[-1]["x1"] > 2 * BODY_SIZE]
    assert last_lines, "no unjustified line of CJK text to measure"
    for chars in last_lines:
        text = "".join(c["text"] for c in chars)
        assert [round(gap, 2) for gap in _letter_gaps(chars) if abs(gap) > 0.05] == [], text
    overlapping = ["".join(c["text"] for c in chars) for chars in rows if min(_letter_gaps(chars)) < -0.05]
    assert overlapping == []
