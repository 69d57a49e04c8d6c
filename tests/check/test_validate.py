"""The checks: every problem at once, each naming file, line and what to do."""

from __future__ import annotations

import os

import pytest

from helpers import ROOT, TRILINGUAL, edit
from reportkit.text import fonts
from reportkit.pipeline.build import build
from reportkit.text.fonts import check_fonts
from reportkit.project import Project
from reportkit.errors import EnvironmentProblem
from reportkit.load.report import load_report
from reportkit.check.validate import validate


def _messages(content):
    return [str(p) for p in validate(load_report(content)).problems]


def test_fixture_is_clean(mini_copy):
    assert _messages(mini_copy) == []


def test_unknown_citation_key_suggests_the_near_one(mini_copy):
    edit(mini_copy / "zh" / "findings.md", "@tang2025]", "@tang2052]")
    messages = _messages(mini_copy)
    path = mini_copy / "zh" / "findings.md"
    assert f"{path}:6: unknown citation key 'tang2052' — did you mean 'tang2025'?" in messages


def test_citation_sets_differ_between_languages(mini_copy):
    edit(mini_copy / "en" / "findings.md", "[@tang2025]", "[@gao2011]")
    messages = _messages(mini_copy)
    assert any("findings.md" in m and "citations differ from the 'zh' version" in m for m in messages)


def test_section_listed_but_missing(mini_copy):
    (mini_copy / "en" / "findings.md").unlink()
    messages = _messages(mini_copy)
    assert any(m.endswith("section 'findings' is missing in 'en' — create content/en/findings.md "
                          "or remove it from 'sections'") for m in messages)
    assert ":23:" in next(m for m in messages if "missing in 'en'" in m)


def test_unlisted_file_is_a_warning(mini_copy):
    (mini_copy / "en" / "draft.md").write_text("---\ntitle: D\n---\nx\n", encoding="utf-8")
    problems = validate(load_report(mini_copy)).problems
    assert [(p.severity, p.message) for p in problems] == [("warning", "no metadata lists this file")]


def test_empty_section(mini_copy):
    (mini_copy / "en" / "intro.md").write_text("---\ntitle: Intro\n---\n\n", encoding="utf-8")
    assert any("the section has no text" in m for m in _messages(mini_copy))


def test_duplicate_key_and_missing_title(mini_copy):
    refs = mini_copy / "references.yaml"
    text = refs.read_text(encoding="utf-8")
    refs.write_text(text + "  - id: gao2011\n    type: book\n", encoding="utf-8")
    messages = _messages(mini_copy)
    assert any("duplicate bibliography key 'gao2011' (first on line 2)" in m for m in messages)
    assert any("bibliography entry 'gao2011' has no title" in m for m in messages)


def test_impossible_date_in_data(mini_copy):
    edit(mini_copy / "data" / "timeline.yaml", '"1993"', '"2025-13-40"')
    messages = _messages(mini_copy)
    assert any("timeline.yaml:7: field 'date': '2025-13-40' has no month 13" in m for m in messages)


def test_impossible_date_in_bibliography(mini_copy):
    edit(mini_copy / "references.yaml", "[[2025, 12]]", "[[2025, 2, 30]]")
    assert any("entry 'tang2025': invalid date ('2025-02-30' is an impossible date)" in m
               for m in _messages(mini_copy))


def test_non_numeric_amount_and_unknown_currency(mini_copy):
    path = mini_copy / "data" / "figures.yaml"
    edit(path, "amount: 6600000000", 'amount: "6.6 billion"')
    edit(path, "currency: JPY", "currency: YEN")
    messages = _messages(mini_copy)
    assert any("figures.yaml:5: field 'amount': '6.6 billion' is not a number" in m for m in messages)
    assert any("figures.yaml:6: field 'currency': unknown currency code 'YEN'" in m for m in messages)


def test_unknown_locale_and_style(mini_copy):
    path = mini_copy / "report.yaml"
    edit(path, "locale: en", "locale: xx_YY")
    edit(path, "csl: chicago-author-date", "csl: no-such-style")
    messages = _messages(mini_copy)
    assert any("report.yaml:15: unknown locale 'xx_YY'" in m for m in messages)
    assert any("unknown citation style 'no-such-style'" in m for m in messages)


