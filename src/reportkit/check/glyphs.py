"""Characters no installed font has: reported at their line before a PDF shows an empty box.

WeasyPrint falls back to any font fontconfig knows, so a character is drawn
when some installed font has it. Only characters outside the ranges the
report's own fonts cover (Latin, punctuation, CJK) are looked up, so a usual
check asks fontconfig nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import lru_cache

from ..errors import Problem
from ..model import Report
from ..text.yamlio import LineDict, LineList

_UNCOMMON = re.compile("[^\u0000-\u024f\u2000-\u206f\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
# Drawn as nothing by design: controls, format characters (joiners, tags), spaces, variation selectors.
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}
_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# Above this many distinct characters, one listing of every font's coverage is faster.
_ONE_BY_ONE = 12


def missing_glyphs(report: Report) -> list[Problem]:
    """A warning for each character, at each line, that no installed font can draw."""
    places = list(_texts(report))
    wanted = {char for _, _, text in places for char in _candidates(text)}
    missing = _uncovered(wanted) if wanted else set()
    problems, seen = [], set()
    for path, line, text in places:
        for char in _candidates(text):
            if char in missing and (path, line, char) not in seen:
                seen.add((path, line, char))
                problems.append(Problem(
                    path, line, f"no font has '{char}' (U+{ord(char):04X})",
                    "the PDF would show an empty box: install a font that has it (emoji: Debian's "
                    "fonts-noto-color-emoji) or write another character", "warning"))
    return problems


def _candidates(text: str) -> list[str]:
    return [c for c in _UNCOMMON.findall(text)
            if unicodedata.category(c) not in _INVISIBLE and not _SELECTORS.match(c)]


def _texts(report: Report):
    """(file, line, text) of everything the editions print: sections, bibliography, data, titles."""
    for sections in report.sections.values():
        for section in sections.values():
            yield from _yaml_texts(section.path, section.meta)
            for offset, text in enumerate(section.body.split("\n")):
                yield section.path, section.body_line + offset, text
    for ref in report.references:
        yield from _yaml_texts(ref.path, ref.data)
    for name, data in report.data.items():
        yield from _yaml_texts(report.data_paths.get(name, name), data)
    for language in report.config.languages.values():
        for text in (language.title, language.subtitle, language.author, language.subject):
            yield report.config.path, language.line, text


def _yaml_texts(path: str, node, line: int = 0):
    if isinstance(node, LineDict):
        for key, value in node.items():
            yield from _yaml_texts(path, value, node.line_of(key))
    elif isinstance(node, LineList):
        for index, item in enumerate(node):
            yield from _yaml_texts(path, item, node.line_of_item(index))
    elif isinstance(node, str):
        yield path, line, node


def _uncovered(chars: set[str]) -> set[str]:
    """The characters no font fontconfig knows has (none when fontconfig is not there to ask)."""
    if shutil.which("fc-list") is None:
        return set()
    if len(chars) <= _ONE_BY_ONE:
        return {c for c in chars if not _has_font(c)}
    ranges = _all_coverage()
    return {c for c in chars if not any(start <= ord(c) <= end for start, end in ranges)}


@lru_cache(maxsize=None)
def _has_font(char: str) -> bool:
    out = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"],
                         capture_output=True, text=True, check=False).stdout
    return bool(out.strip())


@lru_cache(maxsize=1)
def _all_coverage() -> tuple[tuple[int, int], ...]:
    out = subprocess.run(["fc-list", "--format", "%{charset}\n"],
                         capture_output=True, text=True, check=False).stdout
    ranges = set()
    for part in out.split():
        start, _, end = part.partition("-")
        ranges.add((int(start, 16), int(end or start, 16)))
    return tuple(sorted(ranges))
