"""Readers see the source: each citation of the HTML edition carries its reference entry and locator."""

from __future__ import annotations

import re

import pytest

from helpers import EVIDENCE, ROOT
from readers import docx_paragraphs, pdf_text, printed_and_popover_locators
from reportkit.check.archive import normalized
from reportkit.text.citations import locators_after_citations, prepared_style, range_delimiter
from reportkit.convert import PandocJob, to_html
from reportkit.html import popovers
from reportkit.text import htmltree

ENTRIES = """<div id="refs" class="references" role="list">
<div id="ref-a" class="csl-entry" role="listitem">
<div class="csl-left-margin">[1] </div><div class="csl-right-inline">Author A. <a href="https://x.example">Title</a>.</div>
</div>
<div role="listitem" class="csl-entry" id="ref-b">
Author B. 2020.
</div>
</div>"""


def add_popovers(html, page_label, range_dash="\u2013"):
    tree = htmltree.parse(html)
    popovers.add_popovers(tree, page_label, range_dash)
    return htmltree.serialize(tree)


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
            '<a href="#ref-a" data-locator="69–70" role="doc-biblioref">1]</a></span> '
            '<a href="#ref-a">not a citation</a></p>\n' + ENTRIES)
    html = add_popovers(body, _label)
    assert ('<span class="cite-item"><a role="doc-biblioref" href="#ref-b" aria-describedby="cite-pop-1">[2</a>'
            '<span class="cite-pop" role="tooltip" id="cite-pop-1">') in html
    assert '</span> <a href="#ref-a">not a citation</a></p>' in html
    assert _popovers(html) == [("cite-pop-1", "Author B. 2020.", None),
                               ("cite-pop-2", "[1] Author A. Title.", "pp. 69–70")]
    assert "https://x.example" not in html.split("<div", 1)[0]  # a tooltip holds no link


def test_a_link_without_locator_shows_its_entry_alone_and_no_locator_attribute_is_left():
    body = ('<span class="citation" data-cites="b"><a href="#ref-b" role="doc-biblioref">B</a></span>'
            '<span class="citation" data-cites="a"><a href="#ref-a" role="doc-biblioref" data-locator="p. 3">A</a>'
            '</span>\n' + ENTRIES)
    html = add_popovers(body, _label)
    assert [(entry, locator) for _, entry, locator in _popovers(html)] == [("Author B. 2020.", None),
                                                                          ("[1] Author A. Title.", "p. 3")]
    assert "data-locator" not in html


def test_an_entry_with_nested_divs_becomes_spans_in_its_popover():
    body = ('<span class="citation" data-cites="a"><a href="#ref-a">A</a></span>\n'
            '<div class="csl-entry" id="ref-a"><div class="outer"><div class="inner">Deep</div> tail</div>'
            '<a href="https://x.example" class="url">link</a></div>')
    tree = htmltree.parse(add_popovers(body, _label))
    entry = tree.find(".//span[@class='cite-entry']")
    assert [e.tag for e in entry.iter()] == ["span", "span", "span"]
    assert entry.text_content() == "Deep taillink"


# Repeated citations of one source with other pages, several items in one citation, numbers
# GB/T collapses ([2-4]), a citation in a table and one in a note (printed last), and a source
# in `nocite` (its citation lives in the metadata, not in the text).
MANY = """---
nocite: "@e"
---

A[^1] [@a, p. 3]. B [@a, p. 4; @b; @c; @d]. C [@a, pp. 5–6]. D [@b, p. 9; @a, p. 7].
E [@a, p. 3]. F [@c; @b; @d].

[^1]: A note [@a, p. 8].

| x |
|---|
| [@a, p. 11; @b] |
"""


@pytest.mark.parametrize("csl,style", [("chicago-author-date", "author-date"),
                                       ("china-national-standard-gb-t-7714-2015-numeric", "numeric")])
def test_every_popover_shows_the_locator_its_citation_prints(tmp_path, csl, style):
    pandoc = ROOT / "templates" / "pandoc"
    markdown = MANY if style == "author-date" else locators_after_citations(MANY)
    job = PandocJob(markdown=markdown, lang_tag="en-US", csl_path=str(prepared_style(csl, tmp_path)),
                    bibliography=[{"id": key, "type": "book", "title": key.upper(), "issued": {"date-parts": [[2000]]},
                                   "author": [{"family": key.upper(), "given": "X"}]} for key in "abcde"],
                    work_dir=str(tmp_path / "work"), range_dash=range_delimiter(csl),
                    filters=tuple(str(pandoc / name) for name in ("safe-links.lua", "range-dash.lua",
                                                                  "citation-locators.lua")))
    html = add_popovers(to_html(job, pandoc / "fragment.html").body, _label, range_delimiter(csl))
    found = printed_and_popover_locators(html, style)
    assert [(printed, popover) for _, printed, popover in found if printed != popover] == []
    shown = [popover for _, _, popover in found if popover]
    # The same dash as the citation prints: Chicago's en dash, GB/T 7714's hyphen.
    assert shown == ["3", "4", "5–6" if style == "author-date" else "5-6", "9", "7", "3", "11", "8"]
    assert "data-locator" not in html


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
