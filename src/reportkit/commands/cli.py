"""What the invoke tasks call: run a command, turn the project's errors into one line."""

from __future__ import annotations

import json

import sys
import time
from pathlib import Path

from ..pipeline.build import build
from ..project import Project
from ..errors import ReportError, ValidationFailed
from ..load.report import load_report
from ..check.validate import validate


class CommandFailed(Exception):
    """A command ended with errors already printed; carries the exit message and code."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def run(command, *args, debug: bool = False, **kwargs):
    """Call a command; a ReportError becomes its one-line message and exit code 1."""
    try:
        return command(*args, **kwargs)
    except ValidationFailed as exc:
        if debug:
            raise
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = len([p for p in exc.problems if p.severity == "error"])
        raise CommandFailed(f"{errors} error(s): nothing was built") from None
    except ReportError as exc:
        if debug:
            raise
        raise CommandFailed(str(exc), getattr(exc, "exit_code", 1)) from None
    except CommandFailed:
        raise   # the command printed its problems already
    except KeyboardInterrupt:
        if debug:
            raise
        raise CommandFailed("interrupted", 130) from None
    except Exception as exc:  # noqa: BLE001 - the one place a bug becomes one line
        if debug:
            raise
        raise CommandFailed(f"internal error: {type(exc).__name__}: {exc} — run again with --debug "
                            "and report the traceback") from None


def _split(value: str) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] or None


def build_command(root: Path, lang: str = "", fmt: str = "", jobs: int = 0,
                  out: Path | None = None, content: Path | None = None,
                  stats: Path | None = None, archive: Path | None = None, product: str = "",
                  explain: bool = False) -> None:
    """Build and print one line per output; `explain`: also how each PDF was laid out."""
    project = Project.at(root, content=content, out=out, archive=archive)
    progress = Progress() if sys.stderr.isatty() else None
    try:
        result = build(project, langs=_split(lang), formats=_split(fmt), jobs=jobs or None,
                       progress=progress, products=_split(product))
    finally:
        if progress:
            progress.close()   # an error or Ctrl-C is then printed on a line of its own
    if stats:
        _write_stats(stats, result)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    rows = [(path, size, f"{seconds:6.2f} s") for _, path, size, seconds in result.outputs]
    rows += [(path, size, "  cached") for _, path, size in result.cached]
    for path, size, note in sorted(rows, key=lambda r: str(r[0])):
        print(f"  {_relative(path, project.root):<48} {size / 1024:8.0f} KiB {note}")
    if explain:
        for line in _layout_notes(project, result):
            print(line)
    print(result.evidence)
    if result.outputs:
        print(f"built {len(result.outputs)} file(s), {len(result.cached)} up to date, "
              f"in {result.seconds:.2f} s, with {engine_versions()}")
    else:
        print(f"nothing changed: {len(result.cached)} file(s) up to date ({result.seconds:.2f} s)")


def publish_command(root: Path, out: Path | None = None, replace: bool = False, url: str = "",
                    build_out: Path | None = None, content: Path | None = None,
                    archive: Path | None = None) -> Path:
    """Make the current edition's release folder from the build and list what it holds."""
    from .publish import SUMS_FILE, publish

    project = Project.at(root, content=content, out=build_out, archive=archive)
    try:
        release = publish(project, dest=out, replace=replace, url=url)
    except ValidationFailed as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = len([p for p in exc.problems if p.severity == "error"])
        raise CommandFailed(f"{errors} error(s) in 'invoke check': nothing was published") from None
    for entry in release.files:
        pages = f" {entry['pages']:4d} p." if "pages" in entry else ""
        print(f"  {entry['name']:<52} {entry['size'] / 1024:8.0f} KiB{pages}")
    print(f"published {len(release.files) + 2} file(s) in {_relative(release.folder, Path.cwd())}/; "
          f"check them there with: sha256sum -c {SUMS_FILE}")
    return release.folder


def engine_versions() -> str:
    """The converters' versions as one phrase: 'pandoc 3.9, WeasyPrint 70.0'."""
    from importlib import metadata

    import pypandoc

    return f"pandoc {pypandoc.get_pandoc_version()}, WeasyPrint {metadata.version('weasyprint')}"


