"""A release: the outputs of an edition in one folder to send, share and verify.

`dist/<slug>-<version>/` holds every output named by what it is (the pattern
`publish.names` in report.yaml), a cover picture of each brief, a landing page
per language (each in every language, led by its own), a short announcement
per language, `release.json` and `SHA256SUMS`. Everything a reader sees there
is taken from the built outputs and report.yaml: the key findings and the
suggested citation from the HTML edition, the summary of the edition from its
entry in the edition history.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..pipeline.build import Output, checked_build, index_page
from ..pipeline.releases import RELEASE_FILE, landing_name, remember_release
from ..render.language import EditionContext, page_context
from ..errors import PublishRefused
from ..pipeline.lock import build_lock
from ..project import Project
from ..write import atomic_write, nearest_existing, not_writable

SUMS_FILE = "SHA256SUMS"
COVER_WIDTH = 1000                # pixels: wide enough for a link preview, small enough to send
ANNOUNCED_FINDINGS = 3
PRODUCT_PARTS = {"report": "", "brief": "-brief", "changes": "-changes"}
# The landing page lists what most readers want first: the brief, then the report, then the editors' files.
LANDING_ORDER = [("brief", "pdf"), ("report", "pdf"), ("report", "html"), ("report", "docx"),
                 ("changes", "docx"), ("changes", "html")]


@dataclass
class Release:
    """A release folder as written: where it is and the files it lists, with their facts."""

    folder: Path
    files: list[dict] = field(default_factory=list)   # name, size, sha256, pages (PDFs)


@dataclass(frozen=True)
class PageText:
    """What a release quotes of one language's HTML edition."""

    findings_heading: str
    findings: tuple[str, ...]
    citation_html: str       # the suggested citation as the edition prints it (inline HTML)
    citation: str            # …as plain text


def release_folder(project: Project, config, dest: Path | None = None) -> Path:
    """Where the current edition's release goes: `<dest or dist>/<slug>-<version>`."""
    return Path(dest or project.root / "dist").resolve() / f"{config.slug}-{config.edition.version}"


def file_name(config, product: str, lang: str, ext: str) -> str:
    """A release file's name by the pattern in report.yaml: nordic-energy-policy-brief-1.1-zh.pdf."""
    return config.release.names.format(slug=config.slug, product=PRODUCT_PARTS[product],
                                       version=config.edition.version, lang=lang, ext=ext)


def publish(project: Project, dest: Path | None = None, replace: bool = False, url: str = "") -> Release:
    """Make the current edition's release folder from a current build; refuse rather than overwrite.

    Refuses when the checks find an error (ValidationFailed), when an output is
    missing or older than its inputs, and when the folder exists (unless `replace`).
    """
    with build_lock(project.out):
        report, evidence, outputs, stale = checked_build(project)
        config = report.config
        if stale:
            shown = ", ".join(_shown(o.path(project.out, config.slug)) for o in stale[:3])
            more = f" and {len(stale) - 3} more" if len(stale) > 3 else ""
            raise PublishRefused(f"{len(stale)} output(s) missing or older than their inputs ({shown}{more})",
                                 hint="run 'invoke build' first, then publish")
        folder = release_folder(project, config, dest)
        if folder.exists() and not replace:
            raise PublishRefused(f"edition {config.edition.version} is published already in {_shown(folder)}/: "
                                 "a release is never overwritten", hint="--replace makes it again")
        files, listed = _release_files(project, report, evidence, outputs, url or config.release.url, folder.name)
        _put_in_place(folder, files)
        remember_release(project, folder, config.edition.version)
        atomic_write(project.out / "index.html", index_page(project, report, {}))
    return Release(folder, listed)


