"""The commands as a user runs them: one clear line, a non-zero exit, nothing lost."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from conftest import ROOT


def invoke(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def _digest(folder):
    return {p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts
            and p.name != ".build.lock"}


def test_list_shows_every_task_with_help():
    listing = invoke("--list").stdout
    for task in ("build", "check", "review", "test", "clean", "i18n.extract", "i18n.update", "i18n.check"):
        assert f"  {task} " in listing


def test_bad_input_one_line_nonzero_exit_and_last_build_intact(tmp_path, mini_copy):
    out = tmp_path / "out"
    good = invoke("build", "--content", str(mini_copy), "--out", str(out), "--format", "html")
    assert good.returncode == 0, good.stderr
    before = _digest(out)
    assert before

    section = mini_copy / "en" / "findings.md"
    for path in (section, mini_copy / "zh" / "findings.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("@tang2025]", "@tang2052]"),
                        encoding="utf-8")
    bad = invoke("build", "--content", str(mini_copy), "--out", str(out), "--format", "html")
    assert bad.returncode != 0
    assert "Traceback" not in bad.stderr
    error_lines = [l for l in bad.stderr.splitlines() if "unknown citation key" in l]
    assert sorted(error_lines) == sorted(
        f"{path}:{line}: unknown citation key 'tang2052' — did you mean 'tang2025'?"
        for path, line in ((section, 7), (mini_copy / "zh" / "findings.md", 6)))
    assert _digest(out) == before


def test_debug_shows_the_traceback(tmp_path, mini_copy):
    (mini_copy / "report.yaml").write_text("slug: [broken\n", encoding="utf-8")
    plain = invoke("check", "--content", str(mini_copy))
    assert plain.returncode != 0 and "Traceback" not in plain.stderr
    assert f"{mini_copy / 'report.yaml'}:2: malformed YAML" in plain.stderr
    debug = invoke("check", "--content", str(mini_copy), "--debug")
    assert debug.returncode != 0 and "Traceback" in debug.stderr


NO_ANCHOR = "warning: citation of 'zhou2024' has no anchor — add a phrase of the cited passage: [@zhou2024 <<…>>]"


def test_check_prints_the_evidence_coverage_and_strict_fails_on_an_unanchored_citation(evidence_copy):
    section = evidence_copy / "zh" / "port.md"
    section.write_text(section.read_text(encoding="utf-8").replace(" <<集装箱占到>>", ""), encoding="utf-8")
    plain = invoke("check", "--content", str(evidence_copy))
    assert plain.returncode == 0, plain.stderr
    assert "evidence: 8/9 citations anchored (88 %), 8 verified" in plain.stdout.splitlines()
    assert f"{section}:12: {NO_ANCHOR}" in plain.stderr.splitlines()
    strict = invoke("check", "--content", str(evidence_copy), "--strict")
    assert strict.returncode != 0
    assert f"{section}:12: {NO_ANCHOR.removeprefix('warning: ')}" in strict.stderr.splitlines()


def test_check_without_the_archive_says_once_what_was_not_verified(evidence_copy):
    import shutil

    shutil.rmtree(evidence_copy.parent / "archive")
    result = invoke("check", "--content", str(evidence_copy))
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "not verified" in line] == [
        f"{evidence_copy / 'report.yaml'}:26: warning: archive folder 'archive' not found: 9 anchors, and the "
        "quotations and numbers of cited sentences, not verified — make the team's source archive available "
        f"at {evidence_copy.parent / 'archive'}, or give --archive PATH"]
    assert "evidence: 9/9 citations anchored (100 %), none verified (no archive)" in result.stdout.splitlines()


def test_build_summary_names_the_evidence_coverage(tmp_path, evidence_copy):
    result = invoke("build", "--content", str(evidence_copy), "--out", str(tmp_path / "out"), "--format", "html")
    assert result.returncode == 0, result.stderr
    assert "evidence: 9/9 citations anchored (100 %), 9 verified" in result.stdout.splitlines()


def test_review_writes_one_page_per_language_and_says_not_to_distribute_it(tmp_path, evidence_copy):
    result = invoke("review", "--content", str(evidence_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"reviewer's page: {tmp_path / 'out' / 'review' / lang}.html (for the team only: do not distribute)"
        for lang in ("zh", "en")]
