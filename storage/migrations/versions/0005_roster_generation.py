"""roster_generation: a counter every change to the roster tables moves on, kept by triggers

The bot keeps roster look-ups (who owns this phone number, whose children are these) in memory
and reads this one row per turn to know whether they are still true. Triggers, not application
code, move it on, so an import from another process, a test seeding rows or an operator's SQL
all count.

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-28 20:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None

ROSTER_TABLES = ("orgs", "people", "classes", "enrollments", "guardianships")
BUMP = "UPDATE roster_generation SET value = value + 1 WHERE id = 1"


def upgrade() -> None:
    op.create_table(
        "roster_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_generation")),
    )
    op.execute("INSERT INTO roster_generation (id, value) VALUES (1, 1)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE FUNCTION bump_roster_generation() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN {BUMP}; RETURN NULL; END $$")
        for table in ROSTER_TABLES:  # once per statement: a bulk import moves it on once
            op.execute(f"CREATE TRIGGER {table}_roster_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                       f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_roster_generation()")
        return
    for table in ROSTER_TABLES:  # SQLite has row triggers only
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_roster_generation_{event.lower()} AFTER {event} ON {table} "
                       f"BEGIN {BUMP}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ROSTER_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_roster_generation ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_roster_generation()")
    else:
        for table in ROSTER_TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_roster_generation_{event}")
    op.drop_table("roster_generation")
