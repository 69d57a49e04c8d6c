"""The one reader of citations: what pandoc reads as one, and where it is written."""

from __future__ import annotations

from helpers import ROOT, append_to_section
from readers import html_text
from reportkit.check.validate import validate
from reportkit.load.report import load_report
from reportkit.pipeline.build import build
from reportkit.project import Project
from reportkit.text.citations import braced_page_locators, locators_after_citations
from reportkit.text.cites import cites_of

CODE = "Write `[@gao2011, p. 5]` to cite.\n\n```\n[@gao2011, p. 6]\n```\n"
PLACES = ("Text[^n] [@gao2011, p. 3].\n\n[^n]: A note citing [@tang2025, p. 8].\n\n"
          "| Year | Source |\n|------|--------|\n| 1997 | [@gao2011, p. 7] |\n")


def test_a_citation_in_code_is_left_as_written_by_the_locator_rewrites():
    assert locators_after_citations(CODE) == CODE
    assert braced_page_locators(CODE) == CODE
    assert cites_of(CODE) == ()


def test_an_escaped_bracket_holds_no_bracketed_citation():
    text = "See \\[@gao2011, p. 9] and \\@tang2025."
    assert locators_after_citations(text) == braced_page_locators(text) == text
    # Pandoc reads the @key inside the escaped bracket as an in-text citation, without a locator;
    # an escaped @ is none.
    [cite] = cites_of(text)
    assert (text[cite.start:cite.end], cite.in_text, cite.items[0].locator) == ("@gao2011", True, "")


def test_citations_in_a_footnote_and_a_table_cell_are_found_where_they_are_written():
    found = [(PLACES[cite.start:cite.end], [item.locator for item in cite.items]) for cite in cites_of(PLACES)]
    assert sorted(found) == [("[@gao2011, p. 3]", ["p. 3"]), ("[@gao2011, p. 7]", ["p. 7"]),
                             ("[@tang2025, p. 8]", ["p. 8"])]


def test_the_checks_count_no_citation_in_code_and_find_those_in_notes_and_tables(mini_copy):
    text = ("\n\nWrite `[@nokey2020, p. 5]` to cite.\n\n```\n[@fenced2020, p. 6]\n```\n\n"
            "Text[^n] here.\n\n[^n]: A note citing [@notekey2021, p. 8].\n\n"
            "| Year | Source |\n|------|--------|\n| 1997 | [@cellkey2022, p. 7] |\n")
    path = append_to_section(mini_copy, "zh", "intro", text)
    lines = path.read_text(encoding="utf-8").split("\n")
    unknown = sorted(str(p).split(" — ")[0].replace(f"{mini_copy}/", "") for p in validate(load_report(mini_copy)).problems
                     if "unknown citation key" in p.message)
    note = next(n for n, line in enumerate(lines, 1) if "notekey2021" in line)
    cell = next(n for n, line in enumerate(lines, 1) if "cellkey2022" in line)
    assert unknown == sorted([f"zh/intro.md:{cell}: unknown citation key 'cellkey2022'",
                              f"zh/intro.md:{note}: unknown citation key 'notekey2021'"])


def test_the_built_page_shows_code_as_written_and_sets_the_pages_of_notes_and_cells(mini_copy, tmp_path):
    for lang in ("zh", "en"):
        append_to_section(mini_copy, lang, "intro", "\n\n" + CODE + "\n" + PLACES)
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["zh"], formats=["html"])
    shown = html_text(project.out / "zh" / "mini-report.html")
    assert "Write [@gao2011, p. 5] to cite." in shown and "[@gao2011, p. 6]" in shown
    # GB/T 7714 sets the page after the number, in the note and in the table cell as in the text.
    assert "{" not in shown and "p. 8" not in shown and "p. 7" not in shown


def test_a_bracket_after_an_in_text_key_is_a_citation_of_its_own():
    # Pandoc reads `@amt:… [@key]` as one Cite; each is a citation where it is written.
    text = "China–US trade is @amt:trade-cn-us [@lian2025, p. 3 <<贸易额>>]."
    found = [(text[c.start:c.end], [(i.key, i.locator, [a.text for a in i.anchors]) for i in c.items])
             for c in cites_of(text)]
    assert found == [("@amt:trade-cn-us", [("amt:trade-cn-us", "", [])]),
                     ("[@lian2025, p. 3 <<贸易额>>]", [("lian2025", "p. 3", ["贸易额"])])]
