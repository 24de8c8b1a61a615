"""Week plan fixtures: the small school (from tests/e2e) and a bot on a fixed clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from tests.e2e.conftest import school_db_url, small_school_template  # noqa: F401  (fixtures)
from tests.e2e.harness import FixedClock, Running, running_bot

WEDNESDAY_WEEK_49 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.timezone.utc)  # 10:00 in Oslo


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(WEDNESDAY_WEEK_49)


@pytest.fixture
async def bot(school_db_url: str, clock: FixedClock) -> AsyncIterator[Running]:  # noqa: F811
    async with running_bot(school_db_url, clock=clock) as running:
        yield running
