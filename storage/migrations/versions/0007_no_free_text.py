"""no free text: drop absences.raw_text and inbound_messages.body

A guardian's own words ("omgangssyke og feber") are used for the turn and never stored: an
absence keeps the reason category and the structured dates and times; the inbound SMS log keeps
the MessageSid, the time and the sender's hash, and the webhook form (with the body) only until
the turn has finished (storage.sms_log). Downgrading brings the columns back empty: the words
are gone for good.

On SQLite, dropping a column by copying the table (Alembic's batch "recreate") would drop the
old `absences` table with foreign keys on, and SQLite then deletes every absence_followups row
through its ON DELETE CASCADE. SQLite 3.35 and later drop the column in place; an older SQLite
has the follow-ups copied aside and put back around the copy.

Revision ID: 0007
Revises: 0001
Create Date: 2026-12-01 10:00:00
"""
from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0001"
branch_labels = None
depends_on = None

DROPPED = (("absences", "raw_text"), ("inbound_messages", "body"))
SQLITE_DROP_COLUMN = (3, 35, 0)  # ALTER TABLE ... DROP COLUMN


def _native_drop() -> bool:
    """True where the database drops a column in place (PostgreSQL, SQLite 3.35+)."""
    return op.get_bind().dialect.name != "sqlite" or sqlite3.sqlite_version_info >= SQLITE_DROP_COLUMN


def upgrade() -> None:
    native = _native_drop()
    if not native:
        op.execute("CREATE TEMP TABLE _keep_absence_followups AS SELECT * FROM absence_followups")
    for table, column in DROPPED:
        with op.batch_alter_table(table, recreate="never" if native else "always") as batch_op:
            batch_op.drop_column(column)
    if not native:
        op.execute("DELETE FROM absence_followups")
        op.execute("INSERT INTO absence_followups SELECT * FROM _keep_absence_followups")
        op.execute("DROP TABLE _keep_absence_followups")


def downgrade() -> None:
    for table, column in DROPPED:
        with op.batch_alter_table(table, recreate="never") as batch_op:  # adding a column never copies
            batch_op.add_column(sa.Column(column, sa.Text(), nullable=True))
