"""Adding a source: from CSL-JSON, BibTeX (through pandoc) or options, with a proposed
romanized form of a Chinese or Japanese source for each edition in a Latin script."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..text.dates import DATE_FORMS, parse_issued, parse_partial_date
from ..errors import ContentError
from ..text.languages import entry_language, guess_language, is_cjk, is_cjk_text, primary_language
from ..load.report import read_text
from ..model import Reference
from ..text.yamlio import parse_yaml, plain
from .names import institution as institution_name
from .names import parse_name

NAME_FIELDS = ("author", "editor", "translator", "interviewer", "container-author", "collection-editor")
# The CSL variables a Zotero export carries in `note` (Zotero's Extra field, `key: value` a line)
# that an entry takes as its own: its type, its kind (genre: proceedings), dates and details.
EXTRA_TEXT = ("genre", "publisher-place", "event-place", "event-title", "issue", "volume", "edition",
              "number", "page", "DOI", "ISBN", "ISSN", "medium", "status", "original-title", "archive",
              "archive-place", "archive_location", "event")
EXTRA_DATES = ("issued", "event-date", "original-date", "accessed", "available-date")
CSL_TYPES = frozenset(
    "article article-journal article-magazine article-newspaper bill book broadcast chapter classic "
    "collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing "
    "interview legal_case legislation manuscript map motion_picture musical_score pamphlet "
    "paper-conference patent performance periodical personal_communication post post-weblog regulation "
    "report review review-book software song speech standard thesis treaty webpage".split())
_EXTRA_LINE = re.compile(r"^\s*\{?:?\s*(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*?)\s*\}?\s*$")
_ARTICLES = {"the", "a", "an"}


@dataclass
class NewEntry:
    """An entry ready to append, and what was guessed while making it (for the user to check)."""

    data: dict
    guesses: list[tuple[str, str]] = field(default_factory=list)  # (field, what was guessed)


def read_entries(path: Path) -> list[dict]:
    """CSL items from a CSL-JSON, CSL-YAML or BibTeX file (what Zotero exports)."""
    shown = str(path)
    text = read_text(path, shown)
    if path.suffix.lower() in (".bib", ".bibtex"):
        from ..convert import run_pandoc_raw

        text = run_pandoc_raw(text, "bibtex", "csljson")
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" or text.lstrip().startswith("[") \
            else plain(parse_yaml(text, shown))
    except ValueError as exc:
        raise ContentError(f"cannot read the entries: {exc}", shown, None,
                           "give a CSL-JSON, CSL-YAML or BibTeX file") from exc
    if isinstance(data, dict):
        data = data.get("references", [data])
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise ContentError("expected a list of entries", shown, None, "export CSL-JSON from Zotero")
    return [name_suffixes(extra_fields(entry)) for entry in data]


_SUFFIX = re.compile(r"^(?P<name>.*\S)\s*,\s*(?P<suffix>Jr\.?|Sr\.?|II|III|IV)$")


def name_suffixes(entry: dict) -> dict:
    """Zotero has no field for a name's suffix: 'Sodeman, Jr' as the last name, or 'Peyton Z.,
    Jr.' as the first, becomes the CSL name's `suffix`."""
    entry = dict(entry)
    for role in NAME_FIELDS:
        if isinstance(entry.get(role), list):
            entry[role] = [_split_suffix(name) for name in entry[role]]
    return entry


def _split_suffix(name):
    if not isinstance(name, dict) or name.get("suffix") or not name.get("given"):
        return name
    for part in ("family", "given"):
        found = _SUFFIX.match(str(name.get(part, "")))
        if found:
            return {**name, part: found.group("name"), "suffix": found.group("suffix")}
    return name


def extra_fields(entry: dict) -> dict:
    """The entry with the CSL variables of its `note` (Zotero's Extra: 'type: periodical',
    'genre: proceedings', 'event-date: 2000-02-01/2000-02-04') taken into their fields.

    The type given there replaces Zotero's own (Zotero has no periodical or standard);
    another variable fills only a field the entry lacks. Other lines stay in the note.
    """
    note = entry.get("note")
    if not isinstance(note, str):
        return entry
    entry, kept = dict(entry), []
    for line in note.splitlines():
        found = _EXTRA_LINE.match(line)
        key = found.group("key") if found else ""
        value = found.group("value") if found else ""
        name = next((v for v in EXTRA_TEXT + EXTRA_DATES + ("type",) if v.lower() == key.lower()), None)
        if name == "type" and value.lower() in CSL_TYPES:
            entry["type"] = value.lower()
        elif name in EXTRA_DATES and not entry.get(name) and _extra_date(value):
            entry[name] = _extra_date(value)
        elif name in EXTRA_TEXT and value and not entry.get(name):
            entry[name] = value
        else:
            kept.append(line)
    text = "\n".join(kept).strip()
    if text:
        entry["note"] = text
    else:
        entry.pop("note")
    return entry


def _extra_date(text: str) -> dict | None:
    """'2000-02-01/2000-02-04' or '2000-02' → CSL date-parts; None when it is no date."""
    try:
        dates = [parse_partial_date(part) for part in text.split("/")]
    except ValueError:
        return None
    return {"date-parts": [d.date_parts() for d in dates]} if 1 <= len(dates) <= 2 else None


def entry_from_options(author: str, title: str, container: str, date: str, url: str,
                       language: str, kind: str = "article", institution: str = "") -> NewEntry:
    """A CSL item from command-line options, checked; authors separated by ';'.

    An author is 'Family, Given', a Chinese or Japanese name, or 'Given Family';
    `institution` names authors that are institutions, printed as written.
    """
    if language and not primary_language(language):
        raise ContentError(f"'{language}' is not a language tag", "--language", None,
                           "write a tag such as zh-CN, zh-Hant, ja or en")
    entry, guesses = {"type": kind, "title": title}, []
    names = []
    for text in _split(author):
        name, guess = parse_name(text, primary_language(language) or _script_language(title))
        names.append(name)
        guesses += [("author", guess)] if guess else []
    names += [institution_name(text) for text in _split(institution)]
    if names:
        entry["author"] = names
    if container:
        entry["container-title"] = container
    if date:
        entry["issued"] = {"date-parts": [_checked_date(date, "--date").date_parts()]}
    if url:
        entry["URL"] = url
    if language:
        entry["language"] = language
    return NewEntry(entry, guesses)


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def _script_language(text: str) -> str | None:
    return primary_language(guess_language(text) or "")


def _checked_date(value, where: str, what: str = ""):
    """The date, checked as `invoke check` checks `issued`; an error names where it came from."""
    try:
        return parse_issued(value)
    except ValueError as exc:
        raise ContentError(f"{what}invalid date ({exc})", where, None, f"write {DATE_FORMS}") from None


def prepare(entry: NewEntry, where: str, editions: list[str], names: tuple[str, ...] = ()) -> NewEntry:
    """Check an entry and complete it: its language (guessed from the script when missing)
    and, for a Chinese or Japanese source, a romanized form for each Latin-script edition."""
    data = {k: v for k, v in entry.data.items() if k not in ("id", "citation-key")}
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ContentError("the new entry has no title", where, None, "give it a title")
    if "issued" in data:
        _checked_date(data["issued"], where, f"entry '{title}': ")
    guesses = list(entry.guesses) + _settle_language(data)
    language, _ = entry_language(data)
    if language == "ko" and editions and "forms" not in data:
        # No Korean romanizer is at hand: the form is the user's to write.
        guesses.append(("title", "no romanized form: none is proposed for a Korean source — write "
                                 f"forms.{editions[0]} (romanized names and title) by hand"))
    elif is_cjk(language) and "forms" not in data:
        forms = {}
        for edition in editions:
            forms[edition], notes = romanized_form(data, language, names)
            said = {message for _, message in guesses}
            guesses += [note for note in notes if note[1] not in said]
        if forms:
            data["forms"] = forms
    return NewEntry(data, guesses)


def _settle_language(data: dict) -> list[tuple[str, str]]:
    """Keep a usable `language`; otherwise guess one from the title's script and say so."""
    stated = data.get("language")
    if primary_language(stated):
        return []
    guessed = guess_language(str(data.get("title", "")))
    before = f"'{stated}' is not a language tag: " if stated else ""
    if not guessed:
        data.pop("language", None)
        return [("title", f"{before}no language, and the title's script does not tell it — "
                          "add language: (e.g. zh-CN, ja, en)")]
    data["language"] = guessed
    return [("language", f"{before}language {guessed}, from the script of the title — check it")]


