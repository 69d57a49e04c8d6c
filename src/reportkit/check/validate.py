"""Stage 2: check everything loaded, and report every problem at once."""

from __future__ import annotations

import difflib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from ..text.citations import Citation, find_citations, paragraphs_with_keys, style_source
from ..text.facts import FACTS
from ..text.textmaps import stray_keys
from ..load.data import Amount, Event, parse_amounts, parse_events
from ..text.bibforms import has_translation
from ..text.dates import DATE_FORMS, parse_issued
from ..errors import ConfigError, Problem, ValidationFailed
from ..load.exhibits import check_exhibits, check_placements, unknown
from .glyphs import missing_glyphs
from ..load.images import check_images
from ..text.languages import entry_language, is_cjk, primary_language
from ..text.localize import check_locale
from ..text.markdown import CROSSREF
from ..model import SECTION_FIELDS, Report
from .staleness import stale_translations



@dataclass
class Checked:
    """What validation returns: the typed data, every problem found, and the citations pandoc found."""

    events: list[Event]
    amounts: list[Amount]
    problems: list[Problem]
    citations: dict[str, dict[str, list[Citation]]] = field(default_factory=dict)   # lang → section id → …
    verified_share: float | None = None   # of the citations, those verified against the archive (once checked)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def validate(report: Report) -> Checked:
    """Run every check on a loaded report."""
    # Pandoc reads each language's sections while the other checks run.
    with ThreadPoolExecutor(max_workers=max(1, len(report.sections))) as pool:
        citations = {lang: pool.submit(find_citations, list(sections.values()), _previous_bodies(report, lang))
                     for lang, sections in report.sections.items()}
        return _validate(report, citations)


def _previous_bodies(report: Report, lang: str) -> list[str]:
    """The last edition's section texts in a language, which its changes pages compare the text with."""
    if len(report.config.editions) < 2:
        return []
    recorded = report.snapshots.get(report.config.editions[-2].version) or {}
    return [section["body"] for section in recorded.get("sections", {}).get(lang, {}).values()]


def _check_text_maps(report: Report, languages: tuple[str, ...]) -> list[Problem]:
    """Texts per language in report.yaml and the data files hold nothing but the languages."""
    problems = stray_keys(report.config_tree, languages, report.config.path)
    for name, tree in report.data.items():
        problems += stray_keys(tree, languages, report.data_paths.get(name, name))
    return problems


def _validate(report: Report, citations: dict[str, Future]) -> Checked:
    problems: list[Problem] = []
    problems += _check_languages(report)
    problems += _check_sections(report)
    ref_ids = _reference_ids(report)
    problems += _check_references(report)
    languages = tuple(report.config.languages)
    events, event_problems = parse_events(report.data.get("timeline"),
                                          report.data_paths.get("timeline", "timeline"), report.config)
    amounts, amount_problems = parse_amounts(report.data.get("amounts"),
                                             report.data_paths.get("amounts", "amounts"), languages)
    problems += event_problems + amount_problems
    problems += _check_text_maps(report, languages)
    # A source cited only by a table row is cited in every edition too.
    cited_by_data = {item.source for item in events + amounts}
    found = {lang: dict(zip(report.sections[lang], future.result())) for lang, future in citations.items()}
    problems += _check_citations(report, ref_ids, cited_by_data, found)
    problems += _check_data_sources(report, events, amounts, ref_ids)
    problems += check_exhibits(report)
    problems += check_placements(report)
    problems += _check_crossrefs(report, _declared_amount_ids(report))
    problems += _check_event_amounts(report, events, _declared_amount_ids(report))
    problems += _check_key_numbers(report, events, _declared_amount_ids(report))
    problems += _check_brief_styles(report)
    problems += check_images(report)
    problems += _check_front_matter(report)
    problems += missing_glyphs(report)
    problems += stale_translations(report)
    problems.sort(key=lambda p: (p.severity != "error", p.path, p.line or 0))
    return Checked(events, amounts, problems, found)


def ensure_valid(checked: Checked) -> Checked:
    """Raise ValidationFailed when any error was found."""
    if checked.errors:
        raise ValidationFailed(checked.problems)
    return checked


def _check_languages(report: Report) -> list[Problem]:
    problems = []
    path = report.config.path
    for lang in report.config.languages.values():
        try:
            check_locale(lang.locale, path, lang.line)
        except ConfigError as exc:
            problems.append(Problem(path, exc.line, exc.message, exc.hint))
        try:
            style_source(lang.csl)
        except ConfigError as exc:
            problems.append(Problem(path, lang.line, exc.message, exc.hint))
    return problems


