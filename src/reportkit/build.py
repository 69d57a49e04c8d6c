"""The pipeline: load → validate → render → convert → write, for every edition and format."""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, convert
from .citations import edition_items, prepared_style
from .docx_style import DocxLook, build_reference_doc
from .environment import CJK_LANGUAGES, check_fonts
from .errors import ConfigError
from .load import load_report
from .localize import format_iso_date, load_translations
from .links import add_backlinks
from .lock import build_lock
from .render import EditionRenderer, make_environment
from .sanitize import clean_html, fill_slots
from .typeset import move_spaces_into_inline_elements, typeset_cjk_html
from .validate import Checked, ensure_valid, validate
from .write import ProjectFetcher, atomic_write, normalize_zip, render_pdf

FORMATS = ("pdf", "docx", "html")
PRODUCTS = ("report", "brief")


@dataclass(frozen=True)
class Project:
    """Where things are: the project root, its content, templates and output."""

    root: Path
    content: Path
    out: Path

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def catalogs(self) -> Path:
        return self.templates / "locales"

    @property
    def cache(self) -> Path:
        return self.out / ".cache"

    @classmethod
    def at(cls, root: Path, content: Path | None = None, out: Path | None = None) -> "Project":
        root = Path(root).resolve()
        return cls(root, Path(content or root / "content").resolve(), Path(out or root / "build").resolve())


@dataclass(frozen=True)
class Output:
    """One file the build makes."""

    lang: str
    product: str   # report | brief
    fmt: str       # pdf | docx | html

    def path(self, out: Path, slug: str) -> Path:
        suffix = "" if self.product == "report" else "-brief"
        return out / self.lang / f"{slug}{suffix}.{self.fmt}"


@dataclass
class BuildResult:
    """What a build made: each output's path, size and seconds, and the warnings."""

    outputs: list[tuple[Output, Path, int, float]] = field(default_factory=list)
    cached: list[tuple[Output, Path, int]] = field(default_factory=list)
    warnings: list = field(default_factory=list)
    seconds: float = 0.0


def plan(config, langs=None, formats=None) -> list[Output]:
    """The outputs to make: every language × format, plus each language's brief PDF."""
    unknown = [l for l in (langs or []) if l not in config.languages]
    if unknown:
        raise ConfigError(f"unknown language '{unknown[0]}'", config.path, None,
                          f"use one of: {', '.join(config.languages)}")
    langs = [l for l in config.languages if not langs or l in langs]
    formats = [f for f in FORMATS if not formats or f in formats]
    outputs = [Output(l, "report", f) for l in langs for f in formats]
    if "pdf" in formats and config.brief_sections:
        outputs += [Output(l, "brief", "pdf") for l in langs]
    return outputs


def load_and_check(project: Project) -> tuple:
    """Stages 1 and 2: read content/ and refuse to go on when anything is wrong."""
    report = load_report(project.content)
    checked = ensure_valid(validate(report))
    return report, checked


def build(project: Project, langs=None, formats=None, jobs: int | None = None) -> BuildResult:
    """Build the requested outputs; nothing in the output folder changes unless all succeed."""
    started = time.perf_counter()
    report, checked = load_and_check(project)
    bad_formats = [f for f in (formats or []) if f not in FORMATS]
    if bad_formats:
        raise ConfigError(f"unknown format '{bad_formats[0]}'", hint=f"use one of: {', '.join(FORMATS)}")
    outputs = plan(report.config, langs, formats)
    check_fonts(report.config.languages[o.lang].locale for o in outputs)
    result = BuildResult(warnings=checked.warnings)
    with build_lock(project.out):
        store = cache.OutputCache(project.cache)
        keys = _output_keys(project, report.config, outputs)
        stale = []
        for output in outputs:
            target = output.path(project.out, report.config.slug)
            if store.is_fresh(target, keys[output]):
                result.cached.append((output, target, target.stat().st_size))
            else:
                stale.append(output)
        made = _make_all(project, stale, jobs) if stale else []
        for output, data, seconds in made:
            path = atomic_write(output.path(project.out, report.config.slug), data)
            store.record(path, keys[output])
            result.outputs.append((output, path, len(data), seconds))
        store.save()
        write_index(project, report)
    result.seconds = time.perf_counter() - started
    return result


def _output_keys(project: Project, config, outputs: list[Output]) -> dict[Output, str]:
    shared = cache.shared_digest(cache.shared_inputs(project, config))
    per_language = {lang: cache.language_inputs(project, config, lang)
                    for lang in {o.lang for o in outputs}}
    return {o: cache.output_key(shared, per_language[o.lang], o) for o in outputs}


