"""The pipeline: load → validate → render → convert → write, for every edition and format."""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .formats import FORMATS, PRODUCTS, preload
from ..text.fonts import check_fonts
from ..render.language import EditionContext
from ..errors import ConfigError, Interrupted
from ..check.evidence import check_evidence, with_evidence
from ..load.images import section_images
from ..load.report import load_report
from ..text.localize import format_iso_date
from .lock import build_lock
from ..project import Project
from ..check.validate import ensure_valid, validate
from ..write import check_writable, publish, unchanged_left_out


@dataclass(frozen=True)
class Output:
    """One file the build makes."""

    lang: str
    product: str   # a name in formats.PRODUCTS
    fmt: str       # a name in formats.FORMATS

    def path(self, out: Path, slug: str) -> Path:
        suffix = "" if self.product == "report" else f"-{self.product}"
        return out / self.lang / f"{slug}{suffix}.{self.fmt}"


@dataclass
class BuildResult:
    """What a build made: each output's path, size and seconds, and the warnings."""

    outputs: list[tuple[Output, Path, int, float]] = field(default_factory=list)
    cached: list[tuple[Output, Path, int]] = field(default_factory=list)
    warnings: list = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # summed over worker processes
    seconds: float = 0.0
    evidence: str = ""    # the evidence check's one-line summary


def plan(config, langs=None, formats=None, products=None) -> list[Output]:
    """The outputs to make: each product the report has (formats.PRODUCTS), in each language and
    each of its formats; `formats` and `products` keep only those."""
    unknown = [l for l in (langs or []) if l not in config.languages]
    if unknown:
        raise ConfigError(f"unknown language '{unknown[0]}'", config.path, None,
                          f"use one of: {', '.join(config.languages)}")
    langs = [l for l in config.languages if not langs or l in langs]
    formats = [f for f in FORMATS if not formats or f in formats]
    return [Output(l, product.name, f)
            for product in PRODUCTS.values() if product.made_for(config) and (not products or product.name in products)
            for l in langs for f in formats if product.formats is None or f in product.formats]


def _check(project: Project, report) -> tuple:
    checked = validate(report)
    evidence = check_evidence(report, checked.amounts, project.archive, citations=checked.citations)
    return ensure_valid(with_evidence(checked, evidence)), evidence


def _check_or_reuse(project: Project, report, images: dict[str, dict[str, str]], meanwhile=None,
                    stages: dict | None = None) -> tuple:
    """The checks' result; that of the last report that passed when every input they read is unchanged.

    The same bytes give the same result, and the checks cost a pandoc run per language.
    `meanwhile`, the build's own work that does not depend on them, is done while they run;
    `stages` gets the seconds the checks took ("validate").
    """
    from ..check import archive
    from ..text.fonts import installed_families

    started = time.perf_counter()
    every_image = {path: digest for digests in images.values() for path, digest in digests.items()}
    key = cache.check_key(report, archive.folder(report, project.archive), every_image, installed_families())
    found = cache.stored_check(project.cache, key)
    checking = time.perf_counter() - started
    if found:
        result = found
        if meanwhile:
            meanwhile()
    else:
        result, seconds = _check_beside(project, report, meanwhile) if meanwhile else _timed_check(project, report)
        checking += seconds
        cache.store_check(project.cache, key, result)
    if stages is not None:
        stages["validate"] = checking
    return result


def _timed_check(project: Project, report) -> tuple:
    """(`_check`'s result, its seconds)."""
    started = time.perf_counter()
    return _check(project, report), time.perf_counter() - started


