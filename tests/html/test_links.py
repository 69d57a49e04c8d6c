"""Citation ids and back-links in the HTML edition."""

from __future__ import annotations

from reportkit.html import links
from reportkit.text import htmltree


def add_backlinks(html: str, label: str) -> str:
    tree = htmltree.parse(html)
    links.add_backlinks(tree, label)
    return htmltree.serialize(tree)

BODY = ('<p>A<span class="citation" data-cites="a b">[1,2]</span> and '
        '<span data-cites="a" class="citation">[1]</span>.</p>\n'
        '<svg viewBox="0 0 10 10"><text>keep</text></svg>\n'
        '<div id="refs" class="references">\n'
        '<div id="ref-a" class="csl-entry" role="listitem">\nEntry A.\n</div>\n'
        '<div role="listitem" class="csl-entry" id="ref-b">\nEntry B.\n</div>\n'
        '<div id="ref-c" class="csl-entry" role="listitem">\nEntry C.\n</div>\n</div>')


def test_every_citation_gets_an_id_whatever_the_attribute_order():
    html = add_backlinks(BODY, "Back to citation")
    assert '<span class="citation" id="cite-1" data-cites="a b">' in html
    assert '<span data-cites="a" class="citation" id="cite-2">' in html


def test_each_entry_links_back_to_every_place_it_is_cited():
    html = add_backlinks(BODY, "Back to citation")
    assert ('Entry A. <details class="backlinks"><summary aria-label="Back to citation (2)">↩\u20092</summary>'
            '<span class="backlink-list"><a href="#cite-1" class="backlink" aria-label="Back to citation 1">1</a> '
            '<a href="#cite-2" class="backlink" aria-label="Back to citation 2">2</a></span></details>\n</div>') in html
    assert ('Entry B.<span class="backlinks"> <a href="#cite-1" class="backlink" aria-label="Back to citation">↩</a>'
            '</span>\n</div>') in html
    assert 'Entry C.<span class="backlinks"></span>\n</div>' in html


def test_markup_around_is_left_as_written():
    assert '<svg viewBox="0 0 10 10"><text>keep</text></svg>' in add_backlinks(BODY, "Back")


def test_a_citation_in_a_comment_or_a_nested_entry_div_is_read_as_the_parser_sees_it():
    body = ('<p>A<!-- <span class="citation" data-cites="b">x</span> -->'
            '<span class="citation" data-cites="a">[1]</span></p>\n'
            '<div class="csl-entry" id="ref-a">\n<div class="csl-left-margin">[1]</div>'
            '<div class="csl-right-inline">Entry A.</div>\n</div>\n')
    tree = htmltree.parse(add_backlinks(body, "Back"))
    assert [s.get("id") for s in tree.iter("span") if s.get("data-cites")] == ["cite-1"]
    entry = tree.find(".//div[@id='ref-a']")
    assert entry[-1].get("class") == "backlinks" and entry[-1].tail == "\n"
    assert [a.get("href") for a in entry.iter("a")] == ["#cite-1"]
