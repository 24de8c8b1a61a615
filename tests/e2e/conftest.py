"""End-to-end fixtures: a migrated SQLite template with the small school, copied per test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.db import Database
from storage.migrate import upgrade
from tests.e2e.harness import Running, copy_sqlite, running_bot
from tests.e2e.seed import seed_small_school


@pytest.fixture(scope="session")
def small_school_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "school.db"
    url = f"sqlite+aiosqlite:///{path}"

    async def build() -> None:
        await upgrade(url)
        db = Database(url)
        await seed_small_school(db)
        await db.dispose()

    asyncio.run(build())
    return path


@pytest.fixture
def school_db_url(small_school_template: Path, tmp_path: Path) -> str:
    return copy_sqlite(small_school_template, tmp_path)


@pytest.fixture
async def bot(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url) as running:
        yield running
