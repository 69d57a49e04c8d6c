"""The engine's figures as readers get them: printed in the PDF, drawn in the HTML page."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from helpers import ROOT, edit
from pdf_lines import pdf_pages
from reportkit.check.validate import validate
from reportkit.load.report import load_report
from reportkit.render.figures import stack

SVG = "{http://www.w3.org/2000/svg}"


def _figures(built, lang) -> dict[str, ET.Element]:
    """Each engine figure of the built HTML page, its SVG parsed, by figure id."""
    html = built.path(lang, "html").read_text(encoding="utf-8")
    found = re.findall(r'<figure id="([^"]+)" class="report-figure">.*?(<svg .*?</svg>)', html, re.S)
    return {name: ET.fromstring(svg) for name, svg in found}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_figure_text_prints_at_7pt_or_more(real, lang):
    figures = sizes = 0
    for page in pdf_pages(real.path(lang, "pdf")):
        # A figure is drawn on its own white ground the width it prints at.
        for ground in [r for r in page.rects if r["width"] > 300 and r.get("non_stroking_color") in
                       ((1, 1, 1), [1, 1, 1])]:
            chars = [c for c in page.chars if ground["x0"] <= c["x0"] <= ground["x1"]
                     and ground["top"] <= c["top"] <= ground["bottom"]]
            assert chars, f"page {page.number}: a figure without text"
            small = sorted({(round(c["size"], 2), c["text"]) for c in chars if c["size"] < 7})
            assert small == [], f"page {page.number}: figure text under 7 pt: {small[:10]}"
            figures += 1
            sizes += len(chars)
    assert figures == len(_figures(real, lang)) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_two_event_dots_overlap(real, lang):
    dots = [(float(c.get("cx")), float(c.get("cy")), float(c.get("r")))
            for c in _figures(real, lang)["fig:stages"].iter(f"{SVG}circle") if c.get("class") == "event"]
    assert len(dots) == 31
    for i, (x1, y1, r1) in enumerate(dots):
        for x2, y2, r2 in dots[i + 1:]:
            assert math.dist((x1, y1), (x2, y2)) >= r1 + r2, f"dots at {x1},{y1} and {x2},{y2} overlap"


def test_crowded_dots_stack_and_scattered_ones_stay_on_the_axis():
    assert stack([100, 103, 106, 120, 200]) == [0, 1, 2, 0, 0]
    assert stack([50, 10, 30]) == [0, 0, 0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_legend_names_only_the_kinds_drawn(real, lang):
    svg = _figures(real, lang)["fig:aid"]
    legend = [r.get("data-kind") for g in svg.iter(f"{SVG}g") if g.get("class") == "legend"
              for r in g.iter(f"{SVG}rect")]
    drawn = {r.get("data-kind") for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar"}
    assert legend == ["aid", "loan", "grant"] and set(legend) == drawn


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_amount_panel_has_an_axis_with_its_ticks_labelled(real, lang):
    svg = _figures(real, lang)["fig:aid"]
    panels = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "panel"]
    assert [p.get("data-currency") for p in panels] == ["USD", "JPY"]
    for panel in panels:
        ticks = [t for g in panel.iter(f"{SVG}g") if g.get("class") == "axis"
                 for t in g.iter(f"{SVG}text") if t.get("class") == "tick"]
        values = [float(t.text.replace(",", "")) for t in ticks]
        assert len(values) >= 3 and values[0] == 0 and values == sorted(values)
        xs = [float(t.get("x")) for t in ticks]
        steps = {round(b - a, 1) for a, b in zip(xs, xs[1:])}
        assert max(steps) - min(steps) <= 0.2   # evenly spaced
        bars = [r for r in panel.iter(f"{SVG}rect") if r.get("class") == "bar"]
        assert bars and all(float(r.get("x")) == xs[0] for r in bars)
        assert all(4 <= float(r.get("width")) <= xs[-1] - xs[0] + 0.1 for r in bars)
        title = next(t.text for t in panel.iter(f"{SVG}text") if t.get("font-weight") == "bold")
        assert title.endswith(")" if lang == "en" else "）") and ("$" in title or "¥" in title or "元" in title)


def _drawn(content, name: str, lang: str) -> ET.Element:
    """A figure of the report in `content` as one language edition draws it."""
    from reportkit.render.language import EditionContext
    from reportkit.render.report import EditionRenderer

    report = load_report(content)
    edition = EditionContext.of(report.config.languages[lang], ROOT / "templates", ROOT / "templates" / "locales")
    return ET.fromstring(EditionRenderer(report, validate(report), edition, "html").figure(name).svg)


def test_a_stage_is_drawn_in_the_label_and_colour_report_yaml_declares(mini_copy):
    edit(mini_copy / "report.yaml", '{label: {zh: 起步阶段, en: Stage one}, colour: "#9ec5e8", text_colour: "#14213d"}',
         '{label: {zh: 起飞, en: Take-off}, colour: "#2a7f62"}')
    svg = _drawn(mini_copy, "stages", "en")
    bar = next(r for r in svg.iter(f"{SVG}rect") if r.get("fill") == "#2a7f62")
    label = next(t for t in svg.iter(f"{SVG}text") if t.text == "Take-off")
    assert float(bar.get("x")) < float(label.get("x")) < float(bar.get("x")) + float(bar.get("width"))
    assert label.get("fill") == "#ffffff"     # no text colour declared: white on the bar
    # The timeline's one event of stage one (1993) is a dot in the stage's colour.
    dots = [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "event"]
    assert [c.find(f"{SVG}title").text for c in dots if c.get("fill") == "#2a7f62"] == ["1993"]
