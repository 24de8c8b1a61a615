"""Every value of every row of every table a database has, for tests that search it for what must be gone;
and the running school those tests talk to, on SQLite or PostgreSQL.

The tables are found by inspecting the database, not from the models, so a table added later
(or by a migration alone) is searched too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

from storage.db import Database
from storage.migrate import upgrade
from tests.dbs import fresh_url
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import seed_small_school


async def every_value(db: Database) -> dict[str, list[str]]:
    """Every value of every row of every table in the database, as text, by table."""
    async with db.engine.connect() as conn:
        tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
        dumped: dict[str, list[str]] = {}
        for table in tables:
            quoted = db.engine.dialect.identifier_preparer.quote(table)
            rows = (await conn.execute(text(f"SELECT * FROM {quoted}"))).all()
            dumped[table] = [as_text(value) for row in rows for value in row]
    return dumped


def as_text(value: Any) -> str:
    """A column value as searchable text (files decoded as far as they are UTF-8)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "ignore")
    return "" if value is None else str(value)


async def tables_holding(db: Database, needles: list[str]) -> dict[str, list[str]]:
    """needle -> the tables where it occurs in some value (case-insensitive); needles found nowhere are left out."""
    found: dict[str, list[str]] = {}
    for table, values in (await every_value(db)).items():
        for needle in needles:
            if any(needle.lower() in v.lower() for v in values):
                found.setdefault(needle, []).append(table)
    return found


@asynccontextmanager
async def running_school(kind: str, tmp_path: Path, clock: FixedClock | None = None) -> AsyncIterator[Running]:
    """Skolebot over HTTP on a fresh, migrated database of `kind` with the small test school."""
    async with fresh_url(kind, tmp_path) as url:
        await upgrade(url)
        db = Database(url)
        await seed_small_school(db)
        await db.dispose()
        async with running_bot(url, clock=clock) as bot:
            yield bot
