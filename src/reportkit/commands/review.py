"""The reviewer's page: every paragraph, each citation with its anchor and the archived sentence around it.

An editor checks the report against its sources without opening them: the page
marks what the machine verified, lists what it could not, and lists the
sentences the report marks as its own arithmetic or judgment (`<<!reason>>`). It quotes the
archived texts, so it is for the team only: index.html never links it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..render.language import EditionContext
from ..errors import ContentError
from ..check.evidence import Evidence, Verdict, check_evidence
from ..load.report import load_report
from ..text.localize import format_amount
from ..text.markdown import CROSSREF, mask_code, paragraph_spans
from ..model import Report, Section
from ..project import Project
from ..check.records import CitationRecord, citation_records, inherit
from ..check.validate import validate
from ..write import atomic_write


@dataclass
class Cited:
    """One citation as the page shows it."""

    number: int
    record: CitationRecord
    verdict: Verdict | None    # of the source-language citation it stands for
    title: str
    passage: tuple[str, str, str] | None
    where: str                 # archive file, line and page of the passage
    passage_lang: str = ""     # the source's language (BCP 47)


def write_review(project: Project, langs: list[str] | None = None) -> list[Path]:
    """Write build/review/<lang>.html for each language; the archive must be there."""
    report = load_report(project.content)
    checked = validate(report)
    evidence = check_evidence(report, checked.amounts, project.archive, citations=checked.citations)
    if not evidence.sources:
        where = evidence.archive or "no folder named ('archive:' in report.yaml)"
        raise ContentError(f"no archived source to show: the archive is not available ({where})",
                           report.config.path, report.config.archive_line,
                           "make the team's source archive available, or give --archive PATH")
    written = []
    for lang in langs or list(report.config.languages):
        if lang not in report.config.languages:
            raise ContentError(f"unknown language '{lang}'", report.config.path, None,
                               f"use one of: {', '.join(report.config.languages)}")
        page = _page(project, report, checked, evidence, lang)
        written.append(atomic_write(project.out / "review" / f"{lang}.html", page.encode("utf-8")))
    return written


def _page(project: Project, report: Report, checked, evidence: Evidence, lang: str) -> str:
    language = report.config.languages[lang]
    edition = EditionContext.of(language, project.templates, project.catalogs)
    verdicts = {id(v.record): v for v in evidence.verdicts}
    source_lang = report.config.source_language
    amounts = {a.id: format_amount(a.amount, a.currency, language.locale, edition.strings, a.approx, a.qualifier)
               for a in checked.amounts}
    labels = {ref.id: (_title(ref, lang), str(ref.data.get("language") or "")) for ref in report.references}
    sections, counter = [], 0
    for section_id in report.config.all_sections:
        section = report.sections[lang].get(section_id)
        if section is None:
            continue
        if lang == source_lang:
            records = _same_records(evidence, section)
            stands_for = dict(enumerate(records))
        else:
            records = citation_records(section, checked.citations[lang][section_id])
            stands_for = inherit(_same_records(evidence, report.sections[source_lang].get(section_id)), records)
        paragraphs, counter = _paragraphs(section, records, stands_for, verdicts, labels, amounts, counter)
        findings = [p for p in evidence.problems if p.path == section.path]
        sections.append({"title": section.title, "path": section.path, "paragraphs": paragraphs,
                         "findings": findings})
    unanchored = [v.record for v in evidence.verdicts if v.status == "unanchored"]
    return edition.render(
        "review/page.html.j2",
        language=language, summary=evidence.summary(), sections=sections, unanchored=unanchored,
        judgments=[replace(j, sentence=_text(j.sentence, amounts)) for j in evidence.judgments],
        source_language_name=_language_name(report.config.languages[source_lang], language),
        is_source=lang == source_lang)


def _language_name(language, shown_in) -> str:
    """A language's name in another language's words: 'Chinese', '中文'."""
    from babel import Locale

    return Locale.parse(shown_in.locale).languages.get(Locale.parse(language.locale).language, language.code)


def _same_records(evidence: Evidence, section: Section | None) -> list[CitationRecord]:
    """The evidence check's own records of a source-language section (their verdicts are keyed by them)."""
    if section is None:
        return []
    return [v.record for v in evidence.verdicts if v.record.path == section.path]


def _paragraphs(section, records, stands_for, verdicts, labels, amounts, counter):
    plain = mask_code(section.body)
    paragraphs = []
    positions = {id(r): i for i, r in enumerate(records)}
    for index, (start, end) in enumerate(paragraph_spans(plain)):
        own = [r for r in records if r.paragraph_index == index]
        cited = []
        for record in own:
            counter += 1
            original = stands_for.get(positions[id(record)])
            verdict = verdicts.get(id(original)) if original is not None else None
            cited.append(_cited(counter, record, original, verdict, labels))
        line = section.body_line + section.body[:start].count("\n")
        paragraphs.append({"line": line, "parts": _parts(section.body[start:end], own, cited, amounts),
                           "cited": cited})
    return paragraphs, counter


def _cited(number: int, record: CitationRecord, original, verdict: Verdict | None, labels) -> Cited:
    passage, where = None, ""
    if verdict is not None and verdict.match is not None and verdict.source is not None:
        source, (start, end) = verdict.source, verdict.match
        passage = source.passage(start, end)
        page = source.page_at(start)
        where = f"{source.name}:{source.line_at(start)}" + (f", p. {page}" if page is not None else "")
    if original is not None and original is not record:
        record = _with_anchor(record, original)
    title, source_lang = labels.get(record.key, (record.key, ""))
    return Cited(number, record, verdict, title, passage, where, source_lang)


def _with_anchor(record: CitationRecord, original: CitationRecord) -> CitationRecord:
    return replace(record, anchor=original.anchor)


def _parts(paragraph: str, records, cited, amounts) -> list[tuple[str, object]]:
    """The paragraph as text and citation markers, anchors and brackets left out."""
    spans: dict[int, tuple[int, list[int]]] = {}
    for record, item in zip(records, cited):
        start = record.sentence_start + record.cite_start
        spans.setdefault(start, (record.sentence_start + record.cite_end, []))[1].append(item.number)
    parts, last = [], 0
    for start in sorted(spans):
        end, numbers = spans[start]
        parts += [("text", _text(paragraph[last:start], amounts)), ("cite", numbers)]
        last = end
    parts.append(("text", _text(paragraph[last:], amounts)))
    return parts


def _text(text: str, amounts) -> str:
    def amount(match: re.Match) -> str:
        kind, name = match.groups()
        return amounts.get(name, match.group(0)) if kind == "amt" else match.group(0)

    return CROSSREF.sub(amount, text)


def _title(ref, lang: str) -> str:
    """A short label of an entry in an edition: authors, year, title."""
    data = dict(ref.data)
    data.update((data.get("forms") or {}).get(lang) or {})
    names = []
    for author in data.get("author") or []:
        family, given = str(author.get("family", "")), str(author.get("given", ""))
        # A Chinese name is written family name first without a space.
        names.append(author.get("literal") or (f"{family} {given}" if family.isascii() else family + given))
    parts = ((data.get("issued") or {}).get("date-parts") or [[""]])[0]
    year = str(parts[0]) if parts else ""
    return " ".join(filter(None, ["; ".join(str(n).strip() for n in names), year, str(data.get("title") or "")]))
