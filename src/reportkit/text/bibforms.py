"""Each bibliography entry in the form its language requires in each edition's style.

A CSL style has one set of terms and one name order, but a bibliography in
two languages needs more: GB/T 7714 sets a Western-language entry in its own
language ("SMITH J, BROWN A, LEE K, et al."), while Chinese entries take "等";
Chicago writes Chinese, Japanese and Korean names family name first without a
comma ("Wang Xiaoming") and sets a translated title in brackets, roman, after the
original ("“Haiyang nengyuan hezuo yanjiu” [Research on …]").

Pandoc's citeproc takes neither CSL-M's per-language layouts (it refuses a
second <layout>) nor the `static-ordering` of a name. So the engine prepares
each style with a variant per case, chosen inside the style by a marker
variable, and sets the markers on each entry from its language and the
edition's. Citeproc then formats everything, in every output format, and no
rendered text is rewritten afterwards.

A CJK edition's list follows GB/T 7714-2015, whose rules CSL cannot state
(`gbt_form`): the document type codes of a proceedings volume [C] and a
compilation [G], organisations written as they are while personal family
names are capitalised, a serial's holdings (1984, 1(1)-), the unknown place or
publisher ([S.l.], [出版者不详]), and a Western entry's edition, event date and
name suffix in its own language (4th ed., February 1–4, 2000, PEEBLES P Z, Jr).
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
# GB/T 7714 forms CSL has no variable or test for, set on the entries of a CJK edition.
DOCUMENT_CODE = "reportkit-document-code"          # C or G: the entry's `genre` names its kind
AS_WRITTEN = "reportkit-as-written-"               # + a name variable: all its names are organisations
HOLDINGS = "reportkit-holdings"                     # a periodical's holdings: 1984, 1(1)-
HOLDINGS_YEARS = "reportkit-holdings-years"         # and its years of publication: 1984-
NO_PLACE = "reportkit-no-place"                     # S.l., 出版地不详 (or S.l.: s.n. for both)
NO_PUBLISHER = "reportkit-no-publisher"             # s.n., 出版者不详
TRANSLATORS_CUT = "reportkit-translators-et-al"     # more translators than the list shows: 等译
PUBLICATION_YEAR = "reportkit-publication-year"     # an online document's year is not an update date
# `genre` values that name a document kind with a code of its own (GB/T 7714 4.1, Appendix B).
DOCUMENT_KINDS = {"proceedings": "C", "conference proceedings": "C", "会议录": "C", "会议论文集": "C",
                  "compilation": "G", "汇编": "G"}
# The types of an electronic resource (GB/T 7714 4.6): a date is its update's, no imprint is due.
ELECTRONIC_TYPES = ("webpage", "post", "post-weblog", "dataset", "software")
# The types that have an imprint (place: publisher) of their own or of their container.
IMPRINT_TYPES = ("book", "chapter", "paper-conference", "report", "thesis", "standard", "periodical", "map")
NAME_VARIABLES = ("author", "editor", "translator", "container-author", "collection-editor",
                  "editorial-director", "composer", "director", "illustrator", "interviewer", "recipient")
GBT_MAX_NAMES = 3   # GB/T 7714 8.1.2: more than three names: the first three, then 等 / et al.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")

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
    _document_kind(item)
    if is_cjk(edition):
        gbt_form(item, language)
    if language is None:
        return item
    if is_cjk(edition) and not is_cjk(language):
        item[LATIN_TERMS] = "true"
        latin_forms(item)
    if not is_cjk(edition) and is_cjk(language):
        item[FAMILY_FIRST] = "true"
    if language != edition:
        for variable, translation in TRANSLATIONS.items():
            original, translated = split_translation(item.get(variable))
            if translated:
                item[variable], item[translation] = original, translated
    return item


def _document_kind(item: dict) -> None:
    """A `genre` that names a document kind (proceedings, compilation) becomes its code's marker,
    and is not printed as a genre by any style."""
    genre = item.get("genre")
    code = DOCUMENT_KINDS.get(" ".join(genre.lower().split())) if isinstance(genre, str) else None
    if code:
        item[DOCUMENT_CODE] = code
        del item["genre"]


def gbt_form(item: dict, language: str | None) -> None:
    """The markers and fields GB/T 7714 needs of an entry beyond what CSL states."""
    for variable in NAME_VARIABLES:
        names = item.get(variable)
        if isinstance(names, list) and names and all(isinstance(n, dict) and "literal" in n for n in names):
            item[AS_WRITTEN + variable] = "true"
    translators = item.get("translator")
    if isinstance(translators, list) and len(translators) > GBT_MAX_NAMES and is_cjk(language):
        item[TRANSLATORS_CUT] = "true"
    if item.get("type") == "periodical":
        item.update(_holdings(item))
    _unknown_imprint(item, language)
    issued = _date_ranges(item.get("issued"))
    if (item.get("type") not in ELECTRONIC_TYPES and len(issued) == 1 and len(issued[0]) == 1
            and (item.get("URL") or item.get("DOI"))):
        item[PUBLICATION_YEAR] = "true"


def _holdings(item: dict) -> dict:
    """A periodical as a whole: its first issue and, once it has ceased, its last
    (GB/T 7714 4.3): '1984, 1(1)-' and '1984-'; '1957(1)-1990(4)' and '1957-1990'."""
    years = [str(parts[0]) for parts in _date_ranges(item.get("issued"))]
    if not years:
        return {}
    volumes, issues = _range(item.get("volume")), _range(item.get("issue"))

    def holding(index: int) -> str:
        text = years[index] + (f", {volumes[index]}" if volumes[index] else "")
        return text + (f"({issues[index]})" if issues[index] else "")

    last = holding(1) if len(years) > 1 else ""
    return {HOLDINGS: f"{holding(0)}-{last}", HOLDINGS_YEARS: f"{years[0]}-{years[1] if len(years) > 1 else ''}"}


def _range(value) -> tuple[str, str]:
    """'1-4' → ('1', '4'); '1' → ('1', ''); nothing → ('', '')."""
    parts = re.split(r"\s*[-–—]\s*", str(value).strip(), maxsplit=1) if value not in (None, "") else []
    return (parts + ["", ""])[0], (parts + ["", ""])[1]


def _unknown_imprint(item: dict, language: str | None) -> None:
    """GB/T 7714 8.4.3–8.4.4: an unknown place is [S.l.] (Western) or [出版地不详] (Chinese), an
    unknown publisher [s.n.] or [出版者不详]; a printed document with neither, [S.l.: s.n.]."""
    if item.get("type") not in IMPRINT_TYPES:
        return
    chinese = language == "zh"
    place, publisher = ("出版地不详", "出版者不详") if chinese else ("S.l.", "s.n.")
    has_place, has_publisher = bool(item.get("publisher-place")), bool(item.get("publisher"))
    if has_publisher and not has_place:
        item[NO_PLACE] = place
    elif has_place and not has_publisher:
        item[NO_PUBLISHER] = publisher
    elif not has_place and not has_publisher and not (item.get("URL") or item.get("DOI")):
        item[NO_PLACE] = f"{place}: {publisher}"


def latin_forms(item: dict) -> None:
    """A Western entry in a CJK edition keeps its language where CSL would use the edition's
    terms: '4th ed.', 'February 1–4, 2000', and a name suffix after a comma ('PEEBLES P Z, Jr')."""
    edition = str(item.get("edition", "")).strip()
    if edition.isdigit():
        item["edition"] = f"{_ordinal(int(edition))} ed."
    for variable in ("event-date",):
        text = english_date(item.get(variable))
        if text:
            item[variable] = {"literal": text}
    for variable in NAME_VARIABLES:
        if isinstance(item.get(variable), list):
            item[variable] = [_suffix_after_comma(name) for name in item[variable]]


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _suffix_after_comma(name):
    # In the inverted order GB/T 7714 uses, the style's separator (a space) would also precede the
    # suffix: as a particle after the given name it follows a comma ("PEEBLES P Z, Jr").
    if not isinstance(name, dict) or not name.get("suffix") or name.get("dropping-particle"):
        return name
    name = dict(name)
    name["dropping-particle"] = ", " + str(name.pop("suffix")).strip().rstrip(".")
    name.pop("comma-suffix", None)
    return name


def english_date(value) -> str:
    """A date or date range in English words: 'February 1–4, 2000', 'December 28, 2012–January 2,
    2013'; '' when it is no calendar date."""
    ranges = _date_ranges(value)
    if not ranges:
        return ""
    start = ranges[0]
    if len(ranges) == 1:
        return _english(start)
    end = ranges[1]
    if start[0] != end[0]:
        return f"{_english(start)}–{_english(end)}"
    if len(start) == 3 and len(end) == 3 and start[1] == end[1]:
        return f"{_MONTHS[start[1] - 1]} {start[2]}–{end[2]}, {start[0]}"
    if len(start) >= 2 and len(end) >= 2:
        return f"{_english(start, year=False)}–{_english(end)}"
    return f"{start[0]}–{end[0]}"


