"""The reviewer's page: each citation beside the archived sentence it cites; for the team only."""

from __future__ import annotations

import shutil

import lxml.html
import pytest

from helpers import ROOT
from readers import html_facts
from reportkit.project import Project
from reportkit.errors import ContentError
from reportkit.commands.review import write_review


def _citations(path):
    """(number, status, anchor, archived sentence) of each citation of a reviewer's page."""
    page = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    rows = []
    for item in page.xpath("//ol[@class='citations']/li"):
        anchor = item.xpath("span[@class='anchor']")
        quote = item.xpath("blockquote")
        rows.append((int(item.get("value")), item.get("class"), anchor[0].text_content() if anchor else None,
                     quote[0].text_content() if quote else None))
    return rows


def test_source_language_page_shows_each_anchor_in_its_archived_sentence(reviewed):
    rows = _citations(reviewed / "zh.html")
    assert len(rows) == 9 and all(status == "verified" for _, status, _, _ in rows)
    assert rows[0] == (1, "verified", "最初只是一个渔港", "青川港位于青川河入海口，1987年开港，最初只是一个渔港。")
    # The Traditional source is shown as archived.
    assert rows[4][3] == "本報訊 青川港務局與三家企業簽署擴建協議，計劃在五年內投入3兆日圓，建設兩座深水碼頭。"
    text = (reviewed / "zh.html").read_text(encoding="utf-8")
    assert "仅供编辑核对：本页引用了存档的来源原文，请勿外传。" in text
    assert "lin-qingchuan.txt:7, p. 11" in text


def test_translation_page_inherits_the_anchors_in_order(reviewed):
    rows = _citations(reviewed / "en.html")
    assert [anchor for _, _, anchor, _ in rows] == [
        "最初只是一个渔港", "蓝色走廊计划", "内陆省份的出海口", "转向集装箱运输", "计划在五年内投入",
        "在签约会上表示", "集装箱占到", "关键是铁路", "货运铁路通车"]
    assert "This edition’s citations inherit the anchors of the Chinese text, in order." in \
        (reviewed / "en.html").read_text(encoding="utf-8")


def test_failed_and_unanchored_citations_are_marked_and_listed(tmp_path, evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    text = section.read_text(encoding="utf-8").replace("<<蓝色走廊计划>>", "<<绿色走廊计划>>")
    section.write_text(text.replace(" <<集装箱占到>>", ""), encoding="utf-8")
    project = Project.at(ROOT, content=evidence_copy, out=tmp_path / "out")
    write_review(project, ["zh"])
    page = tmp_path / "out" / "review" / "zh.html"
    rows = _citations(page)
    assert rows[1] == (2, "failed", "绿色走廊计划", None)
    assert rows[6] == (7, "unanchored", None, None)
    listed = lxml.html.fromstring(page.read_text(encoding="utf-8")).xpath("//section[@aria-labelledby='unanchored']//li")
    assert [li.text_content() for li in listed] == [f"{section}:12 @zhou2024"]


def test_without_the_archive_there_is_no_page(tmp_path, evidence_copy):
    shutil.rmtree(evidence_copy.parent / "archive")
    with pytest.raises(ContentError) as error:
        write_review(Project.at(ROOT, content=evidence_copy, out=tmp_path / "out"))
    assert str(error.value) == (
        f"{evidence_copy / 'report.yaml'}:26: no archived source to show: the archive is not available "
        f"({evidence_copy.parent / 'archive'}) — make the team's source archive available, or give --archive PATH")
    assert not (tmp_path / "out" / "review").exists()


def test_index_never_links_the_reviewers_page(reviewed, evidence_built):
    assert (reviewed / "zh.html").is_file()
    assert [h for h in html_facts(evidence_built.project.out / "index.html").hrefs if "review" in h] == []
