"""`invoke bench`: build speed and memory on the real report, as a table and as JSON.

Every build is measured as a user runs it: `invoke build` in a fresh process.
Wall time, CPU time of the whole process tree and its peak resident memory (the
sum over all its processes, sampled) are taken; figures are medians of `runs`.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from ..load.report import front_matter_lines
from ..load.exhibits import PLACEMENT

SAMPLE_SECONDS = 0.02
# Figures quoted for comparison where the tool is not installed here: pandoc +
# XeLaTeX takes about 3.7 s per PDF of this report on this kind of machine, and
# pandoc about 0.2 s per HTML or DOCX.
XELATEX_PDF_SECONDS, PANDOC_OTHER_SECONDS = 3.7, 0.2


@dataclass
class Run:
    """One measured command."""

    wall: float
    cpu: float
    peak_mb: float


def measure(command: list[str], cwd: Path) -> Run:
    """Run a command; return wall time, CPU time and peak RSS of its process tree."""
    before = os.times()
    started = time.perf_counter()
    process = psutil.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            try:
                tree = [process] + process.children(recursive=True)
                total = sum(p.memory_info().rss for p in tree if p.is_running())
                peak[0] = max(peak[0], total)
            except psutil.Error:
                pass
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    after = os.times()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {stderr.decode(errors='replace')[-500:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return Run(wall, cpu, peak[0] / 2**20)


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               statistics.median(r.peak_mb for r in runs))


class Bench:
    """A scratch copy of the content and an output folder, and the build command for them."""

    def __init__(self, root: Path, scratch: Path, content: Path | None = None):
        self.root, self.content, self.out = root, scratch / "content", scratch / "out"
        shutil.copytree(content or root / "content", self.content)

    def build(self, stats: Path | None = None) -> Run:
        command = [sys.executable, "-m", "invoke", "build", "--content", str(self.content),
                   "--out", str(self.out)]
        if stats:
            command += ["--stats", str(stats)]
        return measure(command, self.root)

    def cold(self, stats: Path | None = None) -> Run:
        shutil.rmtree(self.out, ignore_errors=True)
        return self.build(stats)

    def touch(self, relative: str) -> None:
        path = self.content / relative
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def engine_floor(root: Path, content: Path, out: Path) -> dict[str, float]:
    """The same pandoc and WeasyPrint calls the build makes, one after another, nothing else:
    pandoc on the Markdown each output's work folder kept, the PDF made from each kept print page."""
    from .. import convert
    from ..load.report import load_report
    from ..pdf.page import pdf_from
    from ..project import Project
    from ..render.language import EditionContext

    project = Project.at(root, content=content, out=out)
    report = load_report(project.content)
    config = report.config
    timings: dict[str, float] = {}
    for lang in config.languages:
        for work in sorted((project.cache / lang).iterdir()):
            if not (work / "edition.md").exists():
                continue
            markdown = (work / "edition.md").read_text(encoding="utf-8")
            bibliography = json.loads((work / "bibliography.json").read_text(encoding="utf-8"))
            language = config.languages[lang]
            csl = project.cache / "csl" / f"{language.csl}.csl"
            job = convert.PandocJob(markdown, language.bcp47, str(csl), bibliography, str(work))
            started = time.perf_counter()
            if (work / "reference.docx").exists():
                convert.to_docx(job, work / "reference.docx", work / "floor.docx")
            else:
                convert.to_html(job, project.templates / "pandoc" / "fragment.html")
            timings[f"pandoc {lang}/{work.name}"] = time.perf_counter() - started
        edition = EditionContext.of(config.languages[lang], project.templates, project.catalogs)
        for printed in sorted((project.cache / lang).glob("*-print.html")):
            started = time.perf_counter()
            pdf_from(project, report, edition, printed.read_text(encoding="utf-8"))
            timings[f"weasyprint {lang}/{printed.stem}"] = time.perf_counter() - started
    return timings


def scale_content(content: Path, factor: int) -> None:
    """Repeat every section body `factor` times (figures and tables placed once)."""
    for path in content.glob("*/*.md"):
        head, lines = front_matter_lines(path.read_text(encoding="utf-8"), str(path))
        body = "\n".join(lines)
        extra = PLACEMENT.sub("", body)
        text = "\n".join(["---", *head, "---", body]) + ("\n\n" + extra) * (factor - 1)
        path.write_text(text, encoding="utf-8")