def _make_all(project: Project, outputs: list[Output], jobs: int | None):
    workers = max(1, min(jobs or os.cpu_count() or 1, len(outputs)))
    if workers == 1:
        return [make_output(project, o) for o in outputs]
    # The slowest outputs (PDF layout) go first so the pool ends evenly.
    ordered = sorted(outputs, key=lambda o: (o.fmt != "pdf", o.product != "report"))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(make_output, project, o) for o in ordered]
        return [f.result() for f in futures]


def make_output(project: Project, output: Output) -> tuple[Output, bytes, float]:
    """Make one output in memory (runs in a worker process)."""
    started = time.perf_counter()
    report, checked = load_and_check(project)
    maker = {"html": _make_html, "pdf": _make_pdf, "docx": _make_docx}[output.fmt]
    data = maker(project, report, checked, output)
    return output, data, time.perf_counter() - started


def _job(project: Project, report, output: Output, markdown: str) -> convert.PandocJob:
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


def _html_body(project, report, checked, output) -> convert.HtmlBody:
    renderer = EditionRenderer(report, checked, output.lang, "html", project.templates, project.catalogs)
    if output.product == "brief":
        markdown = renderer.render_brief()
    else:
        markdown = renderer.render()
    job = _job(project, report, output, markdown)
    html = convert.to_html(job, project.templates / "pandoc" / "fragment.html")
    # Content HTML is cleaned before the engine's own SVG figures go in.
    body = fill_slots(clean_html(html.body), renderer.figure_markup())
    return convert.HtmlBody(toc=clean_html(html.toc), body=body)


def _page_context(project, report, output, env) -> dict:
    language = report.config.languages[output.lang]
    edition = report.config.edition
    return {"language": language, "edition": edition,
            "edition_date": format_iso_date(edition.date, language.locale)}


def _make_html(project, report, checked, output) -> bytes:
    body = _html_body(project, report, checked, output)
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


def _make_pdf(project, report, checked, output) -> bytes:
    body = _html_body(project, report, checked, output)
    language = report.config.languages[output.lang]
    text = move_spaces_into_inline_elements(body.body)
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
    return render_pdf(html, project.root, ProjectFetcher(project.root), variant="pdf/ua-1")


def _make_docx(project, report, checked, output) -> bytes:
    from .figures_png import svg_to_png

    language = report.config.languages[output.lang]
    renderer = EditionRenderer(report, checked, output.lang, "docx", project.templates,
                               project.catalogs, png_maker=svg_to_png)
    markdown = _docx_front_matter(report, language) + renderer.render()
    job = _job(project, report, output, markdown)
    cjk = language.code in ("zh", "ja", "ko")
    look = DocxLook(lang_tag=language.bcp47,
                    body_font="Noto Serif", heading_font="Noto Sans",
                    east_asia_body="Noto Serif CJK SC", east_asia_heading="Noto Sans CJK SC",
                    header_text=language.short_title, first_line_indent_chars=2 if cjk else 0)
    reference = build_reference_doc(look, Path(job.work_dir) / "reference.docx")
    target = Path(job.work_dir) / "edition.docx"
    convert.to_docx(job, reference, target)
    return normalize_zip(target.read_bytes())


def _docx_front_matter(report, language) -> str:
    import json

    edition = report.config.edition
    meta = {"title": language.title, "subtitle": language.subtitle, "author": language.author,
            "date": format_iso_date(edition.date, language.locale), "lang": language.bcp47,
            "keywords": list(language.keywords), "subject": language.subject}
    # JSON is valid YAML and quotes every value, so no title can break the block.
    return "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()) + "\n---\n\n"


def write_index(project: Project, report) -> Path:
    """build/index.html: every edition and format that exists, with sizes and the date."""
    from babel.numbers import format_decimal

    parts, first = [], None
    for code, language in report.config.languages.items():
        env = make_environment(project.templates, project.catalogs, language.locale, autoescape=True)
        strings = env.get_template("markdown/strings.j2").module
        files = []
        for product, fmt in (("report", "pdf"), ("brief", "pdf"), ("report", "html"), ("report", "docx")):
            path = Output(code, product, fmt).path(project.out, report.config.slug)
            if path.exists():
                kib = format_decimal(path.stat().st_size / 1024, "#,##0", locale=language.locale)
                files.append({"href": str(path.relative_to(project.out)), "size": f"{kib} KiB",
                              "label": str(strings.format_label(product, fmt))})
        if files:
            first = first or language
            edition = report.config.edition
            parts.append(env.get_template("html/index-edition.html.j2").render(
                language=language, edition=edition, files=files,
                edition_date=format_iso_date(edition.date, language.locale)))
    language = first or next(iter(report.config.languages.values()))
    env = make_environment(project.templates, project.catalogs, language.locale, autoescape=True)
    page = env.get_template("html/index.html.j2").render(
        title=" / ".join(l.title for l in report.config.languages.values()),
        html_lang=language.html_lang, editions="\n".join(parts))
    return atomic_write(project.out / "index.html", page.encode("utf-8"))
