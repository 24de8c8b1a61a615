"""erased_people: tombstones (a hash of the sourcedId and the time) that keep erased people out of imports

Revision ID: 0008
Revises: 0001
Create Date: 2026-12-01 10:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erased_people",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_erased_people")),
    )


def downgrade() -> None:
    op.drop_table("erased_people")
