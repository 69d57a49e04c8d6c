"""The update loop: a new source arrives, is cited, checked and built into every output."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from readers import docx_paragraphs
from reportkit.build import Project, build
from reportkit.cli import add_source_command, translated_command
from reportkit.errors import ContentError
from reportkit.load import load_report
from reportkit.sources import english_form, stable_key
from reportkit.validate import validate

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
    assert [str(p) for p in validate(load_report(mini_copy)).problems] == []

    result = build(project, formats=["html", "docx"])
    assert len(result.outputs) == 4  # the bibliography changed: every output depends on it
    for lang, expected in (("zh", "王明"), ("en", "Wang, Ming")):
        assert expected in (project.out / lang / "mini-report.html").read_text(encoding="utf-8")
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
