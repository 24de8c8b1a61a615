"""Social turns and the way to a human, end to end over /api/sms and /api/messages (issue 16).

Thanks, greetings and acknowledgements get one line; an answer to a broadcast is its acknowledgement and
never an absence; questions and complaints reach the contact teacher (or the office, or the leaders) with a
promise naming who will call back and, by SMS, the school's number; unknown numbers and gibberish get the
number too.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from dialogs.broadcast.service import service_for
from storage.audiences import parse_audience
from storage.broadcasts import Broadcasts
from storage.models_broadcast import Delivery
from tests.e2e.harness import FixedClock, Running, absences, running_bot
from tests.e2e.seed import (
    GUARDIAN_ONE_KID,
    GUARDIAN_TWO_KIDS,
    GUARDIAN_TWO_KIDS_UPN,
    LEADER_UPN,
    OFFICE_UPN,
    RELATIVE_PHONE,
    STUDENT_UPN,
    TEACHER_UPN,
)

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
SCHOOL_PHONE = "22 12 34 56"
CALL_LINE = "Haster det, ring skolen på 22 12 34 56."
PER_SMS = "+4792000002"  # Per Hansen, contact teacher of 2A, not in Teams
OFFICE_SMS = "+4792000009"
LEADER_SMS = "+4791000001"


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING), SKOLEBOT_SCHOOL_PHONE=SCHOOL_PHONE) as bot:
        yield bot


async def broadcast(bot: Running, audience: str, text: str, *, emergency: bool) -> int:
    """A broadcast by SMS as `skolebot broadcast … --yes` sends it; returns once every SMS has gone out."""
    service = service_for(bot.services.deps)
    found = parse_audience(audience)
    assert found is not None
    prepared = await service.prepare(found, "sms", text, emergency=emergency, drill=False, language="nb")
    broadcast_id = await service.send(
        prepared, sender_id="a-rektor", actor="a-rektor", origin="shell", now=bot.services.deps.clock()
    )
    deadline = time.monotonic() + 20
    while True:
        async with bot.services.db.transaction() as s:
            rows = list((await s.execute(select(Delivery).where(Delivery.broadcast_id == broadcast_id))).scalars())
        if rows and all(r.status not in ("pending", "sending") for r in rows):
            return broadcast_id
        assert time.monotonic() < deadline, "the broadcast was not sent"
        await asyncio.sleep(0.05)


async def acknowledged(bot: Running, broadcast_id: int) -> int:
    report = await Broadcasts(bot.services.db).report(broadcast_id)
    assert report is not None
    return report.acknowledged


# ---------------------------------------------------------------------------- social turns


@pytest.mark.parametrize(
    "text",
    ["takk", "tusen takk", "takk for hjelpa", "thanks", "ok", "ok, takk for beskjed", "flott", "👍", "skjønner"],
)
async def test_thanks_and_acknowledgements_get_one_line_not_a_misunderstanding(school: Running, text: str) -> None:
    replies = await school.phone.text(GUARDIAN_ONE_KID, text)
    assert len(replies) == 1
    assert "forsto" not in replies[0].lower() and "understand" not in replies[0].lower()
    assert len(replies[0]) <= 80


async def test_thanks_after_an_illness_report_wishes_the_child_well(school: Running) -> None:
    await school.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
    assert await school.phone.text(GUARDIAN_ONE_KID, "tusen takk!") == ["Bare hyggelig! God bedring til Nora."]
    assert await school.phone.text(GUARDIAN_ONE_KID, "ok") == ["Greit! God bedring til Nora."]
    assert len(await absences(school)) == 1  # nothing new was registered


async def test_social_turns_in_teams_and_a_greeting_greets_by_name(school: Running) -> None:
    lise = school.user(GUARDIAN_TWO_KIDS_UPN)
    thanks = await school.client.say(lise, "Takk for hjelpen!")
    assert [a["text"] for a in thanks] == ["Bare hyggelig!"]
    greeting = await school.client.say(lise, "god morgen!")
    assert greeting[0]["text"].startswith("Hei, Lise!")
    english = await school.client.say(school.user(TEACHER_UPN), "thanks 👍")
    assert "forsto" not in english[0]["text"]


# ---------------------------------------------------------------------------- answers to a broadcast


async def test_an_answer_to_an_emergency_is_counted_and_never_an_absence(school: Running) -> None:
    broadcast_id = await broadcast(school, "guardians:class:5B", "Skolen stenger kl 12. Hent barna.", emergency=True)
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "Mottatt, henter Ola og Emma kl 12")
    assert replies == ["Takk! Skolen ser nå at du har fått meldingen."]
    assert await absences(school) == []
    assert await acknowledged(school, broadcast_id) == 1
    # another guardian answers with words only, saying they come
    assert "ser nå" in (await school.phone.text(GUARDIAN_ONE_KID, "ok, vi kommer"))[0]
    assert await acknowledged(school, broadcast_id) == 2
    # a second answer is not counted twice and is still no absence
    again = await school.phone.text(GUARDIAN_TWO_KIDS, "henter Ola kl 12")
    assert again == ["Takk, det har vi allerede fått med oss."]
    assert await acknowledged(school, broadcast_id) == 2 and await absences(school) == []


async def test_an_ok_to_an_everyday_broadcast_is_counted(school: Running) -> None:
    broadcast_id = await broadcast(school, "guardians:class:5B", "Husk gymtøy i morgen.", emergency=False)
    assert await school.phone.text(GUARDIAN_ONE_KID, "OK 👍") == ["Takk! Skolen ser nå at du har fått meldingen."]
    assert await acknowledged(school, broadcast_id) == 1
    # an absence report after a broadcast is still an absence
    reported = await school.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
    assert reported[0].startswith("Registrert: Nora (5B)")


async def test_a_missing_child_question_after_the_broadcast_comes_first(school: Running) -> None:
    broadcast_id = await broadcast(school, "guardians:class:5B", "Skolen stenger kl 12. Hent barna.", emergency=True)
    await school.client.say(school.user(TEACHER_UPN), "borte: Nora")  # the school asks Anne where Nora is
    await school.services.sms_adapter.drain()
    replies = await school.phone.text(GUARDIAN_ONE_KID, "ok, henter kl 12")
    assert "mottatt meldingen" not in replies[0]  # the answer belongs to the question about Nora
    assert await acknowledged(school, broadcast_id) == 0


async def test_without_a_broadcast_a_pickup_time_is_still_an_absence(school: Running) -> None:
    replies = await school.phone.text(GUARDIAN_ONE_KID, "ok, henter Nora kl 12")
    assert "Nora (5B)" in replies[0] and "12" in replies[0]
    assert [a.student_id for a in await absences(school)] == ["s-nora"]


# ---------------------------------------------------------------------------- the way to a human


async def test_asking_for_the_teacher_reaches_the_contact_teacher_with_a_promise(school: Running) -> None:
    kari = school.user(TEACHER_UPN)
    await school.client.say(kari, "hei")  # Kari has the bot in Teams
    replies = await school.phone.text(GUARDIAN_ONE_KID, "Kan jeg få snakke med læreren? Det gjelder mobbing")
    assert replies == [
        "Jeg har sendt meldingen til Kari Larsen, kontaktlærer i 5B, som tar kontakt med deg. " + CALL_LINE
    ]
    notice = school.connector.texts(kari.conversation_id)[-1]
    assert "Anne Berg" in notice and "Nora Berg (5B)" in notice and "SMS" in notice
    assert "Kan jeg få snakke med læreren? Det gjelder mobbing" in notice
    assert "90 00 00 02" in notice  # how to reach her
    assert await absences(school) == []


async def test_a_complaint_in_teams_asks_which_child_then_reaches_that_childs_teacher(school: Running) -> None:
    lise = school.user(GUARDIAN_TWO_KIDS_UPN)
    asked = await school.client.say(lise, "Kan læreren ringe meg? Jeg er ikke fornøyd med uteområdet.")
    assert "Gjelder det Ola eller Emma?" in asked[0]["text"]
    done = await school.client.say(lise, "Emma")
    text = done[0]["text"]
    assert text == "Jeg har sendt meldingen til Per Hansen, kontaktlærer i 2A, som tar kontakt med deg."
    assert "ring skolen" not in text  # Teams: no phone line
    notice = school.phone.inbox(PER_SMS)[-1]  # Per is not in Teams: SMS
    assert "Lise Nordmann" in notice and "Emma Nordmann (2A)" in notice
    assert "ikke fornøyd med uteområdet" in notice
    assert school.phone.inbox("+4792000001") == []  # Kari (5B) is not told


async def test_a_question_not_answered_twice_goes_to_every_childs_teacher(school: Running) -> None:
    lise = school.user(GUARDIAN_TWO_KIDS_UPN)
    await school.client.say(lise, "Kan noen ringe meg om turen?")
    again = await school.client.say(lise, "vet ikke")
    assert "Gjelder det Ola eller Emma?" in again[0]["text"]  # asked once more, not a third time
    done = await school.client.say(lise, "hmm")
    assert done[0]["text"] == (
        "Jeg har sendt meldingen til Kari Larsen (kontaktlærer i 5B) og Per Hansen (kontaktlærer i 2A). "
        "De tar kontakt med deg."
    )
    assert "om turen" in school.phone.inbox("+4792000001")[-1] and "om turen" in school.phone.inbox(PER_SMS)[-1]


async def test_begge_by_sms_reaches_both_teachers(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_TWO_KIDS, "Jeg lurer på når foreldremøtet er")
    assert asked[0].startswith("Gjelder det Ola eller Emma?")
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "begge")
    assert done[0].startswith("Jeg har sendt meldingen til Kari Larsen (kontaktlærer i 5B) og Per Hansen")
    assert done[0].endswith(CALL_LINE)
    assert "foreldremøtet" in school.phone.inbox(PER_SMS)[-1]


async def test_a_named_child_needs_no_question(school: Running) -> None:
    replies = await school.phone.text(
        GUARDIAN_TWO_KIDS, "Emma sier hun blir plaget i friminuttene, kan noen se på det?"
    )
    assert replies[0].startswith("Jeg har sendt meldingen til Per Hansen, kontaktlærer i 2A")
    assert "plaget i friminuttene" in school.phone.inbox(PER_SMS)[-1]


async def test_the_principal_and_the_office_get_what_is_addressed_to_them(school: Running) -> None:
    rektor = await school.phone.text(GUARDIAN_ONE_KID, "Jeg vil snakke med rektor om skoleveien")
    assert rektor == [
        "Jeg har sendt meldingen til skolens ledelse (Randi Rektor), som tar kontakt med deg. " + CALL_LINE
    ]
    assert "skoleveien" in school.phone.inbox(LEADER_SMS)[-1]
    office = await school.phone.text(GUARDIAN_ONE_KID, "Til kontoret: vi har ny adresse fra januar")
    assert office[0].startswith("Jeg har sendt meldingen til skolekontoret (Ola Kontor)")
    assert "ny adresse" in school.phone.inbox(OFFICE_SMS)[-1]
    assert school.phone.inbox("+4792000001") == []  # not the teacher


async def test_a_relative_is_forwarded_to_the_office(school: Running) -> None:
    replies = await school.phone.text(RELATIVE_PHONE, "Kan noen ringe meg om juleavslutningen?")
    assert replies[0].startswith("Jeg har sendt meldingen til skolekontoret")
    assert "Solveig Nordmann" in school.phone.inbox(OFFICE_SMS)[-1]


async def test_office_in_teams_gets_the_forward_when_no_teacher_fits(school: Running) -> None:
    office = school.user(OFFICE_UPN)
    await school.client.say(office, "hei")
    await school.phone.text(RELATIVE_PHONE, "Hvem kan jeg snakke med om skolefoto?")
    assert "skolefoto" in school.connector.texts(office.conversation_id)[-1]


async def test_a_pupil_in_teams_reaches_their_own_contact_teacher(school: Running) -> None:
    replies = await school.client.say(school.user(STUDENT_UPN), "Jeg blir plaget i friminuttet")
    assert replies[0]["text"] == "Jeg har sendt meldingen til Kari Larsen, kontaktlærer i 5B, som tar kontakt med deg."
    notice = school.phone.inbox("+4792000001")[-1]
    assert "Ola Nordmann, elev i 5B" in notice and "plaget i friminuttet" in notice


# ---------------------------------------------------------------------------- strangers and gibberish


async def test_an_unknown_number_gets_the_schools_number(school: Running) -> None:
    replies = await school.phone.text("+4799999999", "Hei, er dette skolen?")
    assert len(replies) == 1 and SCHOOL_PHONE in replies[0]
    assert "Kari" not in replies[0]  # nothing about the school's people


async def test_gibberish_gets_examples_and_the_number_not_a_forward(school: Running) -> None:
    replies = await school.phone.text(GUARDIAN_ONE_KID, "asdfgh jkl")
    assert replies == [
        'Beklager, det forsto jeg ikke. Skriv for eksempel "Nora er syk i dag" eller "Kan læreren ringe meg?" '
        + CALL_LINE
    ]
    for staff in ("+4792000001", PER_SMS, OFFICE_SMS, LEADER_SMS):
        assert school.phone.inbox(staff) == []


async def test_without_a_school_number_the_line_is_left_out(school_db_url: str) -> None:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING)) as bot:
        replies = await bot.phone.text(GUARDIAN_ONE_KID, "Kan læreren ringe meg i dag?")
        assert replies == ["Jeg har sendt meldingen til Kari Larsen, kontaktlærer i 5B, som tar kontakt med deg."]
        stranger = await bot.phone.text("+4799999998", "hei")
        assert "ikke registrert" in stranger[0] and "ring skolen" not in stranger[0].lower()


async def test_the_leader_and_english_get_their_words(school: Running) -> None:
    rektor = school.user(LEADER_UPN)
    assert "forsto" not in (await school.client.say(rektor, "tusen takk"))[0]["text"]
