"""The learned second opinion (bot/understanding/learned.py) reaches the product through /api/sms: a usage
question or an opt-out the grammar could not place is answered as the parse says, and an answer to the
school's "your child is not at school" SMS is read by the grammar alone (safety rules stay exact)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.understanding import learned, parse
from tests.e2e.harness import FixedClock, Running, absences, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS, TEACHER_UPN

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
ASK_NB = "Vil du slutte å få SMS fra skolen? Svar JA for å melde deg av."
# Words no grammar rule knows: only a model can place them.
OPAQUE = "Blomsterpotte paraply sjiraff kanelbolle"


class Sure:
    """A stand-in model that is sure of one intent whatever the text."""

    def __init__(self, intent: str) -> None:
        self.intent = intent

    def probabilities(self, text: str) -> dict[str, float]:
        return {self.intent: 0.9, "unknown": 0.1} if self.intent != "unknown" else {"unknown": 1.0}


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sure]:
    fake = Sure("unknown")
    monkeypatch.setattr(learned, "intent_model", lambda: fake)
    monkeypatch.setattr(parse, "intent_model", lambda: fake)
    yield fake


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING), SKOLEBOT_SCHOOL_PHONE="22 12 34 56") as bot:
        yield bot


async def test_a_sentence_the_model_reads_as_help_gets_the_help(school: Running, model: Sure) -> None:
    model.intent = "help"
    replies = await school.phone.text(GUARDIAN_ONE_KID, OPAQUE)
    assert len(replies) == 1 and all(w in replies[0] for w in ("fravær", "ukeplan", "STOPP")), replies


async def test_a_sentence_the_model_reads_as_an_opt_out_is_confirmed_first(school: Running, model: Sure) -> None:
    model.intent = "stop"
    assert await school.phone.text(GUARDIAN_ONE_KID, OPAQUE) == [ASK_NB]
    person = await school.services.people.get("g-berg")
    assert person is not None and person.sms_opted_out is False  # nothing is done before the answer


async def test_without_the_model_the_same_sentence_is_passed_to_a_person(school: Running, model: Sure) -> None:
    replies = await school.phone.text(GUARDIAN_ONE_KID, OPAQUE)
    assert "ukeplan" not in replies[0] and replies != [ASK_NB]


async def test_the_model_cannot_turn_a_safety_answer_into_a_menu(school: Running, model: Sure) -> None:
    model.intent = "help"
    kari = school.user(TEACHER_UPN)
    await school.client.say(kari, "borte: Ola")
    await school.services.sms_adapter.drain()
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "Han tok bussen kl 8, er han ikke der??")
    assert "sjekker" in replies[0] and "ukeplan" not in replies[0], replies
    assert [(r.student_id, r.status) for r in await absences(school)] == [("s-ola", "urgent")]


@pytest.mark.parametrize(
    "text",
    [
        "Kan du forklare meg hva jeg kan bruke dette nummeret til",
        "What exactly can I do with this text service?",
    ],
)
async def test_with_the_shipped_model_usage_questions_in_words_get_the_help(school: Running, text: str) -> None:
    replies = await school.phone.text(GUARDIAN_ONE_KID, text)
    assert len(replies) == 1 and "STOP" in replies[0], replies
    assert "har sendt meldingen" not in replies[0]  # answered, not forwarded


async def test_the_model_cannot_turn_an_answer_to_the_schools_question_into_a_menu(
    school: Running, model: Sure
) -> None:
    model.intent = "help"
    kari = school.user(TEACHER_UPN)
    await school.client.say(kari, "borte: Ola")
    await school.services.sms_adapter.drain()
    replies = await school.phone.text(GUARDIAN_TWO_KIDS, "Han har feber, beklager at jeg ikke sa fra!")
    assert "registrert (sykdom)" in replies[0], replies
    assert [(r.student_id, r.status, r.reason) for r in await absences(school)] == [("s-ola", "explained", "illness")]
