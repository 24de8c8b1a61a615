"""Shared fixtures for the understanding tests: the corpus calendar, families and clock."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

# The project is not installed into the venv; make the repository root importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pytest  # noqa: E402

from bot.understanding import Child, Understanding, understand  # noqa: E402
from bot.understanding.corpus import CALENDAR, FAMILIES, OSLO, SCHOOL_FIRST_NAMES  # noqa: E402
from storage.calendar import SchoolCalendar  # noqa: E402

HERE = Path(__file__).resolve().parent


def at(y: int, m: int, d: int, hh: int = 8, mm: int = 5) -> datetime:
    """An aware Europe/Oslo datetime."""
    return datetime(y, m, d, hh, mm, tzinfo=OSLO)


# Monday 30 November 2026, 08:05: a normal school morning in ISO week 49.
MONDAY = at(2026, 11, 30)


@pytest.fixture
def calendar() -> SchoolCalendar:
    return CALENDAR


@pytest.fixture
def families() -> dict[str, tuple[Child, ...]]:
    return FAMILIES


@pytest.fixture
def ask() -> Callable[..., Understanding]:
    """understand() with the corpus calendar and school names; family by name, Monday morning by default."""

    def _ask(text: str, family: str = "one", now: datetime = MONDAY, learned: bool = True) -> Understanding:
        return understand(
            text,
            children=FAMILIES[family],
            now=now,
            calendar=CALENDAR,
            school_first_names=SCHOOL_FIRST_NAMES,
            learned=learned,
        )

    return _ask


# The generalisation corpus's school year: the gaps between its terms are the autumn, Christmas, winter
# and Easter breaks (the "terms" of tests/understanding/generalisation/*.jsonl).
SCHOOL_YEAR = SchoolCalendar(
    terms=(
        (date(2026, 8, 17), date(2026, 10, 2)),
        (date(2026, 10, 12), date(2026, 12, 18)),
        (date(2027, 1, 4), date(2027, 2, 19)),
        (date(2027, 3, 1), date(2027, 3, 19)),
        (date(2027, 3, 30), date(2027, 6, 18)),
    )
)


def span(first: str, last: str, calendar: SchoolCalendar = SCHOOL_YEAR) -> list[str]:
    """The school days from first to last (ISO), both included, as ISO strings."""
    return [d.isoformat() for d in calendar.school_days(date.fromisoformat(first), date.fromisoformat(last))]


def days(*iso: str) -> tuple[date, ...]:
    """Dates from 'MM-DD' (2026) or full ISO strings."""
    return tuple(date.fromisoformat(s if len(s) == 10 else f"2026-{s}") for s in iso)
