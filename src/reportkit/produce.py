"""Making the outputs of one edition: HTML page, print PDF, DOCX — each stage timed."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from . import convert
from .citations import edition_items, prepared_style
from .colophon import colophon_markdown, report_item, suggested_citation
from .docx_style import DocxLook, build_reference_doc, fill_toc, title_page
from .environment import CJK_LANGUAGES
from .links import add_backlinks
from .load import load_report
from .localize import format_iso_date
from .model import Report
from .render import EditionRenderer, make_environment
from .sanitize import clean_html, fill_slots
from .typeset import (keep_ranges_together, move_spaces_into_inline_elements, typeset_cjk_html,
                      typeset_cjk_line)
from .validate import Checked, ensure_valid, validate
from .write import ProjectFetcher, normalize_zip, render_pdf

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
    for output in outputs:
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


def _job(project, report: Report, output, markdown: str) -> convert.PandocJob:
    language = report.config.languages[output.lang]
    work = project.cache / output.lang / f"{output.product}-{output.fmt}"
    return convert.PandocJob(markdown=markdown, lang_tag=language.bcp47,
                             csl_path=str(prepared_style(language.csl, project.cache / "csl")),
                             bibliography=edition_items(report.references, output.lang),
                             work_dir=str(work), epoch=_edition_epoch(report))


def _edition_epoch(report) -> int:
    import datetime as dt

    day = dt.date.fromisoformat(report.config.edition.date)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


def _html_body(project, report: Report, checked: Checked, output, stages: Stages) -> convert.HtmlBody:
    with stages("render"):
        renderer = EditionRenderer(report, checked, output.lang, "html", project.templates,
                                   project.catalogs)
        if output.product == "brief":
            markdown = renderer.render_brief()
        else:
            markdown = renderer.render() + _colophon(project, report, output, renderer.env)
        markdown = _nocite(renderer.uncited) + markdown
        figures = renderer.figure_markup()
        job = _job(project, report, output, markdown)
    with stages("pandoc"):
        html = convert.to_html(job, project.templates / "pandoc" / "fragment.html")
    with stages("write"):
        # Content HTML is cleaned before the engine's own SVG figures go in.
        body = fill_slots(clean_html(html.body), figures)
        return convert.HtmlBody(toc=clean_html(html.toc), body=body)


def _colophon(project, report: Report, output, env) -> str:
    """The colophon section, with the report's suggested citation in the edition's style."""
    language = report.config.languages[output.lang]
    strings = env.get_template("markdown/strings.j2").module
    style = prepared_style(language.csl, project.cache / "csl")
    citation = suggested_citation(report_item(report, output.lang, strings), str(style))
    return "\n\n" + colophon_markdown(env, report, output.lang, citation)


def _nocite(keys) -> str:
    """A metadata block listing sources named in words only (figure notes), so they stay in the references."""
    if not keys:
        return ""
    return "---\nnocite: \"" + ", ".join(f"@{k}" for k in sorted(keys)) + "\"\n---\n\n"


def _page_context(project, report, output, env) -> dict:
    language = report.config.languages[output.lang]
    edition = report.config.edition
    strings = env.get_template("markdown/strings.j2").module
    edition_date = format_iso_date(edition.date, language.locale)
    edition_name = str(strings.edition_name(len(report.config.editions), edition.version))
    return {"language": language, "edition": edition, "edition_date": edition_date,
            "edition_name": edition_name,
            "edition_line": str(strings.edition_line(edition_name, edition_date)),
            "publisher": language.publisher or language.author,
            "series": str(strings.series_line(language.series, report.config.series_number))
            if language.series else ""}


def _make_html(project, report: Report, output, body: convert.HtmlBody, stages: Stages) -> bytes:
    with stages("write"):
        return _html_page(project, report, output, body)


def _html_page(project, report: Report, output, body: convert.HtmlBody) -> bytes:
    language = report.config.languages[output.lang]
    env = make_environment(project.templates, project.catalogs, language.locale, autoescape=True)
    alternates = [{"href": f"../{code}/{report.config.slug}.html", "html_lang": other.html_lang,
                   "name": _language_name(other)}
                  for code, other in report.config.languages.items() if code != output.lang]
    css = (project.templates / "html" / "style.css").read_text(encoding="utf-8")
    strings = env.get_template("markdown/strings.j2").module
    text = add_backlinks(body.body, str(strings.back_to_citation()))
    html = env.get_template("html/page.html.j2").render(
        toc=body.toc, body=text, css=css, alternates=alternates,
        **_page_context(project, report, output, env))
    return html.encode("utf-8")


def _language_name(language) -> str:
    from babel import Locale

    locale = Locale.parse(language.locale)
    return locale.get_display_name(locale).split(" (")[0].split("（")[0]


def _make_pdf(project, report: Report, output, body: convert.HtmlBody, stages: Stages) -> bytes:
    with stages("write"):
        html = _print_page(project, report, output, body)
    language = report.config.languages[output.lang]
    cjk = language.code in CJK_LANGUAGES
    with stages("weasyprint"):
        return render_pdf(html, project.root, ProjectFetcher(project.root), variant="pdf/ua-1",
                          silent_spaces=cjk, hyphenation=None if cjk else language.bcp47,
                          typeset_line=typeset_cjk_line if cjk else str)


def _print_page(project, report: Report, output, body: convert.HtmlBody) -> str:
    language = report.config.languages[output.lang]
    cjk = language.code in CJK_LANGUAGES
    text = move_spaces_into_inline_elements(body.body)
    toc = body.toc
    if cjk:
        text, toc = typeset_cjk_html(text), typeset_cjk_html(toc, justified=False)
    else:
        text = keep_ranges_together(text)
    env = make_environment(project.templates, project.catalogs, language.locale, autoescape=True)
    strings = env.get_template("markdown/strings.j2").module
    folio = str(strings.page_label("\x00")).split("\x00")
    css = (project.templates / "pdf" / "report.css").read_text(encoding="utf-8")
    title = language.title
    if output.product == "brief":
        title = str(strings.brief_title(language.title))
    cover = {"title": title, "subtitle": language.subtitle, "author": language.author}
    if cjk:
        cover = {key: Markup(typeset_cjk_line(escape(value))) for key, value in cover.items()}
    html = env.get_template("pdf/page.html.j2").render(
        toc=toc, body=text, css=css, kind=output.product, title=title, cover=cover,
        folio=folio, **_page_context(project, report, output, env))
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
        body = renderer.render() + _colophon(project, report, output, renderer.env)
        edition_line = _page_context(project, report, output, renderer.env)["edition_line"]
        markdown = (_docx_front_matter(report, language, toc_title, edition_line)
                    + _nocite(renderer.uncited) + body)
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
        context = _page_context(project, report, output, renderer.env)
        publisher = context["publisher"] if context["publisher"] != language.author else ""
        title_page(target, [line for line in (context["series"], publisher) if line])
        return normalize_zip(target.read_bytes())


def _docx_front_matter(report, language, toc_title: str, edition_line: str) -> str:
    import json

    meta = {"title": language.title, "subtitle": language.subtitle, "author": language.author,
            "date": edition_line, "lang": language.bcp47,
            "keywords": list(language.keywords), "subject": language.subject, "toc-title": toc_title}
    # JSON is valid YAML and quotes every value, so no title can break the block.
    return "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()) + "\n---\n\n"


