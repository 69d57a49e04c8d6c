"""The benchmark runs end to end on the fixture and reports every figure (no timing asserted)."""

from __future__ import annotations

import json

from helpers import FIXTURE, ROOT, copy_fixture
from reportkit.commands import bench


def test_bench_reports_every_measurement(tmp_path, capsys):
    target = tmp_path / "bench.json"
    # The tiny fixture, repeated twice for the scaled build: the figures are not the point here.
    results = bench.run(ROOT, runs=1, scaled=True, content=FIXTURE, target=target, scale=2)
    saved = json.loads(target.read_text(encoding="utf-8"))
    for key in ("cold", "noop", "edit_en", "edit_zh", "edit_bibliography", "scaled", "floor", "stages"):
        assert key in saved and key in results
    assert saved["cold"]["peak_mb"] > 0 and saved["cold"]["cpu"] > 0
    assert saved["noop"]["wall"] < saved["cold"]["wall"]
    assert any(call.startswith("weasyprint zh/") for call in saved["floor_calls"])
    assert set(saved["stages"]["stages"]) == {"load", "validate", "render", "pandoc", "weasyprint", "write"}
    printed = capsys.readouterr().out
    assert "cold ÷ engine floor" in printed and "Chinese PDF" in printed and "report ×2, cold" in printed


def test_scaling_repeats_text_but_places_each_figure_once(tmp_path):
    content = copy_fixture(tmp_path / "content")
    bench.scale_content(content, 10)
    text = (content / "zh" / "findings.md").read_text(encoding="utf-8")
    assert text.count("首届中亚—日本峰会在东京举行") == 10
    assert text.count("{#fig:stages}") == 1
