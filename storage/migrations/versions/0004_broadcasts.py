"""broadcasts: messages to an audience, their durable outbox, acknowledgements, SMS PINs

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-28 18:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None

_DUE = sa.text("status IN ('pending', 'sending')")


def upgrade() -> None:
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("audience", sa.String(length=255), nullable=False),
        sa.Column("channels", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sms_body", sa.Text(), nullable=False),
        sa.Column("teams_body", sa.Text(), nullable=False),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("drill", sa.Boolean(), nullable=False),
        sa.Column("overrides_opt_out", sa.Boolean(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("segments", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("report_reference", sa.Text(), nullable=True),
        sa.Column("report_activity_id", sa.String(length=255), nullable=True),
        sa.Column("report_digest", sa.String(length=64), nullable=True),
        sa.Column("report_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("NOT drill OR emergency", name=op.f("ck_broadcasts_drill_is_emergency")),
        sa.CheckConstraint("channels IN ('sms', 'teams', 'both')", name=op.f("ck_broadcasts_channels_known")),
        sa.CheckConstraint("origin IN ('teams', 'sms', 'shell', 'system')", name=op.f("ck_broadcasts_origin_known")),
        sa.CheckConstraint("recipients >= 0", name=op.f("ck_broadcasts_recipients_not_negative")),
        sa.CheckConstraint("segments >= 0", name=op.f("ck_broadcasts_segments_not_negative")),
        sa.ForeignKeyConstraint(["sender_id"], ["people.sourced_id"], name=op.f("fk_broadcasts_sender_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")),
    )
    op.create_index(op.f("ix_broadcasts_created_at"), "broadcasts", ["created_at"])
    op.create_index(op.f("ix_broadcasts_sender_id"), "broadcasts", ["sender_id"])

    op.create_table(
        "broadcast_deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=96), nullable=True),
        sa.Column("segments", sa.Integer(), nullable=False),
        sa.Column("sms_sid", sa.String(length=64), nullable=True),
        sa.Column("activity_id", sa.String(length=255), nullable=True),
        sa.Column("reason", sa.String(length=255), nullable=True),
        sa.Column("error_code", sa.Integer(), nullable=True),
        sa.Column("fallback_of", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'skipped')",
            name=op.f("ck_broadcast_deliveries_status_known"),
        ),
        sa.CheckConstraint("channel IN ('sms', 'teams', 'none')", name=op.f("ck_broadcast_deliveries_channel_known")),
        sa.CheckConstraint(
            "status <> 'sending' OR claimed_until IS NOT NULL", name=op.f("ck_broadcast_deliveries_sending_has_lease")
        ),
        sa.CheckConstraint(
            "channel <> 'none' OR status IN ('skipped', 'failed')", name=op.f("ck_broadcast_deliveries_nowhere_is_final")
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_broadcast_deliveries_attempts_not_negative")),
        sa.ForeignKeyConstraint(
            ["broadcast_id"], ["broadcasts.id"], ondelete="CASCADE",
            name=op.f("fk_broadcast_deliveries_broadcast_id_broadcasts"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.sourced_id"], name=op.f("fk_broadcast_deliveries_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["fallback_of"], ["broadcast_deliveries.id"],
            name=op.f("fk_broadcast_deliveries_fallback_of_broadcast_deliveries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast_deliveries")),
        sa.UniqueConstraint(
            "broadcast_id", "person_id", "channel", name=op.f("uq_broadcast_deliveries_person_channel")
        ),
    )
    op.create_index(
        "ix_broadcast_deliveries_due", "broadcast_deliveries", ["channel", "priority", "next_attempt_at", "id"],
        postgresql_where=_DUE, sqlite_where=_DUE,
    )
    op.create_index("ix_broadcast_deliveries_broadcast_status", "broadcast_deliveries", ["broadcast_id", "status"])
    op.create_index(op.f("ix_broadcast_deliveries_person_id"), "broadcast_deliveries", ["person_id"])
    op.create_index(op.f("ix_broadcast_deliveries_sms_sid"), "broadcast_deliveries", ["sms_sid"])

    op.create_table(
        "broadcast_acks",
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=255), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["broadcast_id"], ["broadcasts.id"], ondelete="CASCADE",
            name=op.f("fk_broadcast_acks_broadcast_id_broadcasts"),
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.sourced_id"], name=op.f("fk_broadcast_acks_person_id_people")),
        sa.PrimaryKeyConstraint("broadcast_id", "person_id", name="pk_broadcast_acks"),
    )
    op.create_index(op.f("ix_broadcast_acks_person_id"), "broadcast_acks", ["person_id"])

    op.create_table(
        "leader_pins",
        sa.Column("person_id", sa.String(length=255), nullable=False),
        sa.Column("pin_hash", sa.String(length=255), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.sourced_id"], name=op.f("fk_leader_pins_person_id_people")),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_leader_pins")),
    )

    op.create_table(
        "pin_lockouts",
        sa.Column("phone_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("failures >= 0", name=op.f("ck_pin_lockouts_failures_not_negative")),
        sa.PrimaryKeyConstraint("phone_hash", name=op.f("pk_pin_lockouts")),
    )

    op.create_table(
        "outbox_pacing",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("next_free", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("channel", name=op.f("pk_outbox_pacing")),
    )


def downgrade() -> None:
    op.drop_table("outbox_pacing")
    op.drop_table("pin_lockouts")
    op.drop_table("leader_pins")
    op.drop_index(op.f("ix_broadcast_acks_person_id"), table_name="broadcast_acks")
    op.drop_table("broadcast_acks")
    op.drop_index(op.f("ix_broadcast_deliveries_sms_sid"), table_name="broadcast_deliveries")
    op.drop_index(op.f("ix_broadcast_deliveries_person_id"), table_name="broadcast_deliveries")
    op.drop_index("ix_broadcast_deliveries_broadcast_status", table_name="broadcast_deliveries")
    op.drop_index("ix_broadcast_deliveries_due", table_name="broadcast_deliveries")
    op.drop_table("broadcast_deliveries")
    op.drop_index(op.f("ix_broadcasts_sender_id"), table_name="broadcasts")
    op.drop_index(op.f("ix_broadcasts_created_at"), table_name="broadcasts")
    op.drop_table("broadcasts")
