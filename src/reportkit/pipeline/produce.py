"""Making one group of outputs (a language and product) in a worker, each stage timed.

The edition is rendered and run through pandoc here, once for its HTML and PDF
outputs; the modules of each format (html, pdf, docx) make their files of it.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import convert
from ..docx import document as docx
from ..text.citations import edition_items, prepared_style, range_delimiter
from ..render.colophon import colophon_markdown, report_item, suggested_citation
from ..render.language import EditionContext, page_context
from ..editions.record import edition_timestamp
from ..html.page import html_page
from ..model import Report
from ..pdf.page import pdf_from, print_page
from ..render.report import EditionRenderer, section_anchor
from ..render.sanitize import clean_html, fill_slots
from ..text import htmltree
from ..check.validate import Checked
from .formats import FORMATS

STAGES = ("load", "validate", "render", "pandoc", "weasyprint", "write")


@dataclass
class Stages:
    """Seconds spent in each pipeline stage."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    @contextlib.contextmanager
    def __call__(self, stage: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - started


def make_group(project, outputs, loaded: tuple) -> tuple[list, dict[str, float]]:
    """Make outputs of one language and product in memory; HTML and PDF share one pandoc run.

    `loaded` is the (report, checked) pair the build read and checked before the workers forked.
    """
    stages = Stages()
    report, checked = loaded
    made, bodies = [], {}
    original = report
    # A group is one language: its templates, strings and script rules are made once.
    edition = EditionContext.of(report.config.languages[outputs[0].lang], project.templates, project.catalogs)
    for output in outputs:
        report = _content_for(original, output, edition)
        started = time.perf_counter()
        making = Making(project, report, checked, output, edition, stages, bodies)
        made.append((output, FORMATS[output.fmt].make(making), time.perf_counter() - started))
    return made, stages.seconds


@dataclass
class Making:
    """What a format's maker is given: one output of one language edition, and the stages' clock."""

    project: object
    report: Report
    checked: Checked
    output: object
    edition: EditionContext
    stages: Stages
    bodies: dict   # pandoc's HTML body and the edition's DOCX, each made once for the group's outputs

    def html_body(self) -> convert.HtmlBody:
        if "body" not in self.bodies:
            self.bodies["body"] = _html_body(self.project, self.report, self.checked, self.output, self.edition,
                                             self.stages)
        return self.bodies["body"]


def _content_for(report: Report, output, context: EditionContext) -> Report:
    """The content an output shows: for the redline page, the text marked against the last edition.

    The tracked-changes DOCX shows the report as it is: it is compared with the
    previous edition's DOCX once both are made (`_make_docx`)."""
    if output.product != "changes" or not FORMATS[output.fmt].from_html:
        return report
    from dataclasses import replace

    from ..editions.redline import Mark, redline_sections

    edition = report.config.edition
    mark = Mark(author=report.config.languages[output.lang].author, date=edition.date,
                previous_amounts=_previous_amounts(report, context))
    order, sections = redline_sections(report, output.lang, mark, by_words=not context.cjk)
    return replace(report, config=replace(report.config, sections=tuple(order)),
                   sections={**report.sections, output.lang: sections}, original=report)


def _previous_amounts(report: Report, context: EditionContext) -> dict[str, str]:
    """Each amount of the previous edition's data as that edition printed it in the context's language."""
    import json

    from ..load.data import parse_amounts
    from ..text.localize import format_amount
    from ..text.yamlio import parse_yaml

    data = report.snapshots[report.config.editions[-2].version]["data"].get("amounts")
    # Read back through the YAML loader (JSON is YAML): the parser expects its line-aware mappings.
    amounts, _ = parse_amounts(parse_yaml(json.dumps(data, ensure_ascii=False), "amounts"),
                               "amounts", tuple(report.config.languages))
    locale = context.language.locale
    return {a.id: format_amount(a.amount, a.currency, locale, context.strings, a.approx, a.qualifier)
            for a in amounts}


def _job(project, report: Report, output, markdown: str, work_name: str = "") -> convert.PandocJob:
    language = report.config.languages[output.lang]
    work = project.cache / output.lang / (work_name or f"{output.product}-{output.fmt}")
    filters = ["safe-links.lua", "range-dash.lua"]
    if FORMATS[output.fmt].from_html:
        filters.append("citation-locators.lua")   # each citation link's locator, for the popovers
    style = _style(report, output)
    return convert.PandocJob(markdown=markdown, lang_tag=language.bcp47,
                             csl_path=str(prepared_style(style, project.cache / "csl")),
                             range_dash=range_delimiter(style),
                             bibliography=edition_items(report.references, output.lang),
                             work_dir=str(work),
                             filters=tuple(str(project.templates / "pandoc" / name) for name in filters))


def _style(report: Report, output) -> str:
    """The citation style of an output: the brief may cite in its own (a note style)."""
    own = report.config.brief_csl.get(output.lang) if output.product == "brief" else None
    return own or report.config.languages[output.lang].csl


def _html_body(project, report: Report, checked: Checked, output, edition: EditionContext,
               stages: Stages) -> convert.HtmlBody:
    with stages("render"):
        renderer = EditionRenderer(report, checked, edition, "html")
        if output.product == "brief":
            markdown = renderer.render_brief() + _colophon(project, report, edition, brief=True)
        else:
            markdown = renderer.render() + _colophon(project, report, edition)
        markdown = _nocite(renderer.uncited) + markdown
        figures = renderer.figure_markup()
        job = _job(project, report, output, markdown)
    with stages("pandoc"):
        html = convert.to_html(job, project.templates / "pandoc" / "fragment.html")
    with stages("write"):
        # Content HTML is cleaned before the engine's own SVG figures go in.
        body = htmltree.parse(clean_html(html.body))
        fill_slots(body, figures)
        if output.product == "brief":
            notes_before_colophon(body, str(edition.strings.notes_title()))
        return convert.HtmlBody(toc=clean_html(html.toc), body=htmltree.serialize(body))


def _colophon(project, report: Report, edition: EditionContext, brief: bool = False) -> str:
    """The colophon section, with the report's (or brief's) suggested citation in the edition's style."""
    style = prepared_style(edition.language.csl, project.cache / "csl")
    citation = suggested_citation(report_item(report, edition.lang, edition.strings, brief), str(style))
    return "\n\n" + colophon_markdown(edition, report, citation, brief)


def notes_before_colophon(tree, title: str) -> None:
    """Pandoc puts the endnotes at the very end, untitled; the brief prints them under a heading,
    before its back-page colophon."""
    notes = next(htmltree.find_all(tree, "section", cls="footnotes"), None)
    if notes is None:
        return
    heading = htmltree.parse_elements(f'<h2 class="notes-title">{htmltree.escape_text(title)}</h2>')[0]
    heading.tail, notes.text = notes.text, "\n"
    notes.insert(0, heading)
    # The white space after the notes goes with them.
    spacing = (notes.tail or "")[:len(notes.tail or "") - len((notes.tail or "").lstrip())]
    notes.tail = (notes.tail or "")[len(spacing):]
    htmltree.detach(notes)
    notes.tail = spacing
    colophon = next(htmltree.find_all(tree, "section", ident="colophon"), None)
    if colophon is None:
        tree.append(notes)
    else:
        colophon.addprevious(notes)


def _nocite(keys) -> str:
    """A metadata block listing sources named in words only (figure notes), so they stay in the references."""
    if not keys:
        return ""
    return "---\nnocite: \"" + ", ".join(f"@{k}" for k in sorted(keys)) + "\"\n---\n\n"


def make_html(making: Making) -> bytes:
    with making.stages("write"):
        return html_page(making.project, making.report, making.output, making.edition, making.html_body())


def make_pdf(making: Making) -> bytes:
    body = making.html_body()
    with making.stages("write"):
        page = print_page(making.project, making.report, making.output, making.edition, body)
    with making.stages("weasyprint"):
        return pdf_from(making.project, making.report, making.edition, page, making.output)


def make_docx(making: Making) -> bytes:
    """The DOCX of the edition; for the tracked changes, compared with the previous edition's DOCX."""
    project, report, output, edition, stages = (making.project, making.report, making.output, making.edition,
                                                making.stages)
    # The same file for every product (the tracked changes compare the report as it is): made once a group.
    if "docx" not in making.bodies:
        making.bodies["docx"] = _edition_docx(project, report, making.checked, output, edition, stages)
    current = making.bodies["docx"]
    if output.product != "changes":
        return current
    from ..docx.tracked import tracked_docx

    before, before_checked = _previous_edition(report)
    previous = _edition_docx(project, before, before_checked, output, edition, stages, work_name="changes-previous")
    with stages("write"):
        return tracked_docx(previous, current, author=edition.language.author,
                            date=f"{report.config.edition.date}T00:00:00Z", by_words=not edition.cjk,
                            anchors=_renamed_anchors(report))


def _renamed_anchors(report: Report) -> dict[str, str]:
    """The heading anchors of the sections renamed since the previous edition: old → new."""
    from ..editions.diff import renames
    from ..editions.record import snapshot

    recorded = report.snapshots[report.config.editions[-2].version]
    return {section_anchor(old): section_anchor(new) for old, new in renames(recorded, snapshot(report)).items()}


def _previous_edition(report: Report) -> tuple[Report, Checked]:
    """The previous edition's report from its snapshot, with its timeline and amounts typed.

    It is not checked again: it was checked when it was cut, and the evidence
    rules may have grown stricter since.
    """
    from ..load.data import parse_amounts, parse_events
    from ..editions.record import previous_edition

    before = previous_edition(report)
    languages = tuple(before.config.languages)
    events, _ = parse_events(before.data.get("timeline"), "timeline", before.config)
    amounts, _ = parse_amounts(before.data.get("amounts"), "amounts", languages)
    return before, Checked(events, amounts, [])


def _edition_docx(project, report: Report, checked: Checked, output, edition: EditionContext,
                  stages: Stages, work_name: str = "") -> bytes:
    from ..render.figures_png import svg_to_png

    language = edition.language
    with stages("render"):
        renderer = EditionRenderer(report, checked, edition, "docx", png_maker=svg_to_png)
        body = renderer.render() + _colophon(project, report, edition)
        context = page_context(report, edition)
        markdown = (docx.front_matter(language, str(edition.strings.contents()), context["edition_line"])
                    + _nocite(renderer.uncited) + body)
        job = _job(project, report, output, markdown, work_name)
        reference = docx.build_reference_doc(docx.look_of(edition), Path(job.work_dir) / "reference.docx")
    target = Path(job.work_dir) / "edition.docx"
    with stages("pandoc"):
        convert.to_docx(job, reference, target)
    with stages("write"):
        publisher = context["publisher"] if context["publisher"] != language.author else ""
        return docx.finish(target.read_bytes(), [line for line in (context["series"], publisher) if line],
                           stamp=edition_timestamp(report))
