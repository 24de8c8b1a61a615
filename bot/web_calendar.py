"""iCalendar feeds of bookings, per resource and per person, behind secret links Outlook can subscribe to.

A link is /calendar/<resource|person>/<sourcedId>/<token>.ics; the token (bot.signed_links) is bound
to the kind and sourcedId, carries its expiry (SKOLEBOT_FEED_LINK_DAYS, a year by default, so a
subscription keeps working) and can be revoked one by one. A wrong, garbled or revoked token is a
plain 404, so links cannot be guessed or probed; an expired one a 410 with a short text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from aiohttp import web
from icalendar import Calendar, Event

from bot.link_secret import LinkSigner, new_token
from bot.settings import Settings
from bot.signed_links import FEED, FEED_KINDS, feed_binding, feed_path, mint
from bot.texts import t
from storage.bookings import BookingInfo, Bookings
from storage.db import Database

__all__ = ["FEED_KINDS", "add_routes", "feed_path", "feed_token", "feed_ttl", "feed_url", "render_feed"]

FEED_PAST = dt.timedelta(days=60)
FEED_FUTURE = dt.timedelta(days=400)


def feed_ttl(settings: Settings) -> dt.timedelta:
    return dt.timedelta(days=settings.feed_link_days)


def feed_token(secret: bytes, kind: str, sourced_id: str, expires: dt.datetime) -> str:
    """The unguessable part of a feed link, valid until `expires`."""
    return mint(secret, FEED, expires, bound=feed_binding(kind, sourced_id))


async def feed_url(db: Database, settings: Settings, kind: str, sourced_id: str,
                   now: dt.datetime | None = None) -> str:
    """A new subscription link of a resource's or a person's bookings, valid SKOLEBOT_FEED_LINK_DAYS from `now`."""
    token = await new_token(db, settings, FEED, feed_ttl(settings), now=now, bound=feed_binding(kind, sourced_id))
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
    signer = LinkSigner(services.settings, services.db, services.deps.clock)

    async def feed(request: web.Request) -> web.Response:
        kind, sourced_id, token = (request.match_info[k] for k in ("kind", "sid", "token"))
        if kind not in FEED_KINDS:
            raise web.HTTPNotFound()
        check = await signer.check(FEED, token, bound=feed_binding(kind, sourced_id))
        if check.status == "expired":
            raise web.HTTPGone(text=t(services.settings.default_language, "booking.feed_link_expired"))
        if check.status != "ok":
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
