"""A PDF's reading, made once per file content for the whole test run.

Many tests measure the same PDF, and reading one takes seconds over a report. A reading is
kept by the SHA-256 of the file's bytes (the same bytes always read the same): in this
process, and in `FOLDER` (set for the run by conftest) for the run's other processes.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

FOLDER: Path | None = None
_KEPT = 8
_READ: dict[tuple[str, str], object] = {}


def read_once(path, kind: str, read):
    """`read(data)` of the file's bytes, or what it gave for the same bytes before."""
    data = Path(path).read_bytes()
    key = (kind, hashlib.sha256(data).hexdigest())
    if key not in _READ:
        while len(_READ) >= _KEPT:
            del _READ[next(iter(_READ))]
        _READ[key] = _shared(key, lambda: read(data)) if FOLDER else read(data)
    return _READ[key]


def _shared(key: tuple[str, str], make):
    from filelock import FileLock

    FOLDER.mkdir(exist_ok=True)
    stored = FOLDER / f"{key[0]}-{key[1]}.pickle"
    with FileLock(str(stored) + ".lock"):
        if stored.exists():
            return pickle.loads(stored.read_bytes())
        made = make()
        stored.write_bytes(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
        return made
