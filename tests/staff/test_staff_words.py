"""Staff in whole sentences (issue 16): deciding leave by the child's name, registering who is missing
without "borte:", asking who is unexplained, how the last alert went, publishing a week plan on one line,
a drill asked for in words, and "et grupperom" booked without a which-one question."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dialogs.absence.leave_words import NamedDecision, name_fits, read_named_decision
from dialogs.absence.missing_words import read_missing_sentence
from dialogs.absence.questions import read_staff_question
from dialogs.broadcast.phrases import asks_status, asks_who_sends, read_staff_compose
from dialogs.weekplan.request import publish_text
from storage.demo_school import (
    DEMO_GUARDIAN_PHONE,
    DEMO_LEADER_UPN,
    DEMO_OFFICE_UPN,
    DEMO_SUBJECT_TEACHER_UPN,
    DEMO_TEACHER_UPN,
)
from storage.models import Absence
from tests.staff.demo import Demo

NORA_MOTHER = "+4792345678"
SAHRA = "+4792665266"  # Agnes Abdi, 2A
TUVA = "tuva.bakke@solbakken.skole.no"  # contact teacher of 2A


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("innvilg søknaden for Emma", NamedDecision(True, "Emma")),
        ("godkjenn fri for Emma Nordli", NamedDecision(True, "Emma Nordli")),
        ("avslå søknaden til Nora.", NamedDecision(False, "Nora")),
        ("approve Nora's leave", NamedDecision(True, "Nora")),
        ("innvilg 12", None),
        ("godkjenn den", None),
    ],
)
def test_a_decision_by_name_is_read(text: str, expected: NamedDecision | None) -> None:
    assert read_named_decision(text) == expected


def test_a_name_fits_by_first_name_or_full_name() -> None:
    assert name_fits("Emma", "Emma Nordli") and name_fits("emma nordli", "Emma Nordli")
    assert not name_fits("Emma Lie", "Emma Nordli")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ola og Nora er ikke kommet", ("Ola", "Nora")),
        ("Nora mangler i dag", ("Nora",)),
        ("har ikke sett Emma og Antoni i dag", ("Emma", "Antoni")),
        ("Ola Nordli, Nora og Emma har ikke kommet enda", ("Ola Nordli", "Nora", "Emma")),
        ("Ola is not here today", ("Ola",)),
        ("Vi mangler vikar i dag", None),
        ("hvem mangler i dag?", None),
        ("Ola er syk i dag", None),
    ],
)
def test_missing_pupils_in_a_sentence(text: str, names: tuple[str, ...] | None) -> None:
    assert read_missing_sentence(text) == names


def test_unexplained_question_and_status_words() -> None:
    question = read_staff_question("hvem er ikke forklart i dag?")
    assert question is not None and question.action == "unexplained"
    assert read_staff_question("kven er ikkje forklart i 5B?") == read_staff_question("who is unexplained in 5B today?")
    assert asks_status("hvordan gikk det med siste varsel?") and asks_status("har alle fått meldingen?")
    assert not asks_status("hvem har ikke svart?") and not asks_status("hvordan går det?")
    assert asks_who_sends("hvem skal jeg spørre da?")


def test_drill_and_week_plan_in_words() -> None:
    drill = read_staff_compose("vi har brannøvelse kl 10, send øvelsesvarsel til hele skolen")
    assert drill is not None and drill.drill and drill.emergency and drill.audience == "school"
    news = read_staff_compose("send til alle foresatte: brannøvelse i morgen kl 10")
    assert news is not None and not news.drill and not news.emergency  # a planned drill told as news stays news
    assert publish_text("publiser ukeplan for 2A uke 51: Norsk: les side 30. Matte: 3-gangen") == (
        "ukeplan for 2A uke 51\nNorsk: les side 30. Matte: 3-gangen"
    )
    assert publish_text("ny ukeplan 5B:\nMandag: svømming") == "ukeplan 5B\nMandag: svømming"
    assert publish_text("ukeplan: neste uke?") is None


async def leave_status(demo: Demo, student: str) -> set[str]:
    async with demo.bot.services.db.transaction() as s:
        return set((await s.execute(select(Absence.status).where(Absence.student_id == student))).scalars())


async def test_the_office_grants_by_name_and_a_teacher_cannot(demo: Demo) -> None:
    await demo.sms(DEMO_GUARDIAN_PHONE, "søknad om fri for Emma 14.-16. des, bryllup i familien")
    refused = await demo.teams.say(TUVA, "innvilg søknaden for Emma")
    assert "kan ikke du behandle" in refused and await leave_status(demo, "s-emma") == {"leave_requested"}
    granted = await demo.teams.say(DEMO_OFFICE_UPN, "innvilg søknaden for Emma")
    assert granted.startswith("Søknaden for Emma (nr. ") and "innvilget" in granted
    assert await leave_status(demo, "s-emma") == {"leave_granted"}
    assert any("innvilget" in m for m in demo.bot.phone.inbox(DEMO_GUARDIAN_PHONE))
    assert "Finner ingen søknad om fri for Emma" in await demo.teams.say(DEMO_OFFICE_UPN, "godkjenn fri for Emma")


async def test_a_sentence_registers_the_missing_and_the_office_sees_who_is_unexplained(demo: Demo) -> None:
    reply = await demo.teams.say(DEMO_TEACHER_UPN, "Ola og Nora er ikke kommet")
    assert "Ola" in reply and "Nora" in reply and "forsto" not in reply
    assert any("Nora" in m for m in demo.bot.phone.inbox(NORA_MOTHER))  # the same-day SMS went out
    await demo.sms(DEMO_GUARDIAN_PHONE, "Han er syk, glemte å si fra")
    listed = await demo.teams.say(DEMO_OFFICE_UPN, "hvem er ikke forklart i dag?")
    assert "Nora Lie (5B)" in listed and "Ola" not in listed
    assert "Ingen uforklart fravær" in await demo.teams.say(DEMO_OFFICE_UPN, "hvem er uforklart i 2A?")


async def test_one_line_week_plan_reaches_a_guardian(demo: Demo) -> None:
    published = await demo.teams.say(TUVA, "publiser ukeplan for 2A uke 51: Norsk: les side 30-32. Matte: 3-gangen")
    assert "Ukeplan for 2A uke 51 er publisert" in published
    assert "3-gangen" in await demo.sms(SAHRA, "ukeplan neste uke")
    refused = await demo.teams.say(TUVA, "ukeplan 5B uke 51: Matte: brøk. Norsk: dikt og rim")
    assert "bare publisere ukeplaner for klasser" in refused


async def test_drill_in_words_asks_for_a_drill_text_and_others_are_refused(demo: Demo) -> None:
    asked = await demo.teams.say(DEMO_LEADER_UPN, "vi har brannøvelse kl 10, send øvelsesvarsel til hele skolen")
    assert asked == "Hva skal øvelsesmeldingen si? Den merkes ØVELSE."
    refused = await demo.teams.say(DEMO_SUBJECT_TEACHER_UPN, "kan du sende ut en brannøvelse til alle foresatte nå?")
    assert "bare sendes av skoleledelsen" in refused
    assert "Marianne Solheim" in await demo.teams.say(DEMO_SUBJECT_TEACHER_UPN, "hvem skal jeg spørre da?")


async def test_a_group_room_is_offered_without_asking_which(demo: Demo) -> None:
    offered = await demo.teams.say(DEMO_TEACHER_UPN, "trenger et grupperom fredag kl 12-13")
    assert "Grupperom 1" in offered and "Hvilken vil du ha" not in offered
    asked = await demo.teams.say(DEMO_TEACHER_UPN, "book grupperom fredag kl 12-13")
    assert "Hvilken vil du ha fredag 11. desember 12:00–13:00?" in asked  # the question says what it understood


async def test_status_of_the_last_alert_in_words(demo: Demo) -> None:
    assert "Hva skal" in await demo.teams.say(DEMO_LEADER_UPN, "send øvelsesvarsel til foresatte i 5B")
    await demo.teams.say(DEMO_LEADER_UPN, "Brannalarmen testes kl 10")
    await demo.teams.say(DEMO_LEADER_UPN, "bare Teams")
    await demo.teams.say(DEMO_LEADER_UPN, "ja")
    status = await demo.teams.say(DEMO_LEADER_UPN, "hvordan gikk det med siste varsel?")
    assert "Mottakere:" in status
