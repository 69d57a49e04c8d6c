"""Dates with the precision their source gives: a year, a month or a day."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def as_date(self) -> _dt.date:
        """The first day the partial date can mean (for sorting and plotting)."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def as_fraction(self) -> float:
        """Position on a time axis in years (2017-07 → about 2017.5)."""
        start = _dt.date(self.year, 1, 1).toordinal()
        length = _dt.date(self.year + 1, 1, 1).toordinal() - start
        return self.year + (self.as_date().toordinal() - start) / length

    def date_parts(self) -> list[int]:
        """CSL `date-parts` form."""
        return [p for p in (self.year, self.month, self.day) if p]

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text


def parse_partial_date(value) -> PartialDate:
    """Parse '2017', '2012-01' or '2019-12-28'; raise ValueError saying what is wrong."""
    text = str(value).strip()
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a date")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month}")
    if day is not None:
        try:
            _dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"'{text}' is an impossible date") from None
    return PartialDate(year, month, day)


def parse_issued(value) -> PartialDate | None:
    """The date of a CSL `issued` field; raise ValueError saying what is wrong.

    Accepts what pandoc reads from CSL-YAML: text 'YYYY', 'YYYY-MM' or
    'YYYY-MM-DD' (a YAML date stays text), `{date-parts: [[YYYY, MM, DD]]}`
    (each range of a date range checked) and `{raw: text}`. A `{literal: text}`
    date is printed as written and has no calendar date: None.
    """
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return parse_partial_date(value)
    if not isinstance(value, dict):
        raise ValueError("not a date")
    if "date-parts" in value:
        return _from_date_parts(value["date-parts"])
    if isinstance(value.get("raw"), str):
        return parse_partial_date(value["raw"])
    if isinstance(value.get("literal"), str) and value["literal"].strip():
        return None
    raise ValueError("no date-parts")


def _from_date_parts(ranges) -> PartialDate:
    if not isinstance(ranges, list) or not ranges or len(ranges) > 2:
        raise ValueError("no date-parts")
    dates = []
    for parts in ranges:
        if not isinstance(parts, list) or not 1 <= len(parts) <= 3 \
                or not all(_is_number(p) for p in parts):
            raise ValueError("no date-parts")
        dates.append(parse_partial_date("-".join(f"{int(p):02d}" if i else f"{int(p):04d}"
                                                 for i, p in enumerate(parts))))
    return dates[0]


def _is_number(part) -> bool:
    # CSL-JSON allows date parts as numbers or as numeric strings.
    return (isinstance(part, int) and not isinstance(part, bool)) or \
        (isinstance(part, str) and part.strip().isdigit())


def issued_for_pandoc(value):
    """`issued` in the form pandoc reads the same way it was checked: date-parts.

    Pandoc takes '2019-1' for a range of years and a bare number for no date;
    date-parts mean one thing only.
    """
    try:
        date = parse_issued(value)
    except ValueError:
        return value
    if date is None or isinstance(value, dict) and "date-parts" in value:
        return value
    return {"date-parts": [date.date_parts()]}
