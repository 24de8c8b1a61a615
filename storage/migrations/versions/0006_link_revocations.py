"""link_revocations: signed links revoked one by one, keyed by a hash of the token

Revision ID: 0006
Revises: 0001
Create Date: 2026-12-07 09:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_revocations",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_link_revocations")),
    )
    with op.batch_alter_table("link_revocations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_revocations_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("link_revocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_revocations_expires_at"))
    op.drop_table("link_revocations")
