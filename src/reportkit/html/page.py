"""The HTML editions: the standalone page with its popovers and back-links, and the tracked-changes page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..load import images
from ..text import htmltree
from ..text.citations import range_delimiter
from ..convert import HtmlBody
from ..render.language import EditionContext, page_context
from ..render.figures import LEGIBLE_WIDTH
from .links import add_backlinks
from ..text.localize import format_iso_date
from ..model import Report
from .popovers import add_popovers


def html_page(project, report: Report, output, edition: EditionContext, body: HtmlBody) -> bytes:
    """The HTML output: the standalone edition page, or the tracked-changes page."""
    if output.product == "changes":
        return _changes_page(project, report, output, edition, body)
    return _edition_page(project, report, output, edition, body)


def _changes_page(project, report: Report, output, edition: EditionContext, body: HtmlBody) -> bytes:
    """The redline page: a summary of what changed, then the text with <del> and <ins>."""
    from ..editions.diff import compare
    from ..editions.record import snapshot
    from ..editions.redline import tracked_spans_to_html

    language = edition.language
    original = report.original
    previous = original.config.editions[-2]
    changes = compare(original.snapshots[previous.version], snapshot(original), output.lang)
    titles = {sid: s.title for sid, s in original.sections[output.lang].items()}
    titles.update({sid: s["title"] for sid, s in
                   original.snapshots[previous.version]["sections"].get(output.lang, {}).items()
                   if sid not in titles})
    css = edition.stylesheet("html/style.css", legible_figure_width=LEGIBLE_WIDTH)
    html = edition.render(
        "html/changes.html.j2",
        body=tracked_spans_to_html(body.body), css=css, changes=changes,
        names={kind: [titles.get(sid, sid) for sid in getattr(changes, kind)]
               for kind in ("sections_changed", "sections_added", "sections_removed")},
        renamed=[str(edition.strings.renamed_section(changes.former_titles[old], titles.get(new, new), old, new))
                 for old, new in changes.sections_renamed],
        sources=_changed_sources(original, changes, edition),
        previous=previous, previous_date=format_iso_date(previous.date, language.locale),
        **page_context(report, edition))
    return html.encode("utf-8")


def _changed_sources(report: Report, changes, edition: EditionContext) -> dict[str, list[str]]:
    """The sources an edition added and removed, named as its readers know them (a removed one as
    the previous edition held it)."""
    from ..editions.record import previous_edition
    from ..render.report import source_names

    former = [ref for ref in previous_edition(report).references if ref.id in changes.sources_removed]
    names = source_names(report.references + former, edition.lang, edition.strings, edition.english,
                         changes.sources_added + changes.sources_removed)
    return {"added": [names[k] for k in changes.sources_added],
            "removed": [names[k] for k in changes.sources_removed]}


def _edition_page(project, report: Report, output, edition: EditionContext, body: HtmlBody) -> bytes:
    strings = edition.strings
    alternates = [{"href": f"../{code}/{report.config.slug}.html", "html_lang": other.html_lang,
                   "name": _language_name(other)}
                  for code, other in report.config.languages.items() if code != output.lang]
    css = edition.stylesheet("html/style.css", legible_figure_width=LEGIBLE_WIDTH)
    tree = htmltree.parse(body.body)
    images.embed_in_tree(tree, *images.edition_folders(report, output.lang, project.content))
    add_popovers(tree, lambda pages, plural: str(strings.page_locator(pages, plural)),
                 range_delimiter(edition.language.csl))
    add_backlinks(tree, str(strings.back_to_citation()))
    scroll_tables(tree)
    html = edition.render(
        "html/page.html.j2",
        toc=body.toc, body=htmltree.serialize(tree), css=css, alternates=alternates,
        downloads=_downloads(report, output, edition),
        **page_context(report, edition))
    return html.encode("utf-8")


def _downloads(report: Report, output, edition: EditionContext) -> list[dict]:
    """The edition's other files, beside the page in its folder: the PDF, the brief, the DOCX."""
    products = [("report", "pdf")] + [("brief", "pdf")] * bool(report.config.brief_sections) + [("report", "docx")]
    return [{"href": replace(output, product=product, fmt=fmt).path(Path(), report.config.slug).name,
             "label": str(edition.strings.format_label(product, fmt))}
            for product, fmt in products]


def scroll_tables(tree) -> None:
    """Each table in a box that scrolls sideways on a narrow screen, its caption above the box
    so that it stays in view (and names the table and the box)."""
    count = 0
    for table in list(htmltree.find_all(tree, "table")):
        caption = table[0] if len(table) and table[0].tag == "caption" and not (table.text or "").strip() else None
        if caption is None:
            _wrap(table, '<div class="table-scroll" tabindex="0">\n</div>')
            continue
        count += 1
        label = f"table-caption-{count}"
        paragraph, = htmltree.parse_elements(f'<p class="table-caption" id="{label}"></p>')
        paragraph.text, table.text = caption.text, caption.tail
        paragraph.extend(caption)
        table.remove(caption)
        table.set("aria-labelledby", label)
        box = _wrap(table, f'<div class="table-scroll" tabindex="0" role="region" aria-labelledby="{label}">\n</div>')
        paragraph.tail = "\n"
        box.addprevious(paragraph)


def _wrap(element, markup: str):
    """Put the element, on lines of its own, inside the empty element `markup` makes, in its place."""
    box, = htmltree.parse_elements(markup)
    box.tail, element.tail = element.tail, "\n"
    element.getparent().replace(element, box)
    box.append(element)
    return box


def _language_name(language) -> str:
    from babel import Locale

    locale = Locale.parse(language.locale)
    return locale.get_display_name(locale).split(" (")[0].split("（")[0]
