"""The update loop: a new source arrives, is cited, checked and built into every output."""

from __future__ import annotations

import json
import re

import pytest

from helpers import ROOT, invoke
from readers import docx_paragraphs
from reportkit.pipeline.build import build
from reportkit.project import Project
from reportkit.commands.cli import add_source_command, translated_command
from reportkit.errors import ContentError
from reportkit.load.report import load_references, load_report
from reportkit.commands.names import parse_name
from reportkit.commands.sources import english_form, stable_key
from reportkit.check.validate import validate

NEW_SOURCE = [{"id": "ITEM-1", "type": "article-journal", "language": "zh-CN",
               "author": [{"family": "王", "given": "明"}], "title": "中亚能源合作新动向",
               "container-title": "国际问题研究", "issued": {"date-parts": [[2026, 3]]}}]


def test_stable_key_and_pinyin_form():
    entry = NEW_SOURCE[0]
    assert stable_key(entry, set()) == "wang2026"
    assert stable_key(entry, {"wang2026"}) == "wang2026a"
    assert english_form(entry)["author"] == [{"family": "Wang", "given": "Ming"}]


def test_duplicate_source_is_refused(tmp_path, mini_copy):
    path = tmp_path / "new.json"
    path.write_text(json.dumps(NEW_SOURCE, ensure_ascii=False), encoding="utf-8")
    add_source_command(ROOT, file=str(path), content=mini_copy)
    with pytest.raises(ContentError, match="already in the bibliography as 'wang2026'"):
        add_source_command(ROOT, file=str(path), content=mini_copy)


