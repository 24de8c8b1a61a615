"""School-day rules: weekends, Norwegian public holidays, terms and the breaks between them."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

# The project is not installed into the venv; make the repository root importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pytest  # noqa: E402

from storage.calendar import SchoolCalendar, is_public_holiday, norwegian_public_holidays  # noqa: E402

TERMS = (
    (date(2026, 8, 17), date(2026, 12, 18)),
    (date(2027, 1, 4), date(2027, 6, 18)),
)
CAL = SchoolCalendar(terms=TERMS)
OPEN = SchoolCalendar()


@pytest.mark.parametrize(
    "day",
    [
        date(2027, 5, 17),  # Constitution Day (also Whit Monday in 2027)
        date(2026, 12, 25),  # Christmas Day
        date(2027, 3, 25),  # Maundy Thursday 2027
        date(2027, 3, 26),  # Good Friday 2027
        date(2027, 3, 29),  # Easter Monday 2027
        date(2027, 5, 6),  # Ascension Day 2027
        date(2026, 5, 14),  # Ascension Day 2026
        date(2027, 1, 1),  # New Year's Day
    ],
)
def test_public_holidays_are_not_school_days(day: date) -> None:
    assert is_public_holiday(day)
    assert not OPEN.is_school_day(day)


def test_sundays_are_not_counted_as_holidays_but_are_not_school_days() -> None:
    sunday = date(2026, 11, 29)
    assert not is_public_holiday(sunday)
    assert not OPEN.is_school_day(sunday)
    # Only real holidays that fall on a Sunday (Easter Sunday, Whit Sunday, ...) are listed.
    assert len(norwegian_public_holidays(2027)) < 20


def test_easter_week_2027() -> None:
    days = CAL.school_days(date(2027, 3, 22), date(2027, 3, 30))
    assert days == [date(2027, 3, 22), date(2027, 3, 23), date(2027, 3, 24), date(2027, 3, 30)]


def test_ascension_week_2027() -> None:
    assert CAL.school_days(date(2027, 5, 3), date(2027, 5, 7)) == [
        date(2027, 5, 3),
        date(2027, 5, 4),
        date(2027, 5, 5),
        date(2027, 5, 7),
    ]


def test_weekends() -> None:
    assert not CAL.is_school_day(date(2026, 12, 5))
    assert not CAL.is_school_day(date(2026, 12, 6))
    assert CAL.is_school_day(date(2026, 12, 4))
    assert CAL.is_school_day(date(2026, 12, 7))


def test_christmas_break() -> None:
    assert CAL.is_school_day(date(2026, 12, 18))
    for day in (date(2026, 12, 21), date(2026, 12, 23), date(2026, 12, 31)):
        assert not CAL.is_school_day(day)
    assert CAL.breaks() == [(date(2026, 12, 19), date(2027, 1, 3))]
    assert CAL.school_days(date(2026, 12, 17), date(2027, 1, 5)) == [
        date(2026, 12, 17),
        date(2026, 12, 18),
        date(2027, 1, 4),
        date(2027, 1, 5),
    ]


def test_outside_all_terms() -> None:
    assert not CAL.is_school_day(date(2026, 8, 14))
    assert CAL.is_school_day(date(2026, 8, 17))
    assert not CAL.is_school_day(date(2027, 6, 21))


def test_next_school_day() -> None:
    assert CAL.next_school_day(date(2026, 12, 4)) == date(2026, 12, 4)
    assert CAL.next_school_day(date(2026, 12, 4), include_today=False) == date(2026, 12, 7)
    assert CAL.next_school_day(date(2026, 12, 5)) == date(2026, 12, 7)
    assert CAL.next_school_day(date(2026, 12, 18), include_today=False) == date(2027, 1, 4)
    assert CAL.next_school_day(date(2027, 5, 14), include_today=False) == date(2027, 5, 18)
    assert CAL.next_school_day(date(2027, 6, 19)) is None


def test_previous_school_day() -> None:
    assert CAL.previous_school_day(date(2027, 1, 4), include_today=False) == date(2026, 12, 18)


def test_no_terms_means_every_non_holiday_weekday() -> None:
    assert OPEN.is_school_day(date(2026, 7, 15))
    assert OPEN.is_school_day(date(2026, 12, 23))
    assert not OPEN.is_school_day(date(2026, 12, 26))
    assert OPEN.breaks() == []
    assert OPEN.next_school_day(date(2026, 12, 24), include_today=False) == date(2026, 12, 28)


def test_school_days_range_is_inclusive_and_empty_when_reversed() -> None:
    assert CAL.school_days(date(2026, 11, 30), date(2026, 12, 4))[0] == date(2026, 11, 30)
    assert len(CAL.school_days(date(2026, 11, 30), date(2026, 12, 4))) == 5
    assert CAL.school_days(date(2026, 12, 4), date(2026, 11, 30)) == []


def test_terms_are_sorted_and_validated() -> None:
    shuffled = SchoolCalendar(terms=(TERMS[1], TERMS[0]))
    assert shuffled.terms == TERMS
    assert shuffled == CAL
    with pytest.raises(ValueError):
        SchoolCalendar(terms=((date(2027, 1, 4), date(2026, 12, 18)),))


def test_nested_terms_are_merged_for_breaks() -> None:
    nested = SchoolCalendar(
        terms=(
            (date(2026, 8, 17), date(2026, 12, 18)),  # autumn semester
            (date(2026, 8, 17), date(2026, 10, 2)),  # a term inside it
            (date(2026, 10, 12), date(2026, 12, 18)),
            (date(2027, 1, 4), date(2027, 6, 18)),
        )
    )
    assert nested.breaks() == [(date(2026, 12, 19), date(2027, 1, 3))]
    assert nested.is_school_day(date(2026, 10, 7))  # inside the semester though between the terms
    assert nested.next_school_day(date(2027, 6, 19)) is None
