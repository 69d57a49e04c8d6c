"""Stage 3: render one edition (a language) into pandoc Markdown through Jinja templates."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import figures, images
from .anchors import strip_anchors
from .citations import braced_page_locators
from .editions import edition_changes
from .sanitize import SLOT
from .localize import format_amount, format_iso_date, format_partial_date, load_translations
from .markdown import CROSSREF, heading_markdown, headings_without_html
from .model import Language, Report, Section
from .validate import Checked

PLACEMENT = re.compile(r"^:::\s*\{#(fig|tbl):([A-Za-z0-9_-]+)\}\s*\n:::\s*$", re.M)
FONT_STACKS = {"zh": "'Noto Sans CJK SC', 'Noto Sans', sans-serif",
               "default": "'Noto Sans', 'DejaVu Sans', sans-serif"}


@dataclass(frozen=True)
class Figure:
    """A figure of the edition: id, number, caption, SVG markup and alt text."""

    id: str
    number: int
    caption: str
    svg: str
    alt: str
    sources: tuple[str, ...]


def make_environment(template_dir: Path, catalog_dir: Path, locale: str,
                     autoescape: bool = False) -> jinja2.Environment:
    """A Jinja environment with the locale's catalog; StrictUndefined, so a missing variable fails."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(load_translations(str(catalog_dir), locale), newstyle=True)
    env.filters["cell"] = markdown_cell
    return env


