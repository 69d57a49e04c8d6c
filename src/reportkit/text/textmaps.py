"""Texts given per language in YAML (`{zh: …, en: …}`): keys that are not a language are mistakes.

An unquoted text in a flow mapping ends at its first comma, so
`{zh: …, en: Norway, Sweden, Finland and Denmark.}` is read as the English text
"Norway" and two more keys: without this check the rest of the sentence is lost
without a word.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Problem


def stray_keys(tree, languages: Iterable[str], path: str) -> list[Problem]:
    """Every key of a text map in `tree` that is not one of `languages`, at its line."""
    languages = tuple(languages)
    problems = []
    for mapping in _mappings(tree):
        if not _is_text_map(mapping, languages):
            continue
        for key in mapping:
            if key not in languages:
                problems.append(Problem(
                    path, mapping.line_of(key) if hasattr(mapping, "line_of") else None,
                    f"'{key}' is not a language of the report ({', '.join(languages)}): "
                    "a comma in an unquoted text starts a new key",
                    'put the text in quotes: en: "…, …"'))
    return problems


def _is_text_map(mapping: dict, languages: tuple[str, ...]) -> bool:
    return any(isinstance(mapping.get(lang), str) for lang in languages)


def _mappings(tree):
    """Every mapping in a tree of YAML data, outermost first."""
    if isinstance(tree, dict):
        yield tree
        for value in tree.values():
            yield from _mappings(value)
    elif isinstance(tree, list):
        for item in tree:
            yield from _mappings(item)
