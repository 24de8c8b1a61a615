"""Broadcasts as the school's operations: who may send what, planning and queueing a broadcast
(broadcast + every delivery + audit entry in one transaction), where it stands, acknowledgements,
and leaders' SMS PINs with a lockout after repeated wrong ones.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias, overload

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information (no py.typed)
from sqlalchemy import Row, and_, case, delete, exists, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.audiences import Audience, Audiences, Recipient, Route, plan_routes
from storage.db import Database, rowcount
from storage.domain import DeliveryStatus
from storage.models import AuditEntry, Enrollment, Guardianship, InboundMessage, Person, SchoolClass, SchoolSetting
from storage.models_broadcast import (
    Acknowledgement,
    Broadcast,
    Delivery,
    LeaderPin,
    PinLockout,
)
from storage.people import PersonInfo
from storage.sms_log import sender_hash

OPT_OUT_SETTING = "emergency_overrides_opt_out"
ACK_WINDOW = dt.timedelta(hours=24)
PIN_MAX_FAILURES = 3
PIN_FAILURE_WINDOW = dt.timedelta(minutes=15)
PIN_LOCK = dt.timedelta(hours=1)
_INSERT_CHUNK = 5000
_PIN = re.compile(r"^\d{4,12}$")
_DELIVERY_COLUMNS = (
    "broadcast_id",
    "person_id",
    "channel",
    "address",
    "priority",
    "status",
    "attempts",
    "next_attempt_at",
    "segments",
    "reason",
    "created_at",
    "updated_at",
    "finished_at",
)


@overload
def utc(value: dt.datetime) -> dt.datetime: ...
@overload
def utc(value: None) -> None: ...
@overload
def utc(value: dt.datetime | None) -> dt.datetime | None: ...
def utc(value: dt.datetime | None) -> dt.datetime | None:
    """An aware UTC datetime; SQLite hands stored UTC times back without their zone."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _insert(db: Database) -> Any:
    return sqlite.insert if db.is_sqlite else postgresql.insert


# ---------------------------------------------------------------------------- PINs (pure)


class BadPin(ValueError):
    """A PIN we will not store (the message says why)."""


