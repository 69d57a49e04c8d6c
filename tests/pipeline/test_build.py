"""Building the fixture report end to end: what a reader of each format sees."""

from __future__ import annotations

import re

import pytest

from helpers import ROOT, edit
from readers import docx_paragraphs, html_facts, pdf_fonts, pdf_text
from reportkit.pipeline.build import Output, build
from reportkit.project import Project
from reportkit.errors import ConfigError

SECTION_TITLES = {"zh": ["引言", "主要发现"], "en": ["Introduction", "Findings"]}
REFERENCES = {"zh": "参考文献", "en": "References"}


def test_build_makes_every_edition_and_format(mini):
    made = sorted(str(path.relative_to(mini.project.out)) for _, path, _, _ in mini.result.outputs)
    assert made == ["en/mini-report-brief.pdf", "en/mini-report.docx", "en/mini-report.html",
                    "en/mini-report.pdf", "zh/mini-report-brief.pdf", "zh/mini-report.docx",
                    "zh/mini-report.html", "zh/mini-report.pdf"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_holds_sections_and_references(mini, lang):
    text = pdf_text(mini.path(lang, "pdf"))
    for title in SECTION_TITLES[lang]:
        assert title in text
    assert REFERENCES[lang] in text
    assert "\ufffd" not in text


def test_zh_pdf_citation_has_page_after_bracket(mini):
    text = pdf_text(mini.path("zh", "pdf"))
    assert "[1]69" in text
    assert "p. 69" not in text


def test_en_pdf_citation_is_author_date_with_page(mini):
    text = pdf_text(mini.path("en", "pdf"))
    assert "(Gao 2011, 69)" in text
    assert "Gao Bojie. 2011." in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_fonts_are_all_embedded(mini, lang):
    fonts = pdf_fonts(mini.path(lang, "pdf"))
    assert fonts, "no font found in the PDF"
    assert [name for name, embedded in fonts if not embedded] == []


def test_zh_pdf_uses_cjk_faces(mini):
    names = " ".join(name for name, _ in pdf_fonts(mini.path("zh", "pdf"))).replace("-", "")
    assert "NotoSerifCJKSC" in names and "NotoSansCJKSC" in names


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_headings_and_references_in_order(mini, lang):
    paragraphs = docx_paragraphs(mini.path(lang, "docx"))
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    # Chapters carry their number, as in the PDF; the colophon follows the references.
    assert [re.sub(r"^(第\d+章|\d+)\s+", "", h) for h in headings[:2]] == SECTION_TITLES[lang]
    assert headings[-2] == REFERENCES[lang]
    bibliography = [text for style, text in paragraphs if style == "Bibliography"]
    assert len(bibliography) == 2


@pytest.mark.parametrize("lang,html_lang", [("zh", "zh-Hans"), ("en", "en")])
def test_html_lang_and_citation_links_resolve(mini, lang, html_lang):
    facts = html_facts(mini.path(lang, "html"))
    assert facts.html_lang == html_lang
    citation_links = [h for h in facts.hrefs if h.startswith("#ref-")]
    assert citation_links, "no citation links"
    internal = [h[1:] for h in facts.hrefs if h.startswith("#")]
    assert [target for target in internal if target not in facts.ids] == []


def test_subset_build_makes_only_what_was_asked(tmp_path, mini_copy):
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    result = build(project, langs=["en"], formats=["pdf"])
    made = sorted(str(p.relative_to(project.out)) for _, p, _, _ in result.outputs)
    assert made == ["en/mini-report-brief.pdf", "en/mini-report.pdf"]


def test_unknown_language_is_a_clear_error(tmp_path, mini_copy):
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    with pytest.raises(ConfigError, match="unknown language 'fr'"):
        build(project, langs=["fr"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_reference_entries_link_back_to_their_citations(mini, lang):
    html = mini.path(lang, "html").read_text(encoding="utf-8")
    facts = html_facts(mini.path(lang, "html"))
    backlinks = [h for h in facts.hrefs if h.startswith("#cite-")]
    cited = re.findall(r'<span class="citation" id="cite-\d+" data-cites="([^"]+)"', html)
    assert cited and len(backlinks) == sum(len(keys.split()) for keys in cited)
    assert all(h[1:] in facts.ids for h in backlinks)


def test_index_lists_every_edition_and_format_with_working_links(mini):
    index = mini.project.out / "index.html"
    facts = html_facts(index)
    files = sorted(h for h in facts.hrefs)
    assert len(files) == 8
    assert all((mini.project.out / h).is_file() for h in files)
    text = index.read_text(encoding="utf-8")
    assert "政策简报（PDF）" in text and "Policy brief (PDF)" in text and "KiB" in text


def test_a_captioned_pipe_table_is_numbered_and_continued_like_a_declared_one(tmp_path, mini_copy):
    from readers import html_text, pdf_text

    rows = "\n".join(f"| 20{n:02d} | Event number {n} |" for n in range(60))
    section = mini_copy / "en" / "findings.md"
    section.write_text(section.read_text(encoding="utf-8")
                       + f"\n\nTable: Events the section lists itself\n\n| Year | Event |\n|---|---|\n{rows}\n",
                       encoding="utf-8")
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["en"], formats=["pdf", "html"])
    # The chronology declared in report.yaml is placed first (Table 1), in the introduction.
    caption = re.compile(r"Table 2\W+Events the section lists itself")
    assert caption.search(html_text(project.out / "en" / "mini-report.html"))
    text = pdf_text(project.out / "en" / "mini-report.pdf")
    assert caption.search(text)
    assert "Table 2 (continued)" in text


def _faces(path) -> set[str]:
    """The families a PDF's fonts are subsets of: 'ABCDEF+Noto-Serif-CJK-JP' → 'NotoSerifCJKJP'."""
    return {name.split("+")[-1].lstrip("/").replace("-", "") for name, _ in pdf_fonts(path)}


def _pdf_language(path) -> str:
    from pypdf import PdfReader

    return str(PdfReader(str(path)).trailer["/Root"].get("/Lang"))


def test_japanese_edition_builds_in_every_format(trilingual):
    made = sorted(str(path.relative_to(trilingual.project.out)) for _, path, _, _ in trilingual.result.outputs)
    assert made == ["ja/trilingual-report-brief.pdf", "ja/trilingual-report.docx",
                    "ja/trilingual-report.html", "ja/trilingual-report.pdf"]
    text = pdf_text(trilingual.path("ja", "pdf"))
    for words in ("はじめに", "主な知見", "目次", "参考文献", "億日本円の借款", "出典："):
        assert words in text
    assert html_facts(trilingual.path("ja", "html")).html_lang == "ja-JP"


@pytest.mark.parametrize("product", ["report", "brief"])
def test_japanese_pdf_is_set_in_the_japanese_faces(trilingual, product):
    path = trilingual.path("ja", "pdf", product)
    faces = _faces(path)
    assert {"NotoSerifCJKJP", "NotoSansCJKJP"} <= faces
    assert [face for face in faces if "CJK" in face and not face.startswith(("NotoSerifCJKJP", "NotoSansCJKJP"))] == []
    assert _pdf_language(path) == "ja-JP"


def test_traditional_chinese_edition_is_set_in_the_traditional_faces(tmp_path, mini_copy):
    """zh_Hant_TW: the TC faces in the PDF and the DOCX, and the language the PDF states."""
    import shutil

    import opencc
    from docx import Document
    from docx.oxml.ns import qn

    root = tmp_path / "project"
    shutil.copytree(ROOT / "templates", root / "templates")
    simplified = root / "templates" / "locales" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
    traditional = root / "templates" / "locales" / "zh_Hant_TW" / "LC_MESSAGES" / "messages.po"
    traditional.parent.mkdir(parents=True)
    traditional.write_text(opencc.OpenCC("s2t").convert(simplified.read_text(encoding="utf-8"))
                           .replace("zh_Hans_CN", "zh_Hant_TW"), encoding="utf-8")
    edit(mini_copy / "report.yaml", "locale: zh_Hans_CN", "locale: zh_Hant_TW")
    project = Project.at(root, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["zh"], formats=["pdf", "docx"])
    pdf, docx = (Output("zh", "report", fmt).path(project.out, "mini-report") for fmt in ("pdf", "docx"))
    faces = _faces(pdf)
    assert {"NotoSerifCJKTC", "NotoSansCJKTC"} <= faces
    assert not any("CJKSC" in face or "CJKJP" in face for face in faces)
    assert _pdf_language(pdf) == "zh-Hant"
    body = Document(str(docx)).styles["Body Text"].element.rPr
    assert body.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Noto Serif CJK TC"
    assert body.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-TW"


def test_a_worker_gives_back_the_memory_a_finished_group_freed():
    """A worker going on after a report's PDF holds the heap its layout freed until it is
    released: the build's peak would be two layouts plus what each worker kept."""
    import subprocess
    import sys

    script = """
import resource
from reportkit.pipeline.build import _release_freed_memory

def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() >> 20

blocks = [bytearray(2000) for _ in range(100_000)]    # 200 MB on the C heap
kept = blocks[::50]                                    # a few survive, scattered across it
del blocks
before = resident()
_release_freed_memory()
print(before, resident())
"""
    before, after = map(int, subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                            check=True).stdout.split())
    assert before > 150 and after < before - 100, (before, after)
