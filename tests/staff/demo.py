"""The demo school (`skolebot demo`) behind a running bot, for conversations that need its rooms and people."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.emulator import EmulatorUser, reply_text
from storage.db import Database
from storage.demo_school import load_demo
from tests.dbs import sqlite_template
from tests.e2e.harness import FixedClock, Running, copy_sqlite, running_bot

# Monday 7 December 2026, 08:45 in Oslo: the autumn term ends Friday 18 December, spring starts Monday 4 January.
MONDAY_MORNING = dt.datetime(2026, 12, 7, 7, 45, tzinfo=dt.UTC)


async def _seed(db: Database) -> None:
    await load_demo(db)


def demo_template(path: Path) -> Path:
    """A migrated SQLite file holding the demo school, built once per session."""
    return sqlite_template(path, _seed)


class Teams:
    """One Teams chat per person, so a question and its answer stay in one conversation."""

    def __init__(self, bot: Running) -> None:
        self._bot = bot
        self._users: dict[str, EmulatorUser] = {}

    async def say(self, upn: str, text: str) -> str:
        """Send `text` as `upn`; all the text of the bot's replies (cards included), joined by newlines."""
        user = self._users.setdefault(upn, self._bot.user(upn))
        return "\n".join(reply_text(a) for a in await self._bot.client.say(user, text))


@dataclass
class Demo:
    """A running bot over the demo school, its clock, and the staff's Teams chats."""

    bot: Running
    clock: FixedClock
    teams: Teams

    async def sms(self, phone: str, text: str) -> str:
        """Send an SMS as `phone` a few minutes after the last one; the school's replies, joined by newlines."""
        self.clock.now += dt.timedelta(minutes=7)  # SMS replies are rate limited per number
        return "\n".join(await self.bot.phone.text(phone, text))


@asynccontextmanager
async def demo_bot(template: Path, tmp_path: Path, now: dt.datetime = MONDAY_MORNING) -> AsyncIterator[Demo]:
    """Skolebot over a fresh copy of the demo school, its clock fixed at `now`."""
    clock = FixedClock(now)
    async with running_bot(copy_sqlite(template, tmp_path), clock=clock) as bot:
        yield Demo(bot, clock, Teams(bot))
