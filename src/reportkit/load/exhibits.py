"""The kinds of figure and table the engine draws, and the checks of their declarations.

A report declares its figures and tables in report.yaml (`figures:` and
`tables:`): each one's name, its kind, the parameters the kind takes (facts
about the report, such as a year range or the stages of a timeline) and its
title (and, for a figure, its alt text) in every language. The engine knows
the kinds only: each is a data builder here and a template under templates/.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Callable

from .data import AMOUNT_KINDS, Amount, Event, stages_hint
from ..text.dates import DATE_FORMS, PartialDate, parse_partial_date
from ..errors import Problem
from ..model import Config, Exhibit, Report

# A block `::: {#fig:<name>}` / `:::` on its own lines places a figure or table.
PLACEMENT = re.compile(r"^:::\s*\{#(fig|tbl):([A-Za-z0-9_-]+)\}\s*\n:::\s*$", re.M)
NAME = re.compile(r"^[A-Za-z0-9_-]*[A-Za-z0-9_]$")
SECTION_KEYS = {"fig": "figures", "tbl": "tables"}
WORDS = {"fig": "figure", "tbl": "table"}


@dataclass(frozen=True)
class Param:
    """One parameter of a kind: its type, and whether it must be given."""

    type: str            # year, text, flag, texts, range, kinds, currencies, stages, ticks, marker
    required: bool = False
    default: object = None
    help: str = ""


@dataclass(frozen=True)
class Kind:
    """A kind of figure or table: the data it is drawn from, its template, its parameters."""

    name: str
    placement: str       # "fig" or "tbl"
    data: str            # the data set it draws from: "timeline" or "amounts"
    template: str        # under templates/
    params: dict[str, Param] = field(default_factory=dict)
    description: str = ""
    # What turns the data into what the template shows: a figure's geometry, a function of
    # reportkit.render.figures named here (or the function itself); a table's rows, a method
    # of the edition's renderer.
    draw: str | Callable = ""


_SELECTION = {
    "funder": Param("text", True, help="the funder as the amounts file names it, e.g. Japan"),
    "kinds": Param("kinds", False, tuple(k for k in AMOUNT_KINDS if k != "trade"),
                   "the kinds of sum, e.g. [aid, loan, grant, investment]"),
    "until": Param("year", False, None, "the last year (all years when not given)"),
    "undated": Param("flag", False, False, "also the sums without a date (last)"),
    "shared": Param("flag", False, False, "also the sums the funder is one party to"),
}

KINDS: dict[str, dict[str, Kind]] = {
    "fig": {
        "timeline": Kind(
            "timeline", "fig", "timeline", "figures/timeline.svg.j2",
            {"axis": Param("range", True, help="the first and last year of the axis, e.g. [1991, 2026.5]"),
             "ticks": Param("ticks", True, help="years marked on the axis: {first: 1995, last: 2025, every: 5}"),
             "stages": Param("stages", True, help="the stages drawn as bars, each a stage declared under "
                                                  "'stages:' and its years: - {stage: <id>, from: <year>, to: <year>}"),
             "marker": Param("marker", False, None, "a highlighted event: {stage: <id>, date: <YYYY-MM>, "
                                                    "label: {<lang>: …}}"),
             "note": Param("texts", False, None, "a line under the axis, in every language")},
            "the stages of the timeline as bars, every dated event as a dot", draw="draw_timeline"),
        "amount-bars": Kind(
            "amount-bars", "fig", "amounts", "figures/amount-bars.svg.j2",
            {**_SELECTION,
             "currencies": Param("currencies", True, help="one panel per currency, in order, e.g. [USD, JPY]")},
            "a bar per sum, by year and recipient, one panel per currency", draw="draw_amount_bars"),
    },
    "tbl": {
        "event-table": Kind("event-table", "tbl", "timeline", "markdown/event-table.md.j2", {},
                            "every dated event of the timeline: date, event, source", draw="event_rows"),
        "amount-table": Kind("amount-table", "tbl", "amounts", "markdown/amount-table.md.j2", dict(_SELECTION),
                             "the chosen sums: date, recipient, type, amount, purpose, source",
                             draw="amount_rows"),
    },
}
_COMMON = {"kind", "title", "alt"}


def kind_of(exhibit: Exhibit) -> Kind:
    return KINDS[exhibit.placement][exhibit.kind]


def declared(report: Report, placement: str) -> dict[str, Exhibit]:
    """The figures (placement 'fig') or tables ('tbl') report.yaml declares, by name."""
    return report.config.figures if placement == "fig" else report.config.tables


# Checks -----------------------------------------------------------------

class _Reader:
    """Reads one declaration's parameters, collecting a problem (with its line) for each bad one."""

    def __init__(self, exhibit: Exhibit, config: Config):
        self.exhibit, self.config = exhibit, config
        self.path, self.languages = config.path, tuple(config.languages)
        self.problems: list[Problem] = []
        self.where = f"{SECTION_KEYS[exhibit.placement]}.{exhibit.name}"

    def fail(self, line, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, line, f"{self.where}.{key}: {message}", hint))

    def value(self, spec, key: str, param: Param):
        line = _line(spec, key)
        value = spec[key]
        read = getattr(self, f"_{param.type}")
        return read(value, line, key, param)

    def _year(self, value, line, key, param):
        if isinstance(value, bool) or not isinstance(value, int):
            return self.fail(line, key, f"'{value}' is not a year", param.help)
        return value

    def _text(self, value, line, key, param):
        if not isinstance(value, str) or not value.strip():
            return self.fail(line, key, "must be a text", param.help)
        return value

    def _flag(self, value, line, key, param):
        if not isinstance(value, bool):
            return self.fail(line, key, f"'{value}' is not true or false", param.help)
        return value

    def _texts(self, value, line, key, param):
        if not isinstance(value, dict):
            return self.fail(line, key, "must give the text in each language",
                             f"write {key}: {{{', '.join(f'{lang}: …' for lang in self.languages)}}}")
        missing = [lang for lang in self.languages
                   if not isinstance(value.get(lang), str) or not value[lang].strip()]
        for lang in missing:
            self.fail(line, key, f"no text in '{lang}'", f"add '{lang}: …'")
        return None if missing else {str(k): str(v) for k, v in value.items()}

    def _range(self, value, line, key, param):
        if (not isinstance(value, list) or len(value) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
                or value[0] >= value[1]):
            return self.fail(line, key, "must be two numbers, the first the smaller", param.help)
        return tuple(value)

    def _kinds(self, value, line, key, param):
        if not isinstance(value, list) or not value or not all(v in AMOUNT_KINDS for v in value):
            return self.fail(line, key, f"must list kinds of sum among {', '.join(AMOUNT_KINDS)}", param.help)
        return tuple(value)

    def _currencies(self, value, line, key, param):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            return self.fail(line, key, "must list currency codes", param.help)
        return tuple(value)

    def _ticks(self, value, line, key, param):
        parts = value if isinstance(value, dict) else {}
        numbers = [parts.get(k) for k in ("first", "last", "every")]
        if (not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers)
                or numbers[2] <= 0 or numbers[0] > numbers[1]):
            return self.fail(line, key, "must give the first and last year marked and the step", param.help)
        return tuple(range(numbers[0], numbers[1] + 1, numbers[2]))

    def _stages(self, value, line, key, param):
        if not isinstance(value, list) or not value:
            return self.fail(line, key, "must list the stages", param.help)
        stages = []
        for index, item in enumerate(value):
            item_line = value.line_of_item(index) if hasattr(value, "line_of_item") else line
            if not isinstance(item, dict) or set(item) != {"stage", "from", "to"}:
                # A bar's label is its stage's: the declaration under 'stages:' names it once.
                self.fail(item_line, key, "each bar takes 'stage', 'from' and 'to' (its label is the stage's)",
                          param.help)
                continue
            start, end = item["from"], item["to"]
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (start, end)):
                self.fail(item_line, key, "a stage's 'from' and 'to' must be years", param.help)
            elif self._declared(item, item_line, key):
                stages.append({"stage": str(item["stage"]), "from": start, "to": end})
        return tuple(stages) if len(stages) == len(value) else None

    def _marker(self, value, line, key, param):
        if not isinstance(value, dict) or not {"stage", "date", "label"} <= set(value):
            return self.fail(line, key, "needs 'stage', 'date' and 'label'", param.help)
        try:
            date = parse_partial_date(value["date"])
        except ValueError as exc:
            return self.fail(_line(value, "date"), f"{key}.date", str(exc), f"write {DATE_FORMS}")
        label = self._texts(value["label"], _line(value, "label"), f"{key}.label", param)
        if not self._declared(value, _line(value, "stage"), key) or label is None:
            return None
        return {"stage": str(value["stage"]), "date": date, "label": label}

    def _declared(self, item, line, key) -> bool:
        """Whether the stage `item` names is one report.yaml declares; a problem when it is not."""
        if str(item["stage"]) in self.config.stages:
            return True
        self.fail(line, key, f"'{item['stage']}' is not a declared stage",
                  stages_hint(self.config.stages, self.path))
        return False


