"""English paragraphs broken as a whole: measure, hyphenation and word spaces as a reader sees them."""

from __future__ import annotations

import dataclasses
import re
import statistics

import pytest

from helpers import ROOT
from pdf_lines import pdf_lines, pdf_pages
from readers import pdf_text
from reportkit.pdf import linebreak

HYPHEN_ENDS = ("\u2010", "-")


@pytest.fixture(scope="module")
def english_lines(real):
    return [line for line in pdf_lines(real.path("en", "pdf")) if line.body]


def test_english_measure_is_sixty_to_eighty_characters(real):
    """Median characters (spaces included) of the justified body lines, which fill the measure."""
    lengths = []
    for page in pdf_pages(real.path("en", "pdf")):
        lengths += [len("".join(c["text"] for c in row).strip()) for row in _justified_rows(page)]
    assert len(lengths) > 300
    assert 60 <= statistics.median(lengths) <= 80, statistics.median(lengths)


@pytest.mark.parametrize("product", ["report", "brief"])
def test_few_english_lines_end_with_a_hyphen_and_never_in_a_capitalised_word(real, product):
    lines = [line for line in pdf_lines(real.path("en", "pdf", product)) if line.body or product == "brief"]
    hyphenated = [line for line in lines if line.text.endswith(HYPHEN_ENDS)]
    assert len(hyphenated) < 0.08 * len(lines), (len(hyphenated), len(lines))
    # The hyphen WeasyPrint adds at a break is U+2010; the word it ends must be lower case.
    words = [line.split()[-1] for line in pdf_text(real.path("en", "pdf", product)).splitlines()
             if line.strip().endswith("\u2010")]
    assert [w for w in words if not w.lstrip("“(‘").islower()] == []
    assert words or product == "brief"      # the brief's narrow columns are set flush left, unhyphenated


@pytest.mark.parametrize("product", ["report", "brief"])
def test_no_three_hyphens_running_and_none_ending_a_page(real, product):
    lines = [line for line in pdf_lines(real.path("en", "pdf", product)) if line.text]
    run = longest = 0
    for line in lines:
        run = run + 1 if line.text.endswith(HYPHEN_ENDS) else 0
        longest = max(longest, run)
    assert longest <= 2
    last_on_page = {}
    for line in lines:
        if len(line.text) > 25:          # body text, not a folio or a running head
            last_on_page[line.page] = line.text
    assert [text[-15:] for text in last_on_page.values() if text.endswith("\u2010")] == []


def test_word_spaces_stay_close_to_their_width(real):
    """Fewer than one justified line in eight has a word space wider than 0.40 em."""
    loose = total = 0
    for page in pdf_pages(real.path("en", "pdf")):
        for row in _justified_rows(page):
            gaps = _word_gaps(row)
            if gaps:
                total += 1
                loose += max(gaps) > 0.40
    assert total > 300 and loose < total / 8, (loose, total)


def _justified_rows(page):
    rows = {}
    for char in page.chars:
        if round(char["size"], 1) == 10.5 and "Serif" in char["fontname"]:
            rows.setdefault(round(char["bottom"]), []).append(char)
    right = max((max(c["x1"] for c in row) for row in rows.values()), default=0)
    return [sorted(row, key=lambda c: c["x0"]) for row in rows.values()
            if abs(max(c["x1"] for c in row) - right) < 1.5]


def _word_gaps(row) -> list[float]:
    gaps, previous, spaced = [], None, False
    for char in row:
        if char["text"].isspace():
            spaced = True
            continue
        if previous is not None and spaced:
            gaps.append((char["x0"] - previous["x1"]) / char["size"])
        previous, spaced = char, False
    return gaps


# The breaking itself -------------------------------------------------------------

def _paragraph(words: list[tuple[str, float]], width: float) -> linebreak.Paragraph:
    """A paragraph of boxes measured in points (1 em = 10), with a hyphenation point in long words."""
    paragraph = linebreak.Paragraph("p1", None, [], width, 0.0)
    items = []
    for number, (word, size) in enumerate(words):
        if items:
            items.append(linebreak.Item("glue", 2.2, 1.8, where=(number, 0)))
        if len(word) >= 6 and word.islower():
            half = size / 2
            items += [linebreak.Item("box", half, where=(number, 1)),
                      linebreak.Item("penalty", 3.0, flagged=True, auto=True, where=(number, 2)),
                      linebreak.Item("box", half, where=(number, 3))]
        else:
            items.append(linebreak.Item("box", size, where=(number, 1)))
    paragraph.items = items
    return paragraph


def test_a_hyphen_is_taken_only_where_it_saves_a_loose_line():
    settings = linebreak.Settings()
    even = _paragraph([("region", 30.0)] * 40, 160.0)
    breaking = linebreak.break_paragraph(even, settings)
    assert not any(even.items[b].kind == "penalty" for b in breaking.breaks[:-1])


