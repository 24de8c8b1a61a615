"""Week plan fixtures: a copy of the small school (tests/conftest.py's template) and a bot on a fixed clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import FixedClock, Running, copy_sqlite, running_bot

WEDNESDAY_WEEK_49 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)  # 10:00 in Oslo


@pytest.fixture
def school_db_url(small_school_template: Path, tmp_path: Path) -> str:
    return copy_sqlite(small_school_template, tmp_path)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(WEDNESDAY_WEEK_49)


@pytest.fixture
async def bot(school_db_url: str, clock: FixedClock) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=clock) as running:
        yield running
