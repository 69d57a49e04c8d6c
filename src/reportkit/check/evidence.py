"""Stage 2, evidence: each citation of the source language checked against the archived text it cites.

A machine checks that the cited passage exists where the citation says: the
anchor is in the source (on the cited page), a quotation is the source's own
wording, a number of the sentence is stated by the source. Whether the sentence
reads the passage fairly stays the editor's job (`invoke review`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..check import archive as archives
from ..text.anchors import MAX_ANCHOR, anchor_length
from ..text.citations import Citation, find_citations
from .claims import MarkedJudgment, check_claims
from ..errors import Problem
from ..text.markdown import BLOCK_START, CROSSREF, mask_code
from ..model import Report, Section
from ..text.numbers import amount_value, entry_numbers, report_numbers
from .records import MASK, CitationRecord, citation_records
from .validate import Checked

IGNORE = "evidence_ignore"
_QUOTE = re.compile(r"“([^“”]+)”|「([^「」]+)」|\"([^\"]+)\"")
# Not a claim of the sentence: link targets, tags, list markers (and cross-references).
_NOT_PROSE = re.compile(rf"\]\([^)]*\)|<[^>]+>|^{BLOCK_START.pattern}", re.M)
_PAGES = re.compile(r"^(?:pp?\.|pages?|页|第)?\s*([0-9][0-9\s,，–—-]*)页?$")
MIN_QUOTATION = 6


@dataclass
class Verdict:
    """What the check found for one citation."""

    record: CitationRecord
    status: str                       # verified | failed | unanchored | unverified
    reason: str = ""
    source: archives.SourceText | None = None
    match: tuple[int, int] | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Evidence:
    """Every citation's verdict, the problems found, and where the archive is."""

    verdicts: list[Verdict]
    problems: list[Problem]
    sources: dict[str, archives.SourceText] = field(default_factory=dict)
    archive: Path | None = None
    archive_found: bool = False
    judgments: list[MarkedJudgment] = field(default_factory=list)   # the report's own, marked <<!…>>

    def count(self, *statuses: str) -> int:
        return sum(v.status in statuses for v in self.verdicts)

    def summary(self) -> str:
        """One line: 'evidence: 57/57 citations anchored (100 %), 57 verified'."""
        total = len(self.verdicts)
        if not total:
            return "evidence: no citations"
        anchored = total - self.count("unanchored")
        line = f"evidence: {anchored}/{total} citations anchored ({100 * anchored // total} %)"
        if not self.archive_found:
            return f"{line}, none verified (no archive)"
        line += f", {self.count('verified')} verified"
        failed, unverified = self.count("failed"), self.count("unverified")
        if failed:
            line += f", {failed} failed"
        if unverified:
            line += f", {unverified} not verifiable"
        return line


def check_evidence(report: Report, amounts=(), archive: Path | None = None, strict: bool = False,
                   citations: dict[str, dict[str, list[Citation]]] | None = None) -> Evidence:
    """Check every citation of the source language against the archive.

    `archive` replaces the folder report.yaml names; `strict` makes every warning
    about the evidence (no anchor, a number not found, an inferred page, an
    uncited claim) an error. Uncited claims are found by `claims.check_claims`.
    `citations` are those validation found (`Checked.citations`); without them
    they are found again (from validation's parse while it is cached).
    """
    level = "error" if strict else "warning"
    if not citations:
        citations = {lang: dict(zip(sections, find_citations(list(sections.values()))))
                     for lang, sections in report.sections.items()}
    source = report.config.source_language
    sections = report.sections.get(source, {}).values()
    by_section = [(section, citation_records(section, citations[source][section.id])) for section in sections]
    records = [r for _, found in by_section for r in found]
    recorded, problems = archives.read_records(report.references)
    root = archives.folder(report, archive)
    sources: dict[str, archives.SourceText] = {}
    anchored = sum(r.anchor is not None for r in records)
    found_archive = root is not None and root.is_dir()
    if found_archive:
        sources, found = archives.open_sources(recorded, root)
        problems += found + _unrecorded(report, records, recorded, level)
        for ref in report.references:
            if ref.id in sources:
                sources[ref.id].dated = entry_numbers(ref.data)
    elif records and (anchored or root is not None):
        problems.append(_no_archive(report, root, archive, anchored))
    verdicts = [_verdict(r, recorded, sources, level) for r in records]
    # A report that names no archive and writes no anchor does not use pinpoints:
    # its citations are not each reported as unanchored.
    uses_anchors = root is not None or anchored > 0
    problems += [p for v in verdicts for p in v.problems if uses_anchors or v.status != "unanchored"]
    numbers = {a.id: a for a in amounts}
    for section, found in by_section:
        problems += _sentence_checks(section, found, sources, numbers, level)
    problems += _translation_anchors(report, citations)
    claims = check_claims(report, citations, strict)
    problems += claims.problems
    return Evidence(verdicts, problems, sources, root, found_archive, claims.judgments)


