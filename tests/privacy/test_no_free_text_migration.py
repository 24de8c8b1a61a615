"""Migration 0007 drops the stored words (absences.raw_text, inbound_messages.body) from a database
in use and keeps everything else: absences, their follow-ups, the inbound log. On PostgreSQL, on
SQLite that drops a column in place, and on an older SQLite that must copy the table (where
foreign keys would otherwise delete every follow-up through ON DELETE CASCADE).
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from storage.db import Database
from storage.migrate import alembic_config
from tests.dbs import fresh_url
from tests.privacy.dump import tables_holding

WORDS = "Ola har omgangssyke og feber"


async def _migrate(url: str, action: str, revision: str) -> None:
    await asyncio.to_thread(getattr(command, action), alembic_config(url), revision)


async def _columns(db: Database, table: str) -> set[str]:
    async with db.engine.connect() as conn:
        return {c["name"] for c in await conn.run_sync(lambda c: inspect(c).get_columns(table))}


async def _fill_at_0001(db: Database) -> None:
    """A school day's records as 0001 stored them: with the guardian's words."""
    async with db.transaction() as s:
        for statement in (
            "INSERT INTO people (sourced_id, role, given_name, family_name, active, teams_blocked, sms_opted_out) "
            "VALUES ('s-ola', 'student', 'Ola', 'Nordmann', true, false, false)",
            "INSERT INTO absences (id, student_id, date, reason, status, channel, raw_text, created_at, updated_at) "
            f"VALUES (1, 's-ola', '2026-11-30', 'illness', 'explained', 'sms', '{WORDS}', "
            "'2026-11-30 07:00:00', '2026-11-30 07:00:00')",
            "INSERT INTO absence_followups (id, absence_id, guardian_id, stage, channel, asked_at, answered_at) "
            "VALUES (1, 1, 'g-lise', 1, 'sms', '2026-11-30 06:00:00', '2026-11-30 07:00:00')",
            "INSERT INTO inbound_messages (channel_id, message_id, person_id, sender_hash, body, form, received_at, "
            f"processed_at) VALUES ('sms', 'SM1', 'g-lise', 'abc', '{WORDS}', NULL, '2026-11-30 07:00:00', "
            "'2026-11-30 07:00:01')",
        ):
            await s.execute(text(statement))


@pytest.mark.parametrize(
    "kind,sqlite_version",
    [("sqlite", None), ("sqlite", (3, 34, 1)), ("postgresql", None)],
    ids=["sqlite", "old-sqlite", "postgresql"],
)
async def test_0007_drops_the_words_and_keeps_the_records(
    kind: str, sqlite_version: tuple[int, int, int] | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if sqlite_version is not None:
        monkeypatch.setattr(sqlite3, "sqlite_version_info", sqlite_version)
    async with fresh_url(kind, tmp_path) as url:
        await _migrate(url, "upgrade", "0001")
        before = Database(url)
        try:
            await _fill_at_0001(before)
            assert set((await tables_holding(before, ["omgangssyke"]))["omgangssyke"]) == {
                "absences",
                "inbound_messages",
            }
        finally:
            await before.dispose()

        await _migrate(url, "upgrade", "heads")

        db = Database(url)
        try:
            assert "raw_text" not in await _columns(db, "absences")
            assert "body" not in await _columns(db, "inbound_messages")
            assert await tables_holding(db, ["omgangssyke", "feber"]) == {}
            async with db.read() as s:
                absence = (await s.execute(text("SELECT student_id, reason, status FROM absences"))).all()
                followups = (await s.execute(text("SELECT absence_id, guardian_id FROM absence_followups"))).all()
                inbound = (await s.execute(text("SELECT message_id, sender_hash FROM inbound_messages"))).all()
            assert [tuple(r) for r in absence] == [("s-ola", "illness", "explained")]
            assert [tuple(r) for r in followups] == [(1, "g-lise")]  # not cascaded away with the old table
            assert [tuple(r) for r in inbound] == [("SM1", "abc")]
            async with db.transaction() as s:  # the rebuilt table still enforces its foreign keys and cascade
                await s.execute(text("DELETE FROM absences WHERE id = 1"))
            async with db.read() as s:
                assert (await s.execute(text("SELECT count(*) FROM absence_followups"))).scalar_one() == 0
        finally:
            await db.dispose()


async def test_0007_downgrades_to_empty_columns(tmp_path: Path) -> None:
    async with fresh_url("sqlite", tmp_path) as url:
        await _migrate(url, "upgrade", "0001")
        await _migrate(url, "upgrade", "0007")
        await _migrate(url, "downgrade", "0001")
        db = Database(url)
        try:
            assert "raw_text" in await _columns(db, "absences")
            assert "body" in await _columns(db, "inbound_messages")
        finally:
            await db.dispose()
