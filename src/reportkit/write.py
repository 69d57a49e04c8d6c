"""Stage 5: write the outputs — standalone HTML, PDF through WeasyPrint — atomically."""

from __future__ import annotations

import contextlib
import mimetypes
import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from .errors import BuildError, ContentError


def atomic_write(path: Path, data: bytes) -> Path:
    """Write to a temporary file beside `path`, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(path.parent))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    return path


class ProjectFetcher:
    """WeasyPrint URL fetcher that serves files under the project and data: URIs, nothing else."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    def __call__(self, url: str, timeout: int = 10, ssl_context=None):
        parsed = urlparse(url)
        if parsed.scheme == "data":
            from weasyprint.urls import default_url_fetcher
            return default_url_fetcher(url)
        if parsed.scheme != "file":
            raise ContentError(f"refused to fetch '{url}': the build never uses the network",
                               hint="use a file inside the project")
        path = Path(unquote(parsed.path)).resolve()
        if not path.is_relative_to(self.root):
            raise ContentError(f"refused to read '{path}': outside the project",
                               hint="use a file inside the project")
        mime, _ = mimetypes.guess_type(str(path))
        return {"string": path.read_bytes(), "mime_type": mime or "application/octet-stream",
                "filename": path.name, "redirected_url": url}


def normalize_zip(data: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01, so equal content gives equal bytes."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return buffer.getvalue()


def render_pdf(html: str, base_url: Path, fetcher: ProjectFetcher, variant: str | None = None,
               silent_spaces: bool = False, hyphenation: str | None = None,
               typeset_line=str) -> bytes:
    """Lay out the print HTML with WeasyPrint and return the PDF bytes.

    `silent_spaces`: the spaces the CJK fonts draw carry no text in the PDF
    (see `_silent_cjk_spaces`). `hyphenation`: the language whose justified
    paragraphs are broken as a whole and hyphenated (see `reportkit.paginate`).
    """
    import weasyprint

    from .paginate import paginate

    def make_source(text: str):
        return weasyprint.HTML(string=text, base_url=str(base_url), url_fetcher=fetcher)

    options = {"pdf_variant": variant, "uncompressed_pdf": False, "custom_metadata": False}
    try:
        document = paginate(make_source, html, options, justify=hyphenation is not None,
                            hyphenation_language=hyphenation, typeset_line=typeset_line)
        with _silent_cjk_spaces(silent_spaces), _plain_word_spaces():
            return document.write_pdf(**options)
    except ContentError:
        raise
    except Exception as exc:  # WeasyPrint raises many kinds; report them as one
        raise BuildError(f"PDF layout failed: {exc}") from exc


@contextlib.contextmanager
def _silent_cjk_spaces(active: bool):
    """Map the space glyphs of CJK fonts to no text in the PDF's ToUnicode tables.

    In a Chinese edition those spaces are typesetting only: the zero-width stretch
    points between Han characters and the quarter-em gaps before Latin text
    (`reportkit.typeset`). Without this, text copied or extracted from the PDF
    reads 日 本 的 中 亚 instead of 日本的中亚. WeasyPrint offers no hook for it, so
    its font-dictionary builder is wrapped for the duration of one PDF.
    """
    if not active:
        yield
        return
    from weasyprint import pdf as weasyprint_pdf

    original = weasyprint_pdf.build_fonts_dictionary

    def build_fonts_dictionary(pdf, fonts, *args, **kwargs):
        for font in fonts.values():
            if "CJK" in str(getattr(font, "family", "")):
                for glyph, text in font.to_unicode.items():
                    if text in (" ", "\u00a0"):
                        font.to_unicode[glyph] = ""
        return original(pdf, fonts, *args, **kwargs)

    weasyprint_pdf.build_fonts_dictionary = build_fonts_dictionary
    try:
        yield
    finally:
        weasyprint_pdf.build_fonts_dictionary = original


@contextlib.contextmanager
def _plain_word_spaces():
    """Map the no-break spaces of Latin fonts to plain spaces in the PDF's ToUnicode tables.

    Justified English paragraphs get a no-break space wherever a line may not
    end (`reportkit.linebreak`); to a reader copying text they are word spaces.
    """
    from weasyprint import pdf as weasyprint_pdf

    original = weasyprint_pdf.build_fonts_dictionary

    def build_fonts_dictionary(pdf, fonts, *args, **kwargs):
        for font in fonts.values():
            if "CJK" not in str(getattr(font, "family", "")):
                for glyph, text in font.to_unicode.items():
                    if text == "\u00a0":
                        font.to_unicode[glyph] = " "
        return original(pdf, fonts, *args, **kwargs)

    weasyprint_pdf.build_fonts_dictionary = build_fonts_dictionary
    try:
        yield
    finally:
        weasyprint_pdf.build_fonts_dictionary = original
