"""Where the tests find the project and its fixture reports, and how they run a command."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"
# A report with its own source archive: content/ and archive/ side by side.
EVIDENCE = Path(__file__).resolve().parent / "fixtures" / "evidence"


def copy_fixture(target: Path) -> Path:
    """A writable copy of the fixture report's content folder."""
    shutil.copytree(FIXTURE, target)
    return target


def invoke(*args, cwd=ROOT, timeout=600, memory=None):
    """Run `invoke <args>` as a user does, in its own process; `memory` caps its address space."""
    limit = (lambda: resource.setrlimit(resource.RLIMIT_AS, (memory, memory))) if memory else None
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, preexec_fn=limit)

