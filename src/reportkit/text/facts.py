"""Facts the report states about itself, written `@report:<name>` in a section and computed from
its content, so that a sentence such as "this report rests on five sources" follows the data."""

from __future__ import annotations

from babel.numbers import format_percent

from .dates import PartialDate, parse_issued
from .localize import format_iso_date, format_partial_date
from ..model import Report

FACTS = {
    "sources": "the number of sources in the bibliography, in words up to ten",
    "edition": "the current edition's version",
    "date": "the current edition's date",
    "newest-source": "the date of the most recent source, as precise as its entry gives it",
    "verified": "the share of citations verified against the source archive",
}


def report_facts(report: Report, locale: str, strings, verified_share: float | None = None) -> dict[str, str]:
    """Each fact of FACTS as this edition's language writes it; `verified_share` is the
    evidence check's result, when it ran."""
    edition = report.config.edition
    newest = _newest_issued(report)
    return {
        "sources": str(strings.count_in_words(len(report.references))),
        "edition": edition.version,
        "date": format_iso_date(edition.date, locale),
        "newest-source": format_partial_date(newest, locale) if newest else str(strings.no_date()),
        "verified": (format_percent(verified_share, locale=locale) if verified_share is not None
                     else str(strings.not_verifiable())),
    }


def _newest_issued(report: Report) -> PartialDate | None:
    dates = []
    for ref in report.references:
        try:
            issued = parse_issued(ref.data.get("issued"))
        except ValueError:
            continue   # the checks report a malformed date
        if issued is not None:
            dates.append(issued)
    return max(dates, key=lambda d: (d.year, d.month or 0, d.day or 0), default=None)
