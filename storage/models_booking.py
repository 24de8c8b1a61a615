"""The bookings table: one row per booked slot of a room or piece of equipment.

Overlapping active bookings of one resource are refused by the database itself: on PostgreSQL
by an exclusion constraint (btree_gist), on SQLite by triggers (see migration 0002), and the
booking code checks inside one serialised transaction before inserting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from storage.domain import BookingStatus
from storage.model_base import Base, known, utc_now

ACTIVE = BookingStatus.ACTIVE
CANCELLED = BookingStatus.CANCELLED
OVERLAP_CONSTRAINT = "ex_bookings_no_overlap"  # also the SQLite triggers' error message


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime stored as UTC; SQLite keeps it as naive UTC text so ranges compare as text."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("booking times must be aware datetimes")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Booking(Base):
    """A resource booked by a staff member from start_at (inclusive) to end_at (exclusive), UTC."""

    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        known("status", BookingStatus),
        Index("ix_bookings_resource_start", "resource_id", "start_at"),
        ExcludeConstraint(
            ("resource_id", "="),
            (text("tstzrange(start_at, end_at, '[)')"), "&&"),
            name=OVERLAP_CONSTRAINT,
            using="gist",
            where=text(f"status = '{BookingStatus.ACTIVE.value}'"),
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    resource_id: Mapped[str] = mapped_column(ForeignKey("resources.sourced_id"))
    start_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    end_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    booked_by: Mapped[str] = mapped_column(ForeignKey("people.sourced_id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE)
    series_id: Mapped[str | None] = mapped_column(String(36), index=True)  # weekly recurring bookings
    channel: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utc_now)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
