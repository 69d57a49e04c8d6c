"""What a reader gets out of each format, as plain Python data."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from read_once import read_once


def pdf_page_texts(path: Path) -> tuple[str, ...]:
    """The text of each page of a PDF, as pypdf extracts it."""
    return read_once(path, "pypdf", _page_texts)


def _page_texts(data: bytes) -> tuple[str, ...]:
    import io

    from pypdf import PdfReader

    return tuple(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_text(path: Path) -> str:
    return "\n".join(text or "" for text in pdf_page_texts(path))


def pdf_joined(path: Path) -> str:
    """The text of a PDF with its lines joined as the layout broke them."""
    joined = ""
    for line in pdf_text(path).split("\n"):
        line = line.strip()
        if joined.endswith("\u2010"):       # a hyphen the layout added
            joined = joined[:-1] + line
        elif joined.endswith(("–", "-", "/")) or not joined:
            joined += line
        else:
            joined += " " + line
    return joined


def pdf_outline(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page index from 0) of every bookmark of a PDF, in order."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, item.title, reader.get_destination_page_number(item)

    return list(walk(reader.outline, 0))


def pdf_fonts(path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font of every page."""
    from pypdf import PdfReader

    fonts = {}
    for page in PdfReader(str(path)).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            embedded = bool(descriptor) and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont"))] = embedded
    return sorted(fonts.items())


def docx_paragraphs(path: Path, tables: bool = False) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph of a DOCX body; with `tables`, of its table cells too."""
    import docx

    document = docx.Document(str(path))
    paragraphs = list(document.paragraphs)
    if tables:
        paragraphs += [p for table in document.tables for row in table.rows for cell in row.cells
                       for p in cell.paragraphs]
    return [(p.style.name, p.text) for p in paragraphs]


def html_text(path: Path) -> str:
    """The text an HTML page shows before any click, white space folded: no style or
    script, no popover (a `role="tooltip"`, shown only on hover or focus)."""
    import lxml.html

    root = lxml.html.parse(str(path)).getroot()
    for hidden in root.xpath('//style | //script | //*[@role="tooltip"]'):
        hidden.drop_tree()
    return " ".join(root.text_content().split())


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.html_lang, self.tags = set(), [], None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def html_facts(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def html_references_by_key(path: Path) -> dict[str, str]:
    """Each reference-list entry's text by its citation key, in the list's order (backlinks left out)."""
    html = path.read_text(encoding="utf-8")
    entries = re.findall(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)'
                         r'(?:<(?:span|details) class="backlinks">|</div>\n</div>)', html, re.S)
    return {key: " ".join(re.sub(r"<[^>]+>", "", text).split()) for key, text in entries}


def pdf_pixels_of_colour(path: Path, rgb: tuple[int, int, int], tolerance: int = 12) -> list[int]:
    """How many pixels of about this colour each page shows, rendered at 72 dpi."""
    import pypdfium2
    from PIL import ImageChops

    counts = []
    document = pypdfium2.PdfDocument(str(path))
    for page in document:
        image = page.render(scale=1).to_pil().convert("RGB")
        # Each channel within the tolerance (255) or not (0), then the darkest of the three: 255 where
        # all are. Counted by Pillow, not pixel by pixel in Python (half a million pixels a page).
        near = [band.point([255 if abs(value - target) <= tolerance else 0 for value in range(256)])
                for band, target in zip(image.split(), rgb)]
        counts.append(ImageChops.darker(ImageChops.darker(near[0], near[1]), near[2]).histogram()[255])
    document.close()
    return counts


def docx_images(path: Path) -> list[bytes]:
    """The bytes of every picture a DOCX body shows, in order."""
    import docx

    document = docx.Document(str(path))
    blips = document.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    embeds = [blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
              for blip in blips]
    return [document.part.related_parts[r].blob for r in embeds if r]


def printed_and_popover_locators(html: str, style: str) -> list[tuple[str, str, str]]:
    """(link text, locator the citation prints, locator its popover shows) of every citation link.

    The printed locator is read from the page as a reader sees it: in an author-date
    citation after the year in the link ("Gao 2011, 69"); in GB/T 7714 the superscript
    page right after the bracket ([1]69), or in words after it in a table's source column
    ([1]，第69页); either belongs to a citation of one item.
    The popover's is its locator line, without its label ("p. 69", "第69页" → "69").
    """
    import lxml.html

    def bare(text):
        return re.sub(r"^(?:pp?\.\s*|第)|页$", "", text.strip())

    found = []
    for citation in lxml.html.fromstring(html).xpath('//span[contains(concat(" ", @class, " "), " citation ")]'):
        items = citation.xpath('.//span[@class="cite-item"]')
        after = citation.getnext()
        page_after = (after.text_content().rstrip(",") if after is not None and after.tag == "sup"
                      and not (citation.tail or "").strip() else "")
        in_words = re.match(r"[，,、]\s*(第[^页]+页|pp?\.\s*\S+)", citation.tail or "")   # a table's source: [1]，第69页
        page_after = in_words.group(1) if in_words else page_after
        for item in items:
            link = item.xpath("./a")[0].text_content()
            if style == "author-date":
                year = re.search(r"\d{4}[a-z]?\)?,\s*(.+?)\)?$", link)
                printed = year.group(1) if year else ""
            else:
                printed = page_after if len(citation.xpath('.//a[starts-with(@href, "#ref-")]')) == 1 else ""
            popover = item.xpath('.//span[@class="cite-locator"]')
            found.append((link, bare(printed), bare(popover[0].text_content()) if popover else ""))
    return found
