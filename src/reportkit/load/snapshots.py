"""The recorded content of each edition, `content/editions/<version>.json`, as the loader reads it."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import ContentError

SNAPSHOT_DIR = "editions"


def snapshot_path(content: Path, version: str) -> Path:
    """Where the snapshot of one edition is kept."""
    return Path(content) / SNAPSHOT_DIR / f"{version}.json"


def read_snapshot(content: Path, version: str) -> dict | None:
    """One edition's snapshot, or None when that edition was never snapshotted."""
    path = snapshot_path(content, version)
    if not path.is_file():
        return None
    return parse_snapshot(path.read_text(encoding="utf-8"), str(path))


def parse_snapshot(text: str, shown: str) -> dict:
    """A snapshot from its JSON text."""
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ContentError(f"the recorded content of an edition is not valid JSON ({exc})",
                           shown, None, "restore it from version control") from exc
