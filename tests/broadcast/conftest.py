"""Broadcast fixtures: the small school on SQLite and on PostgreSQL, a running bot, and helpers."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference
from sqlalchemy import select

from storage.conversations import ConversationRefs
from storage.db import Database
from storage.migrate import upgrade
from storage.models_broadcast import Delivery
from tests.dbs import fresh_url
from tests.e2e.harness import Running, running_bot
from tests.e2e.seed import seed_small_school


@pytest.fixture(params=["sqlite", "postgresql"])
async def school_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A migrated database holding the small school, once per database kind."""
    async with fresh_url(request.param, tmp_path) as url:
        await upgrade(url)
        db = Database(url)
        try:
            await seed_small_school(db)
        finally:
            await db.dispose()
        yield url


@pytest.fixture
async def bot(school_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_url) as running:
        yield running


async def give_teams(bot: Running, person_id: str, conversation_id: str | None = None) -> str:
    """Store a Teams conversation for a person, pointing at the fake connector; its id."""
    cid = conversation_id or f"a:teams-{person_id}"
    reference = ConversationReference(
        channel_id="msteams",
        service_url=bot.connector_url,
        conversation=ConversationAccount(id=cid),
        user=ChannelAccount(id=f"29:{person_id}"),
        bot=ChannelAccount(id="skolebot"),
    )
    await ConversationRefs(bot.services.db).save(person_id, reference)
    return cid


async def deliveries(db: Database, broadcast_id: int) -> list[Delivery]:
    async with db.transaction() as s:
        return list(
            (await s.execute(select(Delivery).where(Delivery.broadcast_id == broadcast_id).order_by(Delivery.id)))
            .scalars()
            .all()
        )


async def settle(bot: Running, broadcast_id: int, *, final: bool = True, timeout: float = 20.0) -> list[Delivery]:
    """Wait until every delivery has ended (and, with `final`, no SMS is still only "sent")."""
    waiting = ("pending", "sending", "sent") if final else ("pending", "sending")
    deadline = time.monotonic() + timeout
    while True:
        rows = await deliveries(bot.services.db, broadcast_id)
        if rows and not any(r.status in waiting for r in rows):
            return rows
        if time.monotonic() > deadline:
            raise AssertionError(
                "deliveries did not end: " + json.dumps([(r.person_id, r.channel, r.status, r.reason) for r in rows])
            )
        await asyncio.sleep(0.1)


async def latest_broadcast(db: Database) -> int:
    from storage.models_broadcast import Broadcast

    async with db.transaction() as s:
        return (await s.execute(select(Broadcast.id).order_by(Broadcast.id.desc()).limit(1))).scalar_one()