def test_new_source_loop(tmp_path, mini_copy):
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, formats=["html", "docx"])

    path = tmp_path / "zotero.json"
    path.write_text(json.dumps(NEW_SOURCE, ensure_ascii=False), encoding="utf-8")
    assert add_source_command(ROOT, file=str(path), content=mini_copy) == ["wang2026"]

    zh = mini_copy / "zh" / "findings.md"
    zh.write_text(zh.read_text(encoding="utf-8") + "\n中亚能源合作出现新动向[@wang2026]。\n", encoding="utf-8")
    problems = [str(p) for p in validate(load_report(mini_copy)).problems]
    en = mini_copy / "en" / "findings.md"
    assert any(p.startswith(f"{en}:") and "citations differ from the 'zh' version: lacks wang2026" in p
               for p in problems)
    assert any(p.startswith(f"{en}:") and "stale translation" in p for p in problems)

    en.write_text(en.read_text(encoding="utf-8") + "\nCentral Asian energy cooperation is shifting "
                  "[@wang2026].\n", encoding="utf-8")
    translated_command(ROOT, section="findings", lang="en", content=mini_copy)
    bibliography = mini_copy / "references.yaml"
    assert [str(p) for p in validate(load_report(mini_copy)).problems] == [
        f"{bibliography}:49: warning: entry 'wang2026' has no translated title in the 'en' edition — "
        "write forms.en.title as the romanized title followed by its translation in [brackets]"]
    proposed = "title: Zhongya nengyuan hezuo xindongxiang\n"
    bibliography.write_text(bibliography.read_text(encoding="utf-8").replace(
        proposed, proposed[:-1] + " [New trends in Central Asian energy cooperation]\n"), encoding="utf-8")
    assert [str(p) for p in validate(load_report(mini_copy)).problems] == []

    result = build(project, formats=["html", "docx"])
    assert len(result.outputs) == 4  # the bibliography changed: every output depends on it
    for lang, expected in (("zh", "王明"), ("en", "Wang Ming. 2026. “Zhongya nengyuan hezuo xindongxiang” "
                                                 "[New trends in Central Asian energy cooperation].")):
        html = (project.out / lang / "mini-report.html").read_text(encoding="utf-8")
        assert expected in re.sub(r"<[^>]+>", "", html)
        assert any(expected in text for _, text in docx_paragraphs(project.out / lang / "mini-report.docx"))

    en.write_text(en.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert sorted(f"{o.lang}.{o.fmt}" for o, _, _, _ in build(project, formats=["html", "docx"]).outputs) \
        == ["en.docx", "en.html"]


def test_duplicate_key_in_a_csl_yaml_export_is_refused(tmp_path, mini_copy):
    path = tmp_path / "export.yaml"
    path.write_text("- type: book\n  title: First\n  title: Second\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        add_source_command(ROOT, file=str(path), content=mini_copy)
    assert str(error.value) == (f"{path}:3: duplicate key 'title' (first on line 2) — "
                                "keep one of them: YAML would silently use the last")


def _added(content, key):
    """The entry `key` as add-source wrote it, read back from the bibliography."""
    return next(r.data for r in load_references(content / "references.yaml", "refs") if r.id == key)


def test_pinyin_form_keeps_digits(mini_copy):
    key, = add_source_command(ROOT, title="5年投资中亚1480亿", date="2025-12", content=mini_copy)
    assert _added(mini_copy, key)["forms"]["en"]["title"] == "5 nian touzi Zhongya 1480 yi"


def test_institution_is_a_literal_name_and_the_guess_is_reported(mini_copy, capsys):
    key, = add_source_command(ROOT, author="日本外务省", title="中亚外交蓝皮书", date="2025",
                              content=mini_copy)
    entry = _added(mini_copy, key)
    assert entry["author"] == [{"literal": "日本外务省"}]
    assert entry["forms"]["en"]["author"] == [{"literal": "Riben Waiwusheng"}]
    bibliography = mini_copy / "references.yaml"
    assert f"{bibliography}:37: guessed '日本外务省' is an institution (printed as written) — if it is a " \
           "person, give it as 'Family, Given'" in capsys.readouterr().out.splitlines()


def test_institution_option_is_printed_as_written(mini_copy):
    key, = add_source_command(ROOT, institution="外交部", author="王明", title="中亚外交",
                              date="2025", content=mini_copy)
    assert _added(mini_copy, key)["author"] == [{"family": "王", "given": "明"}, {"literal": "外交部"}]


@pytest.mark.parametrize("surname", ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙",
                                     "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "端木"])
def test_compound_surnames_stay_whole(surname):
    assert parse_name(f"{surname}修", "zh")[0] == {"family": surname, "given": "修"}


def test_compound_surname_in_the_pinyin_form(mini_copy):
    key, = add_source_command(ROOT, author="欧阳修", title="中亚史", date="2020", content=mini_copy)
    assert key == "ouyang2020"
    assert _added(mini_copy, key)["forms"]["en"]["author"] == [{"family": "Ouyang", "given": "Xiu"}]


def test_unsigned_chinese_source_is_keyed_by_its_container(mini_copy):
    keys = add_source_command(ROOT, title="日本的“外交突围”能走通吗？", container="解放日报",
                              date="2025-12", kind="article-newspaper", content=mini_copy)
    assert keys == ["jiefang2025"]


def test_japanese_source_gets_a_hepburn_form(mini_copy, capsys):
    key, = add_source_command(ROOT, author="山田太郎", title="日本の中央アジア外交", date="2021",
                              kind="book", content=mini_copy)
    entry = _added(mini_copy, key)
    assert (key, entry["language"]) == ("yamada2021", "ja")
    assert entry["forms"]["en"] == {"author": [{"family": "Yamada", "given": "Tarō"}],
                                    "title": "Nippon no chūō ajia gaikō"}
    out = capsys.readouterr().out
    assert "guessed language ja, from the script of the title — check it" in out
    assert "guessed '山田太郎' is family name 山田, given name 太郎 — if not, give it as 'Family, Given'" in out


@pytest.mark.parametrize("date,message", [
    ("2025-1x", "--date: invalid date ('2025-1x' is not a date) — write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2025-13-45", "--date: invalid date ('2025-13-45' has no month 13) — write YYYY, YYYY-MM or YYYY-MM-DD")])
def test_bad_date_is_one_line_and_nothing_is_written(mini_copy, date, message):
    before = (mini_copy / "references.yaml").read_bytes()
    run = invoke("add-source", "--content", str(mini_copy), "--title", "中亚", "--date", date)
    assert run.returncode == 1
    assert run.stderr.strip() == message
    assert (mini_copy / "references.yaml").read_bytes() == before


def test_language_option_must_be_a_tag(mini_copy):
    with pytest.raises(ContentError) as error:
        add_source_command(ROOT, title="中亚", language="Chinese", content=mini_copy)
    assert str(error.value) == ("--language: 'Chinese' is not a language tag — write a tag such as zh-CN, "
                                "zh-Hant, ja or en")


def test_bad_date_in_a_file_names_the_file(tmp_path, mini_copy):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([{**NEW_SOURCE[0], "issued": "2026-02-30"}], ensure_ascii=False),
                    encoding="utf-8")
    with pytest.raises(ContentError) as error:
        add_source_command(ROOT, file=str(path), content=mini_copy)
    assert str(error.value) == (f"{path}: entry '中亚能源合作新动向': invalid date ('2026-02-30' is an "
                                "impossible date) — write YYYY, YYYY-MM or YYYY-MM-DD")


def test_korean_source_gets_no_romanized_form_but_a_note(mini_copy, capsys):
    key, = add_source_command(ROOT, author="김철수", title="중앙아시아와 일본", date="2020", content=mini_copy)
    entry = _added(mini_copy, key)
    assert (entry["language"], "forms" in entry) == ("ko", False)
    assert "guessed no romanized form: none is proposed for a Korean source — write forms.en (romanized " \
           "names and title) by hand" in capsys.readouterr().out


def test_a_declared_name_is_romanized_as_a_name_and_a_counted_noun_is_not(mini_copy):
    from helpers import invoke

    metadata = mini_copy / "report.yaml"
    metadata.write_text(metadata.read_text(encoding="utf-8").replace(
        "sections: [intro, findings]", "names: [高市 早苗]\nsections: [intro, findings]"), encoding="utf-8")
    added = invoke("add-source", "--content", str(mini_copy), "--title", "高市早苗会见中亚五国领导人",
                   "--container", "星岛头条", "--date", "2025-12-21", "--kind", "article-newspaper")
    assert added.returncode == 0, added.stderr
    written = (mini_copy / "references.yaml").read_text(encoding="utf-8")
    assert "title: Gaoshi Zaomiao huijian Zhongya wuguo lingdaoren\n" in written
    assert "container-title: Xingdao Toutiao\n" in written
