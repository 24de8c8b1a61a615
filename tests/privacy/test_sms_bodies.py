"""An inbound SMS body is kept only while its turn runs: gone when the turn has finished, and gone
SKOLEBOT_UNFINISHED_BODY_MINUTES after a turn that never finished (a crash) - on SQLite and PostgreSQL.

The inbound log itself stays: the MessageSid (a replay is still refused), the time and the
sender's hash (the per-number limit), so de-duplication keeps working without the words.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.jobs import Retention, purge
from bot.settings import SettingsError, load_settings
from storage.db import Database
from storage.models import InboundMessage
from storage.sms_log import SmsLog, sender_hash
from tests.e2e.seed import GUARDIAN_ONE_KID
from tests.privacy.dump import running_school, tables_holding

WORDS = "Nora har omgangssyke og feber"
SID = "SM" + "1" * 32


def form(sid: str = SID, body: str = WORDS) -> dict[str, str]:
    return {"MessageSid": sid, "From": GUARDIAN_ONE_KID, "To": "+4759440000", "Body": body}


async def inbound(db: Database, sid: str = SID) -> InboundMessage:
    async with db.read() as s:
        return (await s.execute(select(InboundMessage).where(InboundMessage.message_id == sid))).scalar_one()


async def test_the_body_is_kept_while_the_turn_runs_and_gone_when_it_has_finished(db: Database) -> None:
    log = SmsLog(db)
    assert await log.claim_inbound(SID, GUARDIAN_ONE_KID, form())
    assert [f["Body"] for f in await log.unprocessed(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))] == [WORDS]

    await log.finish_turn(SID, "g-berg", [])

    row = await inbound(db)
    assert (row.message_id, row.person_id, row.sender_hash) == (SID, "g-berg", sender_hash(GUARDIAN_ONE_KID))
    assert row.received_at is not None and row.processed_at is not None and row.form is None
    assert await tables_holding(db, ["omgangssyke", "feber"]) == {}
    assert not await log.claim_inbound(SID, GUARDIAN_ONE_KID, form())  # a replay is still recognised


async def test_an_unfinished_turns_body_is_purged_after_the_configured_minutes(db: Database) -> None:
    log = SmsLog(db)
    await log.claim_inbound(SID, GUARDIAN_ONE_KID, form())
    received = (await inbound(db)).received_at.replace(tzinfo=dt.UTC)
    retention = Retention(unfinished_body_minutes=15)

    soon = await purge(db, retention, received + dt.timedelta(minutes=14))
    assert soon["unfinished_bodies"] == 0 and json.loads((await inbound(db)).form)["Body"] == WORDS  # may still resume

    later = await purge(db, retention, received + dt.timedelta(minutes=16))
    assert later["unfinished_bodies"] == 1
    row = await inbound(db)
    assert (row.form, row.processed_at, row.sender_hash) == (None, None, sender_hash(GUARDIAN_ONE_KID))
    assert await tables_holding(db, ["omgangssyke", "feber"]) == {}
    assert await log.unprocessed(received - dt.timedelta(days=1)) == []  # nothing left to resume


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_after_a_crash_a_recent_turn_is_finished_and_an_old_one_is_dropped_unanswered(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_school(kind, tmp_path) as bot:
        db, adapter, school_bot = bot.services.db, bot.services.sms_adapter, bot.services.bot

        async def crash(_context: object) -> None:
            raise asyncio.CancelledError  # the process dies mid-turn: nothing after this line runs

        monkeypatch.setattr(school_bot, "on_turn", crash)
        recent, old = bot.phone.form(GUARDIAN_ONE_KID, WORDS), bot.phone.form(GUARDIAN_ONE_KID, "Nora har feber")
        for sent in (old, recent):
            assert (await bot.phone.post(sent))[0] == 200
        await adapter.drain()
        assert bot.phone.inbox(GUARDIAN_ONE_KID) == []  # no turn finished
        async with db.transaction() as s:
            await s.execute(
                update(InboundMessage)
                .where(InboundMessage.message_id == old["MessageSid"])
                .values(received_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20))
            )
        monkeypatch.undo()

        resumed = await adapter.resume_unprocessed(school_bot, within=dt.timedelta(minutes=15))  # the restart
        await adapter.drain()

        assert resumed == 1
        assert len(bot.phone.inbox(GUARDIAN_ONE_KID)) == 1  # the recent one answered, the old one not
        assert (await inbound(db, recent["MessageSid"])).processed_at is not None
        assert (await inbound(db, old["MessageSid"])).processed_at is None
        assert await tables_holding(db, ["omgangssyke", "feber"]) == {}


def test_an_old_env_with_the_raw_text_retention_still_loads_and_is_told_it_is_unused(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = load_settings(SKOLEBOT_RAW_TEXT_RETENTION_DAYS=30, SKOLEBOT_UNFINISHED_BODY_MINUTES=10)
    with caplog.at_level(logging.WARNING, logger="bot.jobs"):
        retention = Retention.from_settings(settings)
    assert retention.unfinished_body_minutes == 10
    assert any("SKOLEBOT_RAW_TEXT_RETENTION_DAYS is no longer used" in r.getMessage() for r in caplog.records)
    with pytest.raises(SettingsError, match="SKOLEBOT_UNFINISHED_BODY_MINUTES"):
        load_settings(SKOLEBOT_UNFINISHED_BODY_MINUTES=3 * 24 * 60)  # minutes, not days