def check_pin_strength(pin: str) -> None:
    """4 to 12 digits, not one digit repeated and not a run like 1234 or 9876."""
    if not _PIN.match(pin):
        raise BadPin("a PIN is 4 to 12 digits")
    if len(set(pin)) == 1 or pin in "01234567890123" or pin in "98765432109876":
        raise BadPin("that PIN is too easy to guess")


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """scrypt(N=2^14, r=8, p=1) of the PIN with a random salt, as "scrypt$N$r$p$salt$hash"."""
    salt = salt or os.urandom(16)
    n, r, p = 2**14, 8, 1
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """True when `pin` matches the stored scrypt hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(
            pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=len(digest) // 2
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed.hex(), digest)


@dataclass(frozen=True)
class PinCheck:
    result: str  # "ok", "wrong", "locked" or "no_pin"
    attempts_left: int = 0


# ---------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Plan:
    """An audience resolved and routed, before anything is written."""

    audience: str
    channels: str
    emergency: bool
    overrides_opt_out: bool
    recipients: list[Recipient]
    routes: list[Route]

    @property
    def opted_out(self) -> list[str]:
        return [r.person_id for r in self.recipients if r.sms_opted_out]


@dataclass(frozen=True)
class Message:
    """What goes out: the text as written and as it travels on each channel."""

    text: str
    sms_body: str
    teams_body: str
    segments: int
    drill: bool = False
    language: str = "nb"


@dataclass(frozen=True)
class NotReached:
    person_id: str
    name: str
    role: str
    phone: str | None
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {
            "person": self.person_id,
            "name": self.name,
            "role": self.role,
            "phone": self.phone,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Report:
    """Where a broadcast stands: deliveries by status and channel, people reached or not."""

    id: int
    created_at: dt.datetime
    sender_id: str | None
    origin: str
    audience: str
    channels: str
    emergency: bool
    drill: bool
    text: str
    language: str
    recipients: int
    by_status: dict[str, int]
    by_channel: dict[str, dict[str, int]]
    reached: int
    in_progress: int
    not_reached: list[NotReached] = field(default_factory=list)
    not_reached_count: int = 0
    acknowledged: int = 0

    @property
    def open(self) -> int:
        """Deliveries a worker still has to hand over (pending or being sent)."""
        return self.by_status.get("pending", 0) + self.by_status.get("sending", 0)

    @property
    def deliveries(self) -> int:
        return sum(self.by_status.values())

    @property
    def ended(self) -> int:
        return self.deliveries - self.open

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at.isoformat(),
            "sender": self.sender_id,
            "origin": self.origin,
            "audience": self.audience,
            "channels": self.channels,
            "emergency": self.emergency,
            "drill": self.drill,
            "text": self.text,
            "recipients": self.recipients,
            "deliveries": self.deliveries,
            "by_status": dict(self.by_status),
            "by_channel": {k: dict(v) for k, v in self.by_channel.items()},
            "reached": self.reached,
            "in_progress": self.in_progress,
            "not_reached_count": self.not_reached_count,
            "acknowledged": self.acknowledged,
            "not_reached": [n.as_json() for n in self.not_reached],
        }


# ---------------------------------------------------------------------------- the operations


class Broadcasts:
    """Each method is one transaction (PIN checks two: the scrypt work happens between them)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.audiences = Audiences(db)

    # ------------------------------------------------------------ settings

    async def overrides_opt_out(self) -> bool:
        """The school's setting: do emergencies reach numbers that opted out (default yes)?"""
        async with self._db.read() as s:
            row = await s.get(SchoolSetting, OPT_OUT_SETTING)
        return True if row is None else row.value.strip().lower() in ("1", "true", "yes", "ja")

    async def set_overrides_opt_out(self, value: bool) -> None:
        stmt = _insert(self._db)(SchoolSetting).values(key=OPT_OUT_SETTING, value="true" if value else "false")
        stmt = stmt.on_conflict_do_update(index_elements=[SchoolSetting.key], set_={"value": stmt.excluded.value})
        async with self._db.transaction() as s:
            await s.execute(stmt)

    # ------------------------------------------------------------ who may send what

    async def refusal(self, sender: PersonInfo | None, audience: Audience, *, emergency: bool) -> str | None:
        """None when `sender` may send this; else the catalogue key of a polite refusal."""
        if sender is None or not (sender.is_leader or sender.role == "teacher"):
            return "broadcast.not_allowed"
        if sender.is_leader:
            return None
        if emergency:
            return "broadcast.emergency_leaders_only"
        classes = await self._classes_taught(sender.sourced_id)
        if audience.scope == "class" and audience.value and audience.value.lower() in classes:
            return None
        if audience.scope == "person" and audience.value and await self._in_classes(audience.value, classes):
            return None
        return "broadcast.audience_not_allowed"

    async def _classes_taught(self, teacher_id: str) -> set[str]:
        """Lower-case titles and sourcedIds of the teacher's active homeroom classes."""
        async with self._db.read() as s:
            rows = (
                await s.execute(
                    select(SchoolClass.sourced_id, SchoolClass.title)
                    .join(Enrollment, Enrollment.class_id == SchoolClass.sourced_id)
                    .where(
                        Enrollment.person_id == teacher_id,
                        Enrollment.role == "teacher",
                        Enrollment.active.is_(True),
                        SchoolClass.active.is_(True),
                        SchoolClass.class_type == "homeroom",
                    )
                )
            ).all()
        return {v.lower() for row in rows for v in row}

    async def _in_classes(self, person_id: str, classes: set[str]) -> bool:
        """A pupil in one of these classes, or a guardian of one."""
        if not classes:
            return False
        async with self._db.read() as s:
            in_class = (
                select(Enrollment.person_id)
                .join(SchoolClass, SchoolClass.sourced_id == Enrollment.class_id)
                .where(
                    Enrollment.active.is_(True),
                    Enrollment.role == "student",
                    or_(func.lower(SchoolClass.title).in_(classes), func.lower(SchoolClass.sourced_id).in_(classes)),
                )
            )
            pupil = (await s.execute(in_class.where(Enrollment.person_id == person_id).limit(1))).first()
            if pupil is not None:
                return True
            guardian = (
                await s.execute(
                    select(Guardianship.guardian_id)
                    .where(
                        Guardianship.guardian_id == person_id,
                        Guardianship.active.is_(True),
                        Guardianship.student_id.in_(in_class),
                    )
                    .limit(1)
                )
            ).first()
        return guardian is not None

    # ------------------------------------------------------------ planning and queueing

    async def plan(self, audience: Audience, channels: str, *, emergency: bool) -> Plan:
        """Resolve and route the audience; raises UnknownAudience for a class or person we do not know."""
        recipients = await self.audiences.resolve(audience)
        if audience.members == "all" and audience.scope in ("school", "grade", "class"):
            # Pupils come along with their guardians; those the school cannot reach are left out.
            recipients = [r for r in recipients if r.role != "student" or r.mobile or r.has_teams]
        overrides = await self.overrides_opt_out()
        routes = plan_routes(recipients, channels, emergency=emergency, overrides_opt_out=overrides)
        return Plan(str(audience), channels, emergency, overrides, recipients, routes)

    async def plan_people(self, person_ids: list[str], channels: str, *, emergency: bool = False) -> Plan:
        recipients = await self.audiences.people(person_ids)
        overrides = await self.overrides_opt_out()
        routes = plan_routes(recipients, channels, emergency=emergency, overrides_opt_out=overrides)
        audience = ",".join(person_ids)
        return Plan(
            audience[:250] + ("..." if len(audience) > 250 else ""), channels, emergency, overrides, recipients, routes
        )

    async def create(
        self, plan: Plan, message: Message, *, sender_id: str | None, actor: str | None, origin: str, now: dt.datetime
    ) -> int:
        """Write the broadcast, one delivery per route and the audit entry, all in one transaction."""
        real_now = _utcnow()
        async with self._db.transaction() as s:
            broadcast = _broadcast_row(plan, message, sender_id=sender_id, origin=origin, now=now)
            s.add(broadcast)
            await s.flush()
            await self._write_deliveries(s, _delivery_rows(broadcast.id, plan, message, real_now))
            s.add(_audit_row(broadcast.id, plan, message, actor=actor or sender_id, origin=origin, at=real_now))
            return broadcast.id

    async def _write_deliveries(self, s: AsyncSession, rows: list[tuple[Any, ...]]) -> None:
        """Insert the deliveries inside the session's transaction: COPY on PostgreSQL (100,000 rows
        in about a second), batched INSERTs on SQLite."""
        if not rows:
            return
        if not self._db.is_sqlite:
            connection = await s.connection()
            raw = await connection.get_raw_connection()
            try:
                await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
                    Delivery.__tablename__, columns=list(_DELIVERY_COLUMNS), records=rows
                )
            except asyncpg.IntegrityConstraintViolationError as exc:  # as SQLAlchemy reports it elsewhere
                raise IntegrityError(f"COPY {Delivery.__tablename__}", None, exc) from exc
            return
        for start in range(0, len(rows), _INSERT_CHUNK):
            await s.execute(
                insert(Delivery),
                [dict(zip(_DELIVERY_COLUMNS, row, strict=True)) for row in rows[start : start + _INSERT_CHUNK]],
            )

    async def audit(self, actor: str | None, action: str, detail: dict[str, Any]) -> None:
        async with self._db.transaction() as s:
            s.add(
                AuditEntry(at=_utcnow(), actor_id=actor, action=action, detail=json.dumps(detail, ensure_ascii=False))
            )

    async def set_report(self, broadcast_id: int, reference: str, activity_id: str) -> None:
        """Where the sender's live report card is (a ConversationReference as JSON, the activity id)."""
        async with self._db.transaction() as s:
            await s.execute(
                update(Broadcast)
                .where(Broadcast.id == broadcast_id)
                .values(report_reference=reference, report_activity_id=activity_id, report_updated_at=_utcnow())
            )

    # ------------------------------------------------------------ where it stands

    async def report(self, broadcast_id: int, *, limit: int | None = None) -> Report | None:
        """The report; `limit` caps the list of people not reached (their count is always exact)."""
        async with self._db.read() as s:
            b = await s.get(Broadcast, broadcast_id)
            if b is None:
                return None
            by_status, by_channel = await _delivery_counts(s, broadcast_id)
            reached = await _people_count(s, broadcast_id, Delivery.status == "delivered")
            people = await _people_count(s, broadcast_id)
            not_reached_count, rows = await _not_reached_rows(s, broadcast_id, limit)
            acknowledged = (
                await s.execute(
                    select(func.count())
                    .select_from(Acknowledgement)
                    .where(Acknowledgement.broadcast_id == broadcast_id)
                )
            ).scalar_one()
        return Report(
            id=b.id,
            created_at=utc(b.created_at) or _utcnow(),
            sender_id=b.sender_id,
            origin=b.origin,
            audience=b.audience,
            channels=b.channels,
            emergency=b.emergency,
            drill=b.drill,
            text=b.text,
            language=b.language,
            recipients=b.recipients,
            by_status=by_status,
            by_channel=by_channel,
            reached=reached,
            in_progress=max(people - reached - not_reached_count, 0),
            not_reached=_not_reached(rows),
            not_reached_count=not_reached_count,
            acknowledged=acknowledged,
        )

    async def live_reports_due(self, *, min_interval: float, now: dt.datetime | None = None) -> list[int]:
        """Broadcasts of the last day whose live report card is older than what has happened since."""
        now = now or _utcnow()
        cutoff = now - dt.timedelta(seconds=min_interval)
        changed = or_(
            exists().where(Delivery.broadcast_id == Broadcast.id, Delivery.updated_at > Broadcast.report_updated_at),
            exists().where(
                Acknowledgement.broadcast_id == Broadcast.id, Acknowledgement.at > Broadcast.report_updated_at
            ),
        )
        async with self._db.read() as s:
            rows = (
                (
                    await s.execute(
                        select(Broadcast.id)
                        .where(
                            Broadcast.report_activity_id.is_not(None),
                            Broadcast.created_at >= now - ACK_WINDOW,
                            or_(
                                Broadcast.report_updated_at.is_(None),
                                and_(Broadcast.report_updated_at <= cutoff, changed),
                            ),
                        )
                        .order_by(Broadcast.id)
                    )
                )
                .scalars()
                .all()
            )
        return list(rows)

    async def claim_report_update(self, broadcast_id: int, *, min_interval: float) -> tuple[str, str] | None:
        """Take the right to update this live report now (one worker wins); its reference and activity id."""
        now = _utcnow()
        cutoff = now - dt.timedelta(seconds=min_interval)
        async with self._db.transaction() as s:
            result = await s.execute(
                update(Broadcast)
                .where(
                    Broadcast.id == broadcast_id,
                    Broadcast.report_activity_id.is_not(None),
                    or_(Broadcast.report_updated_at.is_(None), Broadcast.report_updated_at <= cutoff),
                )
                .values(report_updated_at=now)
                .execution_options(synchronize_session=False)
            )
            if rowcount(result) != 1:
                return None
            reference, activity_id = (
                await s.execute(
                    select(Broadcast.report_reference, Broadcast.report_activity_id).where(Broadcast.id == broadcast_id)
                )
            ).one()
        if reference is None or activity_id is None:  # set together by set_report; never one alone
            return None
        return reference, activity_id

    # ------------------------------------------------------------ acknowledgements

    def _awaiting(self, person_id: str, now: dt.datetime) -> Any:
        return (
            select(Broadcast.id)
            .join(Delivery, Delivery.broadcast_id == Broadcast.id)
            .where(
                Delivery.person_id == person_id,
                Delivery.status.in_(("sent", "delivered")),
                Broadcast.emergency.is_(True),
                Broadcast.created_at >= now.astimezone(dt.UTC) - ACK_WINDOW,
                ~exists().where(Acknowledgement.broadcast_id == Broadcast.id, Acknowledgement.person_id == person_id),
            )
            .order_by(Broadcast.created_at.desc(), Broadcast.id.desc())
            .limit(1)
        )

    async def visible_to(self, person: PersonInfo, broadcast_id: int | None) -> int | None:
        """The broadcast whose report `person` asked for, when they may see it: leaders see every
        one, other staff the ones they sent. Without an id, the newest of those. None otherwise."""
        if not person.is_staff:
            return None
        query = select(Broadcast.id)
        if not person.is_leader:
            query = query.where(Broadcast.sender_id == person.sourced_id)
        query = (
            query.where(Broadcast.id == broadcast_id)
            if broadcast_id is not None
            else query.order_by(Broadcast.created_at.desc(), Broadcast.id.desc()).limit(1)
        )
        async with self._db.read() as s:
            return (await s.execute(query)).scalar_one_or_none()

    async def awaiting_ack(self, person_id: str, now: dt.datetime) -> int | None:
        """The latest emergency of the last 24 h that reached this person and is not acknowledged yet."""
        async with self._db.read() as s:
            return (await s.execute(self._awaiting(person_id, now))).scalar_one_or_none()

    async def acknowledge(
        self, person_id: str, channel: str, now: dt.datetime, broadcast_id: int | None = None
    ) -> int | None:
        """Record "OK" for that emergency (or the latest awaiting one); its id, or None when none fits."""
        async with self._db.transaction() as s:
            if broadcast_id is None:
                broadcast_id = (await s.execute(self._awaiting(person_id, now))).scalar_one_or_none()
                if broadcast_id is None:
                    return None
            else:
                known = (
                    await s.execute(
                        select(Delivery.id)
                        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
                        .where(
                            Delivery.broadcast_id == broadcast_id,
                            Delivery.person_id == person_id,
                            Broadcast.emergency.is_(True),
                        )
                        .limit(1)
                    )
                ).first()
                if known is None:
                    return None
            stmt = (
                _insert(self._db)(Acknowledgement)
                .values(
                    broadcast_id=broadcast_id,
                    person_id=person_id,
                    at=_utcnow(),
                    channel=channel,
                )
                .on_conflict_do_nothing(index_elements=[Acknowledgement.broadcast_id, Acknowledgement.person_id])
            )
            await s.execute(stmt)
        return broadcast_id

    # ------------------------------------------------------------ PINs and lockout

    async def has_pin(self, person_id: str) -> bool:
        """Whether the leader has a PIN set (the demo school gives its principal one only when none is set)."""
        async with self._db.read() as s:
            return (await s.get(LeaderPin, person_id)) is not None

    async def set_pin(self, person_id: str, pin: str) -> None:
        """Store a leader's new PIN (hashed) and lift any lockout on their numbers."""
        check_pin_strength(pin)
        hashed = hash_pin(pin)
        async with self._db.transaction() as s:
            person = await s.get(Person, person_id)
            if person is None or not person.active or person.role != "administrator":
                raise BadPin("only an active leader (role administrator) can have a PIN")
            stmt = _insert(self._db)(LeaderPin).values(person_id=person_id, pin_hash=hashed, updated_at=_utcnow())
            stmt = stmt.on_conflict_do_update(
                index_elements=[LeaderPin.person_id], set_={"pin_hash": hashed, "updated_at": _utcnow()}
            )
            await s.execute(stmt)
            phones = [sender_hash(p) for p in (person.sms, person.phone) if p]
            if phones:
                await s.execute(delete(PinLockout).where(PinLockout.phone_hash.in_(phones)))

    async def unlock(self, person_id: str) -> int:
        """Lift the lockout on a person's numbers; how many were locked."""
        async with self._db.transaction() as s:
            person = await s.get(Person, person_id)
            if person is None:
                return 0
            phones = [sender_hash(p) for p in (person.sms, person.phone) if p]
            result = await s.execute(delete(PinLockout).where(PinLockout.phone_hash.in_(phones)))
        return rowcount(result) or 0

    async def check_pin(self, phone: str, person_id: str, pin: str, now: dt.datetime) -> PinCheck:
        """Verify a PIN sent from `phone`; wrong ones count, and too many lock the number."""
        key = sender_hash(phone)
        now = now.astimezone(dt.UTC)
        async with self._db.read() as s:
            lock = await s.get(PinLockout, key)
            if lock is not None and lock.locked_until is not None and utc(lock.locked_until) > now:
                return PinCheck("locked")
            stored = (await s.execute(select(LeaderPin.pin_hash).where(LeaderPin.person_id == person_id))).scalar()
        if stored is None:
            return PinCheck("no_pin")
        ok = await asyncio.to_thread(verify_pin, pin, stored)
        async with self._db.transaction() as s:
            lock = await _lockout_row(s, self._db, key)
            if lock.locked_until is not None and utc(lock.locked_until) > now:
                return PinCheck("locked")
            if ok:
                lock.failures, lock.window_started_at, lock.locked_until = 0, None, None
                return PinCheck("ok")
            started = utc(lock.window_started_at)
            if started is None or now - started > PIN_FAILURE_WINDOW:
                lock.failures, lock.window_started_at = 1, now
            else:
                lock.failures += 1
            if lock.failures >= PIN_MAX_FAILURES:
                lock.locked_until = now + PIN_LOCK
                return PinCheck("locked")
            return PinCheck("wrong", PIN_MAX_FAILURES - lock.failures)

    async def forget_inbound_body(self, message_sid: str) -> None:
        """Drop the stored webhook form (the text) of an inbound SMS that carried a PIN, at once."""
        async with self._db.transaction() as s:
            await s.execute(
                update(InboundMessage)
                .where(InboundMessage.channel_id == "sms", InboundMessage.message_id == message_sid)
                .values(form=None)
            )


