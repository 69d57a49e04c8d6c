"""The commands as a user runs them: one clear line, a non-zero exit, nothing lost."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time

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
    for task in ("build", "check", "test", "clean", "i18n.extract", "i18n.update", "i18n.check"):
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


def test_check_with_errors_lists_them_and_counts_them(mini_copy):
    section = mini_copy / "en" / "findings.md"
    section.write_text(section.read_text(encoding="utf-8").replace("@tang2025]", "@tang2052]"),
                       encoding="utf-8")
    result = invoke("check", "--content", str(mini_copy))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{section}:5: citations differ from the 'zh' version: cites tang2052 which 'zh' does not; "
        "lacks tang2025 which 'zh' cites — make both languages cite the same sources",
        f"{section}:7: unknown citation key 'tang2052' — did you mean 'tang2025'?",
        "2 error(s)"]


def _workers_started(process: subprocess.Popen, timeout: float = 60) -> list:
    import psutil

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            workers = psutil.Process(process.pid).children()
        except psutil.NoSuchProcess:
            break
        if len(workers) >= 2:
            return workers
        time.sleep(0.05)
    raise AssertionError("the build never started its workers")


def test_ctrl_c_prints_one_line_exits_130_and_keeps_the_last_build(tmp_path, mini_copy):
    out = tmp_path / "out"
    assert invoke("build", "--content", str(mini_copy), "--out", str(out), "--format", "html").returncode == 0
    before = _digest(out)
    section = mini_copy / "en" / "intro.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")

    # As a terminal does: SIGINT to every process of the build, workers included.
    build = subprocess.Popen([sys.executable, "-m", "invoke", "build", "--content", str(mini_copy),
                              "--out", str(out), "--jobs", "2"], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    workers = _workers_started(build)
    time.sleep(0.5)
    os.killpg(build.pid, signal.SIGINT)
    stdout, stderr = build.communicate(timeout=120)

    assert build.returncode == 130
    assert stderr == f"interrupted: nothing was changed in {out}/\n"
    assert stdout == ""
    assert _digest(out) == before
    assert not [w for w in workers if w.is_running() and w.status() != "zombie"]
