"""urgent cases: a child who should be at school and is not, open until staff mark the child found

Adds the table `urgent_cases` and two absence statuses: `urgent` (a guardian's answer or alarm
says the child should be at school; staff are looking) and `resolved` (staff marked the child
found). The CHECK on absences.status is replaced by one that allows them.

SQLite cannot change a constraint in place, so Alembic's batch mode copies `absences`. Dropping the
old table would cascade away every absence_followups row (ON DELETE CASCADE), so the rows of every
table that refers to `absences`, directly or through another, are set aside in temporary tables
and put back unchanged once the copy is in place, as migration 0009 does. PostgreSQL changes the
constraint in place.

Downgrading drops the table and turns `urgent` back into `unexplained` and `resolved` into
`explained`, the nearest statuses the older code knows.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 10:00:00
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BEFORE = ("reported", "unexplained", "explained", "leave_requested", "leave_granted", "leave_refused")
AFTER = (*BEFORE, "urgent", "resolved")
SIGNALS = ("on_the_way", "asks", "call_me", "alarm", "unclear")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def dependents(references: Mapping[str, set[str]], copied: set[str]) -> list[str]:
    """Tables that refer to a copied table, directly or through another such table; referred-to tables first."""
    found: list[str] = []
    frontier = set(copied)
    while frontier:
        new = sorted(t for t, parents in references.items() if parents & frontier and t not in found)
        found += new
        frontier = set(new)
    ordered: list[str] = []
    while len(ordered) < len(found):
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
    for table in reversed(tables):
        op.execute(f"DELETE FROM {table}")
    yield
    for table in tables:
        op.execute(f"INSERT INTO {table} ({columns[table]}) SELECT {columns[table]} FROM _keep_{table}")
        op.execute(f"DROP TABLE _keep_{table}")
    after = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
    if after != counts:
        raise RuntimeError(f"rows lost while copying tables: before {counts}, after {after}")


def _absence_statuses(values: tuple[str, ...]) -> None:
    """Replace the CHECK on absences.status, copying the table on SQLite without losing a row."""
    conn = op.get_bind()
    aside: list[str] = []
    if conn.dialect.name == "sqlite":
        inspector = sa.inspect(conn)
        references = {t: {fk["referred_table"] for fk in inspector.get_foreign_keys(t)}
                      for t in inspector.get_table_names()}
        aside = dependents(references, {"absences"})
    name = op.f("ck_absences_status_known")
    with _rows_set_aside(conn, aside):
        with op.batch_alter_table("absences") as batch_op:
            batch_op.drop_constraint(name, type_="check")
            batch_op.create_check_constraint(name, _in("status", values))


def upgrade() -> None:
    _absence_statuses(AFTER)
    op.create_table(
        "urgent_cases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("student_id", sa.String(length=255), nullable=False),
        sa.Column("absence_id", sa.Integer(), nullable=True),
        sa.Column("reported_by", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("signal", sa.String(length=20), nullable=False),
        sa.Column("additions", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=255), nullable=True),
        sa.CheckConstraint(_in("signal", SIGNALS), name=op.f("ck_urgent_cases_signal_known")),
        sa.ForeignKeyConstraint(["absence_id"], ["absences.id"], ondelete="SET NULL",
                                name=op.f("fk_urgent_cases_absence_id_absences")),
        sa.ForeignKeyConstraint(["student_id"], ["people.sourced_id"],
                                name=op.f("fk_urgent_cases_student_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_urgent_cases")),
    )
    with op.batch_alter_table("urgent_cases") as batch_op:
        batch_op.create_index(batch_op.f("ix_urgent_cases_absence_id"), ["absence_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_urgent_cases_reported_by"), ["reported_by"], unique=False)
        batch_op.create_index("ix_urgent_cases_student_resolved", ["student_id", "resolved_at"], unique=False)


def downgrade() -> None:
    op.drop_table("urgent_cases")
    op.execute("UPDATE absences SET status = 'unexplained' WHERE status = 'urgent'")
    op.execute("UPDATE absences SET status = 'explained' WHERE status = 'resolved'")
    _absence_statuses(BEFORE)
