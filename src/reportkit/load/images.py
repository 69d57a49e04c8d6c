"""Images in sections: checked before anything is built, then carried into every format.

A section names an image by a path relative to its own file. The HTML page and
the print HTML hold each image as a data: URI (the page stays one
self-contained file, the PDF does not depend on where the project is), and the
Word edition gets it as a data: URI pandoc embeds (an SVG as a PNG, which every
Word version shows).
"""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import ContentError, Problem
from ..text import htmltree
from ..text.markdown import Link, image_links, replace_links
from ..model import Report, Section

RASTER_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
SVG_TYPE = "image/svg+xml"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_WINDOWS = re.compile(r"^[A-Za-z]:|\\")
# What an SVG may point at: a part of itself, or a bitmap held inside it.
_INNER_REFERENCES = ("#", "data:image/png", "data:image/jpeg", "data:image/gif")
# The size of an SVG drawn for Word at twice its resolution, kept by stating that resolution.
_DOCX_SCALE, _CSS_DPI = 2, 96


@dataclass(frozen=True)
class Refusal:
    """Why an image path cannot be used, and what to write instead."""

    reason: str
    hint: str


def project_folder(content: Path) -> Path:
    """The folder images must stay inside: the project holding content/, or the content
    folder itself when it has another name (a report kept elsewhere)."""
    content = Path(content).resolve()
    return content.parent if content.name == "content" else content


def section_folder(report: Report, lang: str) -> Path:
    """Where the section files of a language are, and so where their image paths start."""
    return (Path(report.root) / lang).resolve()


def refusal(target: str, folder: Path, root: Path) -> Refusal | None:
    """Why `target`, written in a section in `folder`, is not a usable image file; None if it is."""
    if _WINDOWS.search(target) or target.startswith("/"):
        return Refusal("it is an absolute or Windows path",
                       "write a path relative to the section file, with forward slashes (maps/a.png)")
    if _SCHEME.match(target):
        return Refusal("the build never fetches URLs" if not target.startswith("data:")
                       else "the build reads images from files only",
                       "save the image in the project and write its path relative to the section file")
    path = resolve(target, folder)
    if path is None or not path.is_relative_to(root):
        return Refusal("it is outside the project",
                       "move the image into the project and write its path relative to the section file")
    try:
        found = path.is_file()
    except OSError:
        found = False
    if not found:
        return Refusal("no such file", f"paths are relative to the section file, here {folder}")
    return None


def resolve(target: str, folder: Path) -> Path | None:
    """The file a relative image path names (percent escapes read as pandoc and browsers do)."""
    try:
        return (folder / unquote(urlsplit(target).path)).resolve()
    except (OSError, ValueError):
        return None


def image_type(data: bytes, name: str) -> str:
    """The MIME type of an image file, read from its content; ValueError when it is unusable."""
    if name.lower().endswith(".svg"):
        _check_svg(data)
        return SVG_TYPE
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()   # verify() does not decode: a truncated file fails only here
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a damaged file
        raise ValueError(f"not a readable image ({type(exc).__name__}: {exc})") from None
    if kind not in RASTER_TYPES:
        raise ValueError(f"a {kind} image; use PNG, JPEG, GIF or SVG")
    return RASTER_TYPES[kind]


