"""A local fake of Twilio's Messages API speaking the real wire format.

Used by tests and by the playground when no Twilio credentials are set: point
TwilioSender's api_base_url at FakeTwilio.start()'s URL. It checks Basic auth,
validates like Twilio, answers with Twilio's JSON, and posts signed status callbacks.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import math
import re
import secrets
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import aiohttp
from aiohttp import web
from twilio.request_validator import RequestValidator

from storage.phones import mask_phone
from storage.segments import count_segments

log = logging.getLogger(__name__)

API_VERSION = "2010-04-01"
DEFAULT_ACCOUNT_SID = "AC" + "fa4e" * 8  # 34 characters, like a real SID
DEFAULT_POOL_NUMBER = "+15005550006"  # Twilio's magic test sender number
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_MAX_BODY = 1600
_FAILED_STATES = frozenset({"failed", "undelivered"})

# Messages Twilio uses for the errors the fake can produce.
_ERROR_MESSAGES: dict[int, str] = {
    20003: "Authenticate",
    20404: "The requested resource was not found",
    20429: "Too Many Requests",
    20500: "Internal Server Error",
    20503: "Service Unavailable",
    21211: "The 'To' number is not a valid phone number.",
    21408: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21610: "Attempt to send to unsubscribed recipient",
    21612: "The 'To' phone number is not currently reachable via SMS.",
    21614: "'To' number is not a valid mobile number",
    21617: "The concatenated message body exceeds the 1600 character limit.",
}
_STATUS_TEXT: dict[int, str] = {
    400: "Bad Request",
    401: "Authenticate",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


@dataclass
class FakeMessage:
    """One message the fake accepted, with its current lifecycle status."""

    sid: str
    to: str
    from_: str | None
    messaging_service_sid: str | None
    body: str
    status: str
    status_callback: str | None
    created_at: datetime
    account_sid: str = DEFAULT_ACCOUNT_SID
    media_urls: list[str] = field(default_factory=list)
    error_code: int | None = None
    updated_at: datetime | None = None

    def __repr__(self) -> str:  # keep numbers and bodies out of test logs
        return f"FakeMessage(sid={self.sid!r}, to={mask_phone(self.to)!r}, status={self.status!r})"


@dataclass(frozen=True)
class CallbackRecord:
    """A status callback the fake posted, with the HTTP status it got (None: unreachable)."""

    url: str
    params: dict[str, str]
    signature: str
    response_status: int | None


@dataclass(frozen=True)
class _Failure:
    status: int
    code: int | None
    retry_after: float | None


def _twilio_error(status: int, code: int | None = None, *, retry_after: float | None = None) -> web.Response:
    """An error response in Twilio's legacy JSON shape (what twilio-python parses)."""
    code = code if code is not None else {401: 20003, 404: 20404, 429: 20429, 500: 20500, 503: 20503}.get(status)
    message = _ERROR_MESSAGES.get(code or 0) or _STATUS_TEXT.get(status, "Error")
    payload = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}" if code else None,
        "status": status,
    }
    headers = {}
    if retry_after is not None:
        headers["Retry-After"] = str(int(retry_after)) if float(retry_after).is_integer() else f"{retry_after:g}"
    return web.json_response(payload, status=status, headers=headers)


def _rfc2822(moment: datetime | None) -> str | None:
    return format_datetime(moment, usegmt=True) if moment else None