def _line(spec, key: str) -> int | None:
    return spec.line_of(key) if hasattr(spec, "line_of") else None


def read(exhibit: Exhibit, config: Config) -> tuple[dict, list[Problem]]:
    """A declaration's parameters, typed and with their defaults, and the problems found in it."""
    path = config.path
    reader = _Reader(exhibit, config)
    spec = exhibit.spec
    kinds = KINDS[exhibit.placement]
    if exhibit.kind not in kinds:
        reader.fail(_line(spec, "kind"), "kind", f"unknown {WORDS[exhibit.placement]} kind '{exhibit.kind}'",
                    f"use one of: {', '.join(kinds)}")
        return {}, reader.problems
    kind = kinds[exhibit.kind]
    values: dict = {}
    wanted = {"title": Param("texts", True)}
    if exhibit.placement == "fig":
        wanted["alt"] = Param("texts", True)
    wanted.update(kind.params)
    for key, param in wanted.items():
        if key not in spec:
            if param.required:
                reader.fail(exhibit.line, key, "missing", f"add '{key}:'" + (f" ({param.help})" if param.help else ""))
            values[key] = param.default
        else:
            values[key] = reader.value(spec, key, param)
    for key in spec:
        if key not in wanted and key not in _COMMON:
            reader.problems.append(Problem(path, _line(spec, key), f"{reader.where}: unknown parameter '{key}'",
                                           f"a '{kind.name}' takes: {', '.join(wanted)}", "warning"))
    return values, reader.problems


