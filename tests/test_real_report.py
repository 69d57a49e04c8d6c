"""The real report in content/, built as a user builds it, read as a reader reads it."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from pdf_lines import CLOSING, LEFT, OPENING, RIGHT_EDGE, non_final_body_lines, pdf_lines
from readers import docx_paragraphs, html_facts, html_references_by_key, pdf_fonts, pdf_joined, pdf_text
from reportkit.load import load_report

REFERENCES = {"zh": "参考文献", "en": "References"}


def _flat(text):
    """PDF text with the typesetting spaces between Han characters removed."""
    return re.sub(r"(?<=[\u4e00-\u9fff\d])[ \u00a0]+(?=[\u4e00-\u9fff\d])", "", text)


@pytest.fixture(scope="module")
def titles(real):
    report = load_report(real.project.content)
    return {lang: [s.title for s in report.sections[lang].values()] for lang in ("zh", "en")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_has_every_section_title_and_the_references(real, titles, lang):
    text = _flat(pdf_text(real.path(lang, "pdf"))).replace("\n", "")
    for title in titles[lang]:
        assert _flat(title).replace(" ", "") in text.replace(" ", "")
    assert REFERENCES[lang] in text and "\ufffd" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_fonts_embedded_and_chinese_pdf_small(real, lang):
    assert [name for name, embedded in pdf_fonts(real.path(lang, "pdf")) if not embedded] == []
    if lang == "zh":
        assert real.path("zh", "pdf").stat().st_size < 2 * 1024 * 1024


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_headings_in_order(real, titles, lang):
    headings = [t for style, t in docx_paragraphs(real.path(lang, "docx")) if style == "Heading 1"]
    assert headings[:len(titles[lang])] == titles[lang]
    assert headings[-1] == REFERENCES[lang]
    bibliography = [t for style, t in docx_paragraphs(real.path(lang, "docx")) if style == "Bibliography"]
    assert len(bibliography) == 5


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_links_all_resolve(real, lang):
    facts = html_facts(real.path(lang, "html"))
    internal = [h[1:] for h in facts.hrefs if h.startswith("#")]
    assert len([h for h in internal if h.startswith("ref-")]) > 50
    assert [h for h in internal if h not in facts.ids] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_body_lines_flush_right(real, lang):
    measured = non_final_body_lines(pdf_lines(real.path(lang, "pdf")), LEFT)
    assert len(measured) > 100
    ragged = [(l.page, l.text[-10:], round(RIGHT_EDGE - l.x1, 2)) for l in measured
              if abs(l.x1 - RIGHT_EDGE) > 1.0]
    assert ragged == []


def test_chinese_line_starts_and_ends(real):
    lines = pdf_lines(real.path("zh", "pdf"))
    assert [l.text[:12] for l in lines if l.text[0] in CLOSING] == []
    assert [l.text[-12:] for l in lines if l.text[-1] in OPENING] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_brief_fits_two_to_four_pages(real, lang):
    assert 2 <= len(PdfReader(str(real.path(lang, "pdf", "brief"))).pages) <= 4


def test_chinese_pdf_text_extracts_without_typesetting_spaces(real):
    text = pdf_text(real.path("zh", "pdf"))
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    spaced = len(re.findall(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", text))
    assert han > 9000 and spaced < han * 0.01, (spaced, han)
    assert "日本的中亚政策经历了" in text.replace("\n", "")


# Entries whose facts are settled; each edition sets them in its own standard.
REFERENCE_ENTRIES = {
    "zh": {"gao2011": "[1] 高博杰. 日本的中亚政策及中国的应对策略[J]. 国际关系学院学报, 2011(1): 68-72.",
           "tang2025": "[2] 唐奇芳. [关于首届中亚—日本峰会的评论][EB/OL]. (2025-12). "
                       "https://www.163.com/dy/article/KKVDMTIQ05566SD1.html.",
           "lian2025": "[3] 廉德瑰. [廉德瑰谈日本的中亚战略与中亚—日本峰会][Z]//观察者网. 2025."},
    "en": {"gao2011": "Gao Bojie. 2011. “Riben de Zhongya zhengce ji Zhongguo de yingdui celüe” [Japan’s Central "
                      "Asia policy and China’s response strategies]. Guoji Guanxi Xueyuan Xuebao [Journal of "
                      "University of International Relations], no. 1: 68–72.",
           "lian2025": "Lian Degui. 2025. “[Interview on Japan’s Central Asia strategy and the Central Asia–Japan "
                       "summit].” Interview by Zheng Lehuan. Guancha, December.",
           "tang2025": "Tang Qifang. 2025. “[Commentary on the first Central Asia–Japan summit].” NetEase Hao, "
                       "December. https://www.163.com/dy/article/KKVDMTIQ05566SD1.html."}}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reference_entries_in_each_edition(real, lang):
    entries = html_references_by_key(real.path(lang, "html"))
    assert {key: entries.get(key) for key in REFERENCE_ENTRIES[lang]} == REFERENCE_ENTRIES[lang]
    docx = [text.replace(" \t", " ") for style, text in docx_paragraphs(real.path(lang, "docx"))
            if style == "Bibliography"]
    assert [e for e in REFERENCE_ENTRIES[lang].values() if e not in docx] == []
    pdf = pdf_joined(real.path(lang, "pdf"))
    assert [e for e in REFERENCE_ENTRIES[lang].values() if e not in pdf] == []
