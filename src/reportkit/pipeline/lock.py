"""One build at a time per output folder."""

from __future__ import annotations

import contextlib
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import BuildLocked
from ..write import nearest_existing, not_writable

WAIT_SECONDS = 120
LOCK_FILE = ".build.lock"


@contextlib.contextmanager
def build_lock(out: Path, wait: float = WAIT_SECONDS):
    """Hold an exclusive lock on `out`; wait for another build, then give up clearly."""
    lock = FileLock(out / LOCK_FILE, timeout=wait)
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        raise BuildLocked(f"another build is writing {out}", hint="wait for it to finish") from None
    except OSError as exc:
        raise not_writable(nearest_existing(out), exc) from exc
    try:
        yield
    finally:
        lock.release()
