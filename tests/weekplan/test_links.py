"""Signed, expiring, short links to a plan; forged, garbled and expired tokens refused; the secret kept."""

from __future__ import annotations

import base64
import datetime as dt

from bot.link_secret import link_secret
from bot.settings import load_settings
from dialogs.weekplan.links import LINK_TTL, PlanLinks, mint_token, read_token
from storage.db import Database
from storage.models import SchoolSetting

SECRET = b"s3cret-for-tests"
NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)


def test_a_token_names_its_plan_until_it_expires() -> None:
    token = mint_token(SECRET, 4711, NOW + LINK_TTL)
    check = read_token(SECRET, token, NOW)
    assert (check.status, check.plan_id) == ("ok", 4711)
    assert read_token(SECRET, token, NOW + LINK_TTL - dt.timedelta(seconds=1)).status == "ok"
    assert read_token(SECRET, token, NOW + LINK_TTL).status == "expired"


def test_a_token_is_short_enough_for_sms_and_url_safe() -> None:
    token = mint_token(SECRET, 2**32 - 1, NOW + LINK_TTL)
    assert len(token) == 27 and all(c.isalnum() or c in "-_" for c in token)


def test_every_changed_character_is_refused() -> None:
    token = mint_token(SECRET, 12, NOW + LINK_TTL)
    for i in range(len(token)):
        forged = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]
        assert read_token(SECRET, forged, NOW).status == "invalid", i


def test_a_forged_plan_id_or_later_expiry_does_not_pass() -> None:
    token = mint_token(SECRET, 12, NOW - dt.timedelta(days=1))
    raw = bytearray(base64.urlsafe_b64decode(token + "="))
    raw[3] = 13  # another plan
    assert read_token(SECRET, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode(), NOW).status == "invalid"
    raw = bytearray(base64.urlsafe_b64decode(token + "="))
    raw[4:8] = int((NOW + dt.timedelta(days=9)).timestamp()).to_bytes(4, "big")  # stretch the expiry
    assert read_token(SECRET, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode(), NOW).status == "invalid"


def test_another_secret_or_garbage_is_refused() -> None:
    token = mint_token(SECRET, 12, NOW + LINK_TTL)
    assert read_token(b"other", token, NOW).status == "invalid"
    for junk in ("", "x", "!!!!", "A" * 27, "A" * 200, token + "AAAA", token[:-1]):
        assert read_token(SECRET, junk, NOW).status == "invalid", junk


async def test_without_a_configured_key_one_random_secret_is_made_and_kept(db: Database) -> None:
    settings = load_settings(SKOLEBOT_DATABASE_URL=db.url)
    first = await link_secret(db, settings)
    again = await link_secret(db, settings)
    assert first == again and len(first) >= 40
    async with db.transaction() as s:
        assert (await s.get(SchoolSetting, "secret_key")).value.encode() == first  # type: ignore[union-attr]
    configured = load_settings(SKOLEBOT_DATABASE_URL=db.url, SKOLEBOT_SECRET_KEY="from-the-environment")
    assert await link_secret(db, configured) == b"from-the-environment"


async def test_links_use_the_public_url(db: Database) -> None:
    settings = load_settings(SKOLEBOT_DATABASE_URL=db.url, SKOLEBOT_PUBLIC_URL="https://skolebot.solbakken.no/")
    links = PlanLinks(settings, db, lambda: NOW)
    url = await links.url_for(7)
    prefix = "https://skolebot.solbakken.no/u/"
    assert url.startswith(prefix) and len(url) == len(prefix) + 27
    assert (await links.check(url.rsplit("/", 1)[1])).plan_id == 7
