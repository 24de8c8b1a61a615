"""The playground's page and JSON API over HTTP: off with credentials, on without, and what it shows."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from storage.demo_school import DEMO_GUARDIAN_ID, DEMO_GUARDIAN_PHONE, DEMO_LEADER_ID, DEMO_TEACHER_ID
from tests.browser.conftest import Playground
from tests.e2e.harness import running_bot
from tests.security.production import environment


async def get(session: aiohttp.ClientSession, url: str) -> tuple[int, Any, aiohttp.ClientResponse]:
    async with session.get(url) as resp:
        body = await resp.json() if resp.content_type == "application/json" else await resp.text()
        return resp.status, body, resp


async def post(session: aiohttp.ClientSession, url: str, body: dict[str, Any]) -> tuple[int, Any]:
    async with session.post(url, json=body) as resp:
        return resp.status, await resp.text()


async def events_until(
    session: aiohttp.ClientSession, playground: Playground, test, timeout: float = 15.0
) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Poll the events as the page does until `test(events)` holds."""
    async with asyncio.timeout(timeout):
        while True:
            _, body, _ = await get(session, playground.url + "/playground/api/events?since=0")
            if test(body["events"]):
                return body["events"]
            await asyncio.sleep(0.2)


@pytest.mark.parametrize(
    "credentials",
    [
        environment("teams"),  # production: Teams only
        {},  # the harness's Twilio credentials (pointing at a fake Twilio) and no Teams
    ],
)
async def test_with_real_teams_or_twilio_credentials_there_is_no_playground(
    small_school_template: Path, tmp_path: Path, credentials: dict[str, str]
) -> None:
    from tests.e2e.harness import copy_sqlite

    async with running_bot(copy_sqlite(small_school_template, tmp_path), **credentials) as bot:
        for path in ("/", "/playground/app.js", "/playground/api/people", "/playground/api/events"):
            async with bot.session.get(bot.url + path) as resp:
                assert resp.status == 404, path
        async with bot.session.post(
            bot.url + "/playground/api/sms", json={"number": "+4790000001", "text": "hei"}
        ) as r:
            assert r.status in (404, 405)


async def test_the_page_and_its_files_are_served_with_a_strict_policy(playground: Playground) -> None:
    async with aiohttp.ClientSession() as session:
        status, html, resp = await get(session, playground.url + "/")
        assert status == 200 and resp.content_type == "text/html"
        assert "Skolebot – lekeplass" in html and '<script src="/playground/app.js" defer>' in html
        assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
        assert "cdn" not in html.lower() and "https://" not in html  # nothing from outside
        status, script, resp = await get(session, playground.url + "/playground/app.js")
        assert status == 200 and resp.content_type == "application/javascript"
        assert "innerHTML" not in script and "insertAdjacentHTML" not in script
        assert (await get(session, playground.url + "/playground/style.css"))[0] == 200
        assert (await get(session, playground.url + "/playground/settings.py"))[0] == 404


async def test_people_to_act_as_come_from_the_roster_with_the_demo_people_first(playground: Playground) -> None:
    async with aiohttp.ClientSession() as session:
        _, people, _ = await get(session, playground.url + "/playground/api/people")
    assert people["school"] == "Solbakken skole"
    hilde = people["phones"][0]
    assert (hilde["id"], hilde["number"], hilde["children"]) == (
        DEMO_GUARDIAN_ID,
        DEMO_GUARDIAN_PHONE,
        ["Ola (5B)", "Emma (2A)"],
    )
    assert len(people["phones"]) > 300  # every guardian with a phone, and staff
    kari = people["teams"][0]
    assert (kari["id"], kari["classes"]) == (DEMO_TEACHER_ID, ["5B"])
    assert {p["role"] for p in people["teams"]} == {"teacher", "administrator", "aide"}  # staff only in Teams


