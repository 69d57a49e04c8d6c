"""Markdown the engine reads before pandoc: headings holding HTML become formatted headings."""

from __future__ import annotations

import re

import pytest

from helpers import ROOT, copy_fixture
from readers import docx_paragraphs, pdf_outline, pdf_text
from reportkit.pipeline.build import build
from reportkit.project import Project
from reportkit.text.markdown import heading_markdown, mask_code, paragraph_spans


@pytest.mark.parametrize("written,markdown", [
    ("<em>摘要</em>", "*摘要*"),
    ("引<b>言</b>", "引**言**"),
    ("<p>摘要</p>", "摘要"),
    ("<div>A</div> <font color=red>note</font>", "A note"),
    ("<em> spaced </em>out", "*spaced* out"),
    ("<b>unclosed", "unclosed"),
    ("H<sub>2</sub>O &amp; <i>co</i>", "H~2~O &amp; *co*"),
    ("<script>alert(1)</script>Title", "Title"),
    ("1 < 2", "1 < 2"),
])
def test_heading_html_becomes_markdown(written, markdown):
    assert heading_markdown(written) == markdown


def _kept(text: str) -> list[str]:
    """The words of a text that are not code."""
    return mask_code(text).split()


def test_code_is_masked_with_offsets_and_lines_kept():
    text = ("A `x` b <!-- c `d -->e.\n\n"
            "```` py\nf\n```\ng\n````\n"
            "    h\n\n"
            "- i\n\n    j\n\n    k\n\n"
            "l\n\n    m\n\n"
            "n ` o\n\np ` q\n\n"
            "~~~\nr\n")
    assert len(mask_code(text)) == len(text) and mask_code(text).count("\n") == text.count("\n")
    # As pandoc reads it: a fence closes at one as long or longer, an unclosed one runs to the end;
    # an indented block is code unless it continues a list item; a code span stays in its paragraph.
    assert _kept(text) == ["A", "b", "e.", "-", "i", "j", "k", "l", "n", "`", "o", "p", "`", "q"]


def test_paragraphs_are_blocks_between_blank_lines_of_masked_text():
    text = "One\ntwo\n\n```\ncode\n\nmore\n```\n\n  Three  \n"
    assert [text[a:b] for a, b in paragraph_spans(mask_code(text))] == ["One\ntwo", "  Three"]


@pytest.fixture(scope="module")
def headings_build(tmp_path_factory):
    content = copy_fixture(tmp_path_factory.mktemp("headings") / "content")
    intro = content / "zh" / "intro.md"
    text = intro.read_text(encoding="utf-8").replace("title: 引言", "title: 引<b>言</b>")
    intro.write_text(text + "\n# <p>摘要</p>\n\n文字。\n\n## A <em>short</em> <div>note</div>\n\n文字。\n",
                     encoding="utf-8")
    project = Project.at(ROOT, content=content, out=content.parent / "out")
    build(project, langs=["zh"])
    return project.out / "zh"


def test_pdf_headings_and_outline_show_no_tags(headings_build):
    path = headings_build / "mini-report.pdf"
    outline = [(depth, title) for depth, title, _ in pdf_outline(path)]
    # The first chapter carries its number; the summary is set unnumbered.
    assert outline[:3] == [(0, "第1章 引言"), (0, "摘要"), (1, "A short note")]
    assert not re.search(r"</?(?:b|p|em|div)>|^#", pdf_text(path), re.M)


def test_html_headings_are_formatted(headings_build):
    html = (headings_build / "mini-report.html").read_text(encoding="utf-8")
    main = html.split("<main", 1)[1]
    headings = re.findall(r"<h([23])[^>]*>(.*?)</h\1>", main)
    assert headings[:3] == [("2", '<span class="chapter-number">第1章</span> 引<strong>言</strong>'), ("2", "摘要"),
                            ("3", "A <em>short</em> note")]


def test_docx_headings_are_formatted(headings_build):
    import docx

    path = headings_build / "mini-report.docx"
    headings = [(style, text) for style, text in docx_paragraphs(path) if style.startswith("Heading")]
    assert headings[:3] == [("Heading 1", "第1章 引言"), ("Heading 1", "摘要"), ("Heading 2", "A short note")]
    first = next(p for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 1")
    runs = [(run.text, bool(run.bold)) for run in first.runs if run.text.strip()]
    assert runs[-2:] == [("引", False), ("言", True)]
