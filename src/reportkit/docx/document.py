"""The DOCX editions: the reference document (pandoc's default restyled with python-docx), the
front matter pandoc reads, and the finishing of pandoc's DOCX: contents, title page, dates."""

from __future__ import annotations

import functools
import io
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypandoc
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..render.look import BODY_SIZE
from ..write import zip_bytes


@dataclass(frozen=True)
class DocxLook:
    """Fonts and language of one edition's Word styles."""

    lang_tag: str        # zh-CN, en-US
    body_font: str       # Latin body face
    heading_font: str    # Latin heading face
    east_asia_body: str  # w:eastAsia body face
    east_asia_heading: str
    header_text: str
    east_asia_lang: str = "zh-CN"  # w:lang w:eastAsia: the language of East Asian text
    body_size: float = BODY_SIZE
    first_line_indent_chars: int = 0
    cjk: bool = False    # set in CJK characters: no italic, looser lines


def look_of(edition) -> DocxLook:
    """The Word styles of an edition (an `EditionContext`): its fonts, language and script."""
    language, fonts = edition.language, edition.fonts
    return DocxLook(lang_tag=language.bcp47, body_font=fonts.body, heading_font=fonts.heading,
                    east_asia_body=fonts.east_asia_body, east_asia_heading=fonts.east_asia_heading,
                    header_text=language.short_title, first_line_indent_chars=2 if edition.cjk else 0,
                    cjk=edition.cjk, east_asia_lang=fonts.east_asia_lang)


def front_matter(language, toc_title: str, edition_line: str) -> str:
    """The metadata block pandoc turns into the DOCX's title block and document properties."""
    import json

    meta = {"title": language.title, "subtitle": language.subtitle, "author": language.author,
            "date": edition_line, "lang": language.bcp47,
            "keywords": list(language.keywords), "subject": language.subject, "toc-title": toc_title}
    # JSON is valid YAML and quotes every value, so no title can break the block.
    return "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()) + "\n---\n\n"


@functools.lru_cache(maxsize=1)
def pandoc_default_reference() -> bytes:
    """Pandoc's own reference.docx."""
    result = subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                            capture_output=True, check=True)
    return result.stdout


