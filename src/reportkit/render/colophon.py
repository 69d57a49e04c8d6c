"""The colophon: publisher, rights, disclaimer, edition history and a suggested citation.

The suggested citation is the report itself as a bibliography entry, formatted by
citeproc with the edition's own style (GB/T 7714 in Chinese, Chicago in English),
so it reads exactly as the report's reference list would cite it.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from ..convert import run_pandoc
from ..text.localize import format_iso_date
from ..model import Report

ITEM_ID = "this-report"
_ENTRY = re.compile(r"^::: \{#ref-" + ITEM_ID + r"[^}]*\}\n(.*?)\n:::$", re.M | re.S)
_LEFT_MARGIN = re.compile(r"^\[.*?\]\{\.csl-left-margin\}")
_RIGHT_INLINE = re.compile(r"^\[(.*)\]\{\.csl-right-inline\}$", re.S)


def report_item(report: Report, lang: str, strings, brief: bool = False) -> dict:
    """The report (or its brief) as a CSL item: group author, title, publisher, date, series."""
    language = report.config.languages[lang]
    edition = report.config.edition
    year, month, day = (int(part) for part in edition.date.split("-"))
    title = str(strings.brief_title(language.title)) if brief else \
        str(strings.title_and_subtitle(language.title, language.subtitle))
    item = {"id": ITEM_ID, "type": "report", "language": language.bcp47,
            "title": title,
            "author": [{"literal": language.author}],
            "publisher": language.publisher or language.author,
            "issued": {"date-parts": [[year, month, day]]}}
    if language.series:
        item["collection-title"] = language.series
    if report.config.series_number:
        item["collection-number"] = report.config.series_number
    if len(report.config.editions) > 1:
        item["edition"] = str(strings.edition_name(edition.version))
    return item


def suggested_citation(item: dict, csl_path: str) -> str:
    """The item formatted as a reference-list entry by citeproc, as Markdown."""
    return _format_entry(json.dumps(item, ensure_ascii=False, sort_keys=True), csl_path)


@lru_cache(maxsize=8)
def _format_entry(item_json: str, csl_path: str) -> str:
    item = json.loads(item_json)
    meta = {"references": [item], "nocite": f"@{ITEM_ID}", "lang": item["language"]}
    # JSON is valid YAML, so no title can break the metadata block.
    document = "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}"
                                   for k, v in meta.items()) + "\n---\n"
    markdown = run_pandoc(document, "markdown-smart-citations",
                          ["--citeproc", f"--csl={csl_path}", "--wrap=none"])
    match = _ENTRY.search(markdown)
    entry = match.group(1).strip() if match else ""
    # A numeric style numbers the entry ([1]); a citation of the report has no number.
    entry = _LEFT_MARGIN.sub("", entry)
    inner = _RIGHT_INLINE.match(entry)
    return inner.group(1) if inner else entry


def colophon_markdown(edition, report: Report, citation: str, brief: bool = False) -> str:
    """The colophon section of an edition (an `EditionContext`), as pandoc Markdown.

    The brief's back page names its edition only, and how to reach the publisher.
    """
    language, strings, lang = edition.language, edition.strings, edition.lang
    editions = [{"name": str(strings.edition_name(e.version)),
                 "date": format_iso_date(e.date, language.locale),
                 "summary": e.summary.get(lang, "")}
                for e in report.config.editions]
    return edition.render(
        "markdown/colophon.md.j2", brief=brief, contact=language.contact,
        publisher=language.publisher or language.author, rights=language.rights,
        disclaimer=language.disclaimer, editions=editions[-1:] if brief else editions, citation=citation,
        series=str(strings.series_line(language.series, report.config.series_number))
        if language.series else "")
