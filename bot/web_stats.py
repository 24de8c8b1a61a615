"""GET /stats/{token}: the leaders' indicator page with server-rendered plots, behind a signed link.

The token (bot.signed_links) is signed with the school's link secret, so only the server can make
the link; it expires after SKOLEBOT_STATS_LINK_DAYS (410 with a short page) and can be revoked one by
one. Any other token, and a revoked one, is a plain 404. The page shows this month, this
term and this school year beside the same period last year, as PNG plots inlined as data: URIs
(so it prints and works in a Teams tab) and as a table. Counts only; small cells read "<5". The
figures, the page and the link are the stats flow's (dialogs.stats: service, render, links); this is the route.
"""

from __future__ import annotations

from aiohttp import web

from bot.link_secret import LinkSigner
from bot.services import Services
from bot.signed_links import STATS, stats_path
from bot.texts import t
from dialogs.stats.links import stats_ttl, stats_url
from dialogs.stats.render import PAGE_LANGUAGE, render_notice, render_page
from dialogs.stats.service import gather_rows, page_figures

# gather_rows, render_page, stats_path, stats_ttl and stats_url are re-exported for tools and tests.
__all__ = ["add_routes", "gather_rows", "render_page", "stats_path", "stats_ttl", "stats_url"]

_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'",
}


def add_routes(app: web.Application, services: Services) -> None:
    """GET /stats/{token} on the application."""

    signer = LinkSigner(services.settings, services.db, services.deps.clock)

    async def page(request: web.Request) -> web.Response:
        check = await signer.check(STATS, request.match_info["token"])
        if check.status == "expired":
            return web.Response(
                status=410,
                text=render_notice(PAGE_LANGUAGE),
                content_type="text/html",
                charset="utf-8",
                headers=_HEADERS,
            )
        if check.status != "ok":
            raise web.HTTPNotFound(text=t(PAGE_LANGUAGE, "stats.link_unknown_title"))
        today = services.deps.clock().astimezone(services.settings.zone).date()
        figures = await page_figures(services.db, services.settings, today)
        body = render_page(figures.rows, figures.months, figures.months_last_year)
        return web.Response(text=body, content_type="text/html", charset="utf-8", headers=_HEADERS)

    app.router.add_get("/stats/{token}", page)
