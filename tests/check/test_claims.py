"""The uncited-claim check: a number, a date, a share or a view in a paragraph that cites nothing."""

from __future__ import annotations

import re

import pytest

from helpers import ROOT, append_to_section, edit
from reportkit.pipeline.build import build
from reportkit.check.claims import check_claims
from reportkit.render.language import EditionContext
from reportkit.check.evidence import check_evidence
from reportkit.load.report import load_report
from reportkit.project import Project
from reportkit.render.report import EditionRenderer
from reportkit.check.validate import validate

MARKED = "\n\n扩建后港口将有12个泊位<<!本报告据协议的两期工程相加>>。\n"


def _claims(content, strict=False):
    report = load_report(content)
    return check_claims(report, validate(report).citations, strict)


def _messages(content, strict=False):
    return [str(p) for p in _claims(content, strict).problems]


def test_the_fixture_states_no_uncited_claim(evidence_copy):
    claims = _claims(evidence_copy)
    assert claims.problems == [] and claims.judgments == []


def test_a_number_in_a_paragraph_without_citation_is_warned_at_its_line(evidence_copy):
    section = append_to_section(evidence_copy, "zh", "port", "\n\n港口位于北岸。\n它在2019年扩建了两次。\n")
    assert _messages(evidence_copy) == [
        f"{section}:17: warning: uncited claim: the sentence states a number (2019) and its paragraph "
        "cites nothing — cite the source, or mark the report's own arithmetic or judgment with <<!reason>>"]


def test_strict_makes_an_uncited_claim_an_error(evidence_copy):
    section = append_to_section(evidence_copy, "zh", "port", "\n\n集装箱的比重仍在上升，已过半数的50%。\n")
    problems = _claims(evidence_copy, strict=True).problems
    assert [(p.path, p.line, p.severity) for p in problems] == [(str(section), 16, "error")]
    assert "states a number (50%)" in problems[0].message


@pytest.mark.parametrize("sentence, what", [
    ("周文认为扩建不会很快完成。", "someone's view (认为)"),
    ("港务局称码头已经够用。", "someone's view (称)"),
    ("吞吐量的一半来自集装箱，约占百分之五十。", "a percentage"),
    ("扩建工程于二〇一九年动工。", "a date (二〇一九年)"),
    ("扩建需要@amt:qc-expansion。", "an amount (@amt:qc-expansion)"),
])
def test_dates_shares_views_and_amounts_are_claims(evidence_copy, sentence, what):
    append_to_section(evidence_copy, "zh", "port", f"\n\n{sentence}\n")
    messages = _messages(evidence_copy)
    assert len(messages) == 1 and f"states {what} and" in messages[0]


@pytest.mark.parametrize("text", [
    "\n\n这一名称沿用至今，港口也很对称。\n",                 # 称 inside a word is no view
    "\n\n## 2030年的港口\n\n港口还在扩建。\n",               # a heading is no claim
    "\n\n1. 第一项措施\n2. 第二项措施\n",                     # nor a list marker
])
def test_what_is_not_a_claim(evidence_copy, text):
    append_to_section(evidence_copy, "zh", "port", text)
    assert _messages(evidence_copy) == []


def test_a_citation_anywhere_in_the_paragraph_covers_its_sentences(evidence_copy):
    append_to_section(evidence_copy, "zh", "port",
                      "\n\n港口在2019年扩建了两次。集装箱已占30%[@zhou2024 <<集装箱占到>>]。\n")
    assert _messages(evidence_copy) == []


def test_a_marked_judgment_is_not_warned_and_is_listed(evidence_copy):
    section = append_to_section(evidence_copy, "zh", "port", MARKED)
    claims = _claims(evidence_copy)
    assert claims.problems == []
    assert [(j.path, j.line, j.reason, j.sentence) for j in claims.judgments] == [
        (str(section), 16, "本报告据协议的两期工程相加", "扩建后港口将有12个泊位。")]


def test_a_mark_after_the_full_stop_belongs_to_its_sentence(evidence_copy):
    append_to_section(evidence_copy, "zh", "port", "\n\n港口有12个泊位。<<!本报告的估算>>另一句。\n")
    claims = _claims(evidence_copy)
    assert claims.problems == [] and [j.sentence for j in claims.judgments] == ["港口有12个泊位。"]


def test_a_mark_needs_its_reason(evidence_copy):
    section = append_to_section(evidence_copy, "zh", "port", "\n\n港口有12个泊位<<! >>。\n")
    assert _messages(evidence_copy) == [
        f"{section}:16: judgment mark without a reason — say why the sentence needs no citation: "
        "<<!本报告据…计算>>"]


def test_the_evidence_check_reports_uncited_claims_and_judgments(evidence_copy):
    append_to_section(evidence_copy, "zh", "port", MARKED + "\n港口在2019年扩建了两次。\n")
    report = load_report(evidence_copy)
    evidence = check_evidence(report, validate(report).amounts, strict=True)
    assert [p.severity for p in evidence.problems if "uncited claim" in p.message] == ["error"]
    assert [j.reason for j in evidence.judgments] == ["本报告据协议的两期工程相加"]
    assert evidence.summary() == "evidence: 9/9 citations anchored (100 %), 9 verified"


def test_a_judgment_mark_in_a_citation_bracket_is_read_as_an_anchor(evidence_copy):
    edit(evidence_copy / "zh" / "port.md", "<<集装箱占到>>", "<<!集装箱占到>>")
    assert _claims(evidence_copy).judgments == []


@pytest.mark.parametrize("target", ["html", "docx"])   # html serves the PDF too
def test_no_judgment_mark_reaches_the_rendered_markdown(evidence_copy, target):
    append_to_section(evidence_copy, "zh", "port", MARKED)
    report = load_report(evidence_copy)
    edition = EditionContext.of(report.config.languages["zh"], ROOT / "templates", ROOT / "templates" / "locales")
    markdown = EditionRenderer(report, validate(report), edition, target).render()
    assert "扩建后港口将有12个泊位。" in markdown
    assert "<<" not in markdown and "两期工程" not in markdown


def test_a_marked_judgment_never_appears_in_the_built_html(evidence_copy, tmp_path):
    append_to_section(evidence_copy, "zh", "port", MARKED)
    append_to_section(evidence_copy, "en", "port", "\n\nAfter the works the port will have 12 berths.\n")
    project = Project.at(ROOT, content=evidence_copy, out=tmp_path / "out")
    build(project, langs=["zh"], formats=["html"])
    html = next((tmp_path / "out" / "zh").glob("*.html")).read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    assert "扩建后港口将有12个泊位" in text
    assert "两期工程" not in html and "&lt;&lt;" not in html and "<<" not in text


def test_the_reviewers_page_lists_the_marked_judgments(evidence_copy, tmp_path):
    from reportkit.commands.review import write_review

    section = append_to_section(evidence_copy, "zh", "port", MARKED)
    project = Project.at(ROOT, content=evidence_copy, out=tmp_path / "out")
    page = write_review(project, ["zh"])[0].read_text(encoding="utf-8")
    listed = re.search(r'<ul class="judgments">(.*?)</ul>', page, re.S).group(1)
    assert f"{section}:16" in listed
    assert "扩建后港口将有12个泊位。" in listed and "本报告据协议的两期工程相加" in listed
