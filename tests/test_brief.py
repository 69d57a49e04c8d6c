"""The real report's brief as a reader meets it: the judgement first, key figures, numbered
endnotes, no pointer to a chapter it lacks, and two or four full pages."""

from __future__ import annotations

import re

import pdfplumber
import pytest

from conftest import Built
from pdf_lines import pdf_lines, pdf_pages
from readers import pdf_text

MM = 72 / 25.4
TOP, BOTTOM = 16 * MM, 17 * MM          # the brief's page margins (templates/pdf/report.css)


@pytest.fixture(scope="session")
def briefs(real) -> Built:
    """The real report's briefs, from the session's one build of the whole report."""
    return real


def _flat(text: str) -> str:
    return re.sub(r"(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff\d])", "", text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_brief_fills_two_or_four_pages(briefs, lang):
    path = briefs.path(lang, "pdf", "brief")
    lines = pdf_lines(path)
    read = pdf_pages(path)
    pages, height = len(read), read[-1].height
    assert pages in (2, 4)
    # The last text row above the bottom margin (the folio sits below it).
    last = [line for line in lines if line.page == pages and line.top < height - BOTTOM]
    lowest = max(line.top for line in last)
    assert (lowest - TOP) / (height - TOP - BOTTOM) >= 0.6


@pytest.mark.parametrize("lang,lead,figure", [("zh", "核心判断", "3万亿日元"), ("en", "Bottom line", "¥3 trillion")])
def test_page_one_opens_with_the_judgement_and_the_key_figures(briefs, lang, lead, figure):
    with pdfplumber.open(str(briefs.path(lang, "pdf", "brief"))) as pdf:
        first = _flat(pdf.pages[0].extract_text())
    assert lead.upper() in first.upper() and figure in first.replace(" ", "").replace("trillion", " trillion")
    assert not re.search(r"This report examines|本报告考察", first)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sources_are_numbered_endnotes_and_the_recommendations_come_once(briefs, lang):
    text = _flat(pdf_text(briefs.path(lang, "pdf", "brief")))
    assert {"zh": "注释", "en": "Notes"}[lang] in text
    assert not re.search(r"\((Tang|Gao|Lian) 20\d\d", text)          # no author-date citations
    assert not re.search(r"\]\d{2,3}", text)                            # no GB/T page after a bracket
    assert len(re.findall({"zh": r"关键矿产：", "en": r"Critical minerals:"}[lang], text)) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_brief_points_to_no_chapter(briefs, lang):
    """The brief holds no chapters: nothing in it may send the reader to one."""
    text = _flat(pdf_text(briefs.path(lang, "pdf", "brief"))).replace("\n", " ")
    pointers = {"zh": r"章|下一节|上一节|本节", "en": r"\bchapters?\b|\bsee the\b|next section|last section"}
    assert not re.findall(pointers[lang], text, re.I)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_column_tops_line_up(briefs, lang):
    """Below the rule over the columns, the first row of each column starts at the same height."""
    page = pdf_pages(briefs.path(lang, "pdf", "brief"))[0]
    middle = page.width / 2
    rule = max((line["top"] for line in page.lines + page.rects
                if line.get("width", 0) > page.width * 0.6), default=None)
    assert rule is not None
    chars = [c for c in page.chars if c["top"] > rule + 1 and c["text"].strip()]
    left = min(c["top"] for c in chars if c["x1"] < middle)
    right = min(c["top"] for c in chars if c["x0"] > middle)
    assert abs(left - right) < 3, (left, right)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_key_figure_stays_in_its_column(briefs, lang):
    page = pdf_pages(briefs.path(lang, "pdf", "brief"))[0]
    # The box's columns after the first, each drawn with its left rule: narrow, tall rectangles.
    columns = [r for r in page.rects if 40 < r["x1"] - r["x0"] < 160 and r["height"] > 40]
    rules = sorted({round(r["x0"]) for r in columns})
    top, bottom = min(r["top"] for r in columns), max(r["bottom"] for r in columns)
    figures = [c for c in page.chars if c["size"] >= 12 and top <= c["top"] <= bottom]
    assert len(rules) >= 4 and figures
    assert [(c["text"], round(c["x0"])) for c in figures for x in rules if c["x0"] < x < c["x1"]] == []
