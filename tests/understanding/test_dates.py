"""The date grammar: relative days, weekdays, explicit dates, ranges, weeks, durations, school days."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import MONDAY, SCHOOL_YEAR, at, days

from bot.understanding import default_day, parse_dates
from bot.understanding.corpus import CALENDAR
from storage.calendar import SchoolCalendar

WEDNESDAY = at(2026, 12, 2, 7, 40)
FRIDAY = at(2026, 12, 4, 12, 0)
SATURDAY = at(2026, 12, 5, 10, 0)
BEFORE_BREAK = at(2026, 12, 17, 8, 0)


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("i dag", MONDAY, days("11-30")),
        ("idag", MONDAY, days("11-30")),
        ("i morgen", MONDAY, days("12-01")),
        ("imorgen", MONDAY, days("12-01")),
        ("imorra", MONDAY, days("12-01")),
        ("i morgon", MONDAY, days("12-01")),
        ("i moro", MONDAY, days("12-01")),
        ("tomorrow", MONDAY, days("12-01")),
        ("i overmorgen", MONDAY, days("12-02")),
        ("i går", at(2026, 12, 1), days("11-30")),
        ("fredag", MONDAY, days("12-04")),
        ("på fredag", FRIDAY, days("12-04")),
        ("neste fredag", MONDAY, days("12-11")),
        ("forrige fredag", MONDAY, days("11-27")),
        ("mandag og tirsdag", WEDNESDAY, days("12-07", "12-08")),
        ("fra mandag til onsdag", MONDAY, days("11-30", "12-01", "12-02")),
        ("mandag–onsdag", MONDAY, days("11-30", "12-01", "12-02")),
        ("til og med onsdag", MONDAY, days("11-30", "12-01", "12-02")),
        ("t.o.m. torsdag", MONDAY, days("11-30", "12-01", "12-02", "12-03")),
        ("ut uka", WEDNESDAY, days("12-02", "12-03", "12-04")),
        ("resten av veka", WEDNESDAY, days("12-02", "12-03", "12-04")),
        ("hele uka", WEDNESDAY, days("11-30", "12-01", "12-02", "12-03", "12-04")),
        ("heile veka", SATURDAY, days("12-07", "12-08", "12-09", "12-10", "12-11")),
        ("neste uke", MONDAY, days("12-07", "12-08", "12-09", "12-10", "12-11")),
        ("neste veke", SATURDAY, days("12-07", "12-08", "12-09", "12-10", "12-11")),
        ("uke 49", MONDAY, days("11-30", "12-01", "12-02", "12-03", "12-04")),
        ("uke 2", MONDAY, days("2027-01-11", "2027-01-12", "2027-01-13", "2027-01-14", "2027-01-15")),
        ("3.–5. des", MONDAY, days("12-03", "12-04")),
        ("3.-5. desember", MONDAY, days("12-03", "12-04")),
        ("3. til 5. des", MONDAY, days("12-03", "12-04")),
        ("4. desember", MONDAY, days("12-04")),
        ("4.12", MONDAY, days("12-04")),
        ("4/12", MONDAY, days("12-04")),
        ("04.12.2026", MONDAY, days("12-04")),
        ("fra 3. des til 7. des", MONDAY, days("12-03", "12-04", "12-07")),
        ("fredag 4. desember", MONDAY, days("12-04")),
        ("15. januar", BEFORE_BREAK, days("2027-01-15")),
        ("on December the 4th", MONDAY, days("12-04")),
        ("borte i tre dager", FRIDAY, days("12-04", "12-07", "12-08")),
        ("et par dager", MONDAY, days("11-30", "12-01")),
        ("en uke", WEDNESDAY, days("12-02", "12-03", "12-04", "12-07", "12-08")),
        ("kommer tilbake på onsdag", MONDAY, days("11-30", "12-01")),
        ("back on thursday", MONDAY, days("11-30", "12-01", "12-02")),
        ("fredag kl 10", MONDAY, days("12-04")),
        ("mandag og tirsdag neste uke", MONDAY, days("12-07", "12-08")),
        ("var syk mandag", WEDNESDAY, days("11-30")),
        ("har vært syk siden fredag", MONDAY, days("11-27", "11-30")),
    ],
)
def test_date_forms(text: str, now: datetime, expected: tuple[date, ...]) -> None:
    assert parse_dates(text, now, CALENDAR) == expected


def test_no_date_words_is_none() -> None:
    assert parse_dates("Ola er syk", MONDAY, CALENDAR) is None
    assert parse_dates("Ola går hjem kl 12", MONDAY, CALENDAR) is None


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("i dag", SATURDAY),  # a weekend day
        ("torsdag", at(2027, 5, 3)),  # Ascension Day 2027
        ("17. mai", at(2027, 5, 14)),  # Constitution Day
        ("21.-23. desember", BEFORE_BREAK),  # inside the Christmas break
        ("i helga", MONDAY),
    ],
)
def test_named_non_school_days_give_empty(text: str, now: datetime) -> None:
    assert parse_dates(text, now, CALENDAR) == ()


def test_ranges_skip_weekends_holidays_and_breaks() -> None:
    assert parse_dates("fra i dag til og med 5. januar", BEFORE_BREAK, CALENDAR) == days(
        "12-17", "12-18", "2027-01-04", "2027-01-05"
    )
    assert parse_dates("hele uka", at(2027, 5, 3), CALENDAR) == days(
        "2027-05-03", "2027-05-04", "2027-05-05", "2027-05-07"
    )
    assert parse_dates("hele uka", at(2027, 3, 22), CALENDAR) == days("2027-03-22", "2027-03-23", "2027-03-24")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (MONDAY, date(2026, 11, 30)),  # school morning: today
        (at(2026, 11, 30, 15, 59), date(2026, 11, 30)),
        (at(2026, 11, 30, 16, 0), date(2026, 12, 1)),  # after school: next school day
        (SATURDAY, date(2026, 12, 7)),  # weekend: Monday
        (at(2026, 12, 18, 16, 30), date(2027, 1, 4)),  # last day before the break, evening
        (at(2027, 5, 16, 19, 0), date(2027, 5, 18)),  # Sunday before 17 May
        (at(2027, 5, 6, 9, 0), date(2027, 5, 7)),  # on Ascension Day
    ],
)
def test_default_day_rule(now: datetime, expected: date) -> None:
    assert default_day(now, CALENDAR) == expected


def test_week_number_in_the_past_means_next_year() -> None:
    # The corpus calendar ends in June 2027, so read the week against a calendar without terms.
    assert parse_dates("uke 48", MONDAY, SchoolCalendar()) == days(
        "2027-11-29", "2027-11-30", "2027-12-01", "2027-12-02", "2027-12-03"
    )


BREAKS = SCHOOL_YEAR
WEEK_AFTER_WINTER = days("2027-03-01", "2027-03-02", "2027-03-03", "2027-03-04", "2027-03-05")


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("første skoledag etter jul", at(2026, 12, 16), days("2027-01-04")),
        ("første skuledagen etter jul", at(2026, 12, 16), days("2027-01-04")),
        ("the first school day after Christmas", at(2026, 12, 16), days("2027-01-04")),
        ("første skoledag etter nyttår", at(2026, 12, 16), days("2027-01-04")),
        ("de to første dagene etter juleferien", at(2026, 12, 10), days("2027-01-04", "2027-01-05")),
        ("the first two days after the Christmas holidays", at(2026, 12, 10), days("2027-01-04", "2027-01-05")),
        ("første uka etter vinterferien", at(2027, 2, 17), WEEK_AFTER_WINTER),
        ("første veka etter vinterferien", at(2027, 2, 17), WEEK_AFTER_WINTER),
        ("uka etter vinterferien", at(2027, 2, 10), WEEK_AFTER_WINTER),
        ("the week after the winter break", at(2027, 2, 10), WEEK_AFTER_WINTER),
        ("siste skoledag før jul", at(2026, 12, 14), days("12-18")),
        ("siste skuledagen før vinterferien", at(2027, 2, 15), days("2027-02-19")),
        ("the last day before the winter break", at(2027, 2, 15), days("2027-02-19")),
        ("the last two days before Christmas", at(2026, 12, 1), days("12-17", "12-18")),
        (
            "hele uka før påskeferien",
            at(2027, 3, 1),
            days("2027-03-15", "2027-03-16", "2027-03-17", "2027-03-18", "2027-03-19"),
        ),
        ("the week before the autumn break", at(2026, 9, 14), days("09-28", "09-29", "09-30", "10-01", "10-02")),
        ("første skoledag etter påskeferien", at(2027, 3, 24), days("2027-03-30")),
        (
            "siste uka før sommerferien",
            at(2027, 6, 7),
            days("2027-06-14", "2027-06-15", "2027-06-16", "2027-06-17", "2027-06-18"),
        ),
        ("blir hjemme til høstferien", at(2026, 9, 30), days("09-30", "10-01", "10-02")),
        ("kommer ikke før etter vinterferien", at(2027, 2, 17), days("2027-02-17", "2027-02-18", "2027-02-19")),
        ("kjæm ikkje før ætter vinterferien", at(2027, 2, 17), days("2027-02-17", "2027-02-18", "2027-02-19")),
        ("kommer tilbake etter påske", at(2027, 3, 17), days("2027-03-17", "2027-03-18", "2027-03-19")),
        ("won't be back until after Christmas", at(2026, 12, 16), days("12-16", "12-17", "12-18")),
        ("she will be back after the Easter break", at(2027, 3, 17), days("2027-03-17", "2027-03-18", "2027-03-19")),
        ("mandag etter vinterferien", at(2027, 2, 10), days("2027-03-01")),
        ("tirsdag og onsdag etter vinterferien", at(2027, 2, 10), days("2027-03-02", "2027-03-03")),
        ("fredag før haustferien", at(2026, 9, 21), days("10-02")),
        ("the first day back after Christmas", at(2026, 12, 14), days("2027-01-04")),
    ],
)
def test_dates_anchored_on_the_school_breaks(text: str, now: datetime, expected: tuple[date, ...]) -> None:
    assert parse_dates(text, now, BREAKS) == expected


def test_a_bare_break_is_context_not_a_day() -> None:
    assert parse_dates("fortsatt syk etter påske", at(2027, 3, 17), BREAKS) is None


def test_a_break_the_calendar_lacks_names_no_day() -> None:
    # The corpus calendar has no winter break: ask rather than guess.
    assert parse_dates("uka etter vinterferien", at(2027, 2, 10), CALENDAR) is None


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("kommer ikke før torsdag", at(2026, 12, 1), days("12-01", "12-02")),
        ("kjem ikkje før torsdag", at(2026, 12, 1), days("12-01", "12-02")),
        ("won't be back before Thursday", at(2026, 12, 1), days("12-01", "12-02")),
        ("kommer ikke før i morgen", at(2026, 12, 1), days("12-01")),
        ("kjem ikkje att før fredag", at(2026, 12, 1), days("12-01", "12-02", "12-03")),
        ("kommer ikke før kl 10 i morgen", at(2026, 12, 1), days("12-02")),
    ],
)
def test_not_before_a_day_is_away_until_the_day_before(text: str, now: datetime, expected: tuple[date, ...]) -> None:
    assert parse_dates(text, now, CALENDAR) == expected


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("var syk i går også", at(2027, 1, 19), days("2027-01-18", "2027-01-19")),
        ("var sjuk i går òg, gløymde å seie frå", at(2027, 1, 19), days("2027-01-18", "2027-01-19")),
        ("was ill yesterday too, forgot to tell you", at(2027, 1, 19), days("2027-01-18", "2027-01-19")),
        ("var syk i går også", at(2026, 12, 7), days("12-04", "12-07")),
        ("var syk i går også", at(2027, 1, 19, 18, 30), days("2027-01-18", "2027-01-19")),
        ("var syk i går og glemte å si fra", at(2027, 1, 19), days("2027-01-18")),
    ],
)
def test_yesterday_too_is_the_past_school_day_and_today(text: str, now: datetime, expected: tuple[date, ...]) -> None:
    assert parse_dates(text, now, CALENDAR) == expected