async def test_bad_requests_are_refused_and_guardians_cannot_be_teams_staff(playground: Playground) -> None:
    api = playground.url + "/playground/api"
    async with aiohttp.ClientSession() as session:
        assert (await post(session, api + "/sms", {"number": "91234567", "text": "hei"}))[0] == 400
        assert (await post(session, api + "/sms", {"number": DEMO_GUARDIAN_PHONE, "text": ""}))[0] == 400
        assert (await post(session, api + "/sms", {"number": DEMO_GUARDIAN_PHONE, "text": "x" * 1601}))[0] == 400
        assert (await post(session, api + "/teams/say", {"person": DEMO_GUARDIAN_ID, "text": "hei"}))[0] == 404
        assert (await post(session, api + "/teams/say", {"person": DEMO_TEACHER_ID, "value": "ja"}))[0] == 400
        assert (await get(session, api + "/events?since=x"))[0] == 400


async def test_a_broadcast_confirmed_on_its_preview_card_shows_every_sms_in_the_log(playground: Playground) -> None:
    api = playground.url + "/playground/api"
    async with aiohttp.ClientSession() as session:
        for said in ("varsel", "Husk refleks i morgen!", "foresatte i 5B", "bare SMS"):
            assert (await post(session, api + "/teams/say", {"person": DEMO_LEADER_ID, "text": said}))[0] == 200
        events = await events_until(
            session,
            playground,
            lambda es: any(e["kind"] == "teams" and e["dir"] == "out" and e["activity"].get("attachments") for e in es),
        )
        preview = next(e for e in reversed(events) if e["kind"] == "teams" and e["activity"].get("attachments"))
        assert preview["person"] == DEMO_LEADER_ID
        card = preview["activity"]["attachments"][0]["content"]
        send = next(a for a in card["actions"] if a["type"] == "Action.Submit" and a["data"].get("send"))
        assert (
            await post(
                session, api + "/teams/say", {"person": DEMO_LEADER_ID, "value": send["data"], "label": send["title"]}
            )
        )[0] == 200

        def reached_hilde(es: list[dict[str, Any]]) -> bool:
            return any(
                e["kind"] == "sms"
                and e["dir"] == "out"
                and e["number"] == DEMO_GUARDIAN_PHONE
                and "Husk refleks" in e["text"]
                for e in es
            )

        events = await events_until(session, playground, reached_hilde)
    sent = [e for e in events if e["kind"] == "sms" and e["dir"] == "out" and "Husk refleks" in e["text"]]
    assert len(sent) >= 10 and len({e["number"] for e in sent}) == len(sent)  # each 5B guardian once
    assert next(e for e in sent if e["number"] == DEMO_GUARDIAN_PHONE)["name"] == "Hilde Nordli"
    pressed = [e for e in events if e["kind"] == "teams" and e["dir"] == "in" and e.get("submit")]
    assert [e["text"] for e in pressed] == [send["title"]]


async def test_another_site_cannot_post_to_the_playground(playground: Playground) -> None:
    """A page on another origin in the same browser: a text/plain POST (no CORS preflight) or a foreign Origin."""
    api = playground.url + "/playground/api"
    body = f'{{"number": "{DEMO_GUARDIAN_PHONE}", "text": "Ola er syk i dag"}}'
    forged = [
        {"Content-Type": "text/plain", "Origin": "https://evil.example"},
        {"Content-Type": "text/plain"},
        {"Content-Type": "application/json", "Origin": "https://evil.example"},
        {"Content-Type": "application/json", "Origin": "null"},
        {"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"},
    ]
    async with aiohttp.ClientSession() as session:
        for headers in forged:
            async with session.post(api + "/sms", data=body, headers=headers) as resp:
                assert resp.status == 403, headers
        _, events, _ = await get(session, api + "/events?since=0")
        assert not any(DEMO_GUARDIAN_PHONE in str(event) for event in events["events"])
        own = {"Content-Type": "application/json", "Origin": playground.url, "Sec-Fetch-Site": "same-origin"}
        async with session.post(api + "/sms", data=body, headers=own) as resp:
            assert resp.status == 200  # the page itself still works
        await events_until(session, playground, lambda evs: any(DEMO_GUARDIAN_PHONE in str(e) for e in evs))
