"""Retention: raw message bodies and idle conversation state are forgotten on time, and only then."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.jobs import Retention, purge
from storage.models import Absence, BotState, InboundMessage, Person
from storage.state import SqlStorage

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.timezone.utc)


async def test_purge_forgets_old_bodies_and_state_but_keeps_recent(db) -> None:
    old, recent = NOW - dt.timedelta(days=40), NOW - dt.timedelta(days=2)
    async with db.transaction() as s:
        s.add(Person(sourced_id="s-1", role="student", given_name="Ola", family_name="N", active=True))
        s.add_all([
            InboundMessage(channel_id="sms", message_id="SM1", body="Ola har omgangssyke", form="{}", received_at=old),
            InboundMessage(channel_id="sms", message_id="SM2", body="Ola er syk", form="{}", received_at=recent),
        ])
        await s.flush()
        s.add_all([
            Absence(student_id="s-1", date=dt.date(2026, 10, 1), status="reported", channel="sms", reason="illness",
                    raw_text="Ola har omgangssyke", updated_at=old, created_at=old),
            Absence(student_id="s-1", date=dt.date(2026, 11, 28), status="reported", channel="sms", reason="illness",
                    raw_text="Ola er syk", updated_at=recent, created_at=recent),
        ])
    await SqlStorage(db).write({"old-conversation": {"x": 1}, "new-conversation": {"x": 2}})
    async with db.transaction() as s:
        for row in (await s.execute(select(BotState))).scalars():
            row.updated_at = old if row.key == "old-conversation" else recent

    counts = await purge(db, Retention(raw_text_days=30, state_days=30), NOW)
    assert counts == {"inbound_bodies": 1, "conversation_states": 1, "absence_texts": 1}
    async with db.transaction() as s:
        bodies = {m.message_id: m.body for m in (await s.execute(select(InboundMessage))).scalars()}
        texts = sorted((a.date, a.raw_text, a.reason) for a in (await s.execute(select(Absence))).scalars())
    assert bodies == {"SM1": None, "SM2": "Ola er syk"}
    assert texts == [(dt.date(2026, 10, 1), None, "illness"), (dt.date(2026, 11, 28), "Ola er syk", "illness")]
    assert set(await SqlStorage(db).read(["old-conversation", "new-conversation"])) == {"new-conversation"}


async def test_a_status_callback_before_the_send_is_recorded_is_kept(db) -> None:
    from storage.sms_log import SmsLog

    log = SmsLog(db)
    assert await log.apply_status("SM-early", "delivered", None) is not None  # Twilio was quicker than us
    await log.record_outbound("SM-early", "+4790000001", "queued", 1, delivery_id=None)
    assert await log.status_of("SM-early") == ("delivered", None)
