"""Databases for the roster tests: every test that takes ``db`` runs on SQLite and on PostgreSQL.

SQLite: one migrated template file per session, copied for each test (fast and isolated).
PostgreSQL: one fresh database ``skolebot_test_<random>`` per session, created on the server of
``SKOLEBOT_TEST_POSTGRES_URL`` (default built from the ``SKOLEBOT_TEST_PG_*`` variables of
``tests/dbs.py``, i.e. ``postgresql+asyncpg://postgres@127.0.0.1:5432/test``),
migrated once, emptied before each test, dropped at the end. When PostgreSQL cannot be reached
the PostgreSQL half is skipped locally, and FAILS when the ``CI`` environment variable is set.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import Database
from storage.migrate import upgrade
from storage.models import Base

BUNDLES = Path(__file__).parent / "bundles"
PG_URL = os.environ.get("SKOLEBOT_TEST_POSTGRES_URL") or (
    # the same variables as tests/dbs.py
    f"postgresql+asyncpg://{os.environ.get('SKOLEBOT_TEST_PG_USER', 'postgres')}"
    f"@{os.environ.get('SKOLEBOT_TEST_PG_HOST', '127.0.0.1')}:{os.environ.get('SKOLEBOT_TEST_PG_PORT', '5432')}"
    f"/{os.environ.get('SKOLEBOT_TEST_PG_DB', 'test')}"
)


def run_sync(func: Callable[[], Any]) -> Any:
    """Run a coroutine function to completion on a fresh loop in a worker thread.

    Safe from sync fixtures whether or not pytest-asyncio has a loop running in this thread.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(func())).result()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("roster-sqlite") / "template.db"
    run_sync(lambda: upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    import asyncpg

    name = f"skolebot_test_{uuid.uuid4().hex[:12]}"
    admin_dsn = _asyncpg_dsn(PG_URL)

    async def create() -> None:
        conn = await asyncpg.connect(admin_dsn, timeout=5)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    try:
        run_sync(create)
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        message = f"PostgreSQL at {make_url(PG_URL).render_as_string()} is not reachable: {exc!r}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set: PostgreSQL must be present)", pytrace=False)
        pytest.skip(message)
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        run_sync(lambda: upgrade(url))
        yield url
    finally:

        async def drop() -> None:
            conn = await asyncpg.connect(admin_dsn, timeout=5)
            try:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await conn.close()

        run_sync(drop)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "roster.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    if not database.is_sqlite:  # one database per session: empty every table before each test
        async with database.engine.begin() as conn:
            names = (
                (
                    await conn.execute(
                        text(
                            "SELECT tablename FROM pg_tables "
                            "WHERE schemaname = current_schema() AND tablename <> 'alembic_version'"
                        )
                    )
                )
                .scalars()
                .all()
            )
            if names:
                tables = ", ".join(f'"{n}"' for n in names)
                await conn.execute(text(f"TRUNCATE TABLE {tables} RESTART IDENTITY CASCADE"))
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def bundle(tmp_path: Path) -> Callable[[str], Path]:
    """A writable copy of a fixture bundle: ``bundle("minimal")``."""

    def copy(name: str) -> Path:
        target = tmp_path / f"bundle-{name}-{uuid.uuid4().hex[:6]}"
        shutil.copytree(BUNDLES / name, target)
        return target

    return copy


ROSTER_TABLES = ("orgs", "people", "classes", "enrollments", "guardianships", "resources", "academic_sessions")


async def table_rows(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the roster tables, sorted: to prove that nothing was written."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    async with db.engine.connect() as conn:
        for name in ROSTER_TABLES:
            table = Base.metadata.tables[name]
            rows = (await conn.execute(table.select())).all()
            out[name] = sorted((tuple(r) for r in rows), key=repr)
    return out


@pytest.fixture
def snapshot() -> Callable[[Database], Any]:
    """``await snapshot(db)``: all rows of the roster tables."""
    return table_rows
