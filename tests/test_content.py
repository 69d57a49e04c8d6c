"""The real report in content/: complete, consistent across languages, every fact sourced."""

from __future__ import annotations

import re

import pytest

from helpers import ROOT
from reportkit.text.citations import paragraph_keys
from reportkit.load.report import load_report
from reportkit.check.validate import validate

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def report():
    return load_report(ROOT / "content")


@pytest.fixture(scope="module")
def checked(report):
    return validate(report)


def test_no_error_and_no_warning(checked):
    assert [str(p) for p in checked.problems] == []


def test_every_section_in_both_languages(report):
    for lang in ("zh", "en"):
        brief_only = [s for s in report.config.brief_sections if s not in report.config.sections]
        assert list(report.sections[lang]) == list(report.config.sections) + brief_only


def test_paragraphs_align_and_cite_the_same_sources(report):
    mismatches = []
    for section_id in report.config.sections:
        zh = paragraph_keys(report.sections["zh"][section_id])
        en = paragraph_keys(report.sections["en"][section_id])
        if len(zh) != len(en):
            mismatches.append((section_id, "paragraph count", len(zh), len(en)))
            continue
        for index, (a, b) in enumerate(zip(zh, en), 1):
            if a != b:
                mismatches.append((section_id, index, sorted(a), sorted(b)))
    assert mismatches == []


def test_every_bibliography_entry_is_cited(report):
    cited = set()
    for sections in report.sections.values():
        for section in sections.values():
            for keys in paragraph_keys(section):
                cited |= keys
    assert cited == {ref.id for ref in report.references}


def test_every_event_and_amount_names_a_known_source(report, checked):
    ids = {ref.id for ref in report.references}
    assert {e.source for e in checked.events} <= ids
    assert {a.source for a in checked.amounts} <= ids
    assert all(e.page for e in checked.events if e.source == "gao2011")


def test_timeline_spans_1991_to_2025_with_25_events(checked):
    years = [e.date.year for e in checked.events]
    assert len(years) >= 25 and min(years) == 1991 and max(years) == 2025
    assert {e.date.precision for e in checked.events} == {"year", "month", "day"}


def _prose(body: str) -> str:
    """Body text without citations, cross-references and placement blocks."""
    body = re.sub(r"\[[^\]]*@[^\]]*\]", "", body)
    body = re.sub(r"@(?:fig|tbl|amt):[\w-]+", "", body)
    return re.sub(r"^:::.*$", "", body, flags=re.M)


def test_length_of_each_edition(report):
    zh_chars = sum(len(HAN.findall(_prose(s.body))) for s in report.sections["zh"].values())
    en_words = sum(len(re.findall(r"[A-Za-z][A-Za-z’'-]*", _prose(s.body)))
                   for s in report.sections["en"].values())
    assert zh_chars >= 9000, zh_chars
    assert en_words >= 5500, en_words
