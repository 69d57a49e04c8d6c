"""Shared fixtures: the tiny fixture report and the real report, built once per session."""

from __future__ import annotations

import os
import pickle
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


def _built_once(tmp_path_factory, name: str, make) -> object:
    """`make(out)` run once for the whole test run, even when pytest-xdist runs the tests in several
    processes: the first to get here builds into a folder they all share, the others read its result."""
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent   # the run's folder, above each worker's own
    out, result = shared / f"{name}-build", shared / f"{name}-build.pickle"
    with FileLock(str(shared / f"{name}-build.lock")):
        if not result.exists():
            result.write_bytes(pickle.dumps(make(out)))
        return pickle.loads(result.read_bytes())


@pytest.fixture(scope="session")
def mini(tmp_path_factory) -> Built:
    return _built_once(tmp_path_factory, "mini", lambda out: _built(FIXTURE, out, "mini-report"))


@pytest.fixture(scope="session")
def trilingual(tmp_path_factory) -> Built:
    """The Japanese edition of the trilingual fixture (its Chinese and English ones are the mini report's)."""
    return _built_once(tmp_path_factory, "trilingual",
                       lambda out: _built(TRILINGUAL, out, "trilingual-report", langs=["ja"]))


@pytest.fixture(scope="session")
def real(tmp_path_factory) -> Built:
    return _built_once(tmp_path_factory, "real", lambda out: _built(None, out, "japan-central-asia-policy"))


def _built(content: Path | None, out: Path, slug: str, **options) -> Built:
    project = Project.at(ROOT, content=content, out=out)
    return Built(project, slug, build(project, **options))


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
    return _built_once(tmp_path_factory, "evidence", lambda out: _built(EVIDENCE / "content", out, "evidence-report"))


@pytest.fixture(scope="session")
def reviewed(tmp_path_factory, evidence_built) -> Path:
    """The evidence fixture's reviewer's pages, written beside its build; returns their folder."""
    from reportkit.commands.review import write_review

    def review(_):
        write_review(evidence_built.project)
        return evidence_built.project.out / "review"

    return _built_once(tmp_path_factory, "evidence-review", review)
