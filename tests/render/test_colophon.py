"""Cover and colophon: masthead, edition, rights, and the suggested citation in every format."""

from __future__ import annotations

import html
import re

import pytest
from pypdf import PdfReader

from readers import docx_paragraphs
from reportkit.load.report import load_report

HEADING = {"zh": "建议引用格式", "en": "Suggested citation"}
FIRST_EDITION = {"zh": "第1.0版", "en": "Edition 1.0"}


def edition_name(lang: str, version: str) -> str:
    """The name every page gives an edition: its version."""
    return {"zh": f"第{version}版", "en": f"Edition {version}"}[lang]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_citation(path, lang) -> str:
    last = PdfReader(str(path)).pages[-1].extract_text()
    return _flat(last.split(HEADING[lang], 1)[1])


def _html_citation(path) -> str:
    page = path.read_text(encoding="utf-8")
    block = re.search(r'<div class="suggested-citation">(.*?)</div>', page, re.S).group(1)
    return _flat(html.unescape(re.sub(r"<[^>]+>", "", block)))


def _docx_citation(path, lang) -> str:
    paragraphs = [text for _, text in docx_paragraphs(path)]
    return _flat(paragraphs[paragraphs.index(HEADING[lang]) + 1])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_suggested_citation_is_the_same_in_pdf_html_and_docx(real, lang):
    language = load_report(real.project.content).config.languages[lang]
    pdf = _pdf_citation(real.path(lang, "pdf"), lang)
    assert pdf == _html_citation(real.path(lang, "html")) == _docx_citation(real.path(lang, "docx"), lang)
    assert _flat(language.title) in pdf and _flat(language.author) in pdf and "2026" in pdf
    assert pdf.startswith(_flat(language.author))          # no reference-list number before it
    # The edition's own style: GB/T 7714 marks a report [R]; Chicago names the series.
    assert ("[R]" in pdf) if lang == "zh" else (_flat(language.series) in pdf)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cover_has_masthead_title_group_and_edition(real, lang):
    config = load_report(real.project.content).config
    language = config.languages[lang]
    # The series line is set in capitals in English: compare without case.
    cover = _flat(PdfReader(str(real.path(lang, "pdf"))).pages[0].extract_text()).casefold()
    current = edition_name(lang, config.edition.version)
    for expected in (language.series, language.title, language.author, current):
        assert _flat(expected).casefold() in cover, expected
    assert config.series_number in cover


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_colophon_states_publisher_rights_disclaimer_and_editions(real, lang):
    language = load_report(real.project.content).config.languages[lang]
    last = _flat(PdfReader(str(real.path(lang, "pdf"))).pages[-1].extract_text())
    for expected in (language.publisher, language.rights, language.disclaimer, FIRST_EDITION[lang]):
        assert _flat(expected) in last, expected


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_has_a_title_page(real, lang):
    import docx

    document = docx.Document(str(real.path(lang, "docx")))
    styles = [p.style.name for p in document.paragraphs]
    assert styles[:2] == ["Masthead", "Title"]
    first_chapter = next(p for p in document.paragraphs if p.style.name == "Heading 1")
    assert first_chapter.paragraph_format.page_break_before
    assert document.styles["TOC Heading"].paragraph_format.page_break_before
    # The title page has no running head: its first-page header is empty.
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert "".join(p.text for p in section.first_page_header.paragraphs).strip() == ""
    assert "".join(p.text for p in section.header.paragraphs).strip() != ""


def _inherited(style, attribute: str):
    """A paragraph-format value as Word resolves it: the style's own, else its base style's."""
    while style is not None:
        value = getattr(style.paragraph_format, attribute)
        if value is not None:
            return value
        style = style.base_style
    return None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_title_block_fits_on_its_page(real, lang):
    import docx

    document = docx.Document(str(real.path(lang, "docx")))
    section = document.sections[0]
    room = section.page_height - section.top_margin - section.bottom_margin
    block = [p for p in document.paragraphs
             if p.style.name in ("Masthead", "Title", "Subtitle", "Author", "Date")]
    assert [p.style.name for p in block][-3:] == ["Subtitle", "Author", "Date"]
    # Space above each line, and each line (two for a long title) at 1.5 times its size.
    used = sum((_inherited(p.style, "space_before") or 0) + (_inherited(p.style, "space_after") or 0)
               + 2 * 1.5 * (p.style.font.size or docx.shared.Pt(11)) for p in block)
    assert used < room, (used / 12700, room / 12700)   # in points
