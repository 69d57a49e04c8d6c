"""Cutting an edition: its snapshot (the content as plain data), its entry in report.yaml, its dates;
and the report as the previous edition was cut, rebuilt from its snapshot."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..errors import ConfigError
from ..load.snapshots import snapshot_path

def snapshot(report) -> dict:
    """The content of a loaded report as plain data: what a later edition is compared with."""
    return {
        # The report's sections: the brief's own are not part of what editions compare.
        "sections": {lang: {sid: {"title": s.title, "body": s.body} for sid, s in by_id.items()
                            if sid in report.config.sections}
                     for lang, by_id in report.sections.items()},
        "order": list(report.config.sections),
        "former_ids": {sid: list(was) for sid, was in report.config.former_ids.items()},
        "references": {r.id: _plain(r.data) for r in report.references},
        "data": {name: _plain(value) for name, value in report.data.items()},
    }


def _plain(value):
    """YAML values with line numbers → plain JSON-able values."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def write_snapshot(content: Path, version: str, data: dict) -> Path:
    """Store one edition's snapshot (sorted keys, one file per edition, reviewable in git)."""
    path = snapshot_path(content, version)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def version_key(version: str) -> tuple[int, ...]:
    """'1.10' → (1, 10): editions compare by their numbers, not as text."""
    if not re.fullmatch(r"\d+(\.\d+)*", version):
        raise ConfigError(f"edition version '{version}' is not a dotted number",
                          None, None, "write it as 1.1, 2.0, …")
    return tuple(int(part) for part in version.split("."))


def check_new_edition(editions, version: str, date: str) -> None:
    """Refuse a version that is not newer, or a date earlier than the last edition's."""
    last = editions[-1]
    if version_key(version) <= version_key(last.version):
        raise ConfigError(f"edition {version} is not newer than the last edition, {last.version}",
                          None, None, "give a higher version number")
    try:
        day = dt.date.fromisoformat(date)
    except ValueError as exc:
        raise ConfigError(f"edition date '{date}' is not a date", None, None,
                          "write it as YYYY-MM-DD") from exc
    if day < dt.date.fromisoformat(str(last.date)):
        raise ConfigError(f"edition date {date} is earlier than edition {last.version}'s ({last.date})",
                          None, None, "give today's date or a later one")


def append_edition(metadata: Path, version: str, date: str, summaries: dict[str, str]) -> None:
    """Add an edition at the end of the `editions:` list of report.yaml, keeping the rest as written."""
    lines = metadata.read_text(encoding="utf-8").split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"editions\s*:", line)), None)
    if start is None:
        raise ConfigError("no 'editions:' list", str(metadata), None, "add one with the first edition")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][:1] in (" ", "-", "#", "\t")):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    indent = re.match(r"\s*", next(l for l in lines[start + 1:end] if l.lstrip().startswith("-"))).group(0)
    entry = [f"{indent}- version: {json.dumps(version)}", f"{indent}  date: {date}", f"{indent}  summary:"]
    entry += [f"{indent}    {lang}: {json.dumps(text, ensure_ascii=False)}" for lang, text in summaries.items()]
    lines[end:end] = entry
    metadata.write_text("\n".join(lines), encoding="utf-8")


def snapshot_from_git(root: Path, content: Path, revision: str) -> dict:
    """The snapshot of the content as it was at a git revision (for an edition cut before snapshots)."""
    import subprocess
    import tarfile
    import tempfile

    from ..load.report import load_report

    relative = Path(content).resolve().relative_to(Path(root).resolve())
    archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", revision, str(relative)],
                             capture_output=True)
    if archive.returncode != 0:
        raise ConfigError(f"git cannot read '{revision}': {archive.stderr.decode().strip()}",
                          None, None, "give a commit or tag of this repository")
    with tempfile.TemporaryDirectory() as folder:
        import io

        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(folder)  # our own repository's files, from git
        return snapshot(load_report(Path(folder) / relative))


def previous_edition(report):
    """The report as the previous edition was cut: its sections, sources and data from its snapshot,
    and the edition history up to it; everything else (languages, figures, templates) as now."""
    import dataclasses

    from ..model import Reference, Section
    from ..text.yamlio import parse_yaml

    editions = report.config.editions[:-1]
    version = editions[-1].version
    recorded = report.snapshots[version]
    shown = str(snapshot_path(report.root, version))
    # Read back through the YAML loader (JSON is YAML): the later stages expect its line-aware mappings.
    parsed = parse_yaml(json.dumps({"references": list(recorded["references"].values()),
                                    "data": recorded.get("data", {})}, ensure_ascii=False), shown)
    sections = {lang: {sid: Section(id=sid, lang=lang, path=shown, title=s["title"], body=s["body"], body_line=1)
                       for sid, s in recorded["sections"].get(lang, {}).items()}
                for lang in report.config.languages}
    order = tuple(recorded.get("order") or report.config.sections)
    config = dataclasses.replace(report.config, sections=order, editions=editions)
    return dataclasses.replace(
        report, config=config, sections=sections,
        references=[Reference(id=str(entry.get("id", "")), data=entry, path=shown, line=entry.line)
                    for entry in parsed["references"]],
        data=dict(parsed["data"]), original=None, digests={},
        snapshots={e.version: report.snapshots[e.version] for e in editions[:-1]})


def edition_epoch(report) -> int:
    """The edition date as seconds since 1970 (UTC midnight)."""
    day = dt.date.fromisoformat(report.config.edition.date)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


def edition_timestamp(report) -> str:
    """When the outputs say they were made: the edition date, or SOURCE_DATE_EPOCH when set."""
    import os

    seconds = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = int(seconds) if seconds.isdigit() else edition_epoch(report)
    return dt.datetime.fromtimestamp(moment, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
