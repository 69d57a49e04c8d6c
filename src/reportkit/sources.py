"""Adding a source: from CSL-JSON, BibTeX (through pandoc) or options, with both forms of a Chinese source."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from .errors import ContentError
from .load import read_text
from .model import Reference
from .yamlio import parse_yaml, plain

_HAN = re.compile(r"[\u3400-\u9fff]")


def read_entries(path: Path) -> list[dict]:
    """CSL items from a CSL-JSON, CSL-YAML or BibTeX file (what Zotero exports)."""
    shown = str(path)
    text = read_text(path, shown)
    if path.suffix.lower() in (".bib", ".bibtex"):
        from .convert import run_pandoc_raw

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
    return data


def entry_from_options(author: str, title: str, container: str, date: str, url: str,
                       language: str, kind: str = "article") -> dict:
    """A CSL item from command-line options ('Family, Given' or a Chinese name for author)."""
    entry = {"type": kind, "title": title}
    if author:
        entry["author"] = [_name(a.strip()) for a in author.split(";") if a.strip()]
    if container:
        entry["container-title"] = container
    if date:
        entry["issued"] = {"date-parts": [[int(p) for p in date.split("-")]]}
    if url:
        entry["URL"] = url
    if language:
        entry["language"] = language
    return entry


def _name(text: str) -> dict:
    if "," in text:
        family, given = (p.strip() for p in text.split(",", 1))
        return {"family": family, "given": given}
    if _HAN.search(text) and len(text) >= 2:
        # A Chinese personal name: one-character family name, the rest given.
        return {"family": text[0], "given": text[1:]}
    parts = text.split()
    return {"family": parts[-1], "given": " ".join(parts[:-1])} if len(parts) > 1 else {"literal": text}


def is_chinese(entry: dict) -> bool:
    return str(entry.get("language", "")).startswith("zh") or bool(_HAN.search(str(entry.get("title", ""))))


def english_form(entry: dict) -> dict:
    """The form English-language scholarship uses: names and title in pinyin.

    The English translation of the title cannot be derived; the caller is told to add it.
    """
    from pypinyin import Style, lazy_pinyin

    def pinyin(text: str, capitalize: bool = False) -> str:
        syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=False)
        words = " ".join(re.sub(r"\d", "", s) for s in syllables)
        return words.capitalize() if capitalize else words

    form = {}
    if entry.get("author"):
        form["author"] = [{"family": pinyin(a.get("family", "")).title().replace(" ", ""),
                           "given": pinyin(a.get("given", "")).replace(" ", "").capitalize()}
                          if "family" in a else dict(a) for a in entry["author"]]
    if entry.get("title"):
        form["title"] = pinyin(entry["title"], capitalize=True)
    if entry.get("container-title"):
        form["container-title"] = pinyin(entry["container-title"]).title()
    return form


def stable_key(entry: dict, taken: set[str]) -> str:
    """family name (pinyin for Chinese) + year, with a/b/… when taken."""
    from pypinyin import lazy_pinyin

    author = (entry.get("author") or [{}])[0]
    family = author.get("family") or author.get("literal") or entry.get("title", "anon")
    family = "".join(lazy_pinyin(family)) if _HAN.search(family) else family
    stem = re.sub(r"[^a-z0-9]", "", family.lower())[:20] or "anon"
    parts = (entry.get("issued") or {}).get("date-parts") or [[]]
    year = str(parts[0][0]) if parts and parts[0] else "nd"
    key, suffix = f"{stem}{year}", ord("a")
    while key in taken:
        key = f"{stem}{year}{chr(suffix)}"
        suffix += 1
    return key


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


def append_entry(bibliography: Path, entry: dict) -> None:
    """Append one entry to the CSL-YAML file, keeping its comments and layout."""
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    indented = "".join(f"  {line}\n" if line else "\n" for line in block.splitlines())
    text = bibliography.read_text(encoding="utf-8")
    bibliography.write_text(text.rstrip("\n") + "\n\n" + indented, encoding="utf-8")
