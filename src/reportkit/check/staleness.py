"""Stale translations: each translated section records a fingerprint of its source section."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..text.anchors import strip_anchors
from ..errors import ContentError, Problem
from ..load.report import front_matter_lines, read_text
from ..model import Report, Section

FIELD = "source_fingerprint"


def fingerprint(section: Section) -> str:
    """A short hash of a section's title and text, blind to trailing spaces, blank lines and
    anchors (never printed: a changed anchor leaves the text the translation translates)."""
    lines = [line.rstrip() for line in strip_anchors(section.body).strip().split("\n")]
    text = section.title.strip() + "\n" + "\n".join(lines)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stale_translations(report: Report) -> list[Problem]:
    """Warnings for translations whose source section changed after they were made."""
    source = report.config.source_language
    problems = []
    for lang, sections in report.sections.items():
        if lang == source:
            continue
        for section_id, section in sections.items():
            original = report.sections[source].get(section_id)
            if original is None:
                continue
            recorded = section.meta.get(FIELD)
            line = section.meta.line_of(FIELD) if hasattr(section.meta, "line_of") else 1
            hint = f"bring it up to date, then run 'invoke translated --section {section_id} --lang {lang}'"
            if not recorded:
                problems.append(Problem(section.path, 1, f"no '{FIELD}': cannot tell whether the "
                                        f"translation of {original.path} is current", hint, "warning"))
            elif str(recorded) != fingerprint(original):
                problems.append(Problem(section.path, line, f"stale translation: {original.path} "
                                        "changed after this was translated", hint, "warning"))
    return problems


def mark_translated(report: Report, section_id: str, lang: str) -> Path:
    """Record the current source fingerprint in a translation's front matter."""
    source = report.config.source_language
    try:
        original = report.sections[source][section_id]
        section = report.sections[lang][section_id]
    except KeyError:
        raise ContentError(f"no section '{section_id}' in '{lang}' and '{source}'",
                           report.config.path, None, "check the section id and language") from None
    path = Path(section.path)
    head, body = front_matter_lines(read_text(path, section.path), section.path)
    value = f"{FIELD}: {fingerprint(original)}"
    # One line of the front matter changes; its other lines and comments stay as written.
    head = [value if line.startswith(f"{FIELD}:") else line for line in head]
    if value not in head:
        head.append(value)
    path.write_text("\n".join(["---", *head, "---", *body]), encoding="utf-8")
    return path