def romanized_form(entry: dict, language: str, names: tuple[str, ...] = ()) -> tuple[dict, list[tuple[str, str]]]:
    """The form English-language scholarship uses for a Chinese (pinyin) or Japanese (Hepburn)
    source: names family name first, title and container romanized by words.

    The English translation of the title cannot be derived; the caller asks for it.
    """
    from ..commands import romanize

    words = romanize.hepburn_words if language == "ja" else romanize.pinyin_words
    form, guesses = {}, []
    for key in NAME_FIELDS:
        if isinstance(entry.get(key), list):
            form[key], notes = _romanized_names(entry[key], language)
            guesses += notes
    if isinstance(entry.get("title"), str):
        form["title"] = words(entry["title"], names=names) if language != "ja" else words(entry["title"])
    if isinstance(entry.get("container-title"), str):
        # A journal's or newspaper's name is a name: every word capitalised (Beijing Shifan Daxue Xuebao).
        form["container-title"] = words(entry["container-title"], proper=True)
    if isinstance(entry.get("publisher"), str):
        form["publisher"] = words(entry["publisher"], proper=True)
    return form, guesses


def _romanized_names(names: list, language: str) -> tuple[list, list[tuple[str, str]]]:
    result, guesses = [], []
    for name in names:
        if not isinstance(name, dict):
            continue
        whole = name.get("literal") or (name.get("family") if not name.get("given") else None)
        if isinstance(whole, str) and is_cjk_text(whole):
            # A name given in one piece (Zotero's single-field mode): person or institution?
            name, guess = parse_name(whole, language)
            guesses += [("forms", guess)] if guess else []
        result.append(_romanized_name(name, language))
    return result, guesses


