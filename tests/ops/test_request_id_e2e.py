"""A request id through a turn: from the webhook, into the SMS turn run in the background, and back."""

from __future__ import annotations

import io
import json

from tests.e2e.harness import Running, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, TEACHER_UPN


def parsed(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


async def post_sms(bot: Running, body: str, request_id: str | None) -> tuple[int, str]:
    form = bot.phone.form(GUARDIAN_ONE_KID, body)
    from adapters.sms.twilio_client import sign

    headers = {"X-Twilio-Signature": sign(bot.twilio.auth_token, bot.settings.public_url + "/api/sms", form)}
    if request_id is not None:
        headers["X-Request-Id"] = request_id
    async with bot.session.post(bot.url + "/api/sms", data=form, headers=headers) as resp:
        await resp.read()
        return resp.status, resp.headers.get("X-Request-Id", "")


async def test_the_sms_turn_run_after_the_answer_logs_under_the_webhooks_request_id(
    school_db_url: str, json_log: io.StringIO
) -> None:
    async with running_bot(school_db_url) as bot:
        status, echoed = await post_sms(bot, "hei", "twilio-abc-123")
        await bot.services.sms_adapter.drain()
    assert (status, echoed) == (200, "twilio-abc-123")
    lines = parsed(json_log)
    turn = [line for line in lines if line["message"].startswith("turn took")]
    queued = [line for line in lines if line["message"].startswith("sms queued")]
    assert len(turn) == 1 and len(queued) == 1
    for line in turn + queued:  # logged inside the background task, after the webhook answered
        assert (line["request_id"], line["channel"]) == ("twilio-abc-123", "sms")
    access = [line for line in lines if line["logger"] == "aiohttp.access" and "/api/sms" in line["message"]]
    assert access and access[0]["request_id"] == "twilio-abc-123"


async def test_a_missing_or_odd_request_id_is_replaced_by_a_fresh_one(school_db_url: str) -> None:
    async with running_bot(school_db_url) as bot:
        _, first = await post_sms(bot, "hei", None)
        _, second = await post_sms(bot, "hei", "bad id\twith tab")
        _, third = await post_sms(bot, "hei", "x" * 200)
        await bot.services.sms_adapter.drain()
        async with bot.session.get(bot.url + "/healthz") as resp:
            health = resp.headers["X-Request-Id"]
    ids = [first, second, third, health]
    assert all(len(i) == 16 and i.isalnum() for i in ids) and len(set(ids)) == 4


async def test_teams_turns_log_under_the_request_id_with_their_channel(
    school_db_url: str, json_log: io.StringIO
) -> None:
    async with running_bot(school_db_url) as bot:
        teacher = bot.user(TEACHER_UPN)
        resp = await bot.client.post(bot.client.activity(teacher, text="hei"), headers={"X-Request-Id": "teams-1"})
        assert resp.headers["X-Request-Id"] == "teams-1"
        async with bot.session.post(
            bot.url + "/api/messages", data="x", headers={"Content-Type": "text/plain", "X-Request-Id": "bad-1"}
        ) as refused:
            assert (refused.status, refused.headers["X-Request-Id"]) == (415, "bad-1")
    turn = [line for line in parsed(json_log) if line["message"].startswith("turn took")]
    assert [(line["request_id"], line["channel"]) for line in turn] == [("teams-1", "emulator")]


async def test_turns_resumed_after_a_restart_each_get_their_own_id(school_db_url: str, json_log: io.StringIO) -> None:
    """Accepted but unfinished SMS (a crash) are finished at start-up, each under a new id."""
    async with running_bot(school_db_url) as bot:
        for sid in ("SM" + "1" * 32, "SM" + "2" * 32):
            await bot.services.sms_log.claim_inbound(
                sid, GUARDIAN_ONE_KID, bot.phone.form(GUARDIAN_ONE_KID, "hei", sid=sid)
            )
    json_log.truncate(0)
    json_log.seek(0)
    async with running_bot(school_db_url) as bot:
        await bot.services.sms_adapter.drain()
        assert len(bot.phone.inbox(GUARDIAN_ONE_KID)) == 2
    ids = [line["request_id"] for line in parsed(json_log) if line["message"].startswith("turn took")]
    assert len(ids) == 2 and len(set(ids)) == 2 and None not in ids
