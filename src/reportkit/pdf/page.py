"""The print page: the HTML a PDF output is laid out from, and the PDF WeasyPrint makes of it."""

from __future__ import annotations

import json

from markupsafe import Markup, escape

from ..load import images
from ..convert import HtmlBody
from ..render.language import EditionContext, page_context
from ..editions.record import edition_epoch
from ..model import Report
from ..text import htmltree
from ..write import atomic_write
from .typeset import keep_ranges_together, move_spaces_into_inline_elements, typeset_cjk_line, typeset_cjk_tree


def pdf_from(project, report: Report, edition: EditionContext, html: str, output=None) -> bytes:
    """The PDF WeasyPrint lays out from a print page.

    With `output`, the page plan of its last build (figure moves, table breaks, page ends) is
    tried first, and the line breaks chosen for its paragraphs recalled; what this build decided
    is kept in the cache for the next (`reportkit.pdf.paginate`, `reportkit.pdf.breakers`).
    """
    from .engine import EditionStamp, render_pdf
    from .breakers import BreakMemory
    from .paginate import PagePlans

    cjk = edition.cjk
    fetcher = project_fetcher(project)
    kept = project.cache / output.lang / f"{output.product}-pages.json" if output is not None else None
    remembered = kept.with_name(f"{output.product}-breaks.pickle") if kept is not None else None
    plans = PagePlans(last=_read_plan(kept),
                      memory=BreakMemory(BreakMemory.read(remembered)) if remembered is not None else None)
    pdf = render_pdf(html, project.root, fetcher, variant="pdf/ua-1", silent_spaces=cjk,
                     epoch=edition_epoch(report), hyphenation=edition.hyphenation,
                     typeset_line=typeset_cjk_line if cjk else str,
                     edition=EditionStamp(report.config.edition.version, report.config.edition.date,
                                          edition.language.html_lang),
                     plans=plans)
    if kept is not None and plans.made is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        # How this PDF was made, for `invoke build --debug`; the next build reads only the plan.
        made = {**plans.made, "made": {"layouts": plans.layouts, "last_plan": plans.outcome,
                                       "first_stopped_after": plans.first_stopped_after}}
        atomic_write(kept, json.dumps(made, sort_keys=True).encode("utf-8"))
        atomic_write(remembered, plans.memory.dump())
    return pdf


def project_fetcher(project):
    """The one door WeasyPrint reads the project's files through (`fetcher.ProjectFetcher`)."""
    from .fetcher import ProjectFetcher  # imports WeasyPrint: only when a PDF is made

    return ProjectFetcher(project.root, images.project_folder(project.content))


def _read_plan(path) -> dict | None:
    """The page plan a last build kept, or None (none kept, or unreadable: the passes then run in full)."""
    if path is None or not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def print_page(project, report: Report, output, edition: EditionContext, body: HtmlBody) -> str:
    """The print HTML of a PDF output, kept in the cache beside the pandoc work for inspection."""
    language, cjk, strings = edition.language, edition.cjk, edition.strings
    # data: URIs here too: WeasyPrint names an image after its URL, and a file URL
    # would make the PDF's bytes depend on where the project is.
    tree = htmltree.parse(body.body)
    images.embed_in_tree(tree, *images.edition_folders(report, output.lang, project.content))
    move_spaces_into_inline_elements(tree)
    toc = body.toc
    if cjk:
        typeset_cjk_tree(tree)
        toc = _typeset_contents(toc)
    else:
        keep_ranges_together(tree)
    text = htmltree.serialize(tree)
    folio = str(strings.page_label("\x00")).split("\x00")
    css = edition.stylesheet("pdf/report.css")
    title = language.title
    if output.product == "brief":
        title = str(strings.brief_title(language.title))
    cover = {"title": title, "subtitle": language.subtitle, "author": language.author}
    context = page_context(report, edition)
    if cjk:
        cover = {key: _typeset_line(value) for key, value in cover.items()}
        context.update({key: _typeset_line(context[key]) for key in ("series", "publisher", "edition_line")})
    html = edition.render(
        "pdf/page.html.j2",
        toc=toc, body=text, css=css, kind=output.product, title=title, cover=cover,
        folio=folio, hyphenation=edition.hyphenation, **context)
    work = project.cache / output.lang
    work.mkdir(parents=True, exist_ok=True)
    (work / f"{output.product}-print.html").write_text(html, encoding="utf-8")
    return html


def _typeset_line(text: str) -> Markup:
    return Markup(typeset_cjk_line(escape(text)))


def _typeset_contents(toc: str) -> str:
    tree = htmltree.parse(toc)
    typeset_cjk_tree(tree, justified=False)
    return htmltree.serialize(tree)
