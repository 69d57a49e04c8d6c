"""Babel: interface strings from .po catalogs, and dates and amounts per locale."""

from __future__ import annotations

import datetime as _dt
import io
import math
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_compact_decimal, format_decimal, parse_decimal
from babel.numbers import get_currency_name, get_currency_symbol
from babel.support import Translations

from .dates import PartialDate
from ..errors import ConfigError

CATALOG_DOMAIN = "messages"

# Compact forms are used from these magnitudes up: 万/亿 in Chinese, 万/億 in
# Japanese, million/billion/trillion in English. Below them the full number reads better.
_COMPACT_FROM = {"zh": 10_000, "ja": 10_000, "default": 1_000_000}
# The compact style each language reads best; a locale without it gets another (see _available).
_COMPACT_STYLE = {"zh": "short", "ja": "short", "default": "long"}


# Whether a language writes the currency's name after the number (66亿日元, 66億日本円)
# rather than its symbol before it (¥6.6 billion): a habit of the language that
# Babel's locale data do not give. The words around an approximate amount or a
# lower bound are the catalogs' (`AmountWords`).
_NAME_AFTER = {"zh": True, "ja": True, "default": False}


class AmountWords(Protocol):
    """A language's words around an amount, from its catalog: an edition's strings
    (`qualified_amount` in templates/markdown/strings.j2) give them."""

    def qualified_amount(self, amount: str, approx: bool, over: bool) -> str:
        """The amount as approximate, as a lower bound, or as both."""


# The patterns tried, in order, when a locale lacks the one asked for: Babel's data
# differ between locales (ja has no long compact form), and a missing one must not
# stop a build.
_COMPACT_STYLES = ("long", "short")
_DATE_STYLES = ("long", "medium", "short")


def check_locale(locale: str, path: str, line: int | None) -> Locale:
    """Parse a locale name, or fail naming the metadata line."""
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError) as exc:
        raise ConfigError(f"unknown locale '{locale}'", path, line,
                          "use a Babel locale name such as zh_Hans_CN or en") from exc


def catalog_path(catalog_dir: Path, locale: str) -> Path:
    """Where the .po catalog of a locale lives."""
    return Path(catalog_dir) / locale / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"


@lru_cache(maxsize=None)
def load_translations(catalog_dir: str, locale: str) -> Translations:
    """Compile the locale's .po catalog in memory (no .mo file is kept)."""
    path = catalog_path(Path(catalog_dir), locale)
    if not path.exists():
        raise ConfigError(f"no translation catalog for locale '{locale}'", str(path), None,
                          "run 'invoke i18n.update' and translate it")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=CATALOG_DOMAIN)


def format_partial_date(date: PartialDate, locale: str) -> str:
    """'1991年12月28日' / 'December 28, 1991', '1992年1月' / 'January 1992', '1997年' / '1997'."""
    value = date.as_date()
    if date.precision == "day":
        return _format_long_date(value, locale)
    return _format_skeleton("yMMMM" if date.precision == "month" else "y", value, locale)


_SHORT_SKELETONS = {"day": "yMMMd", "month": "yMMM", "year": "y"}


def format_event_date(start: PartialDate, end: PartialDate | None, locale: str) -> str:
    """A date or span of dates as a table gives it: 'Dec 28, 1991', 'Dec 19–20, 2025', '2025年12月19日至20日'.

    Babel's interval patterns write only what changes (one year, one month);
    the spaced dash some locales use between the ends is closed up, as in the
    text's ranges.
    """
    skeleton = _SHORT_SKELETONS[start.precision]
    if end is None:
        return _format_skeleton(skeleton, start.as_date(), locale)
    try:
        text = format_interval(start.as_date(), end.as_date(), skeleton, locale=locale)
    except KeyError:
        text = f"{_format_skeleton(skeleton, start.as_date(), locale)}–{_format_skeleton(skeleton, end.as_date(), locale)}"
    return text.replace("\u2009–\u2009", "–").replace(" – ", "–")


def format_iso_date(text: str, locale: str) -> str:
    """Format a full ISO date string (edition dates)."""
    return _format_long_date(_dt.date.fromisoformat(text), locale)


def _format_long_date(value: _dt.date, locale: str) -> str:
    style = _available(Locale.parse(locale).date_formats, "long", _DATE_STYLES)
    return format_date(value, style, locale=locale) if style else value.isoformat()


def _format_skeleton(skeleton: str, value: _dt.date, locale: str) -> str:
    """A date by a skeleton; a locale that matches no pattern to it gets the ISO form of that precision."""
    try:
        return format_skeleton(skeleton, value, locale=locale)
    except KeyError:
        return value.isoformat()[:{"y": 4, "yMMM": 7, "yMMMM": 7}.get(skeleton, 10)]


def _available(patterns, wanted: str, order: tuple[str, ...]) -> str | None:
    """The pattern style to ask Babel for: `wanted` when the locale has it, else the first of
    `order` it has, else None (the caller then uses the plain form)."""
    for style in (wanted, *order):
        if patterns.get(style):
            return style
    return None


def format_amount(amount: float, currency: str, locale: str, words: AmountWords,
                  approx: bool = False, qualifier: str = "") -> str:
    """An amount of money as readers of the locale expect it: 66亿日元 / 66億日本円 / ¥6.6 billion;
    an approximate one or a lower bound in the words of the language's catalog."""
    parsed = Locale.parse(locale)
    number = _format_number(amount, parsed)
    if _by_language(_NAME_AFTER, parsed):
        text = f"{number}{get_currency_name(currency, locale=locale)}"
    else:
        text = f"{get_currency_symbol(currency, locale=locale)}{number}"
    return str(words.qualified_amount(text, approx, qualifier == "over"))


def amount_unit(top: float, currency: str, locale: str) -> tuple[float, str]:
    """The unit an axis up to `top` counts in, as the locale writes large amounts: its factor and
    its name (1e8, '亿美元'; 1e6, '$ million'; 1, '$')."""
    parsed = Locale.parse(locale)
    text = _format_number(top, parsed)
    match = re.match(r"^([\d.,\u00a0\u202f]*\d)\s*(.*)$", text)
    word = match.group(2) if match else ""
    factor = 1.0
    if word:
        factor = 10.0 ** round(math.log10(top / float(parse_decimal(match.group(1), locale=parsed))))
    if _by_language(_NAME_AFTER, parsed):
        return factor, f"{word}{get_currency_name(currency, locale=locale)}"
    return factor, f"{get_currency_symbol(currency, locale=locale)} {word}".strip()


def format_plain_number(value: float, locale: str) -> str:
    """A number as the locale writes it, without compact forms (an axis's tick: 2.5, 1,000)."""
    return format_decimal(Decimal(str(value)).normalize() if value else Decimal(0), locale=locale)


def _format_number(amount: float, locale: Locale) -> str:
    value = Decimal(str(amount))
    if abs(amount) >= _by_language(_COMPACT_FROM, locale):
        style = _available(locale.compact_decimal_formats, _by_language(_COMPACT_STYLE, locale),
                           _COMPACT_STYLES)
        if style:
            return format_compact_decimal(value, format_type=style, locale=locale, fraction_digits=2)
    return format_decimal(value, locale=locale)


def _by_language(table: dict, locale: Locale):
    """A table's entry for the locale's language and script, its language, or the default."""
    for key in (f"{locale.language}_{locale.script}", locale.language):
        if key in table:
            return table[key]
    return table["default"]
