"""Start-up warm-up: the first SMS of the day does not pay for the holiday table or twilio's imports."""

from __future__ import annotations

import datetime as dt

from storage.calendar import norwegian_public_holidays
from tests.e2e.harness import FixedClock, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID


async def test_the_first_turn_after_start_finds_the_holiday_table_and_twilio_client_ready(school_db_url: str) -> None:
    norwegian_public_holidays.cache_clear()  # as in a fresh process
    monday_morning = FixedClock(dt.datetime(2026, 11, 30, 6, 45, tzinfo=dt.UTC))
    async with running_bot(school_db_url, clock=monday_morning) as bot:
        assert bot.services.sms_adapter.sender._client is not None  # built, Messages API imported
        loaded_at_start = norwegian_public_holidays.cache_info().misses
        assert loaded_at_start >= 1
        replies = await bot.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
        assert replies and "Nora" in replies[0]
        assert norwegian_public_holidays.cache_info().misses == loaded_at_start  # nothing loaded in the turn
