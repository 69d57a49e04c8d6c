"""Where the tests find the project and its fixture reports, how they run a command and compare builds."""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

from reportkit.pipeline.lock import LOCK_FILE

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"
# The tiny report in Chinese, English and Japanese.
TRILINGUAL = Path(__file__).resolve().parent / "fixtures" / "trilingual"
# A report with its own source archive: content/ and archive/ side by side.
EVIDENCE = Path(__file__).resolve().parent / "fixtures" / "evidence"


def copy_fixture(target: Path) -> Path:
    """A writable copy of the fixture report's content folder."""
    shutil.copytree(FIXTURE, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a text file with `new`; the test stops if `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append_to_section(content: Path, lang: str, section: str, text: str) -> Path:
    """Add `text` at the end of a section of a content folder; returns the section's file."""
    path = content / lang / f"{section}.md"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return path


def invoke(*args, cwd=ROOT, timeout=600, memory=None):
    """Run `invoke <args>` as a user does, in its own process; `memory` caps its address space."""
    limit = (lambda: resource.setrlimit(resource.RLIMIT_AS, (memory, memory))) if memory else None
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, preexec_fn=limit)


@contextlib.contextmanager
def read_only(folder: Path):
    """No new file can be made in `folder`, for any process: immutable for root (who ignores
    modes), mode 0555 for another user. Fails where root may not set the immutable flag."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    subprocess.run(["chattr", "+i", str(folder)], check=True, capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def output_digests(folder: Path, leave_out: tuple[str, ...] = ()) -> dict[str, str]:
    """The SHA-256 of each file a build left in `folder`, by its path there
    (the build's cache and lock file left out, and the folders named in `leave_out`)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts
            and p.name != LOCK_FILE and p.relative_to(folder).parts[0] not in leave_out}


def _language_texts_only(data, languages: list[str]):
    """The data as the engine reads it: a text map keeps its languages only (an edition cut
    before that check may hold the pieces of a text cut at a comma, which no edition printed)."""
    if isinstance(data, dict):
        if any(isinstance(data.get(lang), str) for lang in languages):
            return {key: value for key, value in data.items() if key in languages}
        return {key: _language_texts_only(value, languages) for key, value in data.items()}
    if isinstance(data, list):
        return [_language_texts_only(item, languages) for item in data]
    return data


def previous_content(content: Path, target: Path) -> Path:
    """A content folder holding the previous edition as it was cut, written from its snapshot:
    its sections, bibliography and data, and report.yaml without the last edition."""
    import json
    import re

    from reportkit.load.report import load_config

    shutil.copytree(content, target)
    metadata = target / "report.yaml"
    text = metadata.read_text(encoding="utf-8")
    versions = re.findall(r'(?m)^\s*- version: "([^"]+)"', text)
    last, previous = versions[-1], versions[-2]
    start = re.search(rf'(?m)^\s*- version: "{re.escape(last)}"', text).start()
    end = re.compile(r"(?m)^\S").search(text, start)
    text = text[:start] + (text[end.start():] if end else "")
    recorded = json.loads((target / "editions" / f"{previous}.json").read_text(encoding="utf-8"))
    listed = re.search(r"(?m)^sections:\n((?:  - .*\n)+)", text)
    # Each section keeps the entry it has now (its kind, say); one the edition had and this one has not, its id.
    entries = {re.match(r"  - (?:\{id: )?([\w-]+)", line).group(1): line
               for line in listed.group(1).splitlines()}
    order = "".join(entries.get(sid, f"  - {sid}") + "\n" for sid in recorded["order"])
    metadata.write_text(text[:listed.start(1)] + order + text[listed.end(1):], encoding="utf-8")
    (target / "editions" / f"{last}.json").unlink()
    for lang, sections in recorded["sections"].items():
        for path in (target / lang).glob("*.md"):
            path.unlink()
        for sid in load_config(content).brief_sections:   # the brief's own sections: no snapshot holds them
            if sid not in recorded["order"]:
                shutil.copy(content / lang / f"{sid}.md", target / lang / f"{sid}.md")
        for sid, section in sections.items():
            (target / lang / f"{sid}.md").write_text(
                f"---\ntitle: {json.dumps(section['title'], ensure_ascii=False)}\n---\n{section['body']}",
                encoding="utf-8")
    files = dict(re.findall(r"(?m)^  (\w+): (data/\S+)$", text))
    languages = list(recorded["sections"])
    for name, value in recorded["data"].items():
        (target / files[name]).write_text(json.dumps(_language_texts_only(value, languages), ensure_ascii=False,
                                                     indent=1), encoding="utf-8")
    (target / "references.yaml").write_text(
        json.dumps({"references": list(recorded["references"].values())}, ensure_ascii=False, indent=1),
        encoding="utf-8")
    return target
