"""Outbound SMS through the real twilio library, plus webhook signature checks.

Errors are mapped to TwilioSendError so the caller (the outbox) can decide whether
to retry; send() itself never retries.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from storage.phones import mask_phone
from storage.segments import count_segments

log = logging.getLogger(__name__)

# Error codes after which the same message to the same number can never succeed.
PERMANENT_ERROR_CODES: frozenset[int] = frozenset(
    {
        21610,  # recipient replied STOP (opted out)
        21211,  # invalid 'To' phone number
        21614,  # 'To' is not a mobile number
        21408,  # permission to send to this region not enabled
        21612,  # this To/From combination cannot be reached
    }
)

_ERROR_DESCRIPTIONS: dict[int, str] = {
    20429: "rate limited",
    21211: "invalid To number",
    21408: "sending to this region is not enabled",
    21602: "message body is required",
    21603: "a From number or messaging service is required",
    21604: "a To number is required",
    21610: "recipient has opted out (STOP)",
    21612: "To/From combination cannot be reached",
    21614: "To is not a mobile number",
    21617: "message body is longer than 1600 characters",
}

# Per-send holder for the last HTTP response headers (Retry-After lives there, and
# twilio's exceptions do not carry headers). A ContextVar keeps concurrent sends apart.
_response_headers: ContextVar[dict[str, str] | None] = ContextVar("skolebot_twilio_response_headers", default=None)


@dataclass(frozen=True, slots=True)
class SentMessage:
    """Twilio accepted the message: its SID and initial status (queued/accepted)."""

    sid: str
    status: str


class TwilioSendError(Exception):
    """A send that failed; `retryable` and `permanent` tell the caller what to do next.

    permanent: the recipient cannot get this SMS (opted out, not a mobile, ...).
    retryable: transient (429, 5xx, timeout, network); retry after `retry_after`
    seconds when given. Neither: a request/configuration error (e.g. 401) that a
    retry will not fix.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: int | None = None,
        retry_after: float | None = None,
        permanent: bool = False,
        retryable: bool = False,
        timed_out: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.retry_after = retry_after
        self.permanent = permanent
        self.retryable = retryable
        self.timed_out = timed_out


class _SkolebotHttpClient(AsyncTwilioHttpClient):
    """twilio's aiohttp client, fixed to apply its timeout and to expose response headers.

    ClientBase.request_async always calls it with keyword arguments.

    twilio 9.13's AsyncTwilioHttpClient stores `timeout` but passes only the
    per-request value (None) to aiohttp, so without this a hung API call never ends.
    """

    async def request(self, method: str, url: str, **kwargs: Any) -> Response:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        auth = kwargs.get("auth")
        encode = getattr(aiohttp, "encode_basic_auth", None)
        if auth is not None and encode is not None:
            # aiohttp >= 3.14 deprecates auth=BasicAuth; send the same header directly.
            # (twilio's request logging skips Authorization headers.)
            kwargs["headers"] = {**(kwargs.get("headers") or {}), "Authorization": encode(*auth)}
            kwargs["auth"] = None
        response = await super().request(method, url, **kwargs)
        holder = _response_headers.get()
        if holder is not None:
            holder.clear()
            holder.update({k.lower(): v for k, v in (response.headers or {}).items()})
        return response


