"""Figures and tables are declared in report.yaml: what a report author sees when adding one."""

from __future__ import annotations

import html
import re

from helpers import ROOT
from reportkit.pipeline.build import build
from reportkit.project import Project
from reportkit.load.report import load_report
from reportkit.check.validate import validate

SECOND_EXHIBITS = """
  loans:
    kind: amount-bars
    funder: Japan
    kinds: [loan, investment]
    currencies: [JPY]
    title: {zh: 日本的贷款与投资, en: Japan’s loans and investment}
    alt: {zh: 条形图：日本的贷款与投资, en: Bar chart of Japan’s loans and investment}
"""
SECOND_TABLE = """
  sums:
    kind: amount-table
    funder: Japan
    undated: true
    title: {zh: 日本的各笔资金, en: Every sum Japan committed}
"""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _messages(content):
    return [str(p) for p in validate(load_report(content)).problems]


def _line(path, text):
    """The line number of the first line of `path` holding `text`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if text in line)


def _declare(content, figures="", tables=""):
    report = content / "report.yaml"
    _edit(report, "\ntables:\n", f"{figures.rstrip()}\n\ntables:\n{tables.lstrip(chr(10))}")


def _words(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))


def test_a_declared_second_chart_and_table_appear_with_their_captions(tmp_path, mini_copy):
    _declare(mini_copy, SECOND_EXHIBITS, SECOND_TABLE)
    for lang in ("zh", "en"):
        _edit(mini_copy / lang / "findings.md", "::: {#fig:stages}\n:::\n",
              "::: {#fig:stages}\n:::\n\n::: {#fig:loans}\n:::\n\n::: {#tbl:sums}\n:::\n")
    assert not [m for m in _messages(mini_copy) if ": warning: " not in m]
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, formats=["html"])
    english = (project.out / "en" / "mini-report.html").read_text(encoding="utf-8")
    words = _words(english)
    assert "Figure 2. Japan’s loans and investment" in words
    assert "Table 2. Every sum Japan committed" in words
    assert "<title id=\"fig-loans-title\">Bar chart of Japan’s loans and investment</title>" in english
    # The chart draws both sums, in yen, with its own scale; the table lists them.
    assert "1993 Kyrgyzstan" in english and "2025 Central Asian states" in english
    chinese = _words((project.out / "zh" / "mini-report.html").read_text(encoding="utf-8"))
    assert "图2 日本的贷款与投资" in chinese and "表2 日本的各笔资金" in chinese


def test_an_undeclared_figure_is_an_error_where_it_is_named(mini_copy):
    path = mini_copy / "en" / "intro.md"
    _edit(path, "(see @tbl:chronology)", "(see @tbl:chronology and @fig:nosuch)")
    line = _line(path, "@fig:nosuch")
    messages = _messages(mini_copy)
    found = [m for m in messages if m.startswith(f"{_shown(path)}:{line}: unknown figure '@fig:nosuch'")]
    assert found, messages
    assert "under 'figures:' in" in found[0] and "report.yaml" in found[0] and "stages" in found[0]


def test_an_undeclared_table_placement_is_an_error_with_its_line(mini_copy):
    path = mini_copy / "zh" / "intro.md"
    _edit(path, "::: {#tbl:chronology}", "::: {#tbl:nosuch}\n:::\n\n::: {#tbl:chronology}")
    line = _line(path, "{#tbl:nosuch}")
    assert any(m.startswith(f"{_shown(path)}:{line}: unknown table '{{#tbl:nosuch}}'")
               for m in _messages(mini_copy)), _messages(mini_copy)


def test_an_unknown_kind_names_report_yaml_and_its_line(mini_copy):
    report = mini_copy / "report.yaml"
    _edit(report, "kind: timeline ", "kind: pie ")
    line = _line(report, "kind: pie")
    messages = _messages(mini_copy)
    assert any(m.startswith(f"{_shown(report)}:{line}: figures.stages.kind: unknown figure kind 'pie'")
               and "timeline" in m and "amount-bars" in m for m in messages), messages


def test_a_missing_parameter_names_the_declaration_and_what_to_add(mini_copy):
    report = mini_copy / "report.yaml"
    _edit(report, "    axis: [1991, 2026.5]          # the years the axis spans\n", "")
    line = _line(report, "  stages:")
    assert any(m.startswith(f"{_shown(report)}:{line}: figures.stages.axis: missing — add 'axis:'")
               for m in _messages(mini_copy)), _messages(mini_copy)


def test_a_title_missing_in_one_language_is_an_error(mini_copy):
    report = mini_copy / "report.yaml"
    _edit(report, "      en: Chronology of Japan–Central Asia relations, 1991–2025\n", "")
    lines = report.read_text(encoding="utf-8").split("\n")
    table = lines.index("  chronology:")
    line = next(n for n, text in enumerate(lines[table:], table + 1) if text.strip() == "title:")
    assert any(m.startswith(f"{_shown(report)}:{line}: tables.chronology.title: no text in 'en'")
               for m in _messages(mini_copy)), _messages(mini_copy)


def _shown(path):
    """A path as the messages show it (relative to the working folder when it can be)."""
    from reportkit.load.report import _shown as shown

    return shown(path.parent, path)


def test_a_timeline_bar_names_a_declared_stage_and_takes_its_label_from_it(mini_copy):
    report = mini_copy / "report.yaml"
    _edit(report, "- {stage: two, from: 1997, to: 2004}", "- {stage: tow, from: 1997, to: 2004}")
    _edit(report, "- {stage: three, from: 2004, to: 2025}",
          "- {stage: three, from: 2004, to: 2025, label: {zh: 深化阶段, en: Stage three}}")
    shown = _shown(report)
    messages = _messages(mini_copy)
    assert (f"{shown}:{_line(report, 'stage: tow')}: figures.stages.stages: 'tow' is not a declared stage — "
            f"use one of the stages {shown} declares: before, one, two, three, summit") in messages
    assert any(m.startswith(f"{shown}:{_line(report, 'en: Stage three}}')}: figures.stages.stages: "
                            "each bar takes 'stage', 'from' and 'to' (its label is the stage's)") for m in messages)