def _translation_anchors(report: Report, citations) -> list[Problem]:
    """Anchors written in a translation: it inherits its source paragraph's, so they are never read."""
    source = report.config.source_language
    return [Problem(r.path, r.line, f"anchor '{r.anchor}' in a translation is not checked",
                    f"remove it: each citation inherits the anchor of its '{source}' paragraph", "warning")
            for lang, sections in report.sections.items() if lang != source
            for section in sections.values() if "<<" in section.body
            for r in citation_records(section, citations[lang][section.id]) if r.anchor is not None]


def _no_archive(report: Report, root: Path | None, override: Path | None, anchored: int) -> Problem:
    config = report.config
    if root is None:
        return Problem(config.path, None, f"no archive folder is named: {anchored} anchors not verified",
                       "add 'archive: PATH' to report.yaml (relative to the folder holding content/), "
                       "or give --archive PATH", "warning")
    named = f"'{override}' (--archive)" if override else f"'{config.archive}'"
    return Problem(config.path, None if override else config.archive_line,
                   f"archive folder {named} not found: {anchored} anchors, and the quotations and numbers "
                   "of cited sentences, not verified",
                   f"make the team's source archive available at {root}, or give --archive PATH", "warning")


def _unrecorded(report: Report, records, recorded, level: str) -> list[Problem]:
    counts: dict[str, int] = {}
    for record in records:
        if record.key not in recorded:
            counts[record.key] = counts.get(record.key, 0) + 1
    return [Problem(ref.path, ref.line, f"'{ref.id}' has no archive record: its {counts[ref.id]} "
                    "citations cannot be verified",
                    "archive its text and record it (invoke add-source --text FILE, or "
                    "archive: {file, sha256, archived})", level)
            for ref in report.references if ref.id in counts]


def _verdict(record: CitationRecord, recorded, sources, level: str) -> Verdict:
    if record.anchor is None:
        locator = f", {record.locator}" if record.locator else ""
        return Verdict(record, "unanchored", "no anchor", problems=[Problem(
            record.path, record.line, f"citation of '{record.key}' has no anchor",
            f"add a phrase of the cited passage: [@{record.key}{locator} <<…>>]", level)])
    form = _anchor_form(record)
    if form:
        return Verdict(record, "failed", form.message, problems=[form])
    source = sources.get(record.key)
    if source is None:
        reason = "no archive record" if record.key not in recorded else "archive text unavailable"
        return Verdict(record, "unverified", reason)
    return _locate(record, source, level)


def _anchor_form(record: CitationRecord) -> Problem | None:
    where = (record.path, record.line)
    if record.anchor_count > 1:
        return Problem(*where, f"{record.anchor_count} anchors for one citation of '{record.key}'",
                       "keep one anchor per cited item")
    if not record.anchor.strip():
        return Problem(*where, f"empty anchor for '{record.key}'",
                       "write a phrase of the cited passage between << and >>")
    length = anchor_length(record.anchor)
    if length > MAX_ANCHOR:
        return Problem(*where, f"anchor '{record.anchor}' of '{record.key}' has {length} characters",
                       f"shorten it to a distinctive phrase of at most {MAX_ANCHOR}")
    return None


