"""Stage 3: render one edition (a language) into pandoc Markdown through Jinja templates."""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass

from markupsafe import Markup

from ..load import exhibits, images
from ..load.sections import DEFAULT_KIND, SECTION_KINDS, SectionKind
from ..render import figures
from ..text.anchors import without_anchors
from ..text.citations import braced_page_locators, edition_items, locators_after_citations, prints_locator
from ..text.cites import Cite, read_cites, written_cite
from ..editions.diff import edition_changes
from .sanitize import SLOT
from ..text.facts import report_facts
from ..text.structure import box_subsections, captioned_tables, numbered_title, replace_captioned_tables
from .language import EditionContext
from .look import CLASSES
from ..text.localize import format_amount, format_event_date, format_iso_date
from ..text.languages import is_cjk_text
from ..text.markdown import CROSSREF, heading_markdown, headings_without_html, markdown_cell
from ..model import Language, Report, Section
from ..check.validate import Checked, event_key


@dataclass(frozen=True)
class Figure:
    """A figure of the edition: id, number, caption, SVG markup and alt text."""

    id: str
    number: int
    caption: str
    svg: str
    alt: str
    sources: tuple[str, ...]


def section_anchor(section_id: str) -> str:
    """The id of a section's heading: what the contents and cross-references link to."""
    return f"sec-{section_id}"


# Where a name may break over lines: at a space, after a dash, before an opening parenthesis.
_NAME_BREAKS = re.compile(r"(?<=\s)|(?<=[–—-])(?=\S)|(?=[(（])")
# Where a date in CJK may break: after its year and the year's character (年).
_DATE_BREAKS = re.compile(r"(?<=^\d{4}\D)")


def unbroken_name(name: str) -> str:
    """A name as a table cell's Markdown that breaks over lines only where its own words do.

    Chinese breaks between any two characters, so a name in a narrow column
    would split inside (吉尔吉斯 / 斯坦): each run of it between the name's own
    breaks is kept whole. Latin words break only at their spaces already.
    """
    return _unbroken_runs(name, _NAME_BREAKS)


def unbroken_date(date: str) -> str:
    """A date as a table cell's Markdown, narrow: in CJK it may break after its year, never inside
    a part (the year, then the month and day); in Latin script at its spaces, as words do."""
    return _unbroken_runs(date, _DATE_BREAKS)


def _unbroken_runs(text: str, breaks: re.Pattern) -> str:
    pieces = []
    for run in (run for run in breaks.split(text) if run):
        kept = is_cjk_text(run)
        # Between two unbreakable spans no break is found: a zero-width space gives one.
        if kept and pieces and pieces[-1][1] and not pieces[-1][0].endswith(" "):
            pieces.append(("\u200b", False))
        pieces.append((_nobreak(markdown_cell(run)) if kept else markdown_cell(run), bool(kept)))
    return "".join(text for text, _ in pieces)


def _nobreak(markdown: str) -> str:
    escaped = markdown.replace("[", "\\[").replace("]", "\\]")
    return f"[{escaped}]{{.{CLASSES.nobreak}}}" if escaped else ""


def _page_suffix(page: str | None) -> str:
    """What follows the key in a data row's citation: its page, labelled (", p. 5")."""
    if not page:
        return ""
    prefix = "pp." if "–" in page or "-" in page else "p."
    return f", {prefix} {page}"


