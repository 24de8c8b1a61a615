"""`skolebot chat`: a terminal conversation through the bot's real HTTP endpoints."""

from __future__ import annotations

import asyncio
import sys

import aiohttp
from aiohttp import web

from adapters.teams.fake_connector import FakeConnector
from bot.app import create_app
from bot.emulator import EmulatorClient, EmulatorUser, reply_text
from bot.mode import local_copy
from bot.settings import Settings
from bot.sms_chat import run_sms_chat


async def _start_app(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


async def _read_line(prompt: str) -> str | None:
    try:
        return await asyncio.to_thread(input, prompt)
    except EOFError:
        return None


async def run_chat(settings: Settings, *, phone: str | None, upn: str | None) -> int:
    """Starts the bot in this process (local mode) and a fake connector, then reads lines."""
    if phone is not None:
        return await run_sms_chat(settings, phone)
    local = local_copy(settings)
    connector = FakeConnector()
    connector_url = await connector.start()
    runner, bot_url = await _start_app(create_app(local))
    user = EmulatorUser(user_id=upn or "", name=upn or "")
    print(f"Chatting as {upn} through {bot_url}/api/messages. Ctrl-D to stop.")
    try:
        async with aiohttp.ClientSession() as session:
            client = EmulatorClient(bot_url, connector, connector_url, session)
            while (line := await _read_line("> ")) is not None:
                if not line.strip():
                    continue
                for activity in await client.say(user, line):
                    print("skolebot: " + reply_text(activity).replace("\n", "\n          "))
    finally:
        await runner.cleanup()
        await connector.stop()
    print(file=sys.stderr)
    return 0
