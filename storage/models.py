"""The tables. Times are stored as UTC; dates and clock times are the school's local ones.

This module holds the core tables and registers every other table module (storage.models_*) on
``Base.metadata``: import it, not storage.model_base, wherever the whole schema is needed
(migrations, create_all, the privacy export). The table modules import only storage.model_base,
so the imports form no cycle.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

# Every table module, so that Base.metadata holds the whole schema once this module is imported.
from storage import (  # noqa: F401
    models_booking,
    models_broadcast,
    models_erased,
    models_links,
    models_urgent,
    models_weekplan,
)
from storage.domain import AbsenceStatus, LeaveRoute, LeaveStatus, Reason, SmsStatus
from storage.model_base import Base, known, utc_now


class Org(Base):
    __tablename__ = "orgs"
    sourced_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Person(Base):
    """Anyone in the roster: pupils, guardians, staff. Deactivated, never deleted, on re-import."""

    __tablename__ = "people"
    sourced_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    role: Mapped[str] = mapped_column(String(40), index=True)
    given_name: Mapped[str] = mapped_column(String(255))
    family_name: Mapped[str] = mapped_column(String(255))
    username: Mapped[str | None] = mapped_column(String(255), index=True)
    email: Mapped[str | None] = mapped_column(String(255), index=True)
    sms: Mapped[str | None] = mapped_column(String(32), index=True)
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    grade: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[str | None] = mapped_column(String(16))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    org_id: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Kept by Skolebot itself, not by the roster.
    language: Mapped[str | None] = mapped_column(String(8))
    aad_object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    teams_blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    sms_opted_out: Mapped[bool] = mapped_column(Boolean, default=False)


class SchoolClass(Base):
    __tablename__ = "classes"
    sourced_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    title: Mapped[str] = mapped_column(String(255), index=True)
    grade: Mapped[int | None] = mapped_column(Integer)
    class_type: Mapped[str] = mapped_column(String(40))
    org_id: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Enrollment(Base):
    __tablename__ = "enrollments"
    sourced_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    class_id: Mapped[str] = mapped_column(ForeignKey("classes.sourced_id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.sourced_id"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    primary: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Guardianship(Base):
    """A student's agent from users.csv agentSourcedIds; only parent/guardian act for the child."""

    __tablename__ = "guardianships"
    student_id: Mapped[str] = mapped_column(ForeignKey("people.sourced_id"), primary_key=True)
    guardian_id: Mapped[str] = mapped_column(ForeignKey("people.sourced_id"), primary_key=True, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class RosterGeneration(Base):
    """One row whose value triggers move on at every change to the roster tables (migration 0005)."""

    __tablename__ = "roster_generation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class Resource(Base):
    __tablename__ = "resources"
    sourced_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(64), index=True)
    capacity: Mapped[int | None] = mapped_column(Integer)
    aliases: Mapped[str] = mapped_column(Text, default="")  # "|"-separated, lower case
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AcademicSession(Base):
    __tablename__ = "academic_sessions"
    sourced_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    title: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class BotState(Base):
    """Bot Framework storage items (ConversationState, UserState, dialog stacks) for every channel."""

    __tablename__ = "bot_state"
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(Text)
    data: Mapped[str] = mapped_column(Text)
    etag: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)


class ConversationRef(Base):
    """Where to reach a person proactively on a channel (kept across restarts)."""

    __tablename__ = "conversation_refs"
    __table_args__ = (UniqueConstraint("person_id", "channel_id", name="uq_conversation_refs_person_channel"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.sourced_id"), index=True)
    channel_id: Mapped[str] = mapped_column(String(32))
    conversation_id: Mapped[str] = mapped_column(Text)
    reference: Mapped[str] = mapped_column(Text)  # JSON of ConversationReference
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class InboundMessage(Base):
    """Every inbound channel message id, for de-duplication; never the body beyond its own turn.

    `form` (the webhook fields, the body among them) is kept only so a turn cut short by a crash
    can be finished: it is cleared in the transaction that marks the message processed, and the
    retention job clears it after SKOLEBOT_UNFINISHED_BODY_MINUTES when the turn never finished.
    """

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel_id", "message_id", name="uq_inbound_messages_channel_msg"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel_id: Mapped[str] = mapped_column(String(32))
    message_id: Mapped[str] = mapped_column(String(255))
    person_id: Mapped[str | None] = mapped_column(String(255), index=True)
    sender_hash: Mapped[str | None] = mapped_column(String(64), index=True)  # sha256, not the number; purged
    form: Mapped[str | None] = mapped_column(Text)  # the webhook fields, only until the turn has finished
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)
    processed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)


