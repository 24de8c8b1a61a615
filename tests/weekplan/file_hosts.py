"""Stand-ins for the hosts a week plan file comes from: a real HTTPS file host with a throwaway CA
(trustme), and a listener that records every connection made to it (the "internal" target of an attack).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import trustme
from aiohttp import web
from aiohttp.abc import AbstractResolver

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class HttpsHost:
    """An aiohttp app served over TLS on 127.0.0.1, with a certificate for `names` from `ca`."""

    port: int
    ca: trustme.CA
    requests: list[tuple[str, str]] = field(default_factory=list)  # (Host header, path) of each request seen

    def url(self, path: str, name: str = "localhost") -> str:
        return f"https://{name}:{self.port}{path}"

    def client_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts only the throwaway CA (what a test hands the fetch)."""
        context = ssl.create_default_context()
        self.ca.configure_trust(context)
        return context


@asynccontextmanager
async def https_host(
    routes: dict[str, Handler], *, ca: trustme.CA | None = None, names: tuple[str, ...] = ("localhost",)
) -> AsyncIterator[HttpsHost]:
    """Serve `routes` (path -> handler) over HTTPS; every request is recorded before it is answered."""
    ca = ca or trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*names).configure_cert(server_context)
    host = HttpsHost(port=0, ca=ca)

    @web.middleware
    async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
        host.requests.append((request.headers.get("Host", ""), request.path))
        return await handler(request)

    app = web.Application(middlewares=[record])
    for path, handler in routes.items():
        app.router.add_get(path, handler)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_context)
    await site.start()
    host.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield host
    finally:
        await runner.cleanup()


@dataclass
class Recorder:
    """A TCP listener on 127.0.0.1 that counts connections and answers any request with a "secret" file."""

    body: bytes
    silent: bool = False  # True: accept and never answer (a host that hangs, even before TLS)
    port: int = 0
    connections: int = 0
    first_bytes: list[bytes] = field(default_factory=list)
    writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.append(writer)
        try:
            if self.silent:
                await reader.read()  # until the client gives up
                return
            data = await asyncio.wait_for(reader.read(4096), 5)
            self.first_bytes.append(data)
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nConnection: close\r\n"
                b"Content-Length: %d\r\n\r\n" % len(self.body) + self.body
            )
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()


@asynccontextmanager
async def recorder(body: bytes = b"%PDF-1.4 internal secret", *, silent: bool = False) -> AsyncIterator[Recorder]:
    rec = Recorder(body=body, silent=silent)
    server = await asyncio.start_server(rec._handle, "127.0.0.1", 0)
    rec.port = server.sockets[0].getsockname()[1]
    try:
        yield rec
    finally:
        server.close()
        for writer in rec.writers:  # a silent connection still open
            writer.close()
        await server.wait_closed()


class LoopbackResolver(AbstractResolver):
    """Resolves every name to 127.0.0.1, so one local server can stand for several hosts."""

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[dict[str, Any]]:
        return [
            {
                "hostname": host,
                "host": "127.0.0.1",
                "port": port,
                "family": socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        ]

    async def close(self) -> None:
        return None