class _RedirectedClient(Client):
    """twilio Client whose every REST URL (any *.twilio.com domain) goes to one base URL.

    ClientBase.get_hostname is the single hook all requests pass through after the
    domain (api.twilio.com, ...) has built the absolute URL, so replacing scheme and
    host there redirects everything, and also stops TWILIO_EDGE/TWILIO_REGION from
    rewriting a host like 127.0.0.1.
    """

    def __init__(self, *args: Any, api_base_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._redirect = urlsplit(api_base_url)

    def get_hostname(self, uri: str) -> str:
        parts = urlsplit(uri)
        path = self._redirect.path.rstrip("/") + parts.path
        return urlunsplit((self._redirect.scheme, self._redirect.netloc, path, parts.query, ""))


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(seconds, 0.0)  # a date in the past means "now"


def _error_from_twilio(
    exc: TwilioRestException | TwilioServiceException, headers: Mapping[str, str]
) -> TwilioSendError:
    status = exc.status
    code = exc.code if isinstance(exc.code, int) else None
    retryable = status == 429 or (status is not None and status >= 500)
    permanent = code in PERMANENT_ERROR_CODES
    if status == 401 or code == 20003:
        text = "Twilio rejected the credentials (check account SID and auth token)"
    else:
        # Twilio's own message may quote the phone number, so only known wording is used.
        text = f"Twilio answered HTTP {status}" + (f" code {code}" if code else "")
        if code in _ERROR_DESCRIPTIONS:
            text += f": {_ERROR_DESCRIPTIONS[code]}"
    return TwilioSendError(
        text,
        status=status,
        code=code,
        retry_after=parse_retry_after(headers.get("retry-after")) if retryable else None,
        permanent=permanent and not retryable,
        retryable=retryable,
    )


class SmsSender(Protocol):
    """What sends an SMS: TwilioSender, the playground's fake (adapters.sms.playground) or a switched-off one."""

    def prepare(self) -> None: ...

    async def send(self, to: str, body: str) -> SentMessage: ...

    async def close(self) -> None: ...


class TwilioSender:
    """One per process: twilio's Client with AsyncTwilioHttpClient; closed on shutdown.

    The client (and its aiohttp session) is created on first use, inside the event loop.
    """

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str | None,
        messaging_service_sid: str | None,
        api_base_url: str | None,
        status_callback_url: str | None,
        timeout: float = 10.0,
    ) -> None:
        if not account_sid or not auth_token:
            raise ValueError("account_sid and auth_token are required")
        if not from_number and not messaging_service_sid:
            raise ValueError("either from_number or messaging_service_sid is required")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        if api_base_url:
            parts = urlsplit(api_base_url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValueError("api_base_url must look like http://host:port")
        self._account_sid = account_sid
        self._auth_token = auth_token
        self._from_number = from_number or None
        self._messaging_service_sid = messaging_service_sid or None
        self._api_base_url = api_base_url or None
        self._status_callback_url = status_callback_url or None
        self._timeout = timeout
        self._client: Client | None = None
        self._http: _SkolebotHttpClient | None = None
        self._closed = False

    def _get_client(self) -> Client:
        if self._closed:
            raise RuntimeError("TwilioSender is closed")
        if self._client is None:
            self._http = _SkolebotHttpClient(timeout=self._timeout)
            if self._api_base_url:
                self._client = _RedirectedClient(
                    self._account_sid,
                    self._auth_token,
                    http_client=self._http,
                    api_base_url=self._api_base_url,
                )
            else:
                self._client = Client(self._account_sid, self._auth_token, http_client=self._http)
        return self._client

    def prepare(self) -> None:
        """Build the client and load twilio's Messages API modules (lazy imports of ~50 ms) now,
        at start-up, rather than in the first guardian's turn."""
        _ = self._get_client().messages

    async def send(self, to: str, body: str) -> SentMessage:
        """Ask Twilio to send one SMS; raises TwilioSendError on any failure."""
        client = self._get_client()
        kwargs: dict[str, Any] = {"to": to, "body": body}
        if self._from_number:
            kwargs["from_"] = self._from_number
        if self._messaging_service_sid:
            kwargs["messaging_service_sid"] = self._messaging_service_sid
        if self._status_callback_url:
            kwargs["status_callback"] = self._status_callback_url

        headers: dict[str, str] = {}
        token = _response_headers.set(headers)
        try:
            message = await client.messages.create_async(**kwargs)
        except (TwilioRestException, TwilioServiceException) as exc:
            error = _error_from_twilio(exc, headers)
            log.warning(
                "sms send failed to=%s status=%s code=%s retryable=%s permanent=%s",
                mask_phone(to),
                error.status,
                error.code,
                error.retryable,
                error.permanent,
            )
            # Not chained: Twilio's message can contain the full phone number.
            raise error from None
        except TimeoutError as exc:
            log.warning("sms send timed out after %.1fs to=%s", self._timeout, mask_phone(to))
            raise TwilioSendError(
                f"Twilio did not answer within {self._timeout:g}s",
                retryable=True,
                timed_out=True,
            ) from exc
        except aiohttp.ClientError as exc:
            log.warning("sms send network error to=%s: %s", mask_phone(to), type(exc).__name__)
            raise TwilioSendError(f"could not reach Twilio: {type(exc).__name__}", retryable=True) from exc
        finally:
            _response_headers.reset(token)

        log.info(
            "sms queued sid=%s to=%s status=%s segments=%d",
            message.sid,
            mask_phone(to),
            message.status,
            count_segments(body).segments,
        )
        return SentMessage(sid=message.sid or "", status=str(message.status or ""))

    async def close(self) -> None:
        """Close the HTTP session; safe to call twice or before any send."""
        self._closed = True
        if self._http is not None:
            await self._http.close()
            self._http = None
            self._client = None


async def send_with_retry(
    sender: SmsSender,
    to: str,
    body: str,
    *,
    attempts: int = 3,
    base_delay: float = 0.5,
    max_delay: float = 30.0,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> SentMessage:
    """Send, retrying transient failures: waits Retry-After when given, else
    exponential backoff with jitter. Gives up (re-raises) on non-retryable errors,
    after `attempts` tries, or when Twilio asks to wait longer than max_delay.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for attempt in range(attempts):
        try:
            return await sender.send(to, body)
        except TwilioSendError as error:
            if not error.retryable or attempt == attempts - 1:
                raise
            if error.retry_after is not None:
                delay = error.retry_after
                if delay > max_delay:
                    raise
            else:
                delay = min(base_delay * 2**attempt, max_delay) * (0.5 + random.random() / 2)
            await sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


class SignatureChecker:
    """Checks X-Twilio-Signature on webhooks (HMAC-SHA1 of URL + sorted params)."""

    def __init__(self, auth_token: str | None) -> None:
        self._validator = RequestValidator(auth_token) if auth_token else None

    def valid(self, url: str, params: Mapping[str, str], signature: str | None) -> bool:
        """True only for a non-empty signature that matches; never True without a token."""
        if self._validator is None or not signature:
            return False
        try:
            return bool(self._validator.validate(url, params, signature))
        except (TypeError, ValueError):
            return False


def sign(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """The X-Twilio-Signature Twilio would send for this URL and form (tests, terminal chat)."""
    if not auth_token:
        raise ValueError("auth_token is required to sign")
    return RequestValidator(auth_token).compute_signature(url, params)
