"""Composing in Teams end to end, on SQLite and PostgreSQL: preview, who may send what, drills,
one message per guardian, Teams -> SMS fallback, opt-outs, acknowledgements, retries, live report."""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import json

from sqlalchemy import select

from bot.emulator import EmulatorUser, reply_text
from dialogs.broadcast.dialogs import service_for
from storage.audiences import Audience
from storage.broadcasts import Broadcasts
from storage.models import AuditEntry, Person
from tests.broadcast.conftest import deliveries, give_teams, latest_broadcast, settle
from tests.e2e.harness import Running
from tests.e2e.seed import (
    GUARDIAN_ONE_KID,
    GUARDIAN_TWO_KIDS,
    GUARDIAN_TWO_KIDS_UPN,
    LEADER_UPN,
    OFFICE_UPN,
    OTHER_GUARDIAN,
    TEACHER_2A_UPN,
    TEACHER_UPN,
)

CLASS_5B_GUARDIANS = {
    GUARDIAN_TWO_KIDS: "g-lise",
    "+4790000011": "g-tor",
    GUARDIAN_ONE_KID: "g-berg",
    OTHER_GUARDIAN: "g-ali",
}
SEND = {"skolebot": "broadcast_confirm", "send": True}


def texts(replies: list[dict]) -> str:
    return "\n".join(reply_text(a) for a in replies)


def person(bot: Running, upn: str) -> EmulatorUser:
    """The same conversation for the same person throughout a test."""
    users: dict[str, EmulatorUser] = bot.__dict__.setdefault("_users", {})
    return users.setdefault(upn, bot.user(upn))


async def compose(bot: Running, upn: str, *messages: str) -> str:
    """Say each message in turn as `upn`; the bot's replies to the last one."""
    user = person(bot, upn)
    replies: list[dict] = []
    for text in messages:
        replies = await bot.client.say(user, text)
    return texts(replies)


async def confirm(bot: Running, upn: str) -> str:
    return texts(await bot.client.say(person(bot, upn), None, value=SEND))


def sms_by_number(bot: Running) -> collections.Counter[str]:
    return collections.Counter(m.to for m in bot.twilio.messages)


async def test_leader_composes_an_emergency_previews_it_and_everyone_gets_one_message(bot: Running) -> None:
    leader = person(bot, LEADER_UPN)
    asked = texts(await bot.client.say(leader, "/beredskap Skolen stenger kl 12 på grunn av strømbrudd"))
    assert "Hvem skal få meldingen?" in asked and "[hele skolen]" in asked
    preview = texts(await bot.client.say(leader, "hele skolen"))  # no channel question: Teams and SMS
    assert "BEREDSKAPSMELDING" in preview
    assert "Skolen stenger kl 12 på grunn av strømbrudd. Svar OK når du har lest meldingen." in preview
    assert "Mottakere: 8 personer, 8 adresser" in preview  # 4 guardians + 4 staff, each once
    assert "SMS: 7 SMS à 1 segment = 7 segmenter" in preview and "Teams: 1" in preview
    assert "Forventet tid: under ett minutt" in preview
    assert "Skolens innstilling: beredskapsmeldinger går også til dem som har reservert seg." in preview
    assert bot.twilio.messages == []  # nothing goes before the confirmation

    done = await confirm(bot, LEADER_UPN)
    assert "lagt i kø til 8 mottakere" in done and "Rapport for beredskapsmelding nr." in done
    broadcast_id = await latest_broadcast(bot.services.db)
    rows = await settle(bot, broadcast_id)
    assert {r.status for r in rows} == {"delivered"}
    counts = sms_by_number(bot)
    assert counts[GUARDIAN_TWO_KIDS] == 1  # Lise has Ola and Emma: one message
    assert set(counts.values()) == {1} and len(counts) == 7
    assert "+4790000003" not in counts  # the grandmother is not a guardian
    assert all(m.body.startswith("Skolen stenger kl 12") for m in bot.twilio.messages)
    teams = [a for a in bot.connector.activities if a.get("text", "").startswith("Skolen stenger")]
    assert len(teams) == 1 and teams[0]["attachments"][0]["content"]["actions"][0]["title"] == "OK, mottatt"
    async with bot.services.db.transaction() as s:
        audit = (await s.execute(select(AuditEntry).where(AuditEntry.action == "broadcast"))).scalar_one()
    detail = json.loads(audit.detail)
    assert audit.actor_id == "a-rektor" and detail["audience"] == "school" and detail["emergency"] is True
    assert detail["recipients"] == 8 and detail["text"].startswith("Skolen stenger")