def _release_files(project: Project, report, evidence, outputs: list[Output], url: str,
                   folder_name: str) -> tuple[dict[str, bytes], list[dict]]:
    config = report.config
    files: dict[str, bytes] = {}
    pages: dict[str, int] = {}
    for output in outputs:
        name = file_name(config, output.product, output.lang, output.fmt)
        files[name] = output.path(project.out, config.slug).read_bytes()
        if output.fmt == "pdf":
            pages[name] = pdf_page_count(files[name])
    contexts = {code: EditionContext.of(language, project.templates, project.catalogs)
                for code, language in config.languages.items()}
    covers, texts = {}, {}
    for code in config.languages:
        product = "brief" if any(o.lang == code and o.product == "brief" for o in outputs) else "report"
        pdf = files[file_name(config, product, code, "pdf")]
        name = file_name(config, product, code, "png")
        files[name], size = cover_png(pdf)
        covers[code] = {"name": name, "width": size[0], "height": size[1], "product": product}
        html = Output(code, "report", "html").path(project.out, config.slug).read_text(encoding="utf-8")
        texts[code] = page_text(html, config.release.findings_section, config.release.findings_heading)
    for code, context in contexts.items():
        files[f"announcement-{code}.txt"] = announcement(report, context, texts[code],
                                                         file_name(config, covers[code]["product"], code, "pdf"))
    sizes = {name: len(data) for name, data in files.items()}
    for code in config.languages:
        files[landing_name(config, code)] = landing_page(report, contexts, code, texts, covers, sizes, outputs,
                                                         url, folder_name)
    listed = [{"name": name, "size": len(data), "sha256": _sha256(data),
               **({"pages": pages[name]} if name in pages else {})} for name, data in files.items()]
    files[RELEASE_FILE] = release_json(report, evidence, listed)
    files[SUMS_FILE] = "".join(f"{_sha256(data)}  {name}\n" for name, data in files.items()).encode()
    return files, listed


def pdf_page_count(data: bytes) -> int:
    """The number of pages of a PDF."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def cover_png(data: bytes, width: int = COVER_WIDTH) -> tuple[bytes, tuple[int, int]]:
    """The first page of a PDF as a PNG `width` pixels wide, in the page's proportions; and its size."""
    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(data)
    try:
        page = document[0]
        page_width, _ = page.get_size()
        image = page.render(scale=width / page_width).to_pil()
    finally:
        document.close()
    # A page of text and a few tints needs no more than a palette: a third of the bytes to send.
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue(), image.size


def page_text(html: str, section: str, heading: int) -> PageText:
    """The key findings and the suggested citation, as the HTML edition prints them.

    The findings are the list (or else the paragraphs) under the section's
    `heading`-th "##" heading; of an item that opens with bold text, that text.
    Citations are left out: the full report carries them.
    """
    import lxml.html

    document = lxml.html.fromstring(html)
    found = document.xpath(f"//section[@id='sec-{section}']/section")
    if len(found) < heading:
        raise PublishRefused(f"the HTML edition's section '{section}' has no heading {heading} to take the key "
                             "findings from", hint="set publish.findings in report.yaml")
    part = found[heading - 1]
    title = part.xpath("./*[self::h2 or self::h3 or self::h4]")[0]
    for number in title.xpath(".//*[contains(@class, 'chapter-number')]"):
        number.drop_tree()
    lists = part.xpath("./ol | ./ul")
    items = lists[0].xpath("./li") if lists else part.xpath("./p")
    findings = tuple(text for text in (_finding(item) for item in items) if text)
    cited = document.xpath("//*[contains(concat(' ', @class, ' '), ' suggested-citation ')]/p")
    citation_html = _inner_html(cited[0]) if cited else ""
    return PageText(_text(title), findings, citation_html, _text(cited[0]) if cited else "")


def _finding(item) -> str:
    for citation in item.xpath(".//*[contains(@class, 'citation')]"):
        citation.drop_tree()
    first = item[0] if len(item) else None
    if first is not None and first.tag in ("strong", "b") and not (item.text or "").strip():
        return _text(first)
    if first is not None and first.tag == "p":   # a loose list: the item's first paragraph
        return _finding(first)
    return _text(item)


def _text(element) -> str:
    text = " ".join(element.text_content().split())
    # A citation left out leaves the space that stood before it ("Norway (Smith 2019);").
    text = re.sub(r" +(?=[,.;:!?)])", "", text)
    # A space the HTML's line breaks put between two CJK characters is not in the text.
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text)


def _inner_html(element) -> str:
    import lxml.html

    whole = lxml.html.tostring(element, encoding="unicode", with_tail=False)
    return whole[whole.index(">") + 1:whole.rindex("<")].strip()


def announcement(report, context: EditionContext, text: PageText, attached: str) -> bytes:
    """announcement-<lang>.txt: title, edition, date, what is new, three key findings, the citation."""
    config = report.config
    page = page_context(report, context)
    body = context.render("publish/announcement.txt.j2", **page, title=context.language.title,
                          subtitle=context.language.subtitle, summary=config.edition.summary.get(context.lang, ""),
                          findings_heading=text.findings_heading, findings=text.findings[:ANNOUNCED_FINDINGS],
                          citation=text.citation, attached=attached)
    return body.encode("utf-8")


