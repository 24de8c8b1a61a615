"""Answers to calendar questions from the school calendar (terms from academicSessions.csv,
Norwegian public holidays): is a day a school day, and when does a break start and end.

A break is the run of days without school around its anchor (Christmas Day, Easter Sunday,
1 July), or a gap between terms in the right months (winter and autumn breaks have no fixed
date). So the answers always agree with the days the absence flow counts as school days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import holidays

from dialogs.calendar.understand import CalendarQuestion
from storage.calendar import SchoolCalendar, is_public_holiday

__all__ = [
    "BreakAnswer",
    "CalendarService",
    "DayAnswer",
    "DaysAnswer",
    "break_around",
    "day_answer",
    "holiday_name",
]

Why = Literal["weekend", "holiday", "break", "no_term"]
# Months a gap between terms must start in to be that break, for breaks without a fixed date.
_BREAK_MONTHS: dict[str, tuple[int, ...]] = {"winter": (2, 3), "autumn": (9, 10, 11)}
# A run of days off this long (or longer) that is no named break is still "the holidays", not a weekend.
_LONG_BREAK_DAYS = 5


@dataclass(frozen=True)
class DayAnswer:
    """Whether `day` is a school day; if not, why (a break's name or a holiday's date) and the next school day."""

    day: dt.date
    school: bool
    why: Why | None = None
    break_name: str | None = None  # christmas, easter, summer, winter, autumn or "other"
    next_school_day: dt.date | None = None


@dataclass(frozen=True)
class DaysAnswer:
    """A few days asked about at once ("er det skole i uke 52?"): which of them are school days."""

    first: dt.date
    last: dt.date
    school_days: tuple[dt.date, ...]
    next_school_day: dt.date | None = None


@dataclass(frozen=True)
class BreakAnswer:
    """A break: its last school day before and its first school day after (None when the calendar has none)."""

    break_name: str | None
    last_school_day: dt.date | None = None
    first_school_day: dt.date | None = None
    found: bool = True

    @property
    def first_free(self) -> dt.date | None:
        return self.last_school_day + dt.timedelta(days=1) if self.last_school_day else None

    @property
    def last_free(self) -> dt.date | None:
        return self.first_school_day - dt.timedelta(days=1) if self.first_school_day else None


Answer = DayAnswer | DaysAnswer | BreakAnswer


@lru_cache(maxsize=16)
def _easter_sunday(year: int) -> dt.date | None:
    table = holidays.country_holidays("NO", years=year, language="en_US")
    return next((d for d, name in table.items() if name == "Easter Sunday"), None)


def _anchor(name: str, year: int) -> dt.date | None:
    """The day a named break is always around, in `year` (None for breaks without a fixed date)."""
    if name == "christmas":
        return dt.date(year, 12, 25)
    if name == "easter":
        return _easter_sunday(year)
    if name == "summer":
        return dt.date(year, 7, 1)
    return None


def _run_around(calendar: SchoolCalendar, day: dt.date) -> BreakAnswer | None:
    """The run of days without school holding `day`, as a break (None when `day` is a school day)."""
    if calendar.is_school_day(day):
        return None
    last = calendar.previous_school_day(day, include_today=False)
    first = calendar.next_school_day(day, include_today=False)
    return BreakAnswer(None, last, first)


def _gap_break(calendar: SchoolCalendar, name: str, today: dt.date) -> BreakAnswer | None:
    """A winter or autumn break: the first gap between terms starting in its months that is not over yet."""
    for start, end in calendar.breaks():
        if end >= today and start.month in _BREAK_MONTHS[name]:
            last = calendar.previous_school_day(start, include_today=False)
            return BreakAnswer(name, last, calendar.next_school_day(end, include_today=False))
    return None


def _next_break(calendar: SchoolCalendar, today: dt.date) -> BreakAnswer | None:
    """The next break (a gap between terms, or the summer after the last term) not over yet."""
    for start, end in calendar.breaks():
        if end >= today:
            last = calendar.previous_school_day(start, include_today=False)
            found = BreakAnswer(None, last, calendar.next_school_day(end, include_today=False))
            return BreakAnswer(break_name_of(calendar, found), found.last_school_day, found.first_school_day)
    if calendar.terms and calendar.terms[-1][1] >= today:
        last = calendar.previous_school_day(calendar.terms[-1][1])
        return BreakAnswer("summer", last, None) if last else None
    return None


def break_around(calendar: SchoolCalendar, name: str | None, today: dt.date) -> BreakAnswer:
    """The named break that is on now or comes next (the next break of any kind when `name` is None)."""
    if name is None:
        return _next_break(calendar, today) or BreakAnswer(None, found=False)
    if name in _BREAK_MONTHS:
        return _gap_break(calendar, name, today) or BreakAnswer(name, found=False)
    for year in (today.year - 1, today.year, today.year + 1):
        anchor = _anchor(name, year)
        run = _run_around(calendar, anchor) if anchor else None
        if run is None or (run.last_free is not None and run.last_free < today):
            continue
        if run.last_school_day is None and run.first_school_day is None:
            continue  # no terms around it at all: the calendar does not know this break
        return BreakAnswer(name, run.last_school_day, run.first_school_day)
    return BreakAnswer(name, found=False)


def break_name_of(calendar: SchoolCalendar, run: BreakAnswer) -> str:
    """The name of a run of days off: the named break whose anchor it holds, else by its months."""
    first, last = run.first_free, run.last_free
    for name in ("christmas", "easter", "summer"):
        for year in {d.year for d in (first, last) if d is not None}:
            anchor = _anchor(name, year)
            if anchor and (first is None or first <= anchor) and (last is None or anchor <= last):
                return name
    if first is not None:
        for name, months in _BREAK_MONTHS.items():
            if first.month in months and (last is None or (last - first).days + 1 >= _LONG_BREAK_DAYS):
                return name
    return "other"


def day_answer(calendar: SchoolCalendar, day: dt.date) -> DayAnswer:
    """Is `day` a school day, and if not: a named break, a public holiday, a weekend, or no term at all."""
    if calendar.is_school_day(day):
        return DayAnswer(day, True)
    run = _run_around(calendar, day)
    assert run is not None
    following = run.first_school_day
    if run.first_school_day is None and run.last_school_day is None:
        return DayAnswer(day, False, "no_term")
    name = break_name_of(calendar, run)
    if name in ("christmas", "easter", "summer"):
        return DayAnswer(day, False, "break", name, following)
    if is_public_holiday(day):
        return DayAnswer(day, False, "holiday", None, following)
    if day.weekday() >= 5:
        return DayAnswer(day, False, "weekend", None, following)
    if not calendar.in_term(day):
        return DayAnswer(day, False, "break", name, following)
    return DayAnswer(day, False, "no_term", None, following)


def holiday_name(day: dt.date, lang: str) -> str:
    """The public holiday's name in the reader's language ("Første juledag", "Christmas Day")."""
    table = holidays.country_holidays("NO", years=day.year, language="en_US" if lang == "en" else "no")
    return str(table.get(day, "")).replace("; ", " / ")  # 17 May 2027: "Andre pinsedag / Grunnlovsdag"


class CalendarService:
    """Calendar answers over the school's calendar (loaded, and cached, by the wiring)."""

    def __init__(self, calendar: Callable[[], Awaitable[SchoolCalendar]]) -> None:
        self._calendar = calendar

    async def answer(self, question: CalendarQuestion, today: dt.date) -> Answer:
        """The answer to one question asked on `today`."""
        calendar = await self._calendar()
        if question.kind in ("day", "days") and question.first is not None:
            last = question.last or question.first
            if question.kind == "day" or last == question.first:
                return day_answer(calendar, question.first)
            days = tuple(calendar.school_days(question.first, last))
            return DaysAnswer(question.first, last, days, calendar.next_school_day(question.first))
        if question.kind == "first_day" and question.break_name is None:
            return BreakAnswer(None, None, calendar.next_school_day(today, include_today=False))
        return break_around(calendar, question.break_name, today)
