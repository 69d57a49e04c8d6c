"""Each bibliography entry in the form its language requires in each edition's style.

A CSL style has one set of terms and one name order, but a bibliography in
two languages needs more: GB/T 7714 sets a Western-language entry in its own
language ("SMITH J, BROWN A, LEE K, et al."), while Chinese entries take "等";
Chicago writes Chinese, Japanese and Korean names family name first without a
comma ("Gao Bojie") and sets a translated title in brackets, roman, after the
original ("“Zhongya nengyuan hezuo yanjiu” [Research on …]").

Pandoc's citeproc takes neither CSL-M's per-language layouts (it refuses a
second <layout>) nor the `static-ordering` of a name. So the engine prepares
each style with a variant per case, chosen inside the style by a marker
variable, and sets the markers on each entry from its language and the
edition's. Citeproc then formats everything, in every output format, and no
rendered text is rewritten afterwards.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

from .dates import issued_for_pandoc
from .languages import entry_language, is_cjk

CSL_NS = "http://purl.org/net/xbiblio/csl"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Markers set on an entry (any non-empty value) and tested by the prepared style.
LATIN_TERMS = "reportkit-latin-terms"      # a Western-language entry in a CJK edition
FAMILY_FIRST = "reportkit-family-first"    # a CJK entry in a Latin-script edition
# An original title's translation, printed after it in brackets, in the bibliography only.
TRANSLATIONS = {"title": "reportkit-title-translation",
                "container-title": "reportkit-container-title-translation"}
# The term a marked entry takes for "et al."; CSL allows only "et-al" or "and others" there.
LATIN_ET_AL_TERM = "and others"
LATIN_ET_AL = "et al."

_TRAILING_TRANSLATION = re.compile(r"^(?P<original>.*\S)\s+\[(?P<translation>[^\[\]]+)\]$", re.S)


def _q(tag: str) -> str:
    return f"{{{CSL_NS}}}{tag}"


# The entries ---------------------------------------------------------------

def edition_form(data: dict, item: dict, edition: str) -> dict:
    """The CSL item of one entry for one edition: `item` (the entry with its form for
    the edition merged over it) with the markers and fields its language calls for."""
    item = dict(item)
    language, _ = entry_language(data)
    if "issued" in item:
        item["issued"] = issued_for_pandoc(item["issued"])
    if language is None:
        return item
    if is_cjk(edition) and not is_cjk(language):
        item[LATIN_TERMS] = "true"
    if not is_cjk(edition) and is_cjk(language):
        item[FAMILY_FIRST] = "true"
    if language != edition:
        for variable, translation in TRANSLATIONS.items():
            original, translated = split_translation(item.get(variable))
            if translated:
                item[variable], item[translation] = original, translated
    return item


def split_translation(text) -> tuple[str, str]:
    """'Original [Translation]' → ('Original', 'Translation'); otherwise (text, '').

    A title wholly in brackets is a description of an untitled work, not a
    translation, and stays as it is.
    """
    if not isinstance(text, str):
        return text, ""
    match = _TRAILING_TRANSLATION.match(text.strip())
    if not match:
        return text, ""
    return match.group("original"), match.group("translation").strip()


def has_translation(text) -> bool:
    """Whether a title carries a translation in brackets, or is itself a bracketed
    description (of an untitled work)."""
    if not isinstance(text, str):
        return False
    stripped = text.strip()
    return bool(split_translation(stripped)[1]) or (stripped.startswith("[") and stripped.endswith("]"))


# The style -------------------------------------------------------------------

def add_entry_variants(style: ET.Element) -> None:
    """Give a CSL style the per-entry variants the markers choose (see the module's docstring)."""
    _branch_names(style)
    _add_translations(style)
    _define_latin_et_al(style)


def _parents(root: ET.Element) -> dict:
    return {child: parent for parent in root.iter() for child in parent}


def _outermost(root: ET.Element, tag: str) -> list[ET.Element]:
    """Elements of a kind that are not inside another of the same kind."""
    parents = _parents(root)
    found = []
    for element in root.iter(_q(tag)):
        parent = parents.get(element)
        while parent is not None and parent.tag != _q(tag):
            parent = parents.get(parent)
        if parent is None:
            found.append(element)
    return found


def _replace(parents: dict, old: ET.Element, new: ET.Element) -> None:
    parent = parents[old]
    index = list(parent).index(old)
    parent.remove(old)
    parent.insert(index, new)


def _branch_names(style: ET.Element) -> None:
    """Each list of names becomes a choice: family name first without a comma for a
    marked CJK entry, the Latin "et al." for a marked Western entry, else as it was."""
    parents = _parents(style)
    for names in _outermost(style, "names"):
        choose = ET.Element(_q("choose"))
        family_first = ET.SubElement(choose, _q("if"), variable=FAMILY_FIRST)
        family_first.append(_family_first(copy.deepcopy(names)))
        latin = ET.SubElement(choose, _q("else-if"), variable=LATIN_TERMS)
        latin.append(_latin_et_al(copy.deepcopy(names)))
        _replace(parents, names, choose)
        ET.SubElement(choose, _q("else")).append(names)


def _family_first(names: ET.Element) -> ET.Element:
    # Every name in sort order ("Wang Yi"), with a space where the order puts ", ".
    for name in names.iter(_q("name")):
        name.set("name-as-sort-order", "all")
        name.set("sort-separator", " ")
    return names


def _latin_et_al(names: ET.Element) -> ET.Element:
    for element in names.iter(_q("names")):
        name = element.find(_q("name"))
        if name is None:
            continue  # a shorthand <names> inherits the et-al of the one it is in
        for old in element.findall(_q("et-al")):
            element.remove(old)
        et_al = ET.Element(_q("et-al"), term=LATIN_ET_AL_TERM)
        element.insert(list(element).index(name) + 1, et_al)
    return names


def _define_latin_et_al(style: ET.Element) -> None:
    """The marked entries' "et al." is defined in the style's locale without a language,
    which applies whatever the edition's language."""
    locale = next((l for l in style.findall(_q("locale")) if not l.get(_XML_LANG)), None)
    if locale is None:
        locale = ET.Element(_q("locale"))
        info = style.find(_q("info"))
        style.insert(list(style).index(info) + 1 if info is not None else 0, locale)
    terms = locale.find(_q("terms"))
    if terms is None:
        terms = ET.SubElement(locale, _q("terms"))
    ET.SubElement(terms, _q("term"), name=LATIN_ET_AL_TERM).text = LATIN_ET_AL


def _add_translations(style: ET.Element) -> None:
    """In the bibliography (not in citations), a title or container title is followed by its
    translation in brackets, outside its quotation marks and italics."""
    bibliography = style.find(_q("bibliography"))
    layout = bibliography.find(_q("layout")) if bibliography is not None else None
    if layout is None:
        return
    macros = {m.get("name"): m for m in style.findall(_q("macro"))}
    used = _macros_used(layout, macros)
    copies = []
    for name in sorted(used):
        copied = copy.deepcopy(macros[name])
        copied.set("name", _bibliography_macro(name))
        style.insert(list(style).index(macros[name]) + 1, copied)
        copies.append(copied)
    parents = _parents(style)
    for element in copies + [layout]:
        _translate_in(parents, element, used)


def _macros_used(element: ET.Element, macros: dict, seen: set | None = None) -> set[str]:
    seen = set() if seen is None else seen
    for text in element.iter(_q("text")):
        name = text.get("macro")
        if name in macros and name not in seen:
            seen.add(name)
            _macros_used(macros[name], macros, seen)
    return seen


def _bibliography_macro(name: str) -> str:
    return f"{name}--in-bibliography"


def _translate_in(parents: dict, element: ET.Element, used: set[str]) -> None:
    for text in list(element.iter(_q("text"))):
        if text.get("macro") in used:
            text.set("macro", _bibliography_macro(text.get("macro")))
        elif text.get("variable") in TRANSLATIONS and text.get("form") != "short":
            _replace(parents, text, _with_translation(text))


def _with_translation(text: ET.Element) -> ET.Element:
    """<text variable="title" …/> → the same, then its translation in brackets, in a group
    that takes the original's affixes; the translation shows only when the original does."""
    variable = text.get("variable")
    group = ET.Element(_q("group"), delimiter=" ")
    for attribute in ("prefix", "suffix", "display"):
        if attribute in text.attrib:
            group.set(attribute, text.attrib.pop(attribute))
    group.append(text)
    choose = ET.SubElement(group, _q("choose"))
    shown = ET.SubElement(choose, _q("if"), variable=variable)
    ET.SubElement(shown, _q("text"), variable=TRANSLATIONS[variable], prefix="[", suffix="]")
    return group
