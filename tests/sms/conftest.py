"""Fixtures for the SMS adapter tests: a running FakeTwilio, a callback receiver,
sender factory and the recorded webhook forms in tests/fixtures/twilio."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from aiohttp import web

from adapters.sms.fake_twilio import FakeTwilio
from adapters.sms.twilio_client import TwilioSender

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "twilio"
SCHOOL_NUMBER = "+4740001234"


def load_form(name: str) -> dict[str, str]:
    """A recorded Twilio webhook body (x-www-form-urlencoded) as a dict."""
    raw = (FIXTURES / name).read_text(encoding="utf-8").strip()
    return dict(parse_qsl(raw, keep_blank_values=True))


@pytest.fixture
def form() -> Callable[[str], dict[str, str]]:
    return load_form


@pytest.fixture
async def fake_twilio() -> AsyncIterator[FakeTwilio]:
    fake = FakeTwilio(status_callback_delay=0.01)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


@dataclass
class ReceivedCallback:
    path_qs: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class CallbackServer:
    """Where the fake posts status callbacks; `url` is the configured public URL."""

    base_url: str = ""
    received: list[ReceivedCallback] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.base_url}/sms/status?school=skole1"


@pytest.fixture
async def callback_server() -> AsyncIterator[CallbackServer]:
    server = CallbackServer()

    async def handle(request: web.Request) -> web.Response:
        params = {k: str(v) for k, v in (await request.post()).items()}
        server.received.append(ReceivedCallback(request.path_qs, params, dict(request.headers)))
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/sms/status", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server.base_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        yield server
    finally:
        await runner.cleanup()


@pytest.fixture
async def make_sender(
    fake_twilio: FakeTwilio,
) -> AsyncIterator[Callable[..., TwilioSender]]:
    """Build TwilioSenders aimed at the fake; all are closed after the test."""
    created: list[TwilioSender] = []

    def build(**overrides: Any) -> TwilioSender:
        options: dict[str, Any] = {
            "account_sid": fake_twilio.account_sid,
            "auth_token": fake_twilio.auth_token,
            "from_number": SCHOOL_NUMBER,
            "messaging_service_sid": None,
            "api_base_url": fake_twilio.base_url,
            "status_callback_url": None,
            "timeout": 5.0,
        }
        options.update(overrides)
        sender = TwilioSender(**options)
        created.append(sender)
        return sender

    yield build
    for sender in created:
        await sender.close()


class SleepRecorder:
    """Stands in for asyncio.sleep in retry tests: records delays, waits no time."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


@pytest.fixture
def sleep_recorder() -> SleepRecorder:
    return SleepRecorder()
