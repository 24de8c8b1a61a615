"""No versions in `Server`, and /metrics only for whom the operator chose: token, loopback port, or local mode."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest

from bot.commands.core import serve
from bot.metrics import bearer_ok
from bot.settings import load_settings
from tests.e2e.harness import Running, running_bot
from tests.security.production import environment

TOKEN = "s3cret-metrics-token"
PRODUCTION = environment("teams")  # a complete production deployment, Teams only: every request authenticated


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def raw_request(url: str, data: bytes) -> str:
    """Send bytes as they are (aiohttp's client would refuse to send a broken request) and read the head."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(data)
        await writer.drain()
        return (await asyncio.wait_for(reader.read(4096), 10)).decode("latin-1").split("\r\n\r\n")[0]
    finally:
        writer.close()


def server_header(head: str) -> str:
    return next(line.split(":", 1)[1].strip() for line in head.split("\r\n") if line.lower().startswith("server:"))


async def get(bot: Running, path: str, **headers: str) -> tuple[int, str, str]:
    async with bot.session.get(bot.url + path, headers=headers) as resp:
        return resp.status, resp.headers.get("Server", ""), await resp.text()


# ---------------------------------------------------------------------------- Server header


@pytest.mark.parametrize("production", [False, True], ids=["local", "production"])
async def test_no_response_names_a_version_in_the_server_header(school_db_url: str, production: bool) -> None:
    async with running_bot(school_db_url, **(PRODUCTION if production else {})) as bot:
        seen: dict[str, tuple[int, str]] = {}
        for path in ("/healthz", "/readyz", "/no-such-page", "/metrics", "/stats/not-a-token"):
            status, server, _ = await get(bot, path)
            seen[path] = (status, server)
        async with bot.session.post(
            bot.url + "/api/messages", data=b"{not json", headers={"Content-Type": "application/json"}
        ) as resp:
            seen["/api/messages"] = (resp.status, resp.headers.get("Server", ""))
        async with bot.session.post(bot.url + "/healthz") as resp:  # wrong method
            seen["POST /healthz"] = (resp.status, resp.headers.get("Server", ""))
        for name, data in (
            ("bad Content-Length", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: x\r\n\r\n"),
            ("header too long", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: " + b"a" * 9000 + b"\r\n\r\n"),
            ("not HTTP", b"\x16\x03\x01\x00\xa5\x01\x00\x00\r\n\r\n"),
        ):
            head = await raw_request(bot.url, data)
            seen[name] = (int(head.split(" ", 2)[1]), server_header(head))
    assert seen["/healthz"][0] == 200 and seen["/no-such-page"][0] == 404 and seen["POST /healthz"][0] == 405
    assert 400 <= seen["/api/messages"][0] < 500 and seen["bad Content-Length"][0] == 400
    for what, (_status, server) in seen.items():
        assert server == "Skolebot", (what, server)  # not "Python/3.11 aiohttp/3.x"


# ---------------------------------------------------------------------------- /metrics on the main port


async def test_local_mode_without_token_or_port_keeps_metrics_open(school_db_url: str) -> None:
    async with running_bot(school_db_url) as bot:
        status, _, text = await get(bot, "/metrics")
    assert status == 200 and "skolebot_store_up" in text


async def test_production_without_token_or_port_closes_metrics_and_warns_once(
    school_db_url: str, json_log: io.StringIO
) -> None:
    async with running_bot(school_db_url, **PRODUCTION) as bot:
        status, _, text = await get(bot, "/metrics")
        assert status == 404 and "skolebot_" not in text
        assert (await get(bot, "/metrics", Authorization="Bearer anything"))[0] == 404
    warnings = [
        line
        for line in map(json.loads, json_log.getvalue().splitlines())
        if "/metrics is switched off" in line["message"]
    ]
    assert len(warnings) == 1 and warnings[0]["level"].lower().startswith("warn")
    assert "SKOLEBOT_METRICS_TOKEN" in warnings[0]["message"] and "SKOLEBOT_METRICS_PORT" in warnings[0]["message"]


@pytest.mark.parametrize("production", [False, True], ids=["local", "production"])
async def test_with_a_token_metrics_asks_for_it(school_db_url: str, production: bool) -> None:
    async with running_bot(school_db_url, SKOLEBOT_METRICS_TOKEN=TOKEN, **(PRODUCTION if production else {})) as bot:
        refused = [
            await get(bot, "/metrics"),
            await get(bot, "/metrics", Authorization="Bearer wrong-token"),
            await get(bot, "/metrics", Authorization=f"Basic {TOKEN}"),
            await get(bot, "/metrics", Authorization=f"Bearer {TOKEN}x"),
            await get(bot, "/metrics", Authorization=f"Bearer {TOKEN[:-1]}"),
        ]
        async with bot.session.get(bot.url + "/metrics", headers={"Authorization": "Bearer sæcret"}) as resp:
            refused.append((resp.status, "", await resp.text()))  # a non-ASCII token is a 401, not a 500
        allowed = await get(bot, "/metrics", Authorization=f"Bearer {TOKEN}")
    assert [status for status, _, _ in refused] == [401] * 6
    assert not any("skolebot_" in text for _, _, text in refused)
    assert allowed[0] == 200 and "skolebot_store_up 1.0" in allowed[2]


def test_bearer_comparison() -> None:
    assert bearer_ok(f"Bearer {TOKEN}", TOKEN) and bearer_ok(f"bearer  {TOKEN} ", TOKEN)
    assert not bearer_ok(None, TOKEN) and not bearer_ok("", TOKEN) and not bearer_ok(TOKEN, TOKEN)
    assert not bearer_ok("Bearer \udcff", TOKEN)  # bytes a header may carry do not raise


# ---------------------------------------------------------------------------- /metrics on its own port


@asynccontextmanager
async def serving(db_url: str, port: int, **env: object) -> AsyncIterator[asyncio.Task[int]]:
    """`skolebot serve` in this process (as the command runs it), stopped afterwards."""
    settings = load_settings(
        **{
            "SKOLEBOT_DATABASE_URL": db_url,
            "SKOLEBOT_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "SKOLEBOT_JOBS_INTERVAL": 0,
            "SKOLEBOT_OUTBOX_WORKER": False,
            **env,
        }
    )
    task = asyncio.create_task(serve(argparse.Namespace(host="127.0.0.1", port=port), settings))
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            assert not task.done(), f"serve ended with {task.result()}"
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as resp:
                    if resp.status == 200:
                        break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
    try:
        yield task
    finally:
        task.cancel()
        assert await task == 0


@pytest.mark.parametrize("production", [False, True], ids=["local", "production"])
async def test_with_a_port_serve_moves_metrics_to_loopback(school_db_url: str, production: bool) -> None:
    main, metrics = free_port(), free_port()
    env = {"SKOLEBOT_METRICS_PORT": metrics, **(PRODUCTION if production else {})}
    async with serving(school_db_url, main, **env), aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{main}/metrics") as resp:
            assert resp.status == 404
        async with session.get(f"http://127.0.0.1:{metrics}/metrics") as resp:
            assert resp.status == 200 and resp.headers["Server"] == "Skolebot"
            assert "skolebot_store_up 1.0" in await resp.text()
        async with session.get(f"http://127.0.0.1:{metrics}/healthz") as resp:
            assert resp.status == 404  # nothing else on the metrics port
    with pytest.raises(OSError):  # and it is gone after shutdown
        await asyncio.open_connection("127.0.0.1", metrics)


async def test_a_port_and_a_token_together(school_db_url: str) -> None:
    main, metrics = free_port(), free_port()
    async with (
        serving(school_db_url, main, SKOLEBOT_METRICS_PORT=metrics, SKOLEBOT_METRICS_TOKEN=TOKEN, **PRODUCTION),
        aiohttp.ClientSession() as session,
    ):
        async with session.get(f"http://127.0.0.1:{metrics}/metrics") as resp:
            assert resp.status == 401
        async with session.get(
            f"http://127.0.0.1:{metrics}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
        ) as resp:
            assert resp.status == 200
        async with session.get(
            f"http://127.0.0.1:{main}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
        ) as resp:
            assert resp.status == 404
