"""A new output format is a maker function and one line in the registry."""

import re

from helpers import FIXTURE, ROOT
from reportkit.pipeline import formats
from reportkit.pipeline.build import build, plan
from reportkit.project import Project


def _plain_text(making) -> bytes:
    """A dummy format: the report's body without its markup."""
    return re.sub(r"<[^>]+>", "", making.html_body().body).encode("utf-8")


def test_a_format_added_to_the_registry_is_built_and_planned(tmp_path, monkeypatch):
    monkeypatch.setitem(formats.FORMATS, "txt", formats.Format("txt", _plain_text, from_html=True))
    out = tmp_path / "out"

    result = build(Project.at(ROOT, content=FIXTURE, out=out), langs=["en"], formats=["txt"], jobs=1)

    assert [(o.lang, o.product, o.fmt) for o, *_ in result.outputs] == [("en", "report", "txt")]
    text = (out / "en" / "mini-report.txt").read_text(encoding="utf-8")
    assert "Japan formally recognized the independence of the Central Asian states" in text
    assert "<p>" not in text


def test_a_product_keeps_to_its_formats(monkeypatch):
    monkeypatch.setitem(formats.FORMATS, "txt", formats.Format("txt", _plain_text, from_html=True))
    from reportkit.load.report import load_report

    made = {(o.product, o.fmt) for o in plan(load_report(FIXTURE).config, langs=["en"])}
    assert ("report", "txt") in made
    assert ("brief", "pdf") in made and not {("brief", "txt"), ("brief", "html")} & made