def _check_sections(report: Report) -> list[Problem]:
    config, problems = report.config, []
    for lang in config.languages:
        for section_id in config.all_sections:
            section = report.sections[lang].get(section_id)
            listed_in = "'sections'" if section_id in config.sections else "'brief.sections'"
            if section is None:
                problems.append(Problem(
                    config.path, config.section_lines.get(section_id),
                    f"section '{section_id}' is missing in '{lang}'",
                    f"create content/{lang}/{section_id}.md or remove it from {listed_in}"))
            elif not section.body.strip():
                problems.append(Problem(section.path, section.body_line, "the section has no text",
                                        f"write the section or remove it from {listed_in}"))
    for extra in report.extra_files:
        problems.append(Problem(extra, None, "no metadata lists this file",
                                "add it to 'sections' (or 'brief.sections') in report.yaml or delete it",
                                "warning"))
    return problems


def _reference_ids(report: Report) -> set[str]:
    return {ref.id for ref in report.references if ref.id}


def _check_references(report: Report) -> list[Problem]:
    problems, seen = [], {}
    for ref in report.references:
        if not ref.id:
            problems.append(Problem(ref.path, ref.line, "bibliography entry without an id",
                                    "add 'id: <key>'"))
            continue
        if ref.id in seen:
            problems.append(Problem(ref.path, ref.data.line_of("id"),
                                    f"duplicate bibliography key '{ref.id}' (first on line {seen[ref.id]})",
                                    "give each entry its own id"))
        seen.setdefault(ref.id, ref.line)
        title = ref.data.get("title")
        if not isinstance(title, str) or not title.strip():
            problems.append(Problem(ref.path, ref.line, f"bibliography entry '{ref.id}' has no title",
                                    "add 'title:' (for an untitled work, a description in [brackets])"))
        problems += _check_issued(ref)
        problems += _check_names(ref)
        problems += _check_language(ref)
        problems += _check_translated_titles(ref, report.config.languages)
    return problems


NAME_ROLES = ("author", "editor", "translator", "container-author", "collection-editor", "director",
              "interviewer", "recipient", "reviewed-author")


def _check_names(ref) -> list[Problem]:
    """Each person or body named in an entry has a name to print: a family name or a literal one."""
    problems = []
    for role in NAME_ROLES:
        if role not in ref.data:
            continue
        names = ref.data[role]
        line = ref.data.line_of(role)
        if not isinstance(names, list) or not names:
            problems.append(Problem(ref.path, line, f"entry '{ref.id}': '{role}' is not a list of names",
                                    f"write {role}: [{{family: …, given: …}}] or [{{literal: …}}]"))
            continue
        for index, name in enumerate(names, start=1):
            printed = (name.get("family") or name.get("literal")) if isinstance(name, dict) else None
            if not isinstance(printed, str) or not printed.strip():
                where = name.line if hasattr(name, "line") else line
                problems.append(Problem(ref.path, where, f"entry '{ref.id}': {role} {index} has no name",
                                        "give 'family:' (and 'given:'), or 'literal:' for an organisation; "
                                        f"or remove the {role}"))
    return problems


def _check_language(ref) -> list[Problem]:
    """An entry's language chooses its form in each edition; say when it has to be guessed."""
    stated = ref.data.get("language")
    if primary_language(stated):
        return []
    guessed, _ = entry_language(ref.data)
    taken = f"taken as '{guessed}' from the script of its title" if guessed \
        else "set as each style sets it by default"
    if stated is None:
        message = f"entry '{ref.id}' has no language ({taken})"
    else:
        message = f"entry '{ref.id}': '{stated}' is not a language tag ({taken})"
    return [Problem(ref.path, ref.data.line_of("language"), message,
                    "add language: with a tag such as zh-CN, zh-Hant, ja or en", "warning")]


def _check_translated_titles(ref, languages) -> list[Problem]:
    """In an edition not in Chinese, Japanese or Korean, a title in another language
    carries its translation in brackets (GB/T editions set each entry in its own language)."""
    language, _ = entry_language(ref.data)
    forms = ref.data.get("forms") if isinstance(ref.data.get("forms"), dict) else {}
    problems = []
    for edition in languages:
        if language is None or language == edition or is_cjk(edition):
            continue
        form = forms.get(edition) if isinstance(forms.get(edition), dict) else {}
        title = form.get("title", ref.data.get("title"))
        if has_translation(title):
            continue
        line = form.line_of("title") if "title" in form else ref.data.line_of("title")
        problems.append(Problem(ref.path, line, f"entry '{ref.id}' has no translated title in the "
                                f"'{edition}' edition",
                                f"write forms.{edition}.title as the romanized title followed by its "
                                "translation in [brackets]", "warning"))
    return problems


