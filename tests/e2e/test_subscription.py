"""Help, opt-out and opt-in written in words, through /api/sms (issue 17, family 1), and questions about an
absence that are no report (family 5): one confirmation before an opt-out, the keywords as before."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from tests.e2e.harness import FixedClock, Running, absences, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS, TEACHER_UPN

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
ASK_NB = "Vil du slutte å få SMS fra skolen? Svar JA for å melde deg av."
ASK_EN = "Do you want to stop getting text messages from the school? Reply YES to unsubscribe."


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING), SKOLEBOT_SCHOOL_PHONE="22 12 34 56") as bot:
        yield bot


async def opted_out(bot: Running, person_id: str) -> bool:
    person = await bot.services.people.get(person_id)
    assert person is not None
    return person.sms_opted_out


async def test_an_opt_out_in_bokmal_is_asked_once_and_done_on_yes_in_own_words(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_ONE_KID, "Jeg vil ikke ha flere SMS fra skolen")
    assert asked == [ASK_NB]
    assert await opted_out(school, "g-berg") is False  # not before the answer
    done = await school.phone.text(GUARDIAN_ONE_KID, "ja, gjerne")
    assert len(done) == 1
    assert "ikke flere meldinger" in done[0] and "beredskapsmeldinger" in done[0]  # emergencies may still come
    assert await opted_out(school, "g-berg") is True


async def test_an_opt_out_in_english_is_asked_and_answered_in_english(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_TWO_KIDS, "Please stop texting me")
    assert asked == [ASK_EN]
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "yes please")
    assert "no more messages" in done[0] and "emergency" in done[0]
    assert await opted_out(school, "g-lise") is True


async def test_no_to_the_question_keeps_the_messages(school: Running) -> None:
    assert await school.phone.text(GUARDIAN_ONE_KID, "Slutt å sende meg meldinger") == [ASK_NB]
    kept = await school.phone.text(GUARDIAN_ONE_KID, "nei takk")
    assert kept[0].startswith("Greit, du får fortsatt SMS fra skolen")
    assert await opted_out(school, "g-berg") is False


async def test_a_report_instead_of_an_answer_is_a_report_and_opts_nobody_out(school: Running) -> None:
    assert await school.phone.text(GUARDIAN_ONE_KID, "Meld meg av SMS-varslene, takk") == [ASK_NB]
    replies = await school.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
    assert replies[0].startswith("Registrert: Nora (5B) borte i dag")
    assert await opted_out(school, "g-berg") is False
    assert [a.student_id for a in await absences(school)] == ["s-nora"]


async def test_the_keyword_still_opts_out_at_once_and_an_opt_in_in_words_brings_messages_back(
    school: Running,
) -> None:
    stopped = await school.phone.text(GUARDIAN_ONE_KID, "STOPP")
    assert "ikke flere meldinger" in stopped[0]
    assert await opted_out(school, "g-berg") is True
    back = await school.phone.text(GUARDIAN_ONE_KID, "Jeg vil gjerne få SMS fra skolen igjen")
    assert back[0].startswith("Velkommen tilbake")
    assert await opted_out(school, "g-berg") is False


async def test_an_opt_in_in_english_words(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "STOP")
    back = await school.phone.text(GUARDIAN_TWO_KIDS, "Please start sending me texts again")
    assert back[0].startswith("Welcome back")
    assert await opted_out(school, "g-lise") is False


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Hva kan jeg skrive her?", ("fravær", "ukeplan", "STOPP")),
        ("Korleis fungerer denne tenesta?", ("fråvær", "vekeplan", "STOPP")),
        ("What can I text this number?", ("absence", "week plan", "STOP")),
    ],
)
async def test_a_question_about_the_service_gets_the_help(school: Running, text: str, words: tuple[str, ...]) -> None:
    replies = await school.phone.text(GUARDIAN_ONE_KID, text)
    assert len(replies) == 1
    assert all(w in replies[0] for w in words), replies[0]
    assert "har sendt meldingen" not in replies[0]  # answered, not forwarded to a teacher


async def test_a_question_about_an_absence_goes_to_the_teacher_and_records_nothing(school: Running) -> None:
    kari = school.user(TEACHER_UPN)
    await school.client.say(kari, "hei")  # Kari has the bot in Teams
    text = "Hvorfor fikk jeg melding om at Nora var borte i går? Hun var på skolen hele dagen"
    replies = await school.phone.text(GUARDIAN_ONE_KID, text)
    assert replies[0].startswith("Jeg har sendt meldingen til Kari Larsen, kontaktlærer i 5B")
    assert "Hun var på skolen hele dagen" in school.connector.texts(kari.conversation_id)[-1]
    assert await absences(school) == []


async def test_a_late_report_naming_a_past_day_is_still_a_report(school: Running) -> None:
    replies = await school.phone.text(GUARDIAN_ONE_KID, "Beklager sen beskjed: Nora var syk fredag")
    assert replies[0].startswith("Registrert: Nora (5B)")
    assert [(a.student_id, a.date) for a in await absences(school)] == [("s-nora", dt.date(2026, 11, 27))]
