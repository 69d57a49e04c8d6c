"""A new kind of figure is a drawing function, a template and one line in exhibits.KINDS."""

import dataclasses
import shutil

import yaml

from helpers import ROOT
from reportkit.load import exhibits
from reportkit.pipeline.build import build
from reportkit.project import Project


def _count_events(drawing):
    """A dummy figure: how many dated events the timeline holds."""
    events = drawing.checked.events
    return {"count": len(events)}, {e.source for e in events}


def test_a_figure_kind_added_to_the_registry_is_drawn(tmp_path, mini_copy, monkeypatch):
    timeline = exhibits.KINDS["fig"]["timeline"]
    dots = dataclasses.replace(timeline, name="event-count", template="figures/event-count.svg.j2",
                               draw=_count_events)
    monkeypatch.setitem(exhibits.KINDS["fig"], "event-count", dots)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "templates" / "figures" / "event-count.svg.j2").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{{ alt }}" viewBox="0 0 200 20">'
        '<text x="0" y="15">{{ g.count }} dated events</text></svg>\n', encoding="utf-8")
    config = mini_copy / "report.yaml"
    raw = config.read_text(encoding="utf-8")
    config.write_text(raw.replace("    kind: timeline ", "    kind: event-count "), encoding="utf-8")
    events = len(yaml.safe_load((mini_copy / "data" / "timeline.yaml").read_text(encoding="utf-8"))["events"])

    build(Project.at(tmp_path, content=mini_copy, out=tmp_path / "out"), langs=["en"], formats=["html"], jobs=1)

    page = (tmp_path / "out" / "en" / "mini-report.html").read_text(encoding="utf-8")
    assert f"{events} dated events" in page
