"""Answers in people's own words, and a new request winning over a waiting question, over /api/sms and /api/messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from storage.models import Absence, LeaveRequest
from storage.weekplans import WeekPlans
from tests.booking.helpers import active
from tests.booking.helpers import say as teams
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import GUARDIAN_TWO_KIDS, GUARDIAN_TWO_KIDS_UPN, OTHER_GUARDIAN, TEACHER_UPN

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
KARI_SMS = "+4792000001"
QUESTION = "Gjelder det Ola eller Emma? Svar 1 for Ola, 2 for Emma eller 3 for Begge."


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING)) as bot:
        yield bot


async def absent(bot: Running) -> list[tuple[str, dt.date]]:
    async with bot.services.db.transaction() as s:
        rows = (await s.execute(select(Absence).order_by(Absence.student_id, Absence.date))).scalars()
        return [(r.student_id, r.date) for r in rows]


async def leave_requests(bot: Running) -> list[LeaveRequest]:
    async with bot.services.db.transaction() as s:
        return list((await s.execute(select(LeaveRequest))).scalars())


# ------------------------------------------------------------------ which child, in one's own words


@pytest.mark.parametrize(
    ("answer", "child"),
    [
        ("den minste", "s-emma"),
        ("minstemann", "s-emma"),
        ("eldste", "s-ola"),
        ("jenta", "s-emma"),
        ("gutten", "s-ola"),
        ("Emma Nordmann", "s-emma"),
        ("emmma", "s-emma"),
        ("den andre", "s-emma"),
        ("my daughter", "s-emma"),
    ],
)
async def test_which_child_answered_in_own_words_by_sms(school: Running, answer: str, child: str) -> None:
    assert await school.phone.text(GUARDIAN_TWO_KIDS, "er syk i dag") == [QUESTION]
    done = await school.phone.text(GUARDIAN_TWO_KIDS, answer)
    assert done[0].startswith("Registrert: "), done
    assert await absent(school) == [(child, dt.date(2026, 11, 30))]


async def test_which_child_answered_in_own_words_in_teams(school: Running) -> None:
    lise = school.user(GUARDIAN_TWO_KIDS_UPN)
    asked = await teams(school, lise, "blir hjemme i morgen")
    assert "Gjelder det Ola eller Emma?" in asked
    done = await teams(school, lise, "jenta")
    assert done.startswith("Registrert: Emma (2A) borte i morgen")
    assert await absent(school) == [("s-emma", dt.date(2026, 12, 1))]


async def test_a_shared_surname_is_asked_again_differently_then_a_full_name_answers(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "er syk i dag")
    again = await school.phone.text(GUARDIAN_TWO_KIDS, "Nordmann")
    assert again != [QUESTION]
    assert "flere" in again[0] and '"1" for Ola' in again[0] and "Svar 1 for Ola, 2 for Emma" in again[0]
    assert await absent(school) == []
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "Emma Nordmann")
    assert done[0].startswith("Registrert: Emma (2A) borte i dag")


async def test_a_non_answer_is_not_met_with_the_same_question_word_for_word(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "er syk i dag")
    first = await school.phone.text(GUARDIAN_TWO_KIDS, "hmm?")
    assert first != [QUESTION]
    assert "forsto jeg ikke" in first[0] and 'for eksempel "1" for Ola' in first[0] and "Svar 1 for Ola" in first[0]
    second = await school.phone.text(GUARDIAN_TWO_KIDS, "hva mener du")
    assert second not in ([QUESTION], first)
    assert "avbryt" in second[0]
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "1")
    assert done[0].startswith("Registrert: Ola (5B) borte i dag")


async def test_a_non_answer_in_teams_gets_the_numbered_choices(school: Running) -> None:
    lise = school.user(GUARDIAN_TWO_KIDS_UPN)
    asked = await teams(school, lise, "er syk i dag")
    again = await teams(school, lise, "tja")
    assert again != asked
    assert "forsto jeg ikke" in again and "1. Ola" in again and "2. Emma" in again and "3. Begge" in again


# ------------------------------------------------------------------ a reason in a sentence


async def test_a_leave_reason_answered_with_a_sentence(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_TWO_KIDS, "søknad om fri for Ola 3. og 4. desember")
    assert "Svar 1 for" in asked[0]
    sent = await school.phone.text(GUARDIAN_TWO_KIDS, "vi skal i gravferd til bestefar")
    assert "er sendt til kontoret" in sent[0], sent
    (request,) = await leave_requests(school)
    assert request.reason == "family"


# ------------------------------------------------------------------ yes / no


@pytest.mark.parametrize("yes", ["ja takk", "jepp", "gjerne", "det stemmer", "yes please", "jada", "jau"])
async def test_booking_yes_in_own_words_books(school: Running, yes: str) -> None:
    asked = await teams(school, TEACHER_UPN, "book musikkrommet fredag 10–11")
    assert "Skal jeg booke?" in asked
    done = await teams(school, TEACHER_UPN, yes)  # "yes please" also switches the language to English
    assert done.startswith(("Booket: Musikkrommet fredag 4. desember", "Booked: Musikkrommet Friday 4 December"))
    assert len(await active(school)) == 1


@pytest.mark.parametrize("no", ["nei", "nei takk", "ikkje", "nope", "no thanks"])
async def test_booking_no_in_own_words_books_nothing(school: Running, no: str) -> None:
    await teams(school, TEACHER_UPN, "book musikkrommet fredag 10–11")
    said = await teams(school, TEACHER_UPN, no)  # "ikkje" switches to nynorsk, "no thanks" to English
    assert said in ("Ok, ingenting er booket.", "Ok, ingenting er booka.", "OK, nothing is booked.")
    assert await active(school) == []


async def test_booking_yes_by_sms(school: Running) -> None:
    asked = await school.phone.text(KARI_SMS, "book musikkrommet fredag 10-11")
    assert "Skal jeg booke?" in asked[0]
    done = await school.phone.text(KARI_SMS, "ja takk")
    assert done[0].startswith("Booket: Musikkrommet fredag 4. desember")


# ------------------------------------------------------------------ a new request wins over a waiting question


async def test_fravaer_while_a_booking_question_waits_starts_over_in_teams(school: Running) -> None:
    asked = await teams(school, TEACHER_UPN, "book musikkrommet fredag 10–11")
    assert "Skal jeg booke?" in asked
    listing = await teams(school, TEACHER_UPN, "fravær")
    assert "Skal jeg booke?" not in listing and "Ja" not in listing.split()
    assert "fravær" in listing.lower() or "borte" in listing.lower() or "ingen" in listing.lower(), listing
    assert await active(school) == []
    # the booking question is gone: "ja" now is no answer to it
    assert not (await teams(school, TEACHER_UPN, "ja")).startswith("Booket")
    assert await active(school) == []


async def test_borte_while_a_booking_question_waits_registers_in_teams(school: Running) -> None:
    await teams(school, TEACHER_UPN, "book musikkrommet fredag 10–11")
    done = await teams(school, TEACHER_UPN, "borte: Ola")
    assert "Ola" in done and "Skal jeg booke?" not in done
    assert await absent(school) == [("s-ola", dt.date(2026, 11, 30))]
    assert await active(school) == []


async def test_fravaer_while_a_booking_question_waits_starts_over_by_sms(school: Running) -> None:
    await school.phone.text(KARI_SMS, "book musikkrommet fredag 10-11")
    listing = await school.phone.text(KARI_SMS, "fravær")
    assert "Skal jeg booke?" not in listing[0]
    assert await active(school) == []


async def test_a_complete_report_while_which_child_waits_for_another_matter_by_sms(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_TWO_KIDS, "søknad om fri 3. og 4. desember, vi skal i bryllup")
    assert asked[0].startswith("Gjelder det Ola eller Emma?")
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "Emma er syk i dag")
    assert done[0].startswith("Registrert: Emma (2A) borte i dag")
    assert await absent(school) == [("s-emma", dt.date(2026, 11, 30))]
    assert await leave_requests(school) == []


async def test_a_new_report_while_which_child_waits_in_teams(school: Running) -> None:
    lise = school.user(GUARDIAN_TWO_KIDS_UPN)
    await teams(school, lise, "søknad om fri 3. og 4. desember, vi skal i bryllup")
    done = await teams(school, lise, "Ola har tannlege i morgen kl 10")
    assert done.startswith("Registrert: Ola (5B)")
    assert await absent(school) == [("s-ola", dt.date(2026, 12, 1))]


async def test_an_answer_that_names_the_child_stays_an_answer(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "er syk i dag")
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "det gjelder Emma")
    assert done[0].startswith("Registrert: Emma (2A) borte i dag")


# ------------------------------------------------------------------ every flow's child question


async def test_weekplan_which_child_answered_with_den_minste(school: Running) -> None:
    plans = WeekPlans(school.services.db)
    # Plans too long to go together in one SMS: the bot asks which child rather than cutting them.
    long_5b = "Mandag: Norsk: les s. 12. " + " ".join(f"Oppgave {n}: skriv en lang tekst om dyr." for n in range(12))
    long_2a = "Mandag: Lesing: les Emma-boka. " + " ".join(f"Oppgave {n}: tegn en tegning av dyr." for n in range(12))
    await plans.publish(year=2026, week=49, class_id="c-5b", body=long_5b, published_by="t-kari")
    await plans.publish(year=2026, week=49, class_id="c-2a", body=long_2a, published_by="t-per")
    asked = await school.phone.text(GUARDIAN_TWO_KIDS, "ukeplan")
    assert asked == ["Hvilket barn gjelder det? Svar 1 for Ola eller 2 for Emma."]
    (plan,) = await school.phone.text(GUARDIAN_TWO_KIDS, "den minste")
    assert plan.startswith("Ukeplan 2A uke 49:")


async def test_yes_to_gjelder_det_jonas_is_jonas(school: Running) -> None:
    asked = await school.phone.text(OTHER_GUARDIAN, "Nora er syk i dag")
    assert "Gjelder det Jonas?" in asked[0]
    done = await school.phone.text(OTHER_GUARDIAN, "jepp")
    assert done[0].startswith("Registrert: Jonas (5B) borte i dag")
    assert await absent(school) == [("s-jonas", dt.date(2026, 11, 30))]
