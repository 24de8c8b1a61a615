"""Local mode lets anyone act as anyone, so it must be reachable from this machine only.

Put behind a reverse proxy or a port forward by mistake, the proxy's requests come from 127.0.0.1
too; what gives them away is a public Host name or a proxy header. Those are refused with 403
before anything runs, on every route. `serve` refuses a non-loopback --host in local mode, and any
configuration that is not fully set up refuses to start, naming what is missing.
"""

from __future__ import annotations

import aiohttp
import pytest

from bot.cli import main as skolebot
from bot.mode import ModeError, decide, is_loopback_host
from bot.settings import load_settings
from tests.e2e.seed import TEACHER_UPN
from tests.security.production import database_rows, deployment

PROXIED = [
    {"Host": "skolebot.solbakken.no"},
    {"Host": "10.0.0.5:3978"},
    {"X-Forwarded-For": "203.0.113.9"},
    {"Forwarded": "for=203.0.113.9;proto=https"},
    {"X-Forwarded-Host": "skolebot.solbakken.no"},
    {"X-Real-IP": "203.0.113.9"},
    {"Via": "1.1 proxy"},
]


@pytest.mark.parametrize("headers", PROXIED, ids=lambda h: next(iter(h)))
async def test_a_local_server_refuses_what_came_through_a_proxy(school_db_url: str, headers: dict[str, str]) -> None:
    before = await database_rows(school_db_url)
    async with deployment(school_db_url, "neither") as (bot, _issuer):
        body = bot.client.activity(bot.user(TEACHER_UPN), text="fravær")
        async with aiohttp.ClientSession() as session:
            statuses = []
            async with session.post(bot.url + "/api/messages", json=body, headers=headers) as resp:
                statuses.append(resp.status)
            form = bot.phone.form("+4790000001", "Ola er syk i dag")
            async with session.post(bot.url + "/api/sms", data=form, headers=headers) as resp:
                statuses.append(resp.status)
            for path in ("/", "/playground/api/people", "/metrics"):
                async with session.get(bot.url + path, headers=headers) as resp:
                    statuses.append(resp.status)
    assert statuses == [403] * 5
    assert bot.connector.activities == []
    assert await database_rows(school_db_url) == before


@pytest.mark.parametrize("host", ["127.0.0.1:3978", "localhost", "[::1]:3978", "127.0.0.2"])
async def test_a_local_server_answers_its_own_machine(school_db_url: str, host: str) -> None:
    async with deployment(school_db_url, "neither") as (bot, _issuer):
        body = bot.client.activity(bot.user(TEACHER_UPN), text="hei")
        async with bot.session.post(bot.url + "/api/messages", json=body, headers={"Host": host}) as resp:
            assert resp.status in (200, 201)
    assert "Kari" in bot.connector.texts()[-1]


async def test_an_aad_object_id_is_not_taken_from_another_channel(school_db_url: str) -> None:
    """An Emulator activity carrying a teacher's AAD object id, from an id no one has, is no one."""
    async with deployment(school_db_url, "neither") as (bot, _issuer):
        await bot.services.people.remember_aad_object_id("t-kari", "aad-kari")
        stranger = bot.user("stranger-1", aad_object_id="aad-kari")
        replies = await bot.client.say(stranger, "fravær")
    text = " ".join(r.get("text") or "" for r in replies)
    assert "Kari" not in text and "5B" not in text


def test_loopback_names() -> None:
    assert all(is_loopback_host(h) for h in ("localhost", "127.0.0.1", "127.9.9.9", "::1", "[::1]", "LOCALHOST."))
    assert not any(
        is_loopback_host(h)
        for h in ("0.0.0.0", "::", "10.0.0.1", "localhost.evil.example", "127.0.0.1.nip.io", "skolebot.no", "")
    )


# -------------------------------------------------------------------------------------- the mode decision

TEAMS = {
    "MICROSOFT_APP_ID": "6f1c2d3e-0000-4000-8000-00000000b07a",
    "MICROSOFT_APP_PASSWORD": "pw",
    "SKOLEBOT_TENANT_ID": "8a7b6c5d-1111-4222-8333-5c0015cb0001",
}
SMS = {
    "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
    "TWILIO_AUTH_TOKEN": "tok",
    "TWILIO_FROM_NUMBER": "+4759440000",
    "SKOLEBOT_PUBLIC_URL": "https://skolebot.example.no",
}


