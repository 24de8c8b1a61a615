"""Safety first, end to end over /api/sms and /api/messages: a guardian's answer that says the child should
be at school opens an urgent case at once (teacher and office told, marked urgent), it is never closed as
explained nor escalated as unanswered, further messages are passed on, and staff resolve it once."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.texts import LANGUAGES, t
from storage.models import Absence
from storage.models_urgent import UrgentCase
from storage.segments import count_segments
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import (
    GUARDIAN_ONE_KID,
    GUARDIAN_TWO_KIDS,
    GUARDIAN_TWO_KIDS_UPN,
    OFFICE_UPN,
    RELATIVE_PHONE,
    TEACHER_UPN,
)

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
KARI_SMS = "+4792000001"
OFFICE_SMS = "+4792000009"
TOR_SMS = "+4790000011"
CHECKING = {t(lang, "safety.guardian_checking", child="Ola") for lang in LANGUAGES}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_MORNING)


@pytest.fixture
async def school(school_db_url: str, clock: FixedClock) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=clock, SKOLEBOT_FOLLOWUP_MINUTES=30) as bot:
        yield bot


async def rows(bot: Running) -> list[tuple[str, str, str | None]]:
    async with bot.services.db.transaction() as s:
        found = (await s.execute(select(Absence).order_by(Absence.student_id))).scalars()
        return [(a.student_id, a.status, a.reason) for a in found]


async def cases(bot: Running) -> list[UrgentCase]:
    async with bot.services.db.transaction() as s:
        return list((await s.execute(select(UrgentCase).order_by(UrgentCase.id))).scalars())


def sent_to(bot: Running, conversation_id: str) -> list[dict[str, Any]]:
    return [a for a in bot.connector.activities if a.get("conversation", {}).get("id") == conversation_id]


async def staff_in_teams(bot: Running) -> tuple[Any, Any]:
    """Kari (contact teacher of 5B) and the office have talked to the bot in Teams before."""
    kari, office = bot.user(TEACHER_UPN), bot.user(OFFICE_UPN)
    await bot.client.say(kari, "hei")
    await bot.client.say(office, "hei")
    return kari, office


async def ola_registered_missing(bot: Running, kari: Any) -> None:
    await bot.client.say(kari, "borte: Ola")
    await bot.services.sms_adapter.drain()
    assert "Ola (5B) er ikke på skolen i dag" in bot.phone.inbox(GUARDIAN_TWO_KIDS)[-1]


def assert_urgent(activity: dict[str, Any], *, marker: str = "HASTER:") -> None:
    """Marked urgent three ways: the activity's importance, a Teams alert, and the visible marker first."""
    assert activity.get("importance") == "high"
    assert activity.get("channelData", {}).get("notification", {}).get("alert") is True
    assert activity["text"].startswith(marker), activity["text"]


