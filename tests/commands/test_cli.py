"""The commands as a user runs them: one clear line, a non-zero exit, nothing lost."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from helpers import ROOT, invoke, output_digests, read_only


def test_list_shows_every_task_with_help():
    listing = invoke("--list").stdout
    for task in ("build", "check", "review", "test", "clean", "publish", "i18n.extract", "i18n.update",
                 "i18n.check"):
        assert f"  {task} " in listing


def test_bad_input_one_line_nonzero_exit_and_last_build_intact(tmp_path, mini_copy):
    out = tmp_path / "out"
    good = invoke("build", "--content", str(mini_copy), "--out", str(out), "--format", "html")
    assert good.returncode == 0, good.stderr
    before = output_digests(out)
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
    assert output_digests(out) == before


def test_debug_shows_the_traceback(tmp_path, mini_copy):
    (mini_copy / "report.yaml").write_text("slug: [broken\n", encoding="utf-8")
    plain = invoke("check", "--content", str(mini_copy))
    assert plain.returncode != 0 and "Traceback" not in plain.stderr
    assert f"{mini_copy / 'report.yaml'}:2: malformed YAML" in plain.stderr
    debug = invoke("check", "--content", str(mini_copy), "--debug")
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_a_build_with_debug_says_how_each_pdf_was_laid_out(tmp_path, mini_copy):
    out = str(tmp_path / "out")
    first = invoke("build", "--content", str(mini_copy), "--out", out, "--format", "pdf", "--lang", "en", "--debug")
    assert first.returncode == 0, first.stderr
    assert re.search(r"^  en/report PDF: \d layout\(s\); the last build's page plan: none$", first.stdout, re.M)
    intro = mini_copy / "en" / "intro.md"
    intro.write_text(intro.read_text(encoding="utf-8").replace("In 1993 it lent", "In 1993, it lent"),
                     encoding="utf-8")
    again = invoke("build", "--content", str(mini_copy), "--out", out, "--format", "pdf", "--lang", "en", "--debug")
    assert "  en/report PDF: 1 layout(s); the last build's page plan: kept\n" in again.stdout, again.stdout
    intro.write_text(intro.read_text(encoding="utf-8").replace("In 1993, it lent", "In 1993 it lent"),
                     encoding="utf-8")
    plain = invoke("build", "--content", str(mini_copy), "--out", out, "--format", "pdf", "--lang", "en")
    assert "mini-report.pdf" in plain.stdout and "layout(s)" not in plain.stdout


def test_check_with_content_errors_lists_them_and_exits_1(mini_copy):
    section = mini_copy / "zh" / "findings.md"
    section.write_text(section.read_text(encoding="utf-8").replace("@tang2025]", "@tang2052]"),
                       encoding="utf-8")
    checked = invoke("check", "--content", str(mini_copy))
    assert checked.returncode == 1
    assert "internal error" not in checked.stderr and "Traceback" not in checked.stderr
    assert f"{section}:6: unknown citation key 'tang2052' — did you mean 'tang2025'?" in checked.stderr
    assert checked.stderr.splitlines()[-1] == "1 error(s)"
    assert checked.stdout.splitlines()[-1].startswith("1 error(s), 1 warning(s) in ")


def test_check_refuses_a_named_pipe_instead_of_waiting_on_it(mini_copy):
    import os

    section = mini_copy / "zh" / "intro.md"
    section.unlink()
    os.mkfifo(section)
    checked = invoke("check", "--content", str(mini_copy), timeout=60)
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [
        f"{section}: refused: a named pipe, not a regular file — replace it with a text file"]


def test_check_refuses_a_link_to_a_device_without_reading_it(mini_copy):
    section = mini_copy / "zh" / "intro.md"
    section.unlink()
    section.symlink_to("/dev/zero")
    # The memory limit turns reading /dev/zero into a quick failure instead of a machine out of memory.
    checked = invoke("check", "--content", str(mini_copy), timeout=60, memory=2 * 1024**3)
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [
        f"{section}: refused: it leads to /dev/zero, outside the project — keep content files inside "
        f"{mini_copy.parent.resolve()}; copy the file in instead of linking to it"]


def test_check_with_errors_lists_them_and_counts_them(mini_copy):
    section = mini_copy / "en" / "findings.md"
    section.write_text(section.read_text(encoding="utf-8").replace("@tang2025]", "@tang2052]"),
                       encoding="utf-8")
    result = invoke("check", "--content", str(mini_copy))
    assert result.returncode == 1
    # The mistyped key alone: the languages are not compared through it.
    assert result.stderr.splitlines() == [
        f"{section}:7: unknown citation key 'tang2052' — did you mean 'tang2025'?",
        "1 error(s)"]


def _is_python(process) -> bool:
    import psutil

    try:
        return process.name().startswith("python")
    except psutil.NoSuchProcess:
        return False


def _ctrl_c_as_in_a_terminal() -> None:
    """Run in the build's process before it starts: Ctrl-C does what it does in a user's terminal.

    A test run started in the background by a shell without job control (`cmd &` in a script)
    ignores SIGINT, and every program it starts would inherit that and never see the Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _workers_started(process: subprocess.Popen, timeout: float = 60) -> list:
    import psutil

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            # The worker processes, not the pandoc runs of the checks before them.
            workers = [child for child in psutil.Process(process.pid).children() if _is_python(child)]
        except psutil.NoSuchProcess:
            break
        if len(workers) >= 2:
            return workers
        time.sleep(0.05)
    raise AssertionError("the build never started its workers")


