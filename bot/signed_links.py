"""Signed, expiring links (week plan page, calendar feeds, leaders' stats page): one token format, pure.

A token is base64url, without padding, of: the id the link names (a week plan's; feeds and the
stats page carry none, their subject is in the path or fixed), the expiry (unix seconds), and an
HMAC-SHA256 cut to 96 bits over the kind's purpose, what the path binds (a feed's kind and
sourcedId) and those bytes. A week plan token is 20 bytes, 27 characters, so the link fits an SMS
beside the plan; a feed or stats token is 16 bytes, 22 characters. Only the server's secret makes
one. Anything else is refused as "invalid" without an exception: another length, a character
outside base64url (any non-ASCII one), a non-canonical spelling of the same bytes (so a revoked
link cannot be revived by flipping unused bits), a wrong MAC. A revocation is stored under a hash
of the token's bytes, never the token. `redact_links` takes the tokens out of any text (log lines).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import re
import struct
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, unquote, urlsplit

MAC_BYTES = 12  # 96 bits: no one guesses that
_ID = struct.Struct(">I")
_EXPIRY = struct.Struct(">I")
_ALPHABET = re.compile(r"[A-Za-z0-9_-]+")
_REVOCATION_PURPOSE = b"skolebot/revoked-link/v1\x00"

REDACTED = "<token>"
WEEKPLAN_PREFIXES = ("/u/", "/ukeplan/")
FILE_SUFFIX = "/fil"  # the plan's file: /u/<token>/fil
STATS_PREFIX = "/stats/"
FEED_PREFIX = "/calendar/"
FEED_KINDS = ("resource", "person")


@dataclass(frozen=True)
class LinkKind:
    """One kind of link: its name, the purpose its MAC is bound to, and whether the token carries an id."""

    name: str
    label: str  # how an operator reads it
    purpose: bytes
    carries_id: bool

    @property
    def size(self) -> int:
        return (_ID.size if self.carries_id else 0) + _EXPIRY.size + MAC_BYTES

    @property
    def length(self) -> int:
        """Characters of a token of this kind (base64 without padding)."""
        return (self.size * 4 + 2) // 3


# The week plan's purpose and layout are those of the links already sent by SMS, which keep working.
WEEKPLAN = LinkKind("weekplan", "week plan link", b"skolebot/ukeplan/v1\x00", carries_id=True)
FEED = LinkKind("feed", "calendar feed link", b"skolebot/feed/v2\x00", carries_id=False)
STATS = LinkKind("stats", "stats page link", b"skolebot/stats/v2\x00", carries_id=False)
KINDS = (WEEKPLAN, FEED, STATS)


@dataclass(frozen=True)
class LinkCheck:
    """What a token is worth now; `key` (a hash of its bytes) is set whenever its MAC was right."""

    status: Literal["ok", "expired", "invalid", "revoked"]
    subject: int | None = None
    expires: dt.datetime | None = None
    key: str | None = None


INVALID = LinkCheck("invalid")


def feed_binding(feed_kind: str, sourced_id: str) -> bytes:
    """What a feed token is bound to: the path's kind and sourcedId (any string, even lone surrogates)."""
    return f"{feed_kind}\x00{sourced_id}".encode("utf-8", "surrogatepass")


def _mac(secret: bytes, kind: LinkKind, bound: bytes, body: bytes) -> bytes:
    return hmac.new(secret, kind.purpose + bound + body, hashlib.sha256).digest()[:MAC_BYTES]


def revocation_key(kind: LinkKind, raw: bytes) -> str:
    """The hash a revocation is stored under: the token's bytes cannot be read back from it."""
    return hashlib.sha256(_REVOCATION_PURPOSE + kind.purpose + raw).hexdigest()


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def mint(secret: bytes, kind: LinkKind, expires: dt.datetime, *, subject: int | None = None, bound: bytes = b"") -> str:
    """A token of `kind` valid until `expires` (aware); `subject` is the id a carrying kind names."""
    if kind.carries_id != (subject is not None):
        raise ValueError(f"a {kind.label} {'needs' if kind.carries_id else 'takes no'} subject id")
    body = (_ID.pack(subject) if subject is not None else b"") + _EXPIRY.pack(int(expires.timestamp()))
    return _encode(body + _mac(secret, kind, bound, body))


def decode(kind: LinkKind, token: str) -> bytes | None:
    """The token's bytes when it is the one canonical spelling of a token of this kind; else None."""
    if len(token) != kind.length or not token.isascii() or not _ALPHABET.fullmatch(token):
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == kind.size and _encode(raw) == token else None


