"""One build at a time per output folder."""

from __future__ import annotations

import contextlib
import fcntl
import time
from pathlib import Path

from .errors import BuildLocked

WAIT_SECONDS = 120


@contextlib.contextmanager
def build_lock(out: Path, wait: float = WAIT_SECONDS):
    """Hold an exclusive lock on `out`; wait for another build, then give up clearly."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".build.lock", "w") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise BuildLocked(f"another build is writing {out}", hint="wait for it to finish") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
