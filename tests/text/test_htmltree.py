"""HTML fragments parsed and written back unchanged, whatever their attributes, comments and SVG."""

from reportkit.text import htmltree


def _round_trip(html: str) -> str:
    return htmltree.serialize(htmltree.parse(html))


def test_a_cleaned_body_comes_back_byte_for_byte():
    html = ('\n<p class="a" id="b">x &amp; y&nbsp;z &lt;t&gt; "q" \'s\'</p>\n<br>\n'
            '<table><colgroup><col style="width: 50%"></colgroup></table>\n'
            '<a href="https://example.org/中?a=1&amp;b=2" title="a &quot;b&quot; <c>">x</a>\n')
    assert _round_trip(html) == html


def test_an_engine_figure_keeps_its_svg_names_and_empty_elements():
    svg = ('<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">\n<title id="t">T</title>\n'
           '<rect x="0" y="0"/>\n<circle r="1"><title>1997</title></circle>\n</svg></figure>\n')
    assert _round_trip(svg) == svg


def test_elements_are_found_by_class_whatever_the_attribute_order():
    root = htmltree.parse('<div id="x" class="b a"></div><!-- <div class="a"> --><div class="ab"></div>')
    assert [e.get("id") for e in htmltree.find_all(root, "div", cls="a")] == ["x"]


def test_an_attribute_is_set_in_its_place():
    root = htmltree.parse('<span class="citation" data-cites="k">x</span>')
    htmltree.set_attribute_after(root[0], "id", "cite-1", after="class")
    assert htmltree.serialize(root) == '<span class="citation" id="cite-1" data-cites="k">x</span>'
