"""Absence end to end over /api/sms and /api/messages: report, ask, follow up, leave, correct."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from storage.models import LeaveRequest
from tests.e2e.harness import FixedClock, Running, absences, running_bot
from tests.e2e.seed import (
    GUARDIAN_ONE_KID,
    GUARDIAN_TWO_KIDS,
    GUARDIAN_TWO_KIDS_UPN,
    OFFICE_UPN,
    OTHER_GUARDIAN,
    RELATIVE_PHONE,
    TEACHER_UPN,
)

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
KARI_SMS = "+4792000001"
TOR_SMS = "+4790000011"


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING)) as bot:
        yield bot


async def test_guardian_reports_by_sms_and_teacher_is_told_in_teams(school: Running) -> None:
    kari = school.user(TEACHER_UPN)
    await school.client.say(kari, "hei")  # Kari has talked to the bot in Teams before
    replies = await school.phone.text(GUARDIAN_ONE_KID, "Hei! Nora er syk i dag 🤒 Mvh Anne")
    assert replies == ["Registrert: Nora (5B) borte i dag, mandag 30. november, sykdom. Kontaktlærer er varslet."]
    rows = await absences(school)
    assert [(r.student_id, r.date, r.status, r.reason, r.channel, r.reported_by) for r in rows] == [
        ("s-nora", dt.date(2026, 11, 30), "reported", "illness", "sms", "g-berg")
    ]
    notice = school.connector.texts(kari.conversation_id)[-1]
    assert "Nora Berg (5B)" in notice and "sykdom" in notice and "SMS" in notice
    assert "🤒" not in notice and "Mvh" not in notice  # the teacher gets the category, not the words


async def test_teacher_without_teams_is_told_by_sms(school: Running) -> None:
    await school.phone.text(GUARDIAN_ONE_KID, "Nora har tannlegetime og kommer kl 10")
    inbox = school.phone.inbox(KARI_SMS)
    assert len(inbox) == 1 and "Nora Berg (5B)" in inbox[0] and "kommer kl. 10:00" in inbox[0]  # arrives, says so
    row = (await absences(school))[0]
    assert (row.reason, row.start_time, row.end_time) == ("appointment", None, dt.time(10, 0))


async def test_two_children_not_said_which_is_asked_and_answered_by_number(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_TWO_KIDS, "er syk i dag")
    assert asked == ["Gjelder det Ola eller Emma? Svar 1 for Ola, 2 for Emma eller 3 for Begge."]
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "2")
    assert done[0].startswith("Registrert: Emma (2A) borte i dag")
    assert [r.student_id for r in await absences(school)] == ["s-emma"]


async def test_two_children_answered_by_name_and_begge(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "blir hjemme i morgen")
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "begge")
    assert "Ola (5B) og Emma (2A)" in done[0] and "i morgen, tirsdag 1. desember" in done[0]
    assert sorted(r.student_id for r in await absences(school)) == ["s-emma", "s-ola"]


async def test_relative_without_parental_responsibility_cannot_report(school: Running) -> None:
    replies = await school.phone.text(RELATIVE_PHONE, "Ola er syk i dag")
    assert "bare foresatte" in replies[0]
    assert await absences(school) == []


async def test_another_familys_child_is_not_guessed(school: Running) -> None:
    replies = await school.phone.text(OTHER_GUARDIAN, "Nora er syk i dag")
    assert await absences(school) == []
    assert replies == ["Jeg finner ingen Nora blant barna dine. Gjelder det Jonas? Svar 1 for Ja eller 2 for Nei."]


async def test_correction_moves_the_report_to_the_other_child(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "Ola er syk i dag")
    fixed = await school.phone.text(GUARDIAN_TWO_KIDS, "feil, det var Emma")
    assert fixed[0].startswith("Endret: Emma (2A) er borte i dag")  # issue 16: says what changed
    assert [r.student_id for r in await absences(school)] == ["s-emma"]


async def test_withdraw_when_the_child_comes_after_all(school: Running) -> None:
    await school.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
    replies = await school.phone.text(GUARDIAN_ONE_KID, "Nora kommer likevel!")
    assert replies[0].startswith("Trukket tilbake: fraværet for Nora (5B) i dag")
    assert await absences(school) == []


async def test_teacher_lists_todays_absences(school: Running) -> None:
    await school.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
    listing = await school.client.say(school.user(TEACHER_UPN), "fravær 5B")
    text = listing[0]["text"]
    assert "Nora Berg (5B): meldt, sykdom" in text
    assert "Emma" not in text  # 2A is not Kari's class


async def test_unexplained_absence_sms_answered_in_teams_explains_that_absence(school: Running) -> None:
    kari = school.user(TEACHER_UPN)
    done = await school.client.say(kari, "borte: Ola")
    assert "Ola" in done[0]["text"]
    await school.services.sms_adapter.drain()
    sms = school.phone.inbox(GUARDIAN_TWO_KIDS)
    assert len(sms) == 1 and "Ola (5B) er ikke på skolen i dag" in sms[0]
    # Lise answers in Teams, not by SMS
    answer = await school.client.say(school.user(GUARDIAN_TWO_KIDS_UPN), "Han har feber, beklager!")
    assert "registrert (sykdom)" in answer[0]["text"]
    rows = await absences(school)
    assert [(r.student_id, r.status, r.reason, r.registered_by) for r in rows] == [
        ("s-ola", "explained", "illness", "t-kari")
    ]
    assert any("forklart" in t for t in school.connector.texts(kari.conversation_id))


async def test_unanswered_absence_texts_every_guardian_at_once_then_the_office(school_db_url: str) -> None:
    clock = FixedClock(MONDAY_MORNING)
    async with running_bot(school_db_url, clock=clock, SKOLEBOT_FOLLOWUP_MINUTES=30) as school:
        office = school.user(OFFICE_UPN)
        await school.client.say(office, "hei")
        await school.client.say(school.user(TEACHER_UPN), "borte: Ola")
        await school.services.sms_adapter.drain()
        # Both guardians are texted within the turn, not one after the other.
        assert len(school.phone.inbox(GUARDIAN_TWO_KIDS)) == 1
        assert len(school.phone.inbox(TOR_SMS)) == 1
        flow = school.services.deps.extras["absence"]
        assert await flow.escalate() == 0  # not yet
        assert not any("Ubesvart fravær" in t for t in school.connector.texts(office.conversation_id))
        clock.now += dt.timedelta(minutes=31)
        assert await flow.escalate() == 1
        unanswered = [t for t in school.connector.texts(office.conversation_id) if "Ubesvart fravær" in t]
        assert len(unanswered) == 1 and "Ola Nordmann" in unanswered[0]
        await school.services.sms_adapter.drain()
        assert len(school.phone.inbox(TOR_SMS)) == 1  # nobody is texted twice
        clock.now += dt.timedelta(minutes=31)
        assert await flow.escalate() == 0  # nothing is passed on twice
        # A late answer, after the office was told, still explains the absence.
        late = await school.phone.text(TOR_SMS, "Han er syk, beklager at jeg svarer så sent")
        assert "registrert (sykdom)" in late[0]
        assert [(r.student_id, r.status, r.reason) for r in await absences(school)] == [
            ("s-ola", "explained", "illness")
        ]


async def test_answer_by_sms_with_no_reason_is_never_closed_on_a_guess(school: Running) -> None:
    """Issue 16, safety first: an answer with no reason we can read is urgent, not a reason menu (was: asked
    "Hva er årsaken?" and closed the absence on the next digit)."""
    await school.client.say(school.user(TEACHER_UPN), "borte: Nora")
    await school.services.sms_adapter.drain()
    asked = await school.phone.text(GUARDIAN_ONE_KID, "Ok, beklager")
    assert asked == ["Takk. Skolen sjekker nå hvor Nora er og ringer deg straks."]
    assert [(r.status, r.reason) for r in await absences(school)] == [("urgent", None)]


async def test_leave_application_goes_to_the_office_and_the_decision_back_by_sms(school: Running) -> None:
    office = school.user(OFFICE_UPN)
    await school.client.say(office, "hei")
    sent = await school.phone.text(GUARDIAN_TWO_KIDS, "Søknad om fri for Emma 3.-4. desember, bryllup i familien")
    assert "sendt til kontoret" in sent[0]
    card_activity = school.connector.activities[-1]
    card = card_activity["attachments"][0]["content"]
    # the application is the message's text, said once; the card under it holds the two buttons
    assert card["version"] == "1.5" and "Emma Nordmann (2A)" in card_activity["text"] and card["body"] == []
    submit = card["actions"][0]["data"]
    decided = await school.client.say(office, None, value=submit)
    assert "innvilget" in decided[0]["text"]
    await school.services.sms_adapter.drain()
    assert "innvilget" in school.phone.inbox(GUARDIAN_TWO_KIDS)[-1]
    rows = await absences(school)
    assert [(r.date, r.status) for r in rows] == [
        (dt.date(2026, 12, 3), "leave_granted"),
        (dt.date(2026, 12, 4), "leave_granted"),
    ]
    again = await school.client.say(office, f"avslå {submit['request_id']}")
    assert "allerede behandlet" in again[0]["text"]


async def test_leave_without_days_asks_for_them(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_ONE_KID, "Vi vil søke om fri for Nora")
    assert "Hvilke dager" in asked[0]
    reason = await school.phone.text(GUARDIAN_ONE_KID, "7. til 9. desember")
    assert "Hva er årsaken" in reason[0]
    sent = await school.phone.text(GUARDIAN_ONE_KID, "familie")
    assert "sendt til kontoret" in sent[0]
    async with school.services.db.transaction() as s:
        req = (await s.execute(select(LeaveRequest))).scalar_one()
    assert (req.first_date, req.last_date, req.school_days, req.reason) == (
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 9),
        3,
        "family",
    )


async def test_a_new_request_while_a_choice_waits_starts_over(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_TWO_KIDS, "er syk i dag")
    assert asked[0].startswith("Gjelder det Ola eller Emma?")
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "Emma er syk i dag, beklager")
    assert done[0].startswith("Registrert: Emma (2A) borte i dag")


async def test_a_new_request_naming_one_child_is_not_taken_as_the_answer(school: Running) -> None:
    asked = await school.phone.text(GUARDIAN_TWO_KIDS, "er syk i dag")
    assert asked[0].startswith("Gjelder det Ola eller Emma?")
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "Emma har tannlege i morgen kl 10")
    assert "Emma" in done[0] and "i dag" not in done[0]
    recorded = await absences(school)
    assert [(a.student_id, a.date, a.reason) for a in recorded] == [("s-emma", dt.date(2026, 12, 1), "appointment")]


async def test_an_answer_with_a_few_words_around_the_name_still_answers(school: Running) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "er syk i dag")
    done = await school.phone.text(GUARDIAN_TWO_KIDS, "det gjelder Emma")
    assert done[0].startswith("Registrert: Emma (2A) borte i dag")


async def test_a_failing_turn_apologises_and_starts_the_conversation_afresh(school: Running, monkeypatch) -> None:
    await school.phone.text(GUARDIAN_TWO_KIDS, "er syk i dag")
    flow = school.services.deps.extras["absence"]

    async def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("simulated fault")

    monkeypatch.setattr(flow, "record_report", broken)
    assert await school.phone.text(GUARDIAN_TWO_KIDS, "2") == ["Beklager, noe gikk galt hos oss. Prøv igjen om litt."]
    monkeypatch.undo()
    after = await school.phone.text(GUARDIAN_TWO_KIDS, "2")
    assert "Registrert" not in after[0]  # the half-finished question is gone
    assert await absences(school) == []


async def test_teacher_ticks_the_missing_on_the_class_list_card(school: Running) -> None:
    kari = school.user(TEACHER_UPN)
    listing = (await school.client.say(kari, "fravær 5B"))[0]
    card = listing["attachments"][0]["content"]
    toggles = {b["title"]: b["id"] for b in card["body"] if b["type"] == "Input.Toggle"}
    assert set(toggles) == {"Ola Nordmann", "Nora Berg", "Jonas Ali"}
    submit = dict(card["actions"][0]["data"])
    submit.update({toggles["Ola Nordmann"]: "true", toggles["Nora Berg"]: "false", toggles["Jonas Ali"]: "true"})
    done = await school.client.say(kari, None, value=submit)
    assert "Ola" in done[0]["text"] and "Jonas" in done[0]["text"]
    assert sorted((r.student_id, r.status) for r in await absences(school)) == [
        ("s-jonas", "unexplained"),
        ("s-ola", "unexplained"),
    ]
    await school.services.sms_adapter.drain()
    assert "er ikke på skolen i dag" in school.phone.inbox(GUARDIAN_TWO_KIDS)[0]


async def test_class_list_card_cannot_register_another_teachers_class(school: Running) -> None:
    per = school.user("per.hansen@solbakken.skole.no")  # teaches 2A only
    refused = await school.client.say(
        per, None, value={"skolebot": "register_missing", "class_id": "c-5b", "missing:s-ola": "true"}
    )
    assert "ikke tilgang" in refused[0]["text"]
    assert await absences(school) == []
