"""Stage 5: write the outputs — standalone HTML, PDF through WeasyPrint — atomically."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

from .errors import BuildError, ContentError, EnvironmentProblem, OutputError, ReportError


def atomic_write(path: Path, data: bytes) -> Path:
    """Write to a temporary file beside `path`, then move it into place."""
    publish({path: data})
    return path


def publish(files: dict[Path, bytes]) -> None:
    """Put every file in place, or none of them: a failed build leaves the last good outputs.

    Each file is first written beside its target, which proves every folder
    writable before anything is replaced; a move that fails even so puts back
    what the earlier moves replaced.
    """
    staged: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            staged[path] = _stage(path, data)
        _replace_all(staged)
    finally:
        for temp in staged.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)


def check_writable(folders) -> None:
    """Create (if needed) and write a scratch file in each folder, so a build fails before its work."""
    for folder in folders:
        temp = _stage(Path(folder) / ".write-test", b"")
        os.unlink(temp)


def not_writable(folder: Path, exc: OSError) -> OutputError:
    """The one-line error for a folder the build cannot write in."""
    reason = (exc.strerror or str(exc)).lower()
    return OutputError(f"cannot write in this folder ({reason})", folder, None,
                       "make it writable (ls -ld shows its owner and mode, lsattr -d an immutable "
                       "flag), or build into another folder with --out")


def _stage(path: Path, data: bytes) -> Path:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = _open_new(folder, path.name)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise not_writable(_existing(folder), exc) from exc
    return temp


def _open_new(folder: Path, name: str) -> tuple[int, Path]:
    """A new hidden file beside `name`, created with mode 0666 so that the umask decides.

    (tempfile.mkstemp would make it 0600, unreadable to a web server or a colleague.)
    """
    while True:
        temp = folder / f".{name}.{secrets.token_hex(4)}"
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), temp
        except FileExistsError:
            continue


def _existing(folder: Path) -> Path:
    """The folder, or its nearest ancestor that exists: the one that refused."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def _replace_all(staged: dict[Path, Path]) -> None:
    replaced: list[tuple[Path, Path | None]] = []
    try:
        for path, temp in staged.items():
            backup = _keep_old(path)
            try:
                os.replace(temp, path)
            except BaseException:
                _discard(backup)
                raise
            replaced.append((path, backup))
    except BaseException as exc:  # Ctrl-C included: never leave half the outputs replaced
        for done, old in reversed(replaced):
            _put_back(done, old)
        if isinstance(exc, OSError):
            raise not_writable(path.parent, exc) from exc
        raise
    for _, backup in replaced:
        _discard(backup)


def _keep_old(path: Path) -> Path | None:
    """A second name for the file now at `path` (a hard link), to put it back if a later move fails."""
    if not os.path.lexists(path):
        return None
    backup = path.parent / f".{path.name}.{secrets.token_hex(4)}.old"
    try:
        os.link(path, backup, follow_symlinks=False)
    except OSError:  # a file system without hard links
        shutil.copy2(path, backup, follow_symlinks=False)
    return backup


def _put_back(path: Path, backup: Path | None) -> None:
    with contextlib.suppress(OSError):
        if backup is None:
            os.unlink(path)
        else:
            os.replace(backup, path)


def _discard(backup: Path | None) -> None:
    if backup is not None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(backup)


def normalize_zip(data: bytes, stamp: str | None = None) -> bytes:
    """The same archive with every entry dated 1980-01-01, so equal content gives equal bytes.

    `stamp` (ISO 8601, UTC) becomes the document's created and modified dates
    in `docProps/core.xml`.
    """
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if stamp and info.filename == "docProps/core.xml":
                content = _dated_core_properties(content, stamp)
            target.writestr(entry, content)
    return buffer.getvalue()