async def test_nothing_is_sent_when_the_sender_cancels(bot: Running) -> None:
    await compose(bot, LEADER_UPN, "varsel", "Husk refleks", "alle foresatte", "bare SMS")
    cancelled = await compose(bot, LEADER_UPN, "nei")
    assert "ikke sendt" in cancelled
    await asyncio.sleep(0.5)
    assert bot.twilio.messages == []


async def test_a_drill_is_marked_ovelse_in_every_message(bot: Running) -> None:
    await give_teams(bot, "g-berg")
    preview = await compose(
        bot, LEADER_UPN, "/øvelse Brannalarm: gå ut på skoleplassen", "foresatte i 5B", "Teams og SMS"
    )
    assert "BEREDSKAPSØVELSE" in preview
    await confirm(bot, LEADER_UPN)
    await settle(bot, await latest_broadcast(bot.services.db))
    bodies = [m.body for m in bot.twilio.messages] + [
        a["text"]
        for a in bot.connector.activities
        if "Brannalarm" in (a.get("text") or "")
        and "Hvordan skal den sendes?" not in a["text"]  # not the leader's prompt
    ]
    assert len(bodies) == 4
    assert all(b.startswith("ØVELSE: Brannalarm") and "(ØVELSE)" in b for b in bodies)


async def test_teacher_sends_to_her_own_class_guardians_in_plain_words(bot: Running) -> None:
    preview = await compose(bot, TEACHER_UPN, "send melding til foresatte i 5B: Husk gymtøy til turen", "bare SMS")
    assert "foresatte i 5B" in preview and "Mottakere: 4 personer" in preview
    assert "Svar OK" not in preview  # an everyday message asks for no acknowledgement
    await compose(bot, TEACHER_UPN, "ja")
    await settle(bot, await latest_broadcast(bot.services.db))
    assert set(sms_by_number(bot)) == set(CLASS_5B_GUARDIANS)
    assert all(m.body == "Husk gymtøy til turen\nHilsen Kari Larsen, Solbakken skole" for m in bot.twilio.messages)


async def test_teacher_may_not_send_to_another_class_nor_an_emergency(bot: Running) -> None:
    refused = await compose(bot, TEACHER_2A_UPN, "send melding til foresatte i 5B: Husk gymtøy")
    assert "bare sende til elever og foresatte i dine egne klasser (2A)" in refused
    refused = await compose(bot, TEACHER_UPN, "/beredskap Skolen stenger")
    assert "kan bare sendes av skoleledelsen" in refused
    refused = await compose(bot, TEACHER_UPN, "varsel", "Husk refleks", "hele skolen")
    assert "bare sende til elever og foresatte i dine egne klasser (5B)" in refused
    await asyncio.sleep(0.3)
    assert bot.twilio.messages == []
    async with bot.services.db.transaction() as s:
        refusals = (await s.execute(select(AuditEntry.actor_id).where(AuditEntry.action == "broadcast.refused"))).all()
    assert len(refusals) == 3


async def test_guardians_and_the_office_are_refused_politely(bot: Running) -> None:
    refused = await compose(bot, GUARDIAN_TWO_KIDS_UPN, "/beredskap Alle må hentes nå")
    assert "bare skoleledelsen og lærere" in refused
    for name in ("Ola", "Emma", "5B", "Kari", "Randi"):
        assert name not in refused
    # the office is staff: told that emergencies are the leaders', and which leaders to ask
    refused = await compose(bot, OFFICE_UPN, "/beredskap Alle må hentes nå")
    assert "kan bare sendes av skoleledelsen" in refused and "Randi Rektor" in refused
    refused = await compose(bot, OFFICE_UPN, "send melding til foresatte i 5B: Husk gymtøy")
    assert "bare skoleledelsen og lærere" in refused
    # A guardian's plain message to a teacher is not taken for a broadcast
    answer = await compose(bot, GUARDIAN_TWO_KIDS_UPN, "send melding til læreren: Ola har glemt gymtøy")
    assert "skoleledelsen" not in answer


async def test_a_blocked_teams_conversation_falls_back_to_sms(bot: Running) -> None:
    conversation = await give_teams(bot, "g-berg")
    await give_teams(bot, "g-ali")
    bot.connector.blocked.add(conversation)
    preview = await compose(bot, LEADER_UPN, "varsel", "Foreldremøte torsdag kl 18", "foresatte i 5B", "Teams og SMS")
    assert "Teams: 2" in preview and "SMS: 2 SMS" in preview
    await confirm(bot, LEADER_UPN)
    broadcast_id = await latest_broadcast(bot.services.db)
    rows = await settle(bot, broadcast_id)
    berg = sorted((r.channel, r.status, r.reason) for r in rows if r.person_id == "g-berg")
    assert berg == [("sms", "delivered", None), ("teams", "failed", "blocked")]
    assert sms_by_number(bot)[GUARDIAN_ONE_KID] == 1
    assert sms_by_number(bot)[OTHER_GUARDIAN] == 0  # Ali got it in Teams
    assert (await bot.services.people.get("g-berg")).teams_blocked is True
    report = await Broadcasts(bot.services.db).report(broadcast_id)
    assert report is not None and report.reached == 4 and report.not_reached_count == 0