def _check_issued(ref) -> list[Problem]:
    if "issued" not in ref.data:
        return []
    try:
        parse_issued(ref.data["issued"])
    except ValueError as exc:
        return [Problem(ref.path, ref.data.line_of("issued"), f"entry '{ref.id}': invalid date ({exc})",
                        f"write issued: {DATE_FORMS} (or date-parts: [[YYYY, MM, DD]])")]
    return []


def _check_citations(report: Report, ref_ids: set[str], cited_by_data: set[str],
                     found: dict[str, dict[str, list[Citation]]]) -> list[Problem]:
    problems, cited = [], set(cited_by_data)
    by_section: dict[str, dict[str, set[str]]] = {}
    for lang, sections in report.sections.items():
        for section in sections.values():
            citations = found[lang][section.id]
            by_section.setdefault(section.id, {})[lang] = {c.key for c in citations}
            for citation in citations:
                cited.add(citation.key)
                if citation.key not in ref_ids:
                    near = difflib.get_close_matches(citation.key, sorted(ref_ids), n=1)
                    hint = f"did you mean '{near[0]}'?" if near else "add it to the bibliography"
                    problems.append(Problem(section.path, citation.line,
                                            f"unknown citation key '{citation.key}'", hint))
    for section_id, per_lang in by_section.items():
        # An unknown key is reported as such: comparing the languages through it would blame the other one.
        if all(keys <= ref_ids for keys in per_lang.values()):
            problems += _compare_citation_sets(report, section_id, per_lang, found)
    for ref in report.references:
        if ref.id and ref.id not in cited:
            problems.append(Problem(ref.path, ref.line, f"bibliography entry '{ref.id}' is never cited",
                                    "cite it or remove it", "warning"))
    return problems


def _compare_citation_sets(report: Report, section_id: str, per_lang: dict[str, set[str]],
                           found: dict) -> list[Problem]:
    source = report.config.source_language
    if source not in per_lang:
        return []
    problems = []
    for lang, keys in per_lang.items():
        if lang == source:
            continue
        if keys == per_lang[source]:
            problems += _compare_paragraphs(report.sections[source][section_id],
                                            report.sections[lang][section_id],
                                            found[source][section_id], found[lang][section_id])
            continue
        section = report.sections[lang][section_id]
        only_here = sorted(keys - per_lang[source])
        missing = sorted(per_lang[source] - keys)
        detail = "; ".join(filter(None, [
            f"cites {', '.join(only_here)} which '{source}' does not" if only_here else "",
            f"lacks {', '.join(missing)} which '{source}' cites" if missing else ""]))
        line = _line_of_difference(report.sections[source][section_id], section, found[source][section_id],
                                   found[lang][section_id], only_here, missing)
        problems.append(Problem(section.path, line,
                                f"citations differ from the '{source}' version: {detail}",
                                "make both languages cite the same sources"))
    return problems


def _line_of_difference(original, translation, original_citations, translation_citations,
                        only_here: list[str], missing: list[str]) -> int:
    """Where a reader of the translation finds the difference: the first citation of a key only
    it cites, else the paragraph matching the first source paragraph that cites a missing key."""
    extra = [c.line for c in translation_citations if c.key in only_here]
    if extra:
        return min(extra)
    source = paragraphs_with_keys(original, original_citations)
    target = paragraphs_with_keys(translation, translation_citations)
    for index, (_, keys) in enumerate(source):
        if keys & set(missing) and index < len(target):
            return target[index][0]
    return translation.body_line


def _compare_paragraphs(original, translation, original_citations, translation_citations) -> list[Problem]:
    """Paragraph by paragraph, a translation should cite what its source paragraph cites."""
    source = paragraphs_with_keys(original, original_citations)
    target = paragraphs_with_keys(translation, translation_citations)
    if len(source) != len(target):
        return [Problem(translation.path, translation.body_line,
                        f"{len(target)} paragraphs where {original.path} has {len(source)}",
                        "keep the paragraphs of both languages aligned", "warning")]
    return [Problem(translation.path, line, f"paragraph cites {', '.join(sorted(keys)) or 'nothing'} "
                    f"but its source paragraph (line {source_line}) cites "
                    f"{', '.join(sorted(source_keys)) or 'nothing'}",
                    "cite the same sources in both languages", "warning")
            for (source_line, source_keys), (line, keys) in zip(source, target) if keys != source_keys]