def read(secret: bytes, kind: LinkKind, token: str, now: dt.datetime, *, bound: bytes = b"") -> LinkCheck:
    """What `token` names and whether it is still good; never raises on what a browser can send."""
    raw = decode(kind, token)
    if raw is None:
        return INVALID
    body, mac = raw[:-MAC_BYTES], raw[-MAC_BYTES:]
    if not hmac.compare_digest(mac, _mac(secret, kind, bound, body)):
        return INVALID
    subject = _ID.unpack_from(body)[0] if kind.carries_id else None
    (expiry,) = _EXPIRY.unpack_from(body, _ID.size if kind.carries_id else 0)
    expires = dt.datetime.fromtimestamp(expiry, dt.UTC)
    return LinkCheck("ok" if now < expires else "expired", subject, expires, revocation_key(kind, raw))


# ---------------------------------------------------------------------------- paths


def weekplan_path(token: str) -> str:
    return WEEKPLAN_PREFIXES[0] + token


def stats_path(token: str) -> str:
    return STATS_PREFIX + token


def feed_path(feed_kind: str, sourced_id: str, token: str) -> str:
    return f"{FEED_PREFIX}{feed_kind}/{quote(sourced_id, safe='')}/{token}.ics"


@dataclass(frozen=True)
class LinkAddress:
    """A link of ours as an operator pastes it: its kind, token and what the token is bound to."""

    kind: LinkKind
    token: str
    feed_kind: str | None = None
    sourced_id: str | None = None

    @property
    def bound(self) -> bytes:
        if self.feed_kind is None or self.sourced_id is None:
            return b""
        return feed_binding(self.feed_kind, self.sourced_id)


_SEGMENT = r"[^/?#]+"
_WEEKPLAN_HEAD = "|".join(map(re.escape, WEEKPLAN_PREFIXES))
_WEEKPLAN_PATH = re.compile(rf"(?:{_WEEKPLAN_HEAD})({_SEGMENT})(?:{FILE_SUFFIX})?/?")
_STATS_PATH = re.compile(rf"{STATS_PREFIX}({_SEGMENT})/?")
_FEED_PATH = re.compile(rf"{FEED_PREFIX}({'|'.join(FEED_KINDS)})/({_SEGMENT})/({_SEGMENT})\.ics")


def parse_address(text: str) -> LinkAddress | None:
    """The link in a whole URL, a path, or a bare week plan or stats token; None for anything else.

    Only the path's end counts, so a public URL with a path prefix (behind a proxy) works too.
    A feed token alone says nothing: its link is bound to the path, so a feed is given whole.
    """
    text = text.strip()
    path = urlsplit(text).path if "://" in text else text.split("?", 1)[0].split("#", 1)[0]
    if "/" not in path:
        kind = next((k for k in (WEEKPLAN, STATS) if len(path) == k.length), None)
        return LinkAddress(kind, path) if kind is not None and path else None
    for pattern, kind in ((_WEEKPLAN_PATH, WEEKPLAN), (_STATS_PATH, STATS)):
        match = _match_at_end(pattern, path)
        if match is not None:
            return LinkAddress(kind, unquote(match.group(1)))
    match = _match_at_end(_FEED_PATH, path)
    if match is not None:
        return LinkAddress(FEED, unquote(match.group(3)), match.group(1), unquote(match.group(2)))
    return None


def _match_at_end(pattern: re.Pattern[str], path: str) -> re.Match[str] | None:
    """The pattern matching the whole end of `path`, starting at a slash."""
    for start in (i for i, ch in enumerate(path) if ch == "/"):
        match = pattern.fullmatch(path, start)
        if match is not None:
            return match
    return None


# ---------------------------------------------------------------------------- redaction (log lines)


_SEG = r"[^/\s?#\"']"  # a path segment's characters, as far as a log line shows them
_LINK_IN_TEXT = re.compile(
    rf"(?P<head>{_WEEKPLAN_HEAD}|{STATS_PREFIX}|{FEED_PREFIX}{_SEG}+/{_SEG}+/)(?!{re.escape(REDACTED)})"
    rf"{_SEG}+?(?P<tail>\.ics)?(?!{_SEG})"
)


def redact_links(text: str) -> str:
    """`text` with the token of every link path in it replaced: "/u/<token>", "/calendar/person/x/<token>.ics"."""
    if "/" not in text:
        return text
    return _LINK_IN_TEXT.sub(lambda m: m.group("head") + REDACTED + (m.group("tail") or ""), text)
