"""What changed between two editions' snapshots: sections added, removed, renamed; paragraphs paired and compared."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from .record import snapshot

_UNIT = re.compile(r"[A-Za-z0-9’'-]+|\S")


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


def edition_changes(report, lang: str) -> list[Changes | None]:
    """Per edition, what it changed against the one before (None for the first edition)."""
    versions = [e.version for e in report.config.editions]
    states = [report.snapshots[v] for v in versions[:-1]] + [snapshot(report)]
    return [None] + [compare(before, after, lang) for before, after in zip(states, states[1:])]