def _locate(record: CitationRecord, source: archives.SourceText, level: str) -> Verdict:
    places = source.find(archives.normalized(record.anchor))
    where = (record.path, record.line)
    if not places:
        return Verdict(record, "failed", "not in the source", source, problems=[Problem(
            *where, f"anchor '{record.anchor}' is not in {record.key} ({source.name})",
            "copy a phrase of the cited passage exactly as the source writes it")])
    cited = cited_pages(record.locator)
    if cited and not source.boundaries:
        return Verdict(record, "verified", "", source, places[0], [Problem(
            *where, f"cannot check {record.locator} of {record.key}: its archive record lists no pages",
            "add the page starts to its archive record, or drop the locator", level)])
    if not cited:
        return Verdict(record, "verified", "", source, places[0])
    return _on_page(record, source, places, cited, level)


def _on_page(record, source, places, cited: list[int], level: str) -> Verdict:
    where = (record.path, record.line)
    outside = [p for p in cited if p not in source.pages]
    if outside:
        return Verdict(record, "failed", "no such page", source, places[0], [Problem(
            *where, f"p. {outside[0]} is not a page of {record.key} "
            f"(pp. {source.pages[0]}–{source.pages[-1]} in the archive)", "correct the locator")])
    for start, end in places:
        if source.page_at(start) in cited or source.page_at(end - 1) in cited:
            return Verdict(record, "verified", "", source, (start, end))
    found = sorted({source.page_at(start) for start, _ in places})
    # A boundary worked out from the layout may be off: the finding is then a warning.
    inferred = any(source.inferred_between(page, wanted) for page in found for wanted in cited)
    pages = ", ".join(f"p. {p}" for p in found)
    message = f"anchor '{record.anchor}' is on {pages} of {record.key}, not on {record.locator} as cited"
    if inferred:
        message += " (a page start between them is inferred from the text's layout)"
    return Verdict(record, "failed", f"on {pages}", source, places[0], [Problem(
        *where, message, f"correct the locator, or anchor a phrase of {record.locator}",
        level if inferred else "error")])


def cited_pages(locator: str) -> list[int]:
    """The pages a locator names: 'p. 69' → [69], 'pp. 69–71' → [69, 70, 71]; [] for no page."""
    match = _PAGES.match(locator.strip().strip("{}").strip())
    if not match:
        return []
    pages = []
    for part in re.split(r"[,，]", match.group(1)):
        ends = [int(n) for n in re.findall(r"[0-9]+", part)]
        if len(ends) == 1:
            pages.append(ends[0])
        elif len(ends) == 2 and ends[0] <= ends[1] <= ends[0] + 50:
            pages += range(ends[0], ends[1] + 1)
    return pages


# Sentences: quotations and numbers -------------------------------------------

def _sentence_checks(section: Section, records, sources, amounts, level: str) -> list[Problem]:
    ignores, problems = _ignore_list(section)
    findings = []
    for sentence in _sentences(records):
        problems += _quotations(sentence, sources)
        findings += _numbers(sentence, sources, amounts, level)
    for problem, shown, keys in findings:
        entry = next((e for e in ignores if e["number"] == shown and (not e["source"] or e["source"] in keys)),
                     None)
        if entry is None:
            problems.append(problem)
        else:
            entry["used"] = True
    problems += [Problem(section.path, e["line"], f"'{IGNORE}' entry for {e['number']} answers no warning",
                         "remove it", "warning") for e in ignores if not e["used"]]
    return problems


def _ignore_list(section: Section) -> tuple[list[dict], list[Problem]]:
    raw = section.meta.get(IGNORE) if section.meta else None
    if raw is None:
        return [], []
    line = section.meta.line_of(IGNORE) if hasattr(section.meta, "line_of") else 1
    hint = f"list entries as {IGNORE}: [{{number: \"1990\", source: KEY, reason: why it is right}}]"
    if not isinstance(raw, list):
        return [], [Problem(section.path, line, f"'{IGNORE}' must be a list", hint)]
    entries, problems = [], []
    for index, item in enumerate(raw):
        item_line = raw.line_of_item(index) if hasattr(raw, "line_of_item") else line
        if not isinstance(item, dict) or item.get("number") in (None, "") \
                or not str(item.get("reason") or "").strip():
            problems.append(Problem(section.path, item_line,
                                    f"'{IGNORE}' entry needs a 'number' and a 'reason'", hint))
            continue
        entries.append({"number": str(item["number"]), "source": str(item.get("source") or ""),
                        "line": item_line, "used": False})
    return entries, problems


