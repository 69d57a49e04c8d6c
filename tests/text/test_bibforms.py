"""Reference lists with sources in several languages: each entry in the form its language
requires in each edition's style (GB/T 7714-2015 in Chinese, Chicago author-date in English)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from helpers import ROOT
from readers import docx_paragraphs, html_references_by_key, pdf_joined
from reportkit.pipeline.build import build
from reportkit.project import Project
from reportkit.commands.cli import add_source_command, translated_command

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "multilingual"

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
                       "energy cooperation in Central Asia]. Guoji Wenti Yanjiu."]
    assert en[1] == ("Smith, John, Alice Brown, Kim Lee, and Si Zhao. 2020. “Japan and Central Asia Revisited.” "
                     "Asian Survey 60: 1–20.")


# GB/T 7714-2015's forms that CSL cannot state by itself: one entry of each kind, in the
# Chinese edition's GB/T list and the English edition's Chicago list.
GBT_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "gbt" / "references.yaml"
GBT_ZH = {
    "moreau2019": "[1] MOREAU C, LINDQVIST E. Water and power in Central Asia: proceedings of the fourth Caspian "
                  "Basin Workshop, Almaty, Kazakhstan, September 10–12, 2018[C]. Cham: Springer, 2019.",
    "zhongya2016": "[2] 中亚国家法律研究中心. 中亚国家法律法规汇编[G]. 北京: 法律出版社, 2016.",
    "caspian2021": "[3] Caspian Development Council. Beyond the pipeline: prospects for economic recovery in "
                   "Central Asia[R]. Geneva: CDC Publishing, 2021.",
    "whitfield2017": "[4] WHITFIELD T A, Jr. Caravans and pipelines: the economies of Central Asia[M]. 4th ed. "
                     "New York: Routledge, 2017.",
    "zhongyatx1985": "[5] 中国中亚友好协会. 中亚研究通讯[J]. 1985, 1(1)-. 北京: 中国中亚友好协会, 1985-.",
    "steppe1914": "[6] Steppe Research Society. Journal of the Steppe Research Society[J]. 1914, 1(1)-1969, "
                  "56(3). London: Steppe Research Society, 1914-1969.",
    "baxter2010": "[7] BAXTER H. Letters from Samarkand[M]. [S.l.]: Steppe Press, 2010.",
    "liu2015": "[8] 刘建华. 新疆与中亚五国贸易调查报告[R]. 乌鲁木齐: [出版者不详], 2015.",
    "aiwensi2015": "[9] 马丁·埃文斯. 丝绸之路经济史[M]. 张明, 李华, 王芳, 等译. 上海: 上海人民出版社, 2015.",
    "iso2021": "[10] Information and documentation—Guidelines for bibliographic references and citations to "
               "information resources: ISO 690:2021[S/OL]. 2021[2025-03-01]. https://www.iso.org/standard/72642.html.",
}
GBT_EN = {
    "baxter2010": "Baxter, Helen. 2010. Letters from Samarkand. Steppe Press.",
    "caspian2021": "Caspian Development Council. 2021. Beyond the Pipeline: Prospects for Economic Recovery in "
                   "Central Asia. CDC Publishing.",
    "zhongyatx1985": "China–Central Asia Friendship Association. 1985. Zhongya yanjiu tongxun [Central Asian "
                     "Studies Newsletter]. (Beijing) 1 (1).",
    "iso2021": "Information and Documentation—Guidelines for Bibliographic References and Citations to "
               "Information Resources. 2021. ISO 690:2021. https://www.iso.org/standard/72642.html.",
    "liu2015": "Liu Jianhua. 2015. Xinjiang yu Zhongya wu guo maoyi diaocha baogao [A survey of trade between "
               "Xinjiang and the five Central Asian states]. Ürümqi.",
    "aiwensi2015": "Martin Evans. 2015. Sichou zhi lu jingji shi [An economic history of the Silk Road]. "
                   "Translated by Zhang Ming, Li Hua, Wang Fang, and Zhao Qiang. Shanghai Renmin Chubanshe.",
    # Proceedings and compilations: the genre that gives GB/T its code is no genre Chicago prints.
    "moreau2019": "Moreau, Claire, and Erik Lindqvist, eds. 2019. Water and Power in Central Asia: Proceedings "
                  "of the Fourth Caspian Basin Workshop. September 10–12, 2018, Almaty, Kazakhstan. Springer.",
    "steppe1914": "Steppe Research Society. 1914–1969. Journal of the Steppe Research Society. (London) 1-56 (1-3).",
    "whitfield2017": "Whitfield, Thomas A., Jr. 2017. Caravans and Pipelines: The Economies of Central Asia. "
                     "4th ed. Routledge.",
    "zhongya2016": "Zhongya Guojia Falü Yanjiu Zhongxin, ed. 2016. Zhongya guojia falü fagui huibian [Collected "
                   "laws and regulations of the Central Asian states]. Falü Chubanshe.",
}


@pytest.fixture(scope="module")
def gbt_lists(tmp_path_factory) -> dict[str, dict[str, str]]:
    """The fixture's reference list in each edition, as pandoc's HTML shows it, by key."""
    from reportkit.text.citations import edition_items, prepared_style
    from reportkit.convert import PandocJob, to_html
    from reportkit.load.report import load_config, load_references

    languages = load_config(ROOT / "content").languages
    references = load_references(GBT_FIXTURE, str(GBT_FIXTURE))
    markdown = " ".join(f"[@{ref.id}]" for ref in references)
    lists = {}
    for lang in ("zh", "en"):
        work = tmp_path_factory.mktemp(f"gbt-{lang}")
        style = prepared_style(languages[lang].csl, work / "cache")
        job = PandocJob(markdown, languages[lang].bcp47, str(style), edition_items(references, lang), str(work))
        body = to_html(job, ROOT / "templates" / "pandoc" / "fragment.html").body
        entries = re.findall(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)(?=<div id="ref-|$)', body, re.S)
        lists[lang] = {key: " ".join(re.sub(r"<[^>]+>", "", text).split()) for key, text in entries}
    return lists


@pytest.mark.parametrize("lang, expected", [("zh", GBT_ZH), ("en", GBT_EN)])
def test_gbt_forms_in_each_edition(gbt_lists, lang, expected):
    assert gbt_lists[lang] == expected


def test_zotero_extra_gives_the_document_kind(tmp_path, mini_copy):
    """Zotero has no proceedings, periodical or standard: its export carries them in Extra (`note`);
    nor a field for a name's suffix, which it keeps in the name."""
    export = tmp_path / "export.json"
    export.write_text(json.dumps([{
        "type": "book", "title": "Water and power in Central Asia", "language": "en",
        "editor": [{"family": "Moreau", "given": "Claire"}, {"family": "Lindqvist, Jr", "given": "Erik"}],
        "publisher": "Springer", "issued": {"date-parts": [[2019]]},
        "note": "genre: proceedings\nevent-date: 2018-09-10/2018-09-12\npublisher-place: Cham\nRead for chapter 3"}, {
        "type": "book", "title": "中亚研究通讯", "language": "zh-CN", "author": [{"literal": "中国中亚友好协会"}],
        "issued": {"date-parts": [[1985]]}, "note": "type: periodical\nissue: 1"}]), encoding="utf-8")
    assert add_source_command(ROOT, file=str(export), content=mini_copy) == ["water2019", "zhongguo1985"]
    text = (mini_copy / "references.yaml").read_text(encoding="utf-8")
    added = yaml.safe_load(text)["references"][-2:]
    assert {k: added[0][k] for k in ("type", "genre", "event-date", "publisher-place", "note")} == {
        "type": "book", "genre": "proceedings", "event-date": {"date-parts": [[2018, 9, 10], [2018, 9, 12]]},
        "publisher-place": "Cham", "note": "Read for chapter 3"}
    assert added[0]["editor"][1] == {"family": "Lindqvist", "given": "Erik", "suffix": "Jr"}
    assert (added[1]["type"], added[1]["issue"], "note" in added[1]) == ("periodical", "1", False)