async def _lockout_row(s: AsyncSession, db: Database, key: str) -> PinLockout:
    """The lockout row for a number, created if missing and locked for this transaction."""
    await s.execute(
        _insert(db)(PinLockout)
        .values(phone_hash=key, failures=0)
        .on_conflict_do_nothing(index_elements=[PinLockout.phone_hash])
    )
    return (await s.execute(select(PinLockout).where(PinLockout.phone_hash == key).with_for_update())).scalar_one()


# ------------------------------------------------------------ a broadcast's report


def _no_deliveries() -> dict[str, int]:
    """A count of zero for every delivery status, so a report always lists them all."""
    return {status.value: 0 for status in DeliveryStatus}


async def _delivery_counts(s: AsyncSession, broadcast_id: int) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """A broadcast's deliveries by status, and by channel and status."""
    by_channel: dict[str, dict[str, int]] = defaultdict(_no_deliveries)
    by_status = _no_deliveries()
    for channel, status, n in (
        await s.execute(
            select(Delivery.channel, Delivery.status, func.count())
            .where(Delivery.broadcast_id == broadcast_id)
            .group_by(Delivery.channel, Delivery.status)
        )
    ).all():
        by_status[status] += n
        by_channel[channel][status] += n
    return by_status, dict(by_channel)


