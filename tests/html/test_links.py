"""Citation ids and back-links in the HTML edition."""

from __future__ import annotations

from reportkit.html.links import add_backlinks

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
