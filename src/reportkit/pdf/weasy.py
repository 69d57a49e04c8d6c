"""WeasyPrint's private parts, each behind one named function, and the check that they are still there.

The layout passes (`reportkit.pdf.paginate`, `reportkit.pdf.linebreak`) read
WeasyPrint's laid-out boxes, measure text with its Pango layout and edit the
tree it parsed; the engine wraps its font-dictionary builder. None of that is
WeasyPrint's public API, and `pyproject.toml` allows several WeasyPrint
versions, so every such name is reached through this module only, and `check`
proves each one exists and behaves as this code expects before a PDF is laid
out: a WeasyPrint that changed one stops the build with one line naming the
version and the name, instead of a traceback deep in a pass or a PDF that is
silently wrong.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import xml.etree.ElementTree as ElementTree

import weasyprint

try:
    from weasyprint import document as _document
    from weasyprint import pdf as _pdf
    from weasyprint import layout as _layout
    from weasyprint.formatting_structure import boxes as _boxes
    from weasyprint.layout import block as _block
    from weasyprint.pdf import fonts as _fonts
    from weasyprint.text import line_break as _line_break
except ImportError:      # a WeasyPrint that moved one of them: `check` names it
    _document = _pdf = _layout = _boxes = _block = _fonts = _line_break = None

from ..errors import EnvironmentProblem

_HINT = "install the versions in requirements.lock (bash bootstrap.sh)"

# The names this module uses, with the parameters it passes (None: a class or a method).
_FUNCTIONS = {
    "weasyprint.text.line_break.create_layout": ["text", "style", "context", "max_width", "justification_spacing"],
    "weasyprint.text.line_break.line_size": ["line", "style"],
    "weasyprint.pdf.build_fonts_dictionary": ["pdf", "fonts"],
    "weasyprint.document.layout_document": ["html", "root_box", "context"],
    "weasyprint.layout.block.table_layout": ["context", "table", "bottom_space", "skip_stack"],
    "weasyprint.layout.make_all_pages": ["context", "root_box", "html", "pages"],
}
_CLASSES = ("Box", "BlockContainerBox", "BlockBox", "LineBox", "TextBox", "ReplacedBox", "TableBox",
            "TableRowGroupBox", "TableRowBox")
_METHODS = ("margin_height", "content_box_x", "content_box_y")
# What the passes read on a laid-out box.
BOX_ATTRIBUTES = ("element", "element_tag", "style", "children", "position_x", "position_y", "width", "height")
STYLE_KEYS = ("font_size", "text_align_all", "hyphens", "text_indent", "hyphenate_character", "word_spacing",
              # and what `reportkit.pdf.predict` reads to work out a block's width before layout
              "position", "float", "column_count", "column_width", "column_gap", "column_span", "page", "width", "min_width", "max_width",
              "box_sizing", "margin_left", "margin_right", "padding_left", "padding_right",
              "border_left_width", "border_right_width")


# The parsed tree ------------------------------------------------------------------

def source_tree(source) -> ElementTree.Element:
    """The root of the tree a `weasyprint.HTML` parsed: edited in place before it is laid out."""
    return source.etree_element


def source_copy(source):
    """A `weasyprint.HTML` like `source`, with a tree of its own to edit, without parsing the text again
    (a tenth of a second or more for a report)."""
    import copy

    import cssselect2

    copied = object.__new__(type(source))
    copied.__dict__.update(source.__dict__)
    copied.wrapper_element = cssselect2.ElementWrapper.from_html_root(copy.deepcopy(source.etree_element),
                                                                      content_language=None)
    copied.etree_element = copied.wrapper_element.etree_element
    return copied


def document_tree(document) -> ElementTree.Element:
    """The root of the tree a laid-out document was made from, whose elements its boxes point to."""
    return document._html.etree_element


# Before the layout ----------------------------------------------------------------

def formatting_structure(source, **options):
    """The box tree WeasyPrint builds from a parsed page before laying it out: every box with
    its computed style, inline content already in line boxes, nothing yet sized.

    WeasyPrint offers no call that stops there, so its layout step is replaced, for this one
    render, by one that keeps the tree and lays out no page.
    """
    kept = []

    def keep(html, root_box, context, *args, **kwargs):
        kept.append(root_box)
        return []

    original = _document.layout_document
    _document.layout_document = keep
    try:
        source.render(**options)
    finally:
        _document.layout_document = original
    return kept[0]


def is_flow_block(box) -> bool:
    """A block box whose width follows from the block holding it (not a table's wrapper)."""
    return isinstance(box, _boxes.BlockBox) and not getattr(box, "is_table_wrapper", False)


# The layout -----------------------------------------------------------------------

def page_box(page):
    """A laid-out page's box: the page's share of the document and its margin boxes."""
    return page._page_box


def descendants(box):
    """The box and every box inside it, in document order."""
    stack = [box]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(getattr(current, "children", None) or []))