def _sentences(records: list[CitationRecord]) -> list[list[CitationRecord]]:
    """The records grouped by the sentence that holds them, in order."""
    groups: dict[tuple, list[CitationRecord]] = {}
    for record in records:
        groups.setdefault((record.paragraph_line, record.sentence_start), []).append(record)
    return list(groups.values())


def _citations(sentence: list[CitationRecord]) -> list[tuple[int, int, list[str]]]:
    """(start, end, keys) of each citation of a sentence."""
    spans: dict[tuple[int, int], list[str]] = {}
    for record in sentence:
        spans.setdefault((record.cite_start, record.cite_end), []).append(record.key)
    return [(start, end, keys) for (start, end), keys in sorted(spans.items())]


def _prose(sentence: list[CitationRecord]) -> str:
    """The sentence with its citations masked and its code blanked, offsets kept."""
    text = list(mask_code(sentence[0].sentence))
    for start, end, _ in _citations(sentence):
        text[start:end] = MASK * (end - start)
    return "".join(text)


def _owner(citations, offset: int, trailing: bool) -> list[str] | None:
    """The keys of the citation that follows an offset; after the last one, its keys (or None)."""
    for start, _, keys in citations:
        if start >= offset:
            return keys
    return citations[-1][2] if trailing and citations else None


def _quotations(sentence: list[CitationRecord], sources) -> list[Problem]:
    record, text, citations = sentence[0], _prose(sentence), _citations(sentence)
    problems = []
    for match in _QUOTE.finditer(text):
        quoted = next(g for g in match.groups() if g is not None)
        keys = _owner(citations, match.end(), trailing=False)
        texts = [sources[k] for k in keys or () if k in sources]
        phrase = archives.normalized(quoted)
        if len(phrase) < MIN_QUOTATION or not texts or any(t.find(phrase) for t in texts):
            continue
        problems.append(Problem(record.path, record.line_at(match.start()),
                                f"quotation {match.group(0)} is not in {_names(texts)}",
                                "quote the source word for word, or drop the quotation marks and paraphrase"))
    return problems


def _numbers(sentence: list[CitationRecord], sources, amounts, level: str) -> list[tuple[Problem, str, list]]:
    record, citations = sentence[0], _citations(sentence)
    text = _NOT_PROSE.sub(lambda m: " " * len(m.group(0)), _prose(sentence))
    stated = []
    for match in CROSSREF.finditer(text):
        amount = amounts.get(match.group(2)) if match.group(1) == "amt" else None
        if amount is not None:
            stated.append((f"@amt:{amount.id}", amount_value(amount.amount), match.start(),
                           f"amount @amt:{amount.id} ({amount.amount:.0f} {amount.currency})"))
    text = CROSSREF.sub(lambda m: " " * len(m.group(0)), text)
    stated += [(shown, value, offset, f"number {shown}") for shown, value, offset in report_numbers(text)]
    findings = []
    for shown, value, offset, what in stated:
        keys = _owner(citations, offset, trailing=True) or []
        texts = [sources[k] for k in keys if k in sources]
        if not texts or any(value in t.numbers for t in texts):
            continue
        problem = Problem(record.path, record.line_at(offset), f"{what} is not in {_names(texts)}",
                          f"check it against the source; if the source states it another way, list it "
                          f"under '{IGNORE}' in the front matter with a reason", level)
        findings.append((problem, shown, keys))
    return findings


def _names(texts) -> str:
    return " or ".join(f"{t.key} ({t.name})" for t in texts)


def with_evidence(checked: Checked, evidence: Evidence) -> Checked:
    """The checks' result with the evidence problems merged in, errors first."""
    problems = sorted(checked.problems + evidence.problems,
                      key=lambda p: (p.severity != "error", p.path, p.line or 0))
    total = len(evidence.verdicts)
    share = evidence.count("verified") / total if total and evidence.archive_found else None
    return Checked(checked.events, checked.amounts, problems, checked.citations, share)
