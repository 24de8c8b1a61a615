"""bookings of rooms and equipment, with overlaps refused by the database

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 18:30:00

PostgreSQL: an exclusion constraint over (resource_id, [start_at, end_at)) for active rows,
which needs the btree_gist extension (a trusted extension since PostgreSQL 13: the database
owner may create it). SQLite: BEFORE INSERT/UPDATE triggers that abort an overlapping row;
together with BEGIN IMMEDIATE transactions the check and the insert are serialised.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OVERLAP = "ex_bookings_no_overlap"

_SQLITE_OVERLAP = """
    SELECT 1 FROM bookings AS b
    WHERE b.resource_id = NEW.resource_id AND b.status = 'active' AND b.id IS NOT NEW.id
      AND b.start_at < NEW.end_at AND b.end_at > NEW.start_at
"""


def upgrade() -> None:
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("resource_id", sa.String(length=255), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booked_by", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("series_id", sa.String(length=36), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_bookings_ends_after_start")),
        sa.CheckConstraint("status IN ('active', 'cancelled')", name=op.f("ck_bookings_status_known")),
        sa.ForeignKeyConstraint(["resource_id"], ["resources.sourced_id"],
                                name=op.f("fk_bookings_resource_id_resources")),
        sa.ForeignKeyConstraint(["booked_by"], ["people.sourced_id"], name=op.f("fk_bookings_booked_by_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    op.create_index("ix_bookings_resource_start", "bookings", ["resource_id", "start_at"])
    op.create_index(op.f("ix_bookings_booked_by"), "bookings", ["booked_by"])
    op.create_index(op.f("ix_bookings_series_id"), "bookings", ["series_id"])

    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            f"ALTER TABLE bookings ADD CONSTRAINT {OVERLAP} EXCLUDE USING gist "
            "(resource_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) "
            "WHERE (status = 'active')"
        )
    elif dialect == "sqlite":
        op.execute(
            "CREATE TRIGGER bookings_no_overlap_insert BEFORE INSERT ON bookings "
            f"WHEN NEW.status = 'active' AND EXISTS ({_SQLITE_OVERLAP}) "
            f"BEGIN SELECT RAISE(ABORT, '{OVERLAP}'); END"
        )
        op.execute(
            "CREATE TRIGGER bookings_no_overlap_update "
            "BEFORE UPDATE OF resource_id, start_at, end_at, status ON bookings "
            f"WHEN NEW.status = 'active' AND EXISTS ({_SQLITE_OVERLAP}) "
            f"BEGIN SELECT RAISE(ABORT, '{OVERLAP}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS bookings_no_overlap_update")
        op.execute("DROP TRIGGER IF EXISTS bookings_no_overlap_insert")
    op.drop_index(op.f("ix_bookings_series_id"), table_name="bookings")
    op.drop_index(op.f("ix_bookings_booked_by"), table_name="bookings")
    op.drop_index("ix_bookings_resource_start", table_name="bookings")
    op.drop_table("bookings")  # the exclusion constraint goes with it; btree_gist stays (harmless)
