"""The DOCX edition as an editor opens it: styles, fonts, language, TOC, captions, figures."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from helpers import ROOT
from readers import docx_paragraphs

LANG_TAGS = {"zh": "zh-CN", "en": "en-US"}


def _style_fonts(document, name):
    fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
    return {k.split("}")[1]: v for k, v in fonts.attrib.items()}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_body_and_heading_styles_name_latin_and_east_asian_faces(mini, lang):
    document = Document(str(mini.path(lang, "docx")))
    body = _style_fonts(document, "Body Text")
    heading = _style_fonts(document, "Heading 1")
    assert body["ascii"] == "Noto Serif" and body["eastAsia"] == "Noto Serif CJK SC"
    assert heading["ascii"] == "Noto Sans" and heading["eastAsia"] == "Noto Sans CJK SC"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_language_is_set_on_styles(mini, lang):
    document = Document(str(mini.path(lang, "docx")))
    language = document.styles["Body Text"].element.rPr.find(qn("w:lang"))
    assert language.get(qn("w:val")) == LANG_TAGS[lang]
    assert language.get(qn("w:eastAsia")) == "zh-CN"


def test_japanese_edition_names_the_japanese_faces_and_language(trilingual):
    document = Document(str(trilingual.path("ja", "docx")))
    assert _style_fonts(document, "Body Text")["eastAsia"] == "Noto Serif CJK JP"
    assert _style_fonts(document, "Heading 1")["eastAsia"] == "Noto Sans CJK JP"
    language = document.styles["Body Text"].element.rPr.find(qn("w:lang"))
    assert (language.get(qn("w:val")), language.get(qn("w:eastAsia"))) == ("ja-JP", "ja-JP")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_is_a4_with_header_and_page_number(mini, lang):
    document = Document(str(mini.path(lang, "docx")))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.header.paragraphs[0].text == {"zh": "测试报告", "en": "Test Report"}[lang]
    assert "PAGE" in section.footer._element.xml


@pytest.mark.parametrize("lang,table,figure", [("zh", "表1　日本与中亚关系大事年表（1991—2025年）",
                                                "图1　日本中亚政策的三个阶段与2025年峰会"),
                                               ("en", "Table 1. Chronology of Japan–Central Asia relations, 1991–2025",
                                                "Figure 1. The three stages of Japan’s Central Asia policy and the 2025 summit")])
def test_toc_field_captions_and_figure_image(mini, lang, table, figure):
    path = mini.path(lang, "docx")
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert re.search(r"instrText[^>]*>\s*TOC ", xml)
    paragraphs = docx_paragraphs(path)
    assert ("Table Caption", table) in paragraphs
    assert ("Image Caption", figure) in paragraphs
    media = [n for n in zipfile.ZipFile(path).namelist() if n.startswith("word/media/")]
    assert media, "the figure is missing"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_libreoffice_opens_the_docx(mini, lang, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is not installed: run 'bash bootstrap.sh' (it installs libreoffice-writer-nogui)")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(mini.path(lang, "docx"))],
                   check=True, capture_output=True, timeout=180)
    from readers import pdf_text

    text = pdf_text(tmp_path / "mini-report.pdf")
    contents, first_sentence = {"zh": ("目录", "正式承认"), "en": ("Contents", "formally recognized")}[lang]
    toc = text[text.index(contents):text.index(first_sentence)]
    for expected in {"zh": ["引言", "主要发现", "参考文献"], "en": ["Introduction", "Findings", "References"]}[lang]:
        assert expected in toc   # the table of contents shows its entries without a field update


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_document_is_dated_with_the_edition(mini, lang):
    core = zipfile.ZipFile(mini.path(lang, "docx")).read("docProps/core.xml").decode("utf-8")
    assert re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core) == [
        ("created", "2025-12-31T00:00:00Z"), ("modified", "2025-12-31T00:00:00Z")]


def test_source_date_epoch_dates_the_document(mini_copy, tmp_path, monkeypatch):
    from reportkit.pipeline.build import build
    from reportkit.project import Project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["en"], formats=["docx"], jobs=1)
    core = zipfile.ZipFile(tmp_path / "out" / "en" / "mini-report.docx").read("docProps/core.xml")
    assert b">2023-11-14T22:13:20Z<" in core