def test_unknown_amount_reference(mini_copy):
    edit(mini_copy / "en" / "intro.md", "@amt:loan-1993-kg", "@amt:loan-1993-kz")
    assert any("unknown reference '@amt:loan-1993-kz'" in m for m in _messages(mini_copy))


def test_no_cjk_font_names_the_package():
    with pytest.raises(EnvironmentProblem) as error:
        check_fonts(["zh_Hans_CN"], families={"DejaVu Sans"})
    assert str(error.value) == ("no CJK font found (missing Noto Serif CJK SC, Noto Sans CJK SC) — "
                                "install Debian's fonts-noto-cjk: sudo apt-get install fonts-noto-cjk")


def test_english_edition_builds_where_no_cjk_font_is_installed(tmp_path, mini_copy, monkeypatch):
    """A machine with Latin fonts only: the English edition builds without a warning; the Chinese one
    stops with the missing-font line before writing anything."""
    monkeypatch.setattr(fonts, "installed_families", lambda: {"DejaVu Sans", "Noto Serif", "Noto Sans"})
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    result = build(project, langs=["en"], formats=["html"])
    assert result.warnings == []
    assert [str(path.relative_to(project.out)) for _, path, _, _ in result.outputs] == ["en/mini-report.html"]
    with pytest.raises(EnvironmentProblem, match="^no CJK font found"):
        build(project, langs=["zh"], formats=["html"])
    assert not (project.out / "zh").exists()


def test_check_names_the_language_whose_fonts_are_not_installed(monkeypatch, capsys):
    """A machine with the Chinese faces but not the Japanese ones: `check` says so at the ja edition's line."""
    from reportkit.commands.cli import CommandFailed, check_command

    chinese_only = {"Noto Serif", "Noto Sans", "Noto Serif CJK SC", "Noto Sans CJK SC"}
    monkeypatch.setattr(fonts, "installed_families", lambda: chinese_only)
    with pytest.raises(CommandFailed):
        check_command(ROOT, content=TRILINGUAL)
    problems = [line for line in capsys.readouterr().err.splitlines() if "font" in line]
    assert problems == [
        f"{os.path.relpath(TRILINGUAL / 'report.yaml')}:25: no font for the 'ja' edition (ja_JP): Noto Serif CJK JP, "
        "Noto Sans CJK JP not installed — install Debian's fonts-noto-cjk: sudo apt-get install fonts-noto-cjk"]


def test_paragraphs_citing_differently_are_flagged_with_their_line(mini_copy):
    zh = mini_copy / "zh" / "findings.md"
    en = mini_copy / "en" / "findings.md"
    zh.write_text(zh.read_text(encoding="utf-8") + "\n另一段[@gao2011, p. 68]。\n", encoding="utf-8")
    en.write_text(en.read_text(encoding="utf-8") + "\nAnother paragraph [@tang2025].\n\nA third [@gao2011].\n",
                  encoding="utf-8")
    warnings = [str(p) for p in validate(load_report(mini_copy)).warnings]
    assert any(w.startswith(f"{en}:") and "7 paragraphs where" in w and "has 6" in w for w in warnings), warnings

    en.write_text(en.read_text(encoding="utf-8").replace("\nA third [@gao2011].\n", "").replace(
        "Another paragraph [@tang2025].", "Another paragraph [@gao2011, p. 68; @tang2025]."), encoding="utf-8")
    warnings = [str(p) for p in validate(load_report(mini_copy)).warnings]
    assert any(w.startswith(f"{en}:") and "paragraph cites gao2011, tang2025 but its source paragraph" in w
               for w in warnings), warnings


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_at_signs_that_are_not_citations_are_no_errors(mini_copy):
    text = ("\nWrite `[@nokey2020]` to cite; see [a post](https://medium.com/@someauthor/post-1).\n\n"
            "<style>\n@import url(print.css);\n</style>\n")
    for lang in ("zh", "en"):
        _append(mini_copy / lang / "intro.md", text)
    assert [str(p) for p in validate(load_report(mini_copy)).errors] == []


