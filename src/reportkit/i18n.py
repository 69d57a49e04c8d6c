"""Translation catalogs: extract, update and check, wrapping Babel's own commands."""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from .errors import Problem
from .localize import CATALOG_DOMAIN, catalog_path

TEMPLATE = "messages.pot"


def _babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(root: Path) -> Path:
    """Collect the template strings into templates/locales/messages.pot."""
    target = root / "templates" / "locales" / TEMPLATE
    _babel("extract", "-F", str(root / "babel.cfg"), "-o", str(target), "--no-location",
           "--sort-output", "--project=reportkit", str(root / "templates"))
    return target


def update(root: Path, locales: list[str]) -> None:
    """Merge new template strings into each locale's .po catalog (creating it if needed)."""
    pot = root / "templates" / "locales" / TEMPLATE
    for locale in locales:
        po = catalog_path(root / "templates" / "locales", locale)
        if po.exists():
            _babel("update", "-i", str(pot), "-d", str(root / "templates" / "locales"),
                   "-l", locale, "-D", CATALOG_DOMAIN, "--no-fuzzy-matching")
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