def is_block(box) -> bool:
    """A block-level box holding blocks or lines (a paragraph, a figure, a section)."""
    return isinstance(box, _boxes.BlockBox)


def is_block_container(box) -> bool:
    """A box that holds lines or blocks, a table cell or a list item included."""
    return isinstance(box, _boxes.BlockContainerBox)


def is_line(box) -> bool:
    return isinstance(box, _boxes.LineBox)


def is_text(box) -> bool:
    return isinstance(box, _boxes.TextBox)


def is_replaced(box) -> bool:
    """An image or another replaced element."""
    return isinstance(box, _boxes.ReplacedBox)


def is_table(box) -> bool:
    return isinstance(box, _boxes.TableBox)


def is_table_row(box) -> bool:
    return isinstance(box, _boxes.TableRowBox)


def is_body_rows(box) -> bool:
    """A table's group of body rows (not its header or footer, which repeat on every page)."""
    return isinstance(box, _boxes.TableRowGroupBox) and not box.is_header and not box.is_footer


def text_of(box) -> str:
    """The text a text box sets."""
    return box.text


def text_width(text: str, style) -> float:
    """The width of one line of text in a box's style, measured by WeasyPrint's own Pango layout."""
    if not text:
        return 0.0
    layout = _line_break.create_layout(text, style, None, None, 0)
    line, _ = layout.get_first_line()
    return _line_break.line_size(line, style)[0]


# What a text's width depends on, besides the text: the computed properties WeasyPrint's Pango
# layout reads (`Layout.setup`, `Layout.set_text`, `get_font_description`, `line_size`), and the
# font configuration. `_verify_text_style_keys` checks that it reads no other.
TEXT_STYLE_KEYS = ("direction", "font_family", "font_feature_settings", "font_kerning", "font_language_override",
                   "font_size", "font_stretch", "font_style", "font_variant_alternates", "font_variant_caps",
                   "font_variant_east_asian", "font_variant_ligatures", "font_variant_numeric",
                   "font_variant_position", "font_variation_settings", "font_weight", "lang", "letter_spacing",
                   "overflow_wrap", "tab_size", "text_decoration_line", "word_spacing")
# What `text_width` passes or never sets: no width to wrap at, no justification.
_TEXT_STYLE_UNREAD = ("white_space", "hyphenate_character")


def text_style_key(style) -> str:
    """Two styles with the same key set any text in the same width (`text_width`)."""
    return repr((id(style.font_config), *(style[key] for key in TEXT_STYLE_KEYS)))


# A layout that stops early -------------------------------------------------------

class _Enough(Exception):
    def __init__(self, pages):
        self.pages = pages


@contextlib.contextmanager
def pages_until(enough):
    """While a page is laid out, `enough(page_box)` is asked after each new page whether the pages so
    far are all that is wanted; once it says so, the layout stops there and its document holds
    those pages only (without running heads or folios). A layout it never stops is WeasyPrint's own.

    WeasyPrint makes pages one after another, each from where the last ended, then makes again
    the pages whose page references (a contents page's numbers) changed; a layout stopped early
    does not get there, so its pages are those of the first round.
    """
    _verify_names()
    layout_document, make_all_pages = _document.layout_document, _layout.make_all_pages
    rounds = []

    def until_enough(context, root_box, html, pages, *args, **kwargs):
        rounds.append(len(rounds))
        if len(rounds) > 1:     # a page made again for its page references: the whole layout is wanted
            yield from make_all_pages(context, root_box, html, pages, *args, **kwargs)
            return
        made = []
        for page in make_all_pages(context, root_box, html, pages, *args, **kwargs):
            made.append(page)
            yield page
            if enough(page):
                raise _Enough(made)

    def stopping_early(html, root_box, context, *args, **kwargs):
        # WeasyPrint's layout step yields the pages once they are all made.
        try:
            yield from layout_document(html, root_box, context, *args, **kwargs)
        except _Enough as stopped:
            yield from stopped.pages

    _document.layout_document, _layout.make_all_pages = stopping_early, until_enough
    try:
        yield
    finally:
        _document.layout_document, _layout.make_all_pages = layout_document, make_all_pages


