"""Citations: found as pandoc reads them, set as GB/T 7714 and Chicago set them."""

from __future__ import annotations

import re

from helpers import ROOT
from pdf_lines import pdf_lines
from readers import pdf_text
from reportkit.pipeline.build import build
from reportkit.project import Project
from reportkit.text.citations import (edition_items, find_citations, locators_after_citations, paragraphs_with_keys, section_citations)
from reportkit.model import Reference, Section


def _section(body: str, body_line: int = 4) -> Section:
    return Section(id="s", lang="zh", path="zh/s.md", title="T", body=body, body_line=body_line)


def _found(body: str) -> list[tuple[str, str, int]]:
    return [(c.key, c.locator, c.line) for c in section_citations(_section(body))]


def test_keys_locators_and_lines():
    body = "First [@gao2011, p. 69].\n\nThen [@tang2025; @lian2025, pp. 3–4] and @gao2011 says so.\n"
    assert _found(body) == [("gao2011", "p. 69", 4), ("tang2025", "", 6), ("lian2025", "pp. 3–4", 6),
                            ("gao2011", "", 6)]


def test_pinpoint_anchors_change_neither_keys_nor_locators():
    plain = "日本推行外交[@gao2011, p. 69]。\n\n三个原因[@tang2025; @lian2025]，另见[@kim2020, p. 3]。\n"
    anchored = ("日本推行外交[@gao2011, p. 69 <<丝绸之路外交>>]。\n\n"
                "三个原因[@tang2025 <<三个原因>>; @lian2025 <<倚重俄罗斯>>]，另见[@kim2020, p. 3 <<three reasons>>]。\n")
    assert _found(anchored) == _found(plain) == [
        ("gao2011", "p. 69", 4), ("tang2025", "", 6), ("lian2025", "", 6), ("kim2020", "p. 3", 6)]


def test_code_links_raw_html_and_cross_references_are_not_citations():
    body = ("Write `[@nokey2020]` to cite; see [a post](https://medium.com/@someauthor/post-1) "
            "and <https://example.org/@handle>, or mail me@example.org.\n\n"
            "```\n[@fenced2020]\n```\n\n"
            "<style>\n@import url(x.css);\n</style>\n\n"
            "<!-- [@commented2020] -->\n\n"
            "Japan lent @amt:loan-1993-kg (see @fig:stages and @tbl:chronology) [@gao2011].\n")
    assert _found(body) == [("gao2011", "", 16)]


def test_a_key_also_written_in_code_is_located_where_it_is_cited():
    body = "The key `@tang2052` was a typo;\nthis is a citation [@tang2052].\n"
    assert _found(body) == [("tang2052", "", 5)]


def test_a_footnote_citation_is_located_in_the_footnote():
    body = "Text[^1] and [@gao2011].\n\n[^1]: A note citing [@tang2025, p. 2].\n"
    assert sorted(_found(body)) == [("gao2011", "", 4), ("tang2025", "p. 2", 6)]


def test_one_parse_for_many_sections_gives_what_each_alone_gives(capfd):
    # A fence opened in one section and closed in the next, or a div left open,
    # would swallow the break between sections in a single parse.
    sections = [_section("Cited [@gao2011].\n"), _section("```\nopen [@inside2020]\n"),
                _section("```\n[@after2021]\n", body_line=10), _section("::: note\n[@div2022]\n"),
                _section("Also [@tang2025].\n", body_line=20)]
    together = [[(c.key, c.line) for c in cites] for cites in find_citations(sections)]
    alone = [[(c.key, c.line) for c in section_citations(s)] for s in sections]
    assert together == alone
    assert together[0] == [("gao2011", 4)] and together[-1] == [("tang2025", 20)]
    assert capfd.readouterr().err == ""


def test_paragraph_keys_follow_the_located_citations():
    section = _section("One [@gao2011].\n\nTwo `[@nokey2020]` [@tang2025; @gao2011].\n\nThree.\n")
    assert paragraphs_with_keys(section) == [(4, frozenset({"gao2011"})),
                                             (6, frozenset({"tang2025", "gao2011"})), (8, frozenset())]


def test_a_cited_page_follows_its_number_and_the_other_numbers_share_a_bracket():
    assert locators_after_citations("出处[@gao2011, p. 68; @tang2025; @lian2025; @jiefang2025]。") == (
        "出处[@gao2011, {68}]^68,^[@tang2025; @lian2025; @jiefang2025]。")
    assert locators_after_citations("[@gao2011, pp. 69–70; @tang2025]") == "[@gao2011, {69-70}]^69-70,^[@tang2025]"
    assert locators_after_citations("[@tang2025; @lian2025]") == "[@tang2025; @lian2025]"


