"""Writing the outputs: all of them or none, readable as the umask says, one clear line on failure."""

from __future__ import annotations

import contextlib
import importlib
import os
import stat
import subprocess

import pytest

from helpers import ROOT, output_digests, read_only
from reportkit.pipeline.build import build
from reportkit.project import Project
from reportkit.errors import Interrupted, OutputError

write_module = importlib.import_module("reportkit.write")


@contextlib.contextmanager
def _umask(mask):
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


@contextlib.contextmanager
def unwritable(folder, monkeypatch):
    """No new file can be made in `folder` (`helpers.read_only`).

    Where root may not set the immutable flag, the one function that creates
    output files refuses that folder instead.
    """
    guard = read_only(folder)
    try:
        guard.__enter__()
    except subprocess.CalledProcessError:   # no immutable flag here
        guard = None
    if guard is not None:
        try:
            yield
        finally:
            guard.__exit__(None, None, None)
        return
    create = write_module._open_new

    def refuse(where, name):
        if where == folder:
            raise PermissionError(1, "Operation not permitted", str(where / name))
        return create(where, name)

    with monkeypatch.context() as patch:
        patch.setattr(write_module, "_open_new", refuse)
        yield


def _edit(content):
    section = content / "en" / "intro.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")


@pytest.mark.parametrize("mask,mode", [(0o022, 0o644), (0o027, 0o640)])
def test_outputs_get_the_mode_the_umask_gives_a_new_file(tmp_path, mini_copy, mask, mode):
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    with _umask(mask):
        build(project, langs=["en"], formats=["html"])
    for path in (project.out / "en" / "mini-report.html", project.out / "index.html"):
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


@pytest.mark.parametrize("which", [".", "en"])
def test_unwritable_output_folder_is_one_clear_error_and_changes_nothing(tmp_path, mini_copy, monkeypatch,
                                                                        which):
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["en"], formats=["html"])
    before = output_digests(project.out)
    _edit(mini_copy)
    folder = (project.out / which).resolve()
    with unwritable(folder, monkeypatch):
        with pytest.raises(OutputError) as error:
            build(project, langs=["en"], formats=["html"])
    assert str(error.value).startswith(f"{folder}: cannot write in this folder (")
    assert str(error.value).endswith(") — make it writable (ls -ld shows its owner and mode, lsattr -d an "
                                     "immutable flag), or build into another folder with --out")
    assert output_digests(project.out) == before
    build(project, langs=["en"], formats=["html"])
    assert "A new sentence." in (project.out / "en" / "mini-report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("failure,raised", [(PermissionError(1, "Operation not permitted"), OutputError),
                                            (KeyboardInterrupt(), Interrupted)])
def test_a_move_failing_midway_puts_back_what_it_replaced(tmp_path, mini_copy, monkeypatch, failure, raised):
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["en"], formats=["html"])
    before = output_digests(project.out)
    _edit(mini_copy)
    replace = os.replace

    def index_cannot_move(source, target):
        if os.path.basename(target) == "index.html":
            raise failure
        replace(source, target)

    monkeypatch.setattr(os, "replace", index_cannot_move)
    with pytest.raises(raised):   # a new DOCX too: the index, moved last, lists it
        build(project, langs=["en"], formats=["html", "docx"])
    monkeypatch.undo()
    assert output_digests(project.out) == before
    assert sorted(p.name for p in (project.out / "en").iterdir()) == ["mini-report.html"]
