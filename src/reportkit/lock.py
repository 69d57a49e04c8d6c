"""One build at a time per output folder."""

from __future__ import annotations

import contextlib
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import BuildLocked

WAIT_SECONDS = 120
LOCK_FILE = ".build.lock"


@contextlib.contextmanager
def build_lock(out: Path, wait: float = WAIT_SECONDS):
    """Hold an exclusive lock on `out`; wait for another build, then give up clearly."""
    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(out / LOCK_FILE, timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise BuildLocked(f"another build is writing {out}", hint="wait for it to finish") from None
    try:
        yield
    finally:
        lock.release()