def test_archived_entries_are_dated_as_accessed_and_the_record_stays_out_of_csl():
    entry = {"id": "tang2025", "type": "post-weblog", "URL": "https://example.org/a",
             "archive": {"file": "sources/tang2025.html", "sha256": "0" * 64,
                         "archived": "2026-11-22"}}
    item, = edition_items([Reference("tang2025", entry, "references.yaml", 1)], "zh")
    assert item["accessed"] == {"date-parts": [[2026, 11, 22]]}
    assert "archive" not in item


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_chinese_citation_numbers_collapse(real):
    lines = [line.text for line in pdf_lines(real.path("zh", "pdf"))]
    # No [2][3]: the numbers of one citation share a bracket…
    assert [t for t in lines if re.search(r"\[\d+\]\[\d+\]", t)] == []
    # …and consecutive ones collapse into a range, after any cited page: [1]68,[2-5].
    assert any(re.search(r"\[\d+\]\d+(?:-\d+)?,\[\d+-\d+\]", t) for t in lines)


# A range of numbers in a citation, printed by the report: collapsed numbers ([2-5]), a cited
# page range after the bracket ([1]70-71) or in words (第70-71页), pages in an entry (68-72).
_CITED_RANGE = re.compile(r"\[\d+[-–]\d+\]|\]\d+[-–]\d+|第\s?\d+[-–]\d+\s?页|:\s?\d+[-–]\d+\.")


def test_a_chinese_edition_joins_every_range_of_its_citations_with_one_dash(real):
    """GB/T 7714 joins consecutive numbers ([6-7]) and pages (15-17) with a hyphen; citeproc's own
    en dash for collapsed numbers is replaced by the style's, in the PDF, the web page and the DOCX."""
    from readers import docx_paragraphs

    texts = {"pdf": pdf_text(real.path("zh", "pdf")),
             "html": re.sub(r"<[^>]+>", "", real.path("zh", "html").read_text(encoding="utf-8")),
             "docx": "\n".join(text for _, text in docx_paragraphs(real.path("zh", "docx")))}
    found = {name: _CITED_RANGE.findall(text) for name, text in texts.items()}
    assert all(len(ranges) >= 3 for ranges in found.values()), found
    assert {name: [r for r in ranges if "–" in r] for name, ranges in found.items()} == \
        {"pdf": [], "html": [], "docx": []}
    assert any(re.fullmatch(r"\[\d+-\d+\]", r) for r in found["pdf"])
    # The dash reaches the filter as metadata, which stays out of the Word file's properties.
    import zipfile

    with zipfile.ZipFile(real.path("zh", "docx")) as docx:
        assert "reportkit" not in docx.read("docProps/custom.xml").decode("utf-8")


def test_an_archived_online_source_shows_its_access_date(mini_copy, tmp_path):
    references = mini_copy / "references.yaml"
    text = references.read_text(encoding="utf-8")
    text = text.replace("    URL: https://www.163.com/dy/article/KKVDMTIQ05566SD1.html\n",
                        "    URL: https://www.163.com/dy/article/KKVDMTIQ05566SD1.html\n"
                        "    archive: {file: sources/tang2025.html, sha256: '" + "0" * 64 + "', archived: 2026-11-22}\n")
    assert "archived: 2026-11-22" in text
    references.write_text(text, encoding="utf-8")
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["zh"], formats=["pdf"])
    entries = _flat(pdf_text(project.out / "zh" / "mini-report.pdf"))
    assert "[EB/OL].(2025-12)[2026-11-22].https://www.163.com" in entries
def test_each_cite_with_its_items_in_document_order():
    from reportkit.text.cites import cites_of

    markdown = "A [@a, {69}; @b] and @c said. [link](x) [@d, p. 3] (@fig:stages)."
    assert [[(i.key, i.locator, i.in_text) for i in cite.items] for cite in cites_of(markdown)] == [
        [("a", "{69}", False), ("b", "", False)], [("c", "", True)], [("d", "p. 3", False)],
        [("fig:stages", "", True)]]
    assert [markdown[cite.start:cite.end] for cite in cites_of(markdown)] == [
        "[@a, {69}; @b]", "@c", "[@d, p. 3]", "@fig:stages"]


def test_a_chapter_locator_is_worded_in_the_edition_language(tmp_path, mini_copy):
    from helpers import edit
    from readers import html_text, printed_and_popover_locators

    edit(mini_copy / "zh" / "intro.md", "[@gao2011, p. 69]", "[@gao2011, chap. 2]")
    edit(mini_copy / "en" / "intro.md", "[@gao2011, p. 69]", "[@gao2011, chap. 2]")
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, formats=["html"])
    zh = project.out / "zh" / "mini-report.html"
    assert "[1]第2章" in html_text(zh) and "chap." not in html_text(zh)
    assert ("1", "2章", "2章") in printed_and_popover_locators(zh.read_text(encoding="utf-8"), "numeric")
    assert "Gao 2011, chap. 2" in html_text(project.out / "en" / "mini-report.html")
