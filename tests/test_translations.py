"""Stale translations: a changed source section flags its translation until it is marked."""

from __future__ import annotations

from helpers import ROOT
from reportkit.commands.cli import translated_command
from reportkit.load.report import load_report
from reportkit.check.validate import validate


def _warnings(content):
    return [str(p) for p in validate(load_report(content)).warnings]


def test_changed_source_flags_the_translation_until_marked(mini_copy):
    assert _warnings(mini_copy) == []
    source = mini_copy / "zh" / "intro.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n新增一句。\n", encoding="utf-8")
    translation = mini_copy / "en" / "intro.md"
    assert (f"{translation}:3: warning: stale translation: {source} changed after "
            "this was translated — bring it up to date, then run "
            "'invoke translated --section intro --lang en'") in _warnings(mini_copy)
    translation.write_text(translation.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                           encoding="utf-8")
    translated_command(ROOT, section="intro", lang="en", content=mini_copy)
    assert _warnings(mini_copy) == []


def test_trailing_blank_lines_do_not_make_a_translation_stale(mini_copy):
    source = mini_copy / "zh" / "intro.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n\n\n", encoding="utf-8")
    assert _warnings(mini_copy) == []


def test_a_changed_anchor_leaves_the_translation_current(evidence_copy):
    from helpers import edit

    source = evidence_copy / "zh" / "port.md"
    edit(source, "<<最初只是一个渔港>>", "<<渔港>>")
    assert not any("stale translation" in w for w in _warnings(evidence_copy))
    edit(source, "[@lin2019, p. 11 <<渔港>>]", "[@lin2019, p. 12 <<渔港>>]")   # a locator is printed
    assert any("stale translation" in w for w in _warnings(evidence_copy))
