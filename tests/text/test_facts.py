"""The report's facts about itself (`@report:…`) follow its data, in each edition's language."""

from __future__ import annotations

from helpers import ROOT, append_to_section
from readers import html_text
from reportkit.pipeline.build import build
from reportkit.load.report import load_report
from reportkit.project import Project
from reportkit.check.validate import validate


def test_the_number_of_sources_and_the_edition_follow_the_data(tmp_path, mini_copy):
    append_to_section(mini_copy, "zh", "findings", "\n本报告依据@report:sources份资料，为第@report:edition版，"
                      "最新资料发表于@report:newest-source。\n")
    append_to_section(mini_copy, "en", "findings", "\nThis report rests on @report:sources sources, in edition "
                      "@report:edition; the newest appeared in @report:newest-source.\n")
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, formats=["html"])
    assert "本报告依据两份资料，为第0.1版，最新资料发表于2025年12月。" in html_text(project.out / "zh" / "mini-report.html")
    assert "This report rests on two sources, in edition 0.1; the newest appeared in December 2025." in html_text(
        project.out / "en" / "mini-report.html")


def test_an_unknown_fact_is_an_error_at_its_line(mini_copy):
    section = append_to_section(mini_copy, "en", "findings", "\nWe cite @report:sourcse sources.\n")
    lines = section.read_text(encoding="utf-8").count("\n")
    assert [str(p) for p in validate(load_report(mini_copy)).problems if "unknown fact" in str(p)] == [
        f"{section}:{lines}: unknown fact '@report:sourcse' — use one of: date, edition, newest-source, sources, verified"]


def test_the_share_of_verified_citations_follows_the_evidence_check(tmp_path, evidence_copy, mini_copy):
    append_to_section(evidence_copy, "zh", "port", "\n本报告核对了@report:verified的引文。\n")
    append_to_section(evidence_copy, "en", "port", "\nThe evidence check verified @report:verified of the citations.\n")
    project = Project.at(ROOT, content=evidence_copy, out=tmp_path / "evidence")
    build(project, formats=["html"])
    assert "本报告核对了100%的引文。" in html_text(project.out / "zh" / "evidence-report.html")
    assert "The evidence check verified 100% of the citations." in html_text(
        project.out / "en" / "evidence-report.html")
    # A report without a source archive verifies nothing, and says so.
    append_to_section(mini_copy, "en", "findings", "\nVerified: @report:verified.\n")
    mini = Project.at(ROOT, content=mini_copy, out=tmp_path / "mini")
    build(mini, langs=["en"], formats=["html"])
    assert "Verified: not verifiable." in html_text(mini.out / "en" / "mini-report.html")