# 0: as the workers are being forked; 0.5 s: while they make the outputs.
@pytest.mark.parametrize("pause", [0.0, 0.5])
def test_ctrl_c_prints_one_line_exits_130_and_keeps_the_last_build(tmp_path, mini_copy, pause):
    out = tmp_path / "out"
    assert invoke("build", "--content", str(mini_copy), "--out", str(out), "--format", "html").returncode == 0
    before = output_digests(out)
    section = mini_copy / "en" / "intro.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")

    # As a terminal does: SIGINT to every process of the build, workers included.
    build = subprocess.Popen([sys.executable, "-m", "invoke", "build", "--content", str(mini_copy),
                              "--out", str(out), "--jobs", "2"], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True,
                             preexec_fn=_ctrl_c_as_in_a_terminal)
    workers = _workers_started(build)
    time.sleep(pause)
    os.killpg(build.pid, signal.SIGINT)
    stdout, stderr = build.communicate(timeout=120)

    assert build.returncode == 130
    assert stderr == f"interrupted: nothing was changed in {out}/\n"
    assert stdout == ""
    assert output_digests(out) == before
    assert not [w for w in workers if w.is_running() and w.status() != "zombie"]


def test_ctrl_c_while_the_content_is_checked_stops_the_checks_too(tmp_path, mini_copy):
    """The checks run in a process of their own (their pandoc runs are its children, not the build's)
    while the build imports its engines; Ctrl-C then stops both."""
    import psutil

    out = tmp_path / "out"
    build = subprocess.Popen([sys.executable, "-m", "invoke", "build", "--content", str(mini_copy),
                              "--out", str(out), "--format", "html", "--jobs", "2"], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                             preexec_fn=_ctrl_c_as_in_a_terminal)
    pandoc, deadline = None, time.monotonic() + 60
    while pandoc is None and build.poll() is None and time.monotonic() < deadline:
        try:
            pandoc = next((p for p in psutil.Process(build.pid).children(recursive=True)
                           if p.name().startswith("pandoc")), None)
            checking = pandoc.parent() if pandoc else None
        except psutil.NoSuchProcess:
            pandoc = None
        time.sleep(0.002)
    assert pandoc is not None, "no pandoc run was seen"
    assert checking.pid != build.pid and checking.ppid() == build.pid and _is_python(checking)
    os.killpg(build.pid, signal.SIGINT)
    stdout, stderr = build.communicate(timeout=120)

    assert build.returncode == 130
    assert stderr == f"interrupted: nothing was changed in {out}/\n"
    assert stdout == ""
    assert not list(out.glob("*/*.*"))
    assert not checking.is_running() or checking.status() == "zombie"


def test_a_build_stopped_while_it_lays_out_a_pdf_leaves_no_temporary_files(tmp_path, mini_copy):
    """WeasyPrint copies the fonts a stylesheet names into a temporary folder and removes it when the
    PDF is done; a worker stopped before that would leave megabytes in /tmp at every Ctrl-C."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    build = subprocess.Popen([sys.executable, "-m", "invoke", "build", "--content", str(mini_copy),
                              "--out", str(tmp_path / "out"), "--format", "pdf", "--jobs", "2"], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                             preexec_fn=_ctrl_c_as_in_a_terminal,
                             env={**os.environ, "TMPDIR": str(temporary)})
    deadline = time.monotonic() + 120
    while not list(temporary.rglob("weasyprint-*")) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert build.poll() is None, "the build ended before a PDF was being laid out"
    os.killpg(build.pid, signal.SIGINT)
    build.communicate(timeout=120)
    assert build.returncode == 130
    assert [path.name for path in temporary.iterdir() if not path.name.startswith("_jinja2-cache")] == []


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


def test_a_read_only_checkout_says_so_in_one_line_and_offers_another_folder(tmp_path, mini_copy):
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    with read_only(checkout):
        run = invoke("build", "--content", str(mini_copy), "--out", str(checkout / "build"), "--format", "html")
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"{checkout}: cannot write in this folder (operation not permitted) — make it writable (ls -ld shows "
        "its owner and mode, lsattr -d an immutable flag), or build into another folder with --out"]
    assert not (checkout / "build").exists()


def test_edition_help_prints_the_help_and_no_version_is_one_line():
    helped = invoke("edition", "--help")
    assert helped.returncode == 0 and "--version" in helped.stdout and "Cut a new edition" in helped.stdout
    missing = invoke("edition")
    assert missing.returncode == 1
    assert missing.stderr.splitlines() == [
        "no version given for the new edition — give it with --version, e.g. invoke edition --version 1.2"]
