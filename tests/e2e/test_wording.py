"""The wording people saw go wrong, end to end: one full stop after "e.l.", no "Meldt på forhånd: -.",
no "håndkle!." in a week plan by SMS."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from storage.weekplans import WeekPlans
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, TEACHER_UPN
from tests.texts.test_wording import faults

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo, week 49
KARI_SMS = "+4792000001"


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING)) as bot:
        yield bot


async def test_an_appointment_is_reported_with_one_full_stop(school: Running) -> None:
    (reply,) = await school.phone.text(GUARDIAN_ONE_KID, "Nora skal til tannlegen i dag")
    assert not faults(reply), reply
    assert "e.l. Kontaktlærer er varslet." in reply
    (notice,) = school.phone.inbox(KARI_SMS)  # Kari has no Teams: told by SMS
    assert not faults(notice), notice


async def test_a_register_with_nobody_reported_before_has_no_dash(school: Running) -> None:
    (done,) = await school.client.say(school.user(TEACHER_UPN), "borte: Nora")
    assert done["text"] == "Registrert borte i dag: Nora. Foresatte får SMS nå."


async def test_a_week_plan_line_ending_in_an_exclamation_mark_gets_no_extra_stop(school: Running) -> None:
    await WeekPlans(school.services.db).publish(
        year=2026, week=49, class_id="c-5b", body="Mandag: Gym: husk håndkle! Norsk: les s. 12\nTirsdag: Matte: gange 7"
    )
    (plan,) = await school.phone.text(GUARDIAN_ONE_KID, "ukeplan")
    assert "Man: Gym: husk håndkle! Norsk: les s. 12\n" in plan
    assert not faults(plan.rsplit("\n", 1)[0]), plan  # the link line aside
