"""`skolebot chat --from PHONE`: text the bot through the real, signed /api/sms path."""

from __future__ import annotations

import asyncio
import socket

import aiohttp
from aiohttp import web

from adapters.sms.fake_twilio import FakeTwilio
from bot.app import create_app
from bot.mode import local_copy
from bot.services import services_of
from bot.settings import Settings
from bot.sms_phone import SmsPhone

SCHOOL_NUMBER = "+4759440000"


async def run_sms_chat(settings: Settings, phone: str) -> int:
    """The bot in this process on a free port, sending through a FakeTwilio that shows every SMS."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    twilio = FakeTwilio()
    twilio_url = await twilio.start()
    local = local_copy(
        settings,
        public_url=url,
        twilio_account_sid=twilio.account_sid,
        twilio_auth_token=twilio.auth_token,
        twilio_from_number=SCHOOL_NUMBER,
        twilio_api_url=twilio_url,
    )
    app = create_app(local)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    print(f"Texting as {phone} through {url}/api/sms (signed, as Twilio does). Ctrl-D to stop.")
    try:
        async with aiohttp.ClientSession() as session:
            sms = SmsPhone(
                bot_url=url,
                public_url=url,
                fake=twilio,
                school_number=SCHOOL_NUMBER,
                session=session,
                settle=services_of(app).sms_adapter.drain,
            )
            while True:
                try:
                    line = await asyncio.to_thread(input, "sms> ")
                except EOFError:
                    break
                if not line.strip():
                    continue
                for body in await sms.text(phone, line):
                    print(f"skolebot (SMS): {body}")
    finally:
        await runner.cleanup()
        await twilio.stop()
    return 0
