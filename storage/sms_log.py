"""SMS bookkeeping: inbound de-duplication and recovery, outbound records and their statuses."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Update

from storage.db import Database, rowcount
from storage.domain import SmsStatus, parse
from storage.models import InboundMessage, SmsOutbound

log = logging.getLogger(__name__)

# A delivery only ever moves forward along this order; finals never change.
STATUS_RANK: dict[str, int] = {
    SmsStatus.ACCEPTED: 0,
    SmsStatus.SCHEDULED: 0,
    SmsStatus.QUEUED: 1,
    SmsStatus.SENDING: 2,
    SmsStatus.SENT: 3,
    SmsStatus.DELIVERED: 5,
    SmsStatus.UNDELIVERED: 5,
    SmsStatus.FAILED: 5,
    SmsStatus.CANCELED: 5,
    SmsStatus.READ: 6,
}
FINAL: frozenset[str] = frozenset(
    {SmsStatus.DELIVERED, SmsStatus.UNDELIVERED, SmsStatus.FAILED, SmsStatus.CANCELED, SmsStatus.READ}
)


def sender_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def moves_forward(old: str, new: str) -> bool:
    """True when `new` is later than `old`; a final status never changes."""
    if old in FINAL:
        return new == SmsStatus.READ and old == SmsStatus.DELIVERED
    return STATUS_RANK.get(new, -1) > STATUS_RANK.get(old, -1)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def outbound_row(
    sid: str, to: str, status: str, segments: int, delivery_id: int | None = None, now: dt.datetime | None = None
) -> dict[str, Any]:
    """One sms_outbound row as `outbound_upsert` takes it; a status Twilio never documented counts as queued."""
    now = now or _now()
    status = status if parse(SmsStatus, status) else SmsStatus.QUEUED.value
    return {
        "sid": sid,
        "to": to,
        "status": status,
        "segments": segments,
        "delivery_id": delivery_id,
        "created_at": now,
        "updated_at": now,
    }


def outbound_upsert(db: Database, rows: list[dict[str, Any]]) -> sqlite.Insert | postgresql.Insert:
    """Record sends; where a status callback arrived first, keep its (later) status and fill in the rest."""
    insert = sqlite.insert if db.is_sqlite else postgresql.insert
    stmt = insert(SmsOutbound).values(rows)
    return stmt.on_conflict_do_update(
        index_elements=[SmsOutbound.sid],
        set_={"to": stmt.excluded.to, "segments": stmt.excluded.segments, "delivery_id": stmt.excluded.delivery_id},
    )


def forget_unfinished_forms(before: dt.datetime) -> Update:
    """The statement that clears the kept webhook forms of unfinished turns received before `before`."""
    return (
        update(InboundMessage)
        .where(
            InboundMessage.processed_at.is_(None), InboundMessage.form.is_not(None), InboundMessage.received_at < before
        )
        .values(form=None)
    )


class SmsLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim_inbound(self, message_sid: str, sender: str, form: dict[str, str]) -> bool:
        """Record an inbound SMS once; False when this MessageSid was seen before (a replay).

        The form (with the body) is kept only until the turn finishes (`finish_turn`) or, when it
        never does, until `forget_unfinished`; the row itself keeps the id, the time and a hash."""
        insert = sqlite.insert if self._db.is_sqlite else postgresql.insert
        stmt = (
            insert(InboundMessage)
            .values(
                channel_id="sms",
                message_id=message_sid,
                sender_hash=sender_hash(sender),
                form=json.dumps(form, ensure_ascii=False),
                received_at=_now(),
            )
            .on_conflict_do_nothing(index_elements=[InboundMessage.channel_id, InboundMessage.message_id])
        )
        async with self._db.transaction() as s:
            result = await s.execute(stmt)
        return rowcount(result) == 1

    async def mark_processed(self, message_sid: str, person_id: str | None) -> None:
        await self.finish_turn(message_sid, person_id, [])

    async def finish_turn(self, message_sid: str | None, person_id: str | None, sent: list[dict[str, Any]]) -> None:
        """One transaction at the end of an SMS turn: the replies it sent (rows for `outbound_row`)
        and, when `message_sid` is given, the inbound message marked done and its form (the only
        copy of the guardian's words) dropped in the same statement."""
        if not sent and message_sid is None:
            return
        async with self._db.transaction() as s:
            if sent:
                await s.execute(outbound_upsert(self._db, sent))
            if message_sid is not None:
                await s.execute(
                    update(InboundMessage)
                    .where(InboundMessage.channel_id == "sms", InboundMessage.message_id == message_sid)
                    .values(processed_at=_now(), person_id=person_id, form=None)
                )

    async def forget_unfinished(self, before: dt.datetime) -> int:
        """Drop the forms (bodies) of turns received before `before` that never finished."""
        async with self._db.transaction() as s:
            result = await s.execute(forget_unfinished_forms(before))
        return rowcount(result) or 0

    async def unprocessed(self, since: dt.datetime) -> list[dict[str, str]]:
        """Webhook forms accepted but whose turn never finished (a crash), oldest first."""
        async with self._db.read() as s:
            rows = (
                (
                    await s.execute(
                        select(InboundMessage.form)
                        .where(
                            InboundMessage.channel_id == "sms",
                            InboundMessage.processed_at.is_(None),
                            InboundMessage.form.is_not(None),
                            InboundMessage.received_at >= since,
                        )
                        .order_by(InboundMessage.id)
                    )
                )
                .scalars()
                .all()
            )
        return [json.loads(r) for r in rows if r is not None]  # never None: the query asks for forms

    async def recent_from(self, sender: str, since: dt.datetime) -> int:
        async with self._db.read() as s:
            return int(
                (
                    await s.execute(
                        select(func.count())
                        .select_from(InboundMessage)
                        .where(InboundMessage.sender_hash == sender_hash(sender), InboundMessage.received_at >= since)
                    )
                ).scalar_one()
            )

    async def record_outbound(
        self, sid: str, to: str, status: str, segments: int, delivery_id: int | None = None
    ) -> None:
        async with self._db.transaction() as s:
            await s.execute(outbound_upsert(self._db, [outbound_row(sid, to, status, segments, delivery_id)]))

    async def apply_status(self, sid: str, status: str, error_code: int | None) -> SmsOutbound | None:
        """Move the outbound SMS forward to `status`; returns the row when it changed.

        A status outside Twilio's documented list changes nothing (the column refuses it), as a
        status that does not move the record forward changes nothing.
        """
        if parse(SmsStatus, status) is None:
            log.warning("ignored an SMS status callback with an unknown status %r", status[:40])
            return None
        async with self._db.transaction() as s:
            row = (
                await s.execute(select(SmsOutbound).where(SmsOutbound.sid == sid).with_for_update())
            ).scalar_one_or_none()
            if row is None:  # the receipt beat our own record of the send: keep it, the record joins it
                row = SmsOutbound(
                    sid=sid,
                    to="",
                    status=status,
                    error_code=error_code,
                    segments=1,
                    created_at=_now(),
                    updated_at=_now(),
                )
                s.add(row)
                return row
            if not moves_forward(row.status, status):
                return None
            row.status = status
            row.error_code = error_code if error_code is not None else row.error_code
            row.updated_at = _now()
            return row

    async def status_of(self, sid: str) -> tuple[str, int | None] | None:
        async with self._db.read() as s:
            row = await s.get(SmsOutbound, sid)
            return (row.status, row.error_code) if row else None
