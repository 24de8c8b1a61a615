"""Booking fixtures: the small school plus rooms and twenty teachers, and a bot on a fixed Monday."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.db import Database
from tests.booking.seed import seed_booking_extras
from tests.dbs import sqlite_template
from tests.e2e.harness import FixedClock, Running, copy_sqlite, running_bot
from tests.e2e.seed import seed_small_school

# Monday 30 November 2026, 08:00 in Oslo.
MONDAY_8 = dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.UTC)


async def seed_booking_school(db: Database) -> None:
    await seed_small_school(db)
    await seed_booking_extras(db)


@pytest.fixture(scope="session")
def booking_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sqlite_template(tmp_path_factory.mktemp("booking-template") / "school.db", seed_booking_school)


@pytest.fixture
def booking_db_url(booking_template: Path, tmp_path: Path) -> str:
    return copy_sqlite(booking_template, tmp_path)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_8)


@pytest.fixture
async def bot(booking_db_url: str, clock: FixedClock) -> AsyncIterator[Running]:
    async with running_bot(booking_db_url, clock=clock) as running:
        yield running


@pytest.fixture
async def school_teams(bot: Running):  # type: ignore[no-untyped-def]
    """Kari in real Teams (msteams channel, found by the member lookup)."""
    bot.connector.add_member(
        "29:kari", name="Kari Larsen", upn="kari.larsen@solbakken.skole.no", aad_object_id="aad-kari"
    )
    kari = bot.user("29:kari", channel_id="msteams")
    kari.name = "Kari Larsen"
    return bot, kari
