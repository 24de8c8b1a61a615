"""Short, unguessable, expiring links to a week plan page: /u/<token>.

A token is base64url(plan id, expiry, truncated HMAC-SHA256): 20 bytes, 27 characters, so the
whole link fits an SMS. Only the server's secret can make one; a changed byte or a past expiry
is refused. The secret is SKOLEBOT_SECRET_KEY, or a random key kept in school_settings.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal


from bot.link_secret import link_secret
from bot.settings import Settings
from storage.db import Database

LINK_TTL = dt.timedelta(days=21)
LINK_PREFIX = "/u/"
_PURPOSE = b"skolebot/ukeplan/v1\x00"
_PAYLOAD = struct.Struct(">II")  # plan id, expiry (unix seconds)
_MAC_BYTES = 12  # 96 bits: no one guesses that


@dataclass(frozen=True)
class TokenCheck:
    status: Literal["ok", "expired", "invalid"]
    plan_id: int | None = None
    expires: dt.datetime | None = None


def _mac(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, _PURPOSE + payload, hashlib.sha256).digest()[:_MAC_BYTES]


def mint_token(secret: bytes, plan_id: int, expires: dt.datetime) -> str:
    """A token for `plan_id`, valid until `expires` (aware)."""
    payload = _PAYLOAD.pack(plan_id, int(expires.timestamp()))
    return base64.urlsafe_b64encode(payload + _mac(secret, payload)).rstrip(b"=").decode("ascii")


def read_token(secret: bytes, token: str, now: dt.datetime) -> TokenCheck:
    """Which plan a token names, or why it is refused (forged or garbled: invalid; too old: expired)."""
    if not token or len(token) > 64:
        return TokenCheck("invalid")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return TokenCheck("invalid")
    if len(raw) != _PAYLOAD.size + _MAC_BYTES:
        return TokenCheck("invalid")
    payload, mac = raw[:_PAYLOAD.size], raw[_PAYLOAD.size:]
    if not hmac.compare_digest(mac, _mac(secret, payload)):
        return TokenCheck("invalid")
    plan_id, expiry = _PAYLOAD.unpack(payload)
    expires = dt.datetime.fromtimestamp(expiry, dt.timezone.utc)
    if now >= expires:
        return TokenCheck("expired", plan_id, expires)
    return TokenCheck("ok", plan_id, expires)


class PlanLinks:
    """Makes and checks the links of one application; the secret is looked up once."""

    def __init__(self, settings: Settings, db: Database, clock: Callable[[], dt.datetime]) -> None:
        self._settings = settings
        self._db = db
        self._clock = clock
        self._secret: bytes | None = None

    async def secret(self) -> bytes:
        if self._secret is None:
            self._secret = await link_secret(self._db, self._settings)
        return self._secret

    async def url_for(self, plan_id: int, ttl: dt.timedelta = LINK_TTL) -> str:
        """The public link to the plan page, valid for `ttl` from now."""
        token = mint_token(await self.secret(), plan_id, self._clock() + ttl)
        return f"{self._settings.public_url}{LINK_PREFIX}{token}"

    async def check(self, token: str) -> TokenCheck:
        return read_token(await self.secret(), token, self._clock())