class SmsOutbound(Base):
    """An SMS handed to Twilio; status callbacks move it forward, never back."""

    __tablename__ = "sms_outbound"
    __table_args__ = (known("status", SmsStatus),)
    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    to: Mapped[str] = mapped_column(String(32), index=True)  # "" once retention or erasure removed the number
    status: Mapped[str] = mapped_column(String(20))  # SmsStatus
    error_code: Mapped[int | None] = mapped_column(Integer)
    segments: Mapped[int] = mapped_column(Integer, default=1)
    delivery_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)
    actor_id: Mapped[str | None] = mapped_column(String(255), index=True)
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="{}")


class Absence(Base):
    """One child's absence on one school day; the reason is a category, never free text."""

    __tablename__ = "absences"
    __table_args__ = (
        UniqueConstraint("student_id", "date", name="uq_absences_student_date"),
        Index("ix_absences_date_status", "date", "status"),
        known("status", AbsenceStatus),
        known("reason", Reason),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    student_id: Mapped[str] = mapped_column(ForeignKey("people.sourced_id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    # The part of the day the child is away: from start_time to end_time. Only start_time: leaves early
    # ("går hjem kl 12" -> 12:00, None). Only end_time: arrives late ("kommer kl 11" -> None, 11:00; "tannlege
    # kl 10, kommer etterpå" -> None, 10:00, the earliest arrival). Both: away between them. Neither: all day.
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    reason: Mapped[str | None] = mapped_column(String(20))  # Reason
    status: Mapped[str] = mapped_column(String(20))  # AbsenceStatus
    channel: Mapped[str] = mapped_column(String(32))  # the channel id it came by, or "register"
    reported_by: Mapped[str | None] = mapped_column(String(255))
    registered_by: Mapped[str | None] = mapped_column(String(255))  # the teacher who registered the pupil missing
    request_id: Mapped[int | None] = mapped_column(ForeignKey("leave_requests.id"), index=True)
    explained_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, onupdate=utc_now)


class LeaveRequest(Base):
    """A guardian's application for planned absence, decided by the office or the principal."""

    __tablename__ = "leave_requests"
    __table_args__ = (known("status", LeaveStatus), known("reason", Reason), known("route", LeaveRoute))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    student_id: Mapped[str] = mapped_column(ForeignKey("people.sourced_id"), index=True)
    requested_by: Mapped[str] = mapped_column(String(255))
    channel: Mapped[str] = mapped_column(String(32))
    first_date: Mapped[dt.date] = mapped_column(Date)
    last_date: Mapped[dt.date] = mapped_column(Date)
    school_days: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(20))
    route: Mapped[str] = mapped_column(String(20))  # LeaveRoute
    status: Mapped[str] = mapped_column(String(20), index=True)  # LeaveStatus
    decided_by: Mapped[str | None] = mapped_column(String(255))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class AbsenceFollowup(Base):
    """The same-day question to one guardian about an unexplained absence, and its answer."""

    __tablename__ = "absence_followups"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    absence_id: Mapped[int] = mapped_column(ForeignKey("absences.id", ondelete="CASCADE"), index=True)
    guardian_id: Mapped[str | None] = mapped_column(String(255), index=True)  # None: handed to the office
    stage: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str | None] = mapped_column(String(32))
    asked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class SchoolSetting(Base):
    """Small key/value settings the school changes at run time (e.g. emergency opt-out policy)."""

    __tablename__ = "school_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


__all__ = [name for name in dir() if not name.startswith("_") and not name.startswith("models_")] + ["func"]
