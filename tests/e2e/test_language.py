"""The person's language from their first message, over SMS and Teams, and a change of language confirmed in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import (
    GUARDIAN_ONE_KID,
    GUARDIAN_TWO_KIDS,
    GUARDIAN_TWO_KIDS_UPN,
    LEADER_UPN,
    OTHER_GUARDIAN,
)

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING)) as bot:
        yield bot


async def stored_language(bot: Running, person_id: str) -> str | None:
    person = await bot.services.people.get(person_id)
    assert person is not None
    return person.language


async def test_a_first_sms_in_nynorsk_is_answered_in_nynorsk(school: Running) -> None:
    replies = await school.phone.text(GUARDIAN_ONE_KID, "Nora er sjuk i dag")
    assert replies == ["Registrert: Nora (5B) borte i dag, måndag 30. november, sjukdom. Kontaktlærar er varsla."]
    assert await stored_language(school, "g-berg") == "nn"


async def test_a_first_sms_asking_for_the_week_plan_in_nynorsk_is_answered_in_nynorsk(school: Running) -> None:
    (answer,) = await school.phone.text(GUARDIAN_ONE_KID, "kva er vekeplanen?")
    assert "vekeplan" in answer and "ikkje" in answer, answer
    assert await stored_language(school, "g-berg") == "nn"


async def test_a_first_teams_message_in_nynorsk_is_answered_in_nynorsk(school: Running) -> None:
    replies = await school.client.say(school.user(GUARDIAN_TWO_KIDS_UPN), "Ola er sjuk i dag")
    assert (
        replies[0]["text"] == "Registrert: Ola (5B) borte i dag, måndag 30. november, sjukdom. Kontaktlærar er varsla."
    )
    assert await stored_language(school, "g-lise") == "nn"


async def test_a_first_message_in_english_is_answered_in_english(school: Running) -> None:
    replies = await school.phone.text(OTHER_GUARDIAN, "Jonas is sick today")
    assert replies == ["Recorded: Jonas (5B) absent today, Monday 30 November, illness. Contact teacher notified."]
    assert await stored_language(school, "g-ali") == "en"


async def test_a_later_message_does_not_change_a_language_once_set(school: Running) -> None:
    await school.phone.text(GUARDIAN_ONE_KID, "Nora er sjuk i dag")
    (answer,) = await school.phone.text(GUARDIAN_ONE_KID, "hva er ukeplanen?")
    assert "vekeplan" in answer  # still nynorsk: only an explicit choice changes it
    assert await stored_language(school, "g-berg") == "nn"


async def test_a_change_of_language_is_confirmed_in_the_new_language_in_teams(school: Running) -> None:
    leader = school.user(LEADER_UPN)
    for asked, confirmed, lang in [
        ("språk nynorsk", "Ok, eg skriv nynorsk til deg frå no.", "nn"),
        ("language English", "OK, I'll write to you in English from now on.", "en"),
        ("bokmål", "Ok, jeg skriver bokmål til deg fra nå av.", "nb"),
        ("kan du skrive nynorsk?", "Ok, eg skriv nynorsk til deg frå no.", "nn"),
    ]:
        replies = await school.client.say(leader, asked)
        assert [r["text"] for r in replies] == [confirmed]
        assert await stored_language(school, "a-rektor") == lang
    replies = await school.client.say(leader, "hei")
    assert replies[0]["text"].startswith("Hei, Randi! Eg er Skolebot")


async def test_a_change_of_language_by_sms_is_confirmed_and_used(school: Running) -> None:
    assert await school.phone.text(GUARDIAN_ONE_KID, "språk engelsk") == [
        "OK, I'll write to you in English from now on."
    ]
    replies = await school.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
    assert replies == ["Recorded: Nora (5B) absent today, Monday 30 November, illness. Contact teacher notified."]
    assert await school.phone.text(GUARDIAN_ONE_KID, "nynorsk") == ["Ok, eg skriv nynorsk til deg frå no."]
    assert await stored_language(school, "g-berg") == "nn"


async def test_asking_for_english_in_a_sentence_is_confirmed_while_a_question_waits(school: Running) -> None:
    (asked,) = await school.phone.text(GUARDIAN_TWO_KIDS, "er syk i dag")
    assert "Ola" in asked and "Emma" in asked
    assert await school.phone.text(GUARDIAN_TWO_KIDS, "Could you reply in English?") == [
        "OK, I'll write to you in English from now on."
    ]
    (done,) = await school.phone.text(GUARDIAN_TWO_KIDS, "Emma")  # the question still waits, now answered in English
    assert done.startswith("Recorded: Emma (2A) absent today, Monday 30 November")


async def test_an_unknown_number_is_answered_in_the_language_of_its_message(school: Running) -> None:
    (english,) = await school.phone.text("+4799999901", "Hello, my son is sick today")
    (nynorsk,) = await school.phone.text("+4799999902", "dottera mi er sjuk i dag")
    (bokmal,) = await school.phone.text("+4799999903", "datteren min er syk")
    assert "not registered" in english
    assert "ikkje registrert" in nynorsk
    assert "ikke registrert" in bokmal
