"""HTTP middleware: a database outage is a 503 that Twilio and Teams retry, never a 500; no versions in `Server`."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web, web_response
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_database_outage(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError):
        return (
            bool(exc.connection_invalidated)
            or isinstance(exc, (OperationalError, InterfaceError))
            or isinstance(exc.orig, (ConnectionError, OSError))
        )
    return isinstance(exc, (ConnectionError, TimeoutError)) or type(exc).__name__ in (
        "ConnectionDoesNotExistError",
        "CannotConnectNowError",
        "ConnectionFailureError",
        "InterfaceError",
    )


@web.middleware
async def database_outage(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as exc:
        if not is_database_outage(exc):
            raise
        log.error("database unavailable during %s %s: %s", request.method, request.path, type(exc).__name__)
        return web.json_response(
            {"error": "temporarily unavailable, try again"}, status=503, headers={"Retry-After": "5"}
        )


SERVER_HEADER = "Skolebot"  # what every response says in `Server`: no Python or aiohttp version to look up


async def _plain_server_header(_request: web.Request, response: web.StreamResponse) -> None:
    response.headers["Server"] = SERVER_HEADER


def hide_server_version(app: web.Application) -> None:
    """Make every response of `app` (404s and errors too) say `Server: Skolebot` instead of the versions.

    aiohttp sets `Server: Python/3.x aiohttp/3.x` before on_response_prepare runs, so the handler
    replaces it. A request aiohttp cannot even parse (a bad Content-Length, a 9 kB header line)
    is answered with a 400 before any route or signal of the app is involved; only aiohttp's own
    default names the server there, so that default is replaced too (for every aiohttp server
    in the process, which is harmless). Call before the app starts (signals freeze then).
    """
    app.on_response_prepare.append(_plain_server_header)
    if getattr(web_response, "SERVER_SOFTWARE", SERVER_HEADER) != SERVER_HEADER:
        web_response.SERVER_SOFTWARE = SERVER_HEADER
