"""The durable outbox: workers claim due deliveries with a lease, then record what happened.

Claiming is one transaction: `FOR UPDATE SKIP LOCKED` on PostgreSQL lets several workers take
different rows at once; on SQLite BEGIN IMMEDIATE already serialises the claims. A claimed row
is `sending` until `claimed_until`; its `next_attempt_at` is set to the same instant, so a row
whose worker died simply becomes due again when the lease ends. Every completion checks that
the worker still holds the claim, so a late worker can never overwrite someone else's result.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.audiences import may_get_sms
from storage.broadcasts import Broadcasts, Message
from storage.db import Database
from storage.domain import SmsStatus
from storage.model_base import table_of
from storage.models import ConversationRef, Person, SmsOutbound
from storage.models_broadcast import FINAL_STATUSES, OPEN_STATUSES, Broadcast, Delivery, OutboxPacing
from storage.segments import count_segments, to_gsm_safe
from storage.sms_log import outbound_row, outbound_upsert

DELIVERED = frozenset({SmsStatus.DELIVERED, SmsStatus.READ})
FAILED = frozenset({SmsStatus.UNDELIVERED, SmsStatus.FAILED, SmsStatus.CANCELED})


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Claimed:
    """A delivery a worker holds until `lease_until` (epoch seconds), with what it must send."""

    id: int
    broadcast_id: int
    person_id: str
    channel: str
    address: str | None
    attempts: int  # including this one
    segments: int
    lease_until: float
    body: str
    emergency: bool
    drill: bool
    language: str


@dataclass(frozen=True)
class Done:
    """What to record for a claim: "sent" (SMS handed over), "delivered", "retry" or "failed"."""

    claim: Claimed
    kind: str
    sid: str | None = None
    provider_status: str | None = None
    activity_id: str | None = None
    delay: float = 0.0  # retry: seconds until the next attempt
    reason: str | None = None
    code: int | None = None
    fallback: bool = False  # failed in Teams: queue an SMS instead when allowed
    teams_gone: bool = False


class Outbox:
    """One per process. Others may enqueue messages to chosen people with `enqueue`."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._broadcasts = Broadcasts(db)
        self._listeners: set[asyncio.Event] = set()

    @property
    def db(self) -> Database:
        return self._db

    # ------------------------------------------------------------ waking workers in this process

    def listen(self) -> asyncio.Event:
        event = asyncio.Event()
        self._listeners.add(event)
        return event

    def unlisten(self, event: asyncio.Event) -> None:
        self._listeners.discard(event)

    def wake(self) -> None:
        """Tell this process's workers that new deliveries are due (they also poll)."""
        for event in self._listeners:
            event.set()

    # ------------------------------------------------------------ enqueueing

    async def enqueue(
        self,
        person_ids: list[str],
        text: str,
        *,
        channels: str = "both",
        sender_id: str | None = None,
        language: str = "nb",
    ) -> int:
        """Queue one message to these people (Teams first, SMS fallback); the broadcast id.

        For messages the school sends to chosen people (a class's guardians, a reminder); the
        caller has checked the permission. Opt-outs are respected, as for any everyday message.
        """
        plan = await self._broadcasts.plan_people(person_ids, channels)
        sms_body = to_gsm_safe(text.strip())
        message = Message(
            text=text.strip(),
            sms_body=sms_body,
            teams_body=text.strip(),
            segments=count_segments(sms_body).segments,
            language=language,
        )
        broadcast_id = await self._broadcasts.create(
            plan, message, sender_id=sender_id, actor=sender_id, origin="system", now=_utcnow()
        )
        self.wake()
        return broadcast_id

    # ------------------------------------------------------------ claiming

    async def claim(
        self, channel: str, worker_id: str, *, limit: int, lease: float, broadcast_id: int | None = None
    ) -> list[Claimed]:
        """Up to `limit` due deliveries on `channel`, emergencies first, leased for `lease` seconds."""
        now = _utcnow()
        lease_end = now + dt.timedelta(seconds=lease)
        due = (
            select(Delivery.id)
            .where(Delivery.channel == channel, Delivery.status.in_(OPEN_STATUSES), Delivery.next_attempt_at <= now)
            .order_by(Delivery.priority, Delivery.next_attempt_at, Delivery.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if broadcast_id is not None:
            due = due.where(Delivery.broadcast_id == broadcast_id)
        async with self._db.transaction() as s:
            ids = list((await s.execute(due)).scalars().all())
            if not ids:
                return []
            await s.execute(
                update(Delivery)
                .where(Delivery.id.in_(ids))
                .values(
                    status="sending",
                    claimed_by=worker_id,
                    claimed_until=lease_end,
                    next_attempt_at=lease_end,
                    attempts=Delivery.attempts + 1,
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
            rows = await _claimed_rows(s, ids, channel)
        until = lease_end.timestamp()
        return [_claimed(r, until) for r in rows]

    async def release(self, claims: Iterable[Claimed], worker_id: str) -> None:
        """Give back claims that were not sent (a stopping worker); due again at once."""
        ids = [c.id for c in claims]
        if not ids:
            return
        now = _utcnow()
        async with self._db.transaction() as s:
            await s.execute(
                update(Delivery)
                .where(Delivery.id.in_(ids), Delivery.status == "sending", Delivery.claimed_by == worker_id)
                .values(
                    status="pending",
                    claimed_by=None,
                    claimed_until=None,
                    next_attempt_at=now,
                    attempts=func.max(Delivery.attempts - 1, 0)
                    if self._db.is_sqlite
                    else func.greatest(Delivery.attempts - 1, 0),
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
        self.wake()

    # ------------------------------------------------------------ pacing shared by every worker

    async def reserve(self, channel: str, cost: float, rate: float) -> float:
        """Reserve `cost` units of the channel's rate; the epoch second this batch may start.

        A virtual schedule (GCRA without burst): the batch gets [start, start + cost/rate), and
        the next reservation, by any worker, starts where this one ends.
        """
        now = time.time()
        insert_ = sqlite.insert if self._db.is_sqlite else postgresql.insert
        async with self._db.transaction() as s:
            await s.execute(
                insert_(OutboxPacing)
                .values(channel=channel, next_free=0.0)
                .on_conflict_do_nothing(index_elements=[OutboxPacing.channel])
            )
            row = (
                await s.execute(select(OutboxPacing).where(OutboxPacing.channel == channel).with_for_update())
            ).scalar_one()
            start = max(now, row.next_free)
            row.next_free = start + cost / rate
        return start

    # ------------------------------------------------------------ recording results

    async def record(self, results: list[Done], worker_id: str) -> None:
        """Record many results in one transaction (those that queued up while the last one ran).

        Each row changes only while `worker_id` still holds its claim, so a result that comes
        back after the lease was taken over changes nothing.
        """
        if not results:
            return
        now = _utcnow()
        by_kind: dict[str, list[Done]] = {}
        for done in results:
            by_kind.setdefault(done.kind, []).append(done)
        table = table_of(Delivery)
        held = _Held(
            where=(table.c.id == bindparam("b_id"), table.c.status == "sending", table.c.claimed_by == worker_id),
            released={"claimed_until": None, "claimed_by": None, "updated_at": now},
            now=now,
        )
        async with self._db.transaction() as s:
            if sent := by_kind.get("sent"):
                await self._record_sent(s, sent, held)
            if delivered := by_kind.get("delivered"):
                await _record_delivered(s, delivered, held)
            if retries := by_kind.get("retry"):
                await _record_retries(s, retries, held)
            for done in by_kind.get("failed", []):
                await self._fail(s, done, worker_id, now)
        for sid, status, code in await self._early_receipts([d.sid for d in by_kind.get("sent", []) if d.sid]):
            await self.apply_sms_status(sid, status, code)
        if by_kind.get("failed"):
            self.wake()  # a fallback SMS may be due

    async def _record_sent(self, s: AsyncSession, sent: list[Done], held: _Held) -> None:
        """SMS handed to Twilio: the delivery is sent, and the SMS log gets its row (sid always set by mark_sent)."""
        table = table_of(Delivery)
        await s.execute(
            update(table)
            .where(*held.where)
            .values(
                status="sent", sms_sid=bindparam("b_sid"), sent_at=held.now, next_attempt_at=held.now, **held.released
            ),
            [{"b_id": d.claim.id, "b_sid": d.sid} for d in sent],
        )
        rows = [
            outbound_row(
                d.sid,
                d.claim.address or "",
                d.provider_status or "queued",
                max(d.claim.segments, 1),
                d.claim.id,
                held.now,
            )
            for d in sent
            if d.sid is not None
        ]
        await s.execute(outbound_upsert(self._db, rows))

    async def _early_receipts(self, sids: list[str]) -> list[tuple[str, str, int | None]]:
        """Final statuses Twilio reported before the send itself was recorded."""
        if not sids:
            return []
        async with self._db.read() as s:
            rows = (
                await s.execute(
                    select(SmsOutbound.sid, SmsOutbound.status, SmsOutbound.error_code).where(
                        SmsOutbound.sid.in_(sids), SmsOutbound.status.not_in(("queued", "accepted", "sending", "sent"))
                    )
                )
            ).all()
        return [(r[0], r[1], r[2]) for r in rows]

    async def mark_sent(self, claim: Claimed, worker_id: str, *, sid: str, status: str) -> bool:
        """Twilio took the SMS: remember its SID here and in the SMS log (status callbacks find it)."""
        return await self._one(Done(claim, "sent", sid=sid, provider_status=status), worker_id)

    async def retry(
        self, claim: Claimed, worker_id: str, *, delay: float, reason: str, code: int | None = None
    ) -> bool:
        """Try this delivery again after `delay` seconds; nothing else waits for it."""
        return await self._one(Done(claim, "retry", delay=delay, reason=reason, code=code), worker_id)

    async def fail(
        self,
        claim: Claimed,
        worker_id: str,
        *,
        reason: str,
        code: int | None = None,
        fallback: bool = False,
        teams_gone: bool = False,
    ) -> bool:
        """End the delivery as failed; a Teams failure may queue an SMS in the same transaction.

        The SMS fallback is queued when the broadcast goes by both channels and the person may
        get an SMS (a mobile number, and not opted out unless an emergency overrides it).
        `teams_gone` marks the person as unreachable in Teams (blocked the bot, conversation gone).
        """
        done = Done(claim, "failed", reason=reason, code=code, fallback=fallback, teams_gone=teams_gone)
        return await self._one(done, worker_id)

    async def _one(self, done: Done, worker_id: str) -> bool:
        """Record one result; True when the worker still held the claim."""
        before = await self._holder(done.claim.id)
        await self.record([done], worker_id)
        return before == worker_id

    async def _holder(self, delivery_id: int) -> str | None:
        async with self._db.read() as s:
            row = (
                await s.execute(select(Delivery.status, Delivery.claimed_by).where(Delivery.id == delivery_id))
            ).one()
        return row[1] if row[0] == "sending" else None

    async def _fail(self, s: Any, done: Done, worker_id: str, now: dt.datetime) -> None:
        claim = done.claim
        result = await s.execute(
            update(Delivery)
            .where(Delivery.id == claim.id, Delivery.status == "sending", Delivery.claimed_by == worker_id)
            .values(
                status="failed",
                reason=(done.reason or "failed")[:255],
                error_code=done.code,
                finished_at=now,
                updated_at=now,
                claimed_until=None,
                claimed_by=None,
                next_attempt_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            return
        if done.teams_gone:
            await s.execute(
                update(Person)
                .where(Person.sourced_id == claim.person_id)
                .values(teams_blocked=True)
                .execution_options(synchronize_session=False)
            )
        if done.fallback:
            await self._queue_fallback(s, claim, now)

    async def _queue_fallback(self, s: Any, claim: Claimed, now: dt.datetime) -> None:
        broadcast = await s.get(Broadcast, claim.broadcast_id)
        person = await s.get(Person, claim.person_id)
        if broadcast is None or person is None or broadcast.channels != "both":
            return
        mobile = person.sms or person.phone
        if not may_get_sms(
            mobile, person.sms_opted_out, emergency=broadcast.emergency, overrides_opt_out=broadcast.overrides_opt_out
        ):
            return
        insert_ = sqlite.insert if self._db.is_sqlite else postgresql.insert
        await s.execute(
            insert_(Delivery)
            .values(
                broadcast_id=claim.broadcast_id,
                person_id=claim.person_id,
                channel="sms",
                address=mobile,
                priority=0 if broadcast.emergency else 1,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                segments=broadcast.segments,
                fallback_of=claim.id,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=[Delivery.broadcast_id, Delivery.person_id, Delivery.channel])
        )

    async def apply_sms_status(self, sid: str, status: str, code: int | None) -> None:
        """A Twilio status callback (already recorded in the SMS log): delivered or failed, once."""
        final = "delivered" if status in DELIVERED else "failed" if status in FAILED else None
        if final is None:
            return
        now = _utcnow()
        async with self._db.transaction() as s:
            delivery_id = (await s.execute(select(SmsOutbound.delivery_id).where(SmsOutbound.sid == sid))).scalar()
            if delivery_id is None:
                return
            values: dict[str, Any] = {"status": final, "finished_at": now, "updated_at": now}
            if final == "failed":
                values.update(reason=status, error_code=code)
            await s.execute(
                update(Delivery)
                .where(Delivery.id == delivery_id, Delivery.status.not_in(tuple(FINAL_STATUSES)))
                .values(**values)
                .execution_options(synchronize_session=False)
            )

    # ------------------------------------------------------------ Teams addresses

    async def references(self, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Stored conversation references (JSON) for (person, channel) pairs, in one query."""
        if not wanted:
            return {}
        people = sorted({p for p, _ in wanted})
        async with self._db.read() as s:
            rows = (
                await s.execute(
                    select(ConversationRef.person_id, ConversationRef.channel_id, ConversationRef.reference).where(
                        ConversationRef.person_id.in_(people)
                    )
                )
            ).all()
        pairs = set(wanted)
        return {(p, c): ref for p, c, ref in rows if (p, c) in pairs}

    # ------------------------------------------------------------ progress

    async def progress(self, broadcast_id: int) -> dict[str, int]:
        """Deliveries of a broadcast by status."""
        async with self._db.read() as s:
            rows = (
                await s.execute(
                    select(Delivery.status, func.count())
                    .where(Delivery.broadcast_id == broadcast_id)
                    .group_by(Delivery.status)
                )
            ).all()
        return {status: n for status, n in rows}


@dataclass(frozen=True)
class _Held:
    """What every result of one `record` call updates under: the claim still held, the lease released."""

    where: tuple[ColumnElement[bool], ...]
    released: dict[str, object]
    now: dt.datetime


async def _record_delivered(s: AsyncSession, delivered: list[Done], held: _Held) -> None:
    """Teams deliveries that arrived: final, with the activity id for later updates."""
    await s.execute(
        update(table_of(Delivery))
        .where(*held.where)
        .values(
            status="delivered",
            activity_id=bindparam("b_activity"),
            sent_at=held.now,
            finished_at=held.now,
            next_attempt_at=held.now,
            reason=None,
            **held.released,
        ),
        [{"b_id": d.claim.id, "b_activity": d.activity_id} for d in delivered],
    )


async def _record_retries(s: AsyncSession, retries: list[Done], held: _Held) -> None:
    """Deliveries to try again: pending, due after their delay, with the reason kept."""
    await s.execute(
        update(table_of(Delivery))
        .where(*held.where)
        .values(
            status="pending",
            next_attempt_at=bindparam("b_at"),
            reason=bindparam("b_reason"),
            error_code=bindparam("b_code"),
            **held.released,
        ),
        [
            {
                "b_id": d.claim.id,
                "b_at": held.now + dt.timedelta(seconds=max(d.delay, 0.0)),
                "b_reason": (d.reason or "")[:255],
                "b_code": d.code,
            }
            for d in retries
        ],
    )


async def _claimed_rows(s: AsyncSession, ids: list[int], channel: str) -> list[Any]:
    """The claimed deliveries with what sending them needs from their broadcast, in sending order."""
    body = Broadcast.sms_body if channel == "sms" else Broadcast.teams_body
    query = (
        select(
            Delivery.id,
            Delivery.broadcast_id,
            Delivery.person_id,
            Delivery.channel,
            Delivery.address,
            Delivery.attempts,
            Delivery.segments,
            body,
            Broadcast.emergency,
            Broadcast.drill,
            Broadcast.language,
        )
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .where(Delivery.id.in_(ids))
        .order_by(Delivery.priority, Delivery.id)
    )
    return list((await s.execute(query)).all())


def _claimed(r: Any, until: float) -> Claimed:
    """One row of `_claimed_rows` as a claim leased until `until` (unix seconds)."""
    return Claimed(
        id=r[0],
        broadcast_id=r[1],
        person_id=r[2],
        channel=r[3],
        address=r[4],
        attempts=r[5],
        segments=r[6],
        lease_until=until,
        body=r[7],
        emergency=r[8],
        drill=r[9],
        language=r[10],
    )
