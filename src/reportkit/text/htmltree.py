"""HTML fragments read and edited as a tree (lxml), and written back as the pages hold them.

Every HTML body the engine edits has been written by the same serializer: nh3
(html5ever) cleans pandoc's output, and the engine's own figures are written in
the same form. `serialize` writes a tree back in that form, so a fragment that
is parsed and written unchanged comes back byte for byte: double-quoted
attributes in their order, `&amp; &lt; &gt; &nbsp;` in text, `&quot;` in
attributes, void elements without an end tag (`<br>`, `<col …>`).

lxml's own HTML writer does not: it URL-escapes `href` values, quotes with `'`
when a value holds `"`, writes a no-break space as a character, and knows
nothing of SVG, whose tags and attributes the parser lowercases (`viewBox`) and
whose empty elements (`<rect …/>`) it would write with an end tag. In an SVG
subtree `serialize` restores the case from the SVG names that have one and
writes an empty element as `<name …/>`, as the figure templates do.
"""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html
from lxml import etree

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                  "track", "wbr", "param", "keygen", "basefont", "bgsound", "frame"})
# Elements whose text is written as it is, without entities.
_RAW_TEXT = frozenset({"style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext"})
# SVG names that are not lowercase (the HTML standard's table for SVG in HTML).
_SVG_NAMES = {name.lower(): name for name in (
    "altGlyph altGlyphDef altGlyphItem animateColor animateMotion animateTransform clipPath feBlend "
    "feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap "
    "feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge "
    "feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence "
    "foreignObject glyphRef linearGradient radialGradient textPath "
    "attributeName attributeType baseFrequency baseProfile calcMode clipPathUnits diffuseConstant "
    "edgeMode filterUnits glyphRef gradientTransform gradientUnits kernelMatrix kernelUnitLength "
    "keyPoints keySplines keyTimes lengthAdjust limitingConeAngle markerHeight markerUnits markerWidth "
    "maskContentUnits maskUnits numOctaves pathLength patternContentUnits patternTransform patternUnits "
    "pointsAtX pointsAtY pointsAtZ preserveAlpha preserveAspectRatio primitiveUnits refX refY "
    "repeatCount repeatDur requiredExtensions requiredFeatures specularConstant specularExponent "
    "spreadMethod startOffset stdDeviation stitchTiles surfaceScale systemLanguage tableValues targetX "
    "targetY textLength viewBox viewTarget xChannelSelector yChannelSelector zoomAndPan").split()}

Element = lxml.html.HtmlElement


def parse(html: str) -> Element:
    """The fragment as the children of a `<div>` made to hold it (not itself written back)."""
    body = html.lstrip()
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    # The parser drops the white space a fragment starts with.
    root.text = html[:len(html) - len(body)] + (root.text or "")
    return root


def parse_elements(html: str) -> list[Element]:
    """Markup to insert into a tree: its elements, the text between them kept as their tails."""
    holder = parse(html)
    if holder.text:
        raise ValueError("markup to insert starts with text")
    return list(holder)


def serialize(root: Element) -> str:
    """The markup inside `root`, written as the pages hold it."""
    out: list[str] = [_text(root.text or "", root.tag)]
    for child in root:
        _write(child, out, svg=False)
    return "".join(out)


def _write(node, out: list[str], svg: bool) -> None:
    if isinstance(node, etree._Comment):
        out.append(f"<!--{node.text or ''}-->")
    elif isinstance(node, etree._ProcessingInstruction):
        out.append(f"<?{node.target} {node.text or ''}>")
    else:
        _write_element(node, out, svg or node.tag == "svg")
    out.append(_text(node.tail or "", ""))


def _write_element(element, out: list[str], svg: bool) -> None:
    tag = _SVG_NAMES.get(element.tag, element.tag) if svg else element.tag
    attributes = "".join(f' {_SVG_NAMES.get(name, name) if svg else name}="{_attribute(value)}"'
                         for name, value in element.attrib.items())
    if svg and not element.text and len(element) == 0:
        out.append(f"<{tag}{attributes}/>")
        return
    out.append(f"<{tag}{attributes}>")
    if not svg and element.tag in VOID:
        return
    out.append(_text(element.text or "", element.tag))
    for child in element:
        _write(child, out, svg)
    out.append(f"</{tag}>")


def _text(text: str, parent: str) -> str:
    if parent in _RAW_TEXT:
        return text
    return text.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace('"', "&quot;")


def escape_text(text: str) -> str:
    """Text as `serialize` writes it in an element's content."""
    return _text(text, "")


def has_class(element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def find_all(root, tag: str = "*", cls: str | None = None, ident: str | None = None) -> Iterator[Element]:
    """The elements under `root` (in document order) with this tag, class and id."""
    for element in root.iter(tag):
        if not isinstance(element.tag, str):
            continue
        if cls is not None and not has_class(element, cls):
            continue
        if ident is not None and element.get("id") != ident:
            continue
        yield element


def set_attribute_after(element, name: str, value: str, after: str | None) -> None:
    """Set an attribute placed after `after` (or first, when the element has no such attribute):
    the order is kept when written back."""
    items = [(key, item) for key, item in element.attrib.items() if key != name]
    at = next((i + 1 for i, (key, _) in enumerate(items) if key == after), 0)
    items.insert(at, (name, value))
    element.attrib.clear()
    for key, item in items:
        element.set(key, item)


def replace_with_markup(element, markup: str) -> None:
    """Put what `markup` holds in the element's place; the element's tail stays after it."""
    holder = parse(markup)
    parent, tail = element.getparent(), element.tail or ""
    _add_text_before(element, holder.text or "")
    children = list(holder)
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    else:
        _add_text_before(element, tail)
    index = parent.index(element)
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)


def _add_text_before(element, text: str) -> None:
    if not text:
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = element.getparent()
        parent.text = (parent.text or "") + text


def detach(element) -> None:
    """Take the element out of its tree, leaving its tail where it was."""
    _add_text_before(element, element.tail or "")
    element.tail = None
    element.getparent().remove(element)
