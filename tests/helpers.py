"""Where the tests find the project and its fixture reports, how they run a command and compare builds."""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

from reportkit.lock import LOCK_FILE

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"
# A report with its own source archive: content/ and archive/ side by side.
EVIDENCE = Path(__file__).resolve().parent / "fixtures" / "evidence"


def copy_fixture(target: Path) -> Path:
    """A writable copy of the fixture report's content folder."""
    shutil.copytree(FIXTURE, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a text file with `new`; the test stops if `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append_to_section(content: Path, lang: str, section: str, text: str) -> Path:
    """Add `text` at the end of a section of a content folder; returns the section's file."""
    path = content / lang / f"{section}.md"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return path


def invoke(*args, cwd=ROOT, timeout=600, memory=None):
    """Run `invoke <args>` as a user does, in its own process; `memory` caps its address space."""
    limit = (lambda: resource.setrlimit(resource.RLIMIT_AS, (memory, memory))) if memory else None
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, preexec_fn=limit)


@contextlib.contextmanager
def read_only(folder: Path):
    """No new file can be made in `folder`, for any process: immutable for root (who ignores
    modes), mode 0555 for another user. Fails where root may not set the immutable flag."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    subprocess.run(["chattr", "+i", str(folder)], check=True, capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def output_digests(folder: Path) -> dict[str, str]:
    """The SHA-256 of each file a build left in `folder`, by its path there
    (the build's cache and lock file left out)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts
            and p.name != LOCK_FILE}
