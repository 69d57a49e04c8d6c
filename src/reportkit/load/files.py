"""Reading content files: only regular files inside the project, checked before they are opened."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from ..errors import ContentError

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a named pipe"),
          (stat.S_ISSOCK, "a socket"))


def project_folder(content: Path) -> Path:
    """The folder content files must stay in: the project holding `content/`, else the content folder."""
    content = Path(content).resolve()
    return content.parent if content.name == "content" else content


def decode_text(raw: bytes, shown: str) -> str:
    """UTF-8 text from a file's bytes; BOM and CRLF are accepted, bad bytes and NUL are not."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})", shown, line,
                           "save the file as UTF-8") from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ContentError("NUL byte in a text file", shown, line,
                           "remove the NUL character (the file may be binary or corrupted)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


class ContentReader:
    """Reads the files of one report, refusing links out of the project and non-regular files.

    It keeps the sha256 of each file's bytes as they were read (by path relative
    to the content folder), so that cache keys describe what was built, not what
    the files hold by the time the keys are computed.
    """

    def __init__(self, content: Path):
        self.content = Path(content)
        self.project = project_folder(content)
        self.digests: dict[str, str] = {}

    def text(self, path: Path, shown: str) -> str:
        """The decoded text of one content file; its hash is recorded."""
        raw = self.read_bytes(path, shown)
        name = Path(os.path.relpath(path, self.content)).as_posix()
        self.digests[name] = hashlib.sha256(raw).hexdigest()
        return decode_text(raw, shown)

    def read_bytes(self, path: Path, shown: str) -> bytes:
        """The bytes of one content file, after checking where it leads and what it is."""
        target = self._inside(path, shown)
        try:
            _refuse_special(os.stat(target).st_mode, shown)
            # O_NOFOLLOW and O_NONBLOCK: a link or a pipe put there since the check
            # is refused instead of followed or waited on.
            handle = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError as exc:
            raise _unreadable(exc, shown) from exc
        with os.fdopen(handle, "rb") as stream:
            _refuse_special(os.fstat(handle).st_mode, shown)
            return stream.read()

    def _inside(self, path: Path, shown: str) -> Path:
        try:
            target = Path(path).resolve(strict=True)
        except FileNotFoundError as exc:
            raise ContentError("file not found", shown, None, "create it or fix the name") from exc
        except (OSError, RuntimeError) as exc:  # a loop of links
            raise ContentError("cannot follow the link (a loop of links?)", shown, None,
                               "replace the link with the file itself") from exc
        if not target.is_relative_to(self.project):
            raise ContentError(f"refused: it leads to {target}, outside the project", shown, None,
                               f"keep content files inside {self.project}; copy the file in "
                               "instead of linking to it")
        return target


def _refuse_special(mode: int, shown: str) -> None:
    """Only regular files are read: a device such as /dev/zero never ends."""
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise ContentError(f"refused: {kind}, not a regular file", shown, None,
                       "replace it with a text file")


def _unreadable(exc: OSError, shown: str) -> ContentError:
    if isinstance(exc, FileNotFoundError):
        return ContentError("file not found", shown, None, "create it or fix the name")
    if isinstance(exc, PermissionError):
        return ContentError("cannot read the file (permission denied)", shown, None,
                            "make it readable")
    return ContentError(f"cannot read the file ({exc.strerror or exc})", shown, None,
                        "replace it with a text file")