def run(root: Path, runs: int = 3, scaled: bool = True, content: Path | None = None,
        target: Path | None = None, scale: int = 10) -> dict:
    """Measure everything, print the table, write the figures as JSON (build/bench.json);
    `scaled`: also the report repeated `scale` times."""
    results: dict = {"machine": _machine(), "runs": runs, "scale": scale}
    with tempfile.TemporaryDirectory(prefix="reportkit-bench-") as scratch:
        bench = Bench(root, Path(scratch), content)
        stats = Path(scratch) / "stats.json"
        results["cold"] = asdict(median([bench.cold(stats) for _ in range(runs)]))
        results["stages"] = json.loads(stats.read_text(encoding="utf-8"))
        results["noop"] = asdict(median([bench.build() for _ in range(runs)]))
        first = _first_section(bench.content)
        for name, relative in (("edit_en", f"en/{first}.md"), ("edit_zh", f"zh/{first}.md"),
                               ("edit_bibliography", "references.yaml")):
            measured = []
            for _ in range(runs):
                bench.touch(relative)
                measured.append(bench.build())
            results[name] = asdict(median(measured))
        floors = [engine_floor(root, bench.content, bench.out) for _ in range(runs)]
        results["floor_calls"] = {k: statistics.median(f[k] for f in floors) for k in floors[0]}
        results["floor"] = sum(results["floor_calls"].values())
        pdf_count = sum(1 for k in floors[0] if k.startswith("weasyprint") and "brief" not in k)
        other = sum(1 for k in floors[0] if k.startswith("pandoc"))
        results["xelatex_reference"] = pdf_count * XELATEX_PDF_SECONDS + other * PANDOC_OTHER_SECONDS
        results["sizes"] = {str(p.relative_to(bench.out)): p.stat().st_size
                            for p in sorted(bench.out.glob("*/*.*"))}
        if scaled:
            big = Bench(root, Path(scratch) / "scaled", bench.content)
            scale_content(big.content, scale)
            results["scaled"] = asdict(median([big.cold() for _ in range(max(1, runs - 1))]))
    _print(results)
    target = target or root / "build" / "bench.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nwritten: {target}")
    return results


def _first_section(content: Path) -> str:
    from ..load.report import load_config

    sections = load_config(content).sections
    return sections[1] if len(sections) > 1 else sections[0]


def _machine() -> dict:
    return {"cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "cpu": platform.processor() or platform.machine(), "python": platform.python_version(),
            "system": platform.platform()}


def _print(r: dict) -> None:
    cold = r["cold"]["wall"]
    print(f"machine: {r['machine']['cores']} cores, {r['machine']['memory_gb']} GB, "
          f"Python {r['machine']['python']}; medians of {r['runs']} runs\n")
    print(f"{'build':<34}{'wall s':>8}{'cpu s':>8}{'peak MB':>9}{'÷ cold':>8}")
    for key, label in (("cold", "cold, every output"), ("noop", "nothing changed"),
                       ("edit_en", "one English section edited"), ("edit_zh", "one Chinese section edited"),
                       ("edit_bibliography", "bibliography edited"),
                       ("scaled", f"report ×{r['scale']}, cold")):
        if key in r:
            m = r[key]
            print(f"{label:<34}{m['wall']:8.2f}{m['cpu']:8.2f}{m['peak_mb']:9.0f}{m['wall'] / cold:8.2f}")
    print(f"\n{'stage (summed over workers)':<34}{'s':>8}")
    for stage, seconds in r["stages"]["stages"].items():
        print(f"{stage:<34}{seconds:8.2f}")
    print(f"\n{'output (cold build)':<50}{'s':>8}{'KiB':>9}")
    for path, data in sorted(r["stages"]["outputs"].items()):
        print(f"{Path(path).parent.name + '/' + Path(path).name:<50}{data['seconds']:8.2f}{data['bytes'] / 1024:9.0f}")
    print(f"\n{'engine floor (sequential calls)':<50}{'s':>8}")
    for call, seconds in r["floor_calls"].items():
        print(f"{call:<50}{seconds:8.2f}")
    print(f"{'total':<50}{r['floor']:8.2f}")
    print(f"\ncold ÷ engine floor: {cold / r['floor']:.2f} (target ≤ 0.75)")
    print(f"cold ÷ pandoc+XeLaTeX reference ({r['xelatex_reference']:.1f} s, quoted, not measured): "
          f"{cold / r['xelatex_reference']:.2f} (target ≤ 0.5)")
    print(f"no-op: {r['noop']['wall']:.2f} s (target < 0.5)")
    for key in ("edit_en", "edit_zh"):
        print(f"{key}: {r[key]['wall'] / cold:.2f} of cold (target < 0.5)")
    if "scaled" in r:
        print(f"×{r['scale']} report: {r['scaled']['wall'] / cold:.1f}× the time (target ≤ {r['scale']}), "
              f"{r['scaled']['peak_mb']:.0f} MB peak (target ≤ 1536)")
    zh_pdf = [size for name, size in r["sizes"].items() if name.startswith("zh/") and name.endswith(".pdf")
              and "brief" not in name]
    if zh_pdf:
        print(f"Chinese PDF: {zh_pdf[0] / 2**20:.2f} MB (target < 2)")
