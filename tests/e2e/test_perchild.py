"""Issue 16, per-child details over /api/sms and /api/messages: each child's own days, times and reasons
in one message; late arrival ("kommer etterpå") as arriving, not leaving; details given in an answer
kept; a name that is none of the sender's children asked about, never replaced."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.emulator import reply_text
from storage.models import Absence
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS, GUARDIAN_TWO_KIDS_UPN

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
KARI_SMS = "+4792000001"  # Ola's and Nora's contact teacher (5B)
PER_SMS = "+4792000002"  # Emma's contact teacher (2A)
MON, TUE, WED = dt.date(2026, 11, 30), dt.date(2026, 12, 1), dt.date(2026, 12, 2)


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING)) as bot:
        yield bot


async def rows(bot: Running) -> list[tuple[str, dt.date, dt.time | None, dt.time | None, str | None]]:
    async with bot.services.db.transaction() as s:
        found = (await s.execute(select(Absence).order_by(Absence.student_id, Absence.date))).scalars()
        return [(r.student_id, r.date, r.start_time, r.end_time, r.reason) for r in found]


def _line(bot: Running, phone: str) -> str:
    inbox = bot.phone.inbox(phone)
    assert inbox, f"nothing sent to {phone}"
    return inbox[-1]


# ------------------------------------------------------------ one message, each child's own details


async def test_per_child_days_are_recorded_and_told_per_child(school: Running) -> None:
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag og i morgen, Emma bare i dag")
    assert replies == [
        "Registrert: Ola (5B) borte mandag 30. november til tirsdag 1. desember (2 skoledager), sykdom; "
        "Emma (2A) borte i dag, mandag 30. november, sykdom. Kontaktlærerne er varslet."
    ]
    assert await rows(school) == [
        ("s-emma", MON, None, None, "illness"),
        ("s-ola", MON, None, None, "illness"),
        ("s-ola", TUE, None, None, "illness"),
    ]
    assert len(school.phone.inbox(KARI_SMS)) == 1 and len(school.phone.inbox(PER_SMS)) == 1
    assert "Ola Nordmann (5B)" in _line(school, KARI_SMS) and "1. desember" in _line(school, KARI_SMS)
    emma = _line(school, PER_SMS)
    assert "Emma Nordmann (2A) i dag, mandag 30. november" in emma and "desember" not in emma
    assert "Ola" not in emma


async def test_per_child_reasons_and_times(school: Running) -> None:
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk, Emma har tannlege kl 10")
    assert "Ola (5B) borte i dag, mandag 30. november, sykdom" in replies[0]
    assert "Emma (2A) går hjem kl. 10:00 i dag" in replies[0]
    assert await rows(school) == [
        ("s-emma", MON, dt.time(10, 0), None, "appointment"),
        ("s-ola", MON, None, None, "illness"),
    ]
    assert "sykdom" in _line(school, KARI_SMS) and "10:00" not in _line(school, KARI_SMS)
    assert "(går kl. 10:00)" in _line(school, PER_SMS) and "sykdom" not in _line(school, PER_SMS)


async def test_one_child_today_the_other_from_wednesday(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er borte i dag og Emma fra onsdag")
    assert [(sid, day) for sid, day, *_ in await rows(school)] == [("s-emma", WED), ("s-ola", MON)]
    assert "onsdag 2. desember" in _line(school, PER_SMS)


async def test_the_same_details_for_both_stay_one_line(school: Running) -> None:
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "Ola og Emma er syke i dag")
    assert replies == [
        "Registrert: Ola (5B) og Emma (2A) borte i dag, mandag 30. november, sykdom. Kontaktlærerne er varslet."
    ]


# ------------------------------------------------------------ late arrival is a start time, not leaving early


async def test_dentist_then_comes_after_is_a_late_arrival(school: Running) -> None:
    replies = await school.phone.text(GUARDIAN_ONE_KID, "tannlege kl 10, kommer etterpå")
    assert replies[0].startswith("Registrert: Nora (5B) kommer etter kl. 10:00 i dag, mandag 30. november")
    assert "går hjem" not in replies[0]
    assert await rows(school) == [("s-nora", MON, None, dt.time(10, 0), "appointment")]
    notice = _line(school, KARI_SMS)
    assert "(kommer etter kl. 10:00)" in notice and "går" not in notice


async def test_comes_at_eleven_is_stored_as_the_end_of_the_absence(school: Running) -> None:
    replies = await school.phone.text(GUARDIAN_ONE_KID, "Nora kommer kl 11, hun skal til legen")
    assert replies[0].startswith("Registrert: Nora (5B) kommer kl. 11:00 i dag")
    assert await rows(school) == [("s-nora", MON, None, dt.time(11, 0), "appointment")]
    assert "(kommer kl. 11:00)" in _line(school, KARI_SMS)


async def test_comes_later_without_a_time(school: Running) -> None:
    replies = await school.phone.text(GUARDIAN_ONE_KID, "Nora kommer senere i dag, hun er hos tannlegen")
    assert replies[0].startswith("Registrert: Nora (5B) kommer senere i dag, mandag 30. november")
    assert "(kommer senere)" in _line(school, KARI_SMS)


async def test_nynorsk_comes_at_eleven(school: Running) -> None:
    await school.phone.text(GUARDIAN_ONE_KID, "Nora kjem kl 11 i dag")
    assert await rows(school) == [("s-nora", MON, None, dt.time(11, 0), None)]


async def test_going_home_at_twelve_stays_leaving_early(school: Running) -> None:
    replies = await school.phone.text(GUARDIAN_ONE_KID, "Nora må gå kl 12 i dag")
    assert replies[0].startswith("Registrert: Nora (5B) går hjem kl. 12:00 i dag")
    assert await rows(school) == [("s-nora", MON, dt.time(12, 0), None, None)]
    assert "(går kl. 12:00)" in _line(school, KARI_SMS)


async def test_english_late_arrival_in_teams(school: Running) -> None:
    lise = school.user(GUARDIAN_TWO_KIDS_UPN)
    replies = await school.client.say(lise, "Ola is coming at 11 today, he is at the dentist")
    assert "11:00" in reply_text(replies[-1])
    assert await rows(school) == [("s-ola", MON, None, dt.time(11, 0), "appointment")]


# ------------------------------------------------------------ details given in an answer are kept


async def test_an_answer_to_which_day_keeps_its_time_and_reason(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_ONE_KID, "Nora blir borte")
    assert asked[0].startswith("Hvilken dag")
    done = await school.phone.text(GUARDIAN_ONE_KID, "i morgen fra kl 12, hun skal til legen")
    assert done[0].startswith("Registrert: Nora (5B) går hjem kl. 12:00 i morgen, tirsdag 1. desember")
    assert await rows(school) == [("s-nora", TUE, dt.time(12, 0), None, "appointment")]


async def test_an_answer_to_which_child_gives_each_child_its_days(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_TWO_KIDS, "er syke")
    assert asked[0].startswith("Gjelder det Ola eller Emma?")
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "Ola i dag og i morgen, Emma bare i dag")
    assert "Ola (5B) borte mandag 30. november til tirsdag 1. desember" in done[0]
    assert "Emma (2A) borte i dag, mandag 30. november" in done[0]
    assert [(sid, day, reason) for sid, day, _, _, reason in await rows(school)] == [
        ("s-emma", MON, "illness"),
        ("s-ola", MON, "illness"),
        ("s-ola", TUE, "illness"),
    ]


async def test_an_answer_to_which_child_keeps_its_time(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "kommer senere i dag, tannlege")
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "Emma, hun kommer kl 11")
    assert done[0].startswith("Registrert: Emma (2A) kommer kl. 11:00 i dag")
    assert await rows(school) == [("s-emma", MON, None, dt.time(11, 0), "appointment")]


async def test_leave_days_answer_keeps_its_reason(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_ONE_KID, "Vi vil søke om fri for Nora")
    assert "Hvilke dager" in asked[0]
    sent = await school.phone.text(GUARDIAN_ONE_KID, "7. til 9. desember, vi skal i bryllup")
    assert "sendt til kontoret" in sent[0]  # no question about the reason: the answer gave it


async def test_teams_answer_to_which_child_per_child(school: Running) -> None:
    lise = school.user(GUARDIAN_TWO_KIDS_UPN)
    await school.client.say(lise, "barna er syke")
    assert [(sid, day) for sid, day, *_ in await rows(school)] == [("s-emma", MON), ("s-ola", MON)]
    await school.client.say(lise, "Ola er syk i morgen og Emma har tannlege i morgen kl 9")
    got = {(sid, day): (start, end, reason) for sid, day, start, end, reason in await rows(school)}
    assert got[("s-ola", TUE)] == (None, None, "illness")
    assert got[("s-emma", TUE)] == (dt.time(9, 0), None, "appointment")


# ------------------------------------------------------------ a name that is none of the sender's children


async def test_another_familys_child_is_asked_about_and_yes_means_the_own_child(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_ONE_KID, "Ola er syk")
    assert asked[0].startswith("Jeg finner ingen Ola blant barna dine. Gjelder det Nora?")
    assert await rows(school) == []
    done = await school.phone.text(GUARDIAN_ONE_KID, "ja")
    assert done[0].startswith("Registrert: Nora (5B) borte i dag")
    assert await rows(school) == [("s-nora", MON, None, None, "illness")]


async def test_a_name_that_is_no_pupil_is_asked_the_same_way_and_no_records_nothing(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_ONE_KID, "Kristoffer er syk i dag")
    pupil = await school.phone.text(GUARDIAN_ONE_KID, "avbryt")
    assert asked[0].startswith("Jeg finner ingen Kristoffer blant barna dine. Gjelder det Nora?")
    other = await school.phone.text(GUARDIAN_ONE_KID, "Jonas er syk i dag")
    # The same words whether or not the name belongs to a pupil: nothing about other families shows.
    assert other[0] == asked[0].replace("Kristoffer", "Jonas")
    done = await school.phone.text(GUARDIAN_ONE_KID, "nei")
    assert "ingenting registrert" in done[0]
    assert await rows(school) == []
    assert pupil  # the cancel got an answer


async def test_a_stranger_among_two_children_offers_none_of_them(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_TWO_KIDS, "Sofie er syk")
    assert asked[0].startswith("Jeg finner ingen Sofie blant barna dine. Gjelder det Ola eller Emma?")
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "Emma")
    assert done[0].startswith("Registrert: Emma (2A) borte i dag")