def _romanized_name(name: dict, language: str) -> dict:
    from ..commands import romanize

    if "literal" in name:
        words = romanize.hepburn_words if language == "ja" else romanize.pinyin_words
        text = name["literal"]
        return {"literal": words(text, proper=True) if is_cjk_text(text) else text}
    family, given = str(name.get("family", "")), str(name.get("given", ""))
    if not is_cjk_text(family + given):
        return dict(name)
    if language == "ja":
        return {"family": romanize.hepburn_name(family), "given": romanize.hepburn_name(given)}
    return {"family": romanize.pinyin_name(family, surname=True), "given": romanize.pinyin_name(given)}


def english_form(entry: dict) -> dict:
    """The romanized form of a Chinese or Japanese entry, without the guesses made."""
    return romanized_form(entry, entry_language(entry)[0] or "zh")[0]


def stable_key(entry: dict, taken: set[str]) -> str:
    """First author's family name (romanized), else the container's first word, else the
    title's; then the year, with a/b/… when taken: wang2018, renmin2019."""
    stem = _key_stem(entry) or "anon"
    try:
        date = parse_issued(entry["issued"]) if "issued" in entry else None
    except ValueError:
        date = None
    year = str(date.year) if date else "nd"
    key, suffix = f"{stem}{year}", ord("a")
    while key in taken:
        key = f"{stem}{year}{chr(suffix)}"
        suffix += 1
    return key


def _key_stem(entry: dict) -> str:
    from .romanize import ascii_word

    language = entry_language(entry)[0]
    author = next((a for a in entry.get("author") or [] if isinstance(a, dict)), None)
    if author:
        text = author.get("family") or author.get("literal") or ""
        first = _first_word(str(text), language, whole=bool(author.get("family")))
    else:
        first = _first_word(str(entry.get("container-title") or ""), language) \
            or _first_word(str(entry.get("title") or ""), language)
    return ascii_word(first)[:20]


def _first_word(text: str, language: str | None, whole: bool = False) -> str:
    """The first word of a text, romanized when it is Chinese or Japanese (articles skipped)."""
    from ..commands import romanize

    if is_cjk_text(text):
        if language == "ja":
            text = romanize.hepburn_name(text) if whole else romanize.hepburn_words(text)
        else:
            text = romanize.pinyin_name(text, surname=True) if whole else romanize.pinyin_words(text)
        if whole:
            return text
    words = [w for w in re.findall(r"[^\W_]+", text) if w.lower() not in _ARTICLES]
    return words[0] if words else ""


def find_duplicate(entry: dict, references: list[Reference]) -> Reference | None:
    """An existing entry with the same URL, or the same title and first author."""
    def first_author(data):
        author = (data.get("author") or [{}])[0]
        return (author.get("family"), author.get("given"), author.get("literal"))

    for ref in references:
        data = ref.data
        if entry.get("URL") and entry.get("URL") == data.get("URL"):
            return ref
        if entry.get("title") and entry.get("title") == data.get("title") \
                and first_author(entry) == first_author(data):
            return ref
    return None


class _BibliographyDumper(yaml.SafeDumper):
    """YAML in the bibliography's own style: lists indented under their key, dates and
    date parts as they are written by hand (`archived: 2020-03-15`, `date-parts: [[2019, 12]]`)."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_list(dumper, data):
    flat = all(isinstance(item, (int, list)) and not isinstance(item, bool) for item in data) and \
        all(isinstance(part, int) for item in data if isinstance(item, list) for part in item)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat and bool(data))


def _represent_text(dumper, data):
    if _ISO_DATE.fullmatch(data):   # read back as text: the engine keeps dates as written
        return dumper.represent_scalar("tag:yaml.org,2002:timestamp", data)
    return dumper.represent_str(data)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BibliographyDumper.add_representer(list, _represent_list)
_BibliographyDumper.add_representer(str, _represent_text)


def append_entry(bibliography: Path, entry: dict) -> dict[str, int]:
    """Append one entry to the CSL-YAML file, keeping its comments and layout.

    Returns the file line of the entry ('id') and of each of its top-level fields.
    """
    block = yaml.dump([entry], Dumper=_BibliographyDumper, allow_unicode=True, sort_keys=False, width=100)
    indented = "".join(f"  {line}\n" if line else "\n" for line in block.splitlines())
    text = bibliography.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    bibliography.write_text(text + indented, encoding="utf-8")
    first = text.count("\n") + 1
    lines = {}
    for offset, line in enumerate(indented.splitlines()):
        match = re.match(r"^  (?:- |  )([A-Za-z][\w-]*):", line)
        if match:
            lines.setdefault(match.group(1), first + offset)
    return lines
