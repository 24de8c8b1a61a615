"""Secret links over HTTP: revoked one by one with `skolebot links revoke`, expiring, and 404 for any garbled token."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import select
from yarl import URL

from bot.logs import install
from storage.models_links import LinkRevocation
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID
from tests.links.conftest import WEDNESDAY, Links, make_links, skolebot, token_of
from tests.links.test_signed_links import other_spellings


async def status_of(bot: Running, url: str) -> int:
    async with bot.session.get(URL(url, encoded=True), allow_redirects=False) as resp:
        await resp.read()
        return resp.status


async def test_a_revoked_link_answers_404_and_the_other_links_of_its_kind_keep_working(
    bot: Running, links: Links
) -> None:
    assert [await status_of(bot, url) for url in links.all()] == [200] * 6
    plan, feed, stats = links.plans[0], links.feeds[0], links.stats[0]
    # Each as an operator might paste it: the week plan link from an SMS, a feed whole, the stats token bare.
    code, out, err = await skolebot(bot.settings.database_url, "links", "revoke", plan, feed, token_of(stats))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 3 and all(line.startswith("revoked: ") for line in lines), out
    assert "week plan link (plan " in lines[0] and "calendar feed link of person t-kari" in lines[1]
    assert "stats page link" in lines[2] and "valid until 2027-12-02" in lines[1]  # a year for a feed
    for url in (plan, plan + "/fil", plan.replace("/u/", "/ukeplan/"), feed, stats):
        assert await status_of(bot, url) == 404, url
    for url in (links.plans[1], links.feeds[1], links.stats[1]):
        assert await status_of(bot, url) == 200, url
    async with bot.services.db.transaction() as s:
        stored = (await s.execute(select(LinkRevocation.token_hash))).scalars().all()
    assert len(stored) == 3 and not {token_of(u) for u in (plan, feed, stats)} & set(stored)

    code, out, _ = await skolebot(bot.settings.database_url, "links", "revoke", plan)
    assert code == 0 and out.startswith("revoked already: week plan link")
    code, out, _ = await skolebot(bot.settings.database_url, "links", "check", plan, links.plans[1])
    assert code == 1 and out.startswith("revoked: week plan link") and "\nok: week plan link" in out


async def test_a_revoked_link_does_not_come_back_in_another_spelling(bot: Running, links: Links) -> None:
    plan = links.plans[0]
    assert (await skolebot(bot.settings.database_url, "links", "revoke", plan))[0] == 0
    token = token_of(plan)
    for spelling in other_spellings(token):
        assert await status_of(bot, plan.replace(token, spelling)) == 404, spelling


async def test_revoke_names_what_is_not_a_link_of_ours_and_fails(bot: Running, links: Links) -> None:
    forged = links.plans[0][:-3] + ("AAA" if not links.plans[0].endswith("AAA") else "BBB")
    feed_token_alone = token_of(links.feeds[0])
    code, out, err = await skolebot(
        bot.settings.database_url,
        "links",
        "revoke",
        "https://example.com/not/a/link",
        forged,
        feed_token_alone,
        links.stats[0],
    )
    assert code == 1
    assert "'https://example.com/not/a/link' is not a link of this Skolebot" in err
    assert f"{forged!r} is not a link of this Skolebot" in err
    assert f"{feed_token_alone!r} is not a link of this Skolebot" in err and "whole address" in err
    assert out.startswith("revoked: stats page link")  # what was a link is revoked all the same
    assert await status_of(bot, links.stats[0]) == 404 and await status_of(bot, links.plans[0]) == 200


async def test_a_week_plan_link_sent_by_sms_can_be_revoked_alone(bot: Running, clock: FixedClock, links: Links) -> None:
    def link_in(sms: str) -> str:
        return next(word for word in sms.split() if "/u/" in word)

    (first,) = await bot.phone.text(GUARDIAN_ONE_KID, "ukeplan")
    clock.now += dt.timedelta(minutes=5)
    (again,) = await bot.phone.text(GUARDIAN_ONE_KID, "ukeplan")
    leaked, fresh = link_in(first), link_in(again)
    assert len(token_of(leaked)) == 27 and leaked != fresh  # still fits the SMS as before
    assert (await skolebot(bot.settings.database_url, "links", "revoke", leaked))[0] == 0
    assert await status_of(bot, leaked) == 404
    assert await status_of(bot, fresh) == 200  # the same plan, through the newer link
    assert await status_of(bot, links.plans[1]) == 200


async def test_stats_and_feed_links_expire_with_a_short_answer(bot: Running, clock: FixedClock, links: Links) -> None:
    clock.now = WEDNESDAY + dt.timedelta(days=30)
    async with bot.session.get(links.stats[0]) as page:
        assert page.status == 410 and page.content_type == "text/html"
        html = await page.text()
    assert "Lenken er utløpt" in html and "<img" not in html and "no-store" in page.headers["Cache-Control"]
    assert await status_of(bot, links.feeds[0]) == 200  # a calendar subscription lives on
    clock.now = WEDNESDAY + dt.timedelta(days=365)
    async with bot.session.get(links.feeds[0]) as feed:
        assert feed.status == 410 and feed.content_type == "text/plain"
        assert "Kalenderlenken er utløpt" in await feed.text()
    assert await status_of(bot, links.plans[0]) == 410


async def test_the_link_lifetimes_are_settings(school_db_url: str) -> None:
    clock = FixedClock(WEDNESDAY)
    async with running_bot(school_db_url, clock=clock, SKOLEBOT_FEED_LINK_DAYS=7, SKOLEBOT_STATS_LINK_DAYS=1) as bot:
        links = await make_links(bot, clock)
        clock.now = WEDNESDAY + dt.timedelta(days=1)
        assert await status_of(bot, links.stats[0]) == 410 and await status_of(bot, links.feeds[0]) == 200
        clock.now = WEDNESDAY + dt.timedelta(days=7)
        assert await status_of(bot, links.feeds[0]) == 410


def malformed_tokens(links: Links) -> list[str]:
    """Raw (already percent-encoded) path segments an attacker or a mangled copy-paste can send."""
    plan, stats = token_of(links.plans[0]), token_of(links.stats[0])
    return [
        "%C3%A6%C3%B8",
        "%C3%A6" * 9 + "AAAA",
        "%FF%FE",
        "%ED%A0%80" * 8,
        "%00" * 22,
        "A" * 2000,
        plan[:-1],
        plan + "A",
        stats[:-1],
        stats + "A",
        "%21%21%21%21" * 6,
        "=" * 22,
        "A" * 27,
        "A" * 22,
        plan[:-2] + ("AA" if not plan.endswith("AA") else "BA"),
        other_spellings(stats)[0],
        other_spellings(plan)[0],
        "..",
        "%2E%2E",
        "%2F",
    ]


async def test_a_malformed_token_is_404_on_every_link_route_never_500(bot: Running, links: Links) -> None:
    plan, stats, feed = (token_of(u) for u in (links.plans[0], links.stats[0], links.feeds[0]))
    buffer = io.StringIO()
    installed = install(fmt="json", level="INFO", stream=buffer)
    try:
        answers: dict[str, int] = {}
        for token in malformed_tokens(links):
            for path in (
                f"/u/{token}",
                f"/u/{token}/fil",
                f"/ukeplan/{token}",
                f"/ukeplan/{token}/fil",
                f"/stats/{token}",
                f"/calendar/person/t-kari/{token}.ics",
                f"/calendar/resource/r-musikk/{token}.ics",
            ):
                answers[path] = await status_of(bot, bot.url + path)
        # A good token of another kind, or of another calendar, opens nothing.
        for path in (
            f"/u/{stats}",
            f"/u/{feed}",
            f"/stats/{plan}",
            f"/stats/{feed}",
            f"/calendar/person/t-kari/{plan}.ics",
            f"/calendar/person/t-kari/{stats}.ics",
            f"/calendar/person/t-per/{feed}.ics",
            f"/calendar/resource/t-kari/{feed}.ics",
            f"/calendar/person/%FF/{feed}.ics",
            f"/calendar/person/%ED%A0%80/{feed}.ics",
            f"/calendar/%C3%A6/t-kari/{feed}.ics",
            f"/calendar/person/t-kari%00/{feed}.ics",
            f"/calendar/person/{'x' * 3000}/{feed}.ics",
        ):
            answers[path] = await status_of(bot, bot.url + path)
    finally:
        installed.close()
    wrong = {path: status for path, status in answers.items() if status != 404}
    assert not wrong, wrong
    assert len(answers) > 140
    errors = [line for line in buffer.getvalue().splitlines() if '"level": "ERROR"' in line]
    assert not errors, errors[:1]


@pytest.mark.parametrize("fmt", ["json", "text"])
async def test_no_token_reaches_the_log_only_the_redacted_path(bot: Running, links: Links, fmt: str) -> None:
    buffer = io.StringIO()
    installed = install(fmt=fmt, level="DEBUG", stream=buffer)
    try:
        (sms,) = await bot.phone.text(GUARDIAN_ONE_KID, "ukeplan")
        sent = [w for w in sms.split() if "/u/" in w][0]
        fetched = [*links.all(), sent, sent + "/fil", sent.replace("/u/", "/ukeplan/")]
        for url in fetched:
            await status_of(bot, url)
        await status_of(bot, bot.url + "/stats/%C3%A6%C3%B8")
    finally:
        installed.close()
    log = buffer.getvalue()
    assert "aiohttp.access" in log  # the access log was captured
    for url in [*links.all(), sent]:
        assert token_of(url) not in log, url
    assert "%C3%A6%C3%B8" not in log
    for shown in (
        '"GET /u/<token> HTTP/1.1" 200',
        "GET /u/<token>/fil HTTP/1.1",
        "GET /ukeplan/<token> HTTP",
        '"GET /stats/<token> HTTP/1.1" 200',
        '"GET /stats/<token> HTTP/1.1" 404',
        '"GET /calendar/person/t-kari/<token>.ics HTTP/1.1" 200',
        "GET /calendar/resource/r-musikk/<token>.ics HTTP/1.1",
    ):
        assert shown.replace('"', '\\"' if fmt == "json" else '"') in log, shown