def _dated_core_properties(xml: bytes, stamp: str) -> bytes:
    from lxml import etree

    root = etree.fromstring(xml)
    for name in ("created", "modified"):
        for element in root.iter(f"{{http://purl.org/dc/terms/}}{name}"):
            element.text = stamp
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def render_pdf(html: str, base_url: Path, fetcher, variant: str | None = None,
               silent_spaces: bool = False, epoch: int = 0, hyphenation: str | None = None,
               typeset_line=str) -> bytes:
    """Lay out the print HTML with WeasyPrint and return the PDF bytes.

    `silent_spaces`: the spaces the CJK fonts draw carry no text in the PDF
    (see `_copyable_spaces`). `epoch`: the edition date, for the fonts'
    timestamps (see `_fonts_dated`). `hyphenation`: the language whose justified
    paragraphs are broken as a whole and hyphenated (see `reportkit.paginate`).
    """
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    from .paginate import paginate

    def make_source(text: str):
        return weasyprint.HTML(string=text, base_url=str(base_url), url_fetcher=fetcher)

    options = {"pdf_variant": variant, "uncompressed_pdf": False, "custom_metadata": False}
    try:
        document = paginate(make_source, html, options, justify=hyphenation is not None,
                            hyphenation_language=hyphenation, typeset_line=typeset_line)
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


def font_dictionary_builder():
    """WeasyPrint's private font-dictionary builder, after checking it is the one this code knows.

    `_copyable_spaces` relies on `weasyprint.pdf.build_fonts_dictionary(pdf, fonts, …)`
    receiving fonts that carry a `to_unicode` mapping (WeasyPrint 66–70). A WeasyPrint
    that changed either stops the build with one line instead of silently putting
    spaces back into copied Chinese text.
    """
    import inspect

    import weasyprint
    from weasyprint import pdf as weasyprint_pdf
    from weasyprint.pdf import fonts as weasyprint_fonts

    builder = getattr(weasyprint_pdf, "build_fonts_dictionary", None)
    parameters = list(inspect.signature(builder).parameters)[:2] if builder else []
    knows_to_unicode = "to_unicode" in inspect.getsource(weasyprint_fonts.Font.__init__)
    if parameters != ["pdf", "fonts"] or not knows_to_unicode:
        raise EnvironmentProblem(f"WeasyPrint {weasyprint.__version__} changed the font code the Chinese "
                                 "PDF relies on (build_fonts_dictionary, Font.to_unicode)",
                                 hint="install the versions in requirements.lock (bash bootstrap.sh)")
    return builder


@contextlib.contextmanager
def _copyable_spaces(silent_cjk: bool):
    """Spaces in the PDF's ToUnicode tables as a reader copying the text expects them.

    In a Chinese edition the space glyphs of CJK fonts are typesetting only: the
    zero-width stretch points between Han characters and the quarter-em gaps
    before Latin text (`reportkit.typeset`); they map to no text, or copied text
    reads 日 本 的 中 亚 instead of 日本的中亚. Justified Latin paragraphs get a
    no-break space wherever a line may not end (`reportkit.linebreak`); to a
    reader those are word spaces. WeasyPrint offers no hook for either, so its
    font-dictionary builder is wrapped for the duration of one PDF.
    """
    from weasyprint import pdf as weasyprint_pdf

    original = font_dictionary_builder()

    def build_fonts_dictionary(pdf, fonts, *args, **kwargs):
        for font in fonts.values():
            cjk = "CJK" in str(getattr(font, "family", ""))
            for glyph, text in font.to_unicode.items():
                if cjk and silent_cjk and text in (" ", "\u00a0"):
                    font.to_unicode[glyph] = ""
                elif not cjk and text == "\u00a0":
                    font.to_unicode[glyph] = " "
        return original(pdf, fonts, *args, **kwargs)

    weasyprint_pdf.build_fonts_dictionary = build_fonts_dictionary
    try:
        yield
    finally:
        weasyprint_pdf.build_fonts_dictionary = original