async def test_opted_out_numbers_get_no_everyday_sms_but_emergencies_by_the_schools_setting(bot: Running) -> None:
    await bot.services.people.set_sms_opt_out("g-berg", True)
    preview = await compose(bot, LEADER_UPN, "varsel", "Husk refleks", "foresatte i 5B", "bare SMS")
    assert "1 har reservert seg mot SMS og får ikke meldingen på SMS." in preview
    await compose(bot, LEADER_UPN, "ja")
    everyday = await latest_broadcast(bot.services.db)
    await settle(bot, everyday)
    assert GUARDIAN_ONE_KID not in sms_by_number(bot)
    report = await Broadcasts(bot.services.db).report(everyday)
    assert report is not None and [(n.person_id, n.reason) for n in report.not_reached] == [("g-berg", "opted_out")]

    preview = await compose(bot, LEADER_UPN, "/beredskap Vannlekkasje, skolen stenger", "foresatte i 5B", "bare SMS")
    assert "1 har reservert seg mot SMS, men får beredskapsmeldingen likevel." in preview
    await compose(bot, LEADER_UPN, "ja")
    await settle(bot, await latest_broadcast(bot.services.db))
    assert sms_by_number(bot)[GUARDIAN_ONE_KID] == 1

    await Broadcasts(bot.services.db).set_overrides_opt_out(False)
    preview = await compose(bot, LEADER_UPN, "/beredskap Skolen åpner igjen", "foresatte i 5B", "bare SMS")
    assert "beredskapsmeldinger respekterer reservasjon mot SMS" in preview
    await compose(bot, LEADER_UPN, "ja")
    await settle(bot, await latest_broadcast(bot.services.db))
    assert sms_by_number(bot)[GUARDIAN_ONE_KID] == 1  # still only the first emergency


async def test_ok_by_sms_and_in_teams_acknowledges_an_emergency(bot: Running) -> None:
    lise = person(bot, GUARDIAN_TWO_KIDS_UPN)
    await bot.client.say(lise, "hei")  # Lise has Teams (the Emulator's conversation)
    before = texts(await bot.client.say(lise, "OK"))  # nothing to acknowledge yet: a social "OK", nothing counted
    assert "forsto" not in before and "registrert" not in before
    await compose(bot, LEADER_UPN, "/beredskap Hent barna innen kl 13", "foresatte i 5B", "Teams og SMS")
    await confirm(bot, LEADER_UPN)
    broadcast_id = await latest_broadcast(bot.services.db)
    await settle(bot, broadcast_id)
    received = [
        a
        for a in bot.connector.activities
        if a["conversation"]["id"] == lise.conversation_id and "Hent barna" in (a.get("text") or "")
    ]
    assert len(received) == 1

    assert "Takk! Skolen ser nå" in texts(await bot.client.say(lise, "ok!"))
    assert await bot.phone.text(GUARDIAN_ONE_KID, "Mottatt") == ["Takk! Skolen ser nå at du har fått meldingen."]
    button = texts(await bot.client.say(lise, None, value={"skolebot": "broadcast_ack", "broadcast_id": broadcast_id}))
    assert "Takk" in button  # pressing the button again changes nothing
    report = await Broadcasts(bot.services.db).report(broadcast_id)
    assert report is not None and report.acknowledged == 2
    assert await bot.phone.text(GUARDIAN_ONE_KID, "ok") != ["Takk! Skolen ser nå at du har fått meldingen."]


async def test_twilio_and_connector_429_and_500_are_retried_for_that_delivery_only(bot: Running) -> None:
    await give_teams(bot, "g-ali")
    service = service_for(bot.services.deps)
    prepared = await service.prepare(
        Audience("class", "guardians", "5B"),
        "both",
        "Skolen er åpen som vanlig",
        emergency=False,
        drill=False,
        language="nb",
    )
    bot.twilio.fail_next(1, 429, retry_after=1)
    bot.twilio.fail_next(1, 500)
    bot.connector.fail_next(1, 429, retry_after=1)
    bot.connector.fail_next(1, 503)
    broadcast_id = await service.send(
        prepared, sender_id="a-rektor", actor="a-rektor", origin="teams", now=dt.datetime.now(dt.UTC)
    )
    rows = await settle(bot, broadcast_id, timeout=30)
    assert {r.status for r in rows} == {"delivered"}
    assert sorted(r.attempts for r in rows if r.channel == "sms") in ([1, 1, 3], [1, 2, 2])
    assert [r.attempts for r in rows if r.channel == "teams"] == [3]
    assert set(sms_by_number(bot).values()) == {1}  # retried, never sent twice
    assert len([a for a in bot.connector.activities if "Skolen er åpen" in (a.get("text") or "")]) == 1
    assert bot.connector.requests == 3