class EditionRenderer:
    """Renders one language of the report; `target` is 'html' (HTML and PDF) or 'docx'."""

    def __init__(self, report: Report, checked: Checked, edition: EditionContext, target: str,
                 png_maker=None):
        self.report, self.checked, self.target = report, checked, target
        self.edition = edition
        self.language: Language = edition.language
        self.csl = self.language.csl     # the style the citations are set in (the brief has its own)
        self.env = edition.env
        self.strings = edition.strings
        self.png_maker = png_maker
        self.numbers = self._number_placements()
        numbered = [s for s in report.config.sections if self._kind(s).numbered]
        self.chapters = {section_id: n for n, section_id in enumerate(numbered, 1)}
        self.amounts = {a.id: a for a in checked.amounts}
        self.exhibits = {(placement, name): exhibits.read(exhibit, report.config)[0]
                         for placement in ("fig", "tbl")
                         for name, exhibit in exhibits.declared(report, placement).items()}
        self._figures: dict[str, Figure] = {}
        self.uncited: set[str] = set()   # keys named outside citations, listed in the references all the same

    @property
    def lang(self) -> str:
        return self.language.code

    def _number_placements(self) -> dict[tuple[str, str], int]:
        """Figures and tables numbered in the order the text places them: the declared ones
        and the pipe tables a section writes with a caption."""
        numbers, counters = {}, {"fig": 0, "tbl": 0}
        for section_id in self.report.config.sections:
            body = self.report.sections[self.lang][section_id].body
            placed = [(m.start(), m.group(1), m.group(2)) for m in exhibits.PLACEMENT.finditer(body)]
            line_starts = [0] + [i + 1 for i, char in enumerate(body) if char == "\n"]
            placed += [(line_starts[table.start], "tbl", _written_table(section_id, number))
                       for number, table in enumerate(captioned_tables(body), 1)]
            for _, kind, name in sorted(placed):
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
        sections = self._sections([self.report.sections[self.lang][i] for i in ids])
        return self.env.get_template("markdown/report.md.j2").render(
            sections=sections, editions=self._history(), include_history=include_history,
            key_facts="", whats_new=self._whats_new())

    def render_brief(self) -> str:
        """The brief: its first section (the bottom line) and the box of key figures across the page,
        the other sections after them; citations as endnotes when `brief.csl` names a note style."""
        self.csl = self.report.config.brief_csl.get(self.lang, self.language.csl)
        ids = self.report.config.brief_sections
        sections = self._sections([self.report.sections[self.lang][i] for i in ids], numbered=False)
        return self.env.get_template("markdown/brief.md.j2").render(
            sections=sections, key_facts=self._key_facts(), notes=self.csl != self.language.csl)

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
        for kind in ("sections_added", "sections_renamed", "sections_changed", "sections_removed"):
            names = self._renamed(changes, titles) if kind == "sections_renamed" else \
                [titles.get(sid, sid) for sid in getattr(changes, kind)]
            if names:
                parts.append(str(self.strings.changed_sections(kind, names)))
        if changes.sources_added:
            parts.append(str(self.strings.sources_added(self._source_words(changes.sources_added))))
        return str(self.strings.change_list(parts)) if parts else ""

    def _renamed(self, changes, titles: dict[str, str]) -> list[str]:
        """'Old title → New title' for each renamed section whose title changed: readers see no ids."""
        pairs = [(changes.former_titles[old], titles.get(new, new)) for old, new in changes.sections_renamed]
        return [str(self.strings.renamed_section(before, after)) for before, after in pairs if before != after]

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
            version=edition["version"], date=edition["date"], summary=edition["summary"])

    def _key_facts(self) -> str:
        """The brief's box of key facts, as `brief.key_facts` in report.yaml chooses them."""
        chosen = self.report.config.key_facts
        if chosen is None:
            return ""
        if chosen.numbers:
            return self._key_numbers(chosen)
        locale, facts = self.language.locale, []
        for event in self.checked.events:
            if event.stage in chosen.stages:
                date = format_event_date(event.date, event.end, locale)
                facts.append({"date": date,
                              "text": self._cited(self._data_text(event.text), self._cite(event.source, event.page))})
        for amount in self.checked.amounts if chosen.amounts_from is not None else ():
            if amount.date and amount.date.year >= chosen.amounts_from and amount.involves(chosen.amounts_party):
                value = format_amount(amount.amount, amount.currency, locale, self.strings, amount.approx,
                                      amount.qualifier)
                facts.append({"date": value, "text": self._cited(self._data_text(amount.purpose),
                                                                 self._cite(amount.source, amount.page))})
        return self.env.get_template("markdown/key-facts.md.j2").render(
            title=self._data_text(chosen.title), facts=facts)

    def _key_numbers(self, chosen) -> str:
        """The box of chosen figures: each number formatted from the data, its label, its source."""
        locale, numbers = self.language.locale, []
        events = {event_key(e.date): e for e in self.checked.events}
        for number in chosen.numbers:
            if number.amount:
                a = self.amounts[number.amount]
                value = format_amount(a.amount, a.currency, locale, self.strings, a.approx, a.qualifier)
                source, page = a.source, a.page
            else:
                e = events[number.event]
                value, source, page = format_event_date(e.date, e.end, locale), e.source, e.page
            label = CROSSREF.sub(self._inline, self._data_text(number.label))
            # A figure may wrap before its number, never between the number and its unit.
            value = re.sub(r"(\d) (?=\S+$)", "\\1\u00a0", value)
            numbers.append({"value": value, "text": self._cited(label, self._cite(source, page))})
        return self.env.get_template("markdown/key-numbers.md.j2").render(
            title=self._data_text(chosen.title), numbers=numbers)

    def _cited(self, text: str, citation: str) -> str:
        """A sentence with its citation before the closing full stop, as the text cites.

        English author-date citations take a space before them ("islands (Berg
        2016)."); Chinese superscript numbers follow the last character (……航道[2]。).
        """
        stripped = text.rstrip()
        stop = stripped[-1] if stripped and stripped[-1] in ".。" else ""
        body = stripped[:-1] if stop else stripped
        space = " " if self.edition.english else ""
        return f"{body}{space}{citation}{stop}"

    def _kind(self, section_id: str) -> SectionKind:
        return SECTION_KINDS[self.report.config.section_kinds.get(section_id, DEFAULT_KIND)]

    def _sections(self, sections: list[Section], numbered: bool = True) -> list[dict]:
        """Each section's heading and body, set from the citations of the text as written."""
        return [self._section(section, cites, numbered) for section, cites in zip(sections, self._cites(sections))]

    def _cites(self, sections: list[Section]) -> list[tuple[Cite, ...]]:
        """The citations of each section's text, when its anchors or the edition's style need them:
        the checks read the same texts, so pandoc is not run again for them."""
        if prints_locator(self.csl) and self.edition.english and not any("<<" in s.body for s in sections):
            return [()] * len(sections)
        return read_cites([s.body for s in sections])

    def _section(self, section: Section, cites: tuple[Cite, ...], numbered: bool) -> dict:
        """A section's heading and body; in the report, chapters carry their number."""
        # Anchors are for the evidence check only: no output prints them.
        body, cites = without_anchors(section.body, cites)
        # Before the tables and figures go in: they set their own citations' locators (`_cite`).
        body = headings_without_html(self._locators(body, cites))
        body = box_subsections(body, self.report.config.panels.get(section.id, ()))
        if self.target == "docx":
            # Before the figures go in: their own images are data: URIs already.
            body = images.embed_in_markdown(body, images.section_folder(self.report, self.lang),
                                            images.project_folder(self.report.root))
        # Before the declared tables go in: they are captioned pipe tables too.
        body = replace_captioned_tables(body, lambda number, table: self._written_table(section.id, number, table))
        body = exhibits.PLACEMENT.sub(lambda m: self._block(m.group(1), m.group(2)), body)
        body = CROSSREF.sub(self._inline, body)
        title = heading_markdown(section.title)
        body, title = self.edition.quoted(body), self.edition.quoted(title)
        numbered = numbered and section.id in self.chapters
        if numbered:
            title = numbered_title(str(self.strings.chapter_label(self.chapters[section.id])), title)
        return {"title": title, "anchor": section_anchor(section.id), "body": body.strip(), "numbered": numbered,
                "template": self._kind(section.id).template}

    def _cite(self, source: str, page: str | None) -> str:
        """A data row's citation, its locator as the edition's style needs it."""
        return self._locators(*written_cite(source, _page_suffix(page)))

    def _table_cite(self, source: str, page: str | None) -> str:
        """A table row's source, set on the row's own line in the table's type.

        Where the style prints no locator (GB/T 7714), the page follows the bracket
        in words ("[1], p. 69"), not as a superscript; the citation keeps the page
        as its locator for the HTML popovers. A citation by number or by its
        author's name is short, and kept on one line; one by a title may wrap.
        """
        if not page or prints_locator(self.csl):
            cited = self._cite(source, page)
        else:
            pages = page.replace("–", "-")
            cited = str(self.strings.cited_page(braced_page_locators(*written_cite(source, _page_suffix(pages))),
                                                self.strings.page_locator(pages, "-" in pages)))
        named = not prints_locator(self.csl) or self._has_author(source)
        return f"[{cited}]{{.{CLASSES.nobreak}}}" if named else cited

    def _has_author(self, key: str) -> bool:
        entry = next((ref.data for ref in self.report.references if ref.id == key), {})
        return bool(entry.get("author") or entry.get("editor"))

    def _locators(self, markdown: str, cites: tuple[Cite, ...]) -> str:
        """Page locators as the edition's style needs them: after the bracket (GB/T), or labelled.
        `cites` are the text's citations (`cites.read_cites`)."""
        if not prints_locator(self.csl):
            return locators_after_citations(
                markdown, lambda kind, value: str(self.strings.named_locator(kind, value)), cites)
        return markdown if self.edition.english else braced_page_locators(markdown, cites)

    def _facts(self) -> dict[str, str]:
        if not hasattr(self, "_report_facts"):
            self._report_facts = report_facts(self.report.original or self.report, self.language.locale,
                                              self.strings, self.checked.verified_share)
        return self._report_facts

    def _data_text(self, texts: dict[str, str]) -> str:
        """A data file's text in this edition's language, with the edition's quotation rule."""
        return self.edition.quoted(texts.get(self.lang, ""))

    def _inline(self, match: re.Match) -> str:
        kind, name = match.groups()
        if kind == "amt":
            a = self.amounts[name]
            return format_amount(a.amount, a.currency, self.language.locale, self.strings, a.approx, a.qualifier)
        if kind == "report":
            return self._facts()[name]
        return f"[{self.label(kind, name)}](#{kind}:{name})"

    def _block(self, kind: str, name: str) -> str:
        if kind == "tbl":
            return self._table(name)
        return self._figure(self.figure(name))

    # Tables -------------------------------------------------------------

    def _table(self, name: str) -> str:
        """A table declared in report.yaml: its kind gives the rows and the template."""
        kind = exhibits.kind_of(self.report.config.tables[name])
        rows = _drawer(kind, self)(self.exhibits[("tbl", name)])
        caption = self._caption_markdown("tbl", name)
        continued = str(self.strings.continued(self.label("tbl", name)))
        return self.env.get_template(kind.template).render(
            id=f"tbl:{name}", caption=f": {caption}", rows=rows, continued=continued)

    def _written_table(self, section_id: str, number: int, table) -> str:
        """A pipe table the section writes with a caption, numbered and set as the declared ones are."""
        name = _written_table(section_id, number)
        label = self.label("tbl", name)
        caption = str(self.strings.caption(f"**{label}**", table.caption))
        continued = str(self.strings.continued(label))
        return (f'::: {{#tbl:{name} .{CLASSES.table} continued="{continued}"}}\n: {caption}\n\n'
                f"{table.table}\n\n:::")

    def event_rows(self, params: dict) -> list[dict]:
        locale = self.language.locale
        rows = []
        for e in self.checked.events:
            date = format_event_date(e.date, e.end, locale)
            text = CROSSREF.sub(self._inline, self._data_text(e.text))
            rows.append({"date": unbroken_date(date), "text": text, "cite": self._table_cite(e.source, e.page)})
        return rows

    def amount_rows(self, params: dict) -> list[dict]:
        locale = self.language.locale
        rows = []
        for a in exhibits.amounts_for(params, self.checked.amounts):
            purpose, note = self._data_text(a.purpose), self._data_text(a.note)
            rows.append({"date": unbroken_date(format_event_date(a.date, None, locale) if a.date else "—"),
                         "recipient": unbroken_name(a.recipient.get(self.lang, "")),
                         "kind": str(self.strings.kind_name(a.kind)),
                         "amount": format_amount(a.amount, a.currency, locale, self.strings, a.approx, a.qualifier),
                         "purpose": str(self.strings.with_note(purpose, note)) if note else purpose,
                         "cite": self._table_cite(a.source, a.page)})
        return rows

    def _title(self, kind: str, name: str) -> str:
        return self._data_text(self.exhibits[(kind, name)]["title"])

    # Figures ------------------------------------------------------------

    def figure(self, name: str) -> Figure:
        """Build one figure of this edition (once; later calls reuse it)."""
        if name not in self._figures:
            self._figures[name] = self._draw(name)
        return self._figures[name]

    def _draw(self, name: str) -> Figure:
        """A figure declared in report.yaml: its kind gives the geometry and the template."""
        kind, params = exhibits.kind_of(self.report.config.figures[name]), self.exhibits[("fig", name)]
        drawing = figures.Drawing(self.checked, params, self.report.config, self.lang, self.language.locale, self.strings)
        geometry, sources = _drawer(kind, figures)(drawing)
        alt = self._data_text(params["alt"])
        font = self.edition.fonts.figure
        svg = self.env.get_template(kind.template).render(g=geometry, id=f"fig-{name}", alt=alt, font=font)
        if self.edition.cjk:
            svg = figures.space_han_and_latin(svg.strip())
        caption = str(self.strings.caption(self.label("fig", name), self._title("fig", name)))
        return Figure(f"fig:{name}", self.numbers.get(("fig", name), 0), caption,
                      svg.strip(), alt, tuple(sorted(sources)))

    def _figure(self, fig: Figure) -> str:
        note = str(self.strings.source_note(self._source_words(fig.sources)))
        self.uncited |= set(fig.sources)
        if self.target == "docx":
            png = self.png_maker(fig.svg) if self.png_maker else b""
            return self.env.get_template("markdown/figure-docx.md.j2").render(
                id=fig.id, caption=self._caption_markdown("fig", fig.id.split(":", 1)[1]), note=note,
                png_base64=base64.b64encode(png).decode("ascii"))
        return self.env.get_template("markdown/figure-html.md.j2").render(
            slot=SLOT.format(id=fig.id), note=note)

    def _source_words(self, keys) -> str:
        """Sources in words, author and year, each linked to its reference entry (a link, not a
        citation: the entry's back-links lead to the text's citations only)."""
        items = {item["id"]: item for item in edition_items(self.report.references, self.lang)}
        names = source_names(self.report.references, self.lang, self.strings, self.edition.english, keys)
        labels = sorted((_year(items.get(key, {})) or "9999", f"[{markdown_cell(names[key])}](#ref-{key})")
                        for key in keys)
        return str(self.strings.list_join([label for _, label in labels]))

    def _caption_markdown(self, kind: str, name: str) -> str:
        return str(self.strings.caption(f"**{self.label(kind, name)}**", self._title(kind, name)))

    def figure_markup(self) -> dict[str, str]:
        """The HTML of every placed figure, by id, to fill the slots after cleaning."""
        template = self.env.get_template("html/figure.html.j2")
        return {f"fig:{name}": template.render(id=f"fig:{name}", svg=Markup(fig.svg),
                                               caption=Markup(self._caption_html("fig", name)))
                for (kind, name), _ in self.numbers.items() if kind == "fig"
                for fig in [self.figure(name)]}

    def _caption_html(self, kind: str, name: str) -> str:
        label = f'<span class="caption-label">{html.escape(self.label(kind, name))}</span>'
        return str(self.strings.caption(label, html.escape(self._title(kind, name))))


def _written_table(section_id: str, number: int) -> str:
    """The name a pipe table written in a section goes by: its section and its place there."""
    return f"{section_id}-table-{number}"


def _year(item: dict) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else ""


def source_names(references, lang: str, strings, english: bool, keys) -> dict[str, str]:
    """Each source as readers of an edition know it: author (or short title) and year."""
    items = {item["id"]: item for item in edition_items(references, lang)}
    names = {}
    for key in keys:
        item = items.get(key, {"id": key})
        names[key] = str(strings.author_year(_short_name(item, family_only=english),
                                             _year(item) or str(strings.no_date())))
    return names


def _short_name(item: dict, family_only: bool) -> str:
    """The first author as an author-date citation names them, else the work's short title."""
    authors = item.get("author") or []
    if authors:
        first = authors[0]
        if "literal" in first:
            return first["literal"]
        if family_only:
            return first.get("family", "")
        return f"{first.get('family', '')}{first.get('given', '')}"
    return item.get("title-short") or item.get("container-title") or item.get("title") or item["id"]


def _drawer(kind, home):
    """A kind's drawing function: given in the registry (exhibits.KINDS) by name, found in `home`."""
    return kind.draw if callable(kind.draw) else getattr(home, kind.draw)
