"""WeasyPrint for the print pages: layout in passes, reproducible fonts, spaces a reader can copy."""

from __future__ import annotations

import contextlib
import gc
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError, ContentError, ReportError


def render_pdf(html: str, base_url: Path, fetcher, variant: str | None = None,
               silent_spaces: bool = False, epoch: int = 0, hyphenation: str | None = None,
               typeset_line=str, edition: "EditionStamp | None" = None, plans=None) -> bytes:
    """Lay out the print HTML with WeasyPrint and return the PDF bytes.

    `edition`: the version, date and language written into the PDF's metadata
    (see `_stamp_edition`), so a forwarded file still says which edition it is.

    `silent_spaces`: a CJK edition, whose justified paragraphs are broken by
    `reportkit.pdf.cjkbreak` and whose spaces drawn by the CJK fonts carry no
    text in the PDF (see `_copyable_spaces`). `epoch`: the edition date, for the fonts'
    timestamps (see `_fonts_dated`). `hyphenation`: the language whose justified
    paragraphs are broken as a whole and hyphenated (see `reportkit.paginate`).
    `plans` (`paginate.PagePlans`): the page plan of the last build, tried first; the new one is put in it.
    """
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    from . import weasy
    from .paginate import paginate

    # A WeasyPrint whose private parts changed stops here, with one line, before any layout.
    weasy.check()

    parsed = {}

    def make_source(text: str):
        # Each layout edits its own tree; the text is parsed once.
        if text not in parsed:
            parsed[text] = weasyprint.HTML(string=text, base_url=str(base_url), url_fetcher=fetcher)
        return weasy.source_copy(parsed[text])

    options = {"pdf_variant": variant, "uncompressed_pdf": False, "custom_metadata": False}
    # Every layout of this page loads its fonts into one configuration: a new one per layout
    # would load the CJK faces again each time (half a second for a Chinese page).
    layout_options = {**options, "font_config": weasy.font_configuration()}
    try:
        with _fewer_collections():
            document = paginate(make_source, html, layout_options, justify=hyphenation is not None,
                                hyphenation_language=hyphenation, typeset_line=typeset_line, cjk=silent_spaces,
                                plans=plans)
            if edition is not None:
                _stamp_edition(document.metadata, edition)
                options = {**options, "custom_metadata": True}
            with _copyable_spaces(silent_spaces), _fonts_dated(epoch):
                return document.write_pdf(**options)
    except FatalURLFetchingError as exc:
        # WeasyPrint wraps the fetcher's own error; the user needs that one.
        cause = exc.__cause__
        if isinstance(cause, ReportError):
            raise cause from None
        raise BuildError(f"PDF layout failed: {exc}: {cause}") from exc
    except ContentError:
        raise
    except Exception as exc:  # WeasyPrint raises many kinds; report them as one
        raise BuildError(f"PDF layout failed: {exc}") from exc


@dataclass(frozen=True)
class EditionStamp:
    """What the PDF's metadata says of its edition, besides the title WeasyPrint takes from <title>."""

    version: str     # "1.1"
    date: str        # the edition date, YYYY-MM-DD
    language: str    # BCP 47, as <html lang> and the catalog's /Lang


_XMP = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
        "xmpMM": "http://ns.adobe.com/xap/1.0/mm/"}


def _stamp_edition(metadata, stamp: EditionStamp) -> None:
    """The edition in the document information (/Edition) and in XMP (xmpMM:VersionID, dc:date,
    dc:language), beside the title and creation date WeasyPrint already writes from the page's head.

    WeasyPrint writes no XMP language, version or date of its own; its XMP generator is
    extended for this one document only, so nothing global changes.
    """
    from xml.etree import ElementTree

    metadata.custom = {"Edition": stamp.version}
    generate = metadata.generate_rdf_metadata

    def with_edition(*args, **kwargs) -> bytes:
        rdf = ElementTree.fromstring(generate(*args, **kwargs))
        description = ElementTree.SubElement(rdf, f"{{{_XMP['rdf']}}}Description",
                                             {f"{{{_XMP['rdf']}}}about": ""})
        ElementTree.SubElement(description, f"{{{_XMP['xmpMM']}}}VersionID").text = stamp.version
        for name, kind, value in (("date", "Seq", stamp.date), ("language", "Bag", stamp.language)):
            holder = ElementTree.SubElement(ElementTree.SubElement(description, f"{{{_XMP['dc']}}}{name}"),
                                            f"{{{_XMP['rdf']}}}{kind}")
            ElementTree.SubElement(holder, f"{{{_XMP['rdf']}}}li").text = value
        return ElementTree.tostring(rdf, encoding="utf-8")

    metadata.generate_rdf_metadata = with_edition


@contextlib.contextmanager
def _fewer_collections():
    """The garbage collector's youngest generation some thirty times its default size while a PDF
    is made.

    A layout makes boxes by the hundred thousand, most of which outlive a young collection, and
    each time the old ones have grown by a quarter the collector walks them all: ten full
    collections for the English report, 0.6 s of its 6 s. With this threshold there are one or
    two; the collector still frees each layout before the next is made (`paginate._Layout.render`),
    so the peak stays the same. The thresholds are put back afterwards.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS_PER_COLLECTION, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


YOUNG_OBJECTS_PER_COLLECTION = 20_000     # Python's default: 700


@contextlib.contextmanager
def _fonts_dated(epoch: int):
    """SOURCE_DATE_EPOCH set to `epoch` while WeasyPrint writes one PDF, unless the user set it.

    fontTools stamps the fonts WeasyPrint re-saves (the emoji font) with the clock
    and reads no other setting than this variable; the edition date makes every
    build of an edition byte-identical. The variable is put back afterwards.
    """
    if not epoch or "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


@contextlib.contextmanager
def _copyable_spaces(silent_cjk: bool):
    """Spaces in the PDF's ToUnicode tables as a reader copying the text expects them.

    In a Chinese edition the space glyphs of CJK fonts are typesetting only: the
    zero-width stretch points between Han characters and the quarter-em gaps
    before Latin text (`reportkit.typeset`); they map to no text, or copied text
    reads 北 欧 的 冬 天 instead of 北欧的冬天. Justified Latin paragraphs get a
    no-break space wherever a line may not end (`reportkit.linebreak`); to a
    reader those are word spaces. WeasyPrint offers no hook for either: the
    fonts are edited as its font dictionary is built (`reportkit.pdf.weasy`).
    """
    from . import weasy

    def edit(fonts) -> None:
        for font in fonts.values():
            cjk = "CJK" in str(getattr(font, "family", ""))
            for glyph, text in font.to_unicode.items():
                if cjk and silent_cjk and text in (" ", "\u00a0"):
                    font.to_unicode[glyph] = ""
                elif not cjk and text == "\u00a0":
                    font.to_unicode[glyph] = " "

    with weasy.fonts_edited(edit):
        yield
