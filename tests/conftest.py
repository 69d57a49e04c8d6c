"""Shared fixtures: the tiny fixture report and the real report, built once per session."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import read_once
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


# The builds many tests read, by fixture name: content folder (None: the project's content/),
# slug and build options.
SHARED_BUILDS = {
    "real": (None, "japan-central-asia-policy", {}),
    "mini": (FIXTURE, "mini-report", {}),
    "evidence_built": (EVIDENCE / "content", "evidence-report", {}),
    "trilingual": (TRILINGUAL, "trilingual-report", {"langs": ["ja"]}),
}


def _shared_folder(tmp_path_factory) -> Path:
    """The run's folder, above each pytest-xdist worker's own: the same for every process of the run."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _built_once(shared: Path, name: str, make) -> object:
    """`make(out)` run once for the whole test run, even when pytest-xdist runs the tests in several
    processes: the first to get here builds into a folder they all share, the others read its result."""
    from filelock import FileLock

    out, result = shared / f"{name}-build", shared / f"{name}-build.pickle"
    with FileLock(str(shared / f"{name}-build.lock")):
        if not result.exists():
            result.write_bytes(pickle.dumps(make(out)))
        return pickle.loads(result.read_bytes())


def _shared_build(shared: Path, name: str) -> Built:
    content, slug, options = SHARED_BUILDS[name]
    return _built_once(shared, name, lambda out: _built(content, out, slug, **options))


def build_shared(shared: str, names: list[str]) -> None:
    """Make the shared builds named, one after another (run in a process of its own)."""
    for name in names:
        _shared_build(Path(shared), name)


@pytest.fixture(scope="session", autouse=True)
def _shared_builds_begun(request, tmp_path_factory):
    """The shared builds the selected tests need, begun at once in a process of their own, so that
    the tests run meanwhile instead of waiting for the first that needs one. A test still takes a
    build through its fixture (which waits for it, or makes it if that process could not)."""
    names = [name for name in SHARED_BUILDS if any(name in item.fixturenames for item in request.session.items)]
    shared = _shared_folder(tmp_path_factory)
    read_once.FOLDER = shared / "read"     # the PDFs' readings, shared the same way
    try:
        os.close(os.open(shared / "shared-builds.begun", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        names = []        # another worker of this run began them
    if not names:
        yield
        return
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
    with open(shared / "shared-builds.log", "wb") as log:
        process = subprocess.Popen([sys.executable, "-c", "import sys, conftest; conftest.build_shared(sys.argv[1], "
                                    "sys.argv[2:])", str(shared), *names],
                                   cwd=Path(__file__).parent, env=environment, stdout=log, stderr=log)
    try:
        yield
    finally:
        process.wait()


@pytest.fixture(scope="session")
def mini(tmp_path_factory) -> Built:
    return _shared_build(_shared_folder(tmp_path_factory), "mini")


@pytest.fixture(scope="session")
def trilingual(tmp_path_factory) -> Built:
    """The Japanese edition of the trilingual fixture (its Chinese and English ones are the mini report's)."""
    return _shared_build(_shared_folder(tmp_path_factory), "trilingual")


@pytest.fixture(scope="session")
def real(tmp_path_factory) -> Built:
    return _shared_build(_shared_folder(tmp_path_factory), "real")


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
    return _shared_build(_shared_folder(tmp_path_factory), "evidence_built")


@pytest.fixture(scope="session")
def reviewed(tmp_path_factory, evidence_built) -> Path:
    """The evidence fixture's reviewer's pages, written beside its build; returns their folder."""
    from reportkit.commands.review import write_review

    def review(_):
        write_review(evidence_built.project)
        return evidence_built.project.out / "review"

    return _built_once(_shared_folder(tmp_path_factory), "evidence-review", review)
