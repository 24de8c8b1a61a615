"""The domain's vocabularies hold in the database: each status, reason, route and kind column refuses a value
outside its enum (storage.domain), migration 0009 adds those CHECKs to a database in use without losing a row
(absence follow-ups included, which SQLite's table copy would otherwise cascade away) and stops, naming the
value, where a row holds something unknown; and the values the code writes are the enums' values.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, Connection, inspect, text
from sqlalchemy.exc import IntegrityError

from bot.signed_links import KINDS
from bot.texts import LANGUAGES, catalogue
from bot.understanding import classify_reason
from storage.absences import Absences
from storage.db import Database
from storage.domain import AbsenceStatus, LeaveRoute, LeaveStatus, Reason, SmsStatus
from storage.links import revoke
from storage.migrate import alembic_config
from storage.models import Base
from storage.sms_log import SmsLog
from tests.dbs import fresh_url

UNKNOWN = "nope"  # short enough for the narrowest column (broadcasts.channels, 8 characters)
NOW = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 11, 30)


@dataclass(frozen=True)
class Known:
    """One constrained column: its table, column, CHECK name and vocabulary, as the models declare it."""

    table: str
    column: str
    name: str
    vocabulary: type[StrEnum]


def constrained_columns() -> list[Known]:
    """Every column the models give a vocabulary CHECK (storage.models.known), found in the metadata."""
    return sorted(
        (
            Known(t.name, c.info["column"], str(c.name), c.info["vocabulary"])
            for t in Base.metadata.sorted_tables
            for c in t.constraints
            if isinstance(c, CheckConstraint) and "vocabulary" in c.info
        ),
        key=lambda k: (k.table, k.column),
    )


# The columns migration 0009 constrains; bookings and broadcasts had theirs from the start (0002, 0004).
NEW_IN_0009 = {
    "absences.status",
    "absences.reason",
    "leave_requests.status",
    "leave_requests.reason",
    "leave_requests.route",
    "sms_outbound.status",
    "link_revocations.kind",
}

# A school day's rows as raw SQL, valid both before migration 0009 and after it, in every table a
# constraint touches and in the tables that refer to them (absence_followups -> absences -> leave_requests).
SEED = (
    "INSERT INTO people (sourced_id, role, given_name, family_name, active, teams_blocked, sms_opted_out) VALUES "
    "('s-ola', 'student', 'Ola', 'Nordmann', true, false, false), "
    "('s-emma', 'student', 'Emma', 'Nordmann', true, false, false), "
    "('g-lise', 'guardian', 'Lise', 'Nordmann', true, false, false), "
    "('t-kari', 'teacher', 'Kari', 'Lærer', true, false, false)",
    "INSERT INTO resources (sourced_id, name, kind, aliases, active) VALUES ('r-gym', 'Gymsal', 'room', '', true)",
    "INSERT INTO leave_requests (id, student_id, requested_by, channel, first_date, last_date, school_days, reason, "
    "route, status, created_at) VALUES (1, 's-emma', 'g-lise', 'sms', '2026-12-07', '2026-12-08', 2, 'family', "
    "'office', 'requested', '2026-11-30 07:00:00')",
    "INSERT INTO absences (id, student_id, date, reason, status, channel, reported_by, registered_by, request_id, "
    "created_at, updated_at) VALUES "
    "(1, 's-ola', '2026-11-30', 'illness', 'reported', 'sms', 'g-lise', NULL, NULL, "
    "'2026-11-30 07:00:00', '2026-11-30 07:00:00'), "
    "(2, 's-emma', '2026-11-30', NULL, 'unexplained', 'register', NULL, 't-kari', NULL, "
    "'2026-11-30 08:30:00', '2026-11-30 08:30:00'), "
    "(3, 's-emma', '2026-12-07', 'family', 'leave_requested', 'sms', 'g-lise', NULL, 1, "
    "'2026-11-30 07:00:00', '2026-11-30 07:00:00')",
    "INSERT INTO absence_followups (id, absence_id, guardian_id, stage, channel, asked_at, answered_at) VALUES "
    "(1, 2, 'g-lise', 1, 'sms', '2026-11-30 08:35:00', NULL), "
    "(2, 2, NULL, 2, 'office', '2026-11-30 09:35:00', NULL)",
    'INSERT INTO sms_outbound (sid, "to", status, error_code, segments, delivery_id, created_at, updated_at) VALUES '
    "('SM1', '+4790000001', 'delivered', NULL, 1, 1, '2026-11-30 08:35:00', '2026-11-30 08:36:00'), "
    "('SM2', '', 'undelivered', 30003, 1, NULL, '2026-11-30 08:35:00', '2026-11-30 08:36:00')",
    "INSERT INTO link_revocations (token_hash, kind, expires_at, revoked_at) VALUES "
    f"('{'a' * 64}', 'weekplan', '2026-12-30 00:00:00', '2026-11-30 08:00:00'), "
    f"('{'b' * 64}', 'stats', '2026-12-30 00:00:00', '2026-11-30 08:00:00')",
    "INSERT INTO bookings (id, resource_id, start_at, end_at, booked_by, status, channel, created_at) VALUES "
    "(1, 'r-gym', '2026-12-01 09:00:00', '2026-12-01 10:00:00', 't-kari', 'active', 'msteams', "
    "'2026-11-30 07:00:00')",
    "INSERT INTO broadcasts (id, created_at, sender_id, origin, audience, channels, text, sms_body, teams_body, "
    "emergency, drill, overrides_opt_out, recipients, segments, language) VALUES (1, '2026-11-30 08:00:00', "
    "'t-kari', 'teams', '5A', 'both', 'Tur i morgen', 'Tur i morgen', 'Tur i morgen', false, false, false, 1, 1, 'nb')",
    "INSERT INTO broadcast_deliveries (id, broadcast_id, person_id, channel, address, priority, status, attempts, "
    "next_attempt_at, claimed_until, segments, sms_sid, created_at, updated_at) VALUES (1, 1, 'g-lise', 'sms', "
    "'+4790000001', 1, 'failed', 1, '2026-11-30 08:00:00', '2026-11-30 08:01:00', 1, 'SM1', "
    "'2026-11-30 08:00:00', '2026-11-30 08:01:00')",
)


# Rows of tables later migrations add (0010: urgent cases), seeded only where the table exists.
LATER_SEED = {
    "urgent_cases": "INSERT INTO urgent_cases (id, student_id, absence_id, reported_by, channel, signal, additions, "
    "opened_at, updated_at, resolved_at, decided_by) VALUES (1, 's-emma', 2, 'g-lise', 'sms', 'on_the_way', 0, "
    "'2026-11-30 08:40:00', '2026-11-30 08:40:00', NULL, NULL)",
}


async def _tables(db: Database) -> set[str]:
    async with db.engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))


async def _seed(db: Database) -> None:
    present = await _tables(db)
    async with db.transaction() as s:
        for statement in SEED:
            await s.execute(text(statement))
        for table, statement in LATER_SEED.items():
            if table in present:
                await s.execute(text(statement))


async def _migrate(url: str, action: str, revision: str) -> None:
    await asyncio.to_thread(getattr(command, action), alembic_config(url), revision)


def _before_0009(url: str) -> tuple[str, ...]:
    down = ScriptDirectory.from_config(alembic_config(url)).get_revision("0009").down_revision
    assert isinstance(down, tuple)
    return down


async def _at_previous_heads(url: str) -> None:
    """A database as the code before 0009 left it: every branch that grew from 0001, at its head."""
    for head in _before_0009(url):
        await _migrate(url, "upgrade", head)


async def _every_row(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (found by inspecting the database, not from the models), sorted."""
    async with db.engine.connect() as conn:
        tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
        return {
            t: sorted((tuple(r) for r in (await conn.execute(text(f'SELECT * FROM "{t}"'))).all()), key=repr)
            for t in tables
            if t != "alembic_version"
        }


