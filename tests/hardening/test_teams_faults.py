"""The Teams connector answering 502 or 429 to a notice: the person is still told, by SMS, once."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.harness import FixedClock, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, TEACHER_UPN

MONDAY = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)
KARI_SMS = "+4792000001"


@pytest.mark.parametrize("status", [502, 429])
async def test_a_failing_connector_falls_back_to_sms(school_db_url: str, status: int) -> None:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY)) as bot:
        kari = bot.user(TEACHER_UPN)
        await bot.client.say(kari, "hei")
        before = len(bot.connector.activities)
        bot.connector.fail_next(1, status, retry_after=1 if status == 429 else None)
        done = await bot.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
        assert done[0].startswith("Registrert: Nora")
        assert len(bot.connector.activities) == before  # the Teams notice did not arrive ...
        inbox = bot.phone.inbox(KARI_SMS)
        assert len(inbox) == 1 and "Nora Berg (5B)" in inbox[0]  # ... so it came by SMS, once
        person = await bot.services.people.get("t-kari")
        assert person is not None and person.teams_blocked is False  # a 502/429 is not a block
