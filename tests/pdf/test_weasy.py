"""WeasyPrint's private parts: reached through `reportkit.pdf.weasy` only, and checked before a layout."""

from __future__ import annotations

import ast

import pytest
import weasyprint

from helpers import ROOT
from reportkit.errors import EnvironmentProblem
from reportkit.pdf import weasy

HINT = " — install the versions in requirements.lock (bash bootstrap.sh)"


def _verify_stops_with(line: str) -> None:
    """`weasy.verify` raises EnvironmentProblem, and the user reads exactly `line`."""
    with pytest.raises(EnvironmentProblem) as raised:
        weasy.verify()
    assert str(raised.value) == line


def test_the_installed_weasyprint_has_every_private_part_the_engine_uses():
    weasy.verify()


def test_a_box_class_gone_stops_the_check_with_one_line_naming_it(monkeypatch):
    from weasyprint.formatting_structure import boxes

    monkeypatch.delattr(boxes, "LineBox")
    _verify_stops_with(f"WeasyPrint {weasyprint.__version__} has no "
                       "weasyprint.formatting_structure.boxes.LineBox, which the print engine relies on"
                       + HINT)


def _page_box_renamed(monkeypatch):
    from weasyprint.document import Page

    original = Page.__init__

    def init(self, page_box):
        original(self, page_box)
        self._box = self.__dict__.pop("_page_box")

    monkeypatch.setattr(Page, "__init__", init)


def test_a_renamed_page_box_stops_the_check_with_one_line_naming_it(monkeypatch):
    _page_box_renamed(monkeypatch)
    with pytest.raises(EnvironmentProblem) as raised:
        weasy.verify()
    assert str(raised.value) == (f"WeasyPrint {weasyprint.__version__} changed Page._page_box, "
                                 "which the print engine relies on" + HINT)


def test_a_changed_text_measure_stops_the_check(monkeypatch):
    from weasyprint.text import line_break

    monkeypatch.setattr(line_break, "create_layout", lambda text, style, context, max_width: None)
    with pytest.raises(EnvironmentProblem, match=r"changed weasyprint\.text\.line_break\.create_layout\(text, "):
        weasy.verify()


def test_a_renamed_layout_step_stops_the_check_with_one_line_naming_it(monkeypatch):
    """`formatting_structure` keeps the box tree before layout by standing in for `layout_document`."""
    from weasyprint import document

    monkeypatch.delattr(document, "layout_document")
    _verify_stops_with(f"WeasyPrint {weasyprint.__version__} has no "
                       "weasyprint.document.layout_document, which the print engine relies on" + HINT)


def test_a_table_layout_that_no_longer_takes_another_header_stops_the_check(monkeypatch):
    """`continued_heads` sets "Table 1 (continued)" on a table's later pages by standing in for the
    table layout that `weasyprint.layout.block` calls; a WeasyPrint that calls another one is caught."""
    from weasyprint.layout import block

    # The wrapped name is one the layout no longer calls.
    monkeypatch.setattr(weasy, "_block", type("Elsewhere", (), {"table_layout": staticmethod(block.table_layout)}))
    _verify_stops_with(f"WeasyPrint {weasyprint.__version__} changed table_layout, which "
                       "continued_heads wraps to set another header on a table's later pages, which the "
                       "print engine relies on" + HINT)


def test_a_page_maker_renamed_stops_the_check_with_one_line_naming_it(monkeypatch):
    """`pages_until` stops a first layout early by standing in for WeasyPrint's page maker."""
    from weasyprint import layout

    monkeypatch.delattr(layout, "make_all_pages")
    _verify_stops_with(f"WeasyPrint {weasyprint.__version__} has no "
                       "weasyprint.layout.make_all_pages, which the print engine relies on" + HINT)