async def _try_set(db: Database, known: Known, value: str) -> None:
    """Set the column on every row to `value` and roll back: raises IntegrityError when the database refuses."""
    async with db.engine.connect() as conn:
        transaction = await conn.begin()
        try:
            await conn.execute(text(f"UPDATE {known.table} SET {known.column} = :value"), {"value": value})
        finally:
            await transaction.rollback()


async def _refusals(db: Database, value: str) -> dict[str, str | None]:
    """For each constrained column (of the tables this database has yet): the error's text when it refused `value`."""
    out: dict[str, str | None] = {}
    present = await _tables(db)
    for known in constrained_columns():
        if known.table not in present:
            continue
        try:
            await _try_set(db, known, value)
            out[f"{known.table}.{known.column}"] = None
        except IntegrityError as exc:
            out[f"{known.table}.{known.column}"] = str(exc.orig)
    return out


# ---------------------------------------------------------------- the database refuses what is not in the enum


def test_every_status_reason_route_and_kind_column_has_a_vocabulary() -> None:
    assert {(k.table, k.column) for k in constrained_columns()} == {
        ("absences", "status"),
        ("absences", "reason"),
        ("leave_requests", "status"),
        ("leave_requests", "reason"),
        ("leave_requests", "route"),
        ("sms_outbound", "status"),
        ("link_revocations", "kind"),
        ("bookings", "status"),
        ("broadcasts", "channels"),
        ("broadcasts", "origin"),
        ("broadcast_deliveries", "status"),
        ("broadcast_deliveries", "channel"),
        ("urgent_cases", "signal"),
    }


