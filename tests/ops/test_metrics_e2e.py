"""GET /metrics on a running Skolebot: what an operator's Prometheus sees after real traffic."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from bot.outbox_worker import WORKER_KEY, WorkerConfig, build_worker
from tests.e2e.harness import FixedClock, Running, copy_sqlite, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, OTHER_GUARDIAN, TEACHER_UPN
from tests.security.production import environment

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)


async def scrape(bot: Running) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample as {(name, sorted labels): value}."""
    token = bot.settings.metrics_token  # production serves /metrics only with SKOLEBOT_METRICS_TOKEN (or a port)
    headers = {"Authorization": f"Bearer {token}"} if token else None
    async with bot.session.get(bot.url + "/metrics", headers=headers) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("text/plain; version=")
        text = await resp.text()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_turns_refusals_and_sms_are_counted_per_channel(school_db_url: str) -> None:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING)) as bot:
        await bot.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
        await bot.phone.text(GUARDIAN_ONE_KID, "hei")
        await bot.client.say(bot.user(TEACHER_UPN), "hei")
        form = bot.phone.form(GUARDIAN_ONE_KID, "hei")
        assert (await bot.phone.post(form, sign_with="forged"))[0] == 403
        assert (await bot.phone.post(form))[0] == 200
        assert (await bot.phone.post(form))[0] == 200  # Twilio retrying: a replay, no second turn
        await bot.services.sms_adapter.drain()
        async with bot.session.post(
            bot.url + "/api/messages", data=b"{not json", headers={"Content-Type": "application/json"}
        ) as resp:
            assert resp.status == 400
        async with bot.session.post(bot.url + "/api/sms/status", data={"MessageSid": "SMx"}) as resp:
            assert resp.status == 403
        samples = await scrape(bot)

    assert value(samples, "skolebot_turn_duration_seconds_count", channel="sms") == 3
    assert value(samples, "skolebot_turn_duration_seconds_count", channel="emulator") == 1
    assert value(samples, "skolebot_turn_duration_seconds_sum", channel="sms") > 0
    assert value(samples, "skolebot_turn_duration_seconds_bucket", channel="sms", le="+Inf") == 3
    assert value(samples, "skolebot_webhook_refusals_total", route="/api/sms", reason="bad_signature") == 1
    assert value(samples, "skolebot_webhook_refusals_total", route="/api/sms/status", reason="bad_signature") == 1
    assert value(samples, "skolebot_webhook_refusals_total", route="/api/messages", reason="bad_json") == 1
    assert value(samples, "skolebot_sms_received_total", outcome="accepted") == 3
    assert value(samples, "skolebot_sms_received_total", outcome="replay") == 1
    # three SMS replies, and the contact teacher told of Nora's absence by SMS (no Teams yet)
    assert value(samples, "skolebot_sms_sent_total") == 4
    assert value(samples, "skolebot_turn_errors_total", channel="sms") == 0
    assert value(samples, "skolebot_store_up") == 1
    assert (
        value(samples, "skolebot_sms_outbound", status="queued")
        + value(samples, "skolebot_sms_outbound", status="sent")
        + value(samples, "skolebot_sms_outbound", status="delivered")
        == 4
    )


async def test_outbox_depth_and_deliveries_by_status_follow_the_outbox(school_db_url: str) -> None:
    async with running_bot(school_db_url, SKOLEBOT_OUTBOX_WORKER=False) as bot:
        outbox = bot.services.deps.extras["outbox"]
        await outbox.enqueue(["g-berg", "g-ali"], "Husk foreldremøte i kveld", channels="sms")
        waiting = await scrape(bot)
        assert value(waiting, "skolebot_outbox_depth", channel="sms") == 2
        assert value(waiting, "skolebot_outbox_depth", channel="teams") == 0
        assert value(waiting, "skolebot_deliveries", channel="sms", status="pending") == 2
        assert value(waiting, "skolebot_outbox_oldest_due_seconds", channel="sms") >= 0
        assert value(waiting, "skolebot_outbox_sends_total", outcome="sent") == 0

        worker = build_worker(bot.services, config=WorkerConfig(poll=0.05), reports=False)
        bot.services.extras[WORKER_KEY] = worker
        await worker.start()
        try:
            for _ in range(200):
                if len(bot.phone.inbox(GUARDIAN_ONE_KID)) + len(bot.phone.inbox(OTHER_GUARDIAN)) == 2:
                    break
                await asyncio.sleep(0.05)
            await bot.twilio.wait_for_callbacks(4)
            await asyncio.sleep(0.2)
            sent = await scrape(bot)
        finally:
            await worker.stop()
            bot.services.extras.pop(WORKER_KEY, None)

    assert value(sent, "skolebot_outbox_depth", channel="sms") == 0
    assert value(sent, "skolebot_deliveries", channel="sms", status="delivered") == 2
    assert value(sent, "skolebot_deliveries", channel="sms", status="pending") == 0
    assert value(sent, "skolebot_outbox_sends_total", outcome="sent") == 2
    assert value(sent, "skolebot_sms_outbound", status="delivered") == 2


async def test_each_app_has_its_own_registry(small_school_template: Path, tmp_path: Path) -> None:
    """Two apps in one process (as tests and `skolebot serve` replicas in one host build them)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    async with running_bot(copy_sqlite(small_school_template, tmp_path / "a")) as first:
        await first.phone.text(GUARDIAN_ONE_KID, "hei")
        async with running_bot(copy_sqlite(small_school_template, tmp_path / "b")) as second:
            assert value(await scrape(second), "skolebot_turn_duration_seconds_count", channel="sms") == 0
        assert value(await scrape(first), "skolebot_turn_duration_seconds_count", channel="sms") == 1


async def test_unreadable_database_is_reported_not_a_500(tmp_path) -> None:
    """A database without the tables (not migrated): /metrics still answers, with store_up 0."""
    async with running_bot(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}") as bot:
        samples = await scrape(bot)
    assert value(samples, "skolebot_store_up") == 0
    assert not any(name == "skolebot_outbox_depth" for name, _ in samples)


async def test_teams_requests_without_a_valid_token_are_counted_as_unauthorized(school_db_url: str) -> None:
    async with running_bot(school_db_url, **environment("teams"), SKOLEBOT_METRICS_TOKEN="metrics-token") as bot:
        body = bot.client.activity(bot.user(TEACHER_UPN), text="hei")
        for header in ("Bearer not.a.jwt", None):
            resp = await bot.client.post(body, headers={"Authorization": header} if header else None)
            assert resp.status == 401
        async with bot.session.post(
            bot.url + "/api/messages", data="x=1", headers={"Content-Type": "application/x-www-form-urlencoded"}
        ) as resp:
            assert resp.status == 415
        samples = await scrape(bot)
    assert value(samples, "skolebot_webhook_refusals_total", route="/api/messages", reason="unauthorized") == 2
    assert value(samples, "skolebot_webhook_refusals_total", route="/api/messages", reason="bad_content_type") == 1
    assert value(samples, "skolebot_turn_duration_seconds_count", channel="emulator") == 0