def _check_beside(project: Project, report, meanwhile) -> tuple:
    """`_timed_check` in a process of its own while this one runs `meanwhile` (importing the engines,
    which the workers forked later inherit): half a second each, one after the other otherwise."""
    if sys.platform != "linux":
        meanwhile()
        return _timed_check(project, report)
    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                               initializer=_leave_interrupts_to_the_parent)
    try:
        # As for the workers (`_in_worker_pool`): no Ctrl-C before the process can ignore it.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            checking = pool.submit(_timed_check, project, report)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        meanwhile()
        return checking.result()
    except BaseException:
        for process in set(multiprocessing.active_children()) - before:
            process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def checked_build(project: Project) -> tuple:
    """What a full build of `content/` would make, for a step after it: the report, its evidence,
    every output and those missing or older than their inputs (by the build's own keys).

    Refuses (ValidationFailed) when the checks find an error, as the build does.
    """
    report = load_report(project.content)
    images = {lang: cache.file_digests(section_images(report, lang)) for lang in report.config.languages}
    _, evidence = _check_or_reuse(project, report, images)
    outputs = plan(report.config)
    keys = _output_keys(project, report, outputs, images)
    store = cache.OutputCache(project.cache, project.out)
    stale = [o for o in outputs if not store.is_fresh(o.path(project.out, report.config.slug), keys[o])]
    return report, evidence, outputs, stale


def build(project: Project, langs=None, formats=None, jobs: int | None = None,
          progress=None, products=None) -> BuildResult:
    """Build the requested outputs; nothing in the output folder changes unless all succeed."""
    try:
        return _build(project, langs, formats, jobs, progress, products)
    except KeyboardInterrupt:
        # Wherever Ctrl-C lands: outputs are put in place all together or not at all.
        raise Interrupted(f"interrupted: nothing was changed in {_shown(project.out)}/") from None


def _build(project: Project, langs, formats, jobs, progress, products=None) -> BuildResult:
    started = time.perf_counter()
    report = load_report(project.content)
    loaded = time.perf_counter()
    images = {lang: cache.file_digests(section_images(report, lang)) for lang in report.config.languages}
    first_stages = {"load": loaded - started}
    outputs = _planned(report.config, langs, formats, products)
    # Keys come from what was loaded and are fixed before waiting for the lock:
    # a file saved meanwhile makes the next build remake what it touches.
    keys = _output_keys(project, report, outputs, images)
    # The engines the outputs that look stale need are imported while the content is checked;
    # which are stale is decided again under the lock.
    likely = _stale(project, report, outputs, keys, cache.OutputCache(project.cache, project.out), BuildResult())
    importing = (lambda: _preload(likely)) if likely else None
    checked, evidence = _check_or_reuse(project, report, images, meanwhile=importing, stages=first_stages)
    check_fonts(report.config.languages[o.lang].locale for o in outputs)
    result = BuildResult(warnings=checked.warnings, stages=first_stages, evidence=evidence.summary())
    with build_lock(project.out):
        store = cache.OutputCache(project.cache, project.out)
        stale = _stale(project, report, outputs, keys, store, result)
        # Fail on a folder that cannot be written before the long work, not after it.
        check_writable(sorted({project.out, project.cache} | {o.path(project.out, report.config.slug).parent
                                                              for o in stale}))
        if progress and stale:
            progress(0, len(stale), [])
        made = _make_all(project, stale, jobs, result.stages, progress, (report, checked)) if stale else []
        written = time.perf_counter()
        files = {output.path(project.out, report.config.slug): data for output, data, _ in made}
        files[project.out / "index.html"] = index_page(project, report, files)
        publish(unchanged_left_out(files))
        for output, data, seconds in made:
            path = output.path(project.out, report.config.slug)
            store.record(path, keys[output])
            result.outputs.append((output, path, len(data), seconds))
        result.stages["write"] = result.stages.get("write", 0.0) + time.perf_counter() - written
        store.save()
    result.seconds = time.perf_counter() - started
    return result


def _planned(config, langs, formats, products) -> list[Output]:
    """`plan`, refusing a format or product the build does not know (as `plan` refuses a language)."""
    bad_formats = [f for f in (formats or []) if f not in FORMATS]
    if bad_formats:
        raise ConfigError(f"unknown format '{bad_formats[0]}'", hint=f"use one of: {', '.join(FORMATS)}")
    bad_products = [p for p in (products or []) if p not in PRODUCTS]
    if bad_products:
        raise ConfigError(f"unknown product '{bad_products[0]}'", hint=f"use one of: {', '.join(PRODUCTS)}")
    return plan(config, langs, formats, products)


