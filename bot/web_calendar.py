"""iCalendar feeds of bookings, per resource and per person, behind secret links Outlook can subscribe to.

A link is /calendar/<resource|person>/<sourcedId>/<token>.ics where the token is an HMAC of the
id with SKOLEBOT_SECRET_KEY (or, when unset, a random key made once and kept in school_settings
under "secret_key"). A wrong token is a plain 404, so links cannot be guessed or probed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from aiohttp import web
from icalendar import Calendar, Event

from bot.link_secret import link_secret
from bot.settings import Settings
from bot.texts import t
from storage.bookings import BookingInfo, Bookings
from storage.db import Database

__all__ = ["FEED_KINDS", "add_routes", "feed_token", "feed_url", "render_feed"]

FEED_KINDS = ("resource", "person")
FEED_PAST = dt.timedelta(days=60)
FEED_FUTURE = dt.timedelta(days=400)


def feed_token(secret: bytes, kind: str, sourced_id: str) -> str:
    """The unguessable part of a feed link."""
    message = f"bookings-feed:{kind}:{sourced_id}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def feed_path(kind: str, sourced_id: str, token: str) -> str:
    return f"/calendar/{kind}/{quote(sourced_id, safe='')}/{token}.ics"


async def feed_url(db: Database, settings: Settings, kind: str, sourced_id: str) -> str:
    """The subscription link of a resource's or a person's bookings."""
    token = feed_token(await link_secret(db, settings), kind, sourced_id)
    return settings.public_url + feed_path(kind, sourced_id, token)


def render_feed(title: str, bookings: Sequence[BookingInfo], *, summary: str, lang: str, stamp: dt.datetime,
                host: str = "skolebot") -> bytes:
    """An RFC 5545 calendar; `summary` is a catalogue key filled with resource and name per booking."""
    cal = Calendar()
    cal.add("prodid", "-//Skolebot//Bookings//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", title)
    cal.add("x-published-ttl", "PT15M")
    for b in bookings:
        event = Event()
        event.add("uid", f"booking-{b.id}@{host}")
        event.add("dtstamp", stamp.astimezone(dt.timezone.utc))
        event.add("dtstart", b.start.astimezone(dt.timezone.utc))
        event.add("dtend", b.end.astimezone(dt.timezone.utc))
        event.add("summary", t(lang, summary, resource=b.resource_name, name=b.booked_by_name))
        event.add("location", b.resource_name)
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()


def add_routes(app: web.Application, services: Any) -> None:
    """GET /calendar/{resource|person}/{sourcedId}/{token}.ics on the application."""

    bookings = Bookings(services.db)

    async def feed(request: web.Request) -> web.Response:
        kind, sourced_id, token = (request.match_info[k] for k in ("kind", "sid", "token"))
        secret = await link_secret(services.db, services.settings)
        if kind not in FEED_KINDS or not hmac.compare_digest(token, feed_token(secret, kind, sourced_id)):
            raise web.HTTPNotFound()
        now = services.deps.clock()
        start, end = now - FEED_PAST, now + FEED_FUTURE
        if kind == "resource":
            resource = await bookings.resource(sourced_id)
            if resource is None:
                raise web.HTTPNotFound()
            lang = services.settings.default_language
            title = t(lang, "booking.feed_title_resource", resource=resource.name)
            rows = await bookings.between(start, end, resource_id=sourced_id)
            body = render_feed(title, rows, summary="booking.feed_event_resource", lang=lang, stamp=now)
        else:
            person = await services.people.get(sourced_id)
            if person is None:
                raise web.HTTPNotFound()
            lang = person.language or services.settings.default_language
            title = t(lang, "booking.feed_title_person", name=person.name)
            rows = await bookings.between(start, end, person_id=sourced_id)
            body = render_feed(title, rows, summary="booking.feed_event_person", lang=lang, stamp=now)
        return web.Response(body=body, content_type="text/calendar", charset="utf-8",
                            headers={"Cache-Control": "private, max-age=300"})

    app.router.add_get("/calendar/{kind}/{sid}/{token}.ics", feed)
