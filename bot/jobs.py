"""Periodic work: pass on unanswered absence questions, and purge what retention says to forget."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import delete, update

from storage.db import Database
from storage.models import BotState, InboundMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Retention:
    raw_text_days: int
    state_days: int = 30


async def purge(db: Database, retention: Retention, now: dt.datetime) -> dict[str, int]:
    """Raw message bodies after `raw_text_days`; idle conversation state after `state_days`."""
    text_before = now - dt.timedelta(days=retention.raw_text_days)
    state_before = now - dt.timedelta(days=retention.state_days)
    async with db.transaction() as s:
        bodies = await s.execute(update(InboundMessage).where(InboundMessage.received_at < text_before,
                                                              InboundMessage.body.is_not(None))
                                 .values(body=None, form=None))
        states = await s.execute(delete(BotState).where(BotState.updated_at < state_before))
    from storage.absences import Absences

    absences = await Absences(db).purge_raw_text(text_before)
    return {"inbound_bodies": bodies.rowcount or 0, "conversation_states": states.rowcount or 0,
            "absence_texts": absences}


class Jobs:
    """Runs each job every `interval` seconds until stopped; a failing job is logged, not fatal."""

    def __init__(self, jobs: list[Callable[[], Awaitable[object]]], interval: float = 30.0) -> None:
        self._jobs = jobs
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    async def run_once(self) -> None:
        for job in self._jobs:
            try:
                await job()
            except Exception:
                log.exception("periodic job %s failed", getattr(job, "__name__", job))

    async def _loop(self) -> None:
        while True:
            await self.run_once()
            await asyncio.sleep(self._interval)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
