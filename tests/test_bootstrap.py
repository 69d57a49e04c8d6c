"""bootstrap.sh as a new user runs it: Debian's own Python and pip install the lock as it stands.

Debian 12's venv brings pip 23.0, whose resolver once looked up an extra a package asks for
(weasyprint's `fonttools[woff]`) on the package index and failed the hash check as soon as the
index had a release newer than the lock. The index here is a local folder offering such a
release, so the test holds whatever the public index holds on the day it runs.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import zipfile
from pathlib import Path

from helpers import ROOT

DEBIAN_PYTHON = "/usr/bin/python3"
LOCK = ROOT / "requirements.lock"
# The lock's part the failure lived in: weasyprint and all it needs, with the build tools.
ROOTS = {"weasyprint", "pip", "setuptools", "wheel"}


def _lock_entries(text: str) -> dict[str, str]:
    """Each package of a pip-compile lock → its whole entry (pin, hashes, `# via` lines)."""
    entries, name = {}, None
    for line in text.splitlines(keepends=True):
        if re.match(r"[A-Za-z0-9]", line):
            name = line.split("==")[0].lower()
            entries[name] = ""
        elif not line.startswith(" "):
            name = None
        if name:
            entries[name] += line
    return entries


def _needed_by(entry: str) -> set[str]:
    """The packages an entry's `# via` comment names."""
    via = entry.split("# via", 1)[1] if "# via" in entry else ""
    return {word.lower() for word in re.findall(r"[A-Za-z0-9][A-Za-z0-9._-]*", via.replace("#", " "))}


def _partial_lock(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The lock's entries of ROOTS and everything they need, as a lock file of its own."""
    entries = _lock_entries(LOCK.read_text(encoding="utf-8"))
    keep = set(ROOTS)
    while True:
        more = {name for name, entry in entries.items() if name not in keep and _needed_by(entry) & keep}
        if not more:
            break
        keep |= more
    path = tmp_path / "partial.lock"
    path.write_text("".join(entries[name] for name in sorted(keep)), encoding="utf-8")
    return path, {name: entries[name] for name in keep}


def _newer_release(folder: Path, name: str, version: str) -> None:
    """A wheel of `name` at `version` with the `woff` extra, as a newer release on an index."""
    dist = f"{name}-{version}.dist-info"
    files = {
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nProvides-Extra: woff\n",
        f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    files[f"{dist}/RECORD"] = "\n".join(record + [f"{dist}/RECORD,,"]) + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(folder / f"{name}-{version}-py3-none-any.whl", "w") as wheel:
        for path, text in files.items():
            wheel.writestr(path, text)


def _bootstrap(venv: Path, lock: Path, links: Path) -> subprocess.CompletedProcess:
    """`bash bootstrap.sh --no-build` with Debian's Python and nothing else inherited."""
    env = {"HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
           "PYTHON": DEBIAN_PYTHON, "VENV": str(venv), "REQUIREMENTS": str(lock), "PIP_FIND_LINKS": str(links)}
    return subprocess.run(["bash", "bootstrap.sh", "--no-build"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def _installed_version(venv: Path, name: str) -> str:
    return subprocess.run([str(venv / "bin" / "python"), "-c",
                           f"import importlib.metadata as m; print(m.version({name!r}))"],
                          capture_output=True, text=True, check=True).stdout.strip()


def test_debian_pip_installs_the_locked_versions_while_the_index_offers_newer(tmp_path):
    assert subprocess.run([DEBIAN_PYTHON, "-m", "pip", "--version"], capture_output=True,
                          text=True).stdout.startswith("pip 23."), "Debian 12's own pip is 23.0"
    lock, entries = _partial_lock(tmp_path)
    assert {"fonttools", "brotli", "zopfli"} <= entries.keys(), "weasyprint's fonttools[woff] is in the lock"
    locked = re.match(r"fonttools==(\S+)", entries["fonttools"]).group(1)
    links = tmp_path / "index"
    _newer_release(links, "fonttools", "99.0.0")
    venv = tmp_path / "venv"

    # A set-up that failed half-way (here: a hash the lock does not match) can simply be run again.
    broken = tmp_path / "broken.lock"
    wrong_hashes = re.sub(r"sha256:\w+", "sha256:" + "0" * 64, entries["fonttools"])
    broken.write_text(lock.read_text(encoding="utf-8").replace(entries["fonttools"], wrong_hashes),
                      encoding="utf-8")
    first = _bootstrap(venv, broken, links)
    assert first.returncode != 0 and "hash" in first.stderr.lower(), first.stderr[-2000:]

    second = _bootstrap(venv, lock, links)
    assert second.returncode == 0, second.stderr[-3000:]
    assert _installed_version(venv, "fonttools") == locked
    assert _installed_version(venv, "pip") == re.match(r"pip==(\S+)", entries["pip"]).group(1)