def _check_svg(data: bytes) -> None:
    """An SVG must parse and be inert: no script, no event handler, no other file it pulls in.

    Such an SVG is refused rather than cleaned, so what the author sees in
    their editor is what every edition prints.
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"not a readable SVG ({exc})") from None
    if _local(root.tag) != "svg":
        raise ValueError("not an SVG (its root element is not <svg>)")
    for element in root.iter():
        name = _local(element.tag) if isinstance(element.tag, str) else ""
        if name in ("script", "foreignObject"):
            raise ValueError(f"the SVG holds a <{name}> element")
        for attribute, value in element.attrib.items():
            attribute = _local(attribute)
            if attribute.lower().startswith("on"):
                raise ValueError(f"the SVG holds an event handler ({attribute}=)")
            if attribute == "href" and not value.strip().startswith(_INNER_REFERENCES):
                raise ValueError(f"the SVG refers to another file or URL ('{value.strip()[:60]}')")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def check_images(report: Report) -> list[Problem]:
    """Every image of every section: a usable file inside the project, or a problem at its line."""
    root = project_folder(report.root)
    problems = []
    for lang, sections in report.sections.items():
        folder = section_folder(report, lang)
        for section in sections.values():
            for link in image_links(section.body):
                problems += _link_problems(section, link, folder, root)
    return problems


def _link_problems(section: Section, link: Link, folder: Path, root: Path) -> list[Problem]:
    line = section.body_line + link.line
    refused = refusal(link.target, folder, root)
    if refused:
        return [Problem(section.path, line, f"image '{link.target}' refused: {refused.reason}",
                        refused.hint)]
    if link.raw_html:
        return [Problem(section.path, line, f"image '{link.target}' in raw HTML: the Word edition "
                        "drops raw HTML", "write it as ![description](path)")]
    path = resolve(link.target, folder)
    try:
        image_type(path.read_bytes(), path.name)
    except (OSError, ValueError) as exc:
        hint = ("save it as a plain SVG: no script, event handler or link to another file"
                if path.name.lower().endswith(".svg") else "export it again as PNG, JPEG or GIF")
        return [Problem(section.path, line, f"image '{link.target}' cannot be used: {exc}", hint)]
    return []


def section_images(report: Report, lang: str) -> list[Path]:
    """The image files the sections of one language show (for the build's content hashes)."""
    folder, root = section_folder(report, lang), project_folder(report.root)
    files = []
    for section in report.sections[lang].values():
        for link in image_links(section.body):
            if not link.raw_html and refusal(link.target, folder, root) is None:
                files.append(resolve(link.target, folder))
    return files


def _project_file(target: str, folder: Path, root: Path) -> Path:
    refused = refusal(target, folder, root)
    if refused:
        raise ContentError(f"image '{target}' refused: {refused.reason}", folder, None, refused.hint)
    return resolve(target, folder)


def data_uri(path: Path) -> str:
    """An image file as a data: URI."""
    data = path.read_bytes()
    return f"data:{image_type(data, path.name)};base64,{base64.b64encode(data).decode('ascii')}"


def embed_in_tree(tree, folder: Path, root: Path) -> None:
    """Every section image of the cleaned HTML (parsed) as a data: URI."""
    for image in htmltree.find_all(tree, "img"):
        if image.get("src"):
            image.set("src", data_uri(_project_file(image.get("src"), folder, root)))


def embed_in_markdown(text: str, folder: Path, root: Path) -> str:
    """A section's Markdown with each image path replaced by a data: URI pandoc can embed in
    Word: pandoc runs sandboxed and reads no file itself."""
    def replacement(link: Link) -> str | None:
        if link.raw_html:
            return None
        path = _project_file(link.target, folder, root)
        data = path.read_bytes()
        mime = image_type(data, path.name)
        if mime == SVG_TYPE:
            data, mime = _svg_as_png(data), "image/png"
        return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"

    return replace_links(text, image_links(text), replacement)


def _svg_as_png(svg: bytes) -> bytes:
    import cairosvg
    from PIL import Image

    png = cairosvg.svg2png(bytestring=svg, scale=_DOCX_SCALE, unsafe=False)
    # Stating the doubled resolution keeps the picture at the SVG's own size in Word.
    with Image.open(io.BytesIO(png)) as image:
        out = io.BytesIO()
        image.save(out, "PNG", dpi=(_CSS_DPI * _DOCX_SCALE,) * 2)
    return out.getvalue()


def edition_folders(report: Report, lang: str, content: Path) -> tuple[Path, Path]:
    """Where an edition's image paths start, and the folder they must stay in."""
    return section_folder(report, lang), project_folder(content)
