"""Editions: snapshots of the content as each edition was cut, and what changed between them.

A snapshot is plain data (section titles and bodies per language, bibliography
entries, data files) stored as `content/editions/<version>.json` when the
edition is cut. Comparisons run on these and on the loaded content, never on
rendered outputs.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .anchors import strip_anchors
from .errors import ConfigError, ContentError
from .markdown import CROSSREF

SNAPSHOT_DIR = "editions"


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


def snapshot_path(content: Path, version: str) -> Path:
    """Where the snapshot of one edition is kept."""
    return Path(content) / SNAPSHOT_DIR / f"{version}.json"


def write_snapshot(content: Path, version: str, data: dict) -> Path:
    """Store one edition's snapshot (sorted keys, one file per edition, reviewable in git)."""
    path = snapshot_path(content, version)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


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


# --- What changed ----------------------------------------------------------------------

@dataclass
class Changes:
    """What one language's text and the bibliography changed between two snapshots."""

    sections_changed: list[str] = field(default_factory=list)
    sections_added: list[str] = field(default_factory=list)
    sections_removed: list[str] = field(default_factory=list)
    sections_renamed: list[tuple[str, str]] = field(default_factory=list)   # (old id, new id)
    former_titles: dict[str, str] = field(default_factory=dict)   # old id → its title, of a renamed section
    paragraphs_added: int = 0
    paragraphs_changed: int = 0
    paragraphs_removed: int = 0
    sources_added: list[str] = field(default_factory=list)
    sources_removed: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.sections_changed or self.sections_added or self.sections_removed
                    or self.sections_renamed or self.sources_added or self.sources_removed)


def compare(old: dict, new: dict, lang: str) -> Changes:
    """Sections, paragraphs and sources that differ between two snapshots, for one language.

    A renamed section is compared with its former text: it is listed as renamed, and as
    changed too when its text changed.
    """
    changes = Changes()
    old_sections, new_sections = old["sections"].get(lang, {}), new["sections"].get(lang, {})
    former = {after: before for before, after in renames(old, new).items()}
    for sid in new.get("order", new_sections):
        if sid not in new_sections:
            continue
        if former.get(sid) in old_sections:
            changes.sections_renamed.append((former[sid], sid))
            before, after = old_sections[former[sid]], new_sections[sid]
            changes.former_titles[former[sid]] = before["title"]
            if before["body"] == after["body"]:
                continue
        elif sid not in old_sections:
            changes.sections_added.append(sid)
            changes.paragraphs_added += len(paragraphs(new_sections[sid]["body"]))
            continue
        else:
            before, after = old_sections[sid], new_sections[sid]
            if before == after:
                continue
        changes.sections_changed.append(sid)
        for kind, _, _ in align(paragraphs(before["body"]), paragraphs(after["body"])):
            if kind != "same":
                setattr(changes, f"paragraphs_{kind}", getattr(changes, f"paragraphs_{kind}") + 1)
    renamed = set(former.values())
    for sid in old.get("order", old_sections):
        if sid in old_sections and sid not in new_sections and sid not in renamed:
            changes.sections_removed.append(sid)
            changes.paragraphs_removed += len(paragraphs(old_sections[sid]["body"]))
    changes.sources_added = [k for k in new["references"] if k not in old["references"]]
    changes.sources_removed = [k for k in old["references"] if k not in new["references"]]
    return changes


RENAMED = 0.6   # shared runs of three words (or characters) a section keeps to be taken for renamed


def renames(old: dict, new: dict) -> dict[str, str]:
    """Sections of `old` that `new` has under another id: old id → new id.

    A section declared `{id: <new>, was: <old>}` in report.yaml is renamed; one declared
    `was: []` is new. Otherwise a section gone and one added are taken for one renamed
    when their texts (title and body) keep at least RENAMED of their runs of three words,
    or Chinese characters, in every language: unrelated sections of one report share
    many words, and few such runs.
    """
    gone = [sid for sid in _ids(old) if sid not in _ids(new)]
    added = [sid for sid in _ids(new) if sid not in _ids(old)]
    found = {}
    for sid, was in new.get("former_ids", {}).items():
        former = next((name for name in was if name in gone), None)
        if sid in added and former is not None:
            found[former] = sid
    candidates = [(score, before, after) for before in gone if before not in found
                  for after in added if after not in new.get("former_ids", {})
                  for score in [_kept(old, new, before, after)] if score >= RENAMED]
    for _, before, after in sorted(candidates, reverse=True):
        if before not in found and after not in found.values():
            found[before] = after
    return found


def _ids(snapshot: dict) -> list[str]:
    return list(snapshot.get("order") or {sid: None for by_id in snapshot["sections"].values() for sid in by_id})


def _kept(old: dict, new: dict, before: str, after: str) -> float:
    """How much of a section's text another keeps: the lowest share over the languages both have."""
    scores = [overlap(f"{texts[before]['title']}\n{texts[before]['body']}",
                      f"{new['sections'][lang][after]['title']}\n{new['sections'][lang][after]['body']}")
              for lang, texts in old["sections"].items()
              if before in texts and after in new["sections"].get(lang, {})]
    return min(scores, default=0.0)


