"""Making the outputs of one edition: HTML page, print PDF, DOCX — each stage timed."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import convert, images
from .citations import cite_groups, edition_items, prepared_style
from .docx_style import DocxLook, build_reference_doc, fill_toc, settle_tracked_changes
from .environment import CJK_LANGUAGES
from .links import add_backlinks
from .load import load_report
from .localize import format_iso_date
from .model import Report
from .popovers import add_popovers
from .render import EditionRenderer, make_environment
from .sanitize import clean_html, fill_slots
from .typeset import move_spaces_into_inline_elements, typeset_cjk_html
from .validate import Checked, ensure_valid, validate
from .write import normalize_zip, render_pdf

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


def make_group(project, outputs, loaded: tuple | None = None) -> tuple[list, dict[str, float]]:
    """Make outputs of one language and product in memory; HTML and PDF share one pandoc run.

    `loaded` is the (report, checked) pair the caller already read and checked;
    without it the group reads content/ itself.
    """
    stages = Stages()
    if loaded:
        report, checked = loaded
    else:
        with stages("load"):
            report = load_report(project.content)
        with stages("validate"):
            checked = ensure_valid(validate(report))
    made, body = [], None
    original = report
    for output in outputs:
        report = _content_for(original, output)
        started = time.perf_counter()
        if output.fmt == "docx":
            data = _make_docx(project, report, checked, output, stages)
        else:
            if body is None:
                body = _html_body(project, report, checked, output, stages)
            maker = _make_html if output.fmt == "html" else _make_pdf
            data = maker(project, report, output, body, stages)
        made.append((output, data, time.perf_counter() - started))
    return made, stages.seconds


def _content_for(report: Report, output) -> Report:
    """The content an output shows: for the tracked changes, the text marked against the last edition."""
    if output.product != "changes":
        return report
    from dataclasses import replace

    from .editions import Mark, redline_sections

    edition = report.config.edition
    mark = Mark(author=report.config.languages[output.lang].author, date=edition.date,
                previous_amounts=_previous_amounts(report, output.lang))
    order, sections = redline_sections(report, output.lang, mark)
    return replace(report, config=replace(report.config, sections=tuple(order)),
                   sections={**report.sections, output.lang: sections}, original=report)


def _previous_amounts(report: Report, lang: str) -> dict[str, str]:
    """Each amount of the previous edition's data as that edition printed it in `lang`."""
    import json

    from .data import parse_amounts
    from .localize import format_amount
    from .yamlio import parse_yaml

    data = report.snapshots[report.config.editions[-2].version]["data"].get("amounts")
    # Read back through the YAML loader (JSON is YAML): the parser expects its line-aware mappings.
    amounts, _ = parse_amounts(parse_yaml(json.dumps(data, ensure_ascii=False), "amounts"),
                               "amounts", tuple(report.config.languages))
    locale = report.config.languages[lang].locale
    return {a.id: format_amount(a.amount, a.currency, locale, a.approx, a.qualifier) for a in amounts}


def _job(project, report: Report, output, markdown: str) -> convert.PandocJob:
    language = report.config.languages[output.lang]
    work = project.cache / output.lang / f"{output.product}-{output.fmt}"
    filters = ["safe-links.lua"]
    if output.fmt != "docx":
        filters.append("citation-items.lua")   # the popovers' citations; no metadata in the Word file
    return convert.PandocJob(markdown=markdown, lang_tag=language.bcp47,
                             csl_path=str(prepared_style(language.csl, project.cache / "csl")),
                             bibliography=edition_items(report.references, output.lang),
                             work_dir=str(work),
                             filters=tuple(str(project.templates / "pandoc" / name) for name in filters))


def edition_epoch(report) -> int:
    """The edition date as seconds since 1970 (UTC midnight)."""
    import datetime as dt

    day = dt.date.fromisoformat(report.config.edition.date)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


