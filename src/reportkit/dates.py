"""Dates with the precision their source gives: a year, a month or a day."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

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
        """Position on a time axis in years (1997-07 → about 1997.5)."""
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
    """Parse '1997', '1992-01' or '1991-12-28'; raise ValueError saying what is wrong."""
    text = str(value).strip()
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month}")
    if day is not None:
        try:
            _dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"'{text}' is an impossible date") from None
    return PartialDate(year, month, day)