def check_exhibits(report: Report) -> list[Problem]:
    """Every declared figure and table: a known kind, its parameters, its words in every language."""
    problems = []
    for placement in ("fig", "tbl"):
        for exhibit in declared(report, placement).values():
            problems += read(exhibit, report.config)[1]
    return problems


def check_placements(report: Report) -> list[Problem]:
    """Each `::: {#fig:<name>}` block places a figure report.yaml declares (likewise tables)."""
    problems = []
    for sections in report.sections.values():
        for section in sections.values():
            for match in PLACEMENT.finditer(section.body):
                placement, name = match.groups()
                problems += unknown(report, section.path, section.body_line + section.body.count("\n", 0, match.start()),
                                    placement, name, f"{{#{placement}:{name}}}")
    return problems


def unknown(report: Report, path: str, line: int, placement: str, name: str, written: str) -> list[Problem]:
    """A problem when `name` is not a declared figure or table."""
    known = declared(report, placement)
    if name in known:
        return []
    word, key = WORDS[placement], SECTION_KEYS[placement]
    names = ", ".join(sorted(known)) or "none yet"
    return [Problem(path, line, f"unknown {word} '{written}'",
                    f"declare '{name}' under '{key}:' in {report.config.path} (declared: {names})")]


# Data builders ------------------------------------------------------------

def select_amounts(amounts: list[Amount], funder: str, kinds=None, until: int | None = None,
                   undated: bool = False, shared: bool = False) -> list[Amount]:
    """The funder's sums of the given kinds up to `until`, in date order (undated last).

    With `shared`, also the sums the funder is one party to (a joint venture, a
    target of both sides), by the funder's name as a whole word.
    """
    kinds = kinds or _SELECTION["kinds"].default
    pattern = re.compile(rf"\b{re.escape(funder)}\b")
    chosen = [a for a in amounts if a.kind in kinds
              and (any(pattern.search(name) for name in a.funder.values()) if shared
                   else funder in a.funder.values())
              and ((a.date and (until is None or a.date.year <= until)) or (undated and not a.date))]
    undated_last = datetime.date.max
    return sorted(chosen, key=lambda a: a.date.as_date() if a.date else undated_last)


def amounts_for(params: dict, amounts: list[Amount]) -> list[Amount]:
    return select_amounts(amounts, params["funder"], params["kinds"], params["until"],
                          params["undated"], params["shared"])


def marked_event(events: list[Event], stage: str, date: PartialDate) -> Event | None:
    """The first event of `stage` within the (partial) date `date`."""
    def within(d: PartialDate) -> bool:
        return d.year == date.year and (date.month is None or d.month == date.month) \
            and (date.day is None or d.day == date.day)
    return next((e for e in events if e.stage == stage and within(e.date)), None)
