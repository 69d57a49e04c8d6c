"""Stage 4: pandoc turns an edition's Markdown into an HTML body and a DOCX file."""

from __future__ import annotations

import contextlib
import json
import os
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
    epoch: int = 0         # the edition date: DOCX timestamps, unless SOURCE_DATE_EPOCH is set
    filters: tuple[str, ...] = ()   # Lua filters every conversion runs


@dataclass(frozen=True)
class HtmlBody:
    """Pandoc's HTML: the table of contents and the body, separately."""

    toc: str
    body: str


def run_pandoc(markdown: str, to: str, args: list[str], outputfile: str | None = None,
               cwd: str | None = None, epoch: int = 0) -> str:
    """The one place pandoc is called: sandboxed, no network, no files but those named."""
    try:
        with source_date(epoch):
            return pypandoc.convert_text(markdown, to, format=MARKDOWN, extra_args=args,
                                         outputfile=outputfile, verify_format=False, sandbox=True,
                                         cworkdir=cwd)
    except RuntimeError as exc:
        first = str(exc).strip().splitlines()
        raise BuildError(f"pandoc failed: {first[-1] if first else exc}") from exc


@contextlib.contextmanager
def source_date(epoch: int):
    """SOURCE_DATE_EPOCH set to `epoch` for the duration, unless the user set it.

    Pandoc stamps DOCX files, and fontTools the emoji font WeasyPrint embeds,
    with the clock otherwise; the edition date makes every build of an edition
    byte-identical.
    """
    if not epoch or "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def run_pandoc_raw(text: str, source: str, target: str) -> str:
    """Convert between non-Markdown formats (BibTeX → CSL-JSON)."""
    try:
        return pypandoc.convert_text(text, target, format=source, verify_format=False, sandbox=True)
    except RuntimeError as exc:
        raise BuildError(f"pandoc could not read the {source} input: {str(exc).strip()[-200:]}") from exc


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
            "--metadata=link-bibliography:true"] + filters


def to_html(job: PandocJob, template: Path) -> HtmlBody:
    """Markdown → HTML body and TOC (pandoc with --citeproc)."""
    (Path(job.work_dir)).mkdir(parents=True, exist_ok=True)
    Path(job.work_dir, "edition.md").write_text(job.markdown, encoding="utf-8")
    # Sections become <h2>: the page's one <h1> is the report title.
    args = _citation_args(job) + ["--standalone", f"--template={template}", "--toc",
                                  "--toc-depth=3", "--shift-heading-level-by=1",
                                  "--section-divs", "--wrap=none", "--metadata=title:edition"]
    html = run_pandoc(job.markdown, "html5", args, cwd=job.work_dir)
    toc, _, body = html.partition(BODY_MARKER)
    return HtmlBody(toc=toc.strip(), body=body.strip())


def to_docx(job: PandocJob, reference_doc: Path, outputfile: Path) -> Path:
    """Markdown → DOCX with the generated reference document and a TOC field."""
    Path(job.work_dir).mkdir(parents=True, exist_ok=True)
    Path(job.work_dir, "edition.md").write_text(job.markdown, encoding="utf-8")
    args = _citation_args(job) + [f"--reference-doc={reference_doc}", "--toc", "--toc-depth=2"]
    run_pandoc(job.markdown, "docx", args, outputfile=str(outputfile), cwd=job.work_dir, epoch=job.epoch)
    return outputfile
