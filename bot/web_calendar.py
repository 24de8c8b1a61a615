"""GET the iCalendar feeds of bookings, per resource and per person, behind secret links Outlook can subscribe to.

A link is /calendar/<resource|person>/<sourcedId>/<token>.ics; the token (bot.signed_links) is bound
to the kind and sourcedId, carries its expiry (SKOLEBOT_FEED_LINK_DAYS, a year by default, so a
subscription keeps working) and can be revoked one by one. A wrong, garbled or revoked token is a
plain 404, so links cannot be guessed or probed; an expired one a 410 with a short text. The links
are made by the booking flow (dialogs.booking.links) and the calendar by its renderer (render_feed).
"""

from __future__ import annotations

from aiohttp import web

from bot.link_secret import LinkSigner
from bot.services import Services
from bot.signed_links import FEED, FEED_KINDS, feed_binding, feed_path
from bot.texts import t
from dialogs.booking.links import FEED_FUTURE, FEED_PAST, feed_token, feed_ttl, feed_url
from dialogs.booking.render import render_feed
from storage.bookings import Bookings

# feed_path, feed_token, feed_ttl, feed_url and render_feed are re-exported for the playground and tools.
__all__ = ["FEED_KINDS", "add_routes", "feed_path", "feed_token", "feed_ttl", "feed_url", "render_feed"]


def add_routes(app: web.Application, services: Services) -> None:
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
        return web.Response(
            body=body, content_type="text/calendar", charset="utf-8", headers={"Cache-Control": "private, max-age=300"}
        )

    app.router.add_get("/calendar/{kind}/{sid}/{token}.ics", feed)
