"""Stage 5: put the outputs in place, all together or not at all; and archives that are the same for the same content."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

from .errors import OutputError


def atomic_write(path: Path, data: bytes) -> Path:
    """Write to a temporary file beside `path`, then move it into place."""
    publish({path: data})
    return path


def publish(files: dict[Path, bytes]) -> None:
    """Put every file in place, or none of them: a failed build leaves the last good outputs.

    Each file is first written beside its target, which proves every folder
    writable before anything is replaced; a move that fails even so puts back
    what the earlier moves replaced.
    """
    staged: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            staged[path] = _stage(path, data)
        _replace_all(staged)
    finally:
        for temp in staged.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)


def unchanged_left_out(files: dict[Path, bytes]) -> dict[Path, bytes]:
    """The files whose bytes differ from what is already there: the others keep their dates."""
    return {path: data for path, data in files.items() if not _holds(path, data)}


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def check_writable(folders) -> None:
    """Create (if needed) and write a scratch file in each folder, so a build fails before its work."""
    for folder in folders:
        temp = _stage(Path(folder) / ".write-test", b"")
        os.unlink(temp)


def nearest_existing(folder: Path) -> Path:
    """The folder itself, or the closest of its parents that exists: the one that refused a write."""
    folder = Path(folder)
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def not_writable(folder: Path, exc: OSError) -> OutputError:
    """The one-line error for a folder the build cannot write in."""
    reason = (exc.strerror or str(exc)).lower()
    return OutputError(f"cannot write in this folder ({reason})", folder, None,
                       "make it writable (ls -ld shows its owner and mode, lsattr -d an immutable "
                       "flag), or build into another folder with --out")


def _stage(path: Path, data: bytes) -> Path:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = _open_new(folder, path.name)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise not_writable(_existing(folder), exc) from exc
    return temp


def _open_new(folder: Path, name: str) -> tuple[int, Path]:
    """A new hidden file beside `name`, created with mode 0666 so that the umask decides.

    (tempfile.mkstemp would make it 0600, unreadable to a web server or a colleague.)
    """
    while True:
        temp = folder / f".{name}.{secrets.token_hex(4)}"
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), temp
        except FileExistsError:
            continue


def _existing(folder: Path) -> Path:
    """The folder, or its nearest ancestor that exists: the one that refused."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def _replace_all(staged: dict[Path, Path]) -> None:
    replaced: list[tuple[Path, Path | None]] = []
    try:
        for path, temp in staged.items():
            backup = _keep_old(path)
            try:
                os.replace(temp, path)
            except BaseException:
                _discard(backup)
                raise
            replaced.append((path, backup))
    except BaseException as exc:  # Ctrl-C included: never leave half the outputs replaced
        for done, old in reversed(replaced):
            _put_back(done, old)
        if isinstance(exc, OSError):
            raise not_writable(path.parent, exc) from exc
        raise
    for _, backup in replaced:
        _discard(backup)


def _keep_old(path: Path) -> Path | None:
    """A second name for the file now at `path` (a hard link), to put it back if a later move fails."""
    if not os.path.lexists(path):
        return None
    backup = path.parent / f".{path.name}.{secrets.token_hex(4)}.old"
    try:
        os.link(path, backup, follow_symlinks=False)
    except OSError:  # a file system without hard links
        shutil.copy2(path, backup, follow_symlinks=False)
    return backup


def _put_back(path: Path, backup: Path | None) -> None:
    with contextlib.suppress(OSError):
        if backup is None:
            os.unlink(path)
        else:
            os.replace(backup, path)


def _discard(backup: Path | None) -> None:
    if backup is not None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(backup)


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    """An archive of the entries in their order, each dated 1980-01-01, so equal content gives equal bytes."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return buffer.getvalue()
