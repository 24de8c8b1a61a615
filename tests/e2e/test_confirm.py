"""An unsure reading is confirmed with one yes/no question before it is acted on (issue 17), through /api/sms:
"ja" records it as before, "nei" records nothing, a sure reading is recorded at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from tests.e2e.harness import FixedClock, Running, absences, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
# Confidence 0.58 (a default day, two words no grammar knows): below the default threshold of 0.65.
UNSURE = "Nora er dårlig, ligger på sofaen med pledd"
ASKED = "Har jeg forstått riktig: Nora borte i dag, mandag 30. november, sykdom? Svar JA eller NEI."


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING)) as bot:
        yield bot


async def test_an_unsure_report_is_confirmed_first_and_recorded_after_ja(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_ONE_KID, UNSURE)
    assert asked == [ASKED]
    assert await absences(school) == []  # nothing recorded before the answer
    done = await school.phone.text(GUARDIAN_ONE_KID, "jepp")
    assert done[0].startswith("Registrert: Nora (5B) borte i dag, mandag 30. november, sykdom.")
    recorded = await absences(school)
    assert [(a.student_id, a.date, a.reason) for a in recorded] == [("s-nora", dt.date(2026, 11, 30), "illness")]


async def test_nei_records_nothing_and_asks_what_they_meant(school: Running) -> None:
    assert await school.phone.text(GUARDIAN_ONE_KID, UNSURE) == [ASKED]
    dropped = await school.phone.text(GUARDIAN_ONE_KID, "nei")
    assert dropped == [
        "Greit, da har jeg ikke registrert noe. Skriv gjerne på nytt hvem det gjelder, hvilken dag og hvorfor."
    ]
    assert await absences(school) == []


async def test_a_new_report_instead_of_an_answer_starts_over(school: Running) -> None:
    assert await school.phone.text(GUARDIAN_ONE_KID, UNSURE) == [ASKED]
    replies = await school.phone.text(GUARDIAN_ONE_KID, "Nora er syk i morgen")
    assert replies[0].startswith("Registrert: Nora (5B) borte i morgen, tirsdag 1. desember, sykdom.")
    assert [a.date for a in await absences(school)] == [dt.date(2026, 12, 1)]


async def test_a_sure_report_is_recorded_at_once(school: Running) -> None:
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    assert replies[0].startswith("Registrert: Ola (5B) borte i dag")
    assert [a.student_id for a in await absences(school)] == ["s-ola"]


async def test_an_unsure_leave_application_is_confirmed_and_sent_after_yes(school: Running) -> None:
    asked = await school.phone.text(
        # Words no grammar reads ("hengeren og bobilen") make this parse unsure (confidence 0.51)
        GUARDIAN_TWO_KIDS,
        "Ola trenger fri 10.12 og 11.12, svogeren min gifter seg og vi kjører til Gdansk med hengeren og bobilen",
    )
    assert asked == [
        "Har jeg forstått riktig: du søker fri for Ola torsdag 10. desember til fredag 11. desember (2 skoledager), "
        "familiære årsaker? Svar JA eller NEI."
    ]
    sent = await school.phone.text(GUARDIAN_TWO_KIDS, "ja")
    assert sent[0].startswith("Søknad om fri for Ola (5B)")
