"""Figures drawn at build time from the data: geometry here, markup in templates/figures.

What a figure shows (its years, its stages, whose sums) is declared in
report.yaml and reaches these functions as parameters (`reportkit.exhibits`).
"""

from __future__ import annotations

from .data import Amount, Event
from .exhibits import marked_event
from .localize import format_amount

WIDTH = 720


def _scale(start: float, end: float, left: float = 40, right: float = WIDTH - 20):
    """The x position of a year on an axis from `start` to `end`."""
    return lambda year: round(left + (year - start) / (end - start) * (right - left), 1)


def timeline_geometry(events: list[Event], params: dict, lang: str) -> dict:
    """Positions for a timeline figure: stage bars, event marks, year ticks, the marked event."""
    start, end = params["axis"]
    x = _scale(start, end)
    stages = [{"stage": s["stage"], "label": s["label"][lang], "start": s["from"], "end": s["to"],
               "x": x(s["from"]), "width": round(x(s["to"]) - x(s["from"]), 1)}
              for s in params["stages"]]
    marks = [{"x": x(e.date.as_fraction()), "stage": e.stage, "date": str(e.date)}
             for e in events]
    ticks = [{"year": y, "x": x(y)} for y in params["ticks"]]
    marker = None
    if params.get("marker"):
        spec = params["marker"]
        event = marked_event(events, spec["stage"], spec["date"])
        at = (event.date if event else spec["date"]).as_fraction()
        marker = {"x": x(at), "stage": spec["stage"], "label": spec["label"][lang]}
    note = params["note"][lang] if params.get("note") else ""
    return {"width": WIDTH, "height": 230, "stages": stages, "marks": marks, "ticks": ticks,
            "axis_left": x(start), "axis_right": x(end), "marker": marker, "note": note}


def bars_geometry(amounts: list[Amount], currencies, lang: str, locale: str) -> dict:
    """Bars for an amounts chart: one panel per currency, each with its own scale."""
    panels, y = [], 34
    bar_left, bar_max = 250, WIDTH - 130
    for currency in currencies:
        items = [a for a in amounts if a.currency == currency]
        if not items:
            continue
        top = max(a.amount for a in items)
        bars = []
        for item in items:
            width = max(1.5, round(item.amount / top * (bar_max - bar_left), 1))
            year = f"{item.date.year} " if item.date else ""
            bars.append({"y": y + 22 + len(bars) * 22, "width": width,
                         "label": f"{year}{item.recipient.get(lang, '')}",
                         "kind": item.kind,
                         "value": format_amount(item.amount, item.currency, locale,
                                                item.approx, item.qualifier)})
        panels.append({"currency": currency, "y": y, "bars": bars})
        y += 22 + len(bars) * 22 + 30
    return {"width": WIDTH, "height": y, "bar_left": bar_left, "panels": panels}
