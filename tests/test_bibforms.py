"""Reference lists with sources in several languages: each entry in the form its language
requires in each edition's style (GB/T 7714-2015 in Chinese, Chicago author-date in English)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import ROOT
from readers import docx_paragraphs, html_references_by_key, pdf_joined
from reportkit.build import build
from reportkit.project import Project
from reportkit.cli import add_source_command, translated_command

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "multilingual"

ZH = ["[1] SMITH J, BROWN A, LEE K, et al. Japan and Central Asia revisited[J]. Asian Survey, 2020, 60: 1-20.",
      "[2] 王一, 李二, 张三, 等. 中亚能源合作研究[J]. 国际问题研究, 2019: 5-9.",
      "[3] 中华人民共和国外交部. 中国同中亚国家关系[R]. 北京: 世界知识出版社, 2024.",
      "[4] 山田太郎, 佐藤花子, 鈴木一郎, 等. 日本の中央アジア外交[M]. 東京: 東京大学出版会, 2021.",
      "[5] DOE J, ROE R, POE E, et al. Steppe railways and their creditors[J]. Central Asian Survey, "
      "2018, 37: 100-118."]
EN = ["Doe, Jane, Richard Roe, Edgar Poe, and Martin Moe. 2018. “Steppe Railways and Their Creditors.” "
      "Central Asian Survey 37: 100–118.",
      "Ministry of Foreign Affairs of the People’s Republic of China. 2024. Zhongguo tong Zhongya guojia "
      "guanxi [China’s relations with the Central Asian states]. Shijie Zhishi Chubanshe.",
      "Smith, John, Alice Brown, Kim Lee, and Si Zhao. 2020. “Japan and Central Asia Revisited.” "
      "Asian Survey 60: 1–20.",
      "Wang Yi, Li Er, Zhang San, and Zhao Si. 2019. “Zhongya nengyuan hezuo yanjiu” [Research on energy "
      "cooperation in Central Asia]. Guoji wenti yanjiu [International Studies], 5–9.",
      "Yamada Tarō, Satō Hanako, Suzuki Ichirō, and Takahashi Jirō. 2021. Nihon no Chūō Ajia gaikō "
      "[Japan’s Central Asia diplomacy]. Tōkyō Daigaku Shuppankai."]
EXPECTED = {"zh": ZH, "en": EN}


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory):
    out = tmp_path_factory.mktemp("multilingual-build")
    project = Project.at(ROOT, content=FIXTURE, out=out)
    result = build(project)
    return project, result


def _path(built, lang: str, fmt: str) -> Path:
    return built[0].out / lang / f"multilingual-report.{fmt}"


def html_references(path: Path) -> list[str]:
    """The text of each reference-list entry of an HTML edition (backlinks left out)."""
    return list(html_references_by_key(path).values())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_reference_list(multilingual, lang):
    assert html_references(_path(multilingual, lang, "html")) == EXPECTED[lang]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_reference_list(multilingual, lang):
    entries = [text.replace(" \t", " ") for style, text in docx_paragraphs(_path(multilingual, lang, "docx"))
               if style == "Bibliography"]
    assert entries == EXPECTED[lang]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_reference_list(multilingual, lang):
    text = pdf_joined(_path(multilingual, lang, "pdf"))
    assert [entry for entry in EXPECTED[lang] if entry not in text] == []
    positions = [text.index(entry) for entry in EXPECTED[lang]]
    assert positions == sorted(positions)


def test_translations_are_roman_and_outside_the_quotation_marks(multilingual):
    import docx

    html = _path(multilingual, "en", "html").read_text(encoding="utf-8")
    assert ("<span>“Zhongya nengyuan hezuo yanjiu”</span> [Research on energy cooperation in Central Asia]. "
            "<em>Guoji wenti yanjiu</em> [International Studies], 5–9.") in html
    paragraphs = docx.Document(str(_path(multilingual, "en", "docx"))).paragraphs
    wang = next(p for p in paragraphs if p.text.startswith("Wang Yi"))
    italic = [run.text for run in wang.runs if run.italic]
    assert italic == ["Guoji wenti yanjiu"]


def test_in_text_citations_name_the_family_without_translation(multilingual):
    # The Word edition: in the HTML each citation also holds its reference popover.
    text = "\n".join(text for _, text in docx_paragraphs(_path(multilingual, "en", "docx")))
    for citation in ("(Wang et al. 2019)", "(Yamada et al. 2021)", "(Smith et al. 2020, 3)"):
        assert citation in text


def test_entry_of_unknown_language_is_a_warning(multilingual):
    path = FIXTURE / "references.yaml"
    shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path  # as messages show it
    assert [str(w) for w in multilingual[1].warnings] == [
        f"{shown}:75: warning: entry 'doe2018' has no language (taken as 'en' from "
        "the script of its title) — add language: with a tag such as zh-CN, zh-Hant, ja or en"]


def test_sources_added_with_add_source_read_right_in_both_editions(tmp_path, mini_copy):
    """A new user adds an English and a Chinese article with four authors each and cites both."""
    export = tmp_path / "export.json"
    export.write_text(json.dumps([{
        "type": "article-journal", "title": "Japan and Central Asia revisited", "container-title": "Asian Survey",
        "author": [{"family": "Smith", "given": "John"}, {"family": "Brown", "given": "Alice"},
                   {"family": "Lee", "given": "Kim"}, {"family": "Zhao", "given": "Si"}],
        "volume": "60", "page": "1-20", "issued": {"date-parts": [[2020]]}}]), encoding="utf-8")
    assert add_source_command(ROOT, file=str(export), content=mini_copy) == ["smith2020"]
    assert add_source_command(ROOT, author="王一; 李二; 张三; 赵四", title="中亚能源合作研究",
                              container="国际问题研究", date="2019", kind="article-journal",
                              content=mini_copy) == ["wang2019"]
    bibliography = mini_copy / "references.yaml"
    text = bibliography.read_text(encoding="utf-8")
    bibliography.write_text(text.replace(  # what the user adds to the proposal: the translation
        "title: Zhongya nengyuan hezuo yanjiu\n",
        "title: Zhongya nengyuan hezuo yanjiu [Research on energy cooperation in Central Asia]\n"),
        encoding="utf-8")
    for lang, sentence in (("zh", "\n新的研究[@smith2020; @wang2019]。\n"), ("en", "\nNew work [@smith2020; @wang2019].\n")):
        section = mini_copy / lang / "findings.md"
        section.write_text(section.read_text(encoding="utf-8") + sentence, encoding="utf-8")
    translated_command(ROOT, section="findings", lang="en", content=mini_copy)
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    assert build(project, formats=["html"]).warnings == []
    zh = html_references(project.out / "zh" / "mini-report.html")
    en = html_references(project.out / "en" / "mini-report.html")
    assert zh[-2:] == ["[3] SMITH J, BROWN A, LEE K, et al. Japan and Central Asia revisited[J]. Asian Survey, "
                       "2020, 60: 1-20.",
                       "[4] 王一, 李二, 张三, 等. 中亚能源合作研究[J]. 国际问题研究, 2019."]
    assert en[-2:] == ["Tang Qifang. 2025. “[Commentary on the first Central Asia–Japan summit].” NetEase Hao, "
                       "December. https://www.163.com/dy/article/KKVDMTIQ05566SD1.html.",
                       "Wang Yi, Li Er, Zhang San, and Zhao Si. 2019. “Zhongya nengyuan hezuo yanjiu” [Research on "
                       "energy cooperation in Central Asia]. Guoji wenti yanjiu."]
    assert en[1] == ("Smith, John, Alice Brown, Kim Lee, and Si Zhao. 2020. “Japan and Central Asia Revisited.” "
                     "Asian Survey 60: 1–20.")
