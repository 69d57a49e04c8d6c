"""The HTML page's tables in sideways-scrolling boxes, read as the parser sees them."""

from reportkit.html.page import scroll_tables
from reportkit.text import htmltree


def _scrolled(html: str):
    tree = htmltree.parse(html)
    scroll_tables(tree)
    return htmltree.parse(htmltree.serialize(tree))


def test_a_captioned_table_holding_a_table_is_boxed_whole_under_its_caption():
    tree = _scrolled('<table class="t">\n<caption>Cap</caption>\n<tbody><tr><td>'
                     '<table><tbody><tr><td>inner</td></tr></tbody></table></td></tr>'
                     '<tr><td>after</td></tr></tbody></table>\n')
    caption, box = tree[0], tree[1]
    assert (caption.tag, caption.get("id"), caption.text) == ("p", "table-caption-1", "Cap")
    assert box.get("aria-labelledby") == "table-caption-1"
    outer = box[0]
    assert (outer.tag, outer.get("class"), outer.get("aria-labelledby")) == ("table", "t", "table-caption-1")
    assert "after" in outer.text_content() and outer.find("caption") is None


def test_a_table_without_caption_is_boxed_alone():
    assert htmltree.serialize(_scrolled('<p>a</p>\n<table><tbody><tr><td>x</td></tr></tbody></table>\n')) == (
        '<p>a</p>\n<div class="table-scroll" tabindex="0">\n<table><tbody><tr><td>x</td></tr></tbody></table>\n'
        '</div>\n')
