"""Tasks of the report compiler. Each one parses its options and calls the reportkit package."""

import sys
from pathlib import Path

from invoke import Collection, Exit, task

ROOT = Path(__file__).resolve().parent


def _call(command, *args, debug=False, **kwargs):
    from reportkit.commands import cli

    try:
        cli.run(command, *args, debug=debug, **kwargs)
    except cli.CommandFailed as exc:
        raise Exit(str(exc), code=exc.code) from None


@task(help={"lang": "languages to build, comma-separated (default: all in content/report.yaml)",
            "format": "formats to build: pdf, docx, html, comma-separated (default: all)",
            "product": "products to build: report, brief, changes, comma-separated (default: all)",
            "jobs": "parallel workers (default: one per core)",
            "out": "output folder (default: build/)",
            "content": "content folder (default: content/)",
            "stats": "also write the build's timings as JSON to this file",
            "archive": "source archive folder (default: 'archive:' in content/report.yaml)",
            "debug": "show the full traceback on error, and how each PDF was laid out"})
def build(c, lang="", format="", product="", jobs=0, out="", content="", stats="", archive="", debug=False):
    """Build the report and the brief: PDF, DOCX and HTML in every language."""
    from reportkit.commands import cli

    _call(cli.build_command, ROOT, lang=lang, fmt=format, product=product, jobs=jobs,
          out=Path(out) if out else None, content=Path(content) if content else None,
          stats=Path(stats) if stats else None, archive=Path(archive) if archive else None,
          explain=debug, debug=debug)


@task(help={"content": "content folder (default: content/)",
            "archive": "source archive folder (default: 'archive:' in content/report.yaml)",
            "strict": "every warning about the evidence (no anchor, a number not found) is an error",
            "debug": "show the full traceback"})
def check(c, content="", archive="", strict=False, debug=False):
    """Check content without building: citations and their evidence, sections, data, translations."""
    from reportkit.commands import cli

    _call(cli.check_command, ROOT, content=Path(content) if content else None,
          archive=Path(archive) if archive else None, strict=strict, debug=debug)


@task(help={"lang": "languages, comma-separated (default: all)",
            "out": "output folder (default: build/); the pages go to its review/ folder",
            "content": "content folder (default: content/)",
            "archive": "source archive folder (default: 'archive:' in content/report.yaml)",
            "debug": "show the full traceback"})
def review(c, lang="", out="", content="", archive="", debug=False):
    """Write build/review/<lang>.html: each citation beside the archived passage it cites (team only)."""
    from reportkit.commands import cli

    _call(cli.review_command, ROOT, lang=lang, out=Path(out) if out else None,
          content=Path(content) if content else None, archive=Path(archive) if archive else None,
          debug=debug)


@task(help={"out": "folder the release folder <slug>-<version>/ is made in (default: dist/)",
            "replace": "make a release that was published already again, replacing it",
            "url": "where the release folders are put online (default: 'publish.url' in report.yaml): "
                   "link previews need the cover's full address",
            "build_out": "the build's output folder to publish from (default: build/)",
            "content": "content folder (default: content/)",
            "archive": "source archive folder (default: 'archive:' in content/report.yaml)",
            "debug": "show the full traceback"})
def publish(c, out="", replace=False, url="", build_out="", content="", archive="", debug=False):
    """Make dist/<slug>-<version>/: the outputs named by edition, checksums, a landing page, announcements."""
    from reportkit.commands import cli

    _call(cli.publish_command, ROOT, out=Path(out) if out else None, replace=replace, url=url,
          build_out=Path(build_out) if build_out else None, content=Path(content) if content else None,
          archive=Path(archive) if archive else None, debug=debug)


@task(help={"k": "only tests matching this expression (pytest -k)"})
def test(c, k=""):
    """Check the imports between the pipeline's layers and lint the code, then run the test suite."""
    tools = Path(sys.executable).parent
    # The layers and the absence of cycles are contracts in pyproject.toml ([tool.importlinter]).
    c.run(f"{tools / 'lint-imports'} --no-cache", pty=False)
    c.run(f"{tools / 'ruff'} check --no-cache src tests tasks.py", pty=False)
    selector = f" -k '{k}'" if k else ""
    # One test process per core (pytest-xdist); the slowest tests are named on every run,
    # so the next slow one is seen.
    c.run(f"{sys.executable} -m pytest -n auto --durations=15{selector}", pty=False)


@task(help={"section": "section id (default: every section)",
            "lang": "language of the translation (default: every language but the source)"})
def translated(c, section="", lang=""):
    """Mark translations as up to date with their source sections."""
    from reportkit.commands import cli

    _call(cli.translated_command, ROOT, section=section, lang=lang)


