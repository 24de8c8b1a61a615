"""A phone that texts the bot through the real, signed /api/sms webhook and reads the school's SMS.

Used by `skolebot chat --from`, the playground and the end-to-end tests. Replies are read
from the FakeTwilio the bot sends through, so Twilio's whole round trip is exercised.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Awaitable, Callable

import aiohttp

from adapters.sms.fake_twilio import FakeTwilio
from adapters.sms.twilio_client import sign


class SmsPhone:
    def __init__(
        self,
        *,
        bot_url: str,
        public_url: str,
        fake: FakeTwilio,
        school_number: str,
        session: aiohttp.ClientSession,
        settle: Callable[[], Awaitable[None]],
    ) -> None:
        self._bot_url = bot_url.rstrip("/")
        self._public_url = public_url.rstrip("/")
        self.fake = fake
        self._school_number = school_number
        self._session = session
        self._settle = settle
        self._ids = itertools.count(1)

    def form(self, phone: str, body: str, *, sid: str | None = None) -> dict[str, str]:
        """Twilio's inbound webhook fields for one SMS from `phone`."""
        return {
            "MessageSid": sid or f"SM{uuid.uuid4().hex}",
            "SmsSid": sid or f"SM{next(self._ids):032d}",
            "AccountSid": self.fake.account_sid,
            "From": phone,
            "To": self._school_number,
            "Body": body,
            "NumMedia": "0",
            "NumSegments": "1",
            "FromCountry": "NO",
            "ApiVersion": "2010-04-01",
        }

    async def post(
        self,
        form: dict[str, str],
        *,
        signature: str | None = None,
        path: str = "/api/sms",
        sign_with: str | None = None,
    ) -> tuple[int, str]:
        """POST the form as Twilio does; signed with the account's token unless told otherwise."""
        url = self._public_url + path
        sig = signature if signature is not None else sign(sign_with or self.fake.auth_token, url, form)
        headers = {"X-Twilio-Signature": sig} if sig else {}
        async with self._session.post(self._bot_url + path, data=form, headers=headers) as resp:
            return resp.status, await resp.text()

    def inbox(self, phone: str) -> list[str]:
        """Every SMS the school has sent to `phone`, oldest first."""
        return [m.body for m in self.fake.messages if m.to == phone]

    async def text(self, phone: str, body: str, *, sid: str | None = None) -> list[str]:
        """Send one SMS and return the school's replies to it."""
        before = len(self.inbox(phone))
        status, answer = await self.post(self.form(phone, body, sid=sid))
        if status != 200:
            raise RuntimeError(f"/api/sms answered {status}: {answer}")
        await self._settle()
        return self.inbox(phone)[before:]
