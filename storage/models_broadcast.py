"""Broadcasts and their durable outbox: one delivery row per recipient and channel.

A broadcast and all its deliveries are written in one transaction, so a crash never leaves a
half-queued message. Workers move each delivery forward (pending -> sending -> sent ->
delivered, or failed/skipped); the lease (claimed_until) lets another worker take over the
deliveries of a worker that died. Leaders' SMS PINs (hashed) and the per-number lockout after
wrong PINs live here too, so a restart forgets nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.domain import BroadcastChannels, BroadcastOrigin, DeliveryChannel, DeliveryStatus
from storage.model_base import Base, known, utc_now

DELIVERY_STATUSES = tuple(DeliveryStatus)
FINAL_STATUSES = frozenset({DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED})
OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)  # a worker still has to do something
DELIVERY_CHANNELS = tuple(DeliveryChannel)
BROADCAST_CHANNELS = tuple(BroadcastChannels)
ORIGINS = tuple(BroadcastOrigin)


class Broadcast(Base):
    """One message to an audience: what was written, how it goes out, who asked for it."""

    __tablename__ = "broadcasts"
    __table_args__ = (
        CheckConstraint("NOT drill OR emergency", name="drill_is_emergency"),
        known("channels", BroadcastChannels),
        known("origin", BroadcastOrigin),
        CheckConstraint("recipients >= 0", name="recipients_not_negative"),
        CheckConstraint("segments >= 0", name="segments_not_negative"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)
    sender_id: Mapped[str | None] = mapped_column(ForeignKey("people.sourced_id"), index=True)
    origin: Mapped[str] = mapped_column(String(16))
    audience: Mapped[str] = mapped_column(String(255))
    channels: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)  # as the sender wrote it
    sms_body: Mapped[str] = mapped_column(Text)  # as it goes by SMS (drill-marked, GSM-7 safe)
    teams_body: Mapped[str] = mapped_column(Text)  # as it goes in Teams
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    drill: Mapped[bool] = mapped_column(Boolean, default=False)
    overrides_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)  # the policy applied
    recipients: Mapped[int] = mapped_column(Integer, default=0)  # people in the audience
    segments: Mapped[int] = mapped_column(Integer, default=0)  # per SMS
    language: Mapped[str] = mapped_column(String(8), default="nb")  # the sender's, for the report
    # The sender's live report in Teams: where it is and what it last showed.
    report_reference: Mapped[str | None] = mapped_column(Text)
    report_activity_id: Mapped[str | None] = mapped_column(String(255))
    report_digest: Mapped[str | None] = mapped_column(String(64))
    report_updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Delivery(Base):
    """The outbox: one row per recipient and channel; at most one per channel and person."""

    __tablename__ = "broadcast_deliveries"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "person_id", "channel", name="uq_broadcast_deliveries_person_channel"),
        known("status", DeliveryStatus),
        known("channel", DeliveryChannel),
        CheckConstraint("status <> 'sending' OR claimed_until IS NOT NULL", name="sending_has_lease"),
        CheckConstraint("channel <> 'none' OR status IN ('skipped', 'failed')", name="nowhere_is_final"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index(
            "ix_broadcast_deliveries_due",
            "channel",
            "priority",
            "next_attempt_at",
            "id",
            postgresql_where=text("status IN ('pending', 'sending')"),
            sqlite_where=text("status IN ('pending', 'sending')"),
        ),
        Index("ix_broadcast_deliveries_broadcast_status", "broadcast_id", "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.sourced_id"), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    address: Mapped[str | None] = mapped_column(
        String(255)
    )  # E.164 for SMS (None after retention/erasure), the Teams channel id
    priority: Mapped[int] = mapped_column(Integer, default=1)  # 0 = emergency, goes first
    status: Mapped[str] = mapped_column(String(12), default=DeliveryStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[str | None] = mapped_column(String(96))
    segments: Mapped[int] = mapped_column(Integer, default=0)
    sms_sid: Mapped[str | None] = mapped_column(String(64), index=True)
    activity_id: Mapped[str | None] = mapped_column(String(255))
    reason: Mapped[str | None] = mapped_column(String(255))
    error_code: Mapped[int | None] = mapped_column(Integer)
    fallback_of: Mapped[int | None] = mapped_column(ForeignKey("broadcast_deliveries.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Acknowledgement(Base):
    """A recipient's "OK" / "mottatt" to an emergency alert; one per person and broadcast."""

    __tablename__ = "broadcast_acks"
    __table_args__ = (PrimaryKeyConstraint("broadcast_id", "person_id", name="pk_broadcast_acks"),)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.sourced_id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    channel: Mapped[str] = mapped_column(String(32))


class LeaderPin(Base):
    """A leader's PIN for "VARSEL <PIN> ..." by SMS, as an scrypt hash (never the PIN itself)."""

    __tablename__ = "leader_pins"
    person_id: Mapped[str] = mapped_column(ForeignKey("people.sourced_id"), primary_key=True)
    pin_hash: Mapped[str] = mapped_column(String(255))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class PinLockout(Base):
    """Wrong PINs from one phone number (sha256 of it); locked_until stops the SMS command."""

    __tablename__ = "pin_lockouts"
    __table_args__ = (CheckConstraint("failures >= 0", name="failures_not_negative"),)
    phone_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class OutboxPacing(Base):
    """The shared rate limit of a channel: when its next send may start (epoch seconds).

    Every worker reserves its batch's time window here, so several workers on several
    machines together never exceed SKOLEBOT_SMS_RATE / SKOLEBOT_TEAMS_RATE.
    """

    __tablename__ = "outbox_pacing"
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    next_free: Mapped[float] = mapped_column(Float, default=0.0)
