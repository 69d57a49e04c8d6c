"""Reproducible builds and builds running at the same time."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpers import FIXTURE, ROOT, output_digests
from readers import pdf_text
from reportkit.pipeline.build import build
from reportkit.project import Project


@pytest.mark.parametrize("epoch", ["1700000000", None])
def test_two_builds_are_byte_identical(tmp_path, monkeypatch, request, epoch):
    run_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    else:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = Project.at(ROOT, content=FIXTURE, out=tmp_path / "a")
    build(first)
    hashes = output_digests(first.out)
    assert len([name for name in hashes if name.endswith((".pdf", ".docx", ".html"))]) == 9
    if run_epoch == epoch:
        # The run's shared build of the same fixture under the same epoch: a cold build too, into
        # another folder at another time, most often by another process of the run. The browser
        # tests add their screenshots beside its outputs.
        second = request.getfixturevalue("mini").project
    else:
        second = Project.at(ROOT, content=FIXTURE, out=tmp_path / "b")
        build(second)
    assert hashes == output_digests(second.out, leave_out=("screenshots",))


def test_concurrent_builds_neither_corrupt_outputs_nor_cache(tmp_path, mini_copy):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "invoke", "build", "--content", str(mini_copy), "--out", str(out),
               "--format", "pdf,html", "--lang", "en"]
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    assert [code for code, _ in results] == [0, 0], results
    assert "Introduction" in pdf_text(out / "en" / "mini-report.pdf")
    json.loads((out / ".cache" / "outputs.json").read_text(encoding="utf-8"))


def test_a_pdf_rebuilt_after_an_edit_is_the_pdf_a_fresh_build_of_the_edited_content_makes(tmp_path, mini_copy):
    """The page plans a build keeps (figure moves, table breaks, page ends) are tried first by the next
    and kept only where its layout decides the same again: the outputs never depend on the last build."""
    kept = Project.at(ROOT, content=mini_copy, out=tmp_path / "kept")
    build(kept, formats=["pdf"])
    assert sorted(path.name for path in kept.cache.glob("*/*-pages.json")) == [
        "brief-pages.json", "brief-pages.json", "report-pages.json", "report-pages.json"]
    intro = mini_copy / "en" / "intro.md"
    intro.write_text(intro.read_text(encoding="utf-8").replace(
        "In 1993 it lent", "In 1993, after talks that ran for months, it lent"), encoding="utf-8")
    build(kept, formats=["pdf"])
    fresh = Project.at(ROOT, content=mini_copy, out=tmp_path / "fresh")
    build(fresh, formats=["pdf"])
    assert "after talks that ran for months" in " ".join(pdf_text(kept.out / "en" / "mini-report.pdf").split())
    assert output_digests(kept.out) == output_digests(fresh.out)
