"""Figures drawn at build time from the data: geometry here, markup in templates/figures.

What a figure shows (its years, its stages, whose sums) is declared in
report.yaml and reaches these functions as parameters (`reportkit.exhibits`).

The drawings are 600 units wide and no text in them is under 12 units, so
their smallest text prints at 7 pt or more even when the figure is set at the
357 pt text width, and a page that shows them at 551 CSS px or wider shows it
at 11 px or more (`LEGIBLE_WIDTH`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from ..load.data import Amount, Event
from ..load.exhibits import amounts_for, marked_event
from ..model import Stage
from ..text.localize import AmountWords, amount_unit, format_amount, format_plain_number

WIDTH = 600
SMALLEST_TEXT = 12                               # units: no text of a figure is smaller
# CSS px at which that text is 11 px, with a pixel for the browser's rounding of the drawing's height.
LEGIBLE_WIDTH = math.ceil(WIDTH * 11 / SMALLEST_TEXT) + 1
DOT_RADIUS = 4.5
DOT_STEP = 2 * DOT_RADIUS + 1                    # centre to centre, side by side or stacked
KINDS = ("aid", "loan", "grant", "investment")    # in legend order
MIN_BAR = 4                                      # a sum too small to see still shows as a bar


def _scale(start: float, end: float, left: float = 40, right: float = WIDTH - 20):
    """The x position of a year on an axis from `start` to `end`."""
    return lambda year: round(left + (year - start) / (end - start) * (right - left), 1)


def stack(xs: list[float], step: float = DOT_STEP) -> list[int]:
    """The row of each dot (0 on the axis, 1 above it…): the lowest row where it keeps
    `step` from the dot before it in that row, so no two dots overlap."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    last: list[float] = []
    rows = [0] * len(xs)
    for i in order:
        row = next((r for r, x in enumerate(last) if xs[i] - x >= step), len(last))
        if row == len(last):
            last.append(xs[i])
        last[row] = xs[i]
        rows[i] = row
    return rows


def timeline_geometry(events: list[Event], params: dict, stages: dict[str, Stage], lang: str) -> dict:
    """Positions and colours for a timeline figure: stage bars, event dots stacked where they crowd,
    year ticks, the marked event. Each stage is drawn in the colours report.yaml declares for it."""
    start, end = params["axis"]
    x = _scale(start, end)
    bars = [_bar(spec, stages[spec["stage"]], lang, x) for spec in params["stages"]]
    marked = None
    if params.get("marker"):
        spec = params["marker"]
        marked = marked_event(events, spec["stage"], spec["date"])
    xs = [x(e.date.as_fraction()) for e in events]
    rows = stack(xs)
    depth = max(rows, default=0) + 1
    # From the top: stage bars, the marker's line, the stacked dots down to the axis, the years.
    bars_top, bar_height = 8, 46
    marker_y = bars_top + bar_height + 18
    axis = marker_y + 14 + depth * DOT_STEP
    marks = [{"x": cx, "y": round(axis - row * DOT_STEP, 1), "colour": stages[e.stage].colour,
              "date": str(e.date), "marked": e is marked}
             for cx, row, e in zip(xs, rows, events)]
    ticks = [{"year": y, "x": x(y)} for y in params["ticks"]]
    marker = None
    if params.get("marker"):
        spec = params["marker"]
        at = (marked.date if marked else spec["date"]).as_fraction()
        marker = {"x": x(at), "y": marker_y, "colour": stages[spec["stage"]].colour, "label": spec["label"][lang]}
    note = params["note"][lang] if params.get("note") else ""
    height = axis + 72 + (20 if note else 0)
    return {"width": WIDTH, "height": height, "stages": bars, "marks": marks, "ticks": ticks,
            "bars_top": bars_top, "bar_height": bar_height, "axis": axis, "radius": DOT_RADIUS,
            "axis_left": x(start), "axis_right": x(end), "marker": marker, "note": note}


def _bar(spec: dict, stage: Stage, lang: str, x) -> dict:
    """A stage's bar over the years `spec` gives, in the stage's colours, under its label."""
    return {"label": stage.label[lang], "start": spec["from"], "end": spec["to"],
            "colour": stage.colour, "text_colour": stage.text_colour,
            "x": x(spec["from"]), "width": round(x(spec["to"]) - x(spec["from"]), 1)}


