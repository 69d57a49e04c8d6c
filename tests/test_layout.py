"""The README's table of the engine's layers names every folder and module the package has."""

import re

from helpers import ROOT

PACKAGE = ROOT / "src" / "reportkit"


def _table_rows() -> dict[str, str]:
    """The layer table: its second column (folder or modules) → its third (what they hold)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \d+ \| (.+?) \| (.+?) \|$", text, re.M)
    return {names: holds for names, holds in rows}


def test_every_folder_and_module_of_the_package_is_in_the_readme_table():
    rows = _table_rows()
    named = {n for names in rows for n in re.findall(r"`([a-z0-9_]+)/?`", names)}
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert named == folders | modules

    for names, holds in rows.items():
        for folder in re.findall(r"`([a-z0-9_]+)/`", names):
            inside = {p.stem for p in (PACKAGE / folder).glob("*.py") if p.stem != "__init__"}
            described = set(re.findall(r"`([a-z0-9_]+)`", holds))
            assert inside <= described, f"{folder}/: {sorted(inside - described)} not in the README's table"