# Tables continued on another page -------------------------------------------------

_CONTINUED_HEAD = "reportkit_continued_head"


@contextlib.contextmanager
def continued_heads(is_continued_head):
    """While pages are laid out, a table directly followed by a table that `is_continued_head(element)`
    accepts sets that second table's header, instead of its own, on every page it continues onto;
    the second table is not laid out.

    WeasyPrint repeats a table's own header on each page the table runs onto, and offers no way to
    repeat another one. Its layout step takes the second tables out of the box tree, and its table
    layout, for the pages after a table's first, sets the other header in place of the table's.
    The other header is sized as the table's own (`_bordered_like`): the same rows, so the same
    heights, and a page breaks where it would with the table's own header repeated.
    """
    _verify_names()
    layout_document, table_layout = _document.layout_document, _block.table_layout

    def taking_continued_heads(html, root_box, context, *args, **kwargs):
        _take_continued_heads(root_box, is_continued_head)
        return layout_document(html, root_box, context, *args, **kwargs)

    def with_continued_head(context, table, bottom_space, skip_stack, *args, **kwargs):
        head = getattr(table, _CONTINUED_HEAD, None)
        if head is None or skip_stack is None:
            return table_layout(context, table, bottom_space, skip_stack, *args, **kwargs)
        own = table.children
        table.children = [head, *own[1:]]
        try:
            return table_layout(context, table, bottom_space, skip_stack, *args, **kwargs)
        finally:
            table.children = own

    _document.layout_document, _block.table_layout = taking_continued_heads, with_continued_head
    try:
        yield
    finally:
        _document.layout_document, _block.table_layout = layout_document, table_layout


def _take_continued_heads(root_box, is_continued_head) -> None:
    for parent in descendants(root_box):
        children = getattr(parent, "children", None)
        if not children or is_line(parent):
            continue
        kept = []
        for child in children:
            table = _wrapped_table(child)
            if table is None or table.element is None or not is_continued_head(table.element):
                kept.append(child)
                continue
            own = _wrapped_table(kept[-1]) if kept else None
            if own is not None and _header(own) is not None and _header(table) is not None:
                head = _header(table)
                _bordered_like(head, _header(own))
                setattr(own, _CONTINUED_HEAD, head)
        if len(kept) != len(children):
            parent.children = kept


def _wrapped_table(box):
    return box.get_wrapped_table() if getattr(box, "is_table_wrapper", False) else None


def _header(table):
    return table.children[0] if table.children and table.children[0].is_header else None


def _bordered_like(head, own) -> None:
    """Give each cell of `head` the used border widths of the cell in the same place of `own`.

    In the collapsing border model WeasyPrint works out those widths for a table as a whole; a header
    taken from another table would keep the ones of that table's edges.
    """
    rows, own_rows = head.children, own.children
    if [len(row.children) for row in rows] != [len(row.children) for row in own_rows]:
        raise _problem("changed how it builds the rows of a table header")
    for row, own_row in zip(rows, own_rows):
        for cell, own_cell in zip(row.children, own_row.children):
            for side in ("top", "right", "bottom", "left"):
                name = f"border_{side}_width"
                setattr(cell, name, getattr(own_cell, name))


# The fonts ------------------------------------------------------------------------