def _english(parts: list[int], year: bool = True) -> str:
    words = [_MONTHS[parts[1] - 1]] if len(parts) > 1 else []
    if len(parts) > 2:
        words.append(f"{parts[2]}," if year else str(parts[2]))
    return " ".join(words + ([str(parts[0])] if year else []))


def _date_ranges(value) -> list[list[int]]:
    """The date-parts of a CSL date (text 'YYYY-MM-DD', an interval 'A/B', date-parts or raw),
    as numbers; [] when it has none."""
    if isinstance(value, dict):
        if "date-parts" in value:
            value = value["date-parts"]
        elif isinstance(value.get("raw"), str):
            value = value["raw"]
        else:
            return []
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        value = [part.split("-") for part in value.strip().split("/") if part.strip()]
    try:
        ranges = [[int(part) for part in parts if str(part).strip()] for parts in value]
    except (TypeError, ValueError):
        return []
    valid = [parts for parts in ranges if 1 <= len(parts) <= 3 and (len(parts) < 2 or 1 <= parts[1] <= 12)]
    return valid[:2] if len(valid) == len(ranges) else []


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
    _names_as_written(style)
    _translators_cut(style)
    for macro, marker in (("type-id", DOCUMENT_CODE), ("year-volume-issue", HOLDINGS),
                          ("issued-year", HOLDINGS_YEARS)):
        _marker_replaces_macro(style, macro, marker)
    _unknown_imprint_shown(style)
    _publication_year_plain(style)


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