@pytest.mark.parametrize(
    "env, name, channels",
    [
        ({}, "local", {"teams", "sms"}),
        (
            {**SMS, "SKOLEBOT_TWILIO_API_URL": "http://127.0.0.1:9000", "SKOLEBOT_PUBLIC_URL": "http://127.0.0.1:3978"},
            "local",
            {"teams", "sms"},
        ),
        ({**SMS}, "production", {"sms"}),
        ({**TEAMS}, "production", {"teams"}),
        ({**TEAMS, **SMS}, "production", {"teams", "sms"}),
        ({**TEAMS, "TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "SKOLEBOT_CHANNELS": "teams"}, "production", {"teams"}),
        ({**TEAMS, **SMS, "SKOLEBOT_CHANNELS": "sms"}, "production", {"sms"}),
        ({"SKOLEBOT_CHANNELS": "sms"}, "local", {"sms"}),
    ],
)
def test_the_mode_is_decided_from_the_configuration(env: dict[str, str], name: str, channels: set[str]) -> None:
    mode = decide(load_settings(**env))
    assert (mode.name, set(mode.channels)) == (name, channels)


@pytest.mark.parametrize(
    "env, missing",
    [
        ({"MICROSOFT_APP_ID": TEAMS["MICROSOFT_APP_ID"]}, "MICROSOFT_APP_PASSWORD"),
        ({**TEAMS, "SKOLEBOT_TENANT_ID": ""}, "SKOLEBOT_TENANT_ID"),
        ({**TEAMS, "MICROSOFT_APP_TYPE": "SingleTenant"}, "MICROSOFT_APP_TENANT_ID"),
        ({**TEAMS, "TWILIO_ACCOUNT_SID": "AC" + "1" * 32}, "TWILIO_AUTH_TOKEN"),  # attack 2's configuration
        ({**SMS, "TWILIO_AUTH_TOKEN": ""}, "TWILIO_AUTH_TOKEN"),
        ({**SMS, "TWILIO_FROM_NUMBER": ""}, "TWILIO_FROM_NUMBER"),
        ({**SMS, "SKOLEBOT_PUBLIC_URL": "http://127.0.0.1:3978"}, "SKOLEBOT_PUBLIC_URL"),
        ({**SMS, "SKOLEBOT_CHANNELS": "teams,sms"}, "MICROSOFT_APP_ID"),
        ({**TEAMS, "SKOLEBOT_CHANNELS": "teams,sms"}, "TWILIO_ACCOUNT_SID"),
        ({"SKOLEBOT_MODE": "production"}, "no channel is configured"),
        ({**TEAMS, "SKOLEBOT_MODE": "local"}, "SKOLEBOT_MODE=local"),
        ({**TEAMS, "SKOLEBOT_CHANNELS": "teams,email"}, "unknown channel 'email'"),
    ],
)
def test_a_half_configured_deployment_is_refused_naming_what_is_missing(env: dict[str, str], missing: str) -> None:
    with pytest.raises(ModeError, match=missing):
        decide(load_settings(**env))


def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path, env: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    for name in [*TEAMS, *SMS, "SKOLEBOT_CHANNELS", "SKOLEBOT_MODE", "SKOLEBOT_TWILIO_API_URL"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SKOLEBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def test_serve_refuses_to_start_half_configured(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    _isolate(monkeypatch, tmp_path, {**TEAMS, "TWILIO_ACCOUNT_SID": "AC" + "1" * 32})
    assert skolebot(["serve", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "TWILIO_AUTH_TOKEN" in err and "SKOLEBOT_CHANNELS=teams" in err
    assert not (tmp_path / "x.db").exists()  # refused before touching anything


def test_serve_in_local_mode_refuses_a_public_host(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    _isolate(monkeypatch, tmp_path, {})
    for host in ("0.0.0.0", "::", "192.0.2.10"):
        assert skolebot(["serve", "--host", host, "--port", "0"]) == 2
        assert "loopback only" in capsys.readouterr().err
