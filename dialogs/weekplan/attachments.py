"""Fetch a file a teacher attached in Teams, and nothing else: the guard against server-side request forgery.

A URL is fetched only over https, from a host on the allow-list (`SKOLEBOT_ATTACHMENT_HOSTS`), on
the entry's port (443 unless the entry names one), with no user-info and no IP literal. Redirects
are followed by hand, at most `MAX_REDIRECTS`, and each target is checked against the same list
before it is requested. The body is capped while it streams (and a larger Content-Length is refused
before reading), and the whole fetch, redirects included, has one time-out. Certificates are always
verified: against the system's CAs, or against the context a caller passes (tests, a school's proxy).

`url_refusal` is pure (the allow-list itself is bot.host_patterns); `fetch_attachment` is the only I/O here.
"""

from __future__ import annotations

import asyncio
import re
import ssl
from collections.abc import Sequence

import aiohttp
from yarl import URL

from bot.host_patterns import DEFAULT_PORT, HostPattern, is_dns_name, looks_like_ip, parse_host_patterns

__all__ = ["HostPattern", "fetch_attachment", "parse_host_patterns", "url_refusal"]

MAX_REDIRECTS = 3
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


class AttachmentError(Exception):
    """A file that was not fetched; `reason` is a short code for the log (never the URL: it can hold a token)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AttachmentRefused(AttachmentError):
    """The URL, or a redirect, is not one Skolebot fetches from; nothing was requested from it."""


class AttachmentTooLarge(AttachmentError):
    """The file is over the size cap (by its Content-Length, or while it streamed)."""


class AttachmentTimeout(AttachmentError):
    """The host did not deliver the whole file within the time-out."""


class AttachmentFailed(AttachmentError):
    """An allowed host answered with an error, or the connection or its certificate failed."""


def _authority(text: str) -> str:
    """The part of a URL between "//" and the path, as written (before any parser tidies it)."""
    rest = text.split("//", 1)[1] if "//" in text else ""
    return re.split(r"[/?#\\]", rest, maxsplit=1)[0]


def url_refusal(url: str | URL, allowed: Sequence[HostPattern]) -> str | None:
    """Why this URL must not be fetched (a short reason code), or None when it may be."""
    text = str(url)
    if any(ch.isspace() or ord(ch) < 0x20 or ch == "\x7f" for ch in text):
        return "malformed"
    try:
        parsed = url if isinstance(url, URL) else URL(text)
    except (ValueError, TypeError):
        return "malformed"
    if parsed.scheme != "https":
        return "not_https"
    if not parsed.is_absolute() or not parsed.raw_host:
        return "malformed"
    if parsed.user is not None or parsed.password is not None or "@" in _authority(text):
        return "userinfo"
    host = parsed.raw_host.lower()
    if looks_like_ip(host):
        return "ip_literal"
    if not is_dns_name(host):
        return "malformed"
    port = parsed.port or DEFAULT_PORT
    on_list = [p for p in allowed if p.matches_host(host)]
    if not on_list:
        return "host_not_allowed"
    if all(p.port != port for p in on_list):
        return "port_not_allowed"
    return None


def check_url(url: str | URL, allowed: Sequence[HostPattern]) -> URL:
    """The URL parsed, exactly as it will be requested; AttachmentRefused when url_refusal objects."""
    reason = url_refusal(url, allowed)
    if reason is not None:
        raise AttachmentRefused(reason)
    return url if isinstance(url, URL) else URL(str(url))


def _redirect_target(current: URL, location: str | None, allowed: Sequence[HostPattern]) -> URL:
    """Where a redirect points, resolved against the current URL and checked like the first one."""
    if not location:
        raise AttachmentFailed("redirect_without_location")
    try:
        target = current.join(URL(location))
    except (ValueError, TypeError) as exc:
        raise AttachmentRefused("malformed") from exc
    return check_url(target, allowed)


async def _read_capped(response: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    """The body, refused as soon as it (or its announced length) passes `max_bytes`."""
    if response.content_length is not None and response.content_length > max_bytes:
        raise AttachmentTooLarge("content_length")
    data = bytearray()
    async for chunk in response.content.iter_chunked(_CHUNK):
        if len(data) + len(chunk) > max_bytes:
            raise AttachmentTooLarge("body")
        data.extend(chunk)
    return bytes(data)


async def fetch_attachment(
    session: aiohttp.ClientSession,
    url: str,
    *,
    allowed: Sequence[HostPattern],
    max_bytes: int,
    timeout: float,
    ssl_context: ssl.SSLContext | None = None,
    max_redirects: int = MAX_REDIRECTS,
) -> bytes:
    """The file's bytes from an allowed https host, or an AttachmentError saying why not.

    `ssl_context` None means the default, verified context; verification is never switched off.
    The session should keep no cookies (aiohttp.DummyCookieJar) and trust no proxy environment.
    """
    target = check_url(url, allowed)
    verify: ssl.SSLContext | bool = ssl_context if ssl_context is not None else True
    try:
        async with asyncio.timeout(timeout):
            for _ in range(max_redirects + 1):
                async with session.get(
                    target, allow_redirects=False, ssl=verify, timeout=aiohttp.ClientTimeout(total=timeout)
                ) as response:
                    if response.status in _REDIRECT_STATUSES:
                        target = _redirect_target(target, response.headers.get("Location"), allowed)
                        continue
                    if response.status != 200:
                        raise AttachmentFailed(f"status_{response.status}")
                    return await _read_capped(response, max_bytes)
            raise AttachmentRefused("too_many_redirects")
    except TimeoutError as exc:  # also aiohttp's ServerTimeoutError
        raise AttachmentTimeout("timeout") from exc
    except aiohttp.ClientError as exc:
        raise AttachmentFailed(type(exc).__name__) from exc
