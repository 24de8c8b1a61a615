"""A week plan file is fetched only from Teams' own file hosts (server-side request forgery, issue 14).

Three layers: the pure URL check; the fetch against real HTTPS servers with a throwaway CA (redirects,
size cap, time-out, certificate); and teachers publishing through /api/messages, where an attachment
pointing at an internal address gets a refusal, reaches nothing, and nothing is stored or served.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.settings import Settings, SettingsError, load_settings
from dialogs.weekplan.attachments import (
    AttachmentFailed,
    AttachmentRefused,
    AttachmentTimeout,
    AttachmentTooLarge,
    HostPattern,
    fetch_attachment,
    parse_host_patterns,
    url_refusal,
)
from dialogs.weekplan.service import ATTACHMENT_SSL
from storage.weekplans import WeekPlans
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import TEACHER_UPN
from tests.weekplan.file_hosts import HttpsHost, LoopbackResolver, https_host, recorder

PDF = b"%PDF-1.4\n" + b"ukeplan 5B uke 50 " * 400 + b"\n%%EOF\n"
SECRET = b"%PDF-1.4 internal secret: db password hunter2"
TEAMS_FILE = "application/vnd.microsoft.teams.file.download.info"
REFUSED_NB = (
    "Jeg kunne ikke ta imot filen: den er ikke lastet opp i Teams. Ukeplanen er ikke publisert. "
    "Last opp filen her i chatten med meg, eller lim inn teksten i meldingen."
)
TIMEOUT_NB = (
    "Det tok for lang tid å hente filen, så ukeplanen er ikke publisert. "
    "Prøv igjen om litt, eller lim inn teksten i meldingen."
)
DEFAULT = parse_host_patterns(Settings.model_fields["attachment_hosts"].default)


# ------------------------------------------------------------------ (a) the URL check, pure


@pytest.mark.parametrize(
    "url",
    [
        "https://contoso-my.sharepoint.com/personal/kari_skole_no/_layouts/15/download.aspx?UniqueId=1&tempauth=x",
        "https://contoso.sharepoint.com/sites/5B/Shared%20Documents/uke49.docx",
        "https://a.b.sharepoint.com/x",  # "*." matches any depth of subdomain
        "HTTPS://Contoso-My.SharePoint.COM/x",
        "https://contoso.sharepoint.com:443/x",
    ],
)
def test_teams_file_hosts_are_allowed_by_default(url: str) -> None:
    assert url_refusal(url, DEFAULT) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://contoso.sharepoint.com/x", "not_https"),
        ("ftp://contoso.sharepoint.com/x", "not_https"),
        ("file:///etc/passwd", "not_https"),
        ("https://127.0.0.1/secret", "ip_literal"),
        ("https://169.254.169.254/latest/meta-data/", "ip_literal"),
        ("https://[::1]/x", "ip_literal"),
        ("https://[::ffff:127.0.0.1]/x", "ip_literal"),
        ("https://127.1/x", "ip_literal"),  # resolvers read these as 127.0.0.1
        ("https://2130706433/x", "ip_literal"),
        ("https://0x7f000001/x", "ip_literal"),
        ("https://sharepoint.com.evil.example/x", "host_not_allowed"),
        ("https://evilsharepoint.com/x", "host_not_allowed"),
        ("https://sharepoint.com/x", "host_not_allowed"),  # "*." is subdomains, not the domain itself
        ("https://localhost/x", "host_not_allowed"),
        ("https://x.sharepoint.com@127.0.0.1/", "userinfo"),
        ("https://x.sharepoint.com:pw@127.0.0.1/", "userinfo"),
        ("https://user@contoso.sharepoint.com/x", "userinfo"),
        ("https://@contoso.sharepoint.com/x", "userinfo"),
        ("https://x.sharepoint.com%2f@evil.example/", "userinfo"),
        ("https://contoso.sharepoint.com:8443/x", "port_not_allowed"),
        ("https://contoso.sharepoint.com./x", "malformed"),
        ("https://contoso.sharepoint.com\\@127.0.0.1/", "malformed"),
        ("https://contoso.sharepoint.com/x y", "malformed"),
        ("https://contoso.sharepoint.com\r\nHost: evil/", "malformed"),
        ("//contoso.sharepoint.com/x", "not_https"),
        ("https:///x", "malformed"),
        ("", "not_https"),
    ],
)
def test_anything_else_is_refused_with_a_reason(url: str, reason: str) -> None:
    assert url_refusal(url, DEFAULT) == reason


def test_the_allow_list_setting_is_read_and_checked_at_start() -> None:
    assert parse_host_patterns(" *.SharePoint.com , files.example.no:8443,") == (
        HostPattern("sharepoint.com", wildcard=True),
        HostPattern("files.example.no", port=8443),
    )
    allowed = parse_host_patterns("files.example.no:8443")
    assert url_refusal("https://files.example.no:8443/a", allowed) is None
    assert url_refusal("https://files.example.no/a", allowed) == "port_not_allowed"
    for bad in (
        "https://x.sharepoint.com",
        "*",
        "*.com",
        "127.0.0.1",
        "10.0.0.1:443",
        "x.sharepoint.com/path",
        "host:99999",
    ):
        with pytest.raises(SettingsError, match="SKOLEBOT_ATTACHMENT_HOSTS"):
            load_settings(SKOLEBOT_ATTACHMENT_HOSTS=bad)


# ------------------------------------------------------------------ (c–f) the fetch, over real HTTPS


async def _pdf(_request: web.Request) -> web.Response:
    return web.Response(body=PDF, content_type="application/pdf")


def _redirect(location: str) -> Any:
    async def handler(_request: web.Request) -> web.Response:
        raise web.HTTPFound(location)

    return handler


async def _endless(request: web.Request) -> web.StreamResponse:
    """A body with no Content-Length that never ends: only a cap enforced while streaming stops it."""
    response = web.StreamResponse(headers={"Content-Type": "application/pdf"})
    await response.prepare(request)
    while True:
        await response.write(b"x" * 65536)
        await asyncio.sleep(0)


def _announcing(size: int, hang: asyncio.Event) -> Any:
    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/pdf", "Content-Length": str(size)})
        await response.prepare(request)
        await response.write(b"%PDF-1.4\n")
        await hang.wait()  # the rest never comes: only refusing by Content-Length answers in time
        return response

    return handler


def _silent(hang: asyncio.Event) -> Any:
    async def handler(_request: web.Request) -> web.Response:
        await hang.wait()
        return web.Response(text="too late")

    return handler


@pytest.fixture
async def hang() -> AsyncIterator[asyncio.Event]:
    event = asyncio.Event()
    yield event
    event.set()  # let hanging handlers finish so their servers close


async def _fetch(
    host: HttpsHost,
    url: str,
    allowed: str,
    *,
    resolver: bool = False,
    max_bytes: int = 1 << 20,
    timeout: float = 5.0,
    trusted: bool = True,
) -> bytes:
    connector = aiohttp.TCPConnector(resolver=LoopbackResolver()) if resolver else None
    async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as session:
        return await fetch_attachment(
            session,
            url,
            allowed=parse_host_patterns(allowed),
            max_bytes=max_bytes,
            timeout=timeout,
            ssl_context=host.client_context() if trusted else None,
        )


async def test_a_file_on_an_allowed_host_is_fetched_over_verified_https() -> None:
    async with https_host({"/f.pdf": _pdf}) as host:
        assert await _fetch(host, host.url("/f.pdf"), f"localhost:{host.port}") == PDF


async def test_the_certificate_is_verified_against_the_system_cas_by_default() -> None:
    async with https_host({"/f.pdf": _pdf}) as host:
        with pytest.raises(AttachmentFailed, match="Certificate"):  # the system does not trust the test CA
            await _fetch(host, host.url("/f.pdf"), f"localhost:{host.port}", trusted=False)


async def test_a_redirect_within_the_list_is_followed_and_a_loop_is_cut_short() -> None:
    async with https_host(
        {"/a": _redirect("/b"), "/b": _redirect("/f.pdf"), "/f.pdf": _pdf, "/loop": _redirect("/loop")}
    ) as host:
        assert await _fetch(host, host.url("/a"), f"localhost:{host.port}") == PDF
        with pytest.raises(AttachmentRefused, match="too_many_redirects"):
            await _fetch(host, host.url("/loop"), f"localhost:{host.port}")
        assert [path for _, path in host.requests].count("/loop") == 4  # the first request and 3 redirects


async def test_a_redirect_to_a_host_not_on_the_list_is_refused_without_requesting_it() -> None:
    names = ("files.skolebot.test", "evil.skolebot.test")  # one server with a certificate for both names
    port: dict[str, int] = {}

    async def to_evil(_request: web.Request) -> web.Response:
        raise web.HTTPFound(f"https://evil.skolebot.test:{port['https']}/secret")

    async with recorder(SECRET) as internal:
        async with https_host(
            {"/out": to_evil, "/ip": _redirect(f"https://127.0.0.1:{internal.port}/secret"), "/secret": _pdf},
            names=names,
        ) as host:
            port["https"] = host.port
            allowed = f"files.skolebot.test:{host.port}"
            with pytest.raises(AttachmentRefused, match="host_not_allowed"):
                await _fetch(host, host.url("/out", name="files.skolebot.test"), allowed, resolver=True)
            with pytest.raises(AttachmentRefused, match="ip_literal"):
                await _fetch(host, host.url("/ip", name="files.skolebot.test"), allowed, resolver=True)
            assert host.requests == [
                (f"files.skolebot.test:{host.port}", "/out"),
                (f"files.skolebot.test:{host.port}", "/ip"),
            ]
            # the same redirect is followed once its host is on the list: the refusal was the list's doing
            both = f"{allowed},evil.skolebot.test:{host.port}"
            assert await _fetch(host, host.url("/out", name="files.skolebot.test"), both, resolver=True) == PDF
        assert internal.connections == 0


async def test_a_body_over_the_cap_is_refused_while_it_streams_and_by_its_length_before(hang: asyncio.Event) -> None:
    async with https_host({"/endless": _endless, "/announced": _announcing(50 << 20, hang)}) as host:
        allowed = f"localhost:{host.port}"
        with pytest.raises(AttachmentTooLarge, match="body"):
            await _fetch(host, host.url("/endless"), allowed, max_bytes=256 * 1024)
        with pytest.raises(AttachmentTooLarge, match="content_length"):
            await _fetch(host, host.url("/announced"), allowed, max_bytes=256 * 1024)
        hang.set()


async def test_a_host_that_never_answers_hits_the_time_out(hang: asyncio.Event) -> None:
    async with https_host({"/slow": _silent(hang)}) as host, recorder(silent=True) as mute:
        started = time.monotonic()
        with pytest.raises(AttachmentTimeout):
            await _fetch(host, host.url("/slow"), f"localhost:{host.port}", timeout=0.5)
        with pytest.raises(AttachmentTimeout):  # accepts the connection, never says a word (not even TLS)
            await _fetch(host, f"https://localhost:{mute.port}/x", f"localhost:{mute.port}", timeout=0.5)
        assert time.monotonic() - started < 4
        hang.set()


# ------------------------------------------------------------------ end to end: a teacher publishes


@asynccontextmanager
async def teams_bot(
    school_db_url: str, clock: FixedClock, host: HttpsHost | None = None, **settings: Any
) -> AsyncIterator[Running]:
    """Skolebot with `host` (localhost:port) as the only attachment host, trusting its throwaway CA."""
    if host is not None:
        settings.setdefault("SKOLEBOT_ATTACHMENT_HOSTS", f"localhost:{host.port}")
    async with running_bot(school_db_url, clock=clock, **settings) as running:
        if host is not None:
            running.services.deps.extras[ATTACHMENT_SSL] = host.client_context()
        yield running


async def _publish_with(bot: Running, attachment: dict[str, Any], text: str = "ukeplan 5B uke 50") -> list[str]:
    """Kari (5B's teacher) publishes with one attachment; the bot's replies to her."""
    kari = bot.user(TEACHER_UPN)
    response = await bot.client.post(bot.client.activity(kari, text=text, attachments=[attachment]))
    assert response.status < 300
    return bot.connector.texts(kari.conversation_id)


def _teams_file(url: str, name: str = "uke50.pdf") -> dict[str, Any]:
    """What Teams sends for a file uploaded in a personal chat."""
    return {
        "contentType": TEAMS_FILE,
        "name": name,
        "content": {"downloadUrl": url, "uniqueId": "1150D938", "fileType": "pdf"},
    }


def _emulator_file(url: str, name: str = "uke50.pdf") -> dict[str, Any]:
    return {"contentType": "application/pdf", "contentUrl": url, "name": name}


async def _nothing_published(bot: Running) -> None:
    assert await WeekPlans(bot.services.db).latest_week_for_class("c-5b") is None
    kari = bot.user(TEACHER_UPN)
    await bot.client.post(bot.client.activity(kari, text="ukeplan 5B uke 50"))
    assert bot.connector.texts(kari.conversation_id)[-1] == "Det er ikke publisert ukeplan for 5B uke 50 ennå."


@pytest.mark.parametrize(
    ("form", "template"),
    [
        ("emulator", "http://127.0.0.1:{port}/secret.pdf"),
        ("teams", "http://127.0.0.1:{port}/secret.pdf"),
        ("teams", "https://127.0.0.1:{port}/secret.pdf"),
        ("teams", "https://localhost:{port}/secret.pdf"),
        ("teams", "https://x.sharepoint.com@127.0.0.1:{port}/secret.pdf"),
        ("emulator", "http://localhost:{port}/v3/attachments/abc/views/original"),
    ],
)
async def test_an_attachment_pointing_inside_is_refused_reaches_nothing_and_nothing_is_served(
    bot: Running, form: str, template: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with recorder(SECRET) as internal:
        url = template.format(port=internal.port) + "?token=do-not-log-me"
        attachment = _teams_file(url) if form == "teams" else _emulator_file(url)
        assert await _publish_with(bot, attachment) == [REFUSED_NB]
        await _nothing_published(bot)
        assert internal.connections == 0  # not even a TCP connection was made
    assert "do-not-log-me" not in caplog.text and "secret.pdf" not in caplog.text


async def test_the_refusal_is_in_the_teachers_language(bot: Running) -> None:
    kari = bot.user(TEACHER_UPN, locale="en-GB")
    await bot.client.post(
        bot.client.activity(
            kari, text="week plan 5B week 50", attachments=[_teams_file("http://169.254.169.254/latest/")]
        )
    )
    (answer,) = bot.connector.texts(kari.conversation_id)
    assert answer.startswith("I couldn't take the file") and "not been published" in answer


async def test_a_teams_file_from_an_allowed_host_is_published_and_served(school_db_url: str, clock: FixedClock) -> None:
    async with https_host({"/personal/kari/_layouts/15/download.aspx": _pdf}) as host:
        async with teams_bot(school_db_url, clock, host) as bot:
            url = host.url("/personal/kari/_layouts/15/download.aspx") + "?UniqueId=1150D938&tempauth=t"
            assert (await _publish_with(bot, _teams_file(url)))[0] == (
                "Ukeplan for 5B uke 50 er publisert (versjon 1)."
            )
            assert host.requests == [(f"localhost:{host.port}", "/personal/kari/_layouts/15/download.aspx")]
            plan = await WeekPlans(bot.services.db).latest_for_class("c-5b", 2026, 50)
            assert plan is not None and plan.file_name == "uke50.pdf"
            kari = bot.user(TEACHER_UPN)
            (reply,) = await bot.client.say(kari, "ukeplan 5B uke 50")
            link = next(a["url"] for a in reply["attachments"][0]["content"]["actions"] if a["url"].endswith("/fil"))
            async with bot.session.get(link) as served:
                assert served.status == 200 and await served.read() == PDF


async def test_a_redirect_off_the_list_is_refused_without_requesting_it(school_db_url: str, clock: FixedClock) -> None:
    async with recorder(SECRET) as internal, https_host({"/secret": _pdf}) as elsewhere:
        routes = {
            "/to-ip": _redirect(f"https://127.0.0.1:{internal.port}/secret"),
            "/to-http": _redirect(f"http://localhost:{internal.port}/secret"),
            "/to-other-port": _redirect(f"https://localhost:{elsewhere.port}/secret"),
        }  # valid cert, same CA
        async with https_host(routes, ca=elsewhere.ca) as host, teams_bot(school_db_url, clock, host) as bot:
            for path in routes:
                kari = bot.user(TEACHER_UPN)
                await bot.client.post(
                    bot.client.activity(kari, text="ukeplan 5B uke 50", attachments=[_teams_file(host.url(path))])
                )
                assert bot.connector.texts(kari.conversation_id) == [REFUSED_NB], path
            assert [path for _, path in host.requests] == list(routes)
            await _nothing_published(bot)
        assert internal.connections == 0 and elsewhere.requests == []


async def test_a_file_over_the_cap_is_refused_while_it_streams(school_db_url: str, clock: FixedClock) -> None:
    async with https_host({"/endless.pdf": _endless}) as host:
        async with teams_bot(school_db_url, clock, host, SKOLEBOT_ATTACHMENT_MAX_BYTES=512 * 1024) as bot:
            assert await _publish_with(bot, _teams_file(host.url("/endless.pdf"))) == [
                "Filen er for stor. Den kan være på høyst 0,5 MB."
            ]
            await _nothing_published(bot)


async def test_a_host_that_never_answers_times_out_and_the_teacher_is_told(
    school_db_url: str, clock: FixedClock, hang: asyncio.Event
) -> None:
    async with https_host({"/slow.pdf": _silent(hang)}) as host:
        async with teams_bot(school_db_url, clock, host, SKOLEBOT_ATTACHMENT_TIMEOUT=0.5) as bot:
            started = time.monotonic()
            assert await _publish_with(bot, _teams_file(host.url("/slow.pdf"))) == [TIMEOUT_NB]
            assert time.monotonic() - started < 5
            await _nothing_published(bot)
            hang.set()
