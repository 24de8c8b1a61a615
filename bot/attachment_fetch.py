"""Fetch a file a teacher attached in Teams, and nothing else: the guard against server-side request forgery.

A URL is fetched only over https, from a host on the allow-list (`SKOLEBOT_ATTACHMENT_HOSTS`), on
the entry's port (443 unless the entry names one), with no user-info and no IP literal. Redirects
are followed by hand, at most `MAX_REDIRECTS`, and each target is checked against the same list
before it is requested. The body is capped while it streams (and a larger Content-Length is refused
before reading), and the whole fetch, redirects included, has one time-out. Certificates are always
verified: against the system's CAs, or against the context a caller passes (tests, a school's proxy).

`url_refusal` and `parse_host_patterns` are pure; `fetch_attachment` is the only I/O here.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import ssl
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp
from yarl import URL

DEFAULT_PORT = 443
MAX_REDIRECTS = 3
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_NUMERIC_LABEL = re.compile(r"^(?:[0-9]+|0x[0-9a-f]*)$")
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


@dataclass(frozen=True)
class HostPattern:
    """One allow-list entry: an exact host, or (wildcard) any subdomain of `host`; and the one port allowed."""

    host: str
    wildcard: bool = False
    port: int = DEFAULT_PORT

    def matches_host(self, host: str) -> bool:
        """Whether `host` (lower-case ASCII) is this entry's host, or for "*.", a subdomain of it."""
        return host.endswith("." + self.host) if self.wildcard else host == self.host


def _is_dns_name(host: str) -> bool:
    """Letters, digits and hyphens in dot-separated labels; no empty label, no trailing dot."""
    return 0 < len(host) <= 253 and all(_LABEL.match(label) for label in host.split("."))


def _looks_like_ip(host: str) -> bool:
    """An IP literal, or a number resolvers read as one ("127.1", "2130706433", "0x7f000001")."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return bool(_NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]))


def _authority(text: str) -> str:
    """The part of a URL between "//" and the path, as written (before any parser tidies it)."""
    rest = text.split("//", 1)[1] if "//" in text else ""
    return re.split(r"[/?#\\]", rest, maxsplit=1)[0]


def parse_host_patterns(text: str) -> tuple[HostPattern, ...]:
    """The allow-list from its setting: comma-separated `host`, `*.domain`, each optionally `:port`.

    Raises ValueError naming the bad entry (an IP, a scheme, "*" alone, "*.com").
    """
    patterns: list[HostPattern] = []
    for raw in text.split(","):
        entry = raw.strip().lower()
        if not entry:
            continue
        host, port = entry, DEFAULT_PORT
        if ":" in entry:
            host, _, port_text = entry.rpartition(":")
            if not port_text.isdigit() or not 0 < int(port_text) < 65536:
                raise ValueError(f"{raw.strip()!r}: write host or host:port, e.g. *.sharepoint.com")
            port = int(port_text)
        wildcard = host.startswith("*.")
        name = host[2:] if wildcard else host
        if not _is_dns_name(name) or _looks_like_ip(name):
            raise ValueError(f"{raw.strip()!r}: not a host name (no scheme, path or IP address)")
        if wildcard and "." not in name:
            raise ValueError(f"{raw.strip()!r}: a wildcard needs a domain of its own, e.g. *.sharepoint.com")
        patterns.append(HostPattern(host=name, wildcard=wildcard, port=port))
    return tuple(patterns)


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
    if _looks_like_ip(host):
        return "ip_literal"
    if not _is_dns_name(host):
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


async def fetch_attachment(session: aiohttp.ClientSession, url: str, *, allowed: Sequence[HostPattern],
                           max_bytes: int, timeout: float, ssl_context: ssl.SSLContext | None = None,
                           max_redirects: int = MAX_REDIRECTS) -> bytes:
    """The file's bytes from an allowed https host, or an AttachmentError saying why not.

    `ssl_context` None means the default, verified context; verification is never switched off.
    The session should keep no cookies (aiohttp.DummyCookieJar) and trust no proxy environment.
    """
    target = check_url(url, allowed)
    verify: ssl.SSLContext | bool = ssl_context if ssl_context is not None else True
    try:
        async with asyncio.timeout(timeout):
            for _ in range(max_redirects + 1):
                async with session.get(target, allow_redirects=False, ssl=verify,
                                       timeout=aiohttp.ClientTimeout(total=timeout)) as response:
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