# GB/T 7714's forms (see `gbt_form`); each change is inert in a style without the part it changes.

def _choice(marker: str, marked: ET.Element, otherwise: list[ET.Element]) -> ET.Element:
    choose = ET.Element(_q("choose"))
    ET.SubElement(choose, _q("if"), variable=marker).append(marked)
    ET.SubElement(choose, _q("else")).extend(otherwise)
    return choose


def _marker_replaces_macro(style: ET.Element, name: str, marker: str) -> None:
    """A macro prints the marker's text when the entry has one, else what it printed."""
    for macro in style.findall(_q("macro")):
        if macro.get("name") in (name, _bibliography_macro(name)):
            children = list(macro)
            for child in children:
                macro.remove(child)
            macro.append(_choice(marker, ET.Element(_q("text"), variable=marker), children))


def _names_as_written(style: ET.Element) -> None:
    """A list of names whose family names the style capitalises is printed as written when the
    names it prints (its own variable's, else its substitute's) are all organisations."""
    parents = _parents(style)
    for names in list(style.iter(_q("names"))):
        name = names.find(_q("name"))
        cased = [part for part in (name.findall(_q("name-part")) if name is not None else [])
                 if part.get("text-case")]
        if not cased:
            continue
        variables = names.get("variable", "").split()
        substitute = names.find(_q("substitute"))
        if substitute is not None:
            variables += [v for inner in substitute.iter(_q("names")) for v in inner.get("variable", "").split()]
        plain = copy.deepcopy(names)
        for part in plain.find(_q("name")).findall(_q("name-part")):
            part.attrib.pop("text-case", None)
        choose = ET.Element(_q("choose"))
        for index, variable in enumerate(dict.fromkeys(variables)):
            branch = ET.SubElement(choose, _q("if" if index == 0 else "else-if"), variable=variable)
            branch.append(_choice(AS_WRITTEN + variable, copy.deepcopy(plain), [copy.deepcopy(names)]))
        _replace(parents, names, choose)
        ET.SubElement(choose, _q("else")).append(names)


def _translators_cut(style: ET.Element) -> None:
    """Translators cut short by 等 take their role without a comma: 潘惠霞, 魏婧, 杨艳, 等译."""
    parents = _parents(style)
    for names in list(style.iter(_q("names"))):
        label = names.find(_q("label"))
        children = list(names)
        if ("translator" not in names.get("variable", "").split() or label is None
                or not label.get("prefix") or names.find(_q("name")) is None
                or children.index(label) < children.index(names.find(_q("name")))):
            continue
        cut = copy.deepcopy(names)
        cut.find(_q("label")).attrib.pop("prefix")
        choose = _choice(TRANSLATORS_CUT, cut, [])
        _replace(parents, names, choose)
        choose.find(_q("else")).append(names)


def _unknown_imprint_shown(style: ET.Element) -> None:
    """Where a place or publisher is missing, its marker is printed in brackets ([S.l.],
    [出版者不详]); a test for either also holds for its marker."""
    parents = _parents(style)
    for text in list(style.iter(_q("text"))):
        variable = text.get("variable")
        marker = {"publisher-place": NO_PLACE, "publisher": NO_PUBLISHER}.get(variable)
        if marker is None:
            continue
        choose = ET.Element(_q("choose"))
        _replace(parents, text, choose)
        ET.SubElement(choose, _q("if"), variable=variable).append(text)
        shown = ET.SubElement(choose, _q("else-if"), variable=marker)
        ET.SubElement(shown, _q("text"), variable=marker, prefix="[", suffix="]")
    for test in list(style.iter(_q("if"))) + list(style.iter(_q("else-if"))):
        variables = test.get("variable", "").split()
        if test.get("match") == "any" and "publisher-place" in variables:
            test.set("variable", " ".join(variables + [NO_PLACE, NO_PUBLISHER]))


def _publication_year_plain(style: ET.Element) -> None:
    """The parentheses of an online document's date say it is an update's: a year of publication
    alone (an online standard's, 2009) is printed as the year."""
    names = {m.get("name") for m in style.findall(_q("macro"))}
    parents = _parents(style)
    for text in list(style.iter(_q("text"))):
        if text.get("macro") in ("issued-date", _bibliography_macro("issued-date")) and text.get("prefix") == "(":
            year = "issued-year" + text.get("macro")[len("issued-date"):]
            if year not in names:
                continue
            choose = _choice(PUBLICATION_YEAR, ET.Element(_q("text"), macro=year), [])
            _replace(parents, text, choose)
            choose.find(_q("else")).append(text)
