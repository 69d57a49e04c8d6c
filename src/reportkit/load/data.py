"""The report's data files (timeline, amounts), typed and checked against their schema."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from babel.numbers import list_currencies

from ..text.dates import PartialDate, parse_partial_date
from ..errors import Problem
from ..model import Config

AMOUNT_KINDS = ("aid", "loan", "grant", "investment", "trade")


@dataclass(frozen=True)
class Event:
    """One dated event of the chronology."""

    date: PartialDate
    end: PartialDate | None
    stage: str
    text: dict[str, str]
    source: str
    page: str | None
    line: int


@dataclass(frozen=True)
class Amount:
    """One sum of money the sources give (aid, loan, investment, trade)."""

    id: str
    date: PartialDate | None
    kind: str
    amount: float
    currency: str
    approx: bool
    qualifier: str
    funder: dict[str, str]
    recipient: dict[str, str]
    purpose: dict[str, str]
    source: str
    page: str | None
    line: int
    note: dict[str, str] = field(default_factory=dict)

    def involves(self, funder_en: str) -> bool:
        """Whether the English name of the funder names `funder_en` as a whole word."""
        return re.search(rf"\b{re.escape(funder_en)}\b", self.funder.get("en", "")) is not None


class _Checker:
    """Collects schema problems for one data file, each naming the field and line."""

    def __init__(self, path: str, languages: tuple[str, ...]):
        self.path, self.languages, self.problems = path, languages, []

    def fail(self, item, key: str, message: str, hint: str = "") -> None:
        line = item.line_of(key) if hasattr(item, "line_of") else None
        self.problems.append(Problem(self.path, line, f"field '{key}': {message}", hint))

    def date(self, item, key: str, required: bool = True) -> PartialDate | None:
        if key not in item:
            if required:
                self.fail(item, key, "missing", "add a date YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        try:
            return parse_partial_date(item[key])
        except ValueError as exc:
            self.fail(item, key, str(exc), "write YYYY, YYYY-MM or YYYY-MM-DD")
            return None

    def text(self, item, key: str) -> dict[str, str]:
        value = item.get(key)
        if not isinstance(value, dict):
            self.fail(item, key, "missing or not a mapping of languages",
                      f"give the text in each language: {', '.join(self.languages)}")
            return {}
        for lang in self.languages:
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                self.fail(item, key, f"no text in '{lang}'", f"add '{lang}: …'")
        return {lang: str(value[lang]) for lang in self.languages if lang in value}

    def choice(self, item, key: str, options: tuple[str, ...]) -> str:
        value = item.get(key)
        if value not in options:
            self.fail(item, key, f"'{value}' is not one of {', '.join(options)}")
        return str(value)

    def stage(self, item, config: Config) -> str:
        value = item.get("stage")
        if value is None or str(value) not in config.stages:
            self.fail(item, "stage", f"'{value}' is not a declared stage", stages_hint(config.stages, config.path))
        return str(value)

    def source(self, item) -> tuple[str, str | None]:
        source = item.get("source")
        if not isinstance(source, str) or not source:
            self.fail(item, "source", "missing", "name the bibliography key of the source")
        page = item.get("page")
        return str(source or ""), (str(page) if page is not None else None)


def stages_hint(declared, config_path: str) -> str:
    """What to write in place of a stage that is not declared: one that is, or the declaration."""
    if declared:
        return f"use one of the stages {config_path} declares: {', '.join(declared)}"
    return f"declare the stages under 'stages:' in {config_path}, each with its label and colour"


def parse_events(raw, path: str, config: Config) -> tuple[list[Event], list[Problem]]:
    """Type the timeline file against the report's languages and stages; return events and schema problems."""
    check = _Checker(path, tuple(config.languages))
    items = raw.get("events") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        return [], [Problem(path, 1, "no 'events:' list", "list the events under 'events:'")]
    events = []
    for item in items:
        if not isinstance(item, dict):
            check.problems.append(Problem(path, None, "an event must be a mapping"))
            continue
        date = check.date(item, "date")
        end = check.date(item, "end", required=False)
        stage = check.stage(item, config)
        text = check.text(item, "text")
        source, page = check.source(item)
        if date:
            events.append(Event(date, end, stage, text, source, page, item.line))
    return events, check.problems


def parse_amounts(raw, path: str, languages: tuple[str, ...]) -> tuple[list[Amount], list[Problem]]:
    """Type the amounts file; return amounts and schema problems."""
    check = _Checker(path, languages)
    items = raw.get("amounts") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        return [], [Problem(path, 1, "no 'amounts:' list", "list the amounts under 'amounts:'")]
    currencies = set(list_currencies())
    amounts, seen = [], set()
    for item in items:
        if not isinstance(item, dict):
            check.problems.append(Problem(path, None, "an amount must be a mapping"))
            continue
        ident = str(item.get("id", ""))
        if not ident:
            check.fail(item, "id", "missing", "give the amount an id to cite it as @amt:<id>")
        elif ident in seen:
            check.fail(item, "id", f"duplicate id '{ident}'", "give each amount its own id")
        seen.add(ident)
        value = item.get("amount")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            check.fail(item, "amount", f"'{value}' is not a number",
                       "write the amount as a plain number, e.g. 6600000000")
            value = None
        currency = str(item.get("currency", ""))
        if currency not in currencies:
            check.fail(item, "currency", f"unknown currency code '{currency}'",
                       "use an ISO 4217 code such as JPY, USD or EUR")
        kind = check.choice(item, "kind", AMOUNT_KINDS)
        date = check.date(item, "date", required=False)
        texts = {key: check.text(item, key) for key in ("funder", "recipient", "purpose")}
        note = check.text(item, "note") if "note" in item else {}
        source, page = check.source(item)
        if value is not None and ident:
            amounts.append(Amount(ident, date, kind, float(value), currency,
                                  bool(item.get("approx", False)), str(item.get("qualifier", "")),
                                  texts["funder"], texts["recipient"], texts["purpose"],
                                  source, page, item.line, note))
    return amounts, check.problems
