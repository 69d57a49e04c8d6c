"""`invoke bench`: build speed and memory on the real report, as a table and as JSON.

Every build is measured as a user runs it: `invoke build` in a fresh process.
Wall time, CPU time of the whole process tree and its peak resident memory (the
sum over all its processes, sampled) are taken; figures are medians of `runs`.
"""

from __future__ import annotations

import json
import os
import platform
import re
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

from ..convert import MARKDOWN
from ..load.report import front_matter_lines
from ..load.exhibits import PLACEMENT

SAMPLE_SECONDS = 0.02


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
        self.originals: dict[str, str] = {}   # each touched file as it was
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
        """Revise a file as its author would, so the next build has a changed text to set: the first
        word of a section's first paragraph, or of a source's first title, written twice; the next
        call puts it back."""
        path = self.content / relative
        text = path.read_text(encoding="utf-8")
        original = self.originals.setdefault(relative, text)
        path.write_text(revised(text, yaml=path.suffix == ".yaml") if text == original else original,
                        encoding="utf-8")


# The first word of a section's paragraph (not a heading, block, table, list or quote), not part of
# a citation key, cross-reference or number; or the first word of a title.
_PARAGRAPH = re.compile(r"^(?!#|:::|!\[|\||-|\*|>|<)[^\n]*?(?<![@:\w-])(?P<word>[^\W\d_]+)", re.M)
_TITLE = re.compile(r"^\s*-?\s*title: *(?P<word>[^\W\d_]+)", re.M)


def revised(text: str, yaml: bool = False) -> str:
    """`text` with the first word of its first paragraph (after any front matter), or of its first
    title (`yaml`), written twice: with a space between, or none in Chinese or Japanese."""
    body_from = text.index("\n---", 4) + 4 if text.startswith("---\n") else 0
    match = (_TITLE if yaml else _PARAGRAPH).search(text, body_from)
    if match is None:
        raise ValueError("no paragraph or title to revise")
    word = match.group("word")
    joint = "" if word[0] >= "\u2e80" else " "
    return text[:match.end("word")] + joint + word + text[match.end("word"):]


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


def weasyprint_once(root: Path, content: Path, out: Path) -> dict[str, float]:
    """Each kept print page laid out and written by WeasyPrint alone, once, with no pass: what the print
    engine's passes are measured against."""
    import weasyprint

    from ..pdf.page import project_fetcher
    from ..project import Project

    project = Project.at(root, content=content, out=out)
    fetcher = project_fetcher(project)
    timings: dict[str, float] = {}
    for printed in sorted(project.cache.glob("*/*-print.html")):
        html = printed.read_text(encoding="utf-8")
        started = time.perf_counter()
        weasyprint.HTML(string=html, base_url=str(project.root), url_fetcher=fetcher).write_pdf(
            pdf_variant="pdf/ua-1")
        timings[f"{printed.parent.name}/{printed.stem}"] = time.perf_counter() - started
    return timings


# The peers -----------------------------------------------------------------------
# Other ways to typeset the same report, timed in the same run as the cold build: pandoc
# with citeproc, as ours, on the Markdown our build rendered for the Word edition and kept in
# its cache (its figures and images are PNG data: URIs, which every peer reads), making the
# report's PDF, DOCX and HTML in each language one after another.


@dataclass
class PeerSource:
    """One language's rendered Markdown and the pandoc options that cite from its bibliography."""

    lang: str
    cjk: bool
    markdown: Path
    pandoc_args: list[str]

    def pandoc(self, to: str, target: Path, *args: str) -> None:
        """pandoc run in the target's folder, so that extracted images sit beside it."""
        import pypandoc

        command = [pypandoc.get_pandoc_path(), f"--from={MARKDOWN}", f"--to={to}", *self.pandoc_args, "--toc",
                   *args, f"--output={target.name}", str(self.markdown)]
        result = subprocess.run(command, cwd=target.parent, capture_output=True)
        if result.returncode != 0:
            raise RuntimeError(f"pandoc → {to} failed: {result.stderr.decode(errors='replace')[-500:]}")


