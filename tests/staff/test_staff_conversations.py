"""Staff in their own words over /api/messages (and guardians trying staff commands over /api/sms):
each phrasing lands in the flow it means, and what is not theirs gets a clear, kind refusal."""

from __future__ import annotations

import pytest

from storage.demo_school import (
    DEMO_GUARDIAN_PHONE,
    DEMO_LEADER_UPN,
    DEMO_OFFICE_UPN,
    DEMO_SECOND_GUARDIAN_PHONE,
    DEMO_SINGLE_CHILD_GUARDIAN_PHONE,
    DEMO_TEACHER_UPN,
)
from tests.staff.demo import Demo

NOT_UNDERSTOOD = ("forsto jeg ikke", "did not understand", "forstod eg ikkje")


def understood(reply: str) -> bool:
    return bool(reply) and not any(words in reply for words in NOT_UNDERSTOOD)


async def two_absent_in_5b(demo: Demo) -> None:
    """Ola reported sick by his mother; Nora registered missing by the teacher (unexplained)."""
    assert "Registrert: Ola (5B)" in await demo.sms(DEMO_GUARDIAN_PHONE, "Ola er syk i dag")
    assert "Nora" in await demo.teams.say(DEMO_TEACHER_UPN, "borte: Nora")


@pytest.mark.parametrize(
    "question", ["hvem er borte i dag?", "hvem mangler i 5B?", "kven er borte i dag", "who is absent today?"]
)
async def test_who_is_away_today_lists_the_day(demo: Demo, question: str) -> None:
    await two_absent_in_5b(demo)
    reply = await demo.teams.say(DEMO_TEACHER_UPN, question)
    assert "Ola Nordli (5B)" in reply and "Nora Lie (5B)" in reply
    assert "7. desember" in reply or "7 December" in reply


async def test_how_many_are_sick_counts_by_reason_with_the_list(demo: Demo) -> None:
    await two_absent_in_5b(demo)
    reply = await demo.teams.say(DEMO_TEACHER_UPN, "hvor mange er syke i dag?")
    first, *lines = reply.split("\n")
    assert first == "Mandag 7. desember, 5B: 2 elever borte – 1 sykdom, 1 ikke meldt."
    assert lines == ["Nora Lie (5B): ikke forklart (venter på svar)", "Ola Nordli (5B): meldt, sykdom"]


async def test_a_leader_counts_the_whole_school_and_nobody_is_away_reads_so(demo: Demo) -> None:
    reply = await demo.teams.say(DEMO_LEADER_UPN, "hvor mange er borte")
    assert reply == "Mandag 7. desember, 14 klasser: ingen er meldt eller registrert borte."
    office = await demo.teams.say(DEMO_OFFICE_UPN, "hvem er borte i dag?")
    assert understood(office) and "mandag 7. desember" in office


async def test_send_to_all_guardians_prefills_a_teachers_own_class_and_text(demo: Demo) -> None:
    preview = await demo.teams.say(DEMO_TEACHER_UPN, "send til alle foresatte: Husk turdag i morgen")
    # audience and text are taken and no channel is asked: the preview comes at once, on Teams and SMS
    assert "Husk turdag i morgen" in preview and "Til: foresatte i 5B" in preview
    assert "Sendes på Teams og SMS. Skriv «bare SMS» eller «bare Teams» for å endre." in preview
    again = await demo.teams.say(DEMO_TEACHER_UPN, "bare Teams")
    assert "Husk turdag i morgen" in again and "Sendes bare på Teams." in again and "SMS: 0 SMS" in again


async def test_message_to_a_class_and_to_a_class_guardians(demo: Demo) -> None:
    preview = await demo.teams.say(DEMO_TEACHER_UPN, "melding til 5B: Husk gymtøy")
    assert "Husk gymtøy" in preview and "Til: " in preview and "5B" in preview
    await demo.teams.say(DEMO_TEACHER_UPN, "avbryt")
    preview = await demo.teams.say(DEMO_TEACHER_UPN, "send melding til foresatte i 5B: Foreldremøte torsdag")
    assert "Foreldremøte torsdag" in preview and "foresatte i 5B" in preview


