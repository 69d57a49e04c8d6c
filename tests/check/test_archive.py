"""The source archive: records of archived texts, written by add-source --text and checked by sha256."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from helpers import ROOT
from reportkit.commands.cli import add_source_command
from reportkit.errors import ContentError
from reportkit.check.evidence import check_evidence
from reportkit.load.report import load_references, load_report
from reportkit.check.validate import validate

NEW = [{"type": "article-newspaper", "language": "zh-CN", "author": [{"family": "王", "given": "明"}],
        "title": "青川港的冬季", "container-title": "青川日报", "issued": {"date-parts": [[2025, 1]]}}]


def _add(tmp_path, content, **options):
    export = tmp_path / "export.json"
    export.write_text(json.dumps(NEW, ensure_ascii=False), encoding="utf-8")
    return add_source_command(ROOT, file=str(export), content=content, **options)


def test_add_source_with_text_records_its_archive_entry_and_its_citation_verifies(tmp_path, evidence_copy):
    text = evidence_copy.parent / "archive" / "wang-winter.txt"
    text.write_text("王明：青川港每年冬季的封冻期约为四十天。\n", encoding="utf-8")
    assert _add(tmp_path, evidence_copy, text=str(text), archived="2026-11-20") == ["wang2025"]
    entry = load_references(evidence_copy / "references.yaml", "references.yaml")[-1].data
    assert dict(entry["archive"]) == {"file": "wang-winter.txt", "archived": "2026-11-20",
                                      "sha256": hashlib.sha256(text.read_bytes()).hexdigest()}

    section = evidence_copy / "zh" / "port.md"
    section.write_text(section.read_text(encoding="utf-8") + "\n港口每年封冻约40天[@wang2025 <<冬季的封冻期>>]。\n",
                       encoding="utf-8")
    report = load_report(evidence_copy)
    evidence = check_evidence(report, validate(report).amounts)
    assert [str(p) for p in evidence.problems] == []
    assert evidence.summary() == "evidence: 10/10 citations anchored (100 %), 10 verified"


def test_archived_date_is_today_unless_given(tmp_path, evidence_copy):
    text = evidence_copy.parent / "archive" / "wang-winter.txt"
    text.write_text("王明：封冻期约为四十天。\n", encoding="utf-8")
    _add(tmp_path, evidence_copy, text=str(text))
    entry = load_references(evidence_copy / "references.yaml", "references.yaml")[-1].data
    assert entry["archive"]["archived"] == dt.date.today().isoformat()


def test_text_outside_the_archive_folder_is_refused(tmp_path, evidence_copy):
    text = tmp_path / "loose.txt"
    text.write_text("王明：封冻期约为四十天。\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        _add(tmp_path, evidence_copy, text=str(text))
    assert str(error.value) == (f"{text}: the text is not in the archive folder {evidence_copy.parent / 'archive'}"
                                " — copy it into the archive folder first, then name it there")
    assert "wang2025" not in (evidence_copy / "references.yaml").read_text(encoding="utf-8")


def test_page_start_not_found_in_the_text_names_its_line(evidence_copy):
    references = evidence_copy / "references.yaml"
    text = references.read_text(encoding="utf-8")
    references.write_text(text.replace('starts: "第三阶段从2010年开始"', 'starts: "第三阶段从2011年开始"'),
                          encoding="utf-8")
    report = load_report(evidence_copy)
    problems = [str(p) for p in check_evidence(report, validate(report).amounts).problems]
    assert problems == [f"{references}:24: 'lin2019': the phrase opening p. 13 ('第三阶段从2011年开始') is not in "
                        "the text — copy the first words of that page from the archived file, enough to occur once"]


def test_archive_record_is_never_passed_to_pandoc(evidence_copy):
    from reportkit.text.citations import edition_items

    items = edition_items(load_report(evidence_copy).references, "zh")
    assert all("archive" not in item for item in items) and items[0]["title"] == "青川港的兴起与转型"