def landing_page(report, contexts: dict[str, EditionContext], lead: str, texts: dict[str, PageText],
                 covers: dict[str, dict], sizes: dict[str, int], outputs: list[Output], url: str,
                 folder_name: str) -> bytes:
    """A landing page in every language, led by `lead`, with the link-preview metadata of `lead`."""
    from babel.numbers import format_decimal
    from markupsafe import Markup

    config = report.config
    order = [lead] + [code for code in config.languages if code != lead]
    parts = []
    for code in order:
        context, language = contexts[code], contexts[code].language
        files = []
        for output in sorted(outputs, key=lambda o: LANDING_ORDER.index((o.product, o.fmt))):
            if output.lang == code:
                name = file_name(config, output.product, code, output.fmt)
                kib = format_decimal(sizes[name] / 1024, "#,##0", locale=language.locale)
                files.append({"href": name, "size": f"{kib} KiB",
                              "label": str(context.strings.format_label(output.product, output.fmt))})
        parts.append(context.render(
            "publish/landing-language.html.j2", **page_context(report, context), files=files,
            summary=config.edition.summary.get(code, ""), text=texts[code],
            citation=Markup(texts[code].citation_html), cover=covers[code],
            cover_target=file_name(config, covers[code]["product"], code, "pdf"),
            cover_alt=_cover_alt(context, covers[code]["product"]), level=1 if code == lead else 2))
    context = contexts[lead]
    language = context.language
    base = f"{url.rstrip('/')}/{folder_name}/" if url else ""
    others = [{"href": landing_name(config, code), "lang": contexts[code].language.html_lang,
               "name": _language_name(contexts[code].language.locale)} for code in order[1:]]
    page = context.render(
        "publish/landing.html.j2", **page_context(report, context), title=language.title,
        description=language.subject, image=base + covers[lead]["name"], cover=covers[lead],
        cover_alt=_cover_alt(context, covers[lead]["product"]),
        page_url=base + landing_name(config, lead) if base else "", og_locale=_og_locale(language),
        alternates=[_og_locale(contexts[code].language) for code in order[1:]], others=others,
        sums=SUMS_FILE, release_file=RELEASE_FILE, languages=Markup("\n".join(parts)))
    return page.encode("utf-8")


def _language_name(locale: str) -> str:
    """A language's name in itself: 中文, English."""
    from babel import Locale

    language = Locale.parse(locale).language
    return Locale(language).get_display_name(language)


def _cover_alt(context: EditionContext, product: str) -> str:
    title = context.language.title
    return str(context.strings.brief_title(title)) if product == "brief" else title


def _og_locale(language) -> str:
    """Open Graph's form of a locale: language_TERRITORY (zh_CN, en_US)."""
    return language.bcp47.replace("-", "_")


def release_json(report, evidence, listed: list[dict]) -> bytes:
    """release.json: the edition, its date and languages, each file, the sources and the evidence coverage."""
    config = report.config
    total = len(evidence.verdicts)
    data = {
        "slug": config.slug,
        "title": {code: language.title for code, language in config.languages.items()},
        "edition": config.edition.version,
        "edition_number": len(config.editions),
        "date": config.edition.date,
        "languages": list(config.languages),
        "summary": dict(config.edition.summary),
        "files": listed,
        "sources": len(report.references),
        "evidence": {"citations": total, "anchored": total - evidence.count("unanchored"),
                     "verified": evidence.count("verified") if evidence.archive_found else None,
                     "summary": evidence.summary()},
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _put_in_place(folder: Path, files: dict[str, bytes]) -> None:
    """Write the release beside `folder`, then move it there whole (the old one, if any, goes after)."""
    parent = folder.parent
    staging = parent / f".{folder.name}.{secrets.token_hex(4)}"
    try:
        staging.mkdir(parents=True)
        for name, data in files.items():
            (staging / name).write_bytes(data)
        if folder.exists():
            old = parent / f".{folder.name}.{secrets.token_hex(4)}.old"
            os.replace(folder, old)
            os.replace(staging, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, folder)
    except OSError as exc:
        raise not_writable(nearest_existing(parent), exc) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _shown(path: Path) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)
