"""GET /u/{token} (alias /ukeplan/{token}): the week plan page behind a signed, expiring link, and its file.

A forged or garbled token is 404, an expired one 410, each with a short page in Norwegian
(or the browser's nynorsk/English); the plan is never shown without a valid token. The link
shows the newest version of the plan it was made for. Also owns the app's HTTP client session
that the publish dialog downloads Teams files with.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import quote

import aiohttp
from aiohttp import web

from bot.signed_links import FILE_SUFFIX
from bot.texts import normalise_language
from dialogs.weekplan.render import render_html, render_notice_html
from dialogs.weekplan.service import WeekplanService
from storage.weekplans import PlanInfo

if TYPE_CHECKING:
    from bot.services import Services

_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
}


def page_language(request: web.Request) -> str:
    """nb, unless the browser's first choice is nynorsk or English."""
    first = (request.headers.get("Accept-Language") or "").split(",")[0].split(";")[0].strip()
    return normalise_language(first) if first else "nb"


def _notice(lang: str, status: int) -> web.Response:
    if status == 410:
        body = render_notice_html(lang, "weekplan.link_expired_title", "weekplan.link_expired")
    else:
        body = render_notice_html(lang, "weekplan.link_unknown_title", "weekplan.link_unknown")
    return web.Response(status=status, text=body, content_type="text/html", charset="utf-8", headers=_HEADERS)


def _download_headers(name: str) -> dict[str, str]:
    """The page headers plus a Content-Disposition that saves the file under its own name (ASCII and UTF-8)."""
    ascii_name = name.encode("ascii", "replace").decode("ascii").replace('"', "_").replace("?", "_")
    return {**_HEADERS, "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"}


class PlanPages:
    """The handlers behind a plan link: the page, and the plan's file."""

    def __init__(self, service: WeekplanService) -> None:
        self._service = service

    async def _plan_of(self, request: web.Request) -> tuple[PlanInfo | None, int]:
        """The newest version of the token's plan, or None and the status to refuse with."""
        check = await self._service.links.check(request.match_info["token"])
        if check.status != "ok" or check.plan_id is None:
            return None, (410 if check.status == "expired" else 404)
        plan = await self._service.plans.newest_like(check.plan_id)
        return (plan, 200) if plan is not None else (None, 404)

    async def page(self, request: web.Request) -> web.Response:
        """GET /u/{token}: the plan as a page, or a short notice why not (404, 410)."""
        lang = page_language(request)
        plan, status = await self._plan_of(request)
        if plan is None:
            return _notice(lang, status)
        token = request.match_info["token"]
        # Same token for the file (relative: /u/<token>/fil), so the page never extends a link's life.
        view = replace(
            await self._service.view(plan), link=token, file_link=token + FILE_SUFFIX if plan.has_file else None
        )
        return web.Response(text=render_html(view, lang), content_type="text/html", charset="utf-8", headers=_HEADERS)

    async def file(self, request: web.Request) -> web.Response:
        """GET /u/{token}/fil: the plan's file as a download, or a short notice why not."""
        lang = page_language(request)
        plan, status = await self._plan_of(request)
        if plan is None:
            return _notice(lang, status)
        stored = await self._service.plans.file(plan.id) if plan.has_file else None
        if stored is None:
            return _notice(lang, 404)
        return web.Response(body=stored.data, content_type=stored.content_type, headers=_download_headers(stored.name))


def add_routes(app: web.Application, services: Services) -> None:
    """The plan page and file routes, and the shared HTTP client session's life cycle."""
    deps = services.deps
    pages = PlanPages(WeekplanService(deps))

    async def open_session(_app: web.Application) -> None:
        # No cookies kept between fetches; no proxy taken from the environment (dialogs.weekplan.attachments).
        deps.http_session = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())

    async def close_session(_app: web.Application) -> None:
        session, deps.http_session = deps.http_session, None
        if session is not None:
            await session.close()

    for prefix in ("/u", "/ukeplan"):
        app.router.add_get(prefix + "/{token}", pages.page)
        app.router.add_get(prefix + "/{token}" + FILE_SUFFIX, pages.file)
    app.on_startup.append(open_session)
    app.on_cleanup.append(close_session)
