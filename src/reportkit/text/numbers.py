"""Numbers in text as values: Arabic and Chinese numerals, 万/亿/兆 and million/billion, percentages.

The report states a number in digits (2019年, 120多份, 4万亿日元, 30%); a source
may write it the same way, with Chinese numerals (二〇一九年, 四万亿, 百分之三十),
or with another unit (4兆日圆, 40000亿). Both sides become values, so these match.
兆 is 10¹², as in Japanese and in Traditional-script usage.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2, "兩": 2}
_SMALL_UNITS = {"千": 1000, "百": 100, "十": 10}  # largest first: 二百四十 is 2×100 + 4×10
_LARGE_UNITS = {"兆": 10 ** 12, "亿": 10 ** 8, "億": 10 ** 8, "万": 10 ** 4, "萬": 10 ** 4}
_WORD_UNITS = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12}
_MULTIPLIERS = "十百千万萬亿億兆"
ARABIC = re.compile(r"(?<![0-9.])([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)"
                    rf"(?:\s*(%|[{_MULTIPLIERS}]+|(?:thousand|million|billion|trillion)\b))?", re.I)
_CHINESE = re.compile(r"[〇零一二三四五六七八九十百千万萬亿億兆两兩]+")
# "5到6亿": the unit after the second number is the first's too.
_RANGE = re.compile(rf"([0-9]+(?:\.[0-9]+)?)\s*(?:到|至|~|～|-|–|—)\s*[0-9]+(?:\.[0-9]+)?\s*([{_MULTIPLIERS}]+)")
_CENTURY = re.compile(r"([0-9]+|[〇零一二三四五六七八九十]+)世纪([0-9]+|[〇零一二三四五六七八九十]+)年代")


def value_of(number: str, unit: str | None = None) -> Decimal:
    """'3', '万亿' → 3000000000000; '1,300' → 1300; a percentage is its number."""
    value = Decimal(number.replace(",", ""))
    unit = (unit or "").lower()
    if unit in _WORD_UNITS:
        return _plain(value * _WORD_UNITS[unit])
    for char in unit:
        value *= _LARGE_UNITS.get(char) or _SMALL_UNITS.get(char) or 1
    return _plain(value)


def _plain(value: Decimal) -> Decimal:
    return value.normalize()


def amount_value(amount: float) -> Decimal:
    """The value of an amount in the data files, comparable with values found in text."""
    return _plain(Decimal(str(amount)))


def report_numbers(text: str) -> list[tuple[str, Decimal, int]]:
    """The numbers written in digits: (as written, value, offset)."""
    text = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    return [(m.group(0).strip(), value_of(m.group(1), m.group(2)), m.start())
            for m in ARABIC.finditer(text)]


def source_numbers(text: str) -> set[Decimal]:
    """Every value a source text states, in digits or in Chinese numerals."""
    values = set()
    for match in ARABIC.finditer(text):
        values.add(value_of(match.group(1)))
        if match.group(2):
            values.add(value_of(match.group(1), match.group(2)))
    for match in _RANGE.finditer(text):
        values.add(value_of(match.group(1), match.group(2)))
    for match in _CHINESE.finditer(text):
        value = chinese_value(match.group(0))
        if value is not None:
            values.add(value)
    for match in _CENTURY.finditer(text):
        century, decade = (_any_value(g) for g in match.groups())
        if century and decade is not None:
            values.add(_plain(Decimal((int(century) - 1) * 100 + int(decade))))
    return values


def entry_numbers(entry: dict) -> set[Decimal]:
    """The numbers of a bibliography entry's own date and pages: a source states its date."""
    issued = entry.get("issued") if isinstance(entry.get("issued"), dict) else {}
    parts = [p for date in issued.get("date-parts") or [] for p in date or []]
    pages = re.findall(r"[0-9]+", str(entry.get("page") or ""))
    return {_plain(Decimal(str(p))) for p in parts + pages if str(p).isdigit()}


def _any_value(text: str) -> Decimal | None:
    return Decimal(text) if text.isdigit() else chinese_value(text)


def chinese_value(run: str) -> Decimal | None:
    """二〇一九 → 2019, 四万亿 → 4000000000000, 十五 → 15; None for a run without a digit."""
    if not any(c in _CN_DIGITS or c in _SMALL_UNITS for c in run):
        return None
    if all(c in _CN_DIGITS for c in run):
        return Decimal("".join(str(_CN_DIGITS[c]) for c in run))
    return _plain(Decimal(_positional(run)))


def _positional(run: str) -> int:
    for unit, size in _LARGE_UNITS.items():
        if unit in run:
            head, _, tail = run.rpartition(unit)
            return (_positional(head) if head else 1) * size + _positional(tail)
    for unit, size in _SMALL_UNITS.items():
        if unit in run:
            head, _, tail = run.partition(unit)
            digit = _CN_DIGITS.get(head[-1:], 1) if head else 1
            return digit * size + _positional(tail)
    digits = run.lstrip("零〇")
    return int("".join(str(_CN_DIGITS.get(c, 0)) for c in digits)) if digits else 0