def _runs(paragraph, breaking) -> str:
    items = paragraph.items
    return "".join("h" if b < len(items) and items[b].flagged else "." for b in breaking.breaks)


def test_never_three_hyphenated_lines_in_a_row():
    # "ation hyphenation hyphen-" fills a line exactly: unchecked, every line ends with a hyphen.
    paragraph = _paragraph([("ation", 30.0)] + [("hyphenation", 60.0)] * 30, 130.0)
    unchecked = dataclasses.replace(linebreak.Settings(), max_hyphen_run=99)
    assert "hhh" in _runs(paragraph, linebreak.break_paragraph(paragraph, unchecked))
    assert "hhh" not in _runs(paragraph, linebreak.break_paragraph(paragraph, linebreak.Settings()))


def test_a_line_can_be_kept_from_ending_with_a_hyphen():
    paragraph = _paragraph([("ation", 30.0)] + [("hyphenation", 60.0)] * 30, 130.0)
    settings = dataclasses.replace(linebreak.Settings(), max_hyphen_run=99)
    assert _runs(paragraph, linebreak.break_paragraph(paragraph, settings))[0] == "h"
    kept = linebreak.break_paragraph(paragraph, settings, linebreak.Constraints(frozenset({0})))
    assert _runs(paragraph, kept)[0] == "."


def test_capitalised_and_short_words_have_no_hyphenation_points():
    class Dictionary:
        @staticmethod
        def positions(word):
            return [3]

    assert linebreak._dictionary_breaks("Kazakhstan", Dictionary()) == set()
    assert linebreak._dictionary_breaks("region", Dictionary()) == {3}
    assert linebreak._dictionary_breaks("Japan’s region’s", Dictionary()) == {11}


def test_edits_leave_only_the_chosen_breaks():
    # A space where no line ends becomes a no-break space; a line that starts at a space starts its piece.
    pieces, line = linebreak._edited("ab cd ef", {2: "\u00a0"}, {5: 1}, 0)
    assert pieces == [("ab\u00a0cd", 0), (" ef", 1)] and line == 1
    # A chosen hyphenation point stays inside a piece, so WeasyPrint draws its hyphen.
    pieces, line = linebreak._edited("a bcdef", {1: "\u00a0", 4: ("insert", "\u00ad")}, {4: 1}, 0)
    assert pieces == [("a\u00a0bc\u00add", 0), ("ef", 1)] and line == 1


def test_an_amount_is_never_broken_across_lines():
    items = [linebreak.Item("box", 10, text="¥6.6"), linebreak.Item("glue", 2, 1),
             linebreak.Item("box", 10, text="bil"), linebreak.Item("penalty", 3, flagged=True, auto=True),
             linebreak.Item("box", 10, text="lion"), linebreak.Item("glue", 2, 1),
             linebreak.Item("box", 20, text="loan")]
    kept = linebreak._keep_amounts_together(items)
    assert [item.breakable for item in kept if item.kind == "glue"] == [False, True]
    assert [item.text for item in kept if item.kind == "box"] == ["¥6.6", "billion", "loan"]


@pytest.mark.parametrize("product", ["report", "brief"])
def test_every_word_broken_at_a_line_end_shows_its_hyphen(real, product):
    """Rejoined at the hyphens that end lines, the words at the ends of lines are words of the text.

    A word broken without its hyphen leaves fragments (re / sults) at a line's
    end and the next line's start that are no words of the edition.
    """
    html = real.path("en", "html").read_text(encoding="utf-8")
    catalog = (ROOT / "templates" / "locales" / "en" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    metadata = (real.project.content / "report.yaml").read_text(encoding="utf-8")   # the brief's box title
    brief_only = "".join(path.read_text(encoding="utf-8") for path in (real.project.content / "en").glob("brief-*.md"))
    known = set(re.findall(r"[a-z]+", re.sub(r"<[^>]+>", " ", html) + catalog + metadata + brief_only))
    text = re.sub(r"\u2010\s*\n", "", pdf_text(real.path("en", "pdf", product)))
    edges = []
    for line in text.splitlines():
        words = re.findall(r"[\w’]+", line)
        known.update(w.lower() for w in words[1:-1])
        edges += [w for w in words[:1] + words[-1:] if re.fullmatch(r"[a-z]{3,}", w)]
    assert sorted(set(edges) - known) == []


def test_english_body_lines_carry_no_letter_spacing(real):
    """Lines are justified by their word spaces alone: within a word the letters stand at the
    font's own advances (the median gap between a line's letters stays at 0 pt)."""
    tracked = total = 0
    for page in pdf_pages(real.path("en", "pdf")):
        for row in _justified_rows(page):
            inner = [b["x0"] - a["x1"] for a, b in zip(row, row[1:]) if a["text"].isalpha() and b["text"].isalpha()]
            if len(inner) >= 20:
                total += 1
                tracked += abs(statistics.median(inner)) > 0.03
    assert total > 300 and tracked == 0, (tracked, total)
