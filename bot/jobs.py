"""Periodic work: pass on unanswered absence questions, and purge what retention says to forget."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, delete

from bot.settings import Settings
from storage.db import Database
from storage.links import purge_expired as purge_expired_revocations
from storage.models import BotState
from storage.privacy import forget_numbers
from storage.sms_log import forget_unfinished_forms

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Retention:
    """How long what people sent us is kept. Their words are never kept past their own turn."""

    unfinished_body_minutes: int = 15
    state_days: int = 30
    number_days: int = 30

    @classmethod
    def from_settings(cls, settings: Settings) -> Retention:
        """SKOLEBOT_UNFINISHED_BODY_MINUTES, SKOLEBOT_STATE_RETENTION_DAYS, SKOLEBOT_NUMBER_RETENTION_DAYS."""
        if "raw_text_retention_days" in settings.model_fields_set:  # an old .env still loads, and is told why
            log.warning(
                "SKOLEBOT_RAW_TEXT_RETENTION_DAYS is no longer used: guardians' words are not stored at all "
                "(an unfinished SMS turn keeps its text SKOLEBOT_UNFINISHED_BODY_MINUTES)"
            )
        return cls(
            unfinished_body_minutes=settings.unfinished_body_minutes,
            state_days=settings.state_retention_days,
            number_days=settings.number_retention_days,
        )


async def purge(db: Database, retention: Retention, now: dt.datetime) -> dict[str, int]:
    """The bodies of SMS turns that never finished, after minutes; idle conversation state after
    `state_days`; phone numbers in every SMS record after `number_days` (storage.privacy); revocations
    of links that have expired."""
    async with db.transaction() as s:
        # An UPDATE or DELETE gives a CursorResult (with rowcount); execute() is typed for any statement.
        bodies = cast(
            CursorResult[Any],
            await s.execute(forget_unfinished_forms(now - dt.timedelta(minutes=retention.unfinished_body_minutes))),
        )
        states = cast(
            CursorResult[Any],
            await s.execute(
                delete(BotState).where(BotState.updated_at < now - dt.timedelta(days=retention.state_days))
            ),
        )
        numbers = await forget_numbers(s, now - dt.timedelta(days=retention.number_days), now)
    revocations = await purge_expired_revocations(db, now)  # those links are refused as expired anyway
    counts = {
        "unfinished_bodies": bodies.rowcount or 0,
        "conversation_states": states.rowcount or 0,
        "link_revocations": revocations,
        **numbers,
    }
    if any(counts.values()):
        log.info("retention purge: %s", ", ".join(f"{k}={v}" for k, v in sorted(counts.items()) if v))
    return counts


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