@task(name="add-source",
      help={"file": "a CSL-JSON, CSL-YAML or BibTeX file (a Zotero export)",
            "author": "authors, 'Family, Given' or a Chinese or Japanese name, separated by ';'",
            "institution": "authors that are institutions, printed as written, separated by ';'",
            "title": "title", "container": "journal, newspaper or website",
            "date": "YYYY, YYYY-MM or YYYY-MM-DD",
            "url": "URL", "language": "e.g. zh-CN, zh-Hant, ja or en (default: guessed from the title)",
            "kind": "CSL type (default: article)", "content": "content folder (default: content/)",
            "text": "the source's text, a file in the archive folder: records its archive entry",
            "archived": "with --text: the date the text was archived, YYYY-MM-DD (default: today)",
            "archive": "source archive folder (default: 'archive:' in content/report.yaml)",
            "debug": "show the full traceback"})
def add_source(c, file="", author="", institution="", title="", container="", date="", url="",
               language="", kind="article", content="", text="", archived="", archive="", debug=False):
    """Add a bibliography entry with a stable key; refuses duplicates; says what it guessed."""
    from reportkit.commands import cli

    _call(cli.add_source_command, ROOT, file=file, author=author, title=title, container=container,
          date=date, url=url, language=language, kind=kind, institution=institution,
          content=Path(content) if content else None, text=text, archived=archived,
          archive=Path(archive) if archive else None, debug=debug)


@task(help={"lang": "language to preview (default: the source language)",
            "port": "port on localhost (default: 8000)"})
def watch(c, lang="", port=8000):
    """Rebuild a language's HTML on every save and serve build/ with live reload."""
    from reportkit.project import Project
    from reportkit.load.report import load_config
    from reportkit.commands.serve import watch as serve

    project = Project.at(ROOT)
    serve(project, lang or load_config(project.content).source_language, port=port)


@task(help={"runs": "runs of each measurement; the median is reported (default: 3)",
            "scaled": "also build the report repeated ten times (slow)"})
def bench(c, runs=3, scaled=True):
    """Measure build speed and memory; print a table and write build/bench.json."""
    from reportkit.commands import bench as benchmark

    benchmark.run(ROOT, runs=runs, scaled=scaled)


@task(iterable=["summary"],
      help={"version": "the new edition's number, higher than the last one (e.g. 1.1)",
            "summary": "one line on what changed, per language: --summary 'zh=…' --summary 'en=…' "
                       "(asked for when missing on a terminal)",
            "date": "the edition date, YYYY-MM-DD (default: today)",
            "previous_from": "git commit or tag holding the previous edition's content, when it has no snapshot",
            "content": "content folder (default: content/)", "debug": "show the full traceback"})
def edition(c, version="", summary=None, date="", previous_from="", content="", debug=False):
    """Cut a new edition: record its content and list it in report.yaml, so later builds show what changed."""
    from reportkit.commands import cli

    summaries = dict(item.split("=", 1) for item in summary or [] if "=" in item)
    _call(cli.edition_command, ROOT, version=version, summaries=summaries, date=date,
          previous_from=previous_from, content=Path(content) if content else None, debug=debug)


@task
def versions(c):
    """Print the versions of pandoc and WeasyPrint that builds use."""
    from reportkit.commands.cli import engine_versions

    print(engine_versions())


@task(help={"upgrade": "also move every pin to the newest version the ranges in pyproject.toml allow"})
def lock(c, upgrade=False):
    """Refresh requirements.lock (pinned versions with hashes) from the ranges in pyproject.toml."""
    flags = " --upgrade" if upgrade else ""
    # Relative names, so the file's header and comments do not depend on where the clone is.
    with c.cd(str(ROOT)):
        c.run(f"{sys.executable} -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras"
              f" --extra test --extra dev --no-emit-find-links --no-emit-index-url{flags}"
              " -o requirements.lock pyproject.toml", pty=False)


@task
def clean(c):
    """Empty build/ (outputs and cache)."""
    import shutil

    shutil.rmtree(ROOT / "build", ignore_errors=True)
    print("build/ removed")


@task
def extract(c):
    """Collect template strings into templates/locales/messages.pot."""
    from reportkit.commands import i18n

    print(i18n.extract(ROOT))


@task(pre=[extract])
def update(c):
    """Merge new template strings into every locale's .po catalog."""
    from reportkit.commands import i18n
    from reportkit.load.report import load_config

    i18n.update(ROOT, load_config(ROOT / "content").locales)


@task(name="check")
def check_catalogs(c):
    """Fail when any template string lacks a translation in a catalog."""
    from reportkit.commands import i18n
    from reportkit.load.report import load_config

    problems = i18n.missing_translations(ROOT, load_config(ROOT / "content").locales)
    for problem in problems:
        print(problem)
    if problems:
        raise Exit(f"{len(problems)} untranslated string(s)", code=1)
    print("every template string is translated")


ns = Collection(build, check, review, test, clean, translated, add_source, bench, watch, versions, lock,
                edition, publish)
ns.add_collection(Collection("i18n", extract, update, check_catalogs))
