"""One token format for every secret link: short, bound to what it opens, expiring, one spelling only."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from bot.signed_links import (
    FEED,
    KINDS,
    STATS,
    WEEKPLAN,
    LinkKind,
    feed_binding,
    mint,
    parse_address,
    read,
    redact_links,
)

SECRET = b"s3cret-for-tests"
NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(days=30)
KARI = feed_binding("person", "t-kari")


def token(kind: LinkKind, expires: dt.datetime = LATER) -> str:
    return mint(SECRET, kind, expires, subject=7 if kind.carries_id else None, bound=KARI if kind is FEED else b"")


def other_spellings(good: str) -> list[str]:
    """The same bytes written with other values in the last character's unused low bits."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    spare = (6 * len(good)) % 8  # bits of the last character that carry nothing
    index = alphabet.index(good[-1])
    base = index & ~((1 << spare) - 1)
    return [good[:-1] + alphabet[base | low] for low in range(1 << spare) if base | low != index]


@pytest.mark.parametrize("kind, length", [(WEEKPLAN, 27), (FEED, 22), (STATS, 22)])
def test_each_kind_is_short_url_safe_and_good_until_its_expiry(kind: LinkKind, length: int) -> None:
    good = token(kind)
    assert len(good) == length and all(c.isalnum() or c in "-_" for c in good)
    bound = KARI if kind is FEED else b""
    assert read(SECRET, kind, good, NOW, bound=bound).status == "ok"
    assert read(SECRET, kind, good, LATER - dt.timedelta(seconds=1), bound=bound).status == "ok"
    expired = read(SECRET, kind, good, LATER, bound=bound)
    assert expired.status == "expired" and expired.expires == LATER and expired.key


def test_a_feed_token_opens_only_its_own_calendar() -> None:
    good = token(FEED)
    assert read(SECRET, FEED, good, NOW, bound=feed_binding("person", "t-per")).status == "invalid"
    assert read(SECRET, FEED, good, NOW, bound=feed_binding("resource", "t-kari")).status == "invalid"


def test_a_token_of_one_kind_does_not_open_another() -> None:
    for kind in KINDS:
        for other in KINDS:
            if other is not kind:
                assert read(SECRET, other, token(kind), NOW, bound=KARI).status == "invalid", (kind.name, other.name)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_another_spelling_of_the_same_bytes_is_refused(kind: LinkKind) -> None:
    """Else a revoked link would come back by changing its last character (base64's unused bits)."""
    good = token(kind)
    spellings = other_spellings(good)
    assert spellings, "a token whose last character carries every bit"
    for spelling in spellings:
        assert base64.urlsafe_b64decode(spelling + "==") == base64.urlsafe_b64decode(good + "==")
        assert read(SECRET, kind, spelling, NOW, bound=KARI).status == "invalid", spelling


MALFORMED = [
    "",
    "x",
    "æøå",
    "\udcff" * 22,
    "\x00" * 22,
    "ÆØÅ" + "A" * 24,
    "A" * 5000,
    "!!!!" * 7,
    "=" * 22,
    "A" * 26,
    "A" * 28,
    "A" * 21,
    "A" * 23,
    "AAAA AAAA AAAA AAAA AAAA AAAA",
    "+/+/" * 6 + "AAA",
    "AAAAAAAAAAAAAAAAAAAAA=",
    "AAAAAAAAAAAAAAAAAAAAAAAAAA=",
]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_malformed_tokens_are_invalid_and_never_raise(kind: LinkKind) -> None:
    good = token(kind)
    wrong_mac = good[:-2] + ("AA" if good[-2:] != "AA" else "BA")
    for junk in [*MALFORMED, good[:-1], good + "A", wrong_mac, good.upper(), "A" * kind.length]:
        assert read(SECRET, kind, junk, NOW, bound=KARI).status == "invalid", junk
    assert read(b"another secret", kind, good, NOW, bound=KARI).status == "invalid"


def test_a_forged_id_or_stretched_expiry_does_not_pass() -> None:
    raw = bytearray(base64.urlsafe_b64decode(token(WEEKPLAN) + "="))
    raw[3] ^= 1  # another plan
    assert read(SECRET, WEEKPLAN, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode(), NOW).status == "invalid"
    raw = bytearray(base64.urlsafe_b64decode(token(STATS, NOW - dt.timedelta(days=1)) + "=="))
    raw[0:4] = int(LATER.timestamp()).to_bytes(4, "big")
    assert read(SECRET, STATS, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode(), NOW).status == "invalid"


@pytest.mark.parametrize(
    "line, expected",
    [
        ('127.0.0.1 "GET /u/AAAAB2spvYBitA9Zbd84DzQ2xxw HTTP/1.1" 200', '127.0.0.1 "GET /u/<token> HTTP/1.1" 200'),
        ('"GET /ukeplan/AAAAB2spvYBitA9Zbd84DzQ2xxw/fil HTTP/1.1" 410', '"GET /ukeplan/<token>/fil HTTP/1.1" 410'),
        ("GET /stats/%C3%A6%C3%B8 HTTP/1.1", "GET /stats/<token> HTTP/1.1"),
        ("GET /calendar/person/t-kari/aym9gPfsXWIDlMgje4yJwQ.ics", "GET /calendar/person/t-kari/<token>.ics"),
        (
            '"https://skole.example/u/AAAAB2spvYBitA9Zbd84DzQ2xxw" "Mozilla"',
            '"https://skole.example/u/<token>" "Mozilla"',
        ),
        (
            "database unavailable during GET /stats/æøå: OperationalError",
            "database unavailable during GET /stats/<token> OperationalError",
        ),
        ("GET /healthz HTTP/1.1", "GET /healthz HTTP/1.1"),
        ("/u/<token>/fil", "/u/<token>/fil"),
    ],
)
def test_log_lines_lose_the_token_of_every_link(line: str, expected: str) -> None:
    assert redact_links(line) == expected
    assert redact_links(redact_links(line)) == redact_links(line)


def test_an_operator_may_paste_a_link_whole_as_a_path_or_as_a_bare_token() -> None:
    plan, stats, feed = token(WEEKPLAN), token(STATS), token(FEED)
    for text in (
        f"https://skole.example/u/{plan}",
        f"https://skole.example/ukeplan/{plan}/fil",
        f"/u/{plan}",
        plan,
        f"  https://proxy.example/skolebot/u/{plan}?utm=x  ",
    ):
        address = parse_address(text)
        assert address is not None and (address.kind, address.token) == (WEEKPLAN, plan), text
    for text in (f"https://skole.example/stats/{stats}", stats):
        address = parse_address(text)
        assert address is not None and (address.kind, address.token) == (STATS, stats), text
    address = parse_address(f"https://skole.example/calendar/person/t-kari/{feed}.ics")
    assert address is not None and (address.kind, address.token, address.bound) == (FEED, feed, KARI)
    for text in ("https://skole.example/healthz", "hello", "", "/calendar/room/x/y.ics", "A" * 30):
        assert parse_address(text) is None, text
