"""Translation catalogs as a maintainer updates them: new strings merged, nothing else touched."""

from __future__ import annotations

import shutil

from helpers import ROOT
from reportkit.commands import i18n

LOCALES = ["zh_Hans_CN", "en"]


def _project_copy(tmp_path):
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    return tmp_path


def _catalogs(root):
    return {path: (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted((root / "templates" / "locales").rglob("*.po*"))}


def test_updating_twice_with_nothing_new_leaves_every_catalog_as_it_was(tmp_path):
    root = _project_copy(tmp_path)
    i18n.extract(root)
    i18n.update(root, LOCALES)
    before = _catalogs(root)
    i18n.extract(root)
    i18n.update(root, LOCALES)
    assert _catalogs(root) == before


def test_a_new_template_string_reaches_every_catalog_untranslated(tmp_path):
    root = _project_copy(tmp_path)
    page = root / "templates" / "html" / "page.html.j2"
    page.write_text(page.read_text(encoding="utf-8") + "{{ _('A sentence no catalog has yet') }}\n",
                    encoding="utf-8")
    i18n.extract(root)
    i18n.update(root, LOCALES)
    for locale in LOCALES:
        po = i18n.catalog_path(root / "templates" / "locales", locale).read_text(encoding="utf-8")
        assert 'msgid "A sentence no catalog has yet"\nmsgstr ""' in po
    assert any("A sentence no catalog has yet" in problem.message
               for problem in i18n.missing_translations(root, LOCALES))