def font_configuration():
    """A new `FontConfiguration`, which the layouts given it share: the fonts it loaded, the faces
    of the stylesheet's @font-face rules."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# The PDF writer -------------------------------------------------------------------

def font_dictionary_builder():
    """WeasyPrint's font-dictionary builder, `build_fonts_dictionary(pdf, fonts, …)`, its names checked first."""
    _verify_names()
    return _pdf.build_fonts_dictionary


@contextlib.contextmanager
def fonts_edited(edit):
    """`edit(fonts)` called on the fonts of the PDF being written, before their dictionary is built.

    WeasyPrint offers no hook there, so its builder is wrapped for the duration
    of one PDF and put back afterwards. The fonts carry a `to_unicode` mapping
    (glyph → text) that `edit` may change.
    """
    original = font_dictionary_builder()

    def build_fonts_dictionary(pdf, fonts, *args, **kwargs):
        edit(fonts)
        return original(pdf, fonts, *args, **kwargs)

    _pdf.build_fonts_dictionary = build_fonts_dictionary
    try:
        yield
    finally:
        _pdf.build_fonts_dictionary = original


# The check ------------------------------------------------------------------------

@functools.cache
def check() -> None:
    """`verify`, once per process: the print engine calls it before its first layout."""
    verify()


def verify() -> None:
    """Raise EnvironmentProblem, naming the WeasyPrint version and the name, if a private part is gone or changed."""
    _verify_names()
    _verify_text_style_keys()
    _verify_layout()


def _problem(what: str) -> EnvironmentProblem:
    return EnvironmentProblem(f"WeasyPrint {weasyprint.__version__} {what}, which the print engine relies on",
                              hint=_HINT)


def _verify_text_style_keys() -> None:
    import re

    from weasyprint.text import fonts

    sources = [inspect.getsource(function) for function in (
        _line_break.Layout.setup, _line_break.Layout.set_text, fonts.get_font_description, _line_break.line_size)]
    read = {name for source in sources for name in re.findall(r"style\[['\"]([a-z_]+)['\"]\]", source)}
    unknown = sorted(read - set(TEXT_STYLE_KEYS) - set(_TEXT_STYLE_UNREAD))
    if unknown:
        raise EnvironmentProblem(f"WeasyPrint {weasyprint.__version__} sets text by the style's {', '.join(unknown)}, "
                                 "which the print engine's text widths are not remembered by", hint=_HINT)


def _verify_names() -> None:
    modules = {"weasyprint.document": _document, "weasyprint.pdf": _pdf, "weasyprint.pdf.fonts": _fonts,
               "weasyprint.layout": _layout, "weasyprint.layout.block": _block,
               "weasyprint.formatting_structure.boxes": _boxes, "weasyprint.text.line_break": _line_break}
    for name, module in modules.items():
        if module is None:
            raise _problem(f"has no module {name}")
    for name in _CLASSES:
        if not inspect.isclass(getattr(_boxes, name, None)):
            raise _problem(f"has no weasyprint.formatting_structure.boxes.{name}")
    for name in _METHODS:
        if not callable(getattr(_boxes.Box, name, None)):
            raise _problem(f"has no method Box.{name}")
    if not inspect.isclass(getattr(_fonts, "Font", None)) \
            or "to_unicode" not in inspect.getsource(_fonts.Font.__init__):
        raise _problem("has no weasyprint.pdf.fonts.Font.to_unicode")
    for name, parameters in _FUNCTIONS.items():
        module, function = name.rsplit(".", 1)
        found = getattr(modules[module], function, None)
        if found is None:
            raise _problem(f"has no {name}")
        if list(inspect.signature(found).parameters)[:len(parameters)] != parameters:
            raise _problem(f"changed {name}({', '.join(parameters)}, …)")


# A page with what the passes read: a justified paragraph, a table with a header.
_PROBE = ("<html><body><p style='text-align: justify; hyphens: auto'>a b</p>"
          "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table></body></html>")


