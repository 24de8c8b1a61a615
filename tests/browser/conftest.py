"""The playground in headless Chromium (Debian's package) driven by Playwright: `make browsers` installs both.

The app is create_app with no credentials at all, on a free port, over a SQLite copy of the demo
school, with the clock on Monday 30 November 2026 08:10 in Oslo so "i dag" is a school day.
"""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.app import Services, create_app, services_of
from bot.settings import load_settings
from storage.db import Database
from storage.demo_school import load_demo
from tests.dbs import sqlite_template
from tests.e2e.harness import FixedClock

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
NO_CREDENTIALS = {
    "MICROSOFT_APP_ID": "",
    "MICROSOFT_APP_PASSWORD": "",
    "MICROSOFT_APP_TENANT_ID": "",
    "TWILIO_ACCOUNT_SID": "",
    "TWILIO_AUTH_TOKEN": "",
    "TWILIO_FROM_NUMBER": "",
    "TWILIO_MESSAGING_SERVICE_SID": "",
    "SKOLEBOT_TWILIO_API_URL": "",
}


@pytest.fixture(scope="session")
def demo_school_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file holding the demo school; each test works on a copy."""

    async def seed(db: Database) -> None:
        await load_demo(db)

    return sqlite_template(tmp_path_factory.mktemp("demo-template") / "demo.db", seed)


@dataclass
class Playground:
    url: str
    app: web.Application

    @property
    def services(self) -> Services:
        return services_of(self.app)


@pytest.fixture
async def playground(demo_school_template: Path, tmp_path: Path) -> AsyncIterator[Playground]:
    """Skolebot as `make run` starts it (no credentials), on a free port, with a fixed clock."""
    db_path = tmp_path / "demo.db"
    shutil.copyfile(demo_school_template, db_path)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings = load_settings(
        SKOLEBOT_DATABASE_URL=f"sqlite+aiosqlite:///{db_path}",
        SKOLEBOT_PUBLIC_URL=url,
        SKOLEBOT_JOBS_INTERVAL=0,
        **NO_CREDENTIALS,
    )
    app = create_app(settings, clock=FixedClock(MONDAY_MORNING))
    runner = web.AppRunner(app)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    try:
        yield Playground(url=url, app=app)
    finally:
        await runner.cleanup()


@pytest.fixture
async def browser_page() -> AsyncIterator[Any]:
    """A fresh page in headless Chromium with its own temporary profile."""
    if not CHROMIUM.exists():
        pytest.fail("no /usr/bin/chromium: run `make browsers` (Debian's chromium and the playwright package)")
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory(prefix="skolebot-chromium-") as profile:
        async with async_playwright() as pw:
            context = await pw.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                args=CHROMIUM_ARGS,
                headless=True,
                viewport={"width": 1440, "height": 1000},
                locale="nb-NO",
            )
            page = context.pages[0] if context.pages else await context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            try:
                yield page
            finally:
                await context.close()
            assert errors == [], f"the page threw: {errors}"
