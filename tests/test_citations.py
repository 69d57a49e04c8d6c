"""In-text citations and reference entries as GB/T 7714 and Chicago set them."""

from __future__ import annotations

import re

from conftest import ROOT
from pdf_lines import pdf_lines
from readers import pdf_text
from reportkit.build import Project, build
from reportkit.citations import edition_items, locators_after_citations
from reportkit.model import Reference


def test_a_cited_page_follows_its_number_and_the_other_numbers_share_a_bracket():
    assert locators_after_citations("出处[@gao2011, p. 68; @tang2025; @lian2025; @jiefang2025]。") == (
        "出处[@gao2011]^68,^[@tang2025; @lian2025; @jiefang2025]。")
    assert locators_after_citations("[@gao2011, pp. 69–70; @tang2025]") == "[@gao2011]^69-70,^[@tang2025]"
    assert locators_after_citations("[@tang2025; @lian2025]") == "[@tang2025; @lian2025]"


def test_archived_entries_are_dated_as_accessed_and_the_record_stays_out_of_csl():
    entry = {"id": "tang2025", "type": "post-weblog", "URL": "https://example.org/a",
             "archive": {"file": "sources/tang2025.html", "sha256": "0" * 64,
                         "archived": "2026-11-22", "pages": 3}}
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
    assert any(re.search(r"\[\d+\]\d+(?:-\d+)?,\[\d+[-–]\d+\]", t) for t in lines)


def test_an_archived_online_source_shows_its_access_date(mini_copy, tmp_path):
    references = mini_copy / "references.yaml"
    text = references.read_text(encoding="utf-8")
    text = text.replace("    URL: https://www.163.com/dy/article/KKVDMTIQ05566SD1.html\n",
                        "    URL: https://www.163.com/dy/article/KKVDMTIQ05566SD1.html\n"
                        "    archive: {file: sources/tang2025.html, sha256: '00', archived: 2026-11-22, pages: 2}\n")
    assert "archived: 2026-11-22" in text
    references.write_text(text, encoding="utf-8")
    project = Project.at(ROOT, content=mini_copy, out=tmp_path / "out")
    build(project, langs=["zh"], formats=["pdf"])
    entries = _flat(pdf_text(project.out / "zh" / "mini-report.pdf"))
    assert "[EB/OL].(2025-12)[2026-11-22].https://www.163.com" in entries
