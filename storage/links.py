"""Revocations of signed links: record one (audited), ask whether a link is revoked, forget old ones."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from storage.db import Database, rowcount
from storage.models import AuditEntry
from storage.models_links import LinkRevocation

REVOKE_ACTION = "link_revoke"


async def is_revoked(db: Database, token_hash: str) -> bool:
    """True when the link with this hash was revoked (one primary-key look-up, no write lock)."""
    async with db.read() as s:
        found = await s.scalar(select(LinkRevocation.token_hash).where(LinkRevocation.token_hash == token_hash))
    return found is not None


async def revoke(
    db: Database, token_hash: str, kind: str, expires: dt.datetime, *, actor: str, now: dt.datetime
) -> bool:
    """Revoke one link until its expiry; False when it was revoked already. Audited with the hash's start."""
    try:
        async with db.transaction() as s:
            if await s.get(LinkRevocation, token_hash) is not None:
                return False
            s.add(LinkRevocation(token_hash=token_hash, kind=kind, expires_at=expires, revoked_at=now))
            s.add(
                AuditEntry(
                    at=now,
                    actor_id=actor,
                    action=REVOKE_ACTION,
                    detail=json.dumps({"kind": kind, "hash": token_hash[:16], "expires": expires.isoformat()}),
                )
            )
    except IntegrityError:  # revoked at the same moment by someone else
        return False
    return True


async def purge_expired(db: Database, now: dt.datetime) -> int:
    """Drop revocations of links past their own expiry (they are refused as expired anyway)."""
    async with db.transaction() as s:
        result = await s.execute(delete(LinkRevocation).where(LinkRevocation.expires_at <= now))
    return rowcount(result) or 0