def _stale(project: Project, report, outputs: list[Output], keys: dict, store, result) -> list[Output]:
    """The outputs to make; the others are noted in `result` as cached."""
    stale = []
    for output in outputs:
        target = output.path(project.out, report.config.slug)
        if store.is_fresh(target, keys[output]):
            result.cached.append((output, target, target.stat().st_size))
        else:
            stale.append(output)
    return stale


def _output_keys(project: Project, report, outputs: list[Output], images: dict) -> dict[Output, str]:
    """`images`: the digests of the image files each language's sections show."""
    shared = cache.shared_digest(report, cache.templates_digest(project.templates))
    return {o: cache.output_key(shared, report, o, images[o.lang]) for o in outputs}


def _groups(outputs: list[Output]) -> list[list[Output]]:
    """Outputs made together: a language's HTML and PDF share one pandoc run, and its report DOCX is
    the current edition the tracked-changes DOCX compares (`produce.make_docx`)."""
    grouped: dict[tuple, list[Output]] = {}
    for output in outputs:
        from_html = FORMATS[output.fmt].from_html
        grouped.setdefault((output.lang, output.product if from_html else "", from_html), []).append(output)
    # The slowest groups (PDF layout of the full report) go first so the pool ends evenly.
    return sorted(grouped.values(), key=lambda g: (not any(FORMATS[o.fmt].slow for o in g),
                                                   g[0].product != "report"))


def _preload(outputs: list[Output]) -> None:
    """Import the heavy engines once, before the workers fork, instead of once per worker.

    WeasyPrint alone takes about half a second to import; the no-op build never
    gets here, so it stays fast.
    """
    preload(o.fmt for o in outputs)


def _make_all(project: Project, outputs: list[Output], jobs: int | None, stages: dict, progress=None,
              loaded: tuple | None = None):
    # Imported here: the converters and their libraries are not needed when
    # nothing changed, and the no-op build should start fast.
    from .produce import make_group

    groups = _groups(outputs)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(groups)))
    _preload(outputs)
    done, total = 0, len(outputs)
    results = []

    def finished(result):
        nonlocal done
        results.append(result)
        done += len(result[0])
        if progress:
            progress(done, total, [o for o, _, _ in result[0]])

    try:
        if workers == 1:
            for group in groups:
                finished(make_group(project, group, loaded))
        else:
            _in_workers(project, groups, workers, loaded, finished)
    except KeyboardInterrupt:
        # Outputs reach the output folder only after all are made: the last build is intact.
        raise Interrupted(f"interrupted: nothing was changed in {_shown(project.out)}/") from None
    made = []
    for group_made, group_stages in results:
        made += group_made
        for stage, seconds in group_stages.items():
            stages[stage] = stages.get(stage, 0.0) + seconds
    return made


def _in_workers(project: Project, groups: list, workers: int, loaded, finished) -> None:
    """Make the groups in worker processes; on Ctrl-C stop every worker at once, quietly.

    The workers keep their temporary files in a folder of this build's own, removed when the
    build ends, however it ends: a worker stopped in the middle of a PDF never cleans up after
    itself, and WeasyPrint copies each font a stylesheet names into a temporary folder (some
    11 MB for the report's), so every stopped build would leave its fonts in /tmp.
    """
    scratch = tempfile.mkdtemp(prefix="reportkit-build-")
    try:
        _in_worker_pool(project, groups, workers, loaded, finished, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _in_worker_pool(project: Project, groups: list, workers: int, loaded, finished, scratch: str) -> None:
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    before = set(multiprocessing.active_children())
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_prepare_worker, initargs=(scratch,)) as pool:
        try:
            # The workers are forked on the first submit. A Ctrl-C in the middle of a fork would
            # interrupt the new worker before it can ignore it, so it waits until they all can.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            # What the workers inherit (the report, the modules) is left out of their garbage
            # collections: each would walk it all, and copy the pages it touches.
            gc.freeze()
            try:
                futures = [pool.submit(_make_in_worker, project, g, loaded) for g in groups]
            finally:
                gc.unfreeze()
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            for future in as_completed(futures):
                finished(future.result())
        except KeyboardInterrupt:
            for worker in set(multiprocessing.active_children()) - before:
                worker.terminate()
            # Waits for the pool's manager thread, which winds down once its workers are gone:
            # left running, it races Python 3.11's exit hook, which then prints a traceback.
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _make_in_worker(project: Project, group: list, loaded) -> tuple:
    """`produce.make_group` in a worker, which first gives the memory its last group freed back to the
    system: before the next group rather than after the last, whose outputs would wait for it."""
    from .produce import make_group

    global _MADE_A_GROUP
    if _MADE_A_GROUP:
        _release_freed_memory()
    _MADE_A_GROUP = True
    return make_group(project, group, loaded)


