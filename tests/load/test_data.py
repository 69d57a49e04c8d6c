"""The data files checked against their schema and report.yaml: what a report author sees of a mistake."""

from __future__ import annotations

from helpers import edit
from reportkit.check.validate import validate
from reportkit.load.report import _shown, load_report


def _errors(content) -> list[str]:
    return [str(p) for p in validate(load_report(content)).errors]


def test_an_event_of_an_undeclared_stage_is_one_line_naming_the_timeline_and_its_line(mini_copy):
    timeline = mini_copy / "data" / "timeline.yaml"
    edit(timeline, "stage: one", "stage: first")
    line = timeline.read_text(encoding="utf-8").split("\n").index("    stage: first") + 1
    shown, declared_in = _shown(mini_copy, timeline), _shown(mini_copy, mini_copy / "report.yaml")
    assert _errors(mini_copy) == [f"{shown}:{line}: field 'stage': 'first' is not a declared stage — use one of "
                                  f"the stages {declared_in} declares: before, one, two, three, summit"]


def test_a_stage_declared_in_report_yaml_is_one_an_event_may_name(mini_copy):
    edit(mini_copy / "report.yaml", "  two: {", "  first: {label: {zh: 第一期, en: First}, colour: \"#123456\"}\n  two: {")
    edit(mini_copy / "data" / "timeline.yaml", "stage: one", "stage: first")
    assert _errors(mini_copy) == []
