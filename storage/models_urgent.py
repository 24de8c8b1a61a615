"""Urgent cases: a child who may be unaccounted for, open from the moment a guardian's answer or alarm
says so until a staff member marks the child found.

A case keeps categories and ids only: why it is urgent (`signal`), who raised it and on which
channel, how many messages followed, who resolved it. The guardian's words are never stored.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.domain import UrgentSignal
from storage.model_base import Base, known, utc_now


class UrgentCase(Base):
    """One urgent case about one child; `resolved_at` is None while staff are still looking."""

    __tablename__ = "urgent_cases"
    __table_args__ = (
        Index("ix_urgent_cases_student_resolved", "student_id", "resolved_at"),
        known("signal", UrgentSignal),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    student_id: Mapped[str] = mapped_column(ForeignKey("people.sourced_id"))
    absence_id: Mapped[int | None] = mapped_column(ForeignKey("absences.id", ondelete="SET NULL"), index=True)
    reported_by: Mapped[str] = mapped_column(String(255), index=True)  # who raised it (a guardian or relative)
    channel: Mapped[str] = mapped_column(String(32))  # the channel id it was raised on ("sms", "msteams", ...)
    signal: Mapped[str] = mapped_column(String(20))  # UrgentSignal
    additions: Mapped[int] = mapped_column(Integer, default=0)  # further messages passed on while open
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(255))  # the staff member who marked it resolved
