"""Translation catalogs: extract, update and check, wrapping Babel's own commands."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from ..errors import Problem
from ..text.localize import CATALOG_DOMAIN, catalog_path

TEMPLATE = "messages.pot"


def _babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


@contextlib.contextmanager
def _replaced_if_changed(target: Path):
    """Write a new version of a catalog beside `target`; it replaces `target` only when more
    than its dates differ, so a run that finds nothing new leaves every file as it was."""
    new = target.with_name(target.name + ".new")
    if target.exists():
        shutil.copyfile(target, new)   # `pybabel update -o` merges into the file it writes
    try:
        yield new
        if target.exists() and _without_dates(new) == _without_dates(target):
            return
        os.replace(new, target)
    finally:
        new.unlink(missing_ok=True)


def _without_dates(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:'))]


def extract(root: Path) -> Path:
    """Collect the template strings into templates/locales/messages.pot."""
    target = root / "templates" / "locales" / TEMPLATE
    with _replaced_if_changed(target) as new:
        _babel("extract", "-F", str(root / "babel.cfg"), "-o", str(new), "--no-location",
               "--sort-output", "--project=reportkit", str(root / "templates"))
    return target


def update(root: Path, locales: list[str]) -> None:
    """Merge new template strings into each locale's .po catalog (creating it if needed),
    and into every other catalog under templates/locales, so none falls behind."""
    pot = root / "templates" / "locales" / TEMPLATE
    present = sorted(path.parent.parent.name for path in (root / "templates" / "locales").glob("*/LC_MESSAGES/*.po"))
    for locale in dict.fromkeys([*locales, *present]):
        po = catalog_path(root / "templates" / "locales", locale)
        if po.exists():
            with _replaced_if_changed(po) as new:
                _babel("update", "-i", str(pot), "-o", str(new), "-l", locale, "-D", CATALOG_DOMAIN,
                       "--no-fuzzy-matching", "--init-missing")
        else:
            _babel("init", "-i", str(pot), "-d", str(root / "templates" / "locales"),
                   "-l", locale, "-D", CATALOG_DOMAIN)


def missing_translations(root: Path, locales: list[str]) -> list[Problem]:
    """Every template string that lacks a translation (or is fuzzy) in a catalog."""
    problems = []
    pot_path = root / "templates" / "locales" / TEMPLATE
    with pot_path.open("rb") as handle:
        wanted = [m.id for m in read_po(handle) if m.id]
    for locale in locales:
        po = catalog_path(root / "templates" / "locales", locale)
        if not po.exists():
            problems.append(Problem(str(po), None, f"no catalog for locale '{locale}'",
                                    "run 'invoke i18n.update'"))
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        for msgid in wanted:
            message = catalog.get(msgid)
            if message is None or not message.string or message.fuzzy:
                problems.append(Problem(str(po.relative_to(root)), message.lineno if message else None,
                                        f"no translation for '{msgid}'",
                                        "translate it, then rebuild"))
    return problems
