"""Erased stays erased: tombstones written by `person erase`, read by the roster import, removed by `--undo`.

A tombstone is keyed by a hash of the person's sourcedId (see storage.models_erased). The roster
import leaves out every person whose sourcedId hashes to a tombstone, with their enrollments
and guardianships, for as long as the school's system still lists them. Re-admission is an
operator's explicit act (`skolebot person erase --undo SOURCEDID`), audited like the erasure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database, rowcount
from storage.models import AuditEntry
from storage.models_erased import ErasedPerson

READMIT_ACTION = "person.erase.undo"
_DOMAIN = b"skolebot/erased-person/v1:"  # keeps these hashes apart from every other hash of an id


def erased_key(sourced_id: str) -> str:
    """The tombstone key of a sourcedId: SHA-256 (hex) over a fixed prefix and the id."""
    return hashlib.sha256(_DOMAIN + sourced_id.encode("utf-8")).hexdigest()


async def record_erasure(s: AsyncSession, sourced_id: str, now: dt.datetime) -> None:
    """Add (or keep) the tombstone for `sourced_id` inside the erasure's own transaction."""
    key = erased_key(sourced_id)
    if await s.get(ErasedPerson, key) is None:
        s.add(ErasedPerson(id_hash=key, erased_at=now))


async def erased_keys(s: AsyncSession) -> frozenset[str]:
    """Every tombstone key (a handful of rows even in a large municipality)."""
    return frozenset((await s.execute(select(ErasedPerson.id_hash))).scalars().all())


async def is_erased(db: Database, sourced_id: str) -> bool:
    """True while `sourced_id` has a tombstone."""
    async with db.transaction() as s:
        return await s.get(ErasedPerson, erased_key(sourced_id)) is not None


async def readmit(db: Database, sourced_id: str, *, actor: str, now: dt.datetime | None = None) -> bool:
    """Remove the tombstone so the next import brings the person back; False when there was none. Audited."""
    now = now or dt.datetime.now(dt.UTC)
    async with db.transaction() as s:
        removed = rowcount(await s.execute(delete(ErasedPerson).where(ErasedPerson.id_hash == erased_key(sourced_id))))
        if removed:
            s.add(AuditEntry(at=now, actor_id=actor, action=READMIT_ACTION, detail=json.dumps({"subject": sourced_id})))
    return bool(removed)