async def test_an_unknown_value_is_refused_by_the_database_in_every_constrained_column(db: Database) -> None:
    await _seed(db)
    before = await _every_row(db)
    refusals = await _refusals(db, UNKNOWN)
    names = {f"{k.table}.{k.column}": k.name for k in constrained_columns()}
    assert [column for column, error in refusals.items() if error is None] == []  # none took the value
    for column, error in refusals.items():
        assert names[column] in str(error), (column, error)  # refused by that column's own CHECK
    assert await _every_row(db) == before


async def test_every_value_of_every_vocabulary_is_accepted(db: Database) -> None:
    """The migration's lists and the enums agree: the database takes every member, and NULL where allowed."""
    await _seed(db)
    for known in constrained_columns():
        for member in known.vocabulary:
            await _try_set(db, known, member.value)
    for table, column in (("absences", "reason"), ("leave_requests", "reason")):
        async with db.transaction() as s:  # no reason given is still allowed
            await s.execute(text(f"UPDATE {table} SET {column} = NULL"))


async def test_the_migrated_database_has_exactly_the_checks_the_models_declare(db: Database) -> None:
    def checks(conn: Connection, table: str) -> set[str | None]:
        return {c["name"] for c in inspect(conn).get_check_constraints(table)}

    async with db.engine.connect() as conn:
        for table in {k.table for k in constrained_columns()}:
            in_database = await conn.run_sync(checks, table)
            declared = {str(c.name) for c in Base.metadata.tables[table].constraints if isinstance(c, CheckConstraint)}
            assert in_database == declared, table


# ---------------------------------------------------------------- migration 0009 on a database in use


async def test_0009_keeps_every_row_of_every_table_and_then_enforces(db_kind: str, tmp_path: Path) -> None:
    async with fresh_url(db_kind, tmp_path) as url:
        await _at_previous_heads(url)
        before_db = Database(url)
        try:
            await _seed(before_db)
            before = await _every_row(before_db)
            refusals = await _refusals(before_db, UNKNOWN)
            assert {column for column, error in refusals.items() if error is None} == NEW_IN_0009
        finally:
            await before_db.dispose()

        await _migrate(url, "upgrade", "heads")

        db = Database(url)
        try:
            after = {t: rows for t, rows in (await _every_row(db)).items() if t in before}  # later tables: new
            assert {t: len(rows) for t, rows in after.items()} == {t: len(rows) for t, rows in before.items()}
            assert after == before  # every row, every value
            assert len(after["absence_followups"]) == 2  # not cascaded away with the copied absences table
            refusals = await _refusals(db, UNKNOWN)
            assert all(error is not None for column, error in refusals.items() if column.split(".")[0] in before)
            async with db.transaction() as s:  # the copied tables still enforce their foreign keys and cascade
                await s.execute(text("DELETE FROM absences WHERE id = 2"))
            async with db.read() as s:
                assert (await s.execute(text("SELECT count(*) FROM absence_followups"))).scalar_one() == 0
            with pytest.raises(IntegrityError):
                async with db.transaction() as s:
                    await s.execute(text("DELETE FROM leave_requests WHERE id = 1"))  # absence 3 points at it
        finally:
            await db.dispose()


async def test_0009_stops_on_an_unknown_value_and_names_it(db_kind: str, tmp_path: Path) -> None:
    async with fresh_url(db_kind, tmp_path) as url:
        await _at_previous_heads(url)
        db = Database(url)
        try:
            await _seed(db)
            async with db.transaction() as s:
                await s.execute(text("UPDATE absences SET status = 'withdrawn' WHERE id = 1"))
            before = await _every_row(db)
        finally:
            await db.dispose()

        with pytest.raises(Exception, match=r"absences\.status = 'withdrawn' in 1 row") as raised:
            await _migrate(url, "upgrade", "heads")
        assert "allowed: reported, unexplained, explained" in str(raised.value)

        db = Database(url)
        try:
            assert await _every_row(db) == before  # nothing was changed
            async with db.read() as s:
                versions = set((await s.execute(text("SELECT version_num FROM alembic_version"))).scalars())
            assert versions == set(_before_0009(url))
        finally:
            await db.dispose()


