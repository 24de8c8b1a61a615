"""The key that signs the school's secret links, and the one service that makes and checks them.

The token format is bot.signed_links (pure); this adds what needs the database: the secret (when
SKOLEBOT_SECRET_KEY is unset, a random key kept in school_settings) and the revocation list.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from bot.settings import Settings
from bot.signed_links import LinkCheck, LinkKind, mint, read
from storage.db import Database
from storage.links import is_revoked
from storage.models import SchoolSetting

SECRET_SETTING = "secret_key"


async def link_secret(db: Database, settings: Settings) -> bytes:
    """SKOLEBOT_SECRET_KEY, or the school's own random key: made once, kept in school_settings, race-safe."""
    if settings.secret_key:
        return settings.secret_key.encode("utf-8")
    async with db.transaction() as s:
        row = await s.get(SchoolSetting, SECRET_SETTING)
        if row is not None:
            return row.value.encode("utf-8")
    try:
        async with db.transaction() as s:
            s.add(SchoolSetting(key=SECRET_SETTING, value=secrets.token_urlsafe(32)))
    except IntegrityError:
        pass  # another process made it first: use theirs
    async with db.transaction() as s:
        row = await s.get(SchoolSetting, SECRET_SETTING)
        assert row is not None
        return row.value.encode("utf-8")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class LinkSigner:
    """Makes and checks one application's signed links; the secret is looked up once."""

    def __init__(self, settings: Settings, db: Database, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self._settings = settings
        self._db = db
        self._clock = clock
        self._secret: bytes | None = None

    async def secret(self) -> bytes:
        if self._secret is None:
            self._secret = await link_secret(self._db, self._settings)
        return self._secret

    async def token(self, kind: LinkKind, ttl: dt.timedelta, *, subject: int | None = None, bound: bytes = b"") -> str:
        """A new token of `kind`, valid for `ttl` from now."""
        return mint(await self.secret(), kind, self._clock() + ttl, subject=subject, bound=bound)

    async def check(self, kind: LinkKind, token: str, *, bound: bytes = b"") -> LinkCheck:
        """ok, expired, invalid, or revoked (a revoked link is revoked whether or not it has expired)."""
        check = read(await self.secret(), kind, token, self._clock(), bound=bound)
        if check.key is not None and await is_revoked(self._db, check.key):
            return LinkCheck("revoked", check.subject, check.expires, check.key)
        return check


async def new_token(
    db: Database,
    settings: Settings,
    kind: LinkKind,
    ttl: dt.timedelta,
    *,
    now: dt.datetime | None = None,
    subject: int | None = None,
    bound: bytes = b"",
) -> str:
    """One new token of `kind` valid for `ttl` from `now` (default: the real time), for commands and dialogs."""
    return await LinkSigner(settings, db, (lambda: now) if now is not None else utc_now).token(
        kind, ttl, subject=subject, bound=bound
    )