def markdown_cell(text) -> str:
    """Text safe inside a pipe-table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def cite(source: str, page: str | None) -> str:
    """A pandoc citation for a data row."""
    if not page:
        return f"[@{source}]"
    prefix = "pp." if "–" in page or "-" in page else "p."
    return f"[@{source}, {prefix} {page}]"


class EditionRenderer:
    """Renders one language of the report; `target` is 'html' (HTML and PDF) or 'docx'."""

    def __init__(self, report: Report, checked: Checked, lang: str, target: str,
                 template_dir: Path, catalog_dir: Path, png_maker=None):
        self.report, self.checked, self.target = report, checked, target
        self.language: Language = report.config.languages[lang]
        self.env = make_environment(template_dir, catalog_dir, self.language.locale)
        self.strings = self.env.get_template("markdown/strings.j2").module
        self.png_maker = png_maker
        self.numbers = self._number_placements()
        self.amounts = {a.id: a for a in checked.amounts}
        self._figures: dict[str, Figure] = {}

    @property
    def lang(self) -> str:
        return self.language.code

    def _number_placements(self) -> dict[tuple[str, str], int]:
        numbers, counters = {}, {"fig": 0, "tbl": 0}
        for section_id in self.report.config.sections:
            body = self.report.sections[self.lang][section_id].body
            for kind, name in PLACEMENT.findall(body):
                if (kind, name) not in numbers:
                    counters[kind] += 1
                    numbers[(kind, name)] = counters[kind]
        return numbers

    def label(self, kind: str, name: str) -> str:
        number = self.numbers.get((kind, name), 0)
        macro = self.strings.figure_label if kind == "fig" else self.strings.table_label
        return str(macro(number))

    def render(self, section_ids=None, include_history: bool = True) -> str:
        """The edition (or the listed sections) as one pandoc Markdown document."""
        ids = section_ids or self.report.config.sections
        sections = [self._section(self.report.sections[self.lang][i]) for i in ids]
        return self.env.get_template("markdown/report.md.j2").render(
            sections=sections, editions=self._history(), include_history=include_history,
            key_facts="", whats_new=self._whats_new())

    def render_brief(self) -> str:
        """The brief: the brief's sections, with the summit's key facts after the first."""
        ids = self.report.config.brief_sections
        sections = [self._section(self.report.sections[self.lang][i]) for i in ids]
        return self.env.get_template("markdown/report.md.j2").render(
            sections=sections, editions=[], include_history=False, key_facts=self._key_facts(),
            whats_new="")   # the brief's cover names the edition; its pages stay for the findings

    def _history(self) -> list[dict]:
        """Every edition with its summary and, computed from the content, what it changed."""
        changes = self._changes()
        return [{"version": e.version, "date": format_iso_date(e.date, self.language.locale),
                 "summary": e.summary.get(self.lang, ""), "changes": self._describe(c)}
                for e, c in zip(self.report.config.editions, changes)]

    def _changes(self):
        if not hasattr(self, "_edition_changes"):
            self._edition_changes = edition_changes(self.report.original or self.report, self.lang)
        return self._edition_changes

    def _describe(self, changes) -> str:
        """'Sections changed: …; sources added: [@key]' in this edition's language."""
        if changes is None:
            return ""
        titles = self._section_titles()
        parts = []
        for kind in ("sections_added", "sections_changed", "sections_removed"):
            names = [titles.get(sid, sid) for sid in getattr(changes, kind)]
            if names:
                parts.append(str(self.strings.changed_sections(kind, names)))
        if changes.sources_added:
            parts.append(str(self.strings.sources_added(", ".join(f"@{k}" for k in changes.sources_added))))
        return str(self.strings.change_list(parts)) if parts else ""

    def _section_titles(self) -> dict[str, str]:
        report = self.report.original or self.report
        titles = {}
        for snapshot in report.snapshots.values():
            titles.update({sid: s["title"] for sid, s in snapshot["sections"].get(self.lang, {}).items()})
        titles.update({sid: s.title for sid, s in report.sections[self.lang].items()})
        return titles

    def _whats_new(self) -> str:
        """The box readers of a revised edition look for: this edition's summary and changes."""
        if len(self.report.config.editions) < 2:
            return ""
        edition = self._history()[-1]
        return self.env.get_template("markdown/whats-new.md.j2").render(
            version=edition["version"], date=edition["date"], summary=edition["summary"],
            changes=edition["changes"])

    def _key_facts(self) -> str:
        locale, facts = self.language.locale, []
        for event in self.checked.events:
            if event.stage == "summit":
                date = format_partial_date(event.date, locale)
                if event.end:
                    date = str(self.strings.date_range(date, format_partial_date(event.end, locale)))
                facts.append({"date": date,
                              "text": event.text.get(self.lang, ""), "cite": cite(event.source, event.page)})
        for amount in self.checked.amounts:
            if amount.date and amount.date.year >= 2025 and amount.involves("Japan"):
                value = format_amount(amount.amount, amount.currency, locale, amount.approx, amount.qualifier)
                facts.append({"date": value, "text": amount.purpose.get(self.lang, ""),
                              "cite": cite(amount.source, amount.page)})
        body = self.env.get_template("markdown/key-facts.md.j2").render(facts=facts)
        return braced_page_locators(body) if self.language.locale.split("_")[0] != "en" else body

    def _section(self, section: Section) -> dict:
        # Anchors are for the evidence check only: no output prints them.
        body = headings_without_html(strip_anchors(section.body))
        if self.target == "docx":
            # Before the figures go in: their own images are data: URIs already.
            body = images.embed_in_markdown(body, images.section_folder(self.report, self.lang),
                                            images.project_folder(self.report.root))
        body = PLACEMENT.sub(lambda m: self._block(m.group(1), m.group(2)), body)
        body = CROSSREF.sub(self._inline, body)
        if self.language.locale.split("_")[0] != "en":
            body = braced_page_locators(body)
        return {"title": heading_markdown(section.title), "anchor": f"sec-{section.id}",
                "body": body.strip()}

    def _inline(self, match: re.Match) -> str:
        kind, name = match.groups()
        if kind == "amt":
            a = self.amounts[name]
            return format_amount(a.amount, a.currency, self.language.locale, a.approx, a.qualifier)
        return f"[{self.label(kind, name)}](#{kind}:{name})"

    def _block(self, kind: str, name: str) -> str:
        if kind == "tbl":
            return self._table(name)
        return self._figure(self.figure(name))

    # Tables -------------------------------------------------------------

    def _table(self, name: str) -> str:
        rows = self._chronology_rows() if name == "chronology" else self._commitment_rows()
        title = self._title("tbl", name)
        caption = str(self.strings.caption(self.label("tbl", name), title))
        return self.env.get_template(f"markdown/table-{name}.md.j2").render(
            id=f"tbl:{name}", caption=f": {caption}", rows=rows)

    def _chronology_rows(self) -> list[dict]:
        locale = self.language.locale
        rows = []
        for e in self.checked.events:
            date = format_partial_date(e.date, locale)
            if e.end:
                date = str(self.strings.date_range(date, format_partial_date(e.end, locale)))
            text = CROSSREF.sub(self._inline, e.text.get(self.lang, ""))
            rows.append({"date": date, "text": text, "cite": cite(e.source, e.page)})
        return rows

    def _commitment_rows(self) -> list[dict]:
        locale = self.language.locale
        rows = []
        for a in figures.commitments(self.checked.amounts, until=9999, undated=True, shared=True):
            purpose, note = a.purpose.get(self.lang, ""), a.note.get(self.lang, "")
            rows.append({"date": format_partial_date(a.date, locale) if a.date else "—",
                         "recipient": a.recipient.get(self.lang, ""), "kind": str(self.strings.kind_name(a.kind)),
                         "amount": format_amount(a.amount, a.currency, locale, a.approx, a.qualifier),
                         "purpose": str(self.strings.with_note(purpose, note)) if note else purpose,
                         "cite": cite(a.source, a.page)})
        return rows

    def _title(self, kind: str, name: str) -> str:
        return str(self.strings.title(kind, name))

    # Figures ------------------------------------------------------------

    def figure(self, name: str) -> Figure:
        """Build one figure of this edition (once; later calls reuse it)."""
        if name not in self._figures:
            self._figures[name] = self._draw(name)
        return self._figures[name]

    def _draw(self, name: str) -> Figure:
        if name == "stages":
            geometry = figures.stages_geometry(self.checked.events)
            sources = {e.source for e in self.checked.events}
        else:
            geometry = figures.amounts_geometry(self.checked.amounts, self.lang, self.language.locale)
            sources = {a.source for a in figures.commitments(self.checked.amounts)}
        alt = str(self.strings.alt(name))
        font = FONT_STACKS.get(self.lang, FONT_STACKS["default"])
        svg = self.env.get_template(f"figures/{'stages' if name == 'stages' else 'amounts'}.svg.j2").render(
            g=geometry, id=f"fig-{name}", alt=alt, font=font)
        caption = str(self.strings.caption(self.label("fig", name), self._title("fig", name)))
        return Figure(f"fig:{name}", self.numbers.get(("fig", name), 0), caption,
                      svg.strip(), alt, tuple(sorted(sources)))

    def _figure(self, fig: Figure) -> str:
        keys = "; ".join(f"@{k}" for k in fig.sources)
        note = f"{self.strings.source_note()} [{keys}]"
        if self.target == "docx":
            png = self.png_maker(fig.svg) if self.png_maker else b""
            return self.env.get_template("markdown/figure-docx.md.j2").render(
                id=fig.id, caption=fig.caption, note=note,
                png_base64=base64.b64encode(png).decode("ascii"))
        return self.env.get_template("markdown/figure-html.md.j2").render(
            slot=SLOT.format(id=fig.id), note=note)

    def figure_markup(self) -> dict[str, str]:
        """The HTML of every placed figure, by id, to fill the slots after cleaning."""
        template = self.env.get_template("html/figure.html.j2")
        return {f"fig:{name}": template.render(id=f"fig:{name}", svg=fig.svg, caption=fig.caption)
                for (kind, name), _ in self.numbers.items() if kind == "fig"
                for fig in [self.figure(name)]}