def peer_sources(root: Path, content: Path, out: Path) -> list[PeerSource]:
    """What a cold build of the report left in its cache, read for the peers."""
    from ..load.report import load_config
    from ..project import Project
    from ..text.languages import is_cjk

    project = Project.at(root, content=content, out=out)
    sources = []
    for lang, language in load_config(project.content).languages.items():
        work = project.cache / lang / "report-docx"
        args = ["--quiet", "--citeproc", f"--bibliography={work / 'bibliography.json'}",
                f"--csl={project.cache / 'csl' / f'{language.csl}.csl'}", f"--metadata=lang:{language.bcp47}"]
        sources.append(PeerSource(lang, is_cjk(lang), work / "edition.md", args))
    return sources


def _six_outputs(sources: list[PeerSource], folder: Path, make_pdf) -> float:
    """Seconds to make each language's PDF (`make_pdf(source, target)`), HTML and DOCX with pandoc."""
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for source in sources:
        make_pdf(source, folder / f"{source.lang}.pdf")
        source.pandoc("html5", folder / f"{source.lang}.html", "--standalone", "--embed-resources")
        source.pandoc("docx", folder / f"{source.lang}.docx")
    return time.perf_counter() - started


def pandoc_xelatex(sources: list[PeerSource], folder: Path) -> float | str:
    """pandoc → XeLaTeX, Chinese set in Noto Serif CJK through xeCJK; a reason when TeX is not installed."""
    if shutil.which("xelatex") is None or shutil.which("kpsewhich") is None \
            or not subprocess.run(["kpsewhich", "xeCJK.sty"], capture_output=True, text=True).stdout.strip():
        return "skipped: XeLaTeX with xeCJK not installed (Debian: texlive-xetex, texlive-lang-chinese)"

    def pdf(source: PeerSource, target: Path) -> None:
        source.pandoc("pdf", target, "--pdf-engine=xelatex", "--variable=CJKmainfont:Noto Serif CJK SC")

    return _six_outputs(sources, folder, pdf)


def pandoc_typst(sources: list[PeerSource], folder: Path) -> float:
    """pandoc → Typst (the `typst` package), in Noto Serif or, for Chinese, Noto Serif CJK."""
    import typst

    def pdf(source: PeerSource, target: Path) -> None:
        font = "Noto Serif CJK SC" if source.cjk else "Noto Serif"
        # Without keywords: pandoc writes them unquoted, and Typst reads a Chinese word as a variable's name.
        source.pandoc("typst", target.with_suffix(".typ"), "--standalone", f"--variable=mainfont:{font}",
                      "--variable=keywords:", f"--extract-media={source.lang}-media")
        typst.compile(str(target.with_suffix(".typ")), output=str(target))

    return _six_outputs(sources, folder, pdf)


PEERS = {"pandoc → XeLaTeX": pandoc_xelatex, "pandoc → Typst": pandoc_typst}


def time_peers(root: Path, content: Path, out: Path, scratch: Path, runs: int) -> dict[str, float | str]:
    """Each peer's median seconds for the six outputs, or why it was skipped."""
    sources = peer_sources(root, content, out)
    timed: dict[str, float | str] = {}
    for name, peer in PEERS.items():
        found = [peer(sources, scratch / f"{peer.__name__}-{n}") for n in range(runs)]
        timed[name] = found[0] if isinstance(found[0], str) else statistics.median(found)
    return timed


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
        once = [weasyprint_once(root, bench.content, bench.out) for _ in range(runs)]
        results["once"] = {k: statistics.median(o[k] for o in once) for k in once[0]}
        results["peers"] = time_peers(root, bench.content, bench.out, Path(scratch) / "peers", runs)
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
    _print_once(r.get("once", {}), r["floor_calls"])
    _print_peers(r["peers"], cold)
    _print_targets(r)
    if "scaled" in r:
        print(f"×{r['scale']} report: {r['scaled']['wall'] / cold:.1f}× the time (target ≤ {r['scale']}), "
              f"{r['scaled']['peak_mb']:.0f} MB peak (target ≤ 1536)")
    zh_pdf = [size for name, size in r["sizes"].items() if name.startswith("zh/") and name.endswith(".pdf")
              and "brief" not in name]
    if zh_pdf:
        print(f"Chinese PDF: {zh_pdf[0] / 2**20:.2f} MB (target < 2)")