def _verify_layout() -> None:
    """Lay out a small page (a few tens of milliseconds) and read it as the passes do."""
    source = weasyprint.HTML(string=_PROBE)
    _expect("HTML.etree_element, a tree of xml.etree elements",
            lambda: isinstance(source_tree(source), ElementTree.Element))
    document = source.render()
    _expect("Document._html.etree_element", lambda: document_tree(document) is source_tree(source))
    _expect("Page._page_box", lambda: page_box(document.pages[0]).children)
    _expect("HTML.wrapper_element, which source_copy makes anew for a copied tree",
            lambda: _copy_renders_alone(source, document))
    found = list(descendants(page_box(document.pages[0])))
    for kind, test in (("LineBox", is_line), ("TextBox", is_text), ("BlockBox", is_block),
                       ("TableBox", is_table), ("TableRowBox", is_table_row)):
        _expect(f"{kind} in a laid-out page", lambda test=test: any(test(box) for box in found))
    _expect("TableRowGroupBox.is_header and .is_footer",
            lambda: [box.is_header for box in found if isinstance(box, _boxes.TableRowGroupBox)] == [True, False])
    paragraphs = [box for box in found if is_block(box) and getattr(box, "element_tag", None) == "p"]
    _expect("BlockBox.element_tag", lambda: paragraphs)
    paragraph = paragraphs[0]
    for name in BOX_ATTRIBUTES:
        _expect(f"the box attribute {name}", lambda name=name: hasattr(paragraph, name))
    for key in STYLE_KEYS:
        _expect(f"the computed style {key}", lambda key=key: paragraph.style[key] is not None)
    _expect("TextBox.text", lambda: "".join(text_of(box) for box in found if is_text(box)).startswith("a b"))
    _expect("a text width measured with create_layout and line_size",
            lambda: 0 < text_width("a b", paragraph.style) < paragraph.width)
    _expect("layout_document, which formatting_structure stands in for to keep the box tree",
            lambda: _unlaid_tree_holds_lines(formatting_structure(weasyprint.HTML(string=_PROBE))))
    _expect("table_layout, which continued_heads wraps to set another header on a table's later pages",
            _pages_open_with_their_heads)
    _expect("make_all_pages, which pages_until wraps to stop a layout early", _layout_stops_after_one_page)


# A table running over two small pages, followed by the header of the pages it continues onto.
_CONTINUED_PROBE = ("<html><head><style>@page { size: 60mm 40mm; margin: 5mm } table { border-collapse: collapse }"
                    "</style></head><body><table><thead><tr><th>own</th></tr></thead><tbody>"
                    + "<tr><td>row</td></tr>" * 12 + "</tbody></table><table class='probe-continued'><thead>"
                    "<tr><th>other</th></tr></thead></table></body></html>")


def _pages_open_with_their_heads() -> bool:
    with continued_heads(lambda element: element.get("class") == "probe-continued"):
        document = weasyprint.HTML(string=_CONTINUED_PROBE).render()
    firsts = [next(text_of(box) for box in descendants(page_box(page)) if is_text(box)) for page in document.pages]
    texts = ["".join(text_of(box) for box in descendants(page_box(page)) if is_text(box)) for page in document.pages]
    return len(firsts) > 1 and firsts[0] == "own" and set(firsts[1:]) == {"other"} \
        and all(text.count("own") + text.count("other") == 1 for text in texts)


def _copy_renders_alone(source, document) -> bool:
    copied = source_copy(source)
    next(element for element in source_tree(copied).iter() if element.tag == "p").text = "b c"
    text = "".join(text_of(box) for box in descendants(page_box(copied.render().pages[0])) if is_text(box))
    original = "".join(text_of(box) for box in descendants(page_box(document.pages[0])) if is_text(box))
    return text.startswith("b c") and original.startswith("a b") and source_tree(copied) is not source_tree(source)


def _layout_stops_after_one_page() -> bool:
    with pages_until(lambda page: True):
        stopped = weasyprint.HTML(string=_CONTINUED_PROBE).render()
    return len(stopped.pages) == 1 and len(weasyprint.HTML(string=_CONTINUED_PROBE).render().pages) > 1


def _unlaid_tree_holds_lines(root_box) -> bool:
    return is_flow_block(root_box) and any(is_line(box) for box in descendants(root_box))


def _expect(name: str, holds) -> None:
    try:
        good = holds()
    except (AttributeError, KeyError, TypeError, IndexError, StopIteration, ValueError):
        good = False
    if not good:
        raise _problem(f"changed {name}")
