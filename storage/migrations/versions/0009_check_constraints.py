"""check constraints: each status, reason, route and kind column holds one of its known values

The vocabularies are the enums of storage.domain as they stand at this revision, written out
here because a migration describes the schema at its own point in history; changing an enum
later takes a new migration. Columns stay VARCHAR, so no value is converted. Bookings and
broadcasts had their CHECKs from their first migration (0002, 0004). This revision also joins
the branches that all grew from 0001.

Before adding a constraint the migration looks for values outside it and stops, naming the
table, column and values, rather than change anyone's data. No legacy values exist: the code
has written only these since the first commit (git log -p storage/absences.py).

SQLite cannot add a constraint to a table, so Alembic's batch mode copies each table into a
new one and drops the old. With foreign keys on, dropping `absences` would delete every
absence_followups row through its ON DELETE CASCADE, and dropping `leave_requests` would be
refused while absences point at it (the lesson of 0007). So the rows of every table that refers,
directly or through another, to a table being copied are set aside in temporary tables, removed,
and put back unchanged once the copies are in place. PostgreSQL adds the constraints in place.

Revision ID: 0009
Revises: 0002, 0003, 0004, 0005, 0006, 0007, 0008
Create Date: 2026-12-02 10:00:00
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

revision = "0009"
down_revision = ("0002", "0003", "0004", "0005", "0006", "0007", "0008")
branch_labels = None
depends_on = None

REASONS = ("illness", "appointment", "family", "other")
KNOWN: dict[str, dict[str, tuple[str, ...]]] = {
    "leave_requests": {
        "status": ("requested", "granted", "refused"),
        "reason": REASONS,
        "route": ("office", "principal"),
    },
    "absences": {
        "status": ("reported", "unexplained", "explained", "leave_requested", "leave_granted", "leave_refused"),
        "reason": REASONS,
    },
    "sms_outbound": {
        "status": ("accepted", "scheduled", "queued", "sending", "sent", "delivered", "undelivered", "failed",
                   "canceled", "read", "partially_delivered", "receiving", "received"),
    },
    "link_revocations": {"kind": ("weekplan", "feed", "stats")},
}


class UnknownValues(RuntimeError):
    """A row holds a value the new constraint would refuse; nothing was changed."""


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def constraint_name(table: str, column: str) -> sa.sql.elements.conv:
    """The name storage.models.known gives the same constraint (ck_<table>_<column>_known), marked final."""
    return op.f(f"ck_{table}_{column}_known")


def unknown_values(conn: sa.Connection) -> list[str]:
    """One line per table, column and value outside its vocabulary, with how many rows hold it."""
    found = []
    for table, columns in KNOWN.items():
        for column, values in columns.items():
            rows = conn.execute(sa.text(
                f"SELECT {column}, count(*) FROM {table} WHERE NOT ({_in(column, values)}) GROUP BY {column}"
            )).all()
            found += [f"{table}.{column} = {value!r} in {n} row(s); allowed: {', '.join(values)}"
                      for value, n in rows]
    return found


def dependents(references: Mapping[str, set[str]], copied: set[str]) -> list[str]:
    """Tables that refer to a copied table, directly or through another such table; referred-to tables first."""
    found: list[str] = []
    frontier = set(copied)
    while frontier:
        new = sorted(t for t, parents in references.items() if parents & frontier and t not in found)
        found += new
        frontier = set(new)
    ordered: list[str] = []
    while len(ordered) < len(found):  # parents before children, so rows can be put back in this order
        ready = [t for t in found if t not in ordered
                 and not (references[t] - {t}) & (set(found) - set(ordered))]
        if not ready:
            raise RuntimeError(f"foreign keys form a cycle among {sorted(set(found) - set(ordered))}")
        ordered += ready
    return ordered


@contextmanager
def _rows_set_aside(conn: sa.Connection, tables: list[str]) -> Iterator[None]:
    """Keep the rows of `tables` in temporary tables while the block copies their parents, then put them back."""
    inspector = sa.inspect(conn)
    columns = {t: ", ".join(f'"{c["name"]}"' for c in inspector.get_columns(t)) for t in tables}
    counts = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
    for table in tables:
        op.execute(f"CREATE TEMP TABLE _keep_{table} AS SELECT {columns[table]} FROM {table}")
    for table in reversed(tables):  # children first: nothing cascades, nothing is refused
        op.execute(f"DELETE FROM {table}")
    yield
    for table in tables:
        op.execute(f"INSERT INTO {table} ({columns[table]}) SELECT {columns[table]} FROM _keep_{table}")
        op.execute(f"DROP TABLE _keep_{table}")
    after = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
    if after != counts:
        raise RuntimeError(f"rows lost while copying tables: before {counts}, after {after}")


def _alter_each(change: Callable[[BatchOperations, str, str], None]) -> None:
    """Apply `change` to every constrained column, copying tables on SQLite without losing a row."""
    conn = op.get_bind()
    aside: list[str] = []
    if conn.dialect.name == "sqlite":
        inspector = sa.inspect(conn)
        references = {t: {fk["referred_table"] for fk in inspector.get_foreign_keys(t)}
                      for t in inspector.get_table_names()}
        aside = dependents(references, set(KNOWN))
    with _rows_set_aside(conn, aside):
        for table, columns in KNOWN.items():
            with op.batch_alter_table(table) as batch_op:
                for column in columns:
                    change(batch_op, table, column)


def upgrade() -> None:
    found = unknown_values(op.get_bind())
    if found:
        raise UnknownValues("migration 0009 stopped, nothing was changed: rows hold values outside their known "
                            "list. Correct or remove them, then migrate again:\n  " + "\n  ".join(found))
    _alter_each(lambda batch_op, table, column: batch_op.create_check_constraint(
        constraint_name(table, column), _in(column, KNOWN[table][column])))


def downgrade() -> None:
    _alter_each(lambda batch_op, table, column: batch_op.drop_constraint(constraint_name(table, column), type_="check"))