TARGETS = {"cold": 8.0, "edit": 4.0, "noop": 0.4, "cold_of_xelatex": 1.2, "cold_of_floor": 0.75}


def engines_alone(r: dict) -> float:
    """Seconds the engines take for a cold build's work with nothing of ours around them: each pandoc
    run of the floor, and WeasyPrint laying out and writing each print page once, one after another.
    Over the machine's cores no cold build can take less than this divided by their number."""
    pandoc = sum(seconds for call, seconds in r["floor_calls"].items() if call.startswith("pandoc "))
    return pandoc + sum(r.get("once", {}).values())


def report_pdf_alone(r: dict, lang: str) -> float:
    """The engines' part of a language's report PDF, which an edit of one of its sections remakes:
    the pandoc run it is made from, then WeasyPrint laying out and writing its print page once. One
    after the other, so no edited build of that language can take less."""
    return r["floor_calls"].get(f"pandoc {lang}/report-pdf", 0.0) + r.get("once", {}).get(f"{lang}/report-print", 0.0)


def _print_targets(r: dict) -> None:
    cold, cores = r["cold"]["wall"], r["machine"]["cores"] or 1
    alone = engines_alone(r)
    print(f"\nthe engines alone (pandoc's runs, WeasyPrint once per print page): {alone:.2f} s in a row, "
          f"at best {alone / cores:.2f} s with {cores} cores")
    print(f"cold: {cold:.2f} s (target ≤ {TARGETS['cold']:g}); {cold / (alone / cores):.2f}× the engines' best")
    xelatex = r["peers"].get("pandoc → XeLaTeX")
    if isinstance(xelatex, float):
        print(f"cold ÷ pandoc → XeLaTeX: {cold / xelatex:.2f} (target ≤ {TARGETS['cold_of_xelatex']:g})")
    print(f"cold ÷ engine floor: {cold / r['floor']:.2f} (target ≤ {TARGETS['cold_of_floor']:g})")
    for lang, label in (("en", "one English section edited"), ("zh", "one Chinese section edited")):
        wall = r[f"edit_{lang}"]["wall"]
        print(f"{label}: {wall:.2f} s (target ≤ {TARGETS['edit']:g}), {wall / cold:.2f} of cold; "
              f"its report PDF's engines alone: {report_pdf_alone(r, lang):.2f} s")
    print(f"nothing changed: {r['noop']['wall']:.2f} s (target ≤ {TARGETS['noop']:g})")


ONCE_TARGETS = {"en": 1.5, "zh": 1.3}   # a print engine's PDF ÷ WeasyPrint laying its page out once


def _print_once(once: dict[str, float], floor_calls: dict[str, float]) -> None:
    """Each PDF as the print engine makes it, against WeasyPrint laying out and writing its page once."""
    print(f"\n{'PDF: engine ÷ WeasyPrint once':<50}{'once s':>8}{'engine s':>9}{'÷':>6}")
    for page, seconds in once.items():
        engine = floor_calls.get(f"weasyprint {page}")
        if engine is None:
            continue
        target = ONCE_TARGETS.get(page.split("/")[0])
        aim = f"  (target ≤ {target})" if target and page.endswith("report-print") else ""
        print(f"{page:<50}{seconds:8.2f}{engine:9.2f}{engine / seconds:6.2f}{aim}")


def _print_peers(peers: dict[str, float | str], cold: float) -> None:
    """Each peer's time for the six outputs and our cold build's as a share of it, or why it was skipped."""
    print(f"\n{'peer (report PDF, DOCX, HTML in each language)':<50}{'s':>8}{'cold ÷ it':>11}")
    for name, seconds in peers.items():
        if isinstance(seconds, str):
            print(f"{name:<50}{seconds}")
        else:
            print(f"{name:<50}{seconds:8.2f}{cold / seconds:11.2f}")