async def test_a_leader_saying_ovelse_alone_starts_a_drill(demo: Demo) -> None:
    asked = await demo.teams.say(DEMO_LEADER_UPN, "øvelse")
    assert asked == "Hva skal øvelsesmeldingen si? Den merkes ØVELSE."  # a drill is asked for as one
    await demo.teams.say(DEMO_LEADER_UPN, "Brannøvelse kl 10")
    preview = await demo.teams.say(DEMO_LEADER_UPN, "hele skolen")
    assert "BEREDSKAPSØVELSE" in preview and "Brannøvelse kl 10" in preview


@pytest.mark.parametrize("text", ["send beredskapsvarsel", "send akuttvarsel til alle", "emergency alert", "drill"])
async def test_a_teacher_asking_for_an_emergency_is_told_who_can(demo: Demo, text: str) -> None:
    reply = await demo.teams.say(DEMO_TEACHER_UPN, text)
    assert reply.startswith("Beklager, beredskapsvarsel og beredskapsøvelser kan bare sendes av skoleledelsen.")
    assert "Marianne Solheim" in reply  # staff may know who the leaders are


async def test_a_leader_asking_for_an_emergency_alert_gets_the_composition(demo: Demo) -> None:
    asked = await demo.teams.say(DEMO_LEADER_UPN, "send beredskapsvarsel til hele skolen")
    assert asked == "Hva skal beredskapsmeldingen si?"


async def test_the_pc_trolley_is_the_computer_cabinet(demo: Demo) -> None:
    asked = await demo.teams.say(DEMO_TEACHER_UPN, "trenger PC-vogna i morgen 10-12")
    assert "Dataskap 1 (30 PC-er)" in asked and "Dataskap 2 (16 PC-er)" in asked
    offered = await demo.teams.say(DEMO_TEACHER_UPN, "Dataskap 2 (16 PC-er)")
    assert understood(offered) and "8. desember" in offered


async def test_room_and_ipad_cabinet_in_plain_words(demo: Demo) -> None:
    music = await demo.teams.say(DEMO_TEACHER_UPN, "jeg trenger musikkrommet fredag 10-11")
    assert "Musikkrommet" in music and "fredag 11. desember" in music and "10:00" in music
    await demo.teams.say(DEMO_TEACHER_UPN, "avbryt")
    ipad = await demo.teams.say(DEMO_TEACHER_UPN, "kan jeg få låne iPad-skapet i morgen?")
    assert understood(ipad) and ("Når" in ipad or "iPadskap" in ipad)


async def test_something_to_borrow_that_has_no_name_here_is_asked_about(demo: Demo) -> None:
    asked = await demo.teams.say(DEMO_TEACHER_UPN, "trenger smartboard-tralla i morgen 10-12")
    assert understood(asked) and "Musikkrom" in asked  # which kind of room or equipment, not a dead end


async def test_a_guardian_asking_a_staff_question_by_sms_is_told_what_they_can_do(demo: Demo) -> None:
    reply = await demo.sms(DEMO_SECOND_GUARDIAN_PHONE, "hvem er borte i dag?")
    assert reply.startswith("Beklager, fraværsoversikten er bare for ansatte.")
    assert "melde fravær" in reply and "Nordli" not in reply


async def test_a_guardian_trying_a_broadcast_is_refused_kindly_on_both_channels(demo: Demo) -> None:
    by_sms = await demo.sms(DEMO_SINGLE_CHILD_GUARDIAN_PHONE, "send til alle foresatte: kake i morgen")
    assert by_sms.startswith("Beklager, bare skoleledelsen og lærere kan sende meldinger til flere.")
    assert "melde fravær" in by_sms
    assert demo.bot.twilio.messages[-1].to == DEMO_SINGLE_CHILD_GUARDIAN_PHONE  # nothing went to anyone else


async def test_guardian_reports_are_still_reports(demo: Demo) -> None:
    reply = await demo.sms(DEMO_GUARDIAN_PHONE, "Emma er syk i dag")
    assert reply.startswith("Registrert: Emma (2A) borte i dag")


async def test_who_is_away_tomorrow_lists_tomorrow_without_the_register_card(demo: Demo) -> None:
    assert "i morgen" in await demo.sms(DEMO_GUARDIAN_PHONE, "Ola er syk i morgen")
    reply = await demo.teams.say(DEMO_TEACHER_UPN, "hvem er borte i morgen?")
    assert "tirsdag 8. desember" in reply and "Ola Nordli (5B)" in reply
    assert "Registrer borte" not in reply  # ticking who is missing is for today only
