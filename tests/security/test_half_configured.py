"""Attacks 1 and 2 of issue 14: a half-configured deployment must let no one in.

Each test starts Skolebot in one configuration (Teams only, SMS only, both, neither), makes the
forged request over HTTP as the attacker did, and checks the refusal and that nothing was written
(every row of every table compared) or sent (the fake Teams connector and the fake Twilio).
"""

from __future__ import annotations

import pytest

from adapters.sms.playground import PLAYGROUND_TWILIO_TOKEN
from tests.e2e.seed import GUARDIAN_TWO_KIDS, LEADER_PHONE, LEADER_UPN, OFFICE_UPN, TEACHER_UPN
from tests.security.production import APP_ID, OTHER_TENANT, database_rows, deployment, teams_activity

# What the attacker posted as the principal, the office and a teacher (attack 1).
EMERGENCY = ["/beredskap Skolen stenger kl 12 på grunn av strømbrudd", "hele skolen", "Teams og SMS", "ja"]
SSRF_ATTACHMENT = {
    "contentType": "application/vnd.microsoft.teams.file.download.info",
    "name": "ukeplan.pdf",
    "content": {"downloadUrl": "http://127.0.0.1:9/internal", "fileType": "pdf"},
}


async def _forged_teams_posts(bot) -> list[int]:  # type: ignore[no-untyped-def]
    """The attacker's unauthenticated activities; the HTTP status of each."""
    statuses = []
    for upn, text in [*((LEADER_UPN, t) for t in EMERGENCY), (OFFICE_UPN, "fravær"), (TEACHER_UPN, "hei")]:
        statuses.append((await bot.client.post(bot.client.activity(bot.user(upn), text=text))).status)
    attachment = bot.client.activity(bot.user(TEACHER_UPN), text="ukeplan 5B", attachments=[SSRF_ATTACHMENT])
    statuses.append((await bot.client.post(attachment)).status)
    return statuses


@pytest.mark.parametrize("configuration, expected", [("sms", 404), ("teams,sms", 401), ("teams", 401)])
async def test_an_unauthenticated_activity_acts_as_no_one(
    school_db_url: str, configuration: str, expected: int
) -> None:
    """Attack 1: SMS only (no MICROSOFT_APP_ID) used to run Teams in local mode; now the route is gone."""
    before = await database_rows(school_db_url)
    async with deployment(school_db_url, configuration) as (bot, _issuer):
        statuses = await _forged_teams_posts(bot)
        sent_sms = len(bot.twilio.messages)
    assert statuses == [expected] * len(statuses)
    assert bot.connector.activities == []  # nothing went to the attacker's serviceUrl
    assert sent_sms == 0
    assert await database_rows(school_db_url) == before  # no broadcast, no stored reference replaced


async def test_in_local_mode_the_same_posts_still_work(school_db_url: str) -> None:
    """The control: with neither channel configured the Emulator may act as anyone (on loopback)."""
    async with deployment(school_db_url, "neither") as (bot, _issuer):
        replies = await bot.client.say(bot.user(TEACHER_UPN), "hei")
    assert replies and "Kari" in (replies[0].get("text") or "")


def _sms_posts(bot, sign_with: str | None):  # type: ignore[no-untyped-def]
    """Attack 2: texts as a guardian and as the principal, signed with the playground's public token."""
    return [
        bot.phone.form(GUARDIAN_TWO_KIDS, "Ola er syk i dag"),
        bot.phone.form(GUARDIAN_TWO_KIDS, "STOPP"),
        bot.phone.form(LEADER_PHONE, "0000"),
        bot.phone.form(LEADER_PHONE, "OK"),
    ]


@pytest.mark.parametrize("configuration, expected", [("teams", 404), ("teams,sms", 403), ("sms", 403)])
async def test_an_sms_signed_with_the_playground_token_is_refused(
    school_db_url: str, configuration: str, expected: int
) -> None:
    """Attack 2: Teams configured and the Twilio token empty used to accept the public playground token."""
    before = await database_rows(school_db_url)
    async with deployment(school_db_url, configuration) as (bot, _issuer):
        statuses = [
            (await bot.phone.post(form, sign_with=PLAYGROUND_TWILIO_TOKEN))[0] for form in _sms_posts(bot, None)
        ]
        status_callback = await bot.phone.post(
            {"MessageSid": "SM" + "1" * 32, "MessageStatus": "delivered"},
            path="/api/sms/status",
            sign_with=PLAYGROUND_TWILIO_TOKEN,
        )
        await bot.services.sms_adapter.drain()
        sent = len(bot.twilio.messages)
    assert statuses == [expected] * 4
    assert status_callback[0] == expected
    assert sent == 0
    assert await database_rows(school_db_url) == before


