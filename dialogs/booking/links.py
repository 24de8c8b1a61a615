"""Secret iCalendar subscription links of bookings, per resource and per person, that Outlook can subscribe to.

A link is /calendar/<resource|person>/<sourcedId>/<token>.ics (served by bot.web_calendar); the token
(bot.signed_links) is bound to the kind and sourcedId, carries its expiry (SKOLEBOT_FEED_LINK_DAYS, a
year by default, so a subscription keeps working) and can be revoked one by one.
"""

from __future__ import annotations

import datetime as dt

from bot.link_secret import new_token
from bot.settings import Settings
from bot.signed_links import FEED, feed_binding, feed_path, mint
from storage.db import Database

__all__ = ["FEED_FUTURE", "FEED_PAST", "feed_token", "feed_ttl", "feed_url"]

# A feed shows the bookings from FEED_PAST ago to FEED_FUTURE ahead.
FEED_PAST = dt.timedelta(days=60)
FEED_FUTURE = dt.timedelta(days=400)


def feed_ttl(settings: Settings) -> dt.timedelta:
    """How long a new feed link works."""
    return dt.timedelta(days=settings.feed_link_days)


def feed_token(secret: bytes, kind: str, sourced_id: str, expires: dt.datetime) -> str:
    """The unguessable part of a feed link, valid until `expires`."""
    return mint(secret, FEED, expires, bound=feed_binding(kind, sourced_id))


async def feed_url(db: Database, settings: Settings, kind: str, sourced_id: str, now: dt.datetime | None = None) -> str:
    """A new subscription link of a resource's or a person's bookings, valid SKOLEBOT_FEED_LINK_DAYS from `now`."""
    token = await new_token(db, settings, FEED, feed_ttl(settings), now=now, bound=feed_binding(kind, sourced_id))
    return settings.public_url + feed_path(kind, sourced_id, token)