def test_a_text_property_the_width_cache_does_not_key_stops_the_check(monkeypatch):
    """Text widths are shared between paragraphs whose `text_style_key` is the same; a WeasyPrint whose
    text layout reads a property the key leaves out would give one paragraph another's widths."""
    keys = tuple(key for key in weasy.TEXT_STYLE_KEYS if key != "letter_spacing")
    monkeypatch.setattr(weasy, "TEXT_STYLE_KEYS", keys)
    _verify_stops_with(f"WeasyPrint {weasyprint.__version__} sets text by the style's letter_spacing, "
                       "which the print engine's text widths are not remembered by" + HINT)


def test_a_copied_page_that_shares_its_tree_stops_the_check(monkeypatch):
    """The engine parses a print page once and lays out copies (`source_copy`), each edited by the passes;
    a copy that still edited the original's tree would carry one layout's edits into the next."""
    monkeypatch.setattr(weasy, "source_copy", lambda source: source)
    _verify_stops_with(f"WeasyPrint {weasyprint.__version__} changed HTML.wrapper_element, which "
                       "source_copy makes anew for a copied tree, which the print engine relies on" + HINT)


def test_the_font_code_the_chinese_pdf_relies_on_is_checked(monkeypatch):
    from weasyprint import pdf as weasyprint_pdf

    assert weasy.font_dictionary_builder() is weasyprint_pdf.build_fonts_dictionary
    monkeypatch.setattr(weasyprint_pdf, "build_fonts_dictionary", lambda document, fonts_used: None)
    with pytest.raises(EnvironmentProblem) as raised:
        weasy.font_dictionary_builder()
    assert str(raised.value) == (f"WeasyPrint {weasyprint.__version__} changed "
                                 "weasyprint.pdf.build_fonts_dictionary(pdf, fonts, …), which the print engine "
                                 "relies on" + HINT)


def test_a_pdf_is_not_laid_out_by_a_weasyprint_that_changed(monkeypatch, tmp_path):
    """The engine checks before its first layout: the user gets the one line, not a layout error."""
    from weasyprint.urls import URLFetcher

    from reportkit.pdf.engine import render_pdf

    _page_box_renamed(monkeypatch)
    weasy.check.cache_clear()
    try:
        with pytest.raises(EnvironmentProblem, match=r"changed Page\._page_box"):
            render_pdf("<p>Text</p>", tmp_path, URLFetcher())
    finally:
        weasy.check.cache_clear()


PRIVATE_MODULES = ("weasyprint.formatting_structure", "weasyprint.text", "weasyprint.pdf", "weasyprint.layout",
                   "weasyprint.document", "weasyprint.draw")
PRIVATE_ATTRIBUTES = {"_page_box", "_html", "etree_element", "build_fonts_dictionary"}


def _private_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """Where a module imports one of WeasyPrint's private modules or reads one of its private attributes."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Attribute) and node.attr in PRIVATE_ATTRIBUTES:
            found.append((node.lineno, f".{node.attr}"))
            continue
        else:
            continue
        found += [(node.lineno, name) for name in names if name.startswith(PRIVATE_MODULES)][:1]
    return found


def test_only_weasy_imports_weasyprint_private_modules_or_reads_its_private_attributes():
    """A test rather than a `lint-imports` contract: WeasyPrint's `text/` and `formatting_structure/`
    are folders without `__init__.py`, which the import graph `lint-imports` reads leaves out."""
    found = []
    for path in sorted((ROOT / "src" / "reportkit").rglob("*.py")):
        if path == ROOT / "src" / "reportkit" / "pdf" / "weasy.py":
            continue
        found += [f"{path.relative_to(ROOT)}:{line}: {name}"
                  for line, name in _private_uses(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == []


def test_the_scan_sees_every_form_of_import_and_attribute():
    code = ("from weasyprint.formatting_structure import boxes\nimport weasyprint.text.line_break\n"
            "from weasyprint import pdf\nfrom weasyprint.urls import URLFetcher\npage._page_box\n"
            "document._html.etree_element\n")
    assert _private_uses(ast.parse(code)) == [(1, "weasyprint.formatting_structure"),
                                              (2, "weasyprint.text.line_break"), (3, "weasyprint.pdf"),
                                              (5, "._page_box"), (6, ".etree_element"), (6, "._html")]
