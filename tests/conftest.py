"""Shared fixtures: the tiny fixture report and the real report, built once per session."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import EVIDENCE, FIXTURE, ROOT, TRILINGUAL, copy_fixture
from reportkit.pipeline.build import Output, build
from reportkit.project import Project


@dataclass
class Built:
    """A built report: its project paths and the loaded outputs' locations."""

    project: Project
    slug: str
    result: object

    def path(self, lang: str, fmt: str, product: str = "report") -> Path:
        """Where the build writes this output, by the package's own rule."""
        return Output(lang, product, fmt).path(self.project.out, self.slug)


@pytest.fixture(scope="session")
def mini(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("mini-build")
    project = Project.at(ROOT, content=FIXTURE, out=out)
    return Built(project, "mini-report", build(project))


@pytest.fixture(scope="session")
def trilingual(tmp_path_factory) -> Built:
    """The Japanese edition of the trilingual fixture (its Chinese and English ones are the mini report's)."""
    out = tmp_path_factory.mktemp("trilingual-build")
    project = Project.at(ROOT, content=TRILINGUAL, out=out)
    return Built(project, "trilingual-report", build(project, langs=["ja"]))


@pytest.fixture(scope="session")
def real(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("real-build")
    project = Project.at(ROOT, out=out)
    return Built(project, "japan-central-asia-policy", build(project))


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    return copy_fixture(tmp_path / "content")


@pytest.fixture
def evidence_copy(tmp_path) -> Path:
    """A writable copy of the evidence fixture; returns its content folder (the archive is beside it)."""
    shutil.copytree(EVIDENCE, tmp_path / "evidence")
    return tmp_path / "evidence" / "content"


@pytest.fixture(scope="session")
def evidence_built(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("evidence-build")
    project = Project.at(ROOT, content=EVIDENCE / "content", out=out)
    return Built(project, "evidence-report", build(project))


@pytest.fixture(scope="session")
def reviewed(evidence_built) -> Path:
    """The evidence fixture's reviewer's pages, written beside its build; returns their folder."""
    from reportkit.commands.review import write_review

    write_review(evidence_built.project)
    return evidence_built.project.out / "review"
