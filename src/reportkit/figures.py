"""Figures drawn at build time from the data: geometry here, markup in templates/figures."""

from __future__ import annotations

import datetime

from .data import Amount, Event
from .localize import format_amount

AXIS_START, AXIS_END = 1991.0, 2026.5
STAGE_SPANS = (("one", 1992, 1997), ("two", 1997, 2004), ("three", 2004, 2025))
WIDTH = 720


def _x(year: float, left: float = 40, right: float = WIDTH - 20) -> float:
    return round(left + (year - AXIS_START) / (AXIS_END - AXIS_START) * (right - left), 1)


def stages_geometry(events: list[Event]) -> dict:
    """Positions for the timeline figure: stage bars, event marks, year ticks, summit."""
    stages = [{"stage": s, "start": a, "end": b, "x": _x(a), "width": round(_x(b) - _x(a), 1)}
              for s, a, b in STAGE_SPANS]
    marks = [{"x": _x(e.date.as_fraction()), "stage": e.stage, "date": str(e.date)}
             for e in events]
    summit = next((e for e in events if e.stage == "summit" and e.date.year == 2025
                   and e.date.month == 12), None)
    ticks = [{"year": y, "x": _x(y)} for y in range(1995, 2026, 5)]
    return {"width": WIDTH, "height": 230, "stages": stages, "marks": marks, "ticks": ticks,
            "axis_left": _x(AXIS_START), "axis_right": _x(AXIS_END),
            "summit_x": _x(summit.date.as_fraction()) if summit else _x(2025.97)}


def commitments(amounts: list[Amount], funder_en: str = "Japan", until: int = 2010,
                undated: bool = False, shared: bool = False) -> list[Amount]:
    """Japan's aid, loans, grants and investments up to `until`, in date order (undated last).

    With `shared`, also the sums Japan is one party to (a joint venture, a target of both
    sides); the chart leaves these out, the table lists them with their note.
    """
    chosen = [a for a in amounts if a.kind in ("aid", "loan", "grant", "investment")
              and (a.involves(funder_en) if shared else a.funder.get("en") == funder_en)
              and ((a.date and a.date.year <= until) or (undated and not a.date))]
    undated_last = datetime.date.max
    return sorted(chosen, key=lambda a: a.date.as_date() if a.date else undated_last)


def amounts_geometry(amounts: list[Amount], lang: str, locale: str) -> dict:
    """Bars for the amounts chart: one panel per currency, each with its own scale."""
    panels, y = [], 34
    bar_left, bar_max = 250, WIDTH - 130
    for currency in ("USD", "JPY"):
        items = [a for a in commitments(amounts) if a.currency == currency]
        if not items:
            continue
        top = max(a.amount for a in items)
        bars = []
        for item in items:
            width = max(1.5, round(item.amount / top * (bar_max - bar_left), 1))
            bars.append({"y": y + 22 + len(bars) * 22, "width": width,
                         "label": f"{item.date.year} {item.recipient.get(lang, '')}",
                         "kind": item.kind,
                         "value": format_amount(item.amount, item.currency, locale,
                                                item.approx, item.qualifier)})
        panels.append({"currency": currency, "y": y, "bars": bars})
        y += 22 + len(bars) * 22 + 30
    return {"width": WIDTH, "height": y, "bar_left": bar_left, "panels": panels}
