"""Short, unguessable, expiring, revocable links to a week plan page: /u/<token> (alias /ukeplan/<token>).

A token names the plan id and its expiry and is 27 characters, so the whole link fits an SMS; the
format, the secret and revocation are bot.signed_links and bot.link_secret, shared with the other links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.link_secret import LinkSigner
from bot.settings import Settings
from bot.signed_links import WEEKPLAN, WEEKPLAN_PREFIXES, LinkCheck, mint, read, weekplan_path
from storage.db import Database

LINK_TTL = dt.timedelta(days=21)
LINK_PREFIX = WEEKPLAN_PREFIXES[0]


@dataclass(frozen=True)
class TokenCheck:
    status: Literal["ok", "expired", "invalid", "revoked"]
    plan_id: int | None = None
    expires: dt.datetime | None = None


def _plan_check(check: LinkCheck) -> TokenCheck:
    return TokenCheck(check.status, check.subject, check.expires)


def mint_token(secret: bytes, plan_id: int, expires: dt.datetime) -> str:
    """A token for `plan_id`, valid until `expires` (aware)."""
    return mint(secret, WEEKPLAN, expires, subject=plan_id)


def read_token(secret: bytes, token: str, now: dt.datetime) -> TokenCheck:
    """Which plan a token names, or why it is refused (forged or garbled: invalid; too old: expired)."""
    return _plan_check(read(secret, WEEKPLAN, token, now))


class PlanLinks:
    """Makes and checks the plan links of one application (revoked ones included)."""

    def __init__(self, settings: Settings, db: Database, clock: Callable[[], dt.datetime]) -> None:
        self._settings = settings
        self._signer = LinkSigner(settings, db, clock)

    async def url_for(self, plan_id: int, ttl: dt.timedelta = LINK_TTL) -> str:
        """The public link to the plan page, valid for `ttl` from now."""
        return self._settings.public_url + weekplan_path(await self._signer.token(WEEKPLAN, ttl, subject=plan_id))

    async def check(self, token: str) -> TokenCheck:
        return _plan_check(await self._signer.check(WEEKPLAN, token))
