"""The school's lesson periods ("2. time" = 09:20–10:05), configurable with SKOLEBOT_PERIODS.

The table is written "1=08:30-09:15,2=09:20-10:05,...": period number, start and end in the
school's local time. Pure values and a parser; Settings validates the variable at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

__all__ = ["DEFAULT_PERIODS", "SCHOOL_OPEN", "SCHOOL_CLOSE", "Period", "PeriodTable", "parse_periods"]

# A common Norwegian primary-school day: 45-minute lessons, a long break before 5. time.
DEFAULT_PERIODS = "1=08:30-09:15,2=09:20-10:05,3=10:20-11:05,4=11:10-11:55,5=12:30-13:15,6=13:20-14:05,7=14:10-14:55"
# School hours within which the bot looks for alternative slots on the same day.
SCHOOL_OPEN = time(8, 0)
SCHOOL_CLOSE = time(16, 0)

_ENTRY = re.compile(r"^\s*(\d{1,2})\s*=\s*(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})\s*$")


@dataclass(frozen=True)
class Period:
    number: int
    start: time
    end: time


@dataclass(frozen=True)
class PeriodTable:
    """Lesson periods by number; `span(3, 4)` is the time from 3. time's start to 4. time's end."""

    periods: tuple[Period, ...]

    def get(self, number: int) -> Period | None:
        return next((p for p in self.periods if p.number == number), None)

    def span(self, first: int, last: int | None = None) -> tuple[time, time] | None:
        """(start, end) of periods first..last, or None when either is not in the table."""
        a, b = self.get(first), self.get(last if last is not None else first)
        if a is None or b is None or b.end <= a.start:
            return None
        return a.start, b.end


def _clock(hour: str, minute: str, entry: str) -> time:
    try:
        return time(int(hour), int(minute))
    except ValueError:
        raise ValueError(f"{entry!r}: {hour}:{minute} is not a time of day") from None


def parse_periods(spec: str) -> PeriodTable:
    """Read "1=08:30-09:15,2=09:20-10:05"; a bad entry raises ValueError naming it."""
    periods: list[Period] = []
    for entry in (e for e in spec.split(",") if e.strip()):
        match = _ENTRY.match(entry)
        if match is None:
            raise ValueError(f"{entry.strip()!r} is not N=HH:MM-HH:MM")
        number = int(match.group(1))
        start = _clock(match.group(2), match.group(3), entry.strip())
        end = _clock(match.group(4), match.group(5), entry.strip())
        if end <= start:
            raise ValueError(f"{entry.strip()!r}: the period ends before it starts")
        if any(p.number == number for p in periods):
            raise ValueError(f"period {number} is given twice")
        periods.append(Period(number, start, end))
    if not periods:
        raise ValueError("no periods given")
    return PeriodTable(tuple(sorted(periods, key=lambda p: p.number)))
