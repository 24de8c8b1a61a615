"""The signed link to the leaders' stats page (/stats/<token>, served by bot.web_stats).

The token (bot.signed_links) is signed with the school's link secret, so only the server can make
the link; it expires after SKOLEBOT_STATS_LINK_DAYS and can be revoked one by one.
"""

from __future__ import annotations

import datetime as dt

from bot.link_secret import new_token
from bot.settings import Settings
from bot.signed_links import STATS, stats_path
from storage.db import Database

__all__ = ["stats_ttl", "stats_url"]


def stats_ttl(settings: Settings) -> dt.timedelta:
    """How long a new link to the page works."""
    return dt.timedelta(days=settings.stats_link_days)


async def stats_url(db: Database, settings: Settings, now: dt.datetime | None = None) -> str:
    """A new link to the page, valid SKOLEBOT_STATS_LINK_DAYS from `now`."""
    return settings.public_url + stats_path(await new_token(db, settings, STATS, stats_ttl(settings), now=now))