class Progress:
    """One line on the terminal: what is being built, done/total, elapsed (terminals only)."""

    def __init__(self):
        self.started = time.perf_counter()

    def __call__(self, done: int, total: int, finished) -> None:
        names = ", ".join(f"{o.lang}/{o.product}.{o.fmt}" for o in finished) or "starting"
        elapsed = time.perf_counter() - self.started
        sys.stderr.write(f"\r\033[K  building {done}/{total}  {elapsed:5.1f} s  {names}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


def _layout_notes(project: Project, result) -> list[str]:
    """For each PDF built: how many layouts it took, and what became of the last build's page plan
    (`reportkit.pdf.paginate`): kept, set aside and why, or none."""
    notes = []
    for output, _, _, _ in result.outputs:
        if output.fmt != "pdf":
            continue
        try:
            made = json.loads((project.cache / output.lang / f"{output.product}-pages.json")
                              .read_text(encoding="utf-8"))["made"]
        except (OSError, ValueError, KeyError):
            continue
        stopped = made.get("first_stopped_after")
        first = f", the first stopped after page {stopped} (a figure moves)" if stopped else ""
        notes.append(f"  {output.lang}/{output.product} PDF: {made['layouts']} layout(s){first}; "
                     f"the last build's page plan: {made['last_plan']}")
    return notes


def _write_stats(path: Path, result) -> None:
    import json

    data = {"seconds": result.seconds, "stages": result.stages,
            "outputs": {str(p): {"seconds": s, "bytes": n} for _, p, n, s in result.outputs},
            "cached": [str(p) for _, p, _ in result.cached]}
    Path(path).write_text(json.dumps(data, indent=1), encoding="utf-8")


def check_command(root: Path, content: Path | None = None, archive: Path | None = None,
                  strict: bool = False) -> None:
    """Run every check without building; print each problem as file:line: message.

    `strict` makes every warning about the evidence an error.
    """
    started = time.perf_counter()
    from ..check.evidence import check_evidence, with_evidence
    from ..text.fonts import missing_fonts
    from .i18n import missing_translations

    project = Project.at(root, content=content, archive=archive)
    report = load_report(project.content)
    checked = validate(report)
    evidence = check_evidence(report, checked.amounts, project.archive, strict=strict,
                              citations=checked.citations)
    checked = with_evidence(checked, evidence)
    problems = (checked.problems + missing_fonts(report)
                + missing_translations(project.root, report.config.locales))
    for problem in problems:
        print(problem, file=sys.stderr)
    print(evidence.summary())
    errors = [p for p in problems if p.severity == "error"]
    elapsed = time.perf_counter() - started
    print(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s) in {elapsed:.2f} s")
    if errors:
        raise CommandFailed(f"{len(errors)} error(s)")


def review_command(root: Path, lang: str = "", content: Path | None = None, out: Path | None = None,
                   archive: Path | None = None) -> list[Path]:
    """Write the reviewer's pages (build/review/<lang>.html) and say where they are."""
    from .review import write_review

    project = Project.at(root, content=content, out=out, archive=archive)
    written = write_review(project, _split(lang))
    for path in written:
        print(f"reviewer's page: {_relative(path, Path.cwd())} (for the team only: do not distribute)")
    return written


def _archive_record(report, text: str, archived: str, archive: Path | None, count: int) -> dict:
    """The archive record for `add-source --text`: one entry, a file inside the archive folder."""
    from ..check import archive as archives
    from ..errors import ContentError

    if count != 1:
        raise ContentError(f"--text names one archived text, but {count} entries are being added",
                           hint="add the entries one at a time")
    root = archives.folder(report, archive)
    if root is None:
        raise ContentError("no archive folder is named", report.config.path, None,
                           "add 'archive: PATH' to report.yaml, or give --archive PATH")
    return archives.archive_entry(Path(text), root, archived)


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def translated_command(root: Path, section: str = "", lang: str = "", content: Path | None = None) -> None:
    """Record the source fingerprint in the named translations (all by default)."""
    from ..check.staleness import mark_translated

    project = Project.at(root, content=content)
    report = load_report(project.content)
    langs = [lang] if lang else [l for l in report.config.languages if l != report.config.source_language]
    sections = [section] if section else list(report.config.all_sections)
    for code in langs:
        for section_id in sections:
            print(f"marked up to date: {_relative(mark_translated(report, section_id, code), Path.cwd())}")


def add_source_command(root: Path, file: str = "", author: str = "", title: str = "",
                       container: str = "", date: str = "", url: str = "", language: str = "",
                       kind: str = "article", institution: str = "", content: Path | None = None,
                       text: str = "", archived: str = "", archive: Path | None = None) -> list[str]:
    """Add bibliography entries from a file or from options; return their keys.

    Every entry is checked before any is written; each one added is reported
    with its file line, and so is what was guessed for it. `text` names the
    source's archived text (a file in the archive folder): the entry gets its
    archive record, dated `archived` or today.
    """
    from ..commands import sources
    from ..errors import ContentError
    from ..text.languages import is_cjk
    from ..load.report import load_references

    project = Project.at(root, content=content)
    report = load_report(project.content)
    bibliography = project.content / report.config.bibliography
    if file:
        entries = [sources.NewEntry(e) for e in sources.read_entries(Path(file))]
    elif title:
        entries = [sources.entry_from_options(author, title, container, date, url, language, kind,
                                              institution)]
    else:
        raise ContentError("nothing to add", hint="give --file, or at least --title")
    editions = [code for code in report.config.languages if not is_cjk(code)]
    entries = [sources.prepare(e, file or None, editions, report.config.names) for e in entries]
    record = _archive_record(report, text, archived, archive, len(entries)) if text else None
    shown = _relative(bibliography, Path.cwd())
    keys = []
    for entry in entries:
        if record:
            entry.data["archive"] = record
        references = load_references(bibliography, str(bibliography))
        duplicate = sources.find_duplicate(entry.data, references)
        if duplicate:
            raise ContentError(f"already in the bibliography as '{duplicate.id}' (same URL, or same "
                               "title and author)", duplicate.path, duplicate.line, f"cite it as @{duplicate.id}")
        key = sources.stable_key(entry.data, {r.id for r in references})
        lines = sources.append_entry(bibliography, {"id": key, **entry.data})
        print(f"{shown}:{lines['id']}: added @{key}")
        _report_guesses(shown, lines, entry, editions)
        keys.append(key)
    return keys


def _report_guesses(shown: str, lines: dict[str, int], entry, editions: list[str]) -> None:
    """Tell the user what to check: the proposed romanized forms and every guess."""
    forms = entry.data.get("forms") or {}
    notes = [(lines["forms"], f"check forms.{edition}, a romanized form proposed for the '{edition}' edition "
                              "— correct it where needed and add the title's translation in [brackets]")
             for edition in editions if edition in forms and "forms" in lines]
    notes += [(lines.get(field_name, lines["id"]), f"guessed {guess}") for field_name, guess in entry.guesses]
    for line, note in sorted(notes, key=lambda item: item[0]):   # in the file's order
        print(f"{shown}:{line}: {note}")


def edition_command(root: Path, version: str, summaries: dict[str, str], date: str = "",
                    previous_from: str = "", content: Path | None = None) -> Path:
    """Cut an edition: refuse on errors, snapshot the content, record it in report.yaml."""
    import datetime as dt

    from ..editions.record import (append_edition, check_new_edition, snapshot, snapshot_from_git, write_snapshot)
    from ..load.snapshots import read_snapshot, snapshot_path
    from ..editions.diff import renames
    from ..errors import ConfigError

    from ..check.evidence import check_evidence, with_evidence

    if not version:
        raise ConfigError("no version given for the new edition",
                          hint="give it with --version, e.g. invoke edition --version 1.2")
    project = Project.at(root, content=content)
    report = load_report(project.content)
    checked = validate(report)
    checked = with_evidence(checked, check_evidence(report, checked.amounts, citations=checked.citations))
    errors = [p for p in checked.problems if p.severity == "error"]
    if errors:
        for problem in errors:
            print(problem, file=sys.stderr)
        raise CommandFailed(f"{len(errors)} error(s) in the content: fix them before cutting an edition")
    config = report.config
    date = date or dt.date.today().isoformat()
    try:
        check_new_edition(config.editions, version, date)
    except ConfigError as exc:
        raise ConfigError(exc.message, config.path, None, exc.hint) from None
    missing = [code for code in config.languages if not summaries.get(code, "").strip()]
    if missing and sys.stdin.isatty():
        for code in missing:
            summaries[code] = input(f"what changed in edition {version}, in {code}: ")
        missing = [code for code in config.languages if not summaries.get(code, "").strip()]
    if missing:
        raise ConfigError(f"no summary of edition {version} in {', '.join(missing)}", config.path, None,
                          "give one line per language: " + " ".join(f"--summary '{c}=…'" for c in missing))
    previous = config.edition.version
    if read_snapshot(project.content, previous) is None:
        if not previous_from:
            raise ConfigError(f"edition {previous} has no snapshot to compare with",
                              _relative(snapshot_path(project.content, previous), Path.cwd()), None,
                              f"give --previous-from <git commit or tag holding edition {previous}'s content>")
        path = write_snapshot(project.content, previous,
                                       snapshot_from_git(project.root, project.content, previous_from))
        print(f"recorded edition {previous} from {previous_from}: {_relative(path, Path.cwd())}")
    current = snapshot(report)
    recorded = read_snapshot(project.content, previous)
    for old, new in renames(recorded, current).items():
        how = "declared" if new in config.former_ids else \
            f"recognised from its text; if it is another section, write its entry as {{id: {new}, was: []}}"
        print(f"section '{old}' is now '{new}' ({how})")
    path = write_snapshot(project.content, version, current)
    append_edition(project.content / "report.yaml", version, date,
                            {code: summaries[code].strip() for code in config.languages})
    print(f"edition {version} of {date}: content recorded in {_relative(path, Path.cwd())}, "
          f"listed in {_relative(project.content / 'report.yaml', Path.cwd())}")
    return path
