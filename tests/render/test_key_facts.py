"""The brief's box of key facts is declared in report.yaml: what it lists and under which title."""

from __future__ import annotations

import pytest

from helpers import ROOT
from readers import pdf_text
from reportkit.pipeline.build import build
from reportkit.errors import ConfigError
from reportkit.load.report import load_report
from reportkit.project import Project
from reportkit.render.report import EditionRenderer
from reportkit.check.validate import validate

DECLARED = """  key_facts:
    title: {zh: 2025年峰会要点, en: The 2025 summit at a glance}
    events: {stage: summit}
    amounts: {from_year: 2025, party: Japan}
"""


def _brief_markdown(content, lang="en") -> str:
    from reportkit.render.language import EditionContext

    report = load_report(content)
    edition = EditionContext.of(report.config.languages[lang], ROOT / "templates", ROOT / "templates" / "locales")
    return EditionRenderer(report, validate(report), edition, "html").render_brief()


def _declare(content, text: str) -> None:
    path = content / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(DECLARED, text), encoding="utf-8")


def test_the_box_takes_its_title_and_its_facts_from_the_declaration(mini_copy):
    _declare(mini_copy, DECLARED.replace("The 2025 summit at a glance", "The summit in brief")
             .replace("{stage: summit}", "{stage: [one, summit]}"))
    markdown = _brief_markdown(mini_copy)
    assert "**The summit in brief**" in markdown and "at a glance" not in markdown
    report = load_report(mini_copy)
    stage_one = [e for e in validate(report).events if e.stage == "one"]
    assert stage_one and all(e.text["en"].rstrip(".") in markdown for e in stage_one)


def test_a_report_without_the_declaration_has_no_box(tmp_path, mini_copy):
    _declare(mini_copy, "")
    assert "key-facts" not in _brief_markdown(mini_copy)
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["en"], formats=["pdf"])
    assert "at a glance" not in pdf_text(project.out / "en" / "mini-report-brief.pdf")


@pytest.mark.parametrize("declared, message, line_holds", [
    (DECLARED.replace("{stage: summit}", "{stage: sumit}"), "unknown stage 'sumit'", "events:"),
    (DECLARED.replace("en: The 2025 summit at a glance", "fr: x"), "has no 'en' text", "title:"),
    (DECLARED.replace("from_year: 2025", "from_year: twenty"), "must be a year", "amounts:"),
    (DECLARED.replace("    events:", "    event:"), "unknown field 'event'", "event:")])
def test_a_mistake_in_the_declaration_names_report_yaml_and_its_line(mini_copy, declared, message, line_holds):
    _declare(mini_copy, declared)
    with pytest.raises(ConfigError, match=message) as error:
        load_report(mini_copy)
    lines = (mini_copy / "report.yaml").read_text(encoding="utf-8").split("\n")
    assert error.value.path.endswith("report.yaml")
    assert line_holds in lines[error.value.line - 1]
