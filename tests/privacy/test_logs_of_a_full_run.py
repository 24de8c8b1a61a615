"""The logs of a whole morning at school hold no phone number and no message text.

Skolebot runs on real sockets with logging captured at DEBUG through the production handler
(bot.logs.install, JSON lines), while guardians text absences, a teacher works in Teams, someone
texts STOPP, a stranger texts, a forged webhook arrives, Twilio answers 500 and 429, a broadcast
goes out through the outbox and the periodic jobs run. Then every captured line is searched.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

from sqlalchemy import select

from storage.models import Person
from tests.e2e.harness import SCHOOL_NUMBER, FixedClock, Running, running_bot
from tests.e2e.seed import (
    GUARDIAN_ONE_KID,
    GUARDIAN_TWO_KIDS,
    GUARDIAN_TWO_KIDS_UPN,
    OTHER_GUARDIAN,
    RELATIVE_PHONE,
    TEACHER_UPN,
)

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)
STRANGER = "+4799887766"

# What people wrote: none of it may reach a log line.
GUARDIAN_TEXTS = {
    GUARDIAN_ONE_KID: ["Hei! Nora er syk i dag, hun har omgangssyke 🤒 Mvh Anne", "Takk for beskjed"],
    GUARDIAN_TWO_KIDS: ["Emma blir hjemme i dag, vondt i magen", "Han har feber, beklager!"],
    OTHER_GUARDIAN: ["STOPP"],
    RELATIVE_PHONE: ["Ola er syk i dag sier bestemor Solveig"],
    STRANGER: ["Hei, er Ola Nordmann syk i dag? Hilsen nabo"],
}
TEACHER_TEXTS = ["fravær 5B", "borte: Ola"]
FORGED_TEXT = "STOPP alt fra Solbakken nå"
BROADCAST_TEXT = "Husk foreldremøtet i gymsalen torsdag klokka 18"


async def a_morning_at_school(bot: Running) -> None:
    kari = bot.user(TEACHER_UPN)
    await bot.client.say(kari, "hei")
    await bot.phone.text(GUARDIAN_ONE_KID, GUARDIAN_TEXTS[GUARDIAN_ONE_KID][0])
    bot.twilio.fail_next(1, 500)  # the reply to Lise is retried
    bot.twilio.fail_next(1, 429, retry_after=0.1)
    await bot.phone.text(GUARDIAN_TWO_KIDS, GUARDIAN_TEXTS[GUARDIAN_TWO_KIDS][0])
    for text in TEACHER_TEXTS:
        await bot.client.say(kari, text)
    await bot.services.sms_adapter.drain()
    await bot.client.say(bot.user(GUARDIAN_TWO_KIDS_UPN), GUARDIAN_TEXTS[GUARDIAN_TWO_KIDS][1])
    await bot.phone.text(OTHER_GUARDIAN, "STOPP")
    await bot.phone.text(RELATIVE_PHONE, GUARDIAN_TEXTS[RELATIVE_PHONE][0])
    await bot.phone.text(STRANGER, GUARDIAN_TEXTS[STRANGER][0])
    forged = bot.phone.form(GUARDIAN_ONE_KID, FORGED_TEXT)
    assert (await bot.phone.post(forged, sign_with="not-the-token"))[0] == 403
    replay = bot.phone.form(GUARDIAN_ONE_KID, GUARDIAN_TEXTS[GUARDIAN_ONE_KID][1])
    assert (await bot.phone.post(replay))[0] == 200
    assert (await bot.phone.post(replay))[0] == 200  # a replay after a Twilio timeout
    await bot.services.sms_adapter.drain()
    for query in (f"?from={GUARDIAN_ONE_KID}", "?from=%2B4790000002&body=Nora+er+syk"):
        async with bot.session.get(bot.url + "/healthz" + query) as resp:
            assert resp.status == 200
    outbox = bot.services.deps.extras["outbox"]
    await outbox.enqueue(["g-berg", "g-lise"], BROADCAST_TEXT, channels="sms")
    await bot.twilio.wait_until(lambda: any(m.body == BROADCAST_TEXT for m in bot.twilio.messages), timeout=10)
    bot.services.deps.clock.now += dt.timedelta(minutes=90)  # type: ignore[attr-defined]
    await bot.services.jobs.run_once()  # escalation and the retention purge
    await bot.services.sms_adapter.drain()
    await bot.twilio.wait_for_callbacks(len(bot.twilio.messages) * 2, timeout=10)
    async with bot.session.get(bot.url + "/metrics") as resp:
        assert resp.status == 200


def number_forms(e164: str) -> list[str]:
    national = e164.removeprefix("+47")
    return [
        e164,
        e164.removeprefix("+"),
        "%2B" + e164.removeprefix("+"),
        national,
        f"{national[:3]} {national[3:5]} {national[5:]}",
    ]


async def test_no_phone_number_or_message_text_in_the_logs(school_db_url: str, json_log: io.StringIO) -> None:
    clock = FixedClock(MONDAY_MORNING)
    async with running_bot(school_db_url, clock=clock) as bot:
        await a_morning_at_school(bot)
        async with bot.services.db.transaction() as s:
            seed_numbers = [n for row in (await s.execute(select(Person.sms, Person.phone))).all() for n in row if n]
        sent_sms = [m.body for m in bot.twilio.messages]
        teams_texts = [a.get("text") or "" for a in bot.connector.activities]
        assert not bot.services.db.engine.echo and not bot.services.db.engine.pool.echo  # SQLAlchemy echo off

    log = json_log.getvalue()
    lines = [json.loads(line) for line in log.splitlines()]  # every line is one JSON object

    # The run was really captured: the turns, Twilio's trouble, the refusals, the outbox, the jobs.
    messages = [line["message"] for line in lines]
    assert sum(m.startswith("turn took") for m in messages) >= 10
    assert any("refused an SMS webhook with a missing or wrong signature" in m for m in messages)
    assert any(m.startswith("sms send failed") and "status=500" in m for m in messages)
    assert any("ignored a repeated SMS webhook" in m for m in messages)
    assert any(line["logger"] == "aiohttp.access" for line in lines)
    assert any(line["request_id"] and line["request_id"].startswith("outbox-") for line in lines) or any(
        line["logger"] == "bot.outbox_worker" for line in lines
    )
    assert "+47*****001" in log  # numbers do appear, masked

    # No full number of anyone in the school, of the stranger, in any form.
    assert len(seed_numbers) == 9
    for number in seed_numbers + [STRANGER]:
        for form in number_forms(number):
            assert form not in log, f"{form} in the log"
    mobile = re.search(r"(?<![\w+%.])(?:\+?47)?[49]\d{7}(?!\w)", log.replace(SCHOOL_NUMBER, ""))
    assert mobile is None, f"a mobile number in the log: {mobile}"

    # Nothing anyone wrote, nor what the school answered.
    written = [t for texts in GUARDIAN_TEXTS.values() for t in texts] + TEACHER_TEXTS + [FORGED_TEXT, BROADCAST_TEXT]
    for text in written + sent_sms + teams_texts:
        if len(text) >= 12:  # short ones ("STOPP", "hei") are words any log line may hold
            assert text not in log, f"message text in the log: {text[:20]}..."
    for fragment in ("omgangssyke", "🤒", "Mvh Anne", "vondt i magen", "feber", "Hilsen nabo", "gymsalen"):
        assert fragment not in log

    # SQL (with its parameters) is never logged, and request lines lose their query strings.
    assert not any(line["logger"].startswith("sqlalchemy") or line["logger"] == "aiosqlite" for line in lines)
    access = [line["message"] for line in lines if line["logger"] == "aiohttp.access"]
    assert any("GET /healthz?<query removed>" in m for m in access)
    assert not any("from=" in m for m in access)