def _text_width(text: str, size: float = SMALLEST_TEXT) -> float:
    """About how wide a line of text is drawn: a wide (CJK) character an em, others 0.54 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.54 * size for c in text)


def nice_ticks(top: float, most: int = 5) -> list[float]:
    """Round values from 0 up to at least `top`, at most `most` steps of 1, 2, 2.5 or 5 × 10ⁿ."""
    if top <= 0:
        return [0.0, 1.0]
    for magnitude in range(math.floor(math.log10(top / most)) - 1, 400):
        for mantissa in (1, 2, 2.5, 5):
            step = mantissa * 10.0 ** magnitude
            if math.ceil(top / step - 1e-9) <= most:
                return [round(i * step, 10) for i in range(math.ceil(top / step - 1e-9) + 1)]
    raise ValueError(f"no ticks for {top}")


def bars_geometry(amounts: list[Amount], currencies, lang: str, locale: str, words: AmountWords) -> dict:
    """Bars for an amounts chart: one panel per currency, each with its own scale, drawn on
    an axis whose ticks are in that currency; the legend names only the kinds drawn."""
    chosen = [a for a in amounts if a.currency in currencies]
    labels = {a.id: f"{a.date.year} " * bool(a.date) + a.recipient.get(lang, "") for a in chosen}
    values = {a.id: format_amount(a.amount, a.currency, locale, words, a.approx, a.qualifier) for a in chosen}
    bar_left = round(min(max(20 + max((_text_width(t) for t in labels.values()), default=0) + 10, 120), 280))
    value_room = 12 + max((_text_width(value) for value in values.values()), default=0)
    bar_right = round(WIDTH - 20 - value_room)
    panels, y = [], 34
    for currency in currencies:
        items = [a for a in chosen if a.currency == currency]
        if not items:
            continue
        ticks = nice_ticks(max(a.amount for a in items))
        top = ticks[-1]
        factor, unit = amount_unit(top, currency, locale)
        span = bar_right - bar_left
        first = y + 26
        bars = []
        for item in items:
            width = max(MIN_BAR, round(item.amount / top * span, 1))
            bars.append({"y": first + len(bars) * 22, "width": width, "label": labels[item.id],
                         "kind": item.kind,
                         "value": values[item.id]})
        axis = first + len(bars) * 22 + 2
        panels.append({"currency": currency, "y": y, "bars": bars, "unit": unit, "top": first - 4,
                       "axis": axis,
                       "ticks": [{"x": round(bar_left + t / top * span, 1),
                                  "label": format_plain_number(t / factor, locale)} for t in ticks]})
        y = axis + 52
    drawn = {b["kind"] for p in panels for b in p["bars"]}
    return {"width": WIDTH, "height": y - 12, "bar_left": bar_left, "bar_right": bar_right, "panels": panels,
            "kinds": [k for k in KINDS if k in drawn] + sorted(drawn - set(KINDS))}


# The figure kinds' drawing functions, named in exhibits.KINDS: each is given a Drawing and returns
# the geometry the kind's template draws and the sources the figure shows.

@dataclass(frozen=True)
class Drawing:
    """What a figure kind's drawing function is given: the checked data, the figure's parameters,
    the report's configuration and the edition's language, locale and strings."""

    checked: object
    params: dict
    config: object
    lang: str
    locale: str
    strings: object


def draw_timeline(d: Drawing) -> tuple[dict, set[str]]:
    return timeline_geometry(d.checked.events, d.params, d.config.stages, d.lang), {e.source for e in d.checked.events}


def draw_amount_bars(d: Drawing) -> tuple[dict, set[str]]:
    chosen = amounts_for(d.params, d.checked.amounts)
    return (bars_geometry(chosen, d.params["currencies"], d.lang, d.locale, d.strings),
            {a.source for a in chosen})


_SVG = "{http://www.w3.org/2000/svg}"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3041-\u3096\u30a1-\u30ff"
_HAN_LATIN = re.compile(f"(?<=[{_HAN}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?=[{_HAN}])")
QUARTER_EM = "\u2005"


def space_han_and_latin(svg: str) -> str:
    """A quarter-em space between Han (or kana) and Latin letters or digits in a drawing's text
    ("1亿美元" → "1 亿美元"), the gap a CJK edition sets between them in its text."""
    from lxml import etree

    root = etree.fromstring(svg)
    for text in root.iter(f"{_SVG}text", f"{_SVG}tspan"):
        text.text = _HAN_LATIN.sub(QUARTER_EM, text.text) if text.text else text.text
        for child in text:
            child.tail = _HAN_LATIN.sub(QUARTER_EM, child.tail) if child.tail else child.tail
    return etree.tostring(root, encoding="unicode")
