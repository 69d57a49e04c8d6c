"""Readers see the source: each citation of the HTML edition carries its reference entry and locator."""

from __future__ import annotations

import re

import pytest

from helpers import EVIDENCE, ROOT
from readers import docx_paragraphs, pdf_text
from reportkit.archive import normalized
from reportkit.citations import cite_groups, prepared_style
from reportkit.convert import PandocJob, to_html
from reportkit.popovers import add_popovers

ENTRIES = """<div id="refs" class="references" role="list">
<div id="ref-a" class="csl-entry" role="listitem">
<div class="csl-left-margin">[1] </div><div class="csl-right-inline">Author A. <a href="https://x.example">Title</a>.</div>
</div>
<div role="listitem" class="csl-entry" id="ref-b">
Author B. 2020.
</div>
</div>"""


def _label(pages, plural):
    return f"pp. {pages}" if plural else f"p. {pages}"


def _popovers(html):
    """(id, entry text, locator text) of each popover, as a reader reads them."""
    import lxml.html

    found = []
    for pop in lxml.html.fromstring(html).xpath('//span[@role="tooltip"]'):
        locator = pop.xpath('span[@class="cite-locator"]')
        found.append((pop.get("id"), pop.xpath('span[@class="cite-entry"]')[0].text_content(),
                      locator[0].text_content() if locator else None))
    return found


def test_each_link_of_a_citation_gets_its_entry_and_locator_whatever_the_attribute_order():
    body = ('<p>X<span data-cites="b a" class="citation"><a role="doc-biblioref" href="#ref-b">[2</a>'
            '<a href="#ref-a" role="doc-biblioref">1]</a></span> <a href="#ref-a">not a citation</a></p>\n'
            + ENTRIES)
    html = add_popovers(body, [[("b", ""), ("a", "69–70")]], _label)
    assert ('<span class="cite-item"><a role="doc-biblioref" href="#ref-b" aria-describedby="cite-pop-1">[2</a>'
            '<span class="cite-pop" role="tooltip" id="cite-pop-1">') in html
    assert '</span> <a href="#ref-a">not a citation</a></p>' in html
    assert _popovers(html) == [("cite-pop-1", "Author B. 2020.", None),
                               ("cite-pop-2", "[1] Author A. Title.", "pp. 69–70")]
    assert "https://x.example" not in html.split("<div", 1)[0]  # a tooltip holds no link


def test_a_citation_the_markdown_does_not_hold_shows_its_entry_without_locator():
    body = ('<span class="citation" data-cites="b"><a href="#ref-b" role="doc-biblioref">B</a></span>'
            '<span class="citation" data-cites="a"><a href="#ref-a" role="doc-biblioref">A</a></span>\n' + ENTRIES)
    html = add_popovers(body, [[("a", "p. 3")]], _label)
    assert [(entry, locator) for _, entry, locator in _popovers(html)] == [("Author B. 2020.", None),
                                                                          ("[1] Author A. Title.", "p. 3")]


def test_the_html_run_gives_its_citations_in_the_order_the_page_prints_them(tmp_path):
    pandoc = ROOT / "templates" / "pandoc"
    job = PandocJob(markdown="A[^1] [@a, p. 3].\n\n[^1]: A note [@b].\n\n| x |\n|---|\n| [@a, {7}; @b] |\n",
                    lang_tag="en-US", csl_path=str(prepared_style("chicago-author-date", tmp_path)),
                    bibliography=[{"id": key, "type": "book", "title": key.upper()} for key in "ab"],
                    work_dir=str(tmp_path / "work"),
                    filters=(str(pandoc / "safe-links.lua"), str(pandoc / "citation-items.lua")))
    body = to_html(job, pandoc / "fragment.html")
    # The footnote's citation prints last, after the table's.
    assert re.findall(r'data-cites="([^"]+)"', body.body) == ["a", "a b", "b"]
    assert list(cite_groups(list(body.cites))) == [[("a", "p. 3", False)], [("a", "{7}", False), ("b", "", False)],
                                                   [("b", "", False)]]
    assert "reportkit:citation-items" not in body.body


@pytest.mark.parametrize("lang,entry,locators", [
    ("zh", "[1] 林晓川. 青川港的兴起与转型[J]. 港口研究, 2019: 11-13.",
     # A cited page follows its own number ([3],[1]12): the items keep the text's order.
     ["第11页", "第11页", "第12页", "第13页", None, None, None, None, "第12页"]),
    ("en", "Lin Xiaochuan. 2019. “Qingchuan gang de xingqi yu zhuanxing” [The rise and transformation of "
           "Qingchuan port]. Gangkou Yanjiu [Port Studies], 11–13.",
     ["p. 11", "p. 11", "p. 12", "p. 13", None, None, None, None, "p. 12"])])
def test_html_edition_citation_popover_holds_the_formatted_entry_and_locator(evidence_built, lang, entry, locators):
    popovers = _popovers(evidence_built.path(lang, "html").read_text(encoding="utf-8"))
    assert popovers[0][1] == entry
    assert [locator for _, _, locator in popovers] == locators


def _archived_sentences():
    sentences = []
    for path in (EVIDENCE / "archive").glob("*.txt"):
        text = re.sub(r"\s*\n\s*", "", path.read_text(encoding="utf-8"))
        sentences += [normalized(s) for s in re.split(r"[。！？]", text) if len(normalized(s)) >= 10]
    return sentences


def test_no_archived_sentence_reaches_a_distributed_output(evidence_built):
    sentences = _archived_sentences()
    assert len(sentences) >= 8
    texts = {}
    for lang in ("zh", "en"):
        texts[f"{lang}.html"] = re.sub(r"<[^>]+>", "", evidence_built.path(lang, "html").read_text(encoding="utf-8"))
        texts[f"{lang}.pdf"] = pdf_text(evidence_built.path(lang, "pdf"))
        texts[f"{lang}.docx"] = "\n".join(t for _, t in docx_paragraphs(evidence_built.path(lang, "docx")))
    leaked = [(name, s) for name, text in texts.items() for s in sentences if s in normalized(text)]
    assert leaked == []
    assert "最初是一个渔港" in normalized(texts["zh.html"])  # the report's own wording is there
    assert not any("<<" in text or "最初只是一个渔港" in text for text in texts.values())