def overlap(a: str, b: str) -> float:
    """Runs of three words (or Han characters) two texts share, over all, as a multiset."""
    first, second = _runs(a), _runs(b)
    total = sum(first.values()) + sum(second.values())
    return 2 * sum((first & second).values()) / total if total else 1.0


def _runs(text: str) -> Counter:
    units = _UNIT.findall(text)
    return Counter(tuple(units[i:i + 3]) for i in range(max(len(units) - 2, 1)))


def paragraphs(body: str) -> list[str]:
    """A Markdown body's blocks, separated by blank lines."""
    return [block.strip("\n") for block in re.split(r"\n[ \t]*\n", body) if block.strip()]


def align(old: list[str], new: list[str]):
    """Pair old and new paragraphs: ('same'|'changed'|'added'|'removed', old, new) in new order."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            yield from (("same", old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2)))
            continue
        yield from _pair_blocks(old[i1:i2], new[j1:j2])


def _pair_blocks(old: list[str], new: list[str]):
    """Within a replaced run, a paragraph is 'changed' when it still resembles its counterpart."""
    pending = list(old)
    for paragraph in new:
        best = max(pending, key=lambda o: similarity(o, paragraph), default=None)
        if best is not None and similarity(best, paragraph) >= 0.4:
            index = pending.index(best)
            yield from (("removed", o, None) for o in pending[:index])
            pending = pending[index + 1:]
            yield ("changed", best, paragraph)
        else:
            yield ("added", None, paragraph)
    yield from (("removed", o, None) for o in pending)


def similarity(a: str, b: str) -> float:
    """Shared words (or Han characters) over all, as a multiset: linear, for pairing paragraphs."""
    first, second = Counter(_UNIT.findall(a)), Counter(_UNIT.findall(b))
    total = sum(first.values()) + sum(second.values())
    return 2 * sum((first & second).values()) / total if total else 1.0


_UNIT = re.compile(r"[A-Za-z0-9’'-]+|\S")


# --- Redline Markdown --------------------------------------------------------------------

# Pieces a diff never cuts: citations, links and images, cross-references and
# amounts, emphasis markers, block markers at a line start, and line breaks.
_ATOM = re.compile(
    r"!?\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\](?:\([^)]*\)|\{[^}]*\})?"   # [@cite], [text](url), ![img](p)
    r"|" + CROSSREF.pattern +
    r"|\*\*|\*|__"
    r"|(?m:^[ \t]*(?:#{1,6}[ \t]|[-+*][ \t]|\d+[.)][ \t]|>[ \t]?|:::[^\n]*))"
    r"|\n")
_MARKUP = re.compile(r"\*\*|\*|__|\n|[ \t]*(?:#{1,6}[ \t]|[-+*][ \t]|\d+[.)][ \t]|>[ \t]?|:::.*)$")
_WORD = re.compile(r"[A-Za-z0-9’'_-]+|\s+|.", re.S)


def tokens(text: str, by_words: bool) -> list[str]:
    """Split a paragraph into diff units: atoms whole; words (by_words) or characters between."""
    out, position = [], 0
    for match in _ATOM.finditer(text):
        out += _plain_units(text[position:match.start()], by_words)
        out.append(match.group(0))
        position = match.end()
    return out + _plain_units(text[position:], by_words)


def _plain_units(text: str, by_words: bool) -> list[str]:
    return _WORD.findall(text) if by_words else list(text)


@dataclass(frozen=True)
class Mark:
    """Who and when, for every tracked change."""

    author: str
    date: str   # ISO date of the edition
    # How the previous edition printed each amount (`@amt:<id>`), for deleted text:
    # an amount may be gone from the data since.
    previous_amounts: dict = field(default_factory=dict, compare=False, hash=False)

    def attributes(self) -> str:
        return f'author="{_attribute(self.author)}" date="{self.date}T00:00:00Z"'


def _attribute(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def redline(old: str, new: str, by_words: bool, mark: Mark) -> str:
    """One Markdown body showing `new` with deletions and insertions against `old` as spans."""
    blocks = []
    for kind, before, after in align(paragraphs(old), paragraphs(new)):
        if kind == "same":
            blocks.append(after)
        elif kind == "added":
            blocks.append(_marked(tokens(after, by_words), "insertion", mark))
        elif kind == "removed":
            # A deleted citation becomes plain text, which the render stage no longer reads as
            # a citation: its anchor goes first, or the tracked changes would print it.
            removed = _marked(tokens(strip_anchors(before), by_words), "deletion", mark)
            if removed.strip():
                blocks.append(removed)
        else:
            blocks.append(redline_paragraph(before, after, by_words, mark))
    return "\n\n".join(blocks) + "\n"


def redline_paragraph(old: str, new: str, by_words: bool, mark: Mark) -> str:
    """One changed paragraph: unchanged units as they are, the rest in deletion/insertion spans."""
    a, b = tokens(strip_anchors(old), by_words), tokens(strip_anchors(new), by_words)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append("".join(b[j1:j2]))
            continue
        if i2 > i1:
            out.append(_marked(a[i1:i2], "deletion", mark))
        if j2 > j1:
            out.append(_marked(b[j1:j2], "insertion", mark))
    return "".join(out)


def _marked(units: list[str], kind: str, mark: Mark) -> str:
    """Wrap runs of text in a span; markup stays outside (deleted markup is dropped)."""
    out, run = [], []

    def flush():
        text = "".join(run)
        if text.strip():
            # Pandoc trims spaces at a span's edges; an entity keeps an inserted or deleted space.
            lead = "&#32;" if text[0].isspace() else ""
            trail = "&#32;" if text[-1].isspace() else ""
            out.append(f"[{lead}{_span_text(text.strip(), kind, mark)}{trail}]{{.{kind} {mark.attributes()}}}")
        elif kind == "insertion":
            out.append(text)
        run.clear()

    for unit in units:
        if _MARKUP.fullmatch(unit):
            flush()
            if kind == "insertion":
                out.append(unit)
        else:
            run.append(unit)
    flush()
    return "".join(out)


def _span_text(text: str, kind: str, mark: Mark) -> str:
    """Deleted citations and amounts become plain text, as the previous edition printed them.

    A deleted source must not enter the reference list, and a deleted amount may
    no longer be in the data.
    """
    if kind != "deletion":
        return text
    text = CROSSREF.sub(lambda m: mark.previous_amounts.get(m.group(2), m.group(2)) if m.group(1) == "amt"
                        else m.group(0), text)
    return re.sub(r"\[([^\[\]]*@[^\[\]]*)\]", lambda m: "\\[" + m.group(1).replace("@", "") + "\\]", text)


# --- Cutting an edition ------------------------------------------------------------------

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

    from .load import load_report

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


# --- What readers and editors are shown -------------------------------------------------------

def edition_changes(report, lang: str) -> list[Changes | None]:
    """Per edition, what it changed against the one before (None for the first edition)."""
    versions = [e.version for e in report.config.editions]
    states = [report.snapshots[v] for v in versions[:-1]] + [snapshot(report)]
    return [None] + [compare(before, after, lang) for before, after in zip(states, states[1:])]


def previous_edition(report):
    """The report as the previous edition was cut: its sections, sources and data from its snapshot,
    and the edition history up to it; everything else (languages, figures, templates) as now."""
    import dataclasses

    from .model import Reference, Section
    from .yamlio import parse_yaml

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


def redline_sections(report, lang: str, mark: Mark, by_words: bool) -> tuple[list[str], dict]:
    """Section order and sections of `lang` showing the current text against the previous edition's.

    Sections added since are inserted whole; removed ones are kept where they stood, deleted whole;
    a renamed one is compared with its former text. `by_words`: changes are marked by word (Latin
    scripts), else by character.
    """
    from dataclasses import replace

    recorded = report.snapshots[report.config.editions[-2].version]
    renamed = renames(recorded, snapshot(report.original or report))
    previous = {renamed.get(sid, sid): s for sid, s in recorded["sections"].get(lang, {}).items()}
    old_order = [renamed.get(sid, sid) for sid in recorded.get("order", previous)]
    current = report.sections[lang]
    order = _merged_order(old_order, list(report.config.sections))
    sections = {}
    for sid in order:
        before = previous.get(sid)
        if sid in current:
            section = current[sid]
            old_title, old_body = (before["title"], before["body"]) if before else ("", "")
            title = section.title if old_title == section.title else \
                redline_paragraph(old_title, section.title, by_words, mark)
            sections[sid] = replace(section, title=title, body=redline(old_body, section.body, by_words, mark))
        else:
            template = next(iter(current.values()))
            sections[sid] = replace(template, id=sid, title=_marked(tokens(before["title"], by_words),
                                                                    "deletion", mark),
                                    body=redline(before["body"], "", by_words, mark))
    return order, sections


def _merged_order(old: list[str], new: list[str]) -> list[str]:
    """The new order, with sections only the old one had placed after their old predecessor."""
    order = list(new)
    for index, sid in enumerate(old):
        if sid not in order:
            before = next((old[j] for j in range(index - 1, -1, -1) if old[j] in order), None)
            order.insert(order.index(before) + 1 if before else 0, sid)
    return order


def tracked_spans_to_html(body: str) -> str:
    """Pandoc's insertion and deletion spans as <ins> and <del>, dated and attributed."""
    from lxml import html

    fragments = html.fragments_fromstring(body)
    out = []
    for fragment in fragments:
        if isinstance(fragment, str):
            out.append(fragment)
            continue
        for span in fragment.xpath("descendant-or-self::span[@class='insertion' or @class='deletion']"):
            span.tag = "ins" if span.get("class") == "insertion" else "del"
            stamp = span.attrib.pop("data-date", "")
            author = span.attrib.pop("data-author", "")
            del span.attrib["class"]
            if stamp:
                span.set("datetime", stamp)
            if author:
                span.set("title", author)
        out.append(html.tostring(fragment, encoding="unicode"))
    return "".join(out)


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
