"""The brief's endnotes moved before its colophon, read as a tree."""

from reportkit.pipeline.produce import notes_before_colophon
from reportkit.text import htmltree


def test_the_notes_move_whole_before_the_colophon_whatever_they_hold():
    tree = htmltree.parse('<p>Text</p>\n<section id="colophon" class="back"><p>C</p></section>\n'
                          '<section class="end footnotes" role="doc-endnotes">\n<hr>\n<section><p>inner</p></section>\n'
                          '<ol><li>note</li></ol>\n</section>\n')
    notes_before_colophon(tree, "Notes")
    sections = [s for s in tree if s.tag == "section"]
    assert [s.get("id") for s in sections] == [None, "colophon"]
    assert sections[0][0].text == "Notes" and "note" in sections[0].text_content()
    assert htmltree.serialize(tree).startswith('<p>Text</p>\n<section class="end footnotes" role="doc-endnotes">\n'
                                               '<h2 class="notes-title">Notes</h2>\n<hr>')


def test_without_notes_nothing_moves():
    html = '<p>Text</p>\n<section id="colophon"></section>\n'
    tree = htmltree.parse(html)
    notes_before_colophon(tree, "Notes")
    assert htmltree.serialize(tree) == html
