"""Where releases are: the release folder's record, its landing pages' names, and the newest release
made from a build folder, which the build's index page links."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import OutputError
from ..project import Project
from ..write import atomic_write

RELEASE_FILE = "release.json"
LATEST = "latest-release.json"    # in the build's cache: the release build/index.html links


def landing_name(config, lang: str) -> str:
    """The landing page led by `lang`: index.html for the source language, index-<lang>.html otherwise."""
    return "index.html" if lang == config.source_language else f"index-{lang}.html"


def remember_release(project: Project, folder: Path, version: str) -> None:
    """Note the release just made, for the build's index page to link."""
    try:
        atomic_write(project.cache / LATEST, json.dumps({"folder": str(folder), "version": version}).encode())
    except OutputError:
        pass   # the release is made; only build/index.html's link to it is lost


def latest_release(project: Project, slug: str) -> Path | None:
    """The landing page of the newest release of the report: the one published last from this build
    folder, or the highest version under dist/."""
    candidates = []
    try:
        candidates.append(Path(json.loads((project.cache / LATEST).read_text(encoding="utf-8"))["folder"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    candidates += (project.root / "dist").glob(f"{slug}-*")
    found = {}
    for folder in candidates:
        try:
            data = json.loads((folder / RELEASE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if data.get("slug") == slug and (folder / "index.html").is_file():
            found[_version_key(str(data.get("edition", "")))] = folder / "index.html"
    return found[max(found)] if found else None


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))
