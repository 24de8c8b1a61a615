"""A running Skolebot on real sockets, with the fake connector (and fake Twilio) behind it."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import select

from adapters.sms.fake_twilio import FakeTwilio
from adapters.teams.fake_connector import FakeConnector
from bot.app import Services, create_app, services_of
from bot.emulator import EmulatorClient, EmulatorUser
from bot.settings import Settings, load_settings
from bot.sms_phone import SmsPhone
from storage.models import Absence


@dataclass
class Running:
    app: web.Application
    url: str
    connector: FakeConnector
    connector_url: str
    client: EmulatorClient
    session: aiohttp.ClientSession
    settings: Settings
    twilio: FakeTwilio
    phone: SmsPhone

    @property
    def services(self) -> Services:
        return services_of(self.app)

    def user(self, upn: str, **kw: Any) -> EmulatorUser:
        return EmulatorUser(user_id=upn, name=upn, **kw)


class FixedClock:
    """A settable clock for the bot (aware UTC datetimes)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def copy_sqlite(template: Path, target_dir: Path) -> str:
    target = target_dir / "skolebot.db"
    shutil.copyfile(template, target)
    return f"sqlite+aiosqlite:///{target}"


SCHOOL_NUMBER = "+4759440000"


@asynccontextmanager
async def running_bot(
    database_url: str, *, clock: FixedClock | None = None, **setting_overrides: Any
) -> AsyncIterator[Running]:
    """Skolebot on a real port with Twilio credentials pointing at a FakeTwilio."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    twilio = FakeTwilio()
    twilio_url = await twilio.start()
    values: dict[str, Any] = {
        "SKOLEBOT_DATABASE_URL": database_url,
        "SKOLEBOT_PUBLIC_URL": url,
        "TWILIO_ACCOUNT_SID": twilio.account_sid,
        "TWILIO_AUTH_TOKEN": twilio.auth_token,
        "TWILIO_FROM_NUMBER": SCHOOL_NUMBER,
        "SKOLEBOT_TWILIO_API_URL": twilio_url,
        "SKOLEBOT_JOBS_INTERVAL": 0,  # tests run periodic jobs themselves, with their clock
    }
    values.update(setting_overrides)
    settings = load_settings(**values)
    connector = FakeConnector()
    connector_url = await connector.start()
    app = create_app(settings, clock=clock)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    session = aiohttp.ClientSession()
    services = services_of(app)
    phone = SmsPhone(
        bot_url=url,
        public_url=settings.public_url,
        fake=twilio,
        school_number=SCHOOL_NUMBER,
        session=session,
        settle=services.sms_adapter.drain,
    )
    try:
        yield Running(
            app=app,
            url=url,
            connector=connector,
            connector_url=connector_url,
            client=EmulatorClient(url, connector, connector_url, session),
            session=session,
            settings=settings,
            twilio=twilio,
            phone=phone,
        )
    finally:
        await session.close()
        await runner.cleanup()
        await connector.stop()
        await twilio.stop()


async def absences(bot: Running) -> list[Absence]:
    """Every absence row the school holds, by pupil and date: what a test reads back after a conversation."""
    async with bot.services.db.transaction() as s:
        return list((await s.execute(select(Absence).order_by(Absence.student_id, Absence.date))).scalars())