async def test_0009_downgrades_keeping_every_row(db_kind: str, tmp_path: Path) -> None:
    async with fresh_url(db_kind, tmp_path) as url:
        await _migrate(url, "upgrade", "heads")
        db = Database(url)
        try:
            await _seed(db)
            before = await _every_row(db)
        finally:
            await db.dispose()

        await _migrate(url, "downgrade", "0008")  # one step back from the merge: every branch at its head again

        db = Database(url)
        try:
            assert await _every_row(db) == {t: rows for t, rows in before.items() if t not in LATER_SEED}
            async with db.read() as s:
                versions = set((await s.execute(text("SELECT version_num FROM alembic_version"))).scalars())
            assert versions == set(_before_0009(url))
            refusals = await _refusals(db, UNKNOWN)
            assert refusals["absences.status"] is None and refusals["sms_outbound.status"] is None
            assert refusals["bookings.status"] is not None  # 0002's own CHECK stays
        finally:
            await db.dispose()


# ---------------------------------------------------------------- the code writes the enums' values


async def _people(db: Database) -> None:
    async with db.transaction() as s:
        await s.execute(text(SEED[0]))


async def test_a_full_absence_report_through_storage_writes_known_values(db: Database) -> None:
    await _people(db)
    absences = Absences(db, clock=lambda: NOW)
    sick = classify_reason("Ola er syk i dag")
    assert sick == Reason.ILLNESS and type(sick) is str  # plain text, as dialog state keeps it

    reported = await absences.report(
        student_ids=["s-ola"],
        dates=[MONDAY],
        start_time=None,
        end_time=None,
        reason=sick,
        channel="sms",
        reported_by="g-lise",
    )
    _, missing = await absences.register_missing(teacher_id="t-kari", student_ids=["s-emma"], day=MONDAY)
    dentist = classify_reason("hun var hos tannlegen")
    assert dentist == Reason.APPOINTMENT
    explained = await absences.explain(missing[0].id, reason=dentist, guardian_id="g-lise", channel="sms")
    leave = await absences.apply_leave(
        student_id="s-emma",
        dates=[MONDAY + dt.timedelta(days=d) for d in (7, 8, 9)],
        reason=classify_reason("bryllup i familien"),
        requested_by="g-lise",
        channel="sms",
        principal_over_days=2,
    )
    decided = await absences.decide_leave(leave.id, granted=True, decided_by="t-kari")

    assert [r.status for r in reported] == ["reported"]
    assert explained is not None and (explained.status, explained.reason) == ("explained", "appointment")
    assert (leave.route, leave.status, leave.reason) == ("principal", "requested", "family")
    assert decided is not None and decided.status == "granted"
    async with db.read() as s:
        rows = (await s.execute(text("SELECT status, reason FROM absences ORDER BY date, student_id"))).all()
        request = (await s.execute(text("SELECT route, status, reason FROM leave_requests"))).one()
    assert [(r.status, r.reason) for r in rows] == [
        ("explained", "appointment"),
        ("reported", "illness"),
        ("leave_granted", "family"),
        ("leave_granted", "family"),
        ("leave_granted", "family"),
    ]
    assert tuple(request) == ("principal", "granted", "family")
    assert all(type(r.status) is str and r.status in set(AbsenceStatus) for r in rows)
    assert (LeaveRoute(request.route), LeaveStatus(request.status)) == (LeaveRoute.PRINCIPAL, LeaveStatus.GRANTED)

    assert await absences.withdraw([reported[0].id], "g-lise") == 1  # and back out again
    assert [r.record.status for r in await absences.for_day(MONDAY)] == ["explained"]


async def test_sms_statuses_outside_twilios_list_are_not_recorded(db: Database) -> None:
    log = SmsLog(db)
    assert await log.apply_status("SM-x", "exploded", None) is None  # refused quietly, no 500 to Twilio
    assert await log.status_of("SM-x") is None
    await log.record_outbound("SM-y", "+4790000001", "exploded", 1)  # Twilio accepted it: it is queued
    assert await log.status_of("SM-y") == (SmsStatus.QUEUED, None)
    assert await log.apply_status("SM-z", "partially_delivered", None) is not None  # every documented one is kept
    assert await log.status_of("SM-z") == ("partially_delivered", None)


async def test_every_kind_of_signed_link_can_be_revoked(db: Database) -> None:
    for i, kind in enumerate(KINDS):
        assert await revoke(db, f"{i:064d}", kind.name, NOW + dt.timedelta(days=30), actor="test", now=NOW)
    async with db.read() as s:
        assert set((await s.execute(text("SELECT kind FROM link_revocations"))).scalars()) == {k.name for k in KINDS}


def test_every_reason_and_status_a_person_sees_has_words_in_every_language() -> None:
    keys = (
        [f"absence.reason.{r}" for r in Reason]
        + [f"absence.status.{s}" for s in AbsenceStatus]
        + [f"absence.leave_decision.{s}" for s in (LeaveStatus.GRANTED, LeaveStatus.REFUSED)]
    )
    for lang in LANGUAGES:
        assert [k for k in keys if k not in catalogue(lang)] == [], lang
