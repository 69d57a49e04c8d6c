"""The update loop as an analyst lives it, through the commands a user types: a news report
arrives, is added with its archived text, cited in both languages with an anchor, checked,
cut into a new edition and built; then the editor opens the tracked changes in LibreOffice
and a reader opens the page."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from helpers import EVIDENCE, ROOT, invoke
from office import settled_texts
from readers import html_text
from reportkit.commands.cli import translated_command
from reportkit.editions.record import snapshot, write_snapshot
from reportkit.load.report import load_report

NEWS = """青川港扩建工程开工

本报讯 2025年3月2日，青川港扩建工程正式开工。港务局表示，新建的三个集装箱泊位预计两年内投入使用，
届时港口年吞吐能力将增加一千万吨。
"""
ZH_SENTENCE = "2025年3月，港口扩建工程开工，新泊位预计两年内启用"
EN_SENTENCE = "Work on the port’s expansion began in March 2025, and the new berths are expected within two years"


def _run(*args):
    result = invoke(*args)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    """The evidence fixture after one turn of the loop: (content, out, what add-source printed)."""
    import shutil

    root = tmp_path_factory.mktemp("loop")
    shutil.copytree(EVIDENCE, root / "evidence")
    content, archive, out = root / "evidence" / "content", root / "evidence" / "archive", root / "out"
    write_snapshot(content, "0.1", snapshot(load_report(content)))   # the edition as it went out
    _run("build", "--content", str(content), "--out", str(out), "--format", "html,docx")

    (archive / "qingchuan-expansion.txt").write_text(NEWS, encoding="utf-8")
    added = _run("add-source", "--content", str(content), "--title", "青川港扩建工程开工",
                 "--container", "星岛头条", "--date", "2025-03-02", "--kind", "article-newspaper",
                 "--text", str(archive / "qingchuan-expansion.txt"), "--archived", "2025-03-05")
    bibliography = content / "references.yaml"
    text = bibliography.read_text(encoding="utf-8")
    text = text.replace("title: Qingchuan gang kuojian gongcheng kaigong\n",
                        "title: Qingchuan gang kuojian gongcheng kaigong [Work begins on the port expansion]\n")
    bibliography.write_text(text, encoding="utf-8")
    key = re.search(r"added @(\w+)", added.stdout).group(1)
    for lang, sentence in (("zh", ZH_SENTENCE + "[@{key} <<预计两年内投入使用>>]。"),
                           ("en", EN_SENTENCE + " [@{key}].")):
        section = content / lang / "port.md"
        section.write_text(section.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
                           + sentence.format(key=key) + "\n", encoding="utf-8")
    translated_command(ROOT, section="port", lang="en", content=content)
    _run("check", "--strict", "--content", str(content))
    _run("edition", "--content", str(content), "--version", "0.2", "--date", "2026-12-01",
         "--summary", "zh=新增一篇关于扩建开工的报道。", "--summary", "en=Adds a report on the start of the expansion.")
    _run("build", "--content", str(content), "--out", str(out))
    return content, out, added.stdout, key


def test_add_source_writes_the_files_style_and_says_so_in_file_order(loop):
    content, _, printed, key = loop
    entry = (content / "references.yaml").read_text(encoding="utf-8").split(f"- id: {key}\n", 1)[1]
    assert "date-parts: [[2025, 3, 2]]" in entry and "archived: 2025-03-05" in entry
    assert "container-title: Xingdao Toutiao" in entry          # a name, in title case
    lines = [int(m) for m in re.findall(r"references\.yaml:(\d+):", printed)]
    assert lines == sorted(lines) and len(lines) >= 2


def test_the_editor_sees_the_new_citation_its_entry_and_the_box_as_tracked_insertions(loop, tmp_path):
    _, out, _, _ = loop
    for lang, citation, entry, box in (
            ("en", "(Xingdao Toutiao 2025)", "Xingdao Toutiao", "What is new in edition 0.2"),
            ("zh", "[4]", "星岛头条", "本版更新（第0.2版")):
        changes = out / lang / "evidence-report-changes.docx"
        kept, accepted, rejected = settled_texts(
            [("keep", changes), ("accept", changes), ("reject", changes)], tmp_path / lang)
        opened = next(line for line in kept if line.startswith(ZH_SENTENCE[:8] if lang == "zh" else EN_SENTENCE[:12]))
        assert citation in opened, opened                    # not "()" or "[]"
        for text in (citation, entry, box):
            assert any(text in line for line in accepted), text
            assert not any(text in line for line in rejected), text


def test_the_edition_has_one_name_on_cover_box_history_and_citation(loop):
    _, out, _, _ = loop
    page = html_text(out / "en" / "evidence-report.html")
    assert "Edition 0.2 ·" in page and "What is new in edition 0.2" in page
    assert "Edition 0.1" in page and "Edition 0.2" in page.split("Suggested citation", 1)[1]
    cover = PdfReader(str(out / "en" / "evidence-report.pdf")).pages[0].extract_text()
    assert "Edition 0.2" in cover and "Second edition" not in cover


def test_the_new_source_is_named_as_readers_know_it_and_linked_back_from_the_text_only(loop):
    _, out, _, key = loop
    for lang, name in (("en", "Xingdao Toutiao (2025)"), ("zh", "星岛头条（2025）")):
        assert name in html_text(out / lang / "evidence-report-changes.html")
        page = (out / lang / "evidence-report.html").read_text(encoding="utf-8")
        assert name in html_text(out / lang / "evidence-report.html")
        backlinks = re.search(rf'<div id="ref-{key}".*?<span class="backlinks">(.*?)</span>', page, re.S).group(1)
        assert len(re.findall(r'class="backlink"', backlinks)) == 1     # the one citation in the text


def test_a_build_with_nothing_changed_touches_no_file(loop):
    content, out, _, _ = loop
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != ".build.lock"}
    _run("build", "--content", str(content), "--out", str(out))
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != ".build.lock"} == before