async def test_took_the_bus_opens_an_urgent_case_that_only_staff_close(school: Running, clock: FixedClock) -> None:
    kari, office = await staff_in_teams(school)
    await ola_registered_missing(school, kari)

    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "hæ? han tok bussen kl 8??")

    assert replies == ["Takk. Skolen sjekker nå hvor Ola er og ringer deg straks."]
    assert count_segments(replies[0]).segments <= 2
    for person in (kari, office):
        notice = sent_to(school, person.conversation_id)[-1]
        assert_urgent(notice)
        text = notice["text"]
        assert "Ola Nordmann (5B)" in text and "dro til skolen" in text
        assert "Lise Nordmann" in text and GUARDIAN_TWO_KIDS in text  # whom to call back
        assert "bussen" not in text and "hæ" not in text  # categories, not the guardian's words
        button = notice["attachments"][0]["content"]["actions"][0]
        assert button["data"]["skolebot"] == "urgent_resolve"
    assert not any("forklart" in t for t in school.connector.texts(kari.conversation_id))
    assert await rows(school) == [("s-ola", "urgent", None)]

    # Long past the follow-up wait: nobody else is asked, the office is not told "no answer".
    before_office = len(sent_to(school, office.conversation_id))
    tor_before = list(school.phone.inbox(TOR_SMS))  # asked at once with Lise, when Ola was registered
    assert len(tor_before) == 1
    clock.now += dt.timedelta(minutes=95)
    await school.services.jobs.run_once()
    await school.services.sms_adapter.drain()
    assert school.phone.inbox(TOR_SMS) == tor_before
    assert len(sent_to(school, office.conversation_id)) == before_office
    assert await rows(school) == [("s-ola", "urgent", None)]

    # "Ring meg!" is passed on, marked urgent, never "forsto jeg ikke".
    again = await school.phone.text(GUARDIAN_TWO_KIDS, "Ring meg!")
    assert again == ["Takk, beskjeden er sendt til skolen nå. De ringer deg straks."]
    addition = sent_to(school, kari.conversation_id)[-1]
    assert_urgent(addition)
    assert "Ny melding om Ola Nordmann (5B)" in addition["text"] and "ber skolen ringe" in addition["text"]
    still = await school.phone.text(GUARDIAN_TWO_KIDS, "har dere funnet ham?")  # not the same line word for word
    assert still == ["Skolen har fått alle meldingene dine og ringer deg så snart de vet mer."]

    # Kari resolves with a command (what she adds is not kept); the office and Lise hear it once.
    done = await school.client.say(kari, "Ola er funnet, han var i gymsalen")
    assert done[0]["text"].startswith("Løst: Ola Nordmann (5B) er funnet.")
    told = sent_to(school, office.conversation_id)[-1]["text"]
    assert told.startswith("LØST: Ola Nordmann (5B) er funnet.") and "Kari Larsen" in told
    await school.services.sms_adapter.drain()
    assert school.phone.inbox(GUARDIAN_TWO_KIDS)[-1] == "Ola er funnet, og saken er avsluttet. Hilsen Solbakken skole"
    assert await rows(school) == [("s-ola", "resolved", None)]
    twice = await school.client.say(office, "Ola er funnet")
    assert "Det er ingen åpen hastesak om Ola" in twice[0]["text"]
    assert [c.decided_by for c in await cases(school)] == ["t-kari"]


async def test_walked_to_school_in_english_goes_to_the_office_by_sms_when_not_in_teams(school: Running) -> None:
    kari = school.user(TEACHER_UPN)
    await school.client.say(kari, "hei")  # the office has never opened Teams
    await ola_registered_missing(school, kari)

    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "she walked to school at 8!")

    assert replies == ["Thank you. The school is checking where Ola is right now and will call you shortly."]
    assert count_segments(replies[0]).segments <= 2  # answered in her language, not with the reason menu
    office_sms = school.phone.inbox(OFFICE_SMS)
    assert len(office_sms) == 1 and office_sms[0].startswith("HASTER: Ola Nordmann (5B)")
    assert_urgent(sent_to(school, kari.conversation_id)[-1])
    assert await rows(school) == [("s-ola", "urgent", None)]


@pytest.mark.parametrize(
    "answer",
    [
        "Ring meg!",
        "er han ikke der?",
        "Han dro hjemmefra kl 08.00",
        "ho gjekk til skulen som vanleg",
        "pappa kjørte ham til skolen",
        "isn't he there??",
        "Ok, beklager",  # nothing we can read as a reason: urgent, never closed on a guess
    ],
)
async def test_should_be_there_phrasings_are_never_closed(school: Running, answer: str) -> None:
    kari, _ = await staff_in_teams(school)
    await ola_registered_missing(school, kari)
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, answer)
    assert len(replies) == 1 and replies[0] in CHECKING  # in the language she wrote in
    assert_urgent(sent_to(school, kari.conversation_id)[-1])
    assert await rows(school) == [("s-ola", "urgent", None)]


async def test_a_clear_reason_still_closes_the_follow_up_as_explained(school: Running) -> None:
    kari, office = await staff_in_teams(school)
    await ola_registered_missing(school, kari)
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "han er syk")
    assert "registrert (sykdom)" in replies[0]
    assert await rows(school) == [("s-ola", "explained", "illness")]
    notice = sent_to(school, kari.conversation_id)[-1]
    assert "forklart" in notice["text"] and notice.get("importance") is None
    assert await cases(school) == []