def test_an_entry_named_only_in_code_is_never_cited(mini_copy):
    refs = mini_copy / "references.yaml"
    _append(refs, "  - id: lian2025\n    type: webpage\n    title: Lian\n")
    for lang in ("zh", "en"):
        _append(mini_copy / lang / "intro.md", "\nType `[@lian2025]` to cite it.\n")
    warnings = [str(p) for p in validate(load_report(mini_copy)).warnings]
    line = refs.read_text(encoding="utf-8").count("\n") - 2
    assert f"{refs}:{line}: warning: bibliography entry 'lian2025' is never cited — cite it or remove it" in warnings


def test_unknown_key_is_reported_where_it_is_cited_not_where_it_is_in_code(mini_copy):
    path = mini_copy / "en" / "findings.md"
    _append(path, "\nThe key `@tang2052` is a typo\nof this one [@tang2052].\n")
    line = path.read_text(encoding="utf-8").rstrip("\n").count("\n") + 1
    errors = [str(p) for p in validate(load_report(mini_copy)).errors if "unknown citation key" in str(p)]
    assert errors == [f"{path}:{line}: unknown citation key 'tang2052' — did you mean 'tang2025'?"]


def test_pinpoint_anchors_in_the_source_language_keep_the_checks_quiet(mini_copy):
    edit(mini_copy / "zh" / "intro.md", "[@gao2011, p. 69]。", "[@gao2011, p. 69 <<承认独立>>]。")
    edit(mini_copy / "zh" / "findings.md", "[@tang2025]", "[@tang2025 <<五年投资>>]")
    problems = [str(p) for p in validate(load_report(mini_copy)).problems if "stale translation" not in str(p)]
    assert problems == []


def test_unknown_front_matter_field_is_a_warning_naming_the_known_ones(mini_copy):
    path = mini_copy / "en" / "intro.md"
    edit(path, "title: Introduction\n", "title: Introduction\ntitel: Intro\n")
    assert _messages(mini_copy) == [
        f"{path}:3: warning: unknown field 'titel' — known fields: title, source_fingerprint"]


def test_issued_written_as_text_is_a_date(mini_copy):
    edit(mini_copy / "references.yaml", "issued: {date-parts: [[2025, 12]]}", "issued: 2025-12-21")
    assert _messages(mini_copy) == []


def test_impossible_issued_text_names_entry_and_line(mini_copy):
    edit(mini_copy / "references.yaml", "issued: {date-parts: [[2025, 12]]}", "issued: 2025-13-45")
    assert _messages(mini_copy) == [
        f"{mini_copy / 'references.yaml'}:25: entry 'tang2025': invalid date ('2025-13-45' has no month 13)"
        " — write issued: YYYY, YYYY-MM or YYYY-MM-DD (or date-parts: [[YYYY, MM, DD]])"]


def test_entry_without_language_is_a_warning(mini_copy):
    edit(mini_copy / "references.yaml", "    language: zh-CN\n    author:\n      - {family: 唐",
          "    author:\n      - {family: 唐")
    assert _messages(mini_copy) == [
        f"{mini_copy / 'references.yaml'}:18: warning: entry 'tang2025' has no language (taken as 'zh' from "
        "the script of its title) — add language: with a tag such as zh-CN, zh-Hant, ja or en"]


def test_language_that_is_not_a_tag_is_a_warning(mini_copy):
    edit(mini_copy / "references.yaml", "language: zh-CN\n    author:\n      - {family: 唐",
          "language: Chinese\n    author:\n      - {family: 唐")
    assert _messages(mini_copy) == [
        f"{mini_copy / 'references.yaml'}:20: warning: entry 'tang2025': 'Chinese' is not a language tag "
        "(taken as 'zh' from the script of its title) — add language: with a tag such as zh-CN, zh-Hant, "
        "ja or en"]


def test_non_english_entry_without_translated_title_is_a_warning(mini_copy):
    edit(mini_copy / "references.yaml", " [Japan’s Central Asia policy and China’s response strategies]", "")
    assert _messages(mini_copy) == [
        f"{mini_copy / 'references.yaml'}:16: warning: entry 'gao2011' has no translated title in the 'en' "
        "edition — write forms.en.title as the romanized title followed by its translation in [brackets]"]


