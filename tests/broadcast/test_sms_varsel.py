"""From a leader's phone when Teams is down: "VARSEL <PIN> text" -> preview by SMS -> "JA" sends.
Wrong PINs are refused, and three within 15 minutes lock the command for that number, also
after a restart."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from storage.broadcasts import Broadcasts
from storage.models import AuditEntry, InboundMessage
from tests.broadcast.conftest import latest_broadcast, settle
from tests.e2e.harness import Running, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS, LEADER_PHONE, OTHER_GUARDIAN

PIN = "4821"


async def test_leader_sends_by_sms_after_a_preview_and_ja(bot: Running) -> None:
    await Broadcasts(bot.services.db).set_pin("a-rektor", PIN)
    preview = await bot.phone.text(LEADER_PHONE, f"VARSEL {PIN} guardians:class:5B Skolen stenger kl 12 i dag")
    assert len(preview) == 1
    assert preview[0].startswith('VARSEL til foresatte i 5B: "Skolen stenger kl 12 i dag" 4 pers., 4 SMS (4 seg.)')
    assert preview[0].endswith("Svar JA for å sende.")
    assert PIN not in preview[0]
    assert len(bot.twilio.messages) == 1  # only the preview

    queued = await bot.phone.text(LEADER_PHONE, "JA")
    assert queued[0].startswith("Sendt til kø: 4 mottakere")
    broadcast_id = await latest_broadcast(bot.services.db)
    rows = await settle(bot, broadcast_id)
    assert sorted(r.address for r in rows) == sorted(
        [GUARDIAN_TWO_KIDS, "+4790000011", GUARDIAN_ONE_KID, OTHER_GUARDIAN]
    )
    assert {r.status for r in rows} == {"delivered"}
    assert bot.phone.inbox(GUARDIAN_ONE_KID) == ["Skolen stenger kl 12 i dag\nHilsen Solbakken skole"]
    async with bot.services.db.transaction() as s:
        bodies = (
            (await s.execute(select(InboundMessage.form).where(InboundMessage.channel_id == "sms"))).scalars().all()
        )
        audit = (await s.execute(select(AuditEntry).where(AuditEntry.action == "broadcast"))).scalar_one()
    assert all(PIN not in (body or "") for body in bodies)  # the message with the PIN is not kept
    assert '"origin": "sms"' in audit.detail and audit.actor_id == "a-rektor"


async def test_beredskap_by_sms_is_an_emergency_to_the_whole_school_and_nei_cancels(bot: Running) -> None:
    await Broadcasts(bot.services.db).set_pin("a-rektor", PIN)
    preview = await bot.phone.text(LEADER_PHONE, f"BEREDSKAP {PIN} Strømbrudd, hent barna")
    assert preview[0].startswith('BEREDSKAP til hele skolen: "Strømbrudd, hent barna" 8 pers., 8 SMS (8 seg.)')
    assert "Reserverte får beredskap." in preview[0]
    assert await bot.phone.text(LEADER_PHONE, "nei") == ["Ok, meldingen er ikke sendt."]
    assert len(bot.twilio.messages) == 2


async def test_wrong_pins_are_refused_and_three_lock_the_number_across_restarts(school_url: str) -> None:
    async with running_bot(school_url) as bot:
        await Broadcasts(bot.services.db).set_pin("a-rektor", PIN)
        assert await bot.phone.text(LEADER_PHONE, "VARSEL 1357 Skolen stenger") == [
            "Feil PIN. 2 forsøk igjen før SMS-varsel sperres for dette nummeret."
        ]
        assert (await bot.phone.text(LEADER_PHONE, "VARSEL 1358 Skolen stenger"))[0].startswith("Feil PIN. 1 forsøk")
        locked = await bot.phone.text(LEADER_PHONE, "VARSEL 1359 Skolen stenger")
        assert locked[0].startswith("SMS-varsel er sperret for dette nummeret")
        still = await bot.phone.text(LEADER_PHONE, f"VARSEL {PIN} Skolen stenger")  # even the right PIN
        assert still[0].startswith("SMS-varsel er sperret")
    async with running_bot(school_url) as bot:  # a restart forgets nothing
        assert (await bot.phone.text(LEADER_PHONE, f"VARSEL {PIN} Skolen stenger"))[0].startswith(
            "SMS-varsel er sperret"
        )
        async with bot.services.db.transaction() as s:
            actions = (await s.execute(select(AuditEntry.action).order_by(AuditEntry.id))).scalars().all()
        assert actions.count("broadcast.pin_wrong") == 2 and actions.count("broadcast.pin_locked") == 3
        await Broadcasts(bot.services.db).set_pin("a-rektor", "7294")  # IT sets a new PIN: unlocked
        assert "Svar JA" in (await bot.phone.text(LEADER_PHONE, "VARSEL 7294 Skolen stenger"))[0]
        assert bot.twilio.messages and not any(m.body == "Skolen stenger" for m in bot.twilio.messages)


async def test_the_lockout_window_is_fifteen_minutes(db) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.seed import seed_small_school

    await seed_small_school(db)
    broadcasts = Broadcasts(db)
    await broadcasts.set_pin("a-rektor", PIN)
    start = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
    assert (await broadcasts.check_pin(LEADER_PHONE, "a-rektor", "1111", start)).result == "wrong"
    assert (
        await broadcasts.check_pin(LEADER_PHONE, "a-rektor", "1111", start + dt.timedelta(minutes=5))
    ).result == "wrong"
    later = start + dt.timedelta(minutes=16)  # the first failure has aged out of the window
    assert (await broadcasts.check_pin(LEADER_PHONE, "a-rektor", "1111", later)).attempts_left == 2
    assert (await broadcasts.check_pin(LEADER_PHONE, "a-rektor", PIN, later)).result == "ok"  # and resets
    for minute in range(3):
        result = await broadcasts.check_pin(LEADER_PHONE, "a-rektor", "1111", later + dt.timedelta(minutes=minute))
    assert result.result == "locked"
    assert (
        await broadcasts.check_pin(LEADER_PHONE, "a-rektor", PIN, later + dt.timedelta(minutes=59))
    ).result == "locked"
    assert (await broadcasts.check_pin(LEADER_PHONE, "a-rektor", PIN, later + dt.timedelta(minutes=63))).result == "ok"
    assert (await broadcasts.check_pin("+4799999999", "a-rektor", PIN, start)).result == "ok"  # per number


async def test_only_leaders_may_send_by_sms(bot: Running) -> None:
    await Broadcasts(bot.services.db).set_pin("a-rektor", PIN)
    for phone in (GUARDIAN_ONE_KID, "+4792000001"):  # a guardian and a teacher
        answer = await bot.phone.text(phone, f"VARSEL {PIN} Skolen stenger")
        assert answer == ["Beklager, SMS-varsel kan bare sendes av skoleledelsen."]
    assert await bot.phone.text(LEADER_PHONE, "VARSEL Skolen stenger") == [
        "Skriv VARSEL <PIN> <tekst>, BEREDSKAP <PIN> <tekst> eller ØVELSE <PIN> <tekst>."
    ]


async def test_a_leader_without_a_pin_is_told_to_ask_for_one(bot: Running) -> None:
    assert await bot.phone.text(LEADER_PHONE, f"VARSEL {PIN} Skolen stenger") == [
        "Du har ingen PIN for SMS-varsel. Be IT sette en."
    ]
