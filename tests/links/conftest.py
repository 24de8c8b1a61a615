"""Secret-link fixtures: the small school with two week plans, a bot on a fixed clock, and fresh links of each kind."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.web_calendar import feed_url
from bot.web_stats import stats_url
from dialogs.weekplan.links import PlanLinks
from storage.weekplans import WeekPlans
from tests.e2e.harness import FixedClock, Running, running_bot

WEDNESDAY = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)  # 10:00 in Oslo, week 49


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(WEDNESDAY)


@pytest.fixture
async def bot(school_db_url: str, clock: FixedClock) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=clock) as running:
        yield running


@dataclass(frozen=True)
class Links:
    """Two links of each kind, made the way the bot makes them (two plans, two people, two moments)."""

    plans: tuple[str, str]
    feeds: tuple[str, str]
    stats: tuple[str, str]

    def all(self) -> list[str]:
        return [*self.plans, *self.feeds, *self.stats]


def token_of(url: str) -> str:
    """The secret part of a link."""
    last = url.rstrip("/").rsplit("/", 1)[1]
    return last.removesuffix(".ics")


async def make_links(bot: Running, clock: FixedClock) -> Links:
    services = bot.services
    plans = WeekPlans(services.db)
    first = await plans.publish(year=2026, week=49, class_id="c-5b", body="Mandag: Norsk: les om planeter")
    second = await plans.publish(year=2026, week=49, class_id="c-2a", body="Mandag: Lesing: les Emma-boka")
    plan_links = PlanLinks(services.settings, services.db, clock)
    feeds = (
        await feed_url(services.db, services.settings, "person", "t-kari", now=clock()),
        await feed_url(services.db, services.settings, "resource", "r-musikk", now=clock()),
    )
    stats_first = await stats_url(services.db, services.settings, now=clock())
    stats_second = await stats_url(services.db, services.settings, now=clock() + dt.timedelta(seconds=1))
    return Links(
        plans=(await plan_links.url_for(first.id), await plan_links.url_for(second.id)),
        feeds=feeds,
        stats=(stats_first, stats_second),
    )


@pytest.fixture
async def links(bot: Running, clock: FixedClock) -> Links:
    return await make_links(bot, clock)


async def skolebot(database_url: str, *args: str) -> tuple[int, str, str]:
    """Run the `skolebot` command as an operator would, against the bot's database."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "SKOLEBOT_DATABASE_URL": database_url,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        env=env,
        cwd=str(Path(__file__).resolve().parents[2]),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()
