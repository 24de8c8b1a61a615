"""The revocation list on SQLite and PostgreSQL: a hash per link, audited, forgotten after the link's expiry."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.jobs import Retention, purge
from bot.link_secret import LinkSigner
from bot.settings import load_settings
from bot.signed_links import STATS, WEEKPLAN
from storage.db import Database
from storage.links import REVOKE_ACTION, is_revoked, purge_expired, revoke
from storage.models import AuditEntry
from storage.models_links import LinkRevocation

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands stored UTC times back without their zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


async def test_a_revoked_link_is_refused_and_its_neighbour_is_not(db: Database) -> None:
    signer = LinkSigner(load_settings(SKOLEBOT_DATABASE_URL=db.url), db, lambda: NOW)
    first = await signer.token(WEEKPLAN, dt.timedelta(days=21), subject=12)
    second = await signer.token(WEEKPLAN, dt.timedelta(days=21, seconds=1), subject=12)  # same plan, later
    check = await signer.check(WEEKPLAN, first)
    assert check.status == "ok" and check.key and check.expires
    assert await revoke(db, check.key, "weekplan", check.expires, actor="shell:test", now=NOW)
    assert not await revoke(db, check.key, "weekplan", check.expires, actor="shell:test", now=NOW)  # once only
    assert (await signer.check(WEEKPLAN, first)).status == "revoked"
    assert (await signer.check(WEEKPLAN, second)).status == "ok"
    async with db.transaction() as s:
        row = (await s.execute(select(LinkRevocation))).scalar_one()
        audit = (await s.execute(select(AuditEntry).where(AuditEntry.action == REVOKE_ACTION))).scalar_one()
    assert row.token_hash == check.key and first not in row.token_hash and len(row.token_hash) == 64
    assert as_utc(row.expires_at) == check.expires  # kept only until the link would have expired anyway
    assert audit.actor_id == "shell:test" and first not in audit.detail and '"kind": "weekplan"' in audit.detail


async def test_revocations_are_dropped_once_their_link_has_expired(db: Database) -> None:
    signer = LinkSigner(load_settings(SKOLEBOT_DATABASE_URL=db.url), db, lambda: NOW)
    short = await signer.check(STATS, await signer.token(STATS, dt.timedelta(days=1)))
    long = await signer.check(STATS, await signer.token(STATS, dt.timedelta(days=30)))
    for link in (short, long):
        assert link.key and link.expires
        await revoke(db, link.key, "stats", link.expires, actor="shell:test", now=NOW)
    assert await purge_expired(db, NOW + dt.timedelta(days=1)) == 1
    assert not await is_revoked(db, short.key or "") and await is_revoked(db, long.key or "")
    counts = await purge(db, Retention(), NOW + dt.timedelta(days=30))  # the periodic job does it too
    assert counts["link_revocations"] == 1 and not await is_revoked(db, long.key or "")
