"""week plans: published versions per class or grade and ISO week, with an optional file

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-28 18:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

MAX_FILE_BYTES = 10 * 1024 * 1024


def upgrade() -> None:
    op.create_table(
        "weekplans",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scope", sa.String(length=270), nullable=False),
        sa.Column("class_id", sa.String(length=255), nullable=True),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("iso_year", sa.Integer(), nullable=False),
        sa.Column("iso_week", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("file_type", sa.String(length=127), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("file_data", sa.LargeBinary(), nullable=True),
        sa.Column("published_by", sa.String(length=255), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(class_id IS NOT NULL AND grade IS NULL AND scope = 'class:' || class_id)"
            " OR (class_id IS NULL AND grade IS NOT NULL AND scope = 'grade:' || CAST(grade AS VARCHAR(8)))",
            name=op.f("ck_weekplans_scope_matches"),
        ),
        sa.CheckConstraint("iso_week BETWEEN 1 AND 53", name=op.f("ck_weekplans_iso_week_range")),
        sa.CheckConstraint("iso_year BETWEEN 2000 AND 2999", name=op.f("ck_weekplans_iso_year_range")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_weekplans_version_positive")),
        sa.CheckConstraint("body IS NOT NULL OR file_data IS NOT NULL", name=op.f("ck_weekplans_has_content")),
        sa.CheckConstraint(
            "(file_data IS NULL AND file_name IS NULL AND file_type IS NULL AND file_size IS NULL)"
            " OR (file_data IS NOT NULL AND file_name IS NOT NULL AND file_type IS NOT NULL"
            f" AND file_size = length(file_data) AND file_size BETWEEN 1 AND {MAX_FILE_BYTES})",
            name=op.f("ck_weekplans_file_complete"),
        ),
        sa.ForeignKeyConstraint(["class_id"], ["classes.sourced_id"], name=op.f("fk_weekplans_class_id_classes")),
        sa.ForeignKeyConstraint(["published_by"], ["people.sourced_id"], name=op.f("fk_weekplans_published_by_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekplans")),
        sa.UniqueConstraint("scope", "iso_year", "iso_week", "version", name="uq_weekplans_scope_week_version"),
    )
    with op.batch_alter_table("weekplans", schema=None) as batch_op:
        batch_op.create_index("ix_weekplans_scope_week", ["scope", "iso_year", "iso_week"], unique=False)
        batch_op.create_index(batch_op.f("ix_weekplans_class_id"), ["class_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_weekplans_grade"), ["grade"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("weekplans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_weekplans_grade"))
        batch_op.drop_index(batch_op.f("ix_weekplans_class_id"))
        batch_op.drop_index("ix_weekplans_scope_week")
    op.drop_table("weekplans")