async def test_with_sms_configured_a_properly_signed_sms_still_works(school_db_url: str) -> None:
    """The control: the account's own token still gets a guardian's report through in production."""
    async with deployment(school_db_url, "teams,sms") as (bot, _issuer):
        replies = await bot.phone.text(GUARDIAN_TWO_KIDS, "Emma er syk i dag")
    assert replies and "Emma" in replies[-1]


async def test_a_valid_token_from_another_tenant_is_refused(school_db_url: str) -> None:
    """Identity: any Microsoft 365 tenant can talk to a bot id it knows; only the school's gets in."""
    before = await database_rows(school_db_url)
    async with deployment(school_db_url, "teams,sms") as (bot, issuer):
        token = issuer.token(app_id=APP_ID, service_url=bot.connector_url)
        statuses = []
        for text in ("fravær", "hei"):
            body = teams_activity(bot, OFFICE_UPN, text, tenant=OTHER_TENANT)
            statuses.append((await bot.client.post(body, headers={"Authorization": f"Bearer {token}"})).status)
        mixed = teams_activity(bot, OFFICE_UPN, "fravær")
        mixed["channelData"]["tenant"]["id"] = OTHER_TENANT  # one of the two tenant fields lies
        statuses.append((await bot.client.post(mixed, headers={"Authorization": f"Bearer {token}"})).status)
    assert statuses == [403, 403, 403]
    assert bot.connector.activities == []
    assert await database_rows(school_db_url) == before


async def test_every_jwt_failure_is_a_401(school_db_url: str) -> None:
    """No token, garbage, another key under our key id, an unknown key id, wrong audience, expired, other channel."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    before = await database_rows(school_db_url)
    async with deployment(school_db_url, "teams,sms") as (bot, issuer):
        url = bot.connector_url
        other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        tokens = {
            "garbage": "not.a.jwt",
            "non-ascii": "æøå.æøå.æøå",
            "other key": issuer.token(app_id=APP_ID, service_url=url, key=other_key),
            "unknown kid": issuer.token(app_id=APP_ID, service_url=url, kid="no-such-key"),
            "wrong audience": issuer.token(app_id="11111111-2222-3333-4444-555555555555", service_url=url),
            "wrong issuer": issuer.token(app_id=APP_ID, service_url=url, issuer="https://evil.example"),
            "expired": issuer.token(app_id=APP_ID, service_url=url, lifetime=-3600),
            "other serviceUrl": issuer.token(app_id=APP_ID, service_url="https://evil.example/"),
        }
        statuses = {}
        for name, token in tokens.items():
            body = teams_activity(bot, OFFICE_UPN, "fravær")
            resp = await bot.client.post(body, headers={"Authorization": f"Bearer {token}"})
            statuses[name] = resp.status
        statuses["no token"] = (await bot.client.post(teams_activity(bot, OFFICE_UPN, "fravær"))).status
        emulator = teams_activity(bot, OFFICE_UPN, "fravær", channel="emulator")  # key not endorsed for it
        good = issuer.token(app_id=APP_ID, service_url=url)
        statuses["channel not endorsed"] = (
            await bot.client.post(emulator, headers={"Authorization": f"Bearer {good}"})
        ).status
    assert statuses == {name: 401 for name in statuses}
    assert bot.connector.activities == []
    assert await database_rows(school_db_url) == before


async def test_a_valid_token_from_the_schools_tenant_gets_in(school_db_url: str) -> None:
    """The control for the three above: the connector's own token for the school's tenant starts a turn."""
    async with deployment(school_db_url, "teams,sms") as (bot, issuer):
        await bot.services.people.remember_aad_object_id("t-kari", "aad-kari")
        assert await bot.services.refs.get("t-kari", "msteams") is None
        token = issuer.token(app_id=APP_ID, service_url=bot.connector_url)
        body = teams_activity(bot, TEACHER_UPN, "hei", aad_object_id="aad-kari")
        resp = await bot.client.post(body, headers={"Authorization": f"Bearer {token}"})
        reference = await bot.services.refs.get("t-kari", "msteams")
    assert resp.status in (200, 201)
    # The turn ran as Kari: her Teams conversation is now known. (The reply itself needs a token from
    # Microsoft's login service, which this machine cannot reach.)
    assert reference is not None and reference.conversation.id == body["conversation"]["id"]
