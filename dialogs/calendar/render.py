"""Pure rendering of calendar answers: one line, the day written out ("mandag 4. januar").

The words are in bot/texts/{nb,nn,en}/calendar.json.
"""

from __future__ import annotations

import datetime as dt

from bot.texts import day, t
from dialogs.calendar.service import Answer, BreakAnswer, DayAnswer, DaysAnswer, holiday_name
from dialogs.calendar.understand import CalendarQuestion


def when(lang: str, d: dt.date, today: dt.date) -> str:
    """ "i dag, mandag 7. desember", "i morgen, tirsdag 8. desember" or "fredag 11. desember"."""
    if d == today:
        return t(lang, "calendar.today", day=day(lang, d))
    if d == today + dt.timedelta(days=1):
        return t(lang, "calendar.tomorrow", day=day(lang, d))
    return day(lang, d)


def _break(lang: str, name: str | None) -> str:
    """ "juleferien", "påskeferien", "ferien"."""
    return t(lang, f"calendar.break.{name or 'other'}")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _why(lang: str, answer: DayAnswer) -> str:
    """Why there is no school that day, in a few words: a break, a holiday's name, the weekend."""
    if answer.why == "break":
        return _break(lang, answer.break_name)
    if answer.why == "holiday":
        return holiday_name(answer.day, lang) or t(lang, "calendar.why.holiday")
    return t(lang, f"calendar.why.{answer.why}")


def _next(lang: str, answer: DayAnswer, today: dt.date) -> str:
    if answer.next_school_day is None:
        return t(lang, "calendar.next_unknown")
    return t(lang, "calendar.next_school_day", day=when(lang, answer.next_school_day, today))


def _day(lang: str, answer: DayAnswer, asks_free: bool, today: dt.date) -> str:
    on = when(lang, answer.day, today)
    if answer.school:
        return t(lang, "calendar.free_no" if asks_free else "calendar.school_yes", when=on)
    key = "calendar.free_yes" if asks_free else "calendar.school_no"
    return t(lang, key, when=on, why=_why(lang, answer)) + " " + _next(lang, answer, today)


def _days(lang: str, answer: DaysAnswer, today: dt.date) -> str:
    first, last = day(lang, answer.first), day(lang, answer.last)
    if not answer.school_days:
        text = t(lang, "calendar.days_none", first=first, last=last)
        nxt = answer.next_school_day
        return (
            text
            + " "
            + (
                t(lang, "calendar.next_school_day", day=when(lang, nxt, today))
                if nxt
                else t(lang, "calendar.next_unknown")
            )
        )
    if len(answer.school_days) == 1:
        return t(lang, "calendar.days_one", first=first, last=last, day=day(lang, answer.school_days[0]))
    return t(lang, "calendar.days_some", first=first, last=last, count=len(answer.school_days))


def _break_line(lang: str, kind: str, answer: BreakAnswer, today: dt.date) -> str:
    """The line about a break that answers `kind` (start, end, span, last or first school day)."""
    name = _break(lang, answer.break_name)
    last, first = answer.last_school_day, answer.first_school_day
    if not answer.found or (last is None and first is None):
        return t(lang, "calendar.break_unknown", name=name)
    again = t(lang, "calendar.again", day=when(lang, first, today)) if first else t(lang, "calendar.next_unknown")
    if kind == "first_day":
        if answer.break_name is None and last is None and first is not None:
            return t(lang, "calendar.next_school_day", day=when(lang, first, today))
        return t(lang, "calendar.first_day", name=name, day=when(lang, first, today)) if first else again
    if last is None:  # the break is on now and began before the calendar's first term
        return again
    last_day = t(lang, "calendar.last_day", name=name, day=when(lang, last, today))
    if kind == "last_day":
        return last_day
    start = _capital(t(lang, "calendar.break_start", name=name, day=when(lang, last + dt.timedelta(days=1), today)))
    if kind == "break_start":
        return start + " " + last_day
    if first is None:
        return start + " " + again
    end = when(lang, first - dt.timedelta(days=1), today)
    key = "calendar.break_end" if kind == "break_end" else "calendar.break_span"
    return _capital(t(lang, key, name=name, first=when(lang, last + dt.timedelta(days=1), today), last=end)) + (
        " " + again
    )


def answer_text(lang: str, question: CalendarQuestion, answer: Answer, today: dt.date) -> str:
    """The one-line answer to a calendar question."""
    if isinstance(answer, DayAnswer):
        return _day(lang, answer, question.asks_free, today)
    if isinstance(answer, DaysAnswer):
        return _days(lang, answer, today)
    return _break_line(lang, question.kind, answer, today)
