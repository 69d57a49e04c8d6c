"""Babel: interface strings from .po catalogs, and dates and amounts per locale."""

from __future__ import annotations

import datetime as _dt
import io
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_compact_decimal, format_decimal
from babel.numbers import get_currency_name, get_currency_symbol
from babel.support import Translations

from .dates import PartialDate
from .errors import ConfigError

CATALOG_DOMAIN = "messages"

# Compact forms are used from these magnitudes up: 万/亿 in Chinese, million/
# billion/trillion in English. Below them the full number reads better.
_COMPACT_FROM = {"zh": 10_000, "default": 1_000_000}


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
                          "run 'invoke i18n.init --locale …' and translate it")
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
        return format_date(value, "long", locale=locale)
    if date.precision == "month":
        return format_skeleton("yMMMM", value, locale=locale)
    return format_skeleton("y", value, locale=locale)


_SHORT_SKELETONS = {"day": "yMMMd", "month": "yMMM", "year": "y"}


def format_event_date(start: PartialDate, end: PartialDate | None, locale: str) -> str:
    """A date or span of dates as a table gives it: 'Dec 28, 1991', 'Dec 19–20, 2025', '2025年12月19日至20日'.

    Babel's interval patterns write only what changes (one year, one month);
    the spaced dash some locales use between the ends is closed up, as in the
    text's ranges.
    """
    skeleton = _SHORT_SKELETONS[start.precision]
    if end is None:
        return format_skeleton(skeleton, start.as_date(), locale=locale)
    text = format_interval(start.as_date(), end.as_date(), skeleton, locale=locale)
    return text.replace("\u2009–\u2009", "–").replace(" – ", "–")


def format_iso_date(text: str, locale: str) -> str:
    """Format a full ISO date string (edition dates)."""
    return format_date(_dt.date.fromisoformat(text), "long", locale=locale)


def format_amount(amount: float, currency: str, locale: str,
                  approx: bool = False, qualifier: str = "") -> str:
    """An amount of money as readers of the locale expect it: 66亿日元 / ¥6.6 billion."""
    language = Locale.parse(locale).language
    number = _format_number(amount, locale, language)
    if language == "zh":
        text = f"{number}{get_currency_name(currency, locale=locale)}"
        prefix, suffix = ("约" if approx else ""), ("以上" if qualifier == "over" else "")
        return f"{prefix}{text}{suffix}"
    symbol = get_currency_symbol(currency, locale=locale)
    text = f"{symbol}{number}"
    if qualifier == "over":
        return f"over {text}"
    return f"about {text}" if approx else text


def _format_number(amount: float, locale: str, language: str) -> str:
    threshold = _COMPACT_FROM.get(language, _COMPACT_FROM["default"])
    if abs(amount) >= threshold:
        style = "short" if language == "zh" else "long"
        return format_compact_decimal(Decimal(str(amount)), format_type=style,
                                      locale=locale, fraction_digits=2)
    return format_decimal(Decimal(str(amount)), locale=locale)
