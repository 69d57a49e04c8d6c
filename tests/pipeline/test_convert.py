"""Pandoc calls: explicit environment, sandbox, clear failures."""

from __future__ import annotations

import os

import pytest

from helpers import ROOT
from reportkit import convert
from reportkit.errors import BuildError


class _WatchedEnvironment(dict):
    """os.environ stand-in that remembers every write."""

    def __init__(self, values):
        super().__init__(values)
        self.writes = []

    def __setitem__(self, key, value):
        self.writes.append(key)
        super().__setitem__(key, value)

    def __delitem__(self, key):
        self.writes.append(key)
        super().__delitem__(key)


def test_converting_leaves_the_environment_alone(mini_copy, tmp_path, monkeypatch):
    from reportkit.pipeline.build import build
    from reportkit.project import Project

    watched = _WatchedEnvironment(os.environ)
    monkeypatch.setattr(os, "environ", watched)
    build(Project.at(ROOT, content=mini_copy, out=tmp_path / "out"), langs=["en"], formats=["docx"], jobs=1)
    assert watched.writes == []


def test_pandoc_failure_is_one_line_naming_pandoc():
    with pytest.raises(BuildError, match=r"^pandoc failed: Unknown output format nonexistent"):
        convert.run_pandoc("Text.\n", "nonexistent-format", [])
