"""Plain data passed between the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Language:
    """One edition's language: its locale, citation style and cover text."""

    code: str
    locale: str
    csl: str
    title: str
    subtitle: str
    short_title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    line: int = 0
    series: str = ""          # the series the report belongs to (cover masthead, citation)
    publisher: str = ""       # who issues the report; the author when not given
    rights: str = ""          # copyright or licence line of the colophon
    disclaimer: str = ""      # the colophon's disclaimer
    contact: str = ""         # how readers reach the publisher (the brief's back page)

    @property
    def html_lang(self) -> str:
        """BCP 47 tag for `<html lang>`: zh_Hans_CN → zh-Hans, en → en."""
        parts = self.locale.split("_")
        return "-".join(parts[:2]) if len(parts) > 2 else "-".join(parts)

    @property
    def bcp47(self) -> str:
        """Language-region tag for pandoc, CSL and DOCX: zh_Hans_CN → zh-CN, en → en-US."""
        parts = self.locale.split("_")
        region = next((p for p in parts[1:] if p.isupper() and len(p) == 2), None)
        if region is None:
            region = {"en": "US", "zh": "CN", "ja": "JP"}.get(parts[0])
        return f"{parts[0]}-{region}" if region else parts[0]


@dataclass(frozen=True)
class Edition:
    """One entry of the revision history."""

    version: str
    date: str
    summary: dict[str, str]
    line: int = 0


@dataclass(frozen=True)
class Exhibit:
    """A figure or table report.yaml declares: its name, its kind and the declaration as written."""

    placement: str     # "fig" (a figure) or "tbl" (a table), as in `{#fig:<name>}`
    name: str
    kind: str
    spec: dict         # the declaration (a LineDict: each key knows its line)
    line: int = 0


@dataclass(frozen=True)
class Stage:
    """One stage of the report's periodisation, as the timeline's events name it: its label and colours."""

    id: str
    label: dict[str, str]                 # language code → the stage's name
    colour: str                           # the timeline figure's bar of the stage and its events' dots
    text_colour: str = "#ffffff"          # the bar's label, drawn on `colour`
    line: int = 0


@dataclass(frozen=True)
class KeyNumber:
    """One figure of the brief's box: an amount (by id) or a timeline event (by date), and its label."""

    label: dict[str, str]                 # language code → what the number is
    amount: str = ""                      # an amount's id in the amounts file…
    event: str = ""                       # …or the date of a timeline event, as the timeline writes it
    line: int = 0


@dataclass(frozen=True)
class KeyFacts:
    """The brief's box of key facts: which timeline events and amounts it lists, and its title."""

    title: dict[str, str]                 # language code → the box's title
    stages: tuple[str, ...] = ()          # timeline events of these stages
    amounts_from: int | None = None       # amounts dated in or after this year…
    amounts_party: str = ""               # …whose funder names this party (English name)
    numbers: tuple[KeyNumber, ...] = ()   # or: chosen figures, each with its label


@dataclass(frozen=True)
class ReleaseSettings:
    """`publish:` in report.yaml: how a release names its files, where its key findings are, its address."""

    names: str = "{slug}{product}-{version}-{lang}.{ext}"   # {product}: "" (report), "-brief", "-changes"
    findings_section: str = ""     # the section holding the key findings (default: the first section)
    findings_heading: int = 1      # …under its n-th "##" heading
    url: str = ""                  # where releases are put online: link previews need absolute addresses


@dataclass(frozen=True)
class Config:
    """The report metadata file, typed."""

    path: str
    slug: str
    source_language: str
    languages: dict[str, Language]
    sections: tuple[str, ...]
    section_lines: dict[str, int]
    brief_sections: tuple[str, ...]
    bibliography: str
    data_files: dict[str, str]
    editions: tuple[Edition, ...]
    archive: str = ""               # the source archive folder, relative to the folder holding content/
    archive_line: int | None = None
    series_number: str = ""
    unnumbered: tuple[str, ...] = ()          # sections set without a chapter number
    panels: dict[str, tuple[int, ...]] = field(default_factory=dict)   # section → its boxed subsections
    figures: dict[str, Exhibit] = field(default_factory=dict)   # name → the figure declared
    tables: dict[str, Exhibit] = field(default_factory=dict)    # name → the table declared
    key_facts: KeyFacts | None = None                           # the brief's box, when it has one
    former_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)  # section → ids it had before
    release: ReleaseSettings = field(default_factory=ReleaseSettings)   # `invoke publish`
    names: tuple[str, ...] = ()   # people's names romanized as names (`高市 早苗`: family, then given)
    brief_csl: dict[str, str] = field(default_factory=dict)     # language → the brief's note style
    brief_csl_line: int | None = None
    stages: dict[str, Stage] = field(default_factory=dict)     # id → the stage the timeline's events name

    @property
    def locales(self) -> list[str]:
        """The Babel locale of every language, in the order of the metadata."""
        return [language.locale for language in self.languages.values()]

    @property
    def edition(self) -> Edition:
        """The current (last) edition."""
        return self.editions[-1]

    @property
    def brief_only(self) -> tuple[str, ...]:
        """The sections only the brief prints (its own bottom line, its short recommendations)."""
        return tuple(s for s in self.brief_sections if s not in self.sections)

    @property
    def all_sections(self) -> tuple[str, ...]:
        """Every section file a language has: the report's, then those only the brief prints."""
        return self.sections + self.brief_only


# The front-matter fields a section file may hold; any other is reported.
SECTION_FIELDS = ("title", "source_fingerprint")


@dataclass(frozen=True)
class Section:
    """One section in one language: front matter and Markdown body."""

    id: str
    lang: str
    path: str
    title: str
    body: str
    body_line: int
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Reference:
    """One bibliography entry as written (CSL fields plus per-language forms)."""

    id: str
    data: dict
    path: str
    line: int


@dataclass
class Report:
    """Everything loaded from content/, before any check."""

    root: Path
    config: Config
    sections: dict[str, dict[str, Section]]      # lang → id → section
    references: list[Reference]
    data: dict[str, object]                      # name → parsed YAML
    data_paths: dict[str, str]
    config_tree: object = None                   # report.yaml as parsed YAML
    extra_files: list[str] = field(default_factory=list)
    snapshots: dict[str, dict] = field(default_factory=dict)   # edition version → content then
    original: "Report | None" = None   # for text marked with tracked changes: the unmarked report
    digests: dict[str, str] = field(default_factory=dict)  # file → sha256 of the bytes loaded