def build_reference_doc(look: DocxLook, target: Path) -> Path:
    """Write a reference.docx styled for one edition."""
    document = Document(io.BytesIO(pandoc_default_reference()))
    _page_setup(document)
    for style in document.styles:
        if style.type == 1:  # paragraph and character styles share run fonts
            _style_fonts(style, look)
    _body_style(document, look)
    _heading_styles(document, look)
    _toc_styles(document, look)
    _title_page_styles(document, look)
    if look.cjk:
        _no_slanted_cjk(document)
    _header_footer(document, look)
    _document_language(document, look)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def _page_setup(document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin, section.bottom_margin = Mm(25), Mm(22)
        section.header_distance = section.footer_distance = Mm(12)
        # The title page carries neither running head nor page number.
        section.different_first_page_header_footer = True


def _set_fonts(rpr_owner, latin: str, east_asia: str, look: DocxLook) -> None:
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    _set_language(rpr, look)


def _set_language(rpr, look: DocxLook) -> None:
    """Language of Latin text, and of East Asian text (the edition's own in a CJK edition,
    the language of its CJK faces in another)."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), look.lang_tag)
    lang.set(qn("w:eastAsia"), look.east_asia_lang)


def _style_fonts(style, look: DocxLook) -> None:
    heading = style.name.startswith(("Heading", "Title", "Subtitle", "TOC Heading"))
    latin = look.heading_font if heading else look.body_font
    east = look.east_asia_heading if heading else look.east_asia_body
    _set_fonts(style.element, latin, east, look)


def _body_style(document, look: DocxLook) -> None:
    for name in ("Normal", "Body Text", "First Paragraph", "Compact"):
        if name not in [s.name for s in document.styles]:
            continue
        style = document.styles[name]
        style.font.size = Pt(look.body_size)
        fmt = style.paragraph_format
        fmt.line_spacing = 1.5 if look.cjk else 1.2
        if name in ("Body Text", "First Paragraph"):
            fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if look.first_line_indent_chars:
                fmt.first_line_indent = Pt(look.body_size * look.first_line_indent_chars)


def _heading_styles(document, look: DocxLook) -> None:
    sizes = {"Title": 22, "Subtitle": 14, "Heading 1": 16, "Heading 2": 13, "Heading 3": 11.5}
    for name, size in sizes.items():
        if name in [s.name for s in document.styles]:
            style = document.styles[name]
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = RGBColor(0x1F, 0x4E, 0x8C)


def _toc_styles(document, look: DocxLook) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    names = [s.name for s in document.styles]
    for level in (1, 2):
        name = f"TOC {level}"
        style = document.styles[name] if name in names else document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        _set_fonts(style.element, look.body_font, look.east_asia_body, look)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(3 if level == 1 else 0), Pt(2)
        fmt.left_indent = Pt(0 if level == 1 else look.body_size * 2)
        style.font.bold = level == 1


def _title_page_styles(document, look: DocxLook) -> None:
    """The title block stands on a page of its own, under a masthead; the contents start the next page."""
    from docx.enum.style import WD_STYLE_TYPE

    names = [s.name for s in document.styles]
    masthead = (document.styles["Masthead"] if "Masthead" in names
                else document.styles.add_style("Masthead", WD_STYLE_TYPE.PARAGRAPH))
    masthead.base_style = document.styles["Normal"]
    _set_fonts(masthead.element, look.heading_font, look.east_asia_heading, look)
    masthead.font.size = Pt(look.body_size)
    masthead.font.color.rgb = RGBColor(0x1F, 0x4E, 0x8C)
    masthead.paragraph_format.space_after = Pt(2)
    # Subtitle, Author and Date are based on Title: each gets its own space above,
    # or each would inherit the title's and push the block onto a second page.
    spaces = {"Title": 150, "Subtitle": 10, "Author": 48, "Date": 6}
    for name, space in spaces.items():
        if name in names:
            document.styles[name].paragraph_format.space_before = Pt(space)
    if "TOC Heading" in names:
        document.styles["TOC Heading"].paragraph_format.page_break_before = True


def title_page(root, masthead: list[str], break_before: tuple[str, ...] = ("colophon",)) -> None:
    """Put the masthead lines above the title, and start the body and the listed sections on new pages."""
    ns = {"w": _W}
    title = root.xpath("//w:body/w:p[w:pPr/w:pStyle/@w:val='Title']", namespaces=ns)
    if title:
        for line in masthead:
            title[0].addprevious(_styled_paragraph("Masthead", line))
    headings = root.xpath("//w:body/w:p[w:pPr/w:pStyle/@w:val='Heading1']", namespaces=ns)
    for number, heading in enumerate(headings):
        bookmark = (heading.xpath("string(w:bookmarkStart/@w:name)", namespaces=ns)
                    or heading.xpath("string(preceding-sibling::*[1][self::w:bookmarkStart]/@w:name)",
                                     namespaces=ns))
        if number == 0 or bookmark in break_before:
            _break_before(heading.find(f"{{{_W}}}pPr"))


def _break_before(properties) -> None:
    """A page break before the paragraph, in the place the schema gives it (after pStyle, keepNext, keepLines)."""
    from lxml import etree

    earlier = {f"{{{_W}}}{name}" for name in ("pStyle", "keepNext", "keepLines")}
    position = sum(1 for child in properties if child.tag in earlier)
    properties.insert(position, etree.Element(f"{{{_W}}}pageBreakBefore"))


def _styled_paragraph(style: str, text: str):
    from lxml import etree

    paragraph = etree.Element(f"{{{_W}}}p")
    properties = etree.SubElement(paragraph, f"{{{_W}}}pPr")
    etree.SubElement(properties, f"{{{_W}}}pStyle", {f"{{{_W}}}val": style})
    run = etree.SubElement(paragraph, f"{{{_W}}}r")
    etree.SubElement(run, f"{{{_W}}}t").text = text
    return paragraph


def _no_slanted_cjk(document) -> None:
    # Chinese has no italic: captions and other styles pandoc sets in italic
    # would come out as slanted Han characters.
    for style in document.styles:
        if style.type in (1, 2) and style.font.italic:
            style.font.italic = False


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
            run._r.append(element)
        else:
            element = OxmlElement("w:t")
            element.text = text
            run._r.append(element)


def _header_footer(document, look: DocxLook) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = look.header_text
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")


def _document_language(document, look: DocxLook) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is not None:
        _set_language(rpr, look)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def finish(pandoc_docx: bytes, masthead: list[str], stamp: str) -> bytes:
    """Pandoc's DOCX made whole, in one pass: read once, its document edited in memory, written once.

    The contents get their entries, the title its page under the `masthead`; every entry is
    dated 1980-01-01 and the document's created and modified dates are `stamp`
    (ISO 8601, UTC): pandoc in its sandbox has no clock and dates every DOCX 1970-01-01.
    """
    import io
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(pandoc_docx)) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    fill_toc(root)
    title_page(root, masthead)
    parts["word/document.xml"] = _xml(root)
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = _dated_core_properties(parts["docProps/core.xml"], stamp)
    return zip_bytes(parts)


def _xml(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _dated_core_properties(xml: bytes, stamp: str) -> bytes:
    from lxml import etree

    root = etree.fromstring(xml)
    for name in ("created", "modified"):
        for element in root.iter(f"{{http://purl.org/dc/terms/}}{name}"):
            element.text = stamp
    return _xml(root)


def fill_toc(root, levels: int = 2) -> None:
    """Give the TOC field a result: one linked entry per heading.

    Pandoc leaves the field empty for Word to fill on opening; LibreOffice and
    other readers then show no contents at all. Word still refreshes the field
    (with page numbers) because it stays marked dirty.
    """
    from lxml import etree

    ns = {"w": _W}
    separate = root.xpath("//w:instrText[contains(., 'TOC')]/following-sibling::w:fldChar"
                          "[@w:fldCharType='separate']", namespaces=ns)
    if not separate:
        return
    run = separate[0].getparent()
    end = run.xpath("w:fldChar[@w:fldCharType='end']", namespaces=ns)
    field_paragraph = run.getparent()
    entries = []
    for paragraph in root.xpath("//w:body/w:p[w:pPr/w:pStyle[starts-with(@w:val, 'Heading')]]",
                                namespaces=ns):
        style = paragraph.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=ns)
        level = int(style.replace("Heading", "") or 0) if style[7:].isdigit() else 0
        # Pandoc puts a section's bookmark just before its heading paragraph.
        bookmark = (paragraph.xpath("string(w:bookmarkStart/@w:name)", namespaces=ns)
                    or paragraph.xpath("string(preceding-sibling::*[1][self::w:bookmarkStart]/@w:name)",
                                       namespaces=ns))
        text = "".join(paragraph.xpath(".//w:t/text()", namespaces=ns))
        if 1 <= level <= levels and bookmark and text:
            entries.append(_toc_entry(level, bookmark, text))
    if not entries or not end:
        return
    # The field ends after the entries: move the 'end' mark to a paragraph of its own.
    run.remove(end[0])
    closing = etree.SubElement(etree.Element(f"{{{_W}}}p"), f"{{{_W}}}r")
    closing.append(end[0])
    anchor = field_paragraph
    for entry in entries + [closing.getparent()]:
        anchor.addnext(entry)
        anchor = entry


def _toc_entry(level: int, bookmark: str, text: str):
    from lxml import etree

    w = f"{{{_W}}}"
    paragraph = etree.Element(f"{w}p")
    properties = etree.SubElement(paragraph, f"{w}pPr")
    etree.SubElement(properties, f"{w}pStyle", {f"{w}val": f"TOC{level}"})
    link = etree.SubElement(paragraph, f"{w}hyperlink", {f"{w}anchor": bookmark, f"{w}history": "1"})
    run = etree.SubElement(link, f"{w}r")
    etree.SubElement(run, f"{w}t").text = text
    return paragraph
