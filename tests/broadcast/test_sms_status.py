"""'status' by SMS: a principal with only a phone sees where a broadcast stands and who is not reached."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from dialogs.broadcast.cards import report_sms
from storage.broadcasts import Broadcasts, NotReached, Report
from storage.models import Person
from storage.segments import count_segments
from tests.broadcast.conftest import latest_broadcast, settle
from tests.e2e.harness import Running
from tests.e2e.seed import GUARDIAN_ONE_KID, LEADER_PHONE

PIN = "4821"
TEACHER_PHONE = "+4792000001"  # Kari, 5B


async def _send_by_sms(bot: Running, text: str) -> int:
    await Broadcasts(bot.services.db).set_pin("a-rektor", PIN)
    await bot.phone.text(LEADER_PHONE, f"VARSEL {PIN} guardians:class:5B {text}")
    queued = await bot.phone.text(LEADER_PHONE, "JA")
    assert "Svar STATUS" in queued[0]
    return await latest_broadcast(bot.services.db)


async def test_status_after_an_sms_varsel_counts_deliveries_and_names_who_is_not_reached(bot: Running) -> None:
    async with bot.services.db.transaction() as s:  # Samir has opted out of SMS: he cannot be reached
        await s.execute(update(Person).where(Person.sourced_id == "g-ali").values(sms_opted_out=True))
    broadcast_id = await _send_by_sms(bot, "Skolen stenger kl 12 i dag")
    await settle(bot, broadcast_id)
    (status,) = await bot.phone.text(LEADER_PHONE, "status")
    assert status.startswith(f"Rapport for melding nr. {broadcast_id} - Ferdig sendt.")
    assert "4 mottakere: 3 levert, 0 på vei, 1 ikke nådd." in status
    assert status.endswith("Ikke nådd (1):\nSamir Ali: reservert mot SMS")
    assert (await bot.phone.text(LEADER_PHONE, f"STATUS {broadcast_id}")) == [status]
    assert count_segments(status).segments <= 3


async def test_others_may_not_see_a_report_and_are_told_nothing_about_it(bot: Running) -> None:
    broadcast_id = await _send_by_sms(bot, "Skolen stenger kl 12 i dag")
    await settle(bot, broadcast_id)
    none = [
        'Fant ingen melding du kan se rapporten for. Skriv "status" for den siste du sendte, '
        'eller "status 12" for melding nr. 12.'
    ]  # « » are not GSM-7: the SMS has plain quotes
    assert await bot.phone.text(TEACHER_PHONE, "status") == none  # Kari sent nothing
    assert await bot.phone.text(TEACHER_PHONE, f"status {broadcast_id}") == none
    assert await bot.phone.text(LEADER_PHONE, "status 999") == none
    guardian = await bot.phone.text(GUARDIAN_ONE_KID, "status")
    assert not any("Rapport" in m or "mottakere" in m for m in guardian)


async def test_status_in_teams_is_the_live_report_card(bot: Running) -> None:
    broadcast_id = await _send_by_sms(bot, "Skolen stenger kl 12 i dag")
    await settle(bot, broadcast_id)
    from tests.e2e.seed import LEADER_UPN

    (answer,) = await bot.client.say(bot.user(LEADER_UPN), "status")
    card = answer["attachments"][0]["content"]
    texts = [b.get("text", "") for b in card["body"]]
    assert any(f"nr. {broadcast_id}" in text for text in texts)


def _report(not_reached: int) -> Report:
    people = [
        NotReached(f"g-{i}", f"Foresatt Nummer{i:03d}", "parent", f"+47900{i:05d}", "opted_out")
        for i in range(not_reached)
    ]
    return Report(
        id=7,
        created_at=dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC),
        sender_id="a-rektor",
        origin="sms",
        audience="guardians",
        channels="sms",
        emergency=True,
        drill=False,
        text="Hent barna",
        language="nb",
        recipients=450,
        by_status={"delivered": 450 - not_reached, "skipped": not_reached},
        by_channel={},
        reached=450 - not_reached,
        in_progress=0,
        not_reached=people,
        not_reached_count=not_reached,
        acknowledged=120,
    )


def test_a_long_list_of_people_not_reached_is_cut_to_fit_the_segments() -> None:
    text = report_sms("nb", _report(50), max_segments=3)
    assert text.startswith(
        "Rapport for beredskapsmelding nr. 7 - Ferdig sendt.\n450 mottakere: 400 levert, "
        "0 på vei, 50 ikke nådd.\n120 har svart OK.\nIkke nådd (50):\nForesatt Nummer000"
    )
    shown = text.count("Foresatt Nummer")
    assert 1 <= shown < 50 and text.endswith(f"... og {50 - shown} til.")
    assert count_segments(text).segments == 3  # filled, not over
    assert "+47" not in text  # no phone numbers by SMS


def test_the_report_reads_in_nynorsk_and_english() -> None:
    assert "450 mottakarar: 449 levert, 0 på veg, 1 ikkje nådd." in report_sms("nn", _report(1), max_segments=3)
    assert "450 recipients: 449 delivered, 0 on the way, 1 not reached." in report_sms("en", _report(1), max_segments=3)


async def test_a_teacher_sees_the_report_of_what_they_sent_and_not_the_leaders(bot: Running) -> None:
    from dialogs.broadcast.dialogs import service_for
    from storage.audiences import parse_audience

    service = service_for(bot.services.deps)
    now = dt.datetime.now(dt.UTC)
    audience = parse_audience("guardians:class:5B")
    assert audience is not None
    prepared = await service.prepare(audience, "sms", "Husk gymtøy", emergency=False, drill=False, language="nb")
    karis = await service.send(prepared, sender_id="t-kari", actor="t-kari", origin="teams", now=now)
    leaders = await _send_by_sms(bot, "Skolen stenger kl 12 i dag")
    await settle(bot, karis)
    await settle(bot, leaders)
    (own,) = await bot.phone.text(TEACHER_PHONE, "status")  # her newest is her own, not the leader's newer one
    assert own.startswith(f"Rapport for melding nr. {karis} - ")
    assert (await bot.phone.text(TEACHER_PHONE, f"status {leaders}"))[0].startswith("Fant ingen melding")
    (leader_sees,) = await bot.phone.text(LEADER_PHONE, f"status {karis}")  # a leader sees every one
    assert leader_sees.startswith(f"Rapport for melding nr. {karis} - ")