async def test_permanent_twilio_errors_end_the_delivery_with_the_reason(bot: Running) -> None:
    bot.twilio.fail_next(1, 400, code=21610)
    await compose(bot, LEADER_UPN, "varsel", "Husk refleks", "guardians:class:5B", "bare SMS")
    await confirm(bot, LEADER_UPN)
    broadcast_id = await latest_broadcast(bot.services.db)
    rows = await settle(bot, broadcast_id)
    failed = [r for r in rows if r.status == "failed"]
    assert len(failed) == 1 and failed[0].reason == "opted_out" and failed[0].error_code == 21610
    assert failed[0].attempts == 1
    report = await Broadcasts(bot.services.db).report(broadcast_id)
    assert report is not None and report.not_reached_count == 1
    assert report.not_reached[0].reason == "sms: opted_out"


async def test_the_live_report_card_is_updated_in_place(bot: Running) -> None:
    await give_teams(bot, "g-ali")
    await compose(bot, LEADER_UPN, "/beredskap Strømbrudd", "foresatte i 5B", "Teams og SMS")
    await confirm(bot, LEADER_UPN)
    broadcast_id = await latest_broadcast(bot.services.db)
    await settle(bot, broadcast_id)
    await bot.phone.text(GUARDIAN_ONE_KID, "ok")
    report_id = None
    async with bot.services.db.transaction() as s:
        from storage.models_broadcast import Broadcast

        report_id = (await s.get(Broadcast, broadcast_id)).report_activity_id
    assert report_id

    async def final_update() -> dict:
        while True:
            for update in reversed(bot.connector.updates):
                card = update["attachments"][0]["content"]
                if update["id"] == report_id and "Bekreftet lest: 1" in card["fallbackText"]:
                    return card
            await asyncio.sleep(0.2)

    card = await asyncio.wait_for(final_update(), timeout=20)
    assert "Ferdig sendt." in card["fallbackText"] and "Levert: 4" in card["fallbackText"]
    assert "Alle er nådd." in card["fallbackText"]


async def test_the_report_lists_who_was_not_reached(bot: Running) -> None:
    async with bot.services.db.transaction() as s:
        (await s.get(Person, "g-ali")).sms = None
    bot.twilio.final_status_for[GUARDIAN_ONE_KID] = "undelivered"
    await compose(bot, LEADER_UPN, "varsel", "Husk refleks", "foresatte i 5B", "bare SMS")
    await confirm(bot, LEADER_UPN)
    broadcast_id = await latest_broadcast(bot.services.db)
    await settle(bot, broadcast_id)
    report = await Broadcasts(bot.services.db).report(broadcast_id)
    assert report is not None
    assert [(n.name, n.reason) for n in report.not_reached] == [
        ("Samir Ali", "no_address"),
        ("Anne Berg", "sms: undelivered"),
    ]
    assert report.not_reached[1].phone == GUARDIAN_ONE_KID  # so the office can phone them
    assert report.by_status["delivered"] == 2 and report.by_status["failed"] == 1 and report.by_status["skipped"] == 1
    assert len(await deliveries(bot.services.db, broadcast_id)) == 4


async def test_an_emergency_goes_by_sms_when_teams_keeps_failing(bot: Running) -> None:
    await give_teams(bot, "g-ali")
    service = service_for(bot.services.deps)
    prepared = await service.prepare(
        Audience("person", value="g-ali"), "both", "Skolen evakueres", emergency=True, drill=False, language="nb"
    )
    bot.connector.fail_next(10, 503)  # Teams is down
    broadcast_id = await service.send(
        prepared, sender_id="a-rektor", actor="a-rektor", origin="teams", now=dt.datetime.now(dt.UTC)
    )
    rows = await settle(bot, broadcast_id, timeout=30)
    assert sorted((r.channel, r.status, r.attempts) for r in rows) == [("sms", "delivered", 1), ("teams", "failed", 2)]
    assert next(r for r in rows if r.channel == "teams").reason.startswith("gave_up after 2 attempts")
    assert bot.phone.inbox(OTHER_GUARDIAN) == [
        "Skolen evakueres. Svar OK når du har lest meldingen.\nHilsen Solbakken skole"
    ]