def test_a_comma_in_an_unquoted_text_is_an_error_at_its_line(mini_copy):
    timeline = mini_copy / "data" / "timeline.yaml"
    edit(timeline, "en: Japan formally recognizes the independence of the Central Asian states.}",
         "en: Japan recognizes Kazakhstan, Uzbekistan and Tajikistan.}")
    report_yaml = mini_copy / "report.yaml"
    edit(report_yaml, "en: The 2025 summit at a glance}", "en: The summit, at a glance}")
    messages = _messages(mini_copy)
    hint = 'a comma in an unquoted text starts a new key — put the text in quotes: en: "…, …"'
    assert messages == [
        f"{timeline}:4: 'Uzbekistan and Tajikistan.' is not a language of the report (zh, en): {hint}",
        f"{report_yaml}:27: 'at a glance' is not a language of the report (zh, en): {hint}",
    ]


def test_a_quoted_text_keeps_its_commas(mini_copy):
    timeline = mini_copy / "data" / "timeline.yaml"
    edit(timeline, "en: Japan formally recognizes the independence of the Central Asian states.}",
         'en: "Japan recognizes Kazakhstan, Uzbekistan and Tajikistan."}')
    assert _messages(mini_copy) == []
    events = validate(load_report(mini_copy)).events
    assert events[0].text["en"] == "Japan recognizes Kazakhstan, Uzbekistan and Tajikistan."


def test_an_author_without_a_name_is_an_error_at_its_line(mini_copy):
    refs = mini_copy / "references.yaml"
    edit(refs, "      - {family: 高, given: 博杰}", '      - {literal: ""}')
    assert _messages(mini_copy) == [
        f"{refs}:6: entry 'gao2011': author 1 has no name — give 'family:' (and 'given:'), or 'literal:' "
        "for an organisation; or remove the author"]


def test_every_file_that_cannot_be_read_is_reported_at_once(mini_copy):
    from reportkit.errors import ContentUnreadable

    edit(mini_copy / "en" / "intro.md", "title: Introduction", "title: [Introduction")
    edit(mini_copy / "zh" / "findings.md", "title:", "title: {")
    (mini_copy / "data" / "timeline.yaml").write_text("events: [\n", encoding="utf-8")
    with pytest.raises(ContentUnreadable) as failed:
        load_report(mini_copy)
    assert sorted(p.path for p in failed.value.problems) == sorted(
        str(mini_copy / name) for name in ("en/intro.md", "zh/findings.md", "data/timeline.yaml"))
    assert all("malformed YAML" in p.message and p.line for p in failed.value.problems)


def test_a_mistyped_key_is_named_alone_and_the_other_language_is_not_blamed(mini_copy):
    zh = mini_copy / "zh" / "findings.md"
    edit(zh, "[@tang2025]", "[@tnag2025]")
    assert [m for m in _messages(mini_copy) if "findings.md" in m and "warning" not in m] == [
        f"{zh}:6: unknown citation key 'tnag2025' — did you mean 'tang2025'?"]


def test_citations_that_differ_are_reported_at_the_paragraph_that_differs(mini_copy):
    zh, en = mini_copy / "zh" / "findings.md", mini_copy / "en" / "findings.md"
    edit(zh, "[@tang2025]", "[@tang2025; @gao2011, p. 69]")
    assert [m for m in _messages(mini_copy) if "findings.md" in m and "warning" not in m] == [
        f"{en}:7: citations differ from the 'zh' version: lacks gao2011 which 'zh' cites — make both "
        "languages cite the same sources"]
    edit(zh, "[@tang2025; @gao2011, p. 69]", "[@tang2025]")
    edit(en, "[@tang2025]", "[@tang2025; @gao2011, p. 69]")
    assert [m for m in _messages(mini_copy) if "findings.md" in m and "warning" not in m] == [
        f"{en}:7: citations differ from the 'zh' version: cites gao2011 which 'zh' does not — make both "
        "languages cite the same sources"]
