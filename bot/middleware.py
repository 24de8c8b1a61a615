"""HTTP middleware: a database outage is a 503 that Twilio and Teams retry, never a 500."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]



def is_database_outage(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError):
        return bool(exc.connection_invalidated) or isinstance(exc, (OperationalError, InterfaceError)) or \
            isinstance(exc.orig, (ConnectionError, OSError))
    return isinstance(exc, (ConnectionError, TimeoutError)) or type(exc).__name__ in (
        "ConnectionDoesNotExistError", "CannotConnectNowError", "ConnectionFailureError", "InterfaceError")


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
        return web.json_response({"error": "temporarily unavailable, try again"}, status=503,
                                 headers={"Retry-After": "5"})
