"""Incremental builds: only what an edit touches is remade."""

from __future__ import annotations

from helpers import ROOT
from reportkit.pipeline.build import build
from reportkit.project import Project


def _made(result):
    return sorted(f"{o.lang}/{o.product}.{o.fmt}" for o, _, _, _ in result.outputs)


def test_edits_rebuild_only_what_depends_on_them(tmp_path, mini_copy):
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    first = build(project, formats=["html", "docx"])
    assert len(first.outputs) == 4 and first.cached == []

    again = build(project, formats=["html", "docx"])
    assert again.outputs == [] and len(again.cached) == 4

    section = mini_copy / "en" / "intro.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    edited = build(project, formats=["html", "docx"])
    assert _made(edited) == ["en/report.docx", "en/report.html"]
    assert "One more sentence." in (project.out / "en" / "mini-report.html").read_text(encoding="utf-8")

    bibliography = mini_copy / "references.yaml"
    bibliography.write_text(bibliography.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert len(build(project, formats=["html", "docx"]).outputs) == 4


def test_an_output_changed_by_hand_is_remade(tmp_path, mini_copy):
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["en"], formats=["html"])
    target = project.out / "en" / "mini-report.html"
    target.write_text("tampered", encoding="utf-8")
    assert _made(build(project, langs=["en"], formats=["html"])) == ["en/report.html"]
    assert "tampered" not in target.read_text(encoding="utf-8")


def test_an_edit_saved_while_waiting_for_the_lock_is_built_by_the_next_build(tmp_path, mini_copy, monkeypatch):
    import contextlib

    import importlib

    build_module = importlib.import_module("reportkit.pipeline.build")

    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["en"], formats=["html"])
    section = mini_copy / "en" / "intro.md"
    held_by_another_build = build_module.build_lock

    @contextlib.contextmanager
    def wait_while_the_user_saves(out):
        section.write_text(section.read_text(encoding="utf-8") + "\nSaved while waiting.\n", encoding="utf-8")
        with held_by_another_build(out):
            yield

    monkeypatch.setattr(build_module, "build_lock", wait_while_the_user_saves)
    build(project, langs=["en"], formats=["html"])
    monkeypatch.undo()
    html = project.out / "en" / "mini-report.html"
    assert "Saved while waiting." not in html.read_text(encoding="utf-8")

    assert _made(build(project, langs=["en"], formats=["html"])) == ["en/report.html"]
    assert "Saved while waiting." in html.read_text(encoding="utf-8")


def test_an_output_replaced_by_one_of_the_same_size_is_remade(tmp_path, mini_copy):
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["en"], formats=["html"])
    target = project.out / "en" / "mini-report.html"
    target.write_bytes(b"x" * target.stat().st_size)
    assert _made(build(project, langs=["en"], formats=["html"])) == ["en/report.html"]
    assert b"Introduction" in target.read_bytes()


def test_a_build_with_nothing_changed_reuses_the_checks_and_repeats_their_warnings(tmp_path, mini_copy,
                                                                                  monkeypatch):
    import importlib

    pipeline = importlib.import_module("reportkit.pipeline.build")   # the module; reportkit.build is also the function
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    section = mini_copy / "zh" / "intro.md"
    section.write_text(section.read_text(encoding="utf-8").replace("title:", "colour: blue\ntitle:", 1),
                       encoding="utf-8")
    first = build(project, langs=["en"], formats=["html"])
    assert any("colour" in str(w) for w in first.warnings)

    def no_checks(report):
        raise AssertionError("the checks ran again for the same inputs")

    monkeypatch.setattr(pipeline, "validate", no_checks)
    again = build(project, langs=["en"], formats=["html"])
    assert [str(w) for w in again.warnings] == [str(w) for w in first.warnings]
    assert again.evidence == first.evidence and again.outputs == []


def test_a_changed_archived_text_is_checked_again(tmp_path, evidence_copy):
    import pytest

    from reportkit.errors import ValidationFailed

    project = Project.at(ROOT, content=evidence_copy, out=tmp_path / "out")
    build(project, langs=["zh"], formats=["html"])
    archived = evidence_copy.parent / "archive" / "lin-qingchuan.txt"
    archived.write_text(archived.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="lin-qingchuan.txt"):
        build(project, langs=["zh"], formats=["html"])


def _mtimes(folder):
    return {path: path.stat().st_mtime_ns for path in sorted(folder.rglob("*")) if path.is_file()
            and path.name != ".build.lock"}


def test_the_brief_is_remade_only_for_a_section_it_prints(tmp_path, mini_copy):
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["en"], formats=["pdf"])
    intro = mini_copy / "en" / "intro.md"   # in the report, not in the brief
    intro.write_text(intro.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert _made(build(project, langs=["en"], formats=["pdf"])) == ["en/report.pdf"]
    findings = mini_copy / "en" / "findings.md"
    findings.write_text(findings.read_text(encoding="utf-8") + "\nOne more finding.\n", encoding="utf-8")
    assert _made(build(project, langs=["en"], formats=["pdf"])) == ["en/brief.pdf", "en/report.pdf"]


def test_a_build_with_nothing_changed_leaves_every_file_alone(tmp_path, mini_copy):
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, formats=["html"])
    before = _mtimes(project.out)
    assert build(project, formats=["html"]).outputs == []
    assert _mtimes(project.out) == before


def test_a_built_tree_moved_elsewhere_is_still_up_to_date(tmp_path, mini_copy):
    build(Project.at(ROOT, content=mini_copy, out=tmp_path / "out"), formats=["html"])
    (tmp_path / "out").rename(tmp_path / "moved")
    again = build(Project.at(ROOT, content=mini_copy, out=tmp_path / "moved"), formats=["html"])
    assert again.outputs == [] and len(again.cached) == 2
