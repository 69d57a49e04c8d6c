"""Stage 4: pandoc turns an edition's Markdown into an HTML body and a DOCX file."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypandoc

from .errors import BuildError

BODY_MARKER = "<!-- reportkit:body -->"
MARKDOWN = "markdown-implicit_figures+implicit_figures"


@dataclass(frozen=True)
class PandocJob:
    """Everything one pandoc call needs, as plain data."""

    markdown: str
    lang_tag: str          # zh-CN, en-US
    csl_path: str
    bibliography: list     # CSL-JSON items of this edition
    work_dir: str          # where intermediate files are written
    filters: tuple[str, ...] = ()   # Lua filters every conversion runs
    range_dash: str = "\u2013"     # the dash the style joins a range of pages with (range-dash.lua)


@dataclass(frozen=True)
class HtmlBody:
    """Pandoc's HTML: the table of contents and the body, separately."""

    toc: str
    body: str


def run_pandoc(markdown: str, to: str, args: list[str], outputfile: str | None = None,
               cwd: str | None = None) -> str:
    """The one place pandoc converts the report: sandboxed, no network, no files but those named."""
    command = [_pandoc(), f"--from={MARKDOWN}", f"--to={to}", "--sandbox", *args]
    if outputfile:
        command.append(f"--output={outputfile}")
    return _call(command, markdown, cwd, "pandoc failed")


def run_pandoc_raw(text: str, source: str, target: str) -> str:
    """Convert between non-Markdown formats (BibTeX → CSL-JSON)."""
    command = [_pandoc(), f"--from={source}", f"--to={target}", "--sandbox"]
    return _call(command, text, None, f"pandoc could not read the {source} input")


def _pandoc() -> str:
    return pypandoc.get_pandoc_path()


def _call(command: list[str], text: str, cwd: str | None, failure: str) -> str:
    result = subprocess.run(command, input=text.encode("utf-8"), capture_output=True, cwd=cwd,
                            check=False)
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BuildError(f"{failure}: {lines[-1] if lines else f'exit code {result.returncode}'}")
    return result.stdout.decode("utf-8")


def _citation_args(job: PandocJob) -> list[str]:
    work = Path(job.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    bib = work / "bibliography.json"
    text = json.dumps(job.bibliography, ensure_ascii=False, indent=1, sort_keys=True)
    if not bib.exists() or bib.read_text(encoding="utf-8") != text:
        bib.write_text(text, encoding="utf-8")
    # Paths relative to the work folder: pandoc records them in DOCX properties,
    # and an absolute path would make two builds of the same content differ.
    csl = os.path.relpath(job.csl_path, work)
    # After --citeproc, so the filters also see the links of the reference list.
    filters = [f"--lua-filter={os.path.relpath(path, work)}" for path in job.filters]
    return ["--quiet", "--citeproc", f"--bibliography={bib.name}", f"--csl={csl}",
            f"--metadata=lang:{job.lang_tag}", "--metadata=link-citations:true",
            "--metadata=link-bibliography:true",
            f"--metadata=reportkit-range-dash:U+{ord(job.range_dash):04X}"] + filters


def to_html(job: PandocJob, template: Path) -> HtmlBody:
    """Markdown → HTML body and TOC (pandoc with --citeproc)."""
    (Path(job.work_dir)).mkdir(parents=True, exist_ok=True)
    Path(job.work_dir, "edition.md").write_text(job.markdown, encoding="utf-8")
    # Sections become <h2>: the page's one <h1> is the report title.
    args = _citation_args(job) + ["--standalone", f"--template={template}", "--toc",
                                  "--toc-depth=3", "--shift-heading-level-by=1",
                                  "--section-divs", "--wrap=none", "--metadata=title:edition"]
    html = run_pandoc(job.markdown, "html5", args, cwd=job.work_dir)
    toc, _, rest = html.partition(BODY_MARKER)
    return HtmlBody(toc=toc.strip(), body=rest.strip())


def to_docx(job: PandocJob, reference_doc: Path, outputfile: Path) -> Path:
    """Markdown → DOCX with the generated reference document and a TOC field."""
    Path(job.work_dir).mkdir(parents=True, exist_ok=True)
    Path(job.work_dir, "edition.md").write_text(job.markdown, encoding="utf-8")
    args = _citation_args(job) + [f"--reference-doc={reference_doc}", "--toc", "--toc-depth=2"]
    run_pandoc(job.markdown, "docx", args, outputfile=str(outputfile), cwd=job.work_dir)
    return outputfile