async def _people_count(s: AsyncSession, broadcast_id: int, *where: ColumnElement[bool]) -> int:
    """How many people a broadcast has deliveries for (those matching `where`)."""
    return (
        await s.execute(
            select(func.count(func.distinct(Delivery.person_id))).where(Delivery.broadcast_id == broadcast_id, *where)
        )
    ).scalar_one()


# person_id, channel, reason, given name, family name, role, sms, phone
_NotReachedRow: TypeAlias = "Row[str, str, str | None, str, str, str, str | None, str | None]"


async def _not_reached_rows(
    s: AsyncSession, broadcast_id: int, limit: int | None
) -> tuple[int, Sequence[_NotReachedRow]]:
    """How many people no delivery reached, and the deliveries of the first `limit` of them with who they are."""
    unreached = (
        select(Delivery.person_id)
        .where(Delivery.broadcast_id == broadcast_id)
        .group_by(Delivery.person_id)
        .having(func.sum(case((Delivery.status.in_(("failed", "skipped")), 0), else_=1)) == 0)
    )
    count = (await s.execute(select(func.count()).select_from(unreached.subquery()))).scalar_one()
    chosen = unreached.order_by(Delivery.person_id)
    if limit is not None:
        chosen = chosen.limit(limit)
    rows = (
        await s.execute(
            select(
                Delivery.person_id,
                Delivery.channel,
                Delivery.reason,
                Person.given_name,
                Person.family_name,
                Person.role,
                Person.sms,
                Person.phone,
            )
            .join(Person, Person.sourced_id == Delivery.person_id)
            .where(Delivery.broadcast_id == broadcast_id, Delivery.person_id.in_(chosen))
            .order_by(Person.family_name, Person.given_name, Delivery.person_id, Delivery.id)
        )
    ).all()
    return count, rows