async def test_guardian_answering_in_teams_and_office_resolving_with_the_card_button(school: Running) -> None:
    kari, office = await staff_in_teams(school)
    await ola_registered_missing(school, kari)
    lise = school.user(GUARDIAN_TWO_KIDS_UPN)

    answer = await school.client.say(lise, "Hæ, han gikk kl 8? Er han ikke der??")

    assert [a["text"] for a in answer] == ["Takk. Skolen sjekker nå hvor Ola er og ringer deg straks."]
    card = sent_to(school, office.conversation_id)[-1]
    assert_urgent(card)
    submit = card["attachments"][0]["content"]["actions"][0]["data"]
    done = await school.client.say(office, None, value=submit)
    assert done[0]["text"].startswith("Løst: Ola Nordmann (5B) er funnet.")
    assert sent_to(school, lise.conversation_id)[-1]["text"].startswith("Ola er funnet")  # on her channel
    assert sent_to(school, kari.conversation_id)[-1]["text"].startswith("LØST:")
    again = await school.client.say(kari, None, value=submit)
    assert "allerede løst" in again[0]["text"]  # resolved once
    assert await rows(school) == [("s-ola", "resolved", None)]


async def test_unsolicited_alarm_from_a_guardian_goes_urgent(school: Running) -> None:
    kari, office = await staff_in_teams(school)
    replies = await school.phone.text(GUARDIAN_ONE_KID, "Nora har ikke kommet hjem fra skolen!")
    assert replies == ["Takk. Skolen sjekker nå hvor Nora er og ringer deg straks."]
    for person in (kari, office):
        notice = sent_to(school, person.conversation_id)[-1]
        assert_urgent(notice)
        assert "Nora Berg (5B)" in notice["text"] and "(foresatt)" in notice["text"]
    assert await rows(school) == []  # no absence is invented; the case stands on its own
    assert [(c.student_id, c.signal, c.absence_id) for c in await cases(school)] == [("s-nora", "alarm", None)]


async def test_alarm_from_a_relative_is_passed_on_and_the_relative_learns_nothing(school: Running) -> None:
    kari, office = await staff_in_teams(school)
    replies = await school.phone.text(RELATIVE_PHONE, "Ola er savnet! Vet ikke hvor han er")
    assert replies == ["Takk, beskjeden er sendt videre til skolen nå, og de tar kontakt."]
    assert "bare foresatte" not in replies[0] and "Ola" not in replies[0]
    notice = sent_to(school, kari.conversation_id)[-1]
    assert_urgent(notice)
    assert "Solveig Nordmann (pårørende uten foreldreansvar)" in notice["text"]
    more = await school.phone.text(RELATIVE_PHONE, "Hallo??")
    assert more == ["Takk, beskjeden er sendt videre til skolen nå, og de tar kontakt."]
    await school.client.say(kari, "løst Ola")
    await school.services.sms_adapter.drain()
    assert not any("funnet" in m for m in school.phone.inbox(RELATIVE_PHONE))


async def test_staff_notice_is_sent_within_two_seconds_of_the_answer_arriving(school: Running) -> None:
    kari, _ = await staff_in_teams(school)
    await ola_registered_missing(school, kari)
    before = len(school.connector.activities)
    form = school.phone.form(GUARDIAN_TWO_KIDS, "han tok bussen kl 8, er han ikke der?")

    started = time.perf_counter()
    status, _ = await school.phone.post(form)
    while not any(
        a.get("importance") == "high" and a.get("conversation", {}).get("id") == kari.conversation_id
        for a in school.connector.activities[before:]
    ):
        assert time.perf_counter() - started < 5, "no urgent notice"
        await asyncio.sleep(0.005)
    elapsed = time.perf_counter() - started

    assert status == 200
    print(f"\nguardian's answer at /api/sms -> urgent staff notice sent: {elapsed * 1000:.0f} ms")
    assert elapsed < 2.0
    await school.services.sms_adapter.drain()
