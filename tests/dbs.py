"""Fresh, migrated databases for tests: a SQLite file, or a new PostgreSQL database."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest

from storage.db import Database
from storage.migrate import upgrade

PG_HOST = os.environ.get("SKOLEBOT_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("SKOLEBOT_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("SKOLEBOT_TEST_PG_USER", "postgres")
PG_ADMIN_DB = os.environ.get("SKOLEBOT_TEST_PG_DB", "test")


async def _pg_admin() -> asyncpg.Connection:
    return await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database=PG_ADMIN_DB, timeout=5)


async def require_postgres() -> None:
    """Skip when PostgreSQL is absent on a developer's laptop; in CI that is a failure."""
    try:
        conn = await _pg_admin()
    except (OSError, asyncpg.PostgresError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_HOST}:{PG_PORT} is required in CI: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    await conn.close()


@asynccontextmanager
async def fresh_url(kind: str, tmp_path: Path) -> AsyncIterator[str]:
    """A URL of an empty database of `kind` ("sqlite" or "postgresql"), removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'skolebot.db'}"
        return
    await require_postgres()
    name = f"skolebot_t_{uuid.uuid4().hex[:12]}"
    conn = await _pg_admin()
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        yield f"postgresql+asyncpg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        conn = await _pg_admin()
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


@asynccontextmanager
async def migrated_database(kind: str, tmp_path: Path) -> AsyncIterator[Database]:
    async with fresh_url(kind, tmp_path) as url:
        await upgrade(url)
        db = Database(url)
        try:
            yield db
        finally:
            await db.dispose()


def sqlite_template(path: Path, seed: Callable[[Database], Awaitable[None]]) -> Path:
    """A migrated SQLite file filled by `seed`, built once per test session and copied by tests."""
    url = f"sqlite+aiosqlite:///{path}"

    async def build() -> None:
        await upgrade(url)
        db = Database(url)
        await seed(db)
        await db.dispose()

    asyncio.run(build())
    return path