class FakeTwilio:
    """In-process HTTP server imitating POST/GET /2010-04-01/Accounts/{sid}/Messages.json."""

    def __init__(
        self,
        *,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        auth_token: str = "fake-token",
        status_callback_delay: float = 0.05,
        pool_number: str = DEFAULT_POOL_NUMBER,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.status_callback_delay = status_callback_delay
        self.pool_number = pool_number
        self.messages: list[FakeMessage] = []
        self.callbacks: list[CallbackRecord] = []
        self.request_count = 0
        self.slow_seconds: float = 0.0
        self.rate_limit_per_second: float | None = None
        self.final_status: str = "delivered"
        self.final_status_for: dict[str, str] = {}
        self.base_url: str | None = None
        self.on_accept: Callable[[FakeMessage], None] | None = None  # e.g. a benchmark's reply timer
        self._failures: deque[_Failure] = deque()
        self._recent: deque[float] = deque()
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.app = web.Application()
        base = "/2010-04-01/Accounts/{account_sid}/Messages"
        self.app.router.add_post(base + ".json", self._create)
        self.app.router.add_get(base + ".json", self._list)
        self.app.router.add_get(base + "/{sid}.json", self._fetch)

    # ------------------------------------------------------------------ lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on host:port (0 = any free port) and return the base URL."""
        self._session = aiohttp.ClientSession()
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_port = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{bound_port}"
        return self.base_url

    async def stop(self) -> None:
        """Cancel pending callbacks, close the callback session and the server."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ------------------------------------------------------------------ test controls

    def fail_next(self, n: int, status: int, *, code: int | None = None, retry_after: float | None = None) -> None:
        """Answer the next n requests with this HTTP status and a Twilio JSON error."""
        self._failures.extend(_Failure(status, code, retry_after) for _ in range(n))

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 5) -> None:
        """Wait until predicate() is true; TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError("FakeTwilio: condition not met in time")
            await asyncio.sleep(0.01)

    async def wait_for(self, count: int, timeout: float = 5) -> list[FakeMessage]:
        """Wait until at least count messages were accepted; returns them."""
        try:
            await self.wait_until(lambda: len(self.messages) >= count, timeout)
        except TimeoutError:
            raise TimeoutError(f"FakeTwilio: expected {count} messages, got {len(self.messages)}") from None
        return list(self.messages)

    async def wait_for_callbacks(self, count: int, timeout: float = 5) -> list[CallbackRecord]:
        """Wait until at least count status callbacks were posted; returns them."""
        await self.wait_until(lambda: len(self.callbacks) >= count, timeout)
        return list(self.callbacks)

    # ------------------------------------------------------------------ helpers

    def _authorised(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(encoded).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return secrets.compare_digest(user, self.account_sid) and secrets.compare_digest(password, self.auth_token)

    def _rate_limited(self) -> float | None:
        """Seconds until a slot frees up when over rate_limit_per_second, else None."""
        limit = self.rate_limit_per_second
        if not limit:
            return None
        now = time.monotonic()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        if len(self._recent) >= limit:
            return max(1.0 - (now - self._recent[0]), 0.0)
        self._recent.append(now)
        return None

    def _resource(self, msg: FakeMessage) -> dict[str, Any]:
        uri = f"/{API_VERSION}/Accounts/{msg.account_sid}/Messages/{msg.sid}.json"
        info = count_segments(msg.body)
        return {
            "account_sid": msg.account_sid,
            "api_version": API_VERSION,
            "body": msg.body,
            "date_created": _rfc2822(msg.created_at),
            "date_sent": _rfc2822(msg.updated_at) if msg.status not in ("queued", "accepted") else None,
            "date_updated": _rfc2822(msg.updated_at or msg.created_at),
            "direction": "outbound-api",
            "error_code": msg.error_code,
            "error_message": None,
            "from": msg.from_,
            "messaging_service_sid": msg.messaging_service_sid,
            "num_media": str(len(msg.media_urls)),
            "num_segments": str(max(info.segments, 1)),
            "price": None,
            "price_unit": "USD",
            "sid": msg.sid,
            "status": msg.status,
            "subresource_uris": {"media": f"/{API_VERSION}/Accounts/{msg.account_sid}/Messages/{msg.sid}/Media.json"},
            "to": msg.to,
            "uri": uri,
        }

    # ------------------------------------------------------------------ handlers

    async def _guard(self, request: web.Request) -> web.Response | None:
        """Shared front door: delay, injected failures, rate limit, auth, account."""
        self.request_count += 1
        if self.slow_seconds > 0:
            await asyncio.sleep(self.slow_seconds)
        if self._failures:
            failure = self._failures.popleft()
            return _twilio_error(failure.status, failure.code, retry_after=failure.retry_after)
        wait = self._rate_limited()
        if wait is not None:
            return _twilio_error(429, 20429, retry_after=float(max(1, math.ceil(wait))))
        if not self._authorised(request):
            return _twilio_error(401, 20003)
        if request.match_info["account_sid"] != self.account_sid:
            return _twilio_error(404, 20404)
        return None

    async def _create(self, request: web.Request) -> web.Response:
        form = await request.post()  # read first, so a client that gives up mid-wait is harmless
        rejected = await self._guard(request)
        if rejected is not None:
            return rejected
        to = str(form.get("To") or "")
        from_ = str(form.get("From") or "") or None
        service = str(form.get("MessagingServiceSid") or "") or None
        body = str(form.get("Body") or "")
        media = [str(v) for v in form.getall("MediaUrl", [])]
        callback = str(form.get("StatusCallback") or "") or None
        if not to:
            return _twilio_error(400, 21604)
        if not from_ and not service:
            return _twilio_error(400, 21603)
        if not body and not media:
            return _twilio_error(400, 21602)
        if not _E164.match(to):
            return _twilio_error(400, 21211)
        if len(body) > _MAX_BODY:
            return _twilio_error(400, 21617)

        message = FakeMessage(
            sid="SM" + uuid.uuid4().hex,
            to=to,
            from_=from_ or None,
            messaging_service_sid=service,
            body=body,
            # With a Messaging Service and no From, Twilio answers "accepted".
            status="queued" if from_ else "accepted",
            status_callback=callback,
            created_at=datetime.now(UTC).replace(microsecond=0),
            account_sid=self.account_sid,
            media_urls=media,
        )
        self.messages.append(message)
        if self.on_accept is not None:
            self.on_accept(message)
        log.debug("fake twilio accepted %s to=%s", message.sid, mask_phone(to))
        task = asyncio.get_running_loop().create_task(self._lifecycle(message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.json_response(self._resource(message), status=201)

    async def _list(self, request: web.Request) -> web.Response:
        rejected = await self._guard(request)
        if rejected is not None:
            return rejected
        to = request.query.get("To")
        from_ = request.query.get("From")
        try:
            page_size = max(1, min(int(request.query.get("PageSize", "50")), 1000))
        except ValueError:
            page_size = 50
        chosen = [
            m
            for m in reversed(self.messages)  # Twilio lists newest first
            if (not to or m.to == to) and (not from_ or m.from_ == from_)
        ][:page_size]
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages.json?PageSize={page_size}&Page=0"
        return web.json_response(
            {
                "messages": [self._resource(m) for m in chosen],
                "end": max(len(chosen) - 1, 0),
                "first_page_uri": uri,
                "next_page_uri": None,
                "page": 0,
                "page_size": page_size,
                "previous_page_uri": None,
                "start": 0,
                "uri": uri,
            }
        )

    async def _fetch(self, request: web.Request) -> web.Response:
        rejected = await self._guard(request)
        if rejected is not None:
            return rejected
        sid = request.match_info["sid"]
        for message in self.messages:
            if message.sid == sid:
                return web.json_response(self._resource(message))
        return _twilio_error(404, 20404)

    # ------------------------------------------------------------------ status callbacks

    async def _lifecycle(self, message: FakeMessage) -> None:
        """Move the message to "sent" and then its final status, calling back each time."""
        await asyncio.sleep(self.status_callback_delay)
        await self._set_status(message, "sent")
        await asyncio.sleep(self.status_callback_delay)
        final = self.final_status_for.get(message.to, self.final_status)
        await self._set_status(message, final)

    async def _set_status(self, message: FakeMessage, status: str) -> None:
        message.status = status
        if message.from_ is None:  # Twilio picks a sender from the service's pool
            message.from_ = self.pool_number
        message.updated_at = datetime.now(UTC).replace(microsecond=0)
        if status in _FAILED_STATES:
            message.error_code = 30003 if status == "undelivered" else 30008
        if message.status_callback:
            await self._post_callback(message)

    async def _post_callback(self, message: FakeMessage) -> None:
        url = message.status_callback or ""
        params = {
            "MessageSid": message.sid,
            "SmsSid": message.sid,
            "SmsStatus": message.status,
            "MessageStatus": message.status,
            "AccountSid": message.account_sid,
            "From": message.from_ or "",
            "To": message.to,
            "ApiVersion": API_VERSION,
        }
        if message.messaging_service_sid:
            params["MessagingServiceSid"] = message.messaging_service_sid
        if message.error_code is not None:
            params["ErrorCode"] = str(message.error_code)
        signature = RequestValidator(self.auth_token).compute_signature(url, params)
        headers = {
            "X-Twilio-Signature": signature,
            "I-Twilio-Idempotency-Token": str(uuid.uuid4()),
            "User-Agent": "TwilioProxy/1.1",
        }
        status: int | None = None
        if self._session is not None:
            try:
                async with self._session.post(
                    url, data=params, headers=headers, timeout=aiohttp.ClientTimeout(total=5)
                ) as response:
                    status = response.status
            except (aiohttp.ClientError, TimeoutError) as exc:
                log.debug("fake twilio callback for %s failed: %s", message.sid, type(exc).__name__)
        self.callbacks.append(CallbackRecord(url, params, signature, status))