_MADE_A_GROUP = False     # in this worker process


def _release_freed_memory() -> None:
    """Return the heap a group freed to the system.

    A report's PDF layout frees hundreds of megabytes of boxes (400 MB for a report
    ten times this one) that the C allocator keeps for the process: a worker going
    on to a DOCX would hold them while the other lays out a PDF.
    """
    gc.collect()
    if sys.platform == "linux":
        import ctypes     # here: the build that makes nothing never needs it

        libc = ctypes.CDLL(None)     # the process's own symbols, the C library's among them
        if hasattr(libc, "malloc_trim"):     # glibc's; musl has none
            libc.malloc_trim(0)


def _prepare_worker(scratch: str) -> None:
    """Run in each worker: temporary files go to the build's own folder, and Ctrl-C is left to the parent."""
    tempfile.tempdir = scratch
    os.environ["TMPDIR"] = scratch       # for the programs a worker starts (pandoc)
    _leave_interrupts_to_the_parent()


def _leave_interrupts_to_the_parent() -> None:
    """Run in each worker: Ctrl-C, sent to every process of the terminal, does nothing here.

    The parent stops the workers itself; a worker interrupted in the middle of
    WeasyPrint or Cairo would print tracebacks instead. A handler rather than
    SIG_IGN, so the programs a worker starts (pandoc) still stop at Ctrl-C.
    """
    signal.signal(signal.SIGINT, lambda signum, frame: None)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})   # held by the parent while forking


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def index_page(project: Project, report, new: dict[Path, bytes]) -> bytes:
    """build/index.html: every edition and format there will be, with sizes and the date, and the
    landing page of the latest release when there is one.

    `new` holds the outputs about to be put in place; the others are read from the folder.
    """
    from babel.numbers import format_decimal

    from .releases import landing_name, latest_release

    parts, first = [], None
    release = latest_release(project, report.config.slug)
    contexts = {code: EditionContext.of(language, project.templates, project.catalogs)
                for code, language in report.config.languages.items()}
    for code, context in contexts.items():
        language = context.language
        files = []
        for product, fmt in (("report", "pdf"), ("brief", "pdf"), ("report", "html"), ("report", "docx"),
                             ("changes", "docx"), ("changes", "html")):
            path = Output(code, product, fmt).path(project.out, report.config.slug)
            size = len(new[path]) if path in new else path.stat().st_size if path.exists() else None
            if size is not None:
                kib = format_decimal(size / 1024, "#,##0", locale=language.locale)
                files.append({"href": str(path.relative_to(project.out)), "size": f"{kib} KiB",
                              "label": str(context.strings.format_label(product, fmt))})
        if files:
            first = first or context
            edition = report.config.edition
            landing = release.parent / landing_name(report.config, code) if release else None
            parts.append(context.render(
                "html/index-edition.html.j2", language=language, edition=edition, files=files,
                release=Path(os.path.relpath(landing, project.out)).as_posix() if landing else "",
                edition_date=format_iso_date(edition.date, language.locale)))
    context = first or next(iter(contexts.values()))
    page = context.render(
        "html/index.html.j2",
        title=" / ".join(l.title for l in report.config.languages.values()),
        html_lang=context.language.html_lang, editions="\n".join(parts))
    return page.encode("utf-8")