def _check_data_sources(report, events, amounts, ref_ids) -> list[Problem]:
    problems = []
    for name, items in (("timeline", events), ("amounts", amounts)):
        path = report.data_paths.get(name, name)
        for item in items:
            if item.source and item.source not in ref_ids:
                problems.append(Problem(path, item.line, f"source '{item.source}' is not in the bibliography",
                                        "use a bibliography key"))
    return problems


def _declared_amount_ids(report: Report) -> set[str]:
    """Ids in the amounts file, valid or not, so one bad amount is reported once."""
    raw = report.data.get("amounts")
    items = raw.get("amounts") if isinstance(raw, dict) else None
    return {str(i.get("id")) for i in items or () if isinstance(i, dict) and i.get("id")}


def _check_event_amounts(report: Report, events, amount_ids: set[str]) -> list[Problem]:
    path = report.data_paths.get("timeline", "timeline")
    return [Problem(path, event.line, f"unknown reference '@amt:{name}'",
                    f"use one of: {', '.join(sorted(amount_ids))}")
            for event in events for text in event.text.values()
            for kind, name in CROSSREF.findall(text) if kind == "amt" and name not in amount_ids]


def event_key(date) -> str:
    """An event's date as report.yaml names it: 2016-08, 2019-12-19."""
    return "-".join([f"{date.year:04d}"] + [f"{part:02d}" for part in (date.month, date.day) if part])


def _check_key_numbers(report: Report, events, amount_ids: set[str]) -> list[Problem]:
    """Each figure of the brief's box names an amount or a single timeline event, and its label's
    @amt: references exist."""
    facts, problems = report.config.key_facts, []
    if facts is None:
        return problems
    dates = [event_key(e.date) for e in events]
    for number in facts.numbers:
        if number.amount and number.amount not in amount_ids:
            problems.append(Problem(report.config.path, number.line, f"unknown amount '{number.amount}'",
                                    f"use one of: {', '.join(sorted(amount_ids))}"))
        if number.event and dates.count(number.event) != 1:
            problems.append(Problem(report.config.path, number.line,
                                    f"no single timeline event is dated '{number.event}'"
                                    + (f" ({dates.count(number.event)} are)" if dates.count(number.event) else ""),
                                    "name the date of one event as the timeline writes it (2016-08)"))
        problems += [Problem(report.config.path, number.line, f"unknown reference '@amt:{name}'",
                             f"use one of: {', '.join(sorted(amount_ids))}")
                     for text in number.label.values()
                     for kind, name in CROSSREF.findall(text) if kind == "amt" and name not in amount_ids]
    return problems


def _check_brief_styles(report: Report) -> list[Problem]:
    problems = []
    for style in report.config.brief_csl.values():
        try:
            style_source(style)
        except ConfigError as exc:
            problems.append(Problem(report.config.path, report.config.brief_csl_line, exc.message, exc.hint))
    return problems


def _check_crossrefs(report: Report, amount_ids: set[str]) -> list[Problem]:
    problems = []
    for sections in report.sections.values():
        for section in sections.values():
            for offset, text in enumerate(section.body.split("\n")):
                for kind, name in CROSSREF.findall(text):
                    if kind == "report":
                        if name not in FACTS:
                            problems.append(Problem(section.path, section.body_line + offset,
                                                    f"unknown fact '@report:{name}'",
                                                    f"use one of: {', '.join(sorted(FACTS))}"))
                    elif kind != "amt":
                        problems += unknown(report, section.path, section.body_line + offset, kind, name,
                                            f"@{kind}:{name}")
                    elif name not in amount_ids:
                        problems.append(Problem(section.path, section.body_line + offset,
                                                f"unknown reference '@{kind}:{name}'",
                                                f"use one of: {', '.join(sorted(amount_ids))}"))
    return problems


def _check_front_matter(report: Report) -> list[Problem]:
    """A field no part of the engine reads is a warning: it is most likely misspelt."""
    known = ", ".join(SECTION_FIELDS)
    return [Problem(section.path, section.meta.line_of(key), f"unknown field '{key}'",
                    f"known fields: {known}", "warning")
            for sections in report.sections.values() for section in sections.values()
            for key in section.meta if key not in SECTION_FIELDS]
