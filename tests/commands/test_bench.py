"""The benchmark runs end to end on the fixture and reports every figure (no timing asserted)."""

from __future__ import annotations

import json
import re

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
    # Each report PDF against WeasyPrint laying out and writing its print page once, with its target.
    for lang, target in (("en", "1.5"), ("zh", "1.3")):
        line = re.search(rf"^{lang}/report-print +(\d+\.\d\d) +(\d+\.\d\d) +(\d+\.\d\d)  \(target ≤ {target}\)$",
                         printed, re.M)
        assert line and float(line.group(1)) > 0, printed
    # The peers, timed on the same Markdown in the same run: a time and our cold build's share of it.
    typst = re.search(r"^pandoc → Typst +(\d+\.\d\d) +(\d+\.\d\d)$", printed, re.M)
    assert typst and float(typst.group(1)) > 0 and float(typst.group(2)) > 0
    xelatex = re.search(r"^pandoc → XeLaTeX +(\d+\.\d\d +\d+\.\d\d|skipped: .*)$", printed, re.M)
    assert xelatex and set(saved["peers"]) == {"pandoc → Typst", "pandoc → XeLaTeX"}
    # Every target, beside the least the engines themselves take for the same work.
    alone = re.search(r"^the engines alone \(pandoc's runs, WeasyPrint once per print page\): (\d+\.\d\d) s in a row, "
                      r"at best (\d+\.\d\d) s with (\d+) cores$", printed, re.M)
    assert alone and float(alone.group(1)) > 0, printed
    assert float(alone.group(2)) == round(float(alone.group(1)) / int(alone.group(3)), 2)
    pandoc_runs = sum(s for call, s in saved["floor_calls"].items() if call.startswith("pandoc "))
    assert float(alone.group(1)) == round(pandoc_runs + sum(saved["once"].values()), 2)
    assert re.search(r"^cold: \d+\.\d\d s \(target ≤ 8\); \d+\.\d\d× the engines' best$", printed, re.M)
    for label in ("English", "Chinese"):
        assert re.search(rf"^one {label} section edited: \d+\.\d\d s \(target ≤ 4\), \d\.\d\d of cold; "
                         r"its report PDF's engines alone: \d+\.\d\d s$", printed, re.M), printed
    assert re.search(r"^nothing changed: \d\.\d\d s \(target ≤ 0\.4\)$", printed, re.M)
    assert re.search(r"^cold ÷ pandoc → XeLaTeX: \d+\.\d\d \(target ≤ 1\.2\)$", printed, re.M) \
        or "skipped" in xelatex.group(1)


def test_a_peer_not_installed_is_named_as_skipped(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))       # no xelatex on it
    skipped = bench.pandoc_xelatex([], tmp_path / "xelatex")
    bench._print_peers({"pandoc → XeLaTeX": skipped, "pandoc → Typst": 4.0}, cold=2.0)
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2] == ("pandoc → XeLaTeX" + " " * 34
                         + "skipped: XeLaTeX with xeCJK not installed (Debian: texlive-xetex, texlive-lang-chinese)")
    assert lines[-1] == "pandoc → Typst" + " " * 36 + "    4.00       0.50"


def test_scaling_repeats_text_but_places_each_figure_once(tmp_path):
    content = copy_fixture(tmp_path / "content")
    bench.scale_content(content, 10)
    text = (content / "zh" / "findings.md").read_text(encoding="utf-8")
    assert text.count("首届中亚—日本峰会在东京举行") == 10
    assert text.count("{#fig:stages}") == 1


def test_an_edit_revises_a_paragraph_and_the_next_puts_it_back(tmp_path):
    """The edited builds lay out a changed paragraph, as an author's revision makes them do: a saved
    file whose text is the same would let the build reuse every decision of the last one."""
    edits = bench.Bench(ROOT, tmp_path, FIXTURE)
    for relative, revision in (("en/intro.md", "\nJapan Japan formally recognized the independence"),
                               ("zh/intro.md", "\n日本于日本于1991年12月28日"),
                               ("references.yaml", "title: 日本的中亚政策及中国的应对策略日本的中亚政策及中国的应对策略\n")):
        path = edits.content / relative
        before = path.read_text(encoding="utf-8")
        edits.touch(relative)
        assert revision in path.read_text(encoding="utf-8") and revision not in before
        edits.touch(relative)
        assert path.read_text(encoding="utf-8") == before
