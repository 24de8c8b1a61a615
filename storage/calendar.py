"""School days: weekdays inside a term that are not Norwegian public holidays.

Pure value objects and functions only; the holiday table per year is cached because
building it is the only costly step and it never changes for a given year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise

import holidays

__all__ = ["SchoolCalendar", "norwegian_public_holidays", "is_public_holiday"]

# A school calendar never needs to look further than this for a next school day.
_MAX_LOOKAHEAD_DAYS = 400


@lru_cache(maxsize=32)
def norwegian_public_holidays(year: int) -> frozenset[date]:
    """The official Norwegian public holidays of one year (Sundays are not counted as holidays)."""
    table = holidays.country_holidays("NO", years=year, include_sundays=False)
    return frozenset(table.keys())


def is_public_holiday(d: date) -> bool:
    """True on a Norwegian public holiday (17 May, Christmas, Easter, Ascension, ...)."""
    return d in norwegian_public_holidays(d.year)


@dataclass(frozen=True)
class SchoolCalendar:
    """A school's terms; a day is a school day when it is a weekday in a term and no public holiday.

    `terms` holds inclusive (start, end) pairs; with no terms every weekday counts as term time.
    """

    terms: tuple[tuple[date, date], ...] = ()

    def __post_init__(self) -> None:
        ordered = tuple(sorted((tuple(t) for t in self.terms), key=lambda t: t[0]))
        for start, end in ordered:
            if end < start:
                raise ValueError(f"term ends before it starts: {start}..{end}")
        object.__setattr__(self, "terms", ordered)

    def in_term(self, d: date) -> bool:
        """True when `d` lies inside a term (always true for a calendar without terms)."""
        if not self.terms:
            return True
        return any(start <= d <= end for start, end in self.terms)

    def is_school_day(self, d: date) -> bool:
        """A weekday, inside a term, that is not a Norwegian public holiday."""
        return d.weekday() < 5 and self.in_term(d) and not is_public_holiday(d)

    def school_days(self, start: date, end: date) -> list[date]:
        """All school days from `start` to `end`, both inclusive, ascending."""
        days: list[date] = []
        d = start
        while d <= end:
            if self.is_school_day(d):
                days.append(d)
            d += timedelta(days=1)
        return days

    def next_school_day(self, d: date, include_today: bool = True) -> date | None:
        """The first school day on or after `d` (strictly after when include_today=False).

        None when there is none within a year, e.g. after the last configured term.
        """
        current = d if include_today else d + timedelta(days=1)
        last = max((end for _, end in self.terms), default=None)
        for _ in range(_MAX_LOOKAHEAD_DAYS):
            if last is not None and current > last:
                return None
            if self.is_school_day(current):
                return current
            current += timedelta(days=1)
        return None

    def previous_school_day(self, d: date, include_today: bool = True) -> date | None:
        """The last school day on or before `d` (strictly before when include_today=False)."""
        current = d if include_today else d - timedelta(days=1)
        for _ in range(_MAX_LOOKAHEAD_DAYS):
            if self.terms and current < self.terms[0][0]:
                return None
            if self.is_school_day(current):
                return current
            current -= timedelta(days=1)
        return None

    def breaks(self) -> list[tuple[date, date]]:
        """The inclusive gaps between consecutive terms (e.g. the Christmas break).

        Overlapping or nested terms (a semester and the terms inside it) are merged first.
        """
        merged: list[list[date]] = []
        for start, end in self.terms:
            if merged and start <= merged[-1][1] + timedelta(days=1):
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [(a[1] + timedelta(days=1), b[0] - timedelta(days=1)) for a, b in pairwise(merged)]
