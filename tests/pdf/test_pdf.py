"""The PDF as distributed: outline, metadata, tags, links, table of contents, brief length."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from pdf_lines import pdf_lines
from readers import pdf_outline, pdf_text

TITLES = {"zh": ("小型测试报告", "测试组"), "en": ("A Small Test Report", "Test Group")}


@pytest.mark.parametrize("lang,expected", [
    ("zh", [(0, "第1章 引言"), (0, "第2章 主要发现"), (1, "峰会"), (0, "修订记录"), (0, "参考文献"),
            (0, "关于本报告")]),
    ("en", [(0, "1 Introduction"), (0, "2 Findings"), (1, "The summit"),
            (0, "Revision history"), (0, "References"), (0, "About this report")])])
def test_outline_mirrors_the_headings(mini, lang, expected):
    assert [(depth, title) for depth, title, _ in pdf_outline(mini.path(lang, "pdf"))] == expected


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_metadata_language_and_tags(mini, lang):
    reader = PdfReader(str(mini.path(lang, "pdf")))
    title, author = TITLES[lang]
    meta = reader.metadata
    assert meta.title == title and meta.author == author
    assert meta.subject and meta.get("/Keywords")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == {"zh": "zh-Hans", "en": "en"}[lang]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_internal_link_has_a_target(mini, lang):
    reader = PdfReader(str(mini.path(lang, "pdf")))
    named = reader.named_destinations
    internal = external = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            if action is not None and action.get_object().get("/URI"):
                external += 1
                continue
            dest = annotation.get("/Dest")
            internal += 1
            assert dest is not None and (not isinstance(dest, str) or dest in named), dest
    assert internal > 5 and external >= 1   # citations, cross-references, TOC; the source URL


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_toc_page_numbers_match_where_headings_are(mini, lang):
    path = mini.path(lang, "pdf")
    outline = {title.replace(" ", ""): page + 1 for _, title, page in pdf_outline(path)}
    printed = {}
    for line in pdf_lines(path):
        # Contents entries run into their page number through a dot leader.
        match = re.match(r"^(.+?)\.{3,}(\d+)$", line.text) if line.page == 2 else None
        if match:
            printed[match.group(1)] = int(match.group(2))
    checked = {t: n for t, n in printed.items() if t in outline}
    assert len(checked) >= 4, printed
    assert checked == {t: outline[t] for t in checked}


def test_superscript_citations_keep_line_spacing_even(mini):
    lines = [l for l in pdf_lines(mini.path("zh", "pdf")) if l.body]
    gaps = [round(b.top - a.top, 1) for a, b in zip(lines, lines[1:])
            if a.page == b.page and 0 < b.top - a.top < 30]
    assert gaps and max(gaps) - min(gaps) <= 0.5, gaps


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_brief_is_shorter_than_the_report_and_points_to_it(mini, lang):
    # The fixture's brief holds one short section; the two-to-four-page promise is the real
    # report's (test_real_report.py::test_brief_fits_two_to_four_pages).
    path = mini.path(lang, "pdf", product="brief")
    pages = len(PdfReader(str(path)).pages)
    assert pages <= 4 and pages < len(PdfReader(str(mini.path(lang, "pdf"))).pages)
    text = re.sub(r"(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff\d])", "", pdf_text(path))
    assert {"zh": "完整报告", "en": "full report"}[lang] in text
    assert {"zh": "2025年峰会要点", "en": "The 2025 summit at a glance"}[lang] in text
