"""The kinds of section a report can list: how each is numbered and which template sets it.

A section entry in `sections:` of report.yaml is an id, or a mapping that may
name its kind: `{id: summary, kind: unnumbered}`. Adding a kind is its template
under templates/markdown/sections/ and one line in SECTION_KINDS.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_KIND = "chapter"


@dataclass(frozen=True)
class SectionKind:
    """A kind of section: whether it carries a chapter number, and its template (under templates/)."""

    name: str
    numbered: bool
    template: str
    description: str = ""


SECTION_KINDS: dict[str, SectionKind] = {k.name: k for k in (
    SectionKind("chapter", True, "markdown/sections/chapter.md.j2", "a chapter, numbered in order (the default)"),
    SectionKind("unnumbered", False, "markdown/sections/chapter.md.j2",
                "set as a chapter without a number: front matter such as a summary"),
)}