def _not_reached(rows: Iterable[_NotReachedRow]) -> list[NotReached]:
    """One entry per person not reached, with the reasons of all their deliveries joined."""
    not_reached: dict[str, NotReached] = {}
    for person_id, channel, reason, given, family, role, sms, phone in rows:
        why = f"{channel}: {reason}" if channel != "none" and reason else (reason or "unknown")
        known = not_reached.get(person_id)
        why = f"{known.reason}; {why}" if known else why
        not_reached[person_id] = NotReached(person_id, f"{given} {family}", role, sms or phone, why)
    return list(not_reached.values())


def _broadcast_row(plan: Plan, message: Message, *, sender_id: str | None, origin: str, now: dt.datetime) -> Broadcast:
    """The broadcast itself, as planned."""
    return Broadcast(
        created_at=now.astimezone(dt.UTC),
        sender_id=sender_id,
        origin=origin,
        audience=plan.audience,
        channels=plan.channels,
        text=message.text,
        sms_body=message.sms_body,
        teams_body=message.teams_body,
        emergency=plan.emergency,
        drill=message.drill,
        overrides_opt_out=plan.overrides_opt_out,
        recipients=len(plan.recipients),
        segments=message.segments,
        language=message.language,
    )


def _delivery_rows(broadcast_id: int, plan: Plan, message: Message, now: dt.datetime) -> list[tuple[Any, ...]]:
    """One delivery per route, in `_DELIVERY_COLUMNS` order; emergencies go first in the queue."""
    priority = 0 if plan.emergency else 1
    return [
        (
            broadcast_id,
            r.person_id,
            r.channel,
            r.address,
            priority,
            r.status,
            0,
            now,
            message.segments if r.channel == "sms" else 0,
            r.reason,
            now,
            now,
            now if r.status == "skipped" else None,
        )
        for r in plan.routes
    ]


def _audit_row(
    broadcast_id: int, plan: Plan, message: Message, *, actor: str | None, origin: str, at: dt.datetime
) -> AuditEntry:
    """Who sent what to whom: the audit entry of a broadcast, with the planned counts per channel."""
    counts = {"teams": 0, "sms": 0, "skipped": 0}
    for r in plan.routes:
        counts["skipped" if r.status == "skipped" else r.channel] += 1
    detail = {
        "broadcast": broadcast_id,
        "origin": origin,
        "audience": plan.audience,
        "channels": plan.channels,
        "emergency": plan.emergency,
        "drill": message.drill,
        "text": message.text,
        "recipients": len(plan.recipients),
        "counts": counts,
        "emergency_overrides_opt_out": plan.overrides_opt_out,
    }
    return AuditEntry(at=at, actor_id=actor, action="broadcast", detail=json.dumps(detail, ensure_ascii=False))
