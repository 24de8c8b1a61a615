"""Without Twilio credentials: a built-in fake Twilio in this process, so SMS works out of the box."""

from __future__ import annotations

from adapters.sms.fake_twilio import FakeTwilio
from adapters.sms.twilio_client import SentMessage, TwilioSender

# The playground's fake account (local mode only: its token is public, so production never accepts it).
PLAYGROUND_TWILIO_SID = "AC" + "0" * 32
PLAYGROUND_TWILIO_TOKEN = "playground-token"
PLAYGROUND_FROM = "+4759440000"


class LazyFakeTwilioSender:
    """A TwilioSender against an in-process FakeTwilio started with the app (the playground)."""

    def __init__(self, status_callback_url: str) -> None:
        self._status_callback_url = status_callback_url
        self.fake: FakeTwilio | None = None
        self._sender: TwilioSender | None = None

    async def start(self, *, auth_token: str, account_sid: str, from_number: str) -> None:
        self.fake = FakeTwilio(account_sid=account_sid, auth_token=auth_token)
        base = await self.fake.start()
        self._sender = TwilioSender(
            account_sid=account_sid,
            auth_token=auth_token,
            from_number=from_number,
            messaging_service_sid=None,
            api_base_url=base,
            status_callback_url=self._status_callback_url,
        )

    def prepare(self) -> None:
        if self._sender is not None:
            self._sender.prepare()

    async def send(self, to: str, body: str) -> SentMessage:
        if self._sender is None:
            raise RuntimeError("the playground's fake Twilio has not started")
        return await self._sender.send(to, body)

    async def close(self) -> None:
        if self._sender is not None:
            await self._sender.close()
        if self.fake is not None:
            await self.fake.stop()
