"""Retention: the bodies of unfinished SMS turns and idle conversation state are forgotten on time, and only then."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from bot.jobs import Retention, purge
from storage.models import BotState, InboundMessage
from storage.state import SqlStorage

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


async def test_purge_forgets_unfinished_bodies_after_minutes_and_idle_state_after_days(db) -> None:
    old, recent = NOW - dt.timedelta(days=40), NOW - dt.timedelta(days=2)
    stuck, fresh = NOW - dt.timedelta(minutes=20), NOW - dt.timedelta(minutes=5)
    async with db.transaction() as s:
        s.add_all(
            [  # two turns that never finished (a crash), one 20 minutes ago, one 5
                InboundMessage(
                    channel_id="sms",
                    message_id="SM1",
                    form=json.dumps({"Body": "Ola har omgangssyke"}),
                    received_at=stuck,
                ),
                InboundMessage(
                    channel_id="sms", message_id="SM2", form=json.dumps({"Body": "Ola er syk"}), received_at=fresh
                ),
            ]
        )
    await SqlStorage(db).write({"old-conversation": {"x": 1}, "new-conversation": {"x": 2}})
    async with db.transaction() as s:
        for row in (await s.execute(select(BotState))).scalars():
            row.updated_at = old if row.key == "old-conversation" else recent

    counts = await purge(db, Retention(unfinished_body_minutes=15, state_days=30, number_days=30), NOW)
    assert (counts["unfinished_bodies"], counts["conversation_states"]) == (1, 1)
    async with db.transaction() as s:
        forms = {m.message_id: m.form for m in (await s.execute(select(InboundMessage))).scalars()}
    assert forms == {"SM1": None, "SM2": json.dumps({"Body": "Ola er syk"})}  # 5 minutes: may still be finished
    assert set(await SqlStorage(db).read(["old-conversation", "new-conversation"])) == {"new-conversation"}


async def test_a_status_callback_before_the_send_is_recorded_is_kept(db) -> None:
    from storage.sms_log import SmsLog

    log = SmsLog(db)
    assert await log.apply_status("SM-early", "delivered", None) is not None  # Twilio was quicker than us
    await log.record_outbound("SM-early", "+4790000001", "queued", 1, delivery_id=None)
    assert await log.status_of("SM-early") == ("delivered", None)
