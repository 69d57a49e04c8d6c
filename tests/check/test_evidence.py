"""The evidence check: each citation of the fixture report against its own small archive."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest

from helpers import edit
from reportkit.check.evidence import check_evidence
from reportkit.load.report import load_report
from reportkit.check.validate import validate


def _evidence(content, **options):
    report = load_report(content)
    return check_evidence(report, validate(report).amounts, **options)


def _messages(content, **options):
    return [str(p) for p in _evidence(content, **options).problems]


def test_fixture_is_fully_anchored_and_verified(evidence_copy):
    evidence = _evidence(evidence_copy)
    assert [str(p) for p in evidence.problems] == []
    assert evidence.summary() == "evidence: 9/9 citations anchored (100 %), 9 verified"


def test_anchor_not_in_the_source(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    edit(section, "<<蓝色走廊计划>>", "<<绿色走廊计划>>")
    evidence = _evidence(evidence_copy)
    assert [str(p) for p in evidence.problems] == [
        f"{section}:5: anchor '绿色走廊计划' is not in lin2019 (lin-qingchuan.txt) — copy a phrase of "
        "the cited passage exactly as the source writes it"]
    assert evidence.summary() == "evidence: 9/9 citations anchored (100 %), 8 verified, 1 failed"


def test_anchor_on_another_page_than_the_locator(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    edit(section, "p. 12 <<内陆省份的出海口>>", "p. 11 <<内陆省份的出海口>>")
    assert _messages(evidence_copy) == [
        f"{section}:6: anchor '内陆省份的出海口' is on p. 12 of lin2019, not on p. 11 as cited — "
        "correct the locator, or anchor a phrase of p. 11"]


def test_page_range_locator_accepts_any_of_its_pages(evidence_copy):
    edit(evidence_copy / "zh" / "port.md", "p. 12 <<内陆省份的出海口>>", "pp. 11–12 <<内陆省份的出海口>>")
    assert _messages(evidence_copy) == []


def test_a_page_decided_by_an_inferred_start_is_a_warning(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    edit(section, "p. 13 <<转向集装箱运输>>", "p. 12 <<转向集装箱运输>>")
    assert _messages(evidence_copy) == [
        f"{section}:7: warning: anchor '转向集装箱运输' is on p. 13 of lin2019, not on p. 12 as cited "
        "(a page start between them is inferred from the text's layout) — correct the locator, "
        "or anchor a phrase of p. 12"]


def test_locator_outside_the_archived_pages(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    edit(section, "p. 13 <<转向集装箱运输>>", "p. 31 <<转向集装箱运输>>")
    assert _messages(evidence_copy) == [
        f"{section}:7: p. 31 is not a page of lin2019 (pp. 11–13 in the archive) — correct the locator"]


def test_item_of_a_citation_that_runs_over_two_lines_is_found_on_its_own_line(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    edit(section, "<<货运铁路通车>>", "<<货运公路通车>>")
    assert _messages(evidence_copy) == [
        f"{section}:13: anchor '货运公路通车' is not in lin2019 (lin-qingchuan.txt) — copy a phrase of "
        "the cited passage exactly as the source writes it"]


def test_fake_quotation_is_an_error(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    edit(section, "“北方最大的转运枢纽”", "“全国最大的转运枢纽”")
    assert _messages(evidence_copy) == [
        f"{section}:10: quotation “全国最大的转运枢纽” is not in qcnews2024 (qingchuan-news.txt) — "
        "quote the source word for word, or drop the quotation marks and paraphrase"]


def test_quotation_of_fewer_than_six_characters_or_after_the_citation_is_not_checked(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    edit(section, "@lin2019, p. 12 <<货运铁路通车>>]。", "@lin2019, p. 12 <<货运铁路通车>>]，即“全国的枢纽港”。")
    edit(section, "“蓝色走廊计划”", "“蓝色新计划”")
    assert _messages(evidence_copy) == []
    edit(section, "“蓝色新计划”", "“蓝色走廊新计划”")
    assert _messages(evidence_copy) == [
        f"{section}:5: quotation “蓝色走廊新计划” is not in lin2019 (lin-qingchuan.txt) — "
        "quote the source word for word, or drop the quotation marks and paraphrase"]


def test_number_not_in_the_source_is_a_warning_an_ignore_entry_answers(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    edit(section, "全长240公里", "全长260公里")
    warning = (f"{section}:6: warning: number 260 is not in lin2019 (lin-qingchuan.txt) — check it against "
               "the source; if the source states it another way, list it under 'evidence_ignore' in the "
               "front matter with a reason")
    assert _messages(evidence_copy) == [warning]

    edit(section, "title: 青川港\n", "title: 青川港\nevidence_ignore:\n"
          "  - {number: 260, source: lin2019, reason: 按2019年改线后的里程}\n")
    assert _messages(evidence_copy) == []

    edit(section, "reason: 按2019年改线后的里程", "reason: ''")
    assert f"{section}:4: 'evidence_ignore' entry needs a 'number' and a 'reason' — list entries as " \
        "evidence_ignore: [{number: \"1990\", source: KEY, reason: why it is right}]" in _messages(evidence_copy)


def test_ignore_entry_that_answers_nothing_is_a_warning(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    edit(section, "title: 青川港\n", "title: 青川港\nevidence_ignore:\n  - {number: 1999, reason: 旧稿}\n")
    assert _messages(evidence_copy) == [
        f"{section}:4: warning: 'evidence_ignore' entry for 1999 answers no warning — remove it"]


def test_numbers_match_across_numeral_systems(evidence_copy):
    """240 / 二百四十, 30% / 百分之三十, 3万亿日元 (the data row) / 3兆日圓: all found."""
    evidence = _evidence(evidence_copy)
    lin, news, zhou = (evidence.sources[k] for k in ("lin2019", "qcnews2024", "zhou2024"))
    assert "240" not in lin.text and "二百四十" in lin.text
    assert "30" not in zhou.text and "百分之三十" in zhou.text
    assert "兆" in news.text and "万亿" not in news.text
    assert evidence.problems == []


def test_amount_is_checked_through_its_data_row(evidence_copy):
    edit(evidence_copy / "data" / "figures.yaml", "amount: 3000000000000", "amount: 4000000000000")
    section = evidence_copy / "zh" / "port.md"
    assert _messages(evidence_copy) == [
        f"{section}:9: warning: amount @amt:qc-expansion (4000000000000 JPY) is not in qcnews2024 "
        "(qingchuan-news.txt) — check it against the source; if the source states it another way, "
        "list it under 'evidence_ignore' in the front matter with a reason"]


def test_changed_archive_file_is_an_error_on_its_entry(evidence_copy):
    text = evidence_copy.parent / "archive" / "lin-qingchuan.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("1987", "1986"), encoding="utf-8")
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    evidence = _evidence(evidence_copy)
    references = evidence_copy / "references.yaml"
    assert [str(p) for p in evidence.problems] == [
        f"{references}:19: archive file 'lin-qingchuan.txt' of 'lin2019' has changed: its sha256 is "
        f"{digest[:12]}…, the record says ddbbe415bdfd… — restore the archived text; if the source was "
        "archived anew, record the new sha256 and date and check every citation of it"]
    assert evidence.summary() == "evidence: 9/9 citations anchored (100 %), 4 verified, 5 not verifiable"


def test_traditional_source_is_found_from_a_simplified_anchor(evidence_copy):
    evidence = _evidence(evidence_copy)
    news = evidence.sources["qcnews2024"]
    assert "计划在五年内投入" not in news.text and "計劃在五年內投入" in news.text
    verdicts = [v for v in evidence.verdicts if v.record.key == "qcnews2024"]
    assert [(v.record.anchor, v.status) for v in verdicts] == [("计划在五年内投入", "verified"),
                                                               ("在签约会上表示", "verified")]
    # The reading in brackets after 會 is not part of the text searched.
    assert news.passage(*verdicts[1].match)[1] == "在簽約會(huì)上表示"


def test_missing_archive_folder_is_said_once_and_nothing_else_changes(evidence_copy):
    shutil.rmtree(evidence_copy.parent / "archive")
    evidence = _evidence(evidence_copy)
    assert [str(p) for p in evidence.problems] == [
        f"{evidence_copy / 'report.yaml'}:26: warning: archive folder 'archive' not found: 9 anchors, and "
        "the quotations and numbers of cited sentences, not verified — make the team's source archive "
        f"available at {evidence_copy.parent / 'archive'}, or give --archive PATH"]
    assert evidence.summary() == "evidence: 9/9 citations anchored (100 %), none verified (no archive)"


def test_archive_option_replaces_the_folder_the_metadata_names(evidence_copy, tmp_path):
    moved = tmp_path / "elsewhere"
    shutil.move(evidence_copy.parent / "archive", moved)
    evidence = _evidence(evidence_copy, archive=moved)
    assert evidence.problems == [] and evidence.summary().endswith("9 verified")


def test_citation_without_anchor_is_a_warning_and_an_error_when_strict(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    edit(section, " <<集装箱占到>>", "")
    evidence = _evidence(evidence_copy)
    assert [str(p) for p in evidence.problems] == [
        f"{section}:12: warning: citation of 'zhou2024' has no anchor — add a phrase of the cited passage: "
        "[@zhou2024 <<…>>]"]
    assert evidence.summary() == "evidence: 8/9 citations anchored (88 %), 8 verified"
    strict = _evidence(evidence_copy, strict=True)
    assert [p.severity for p in strict.problems] == ["error"]


def test_anchor_longer_than_sixteen_characters(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    edit(section, "<<最初只是一个渔港>>", "<<青川港位于青川河入海口，1987年开港，最初只是>>")
    assert _messages(evidence_copy) == [
        f"{section}:4: anchor '青川港位于青川河入海口，1987年开港，最初只是' of 'lin2019' has 24 characters "
        "— shorten it to a distinctive phrase of at most 16"]


def test_source_cited_without_archive_record(evidence_copy):
    references = evidence_copy / "references.yaml"
    text = references.read_text(encoding="utf-8")
    start = text.index("    archive:\n      file: zhou-interview.txt")
    references.write_text(text[:start], encoding="utf-8")
    assert _messages(evidence_copy) == [
        f"{references}:39: warning: 'zhou2024' has no archive record: its 2 citations cannot be verified — "
        "archive its text and record it (invoke add-source --text FILE, or archive: {file, sha256, archived})"]


def test_page_of_a_source_without_page_starts_cannot_be_checked(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    edit(section, "[@zhou2024 <<集装箱占到>>]", "[@zhou2024, p. 2 <<集装箱占到>>]")
    assert _messages(evidence_copy) == [
        f"{section}:12: warning: cannot check p. 2 of zhou2024: its archive record lists no pages — "
        "add the page starts to its archive record, or drop the locator"]


def test_one_anchor_per_cited_item(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    edit(section, "<<集装箱占到>>", "<<集装箱占到>> <<百分之三十>>")
    assert _messages(evidence_copy) == [
        f"{section}:12: 2 anchors for one citation of 'zhou2024' — keep one anchor per cited item"]


def test_report_without_anchors_or_archive_says_none_verified(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    section.write_text(re.sub(r" <<[^>]*>>", "", section.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.rmtree(evidence_copy.parent / "archive")
    evidence = _evidence(evidence_copy)
    assert evidence.summary() == "evidence: 0/9 citations anchored (0 %), none verified (no archive)"
    assert sum("archive folder 'archive' not found: 0 anchors" in str(p) for p in evidence.problems) == 1


def test_anchor_in_a_translation_is_a_warning(evidence_copy):
    section = evidence_copy / "en" / "port.md"
    edit(section, "[@zhou2024]", "[@zhou2024 <<集装箱占到>>]")
    assert _messages(evidence_copy) == [
        f"{section}:9: warning: anchor '集装箱占到' in a translation is not checked — remove it: each "
        "citation inherits the anchor of its 'zh' paragraph"]


def test_the_check_reads_the_citations_validation_found(evidence_copy, monkeypatch):
    from reportkit.text import cites

    report = load_report(evidence_copy)
    checked = validate(report)
    monkeypatch.setattr(cites, "_pandoc_blocks", lambda markdown: pytest.fail("pandoc read the text again"))
    evidence = check_evidence(report, checked.amounts, citations=checked.citations)
    assert evidence.summary() == "evidence: 9/9 citations anchored (100 %), 9 verified"
