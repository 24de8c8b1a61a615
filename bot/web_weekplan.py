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
from dialogs.weekplan.service import HTTP_SESSION, WeekplanService
from dialogs.weekplan.render import render_html, render_notice_html
from storage.weekplans import PlanInfo

if TYPE_CHECKING:
    from bot.app import Services

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


def add_routes(app: web.Application, services: Services) -> None:
    """The plan page and file routes, and the shared HTTP client session's life cycle."""
    service = WeekplanService(services.deps)

    async def plan_of(request: web.Request) -> tuple[PlanInfo | None, int]:
        """The newest version of the token's plan, or None and the status to refuse with."""
        check = await service.links.check(request.match_info["token"])
        if check.status != "ok" or check.plan_id is None:
            return None, (410 if check.status == "expired" else 404)
        plan = await service.plans.newest_like(check.plan_id)
        return (plan, 200) if plan is not None else (None, 404)

    async def page(request: web.Request) -> web.Response:
        lang = page_language(request)
        plan, status = await plan_of(request)
        if plan is None:
            return _notice(lang, status)
        token = request.match_info["token"]
        # Same token for the file (relative: /u/<token>/fil), so the page never extends a link's life.
        view = replace(await service.view(plan), link=token,
                       file_link=token + FILE_SUFFIX if plan.has_file else None)
        return web.Response(text=render_html(view, lang), content_type="text/html", charset="utf-8",
                            headers=_HEADERS)

    async def file(request: web.Request) -> web.Response:
        lang = page_language(request)
        plan, status = await plan_of(request)
        if plan is None:
            return _notice(lang, status)
        stored = await service.plans.file(plan.id) if plan.has_file else None
        if stored is None:
            return _notice(lang, 404)
        ascii_name = stored.name.encode("ascii", "replace").decode("ascii").replace('"', "_").replace("?", "_")
        headers = {**_HEADERS, "Content-Disposition":
                   f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(stored.name)}"}
        return web.Response(body=stored.data, content_type=stored.content_type, headers=headers)

    async def open_session(_app: web.Application) -> None:
        # No cookies kept between fetches; no proxy taken from the environment (dialogs.weekplan.attachments).
        services.deps.extras[HTTP_SESSION] = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())

    async def close_session(_app: web.Application) -> None:
        session = services.deps.extras.pop(HTTP_SESSION, None)
        if session is not None:
            await session.close()

    for prefix in ("/u", "/ukeplan"):
        app.router.add_get(prefix + "/{token}", page)
        app.router.add_get(prefix + "/{token}" + FILE_SUFFIX, file)
    app.on_startup.append(open_session)
    app.on_cleanup.append(close_session)
