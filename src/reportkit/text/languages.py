"""Languages and scripts of bibliography entries: what each edition's style needs to know."""

from __future__ import annotations

import re
from functools import lru_cache

CJK_LANGUAGES = ("zh", "ja", "ko")

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
KANA = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def primary_language(tag) -> str | None:
    """The language of a BCP 47 tag ('zh-CN' → 'zh'), or None when it is not a known tag."""
    from babel import Locale, UnknownLocaleError

    if not isinstance(tag, str) or not _TAG.match(tag.strip()):
        return None
    primary = tag.strip().split("-")[0].lower()
    try:
        Locale(primary)
    except (UnknownLocaleError, ValueError):
        return None
    return primary


def is_cjk_text(text: str) -> bool:
    """Whether text holds Chinese characters, kana or hangul."""
    return bool(HAN.search(text) or KANA.search(text) or HANGUL.search(text))


def guess_language(text: str) -> str | None:
    """A language tag from the script of a text: kana → ja, hangul → ko, Chinese characters
    → zh-CN or zh-Hant (traditional characters), Latin letters → en; None when it cannot tell."""
    if KANA.search(text):
        return "ja"
    if HANGUL.search(text):
        return "ko"
    if HAN.search(text):
        return "zh-Hant" if _traditional(text) else "zh-CN"
    return "en" if LATIN.search(text) else None


def _traditional(text: str) -> bool:
    return _to_simplified().convert(text) != text


@lru_cache(maxsize=1)
def _to_simplified():
    import opencc

    return opencc.OpenCC("t2s")


def entry_language(data: dict) -> tuple[str | None, bool]:
    """The language of an entry and whether the entry states it.

    An entry without a usable `language` is taken to be in the language its
    title's script suggests, so that it still gets a form in each edition.
    """
    stated = primary_language(data.get("language"))
    if stated:
        return stated, True
    title = data.get("title")
    guessed = guess_language(title) if isinstance(title, str) else None
    return (primary_language(guessed) if guessed else None), False


def is_cjk(language: str | None) -> bool:
    """Chinese, Japanese or Korean: names family name first, their own bibliographic terms."""
    return language in CJK_LANGUAGES


# Regions whose Chinese is written in Traditional characters when the locale names no script.
_TRADITIONAL_REGIONS = ("TW", "HK", "MO")


def written_form(locale: str) -> str | None:
    """The CJK writing a locale's edition is set in: 'ja', 'ko', 'zh-Hans' or 'zh-Hant'
    (ja_JP → ja, zh_Hant_TW and zh_TW → zh-Hant, zh_Hans_CN and zh → zh-Hans); None for another script."""
    from babel import Locale, UnknownLocaleError

    try:
        parsed = Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        return None
    if not is_cjk(parsed.language):
        return None
    if parsed.language != "zh":
        return parsed.language
    traditional = parsed.script == "Hant" or (parsed.script is None and parsed.territory in _TRADITIONAL_REGIONS)
    return "zh-Hant" if traditional else "zh-Hans"
