"""Shared fixtures: databases of both kinds, the small e2e school and the demo school."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.logs import install
from storage.db import Database
from tests.dbs import migrated_database, sqlite_template
from tests.e2e.seed import seed_small_school
from tests.staff.demo import Demo, demo_bot, demo_template

BOTH = ["sqlite", "postgresql"]


@pytest.fixture(params=BOTH)
def db_kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def db(db_kind: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty database, once on SQLite and once on PostgreSQL."""
    async with migrated_database(db_kind, tmp_path) as database:
        yield database


@pytest.fixture(scope="session")
def small_school_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the small test school; tests copy it instead of rebuilding."""
    return sqlite_template(tmp_path_factory.mktemp("template") / "school.db", seed_small_school)


@pytest.fixture
def school_db_url(small_school_template: Path, tmp_path: Path) -> str:
    """A fresh copy of the small school's SQLite database for one test."""
    from tests.e2e.harness import copy_sqlite

    return copy_sqlite(small_school_template, tmp_path)


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Every log record of the test as one JSON line each (the production format), at DEBUG."""
    buffer = io.StringIO()
    installed = install(fmt="json", level="DEBUG", stream=buffer)
    try:
        yield buffer
    finally:
        installed.close()


@pytest.fixture(scope="session")
def demo_school_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo school (`skolebot demo`), built once per session for every package that talks to it."""
    return demo_template(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture
async def demo(demo_school_template: Path, tmp_path: Path) -> AsyncIterator[Demo]:
    """A running bot on a fresh copy of the demo school."""
    async with demo_bot(demo_school_template, tmp_path) as bot:
        yield bot