def edition_timestamp(report) -> str:
    """When the outputs say they were made: the edition date, or SOURCE_DATE_EPOCH when set."""
    import datetime as dt
    import os

    seconds = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = int(seconds) if seconds.isdigit() else edition_epoch(report)
    return dt.datetime.fromtimestamp(moment, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _html_body(project, report: Report, checked: Checked, output, stages: Stages) -> convert.HtmlBody:
    with stages("render"):
        renderer = EditionRenderer(report, checked, output.lang, "html", project.templates,
                                   project.catalogs)
        markdown = renderer.render_brief() if output.product == "brief" else renderer.render()
        figures = renderer.figure_markup()
        job = _job(project, report, output, markdown)
    with stages("pandoc"):
        html = convert.to_html(job, project.templates / "pandoc" / "fragment.html")
    with stages("write"):
        # Content HTML is cleaned before the engine's own SVG figures go in.
        body = fill_slots(clean_html(html.body), figures)
        return convert.HtmlBody(toc=clean_html(html.toc), body=body, cites=html.cites)


def _page_context(project, report, output, env) -> dict:
    language = report.config.languages[output.lang]
    edition = report.config.edition
    return {"language": language, "edition": edition,
            "edition_date": format_iso_date(edition.date, language.locale)}


def _make_html(project, report: Report, output, body: convert.HtmlBody, stages: Stages) -> bytes:
    with stages("write"):
        if output.product == "changes":
            return _changes_page(project, report, output, body)
        return _html_page(project, report, output, body)


def _changes_page(project, report: Report, output, body: convert.HtmlBody) -> bytes:
    """The redline page: a summary of what changed, then the text with <del> and <ins>."""
    from .editions import compare, snapshot, tracked_spans_to_html

    language = report.config.languages[output.lang]
    original = report.original
    previous = original.config.editions[-2]
    changes = compare(original.snapshots[previous.version], snapshot(original), output.lang)
    titles = {sid: s.title for sid, s in original.sections[output.lang].items()}
    titles.update({sid: s["title"] for sid, s in
                   original.snapshots[previous.version]["sections"].get(output.lang, {}).items()
                   if sid not in titles})
    env = make_environment(project.templates, project.catalogs, language.locale, autoescape=True)
    css = (project.templates / "html" / "style.css").read_text(encoding="utf-8")
    html = env.get_template("html/changes.html.j2").render(
        body=tracked_spans_to_html(body.body), css=css, changes=changes,
        names={kind: [titles.get(sid, sid) for sid in getattr(changes, kind)]
               for kind in ("sections_changed", "sections_added", "sections_removed")},
        previous=previous, previous_date=format_iso_date(previous.date, language.locale),
        **_page_context(project, report, output, env))
    return html.encode("utf-8")


def _html_page(project, report: Report, output, body: convert.HtmlBody) -> bytes:
    language = report.config.languages[output.lang]
    env = make_environment(project.templates, project.catalogs, language.locale, autoescape=True)
    alternates = [{"href": f"../{code}/{report.config.slug}.html", "html_lang": other.html_lang,
                   "name": _language_name(other)}
                  for code, other in report.config.languages.items() if code != output.lang]
    css = (project.templates / "html" / "style.css").read_text(encoding="utf-8")
    strings = env.get_template("markdown/strings.j2").module
    text = images.embed_in_html(body.body, *_image_folders(project, report, output))
    locators = [[(key, locator) for key, locator, _ in cite] for cite in cite_groups(list(body.cites))]
    text = add_popovers(text, locators,
                        lambda pages, plural: str(strings.page_locator(pages, plural)))
    text = add_backlinks(text, str(strings.back_to_citation()))
    html = env.get_template("html/page.html.j2").render(
        toc=body.toc, body=text, css=css, alternates=alternates,
        **_page_context(project, report, output, env))
    return html.encode("utf-8")


def _image_folders(project, report: Report, output) -> tuple[Path, Path]:
    """Where the edition's image paths start, and the folder they must stay in."""
    return images.section_folder(report, output.lang), images.project_folder(project.content)


def _language_name(language) -> str:
    from babel import Locale

    locale = Locale.parse(language.locale)
    return locale.get_display_name(locale).split(" (")[0].split("（")[0]


def _make_pdf(project, report: Report, output, body: convert.HtmlBody, stages: Stages) -> bytes:
    with stages("write"):
        html = _print_page(project, report, output, body)
    cjk = report.config.languages[output.lang].code in CJK_LANGUAGES
    with stages("weasyprint"):
        from .fetcher import ProjectFetcher   # imports WeasyPrint: only when a PDF is made

        fetcher = ProjectFetcher(project.root, images.project_folder(project.content))
        return render_pdf(html, project.root, fetcher, variant="pdf/ua-1", silent_spaces=cjk,
                          epoch=edition_epoch(report))


def _print_page(project, report: Report, output, body: convert.HtmlBody) -> str:
    language = report.config.languages[output.lang]
    # data: URIs here too: WeasyPrint names an image after its URL, and a file URL
    # would make the PDF's bytes depend on where the project is.
    text = images.embed_in_html(body.body, *_image_folders(project, report, output))
    text = move_spaces_into_inline_elements(text)
    if language.code in CJK_LANGUAGES:
        text = typeset_cjk_html(text)
    body = convert.HtmlBody(toc=body.toc, body=text)
    env = make_environment(project.templates, project.catalogs, language.locale, autoescape=True)
    strings = env.get_template("markdown/strings.j2").module
    page_label = str(strings.page_label("\x00")).split("\x00")
    css = (project.templates / "pdf" / "report.css").read_text(encoding="utf-8")
    title = language.title
    if output.product == "brief":
        title = str(strings.brief_title(language.title))
    html = env.get_template("pdf/page.html.j2").render(
        toc=body.toc, body=body.body, css=css, kind=output.product, title=title,
        page_label=page_label, **_page_context(project, report, output, env))
    work = project.cache / output.lang
    work.mkdir(parents=True, exist_ok=True)
    (work / f"{output.product}-print.html").write_text(html, encoding="utf-8")
    return html


def _make_docx(project, report: Report, checked: Checked, output, stages: Stages) -> bytes:
    from .figures_png import svg_to_png

    language = report.config.languages[output.lang]
    with stages("render"):
        renderer = EditionRenderer(report, checked, output.lang, "docx", project.templates,
                                   project.catalogs, png_maker=svg_to_png)
        toc_title = str(renderer.strings.contents())
        markdown = _docx_front_matter(report, language, toc_title) + renderer.render()
        job = _job(project, report, output, markdown)
    cjk = language.code in ("zh", "ja", "ko")
    look = DocxLook(lang_tag=language.bcp47,
                    body_font="Noto Serif", heading_font="Noto Sans",
                    east_asia_body="Noto Serif CJK SC", east_asia_heading="Noto Sans CJK SC",
                    header_text=language.short_title, first_line_indent_chars=2 if cjk else 0)
    with stages("render"):
        reference = build_reference_doc(look, Path(job.work_dir) / "reference.docx")
    target = Path(job.work_dir) / "edition.docx"
    with stages("pandoc"):
        convert.to_docx(job, reference, target)
    with stages("write"):
        fill_toc(target)
        if output.product == "changes":
            settle_tracked_changes(target)
        # Pandoc in its sandbox has no clock and dates every DOCX 1970-01-01.
        return normalize_zip(target.read_bytes(), stamp=edition_timestamp(report))


def _docx_front_matter(report, language, toc_title: str) -> str:
    import json

    edition = report.config.edition
    meta = {"title": language.title, "subtitle": language.subtitle, "author": language.author,
            "date": format_iso_date(edition.date, language.locale), "lang": language.bcp47,
            "keywords": list(language.keywords), "subject": language.subject, "toc-title": toc_title}
    # JSON is valid YAML and quotes every value, so no title can break the block.
    return "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()) + "\n---\n\n"


