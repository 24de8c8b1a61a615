"""Local mode's front door: only requests made on this machine, never through a proxy.

A local server trusts anyone to be anyone (the Emulator, the playground, tests). If such a server
is put behind a reverse proxy or a port forward by mistake, the proxy's requests still come from
127.0.0.1, so the peer address proves nothing. What gives a proxy away is the `Host` it forwards
(the public name) and the headers proxies add. Both are refused with 403.
"""

from __future__ import annotations

import logging

from aiohttp import web

from bot.middleware import Handler
from bot.mode import is_loopback_host

log = logging.getLogger(__name__)

PROXY_HEADERS = (
    "Forwarded",
    "X-Forwarded-For",
    "X-Forwarded-Host",
    "X-Forwarded-Proto",
    "X-Real-IP",
    "X-Original-Forwarded-For",
    "Via",
)


def host_name(host_header: str) -> str:
    """The name in a Host header, without the port ("[::1]:3978" -> "::1")."""
    value = host_header.strip()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


def refusal(request: web.Request) -> str | None:
    """Why a request may not reach a local server, or None when it may."""
    if any(name in request.headers for name in PROXY_HEADERS):
        return "proxy_header"
    host = request.headers.get("Host", "")
    if not host or not is_loopback_host(host_name(host)):
        return "host_not_loopback"
    return None


@web.middleware
async def local_only(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Local mode: 403 for a request that did not come straight from this machine."""
    reason = refusal(request)
    if reason is not None:
        log.warning("local mode refused a %s request: %s", request.method, reason)
        return web.json_response(
            {"error": "this Skolebot runs in local mode and only answers requests made on its own machine"}, status=403
        )
    return await handler(request)
