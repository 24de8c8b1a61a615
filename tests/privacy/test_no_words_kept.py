"""A guardian's own words are used for the turn and stored nowhere: not in any table, not in any log line.

A whole absence conversation runs over the real endpoints, on SQLite and on PostgreSQL: Lise,
who has two children, texts that one of them has "omgangssyke og feber" and answers which
child; the school registers Nora missing and Anne answers the same-day SMS in her own words,
then the reason question; Lise reports Emma in Teams; Lise asks for the week plan in words that
make the bot ask which child. After every turn, and while each question waits for its answer,
every row of every table the database has (found by inspection, so a table added later is
searched too) and every log line captured at DEBUG is searched for what they wrote.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from dialogs.absence.dialogs import REASON_SYNONYMS
from storage.db import Database
from storage.models import Absence, InboundMessage
from tests.e2e.harness import FixedClock, Running
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS, GUARDIAN_TWO_KIDS_UPN, TEACHER_UPN
from tests.privacy.dump import every_value, running_school

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
# Words only the guardians wrote: the school's own texts and the roster hold none of them.
WORDS = ("omgangssyke", "feber", "knerten")


def without_the_bots_own_vocabulary(value: str) -> str:
    """A waiting reason question keeps its choices' synonyms ("syk", ..., "feber") in the dialog state:
    the bot's words from dialogs.absence.dialogs, not the guardian's. Exactly those lists are left out."""
    try:
        data = json.loads(value)
    except ValueError:
        return value

    def prune(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: prune(v) for k, v in node.items() if not (k == "synonyms" and v in REASON_SYNONYMS)}
        if isinstance(node, list):
            return [prune(v) for v in node]
        return node

    return json.dumps(prune(data), ensure_ascii=False)


async def words_in_database(db: Database) -> list[str]:
    """Where any of WORDS is stored: "table: word" (case-insensitive)."""
    found = []
    for table, values in (await every_value(db)).items():
        for value in values:
            if table == "bot_state":
                value = without_the_bots_own_vocabulary(value)
            found += [f"{table}: {word}" for word in WORDS if word in value.lower()]
    return found


def words_in_log(log: io.StringIO) -> list[str]:
    return [line[:200] for line in log.getvalue().splitlines() if any(w in line.lower() for w in WORDS)]


@pytest.fixture(params=["sqlite", "postgresql"])
async def school(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Running]:
    async with running_school(request.param, tmp_path, FixedClock(MONDAY_MORNING)) as bot:
        yield bot


async def nothing_kept(bot: Running, log: io.StringIO, moment: str) -> None:
    assert await words_in_database(bot.services.db) == [], f"the guardian's words are stored {moment}"
    assert words_in_log(log) == [], f"the guardian's words are logged {moment}"


async def test_a_full_absence_conversation_leaves_no_words_in_any_table_or_log_line(
    school: Running, json_log: io.StringIO
) -> None:
    bot = school
    kari, lise_teams = bot.user(TEACHER_UPN), bot.user(GUARDIAN_TWO_KIDS_UPN)
    await bot.client.say(kari, "hei")  # Kari is told in Teams

    # By SMS: one of two children, not said which.
    asked = await bot.phone.text(GUARDIAN_TWO_KIDS, "Er syk i dag, omgangssyke og feber")
    assert asked == ["Gjelder det Ola eller Emma? Svar 1 for Ola, 2 for Emma eller 3 for Begge."]
    await nothing_kept(bot, log=json_log, moment="while 'Ola eller Emma?' waits")
    done = await bot.phone.text(GUARDIAN_TWO_KIDS, "1")
    assert done[0].startswith("Registrert: Ola (5B) borte i dag") and "sykdom" in done[0]
    await nothing_kept(bot, json_log, "after the SMS report")

    # The school's same-day follow-up, answered in the guardian's own words, then the reason question.
    await bot.client.say(kari, "borte: Nora")
    await bot.services.sms_adapter.drain()
    assert "Nora (5B) er ikke på skolen i dag" in bot.phone.inbox(GUARDIAN_ONE_KID)[-1]
    question = await bot.phone.text(GUARDIAN_ONE_KID, "Ja, hun er hjemme med Knerten")
    assert len(question) == 1 and "Svar 1 for" in question[0]  # what is the reason?
    await nothing_kept(bot, json_log, "while the reason question waits")
    thanks = await bot.phone.text(GUARDIAN_ONE_KID, "1")
    assert "registrert (sykdom)" in thanks[0]
    await nothing_kept(bot, json_log, "after the follow-up")

    # In Teams: a guardian's report through /api/messages.
    recorded = await bot.client.say(lise_teams, "Emma har omgangssyke og feber, hun blir hjemme i dag")
    assert recorded[0]["text"].startswith("Registrert: Emma (2A) borte i dag")
    await nothing_kept(bot, json_log, "after the Teams report")

    # A question about another flow that asks back while the words wait in the dialog.
    which = await bot.phone.text(GUARDIAN_TWO_KIDS, "Ukeplan neste uke takk, de har omgangssyke og feber")
    assert len(which) == 1 and "Ola" in which[0] and "Emma" in which[0]
    await nothing_kept(bot, json_log, "while the week plan's 'which child?' waits")
    await bot.phone.text(GUARDIAN_TWO_KIDS, "1")
    await bot.services.sms_adapter.drain()
    await nothing_kept(bot, json_log, "at the end")

    # What is kept is what the school needs: the category and the days, the message ids and times.
    async with bot.services.db.read() as s:
        absences = (
            await s.execute(
                select(Absence.student_id, Absence.date, Absence.reason, Absence.status).order_by(Absence.student_id)
            )
        ).all()
        inbound = (await s.execute(select(InboundMessage))).scalars().all()
    monday = dt.date(2026, 11, 30)
    assert [tuple(a) for a in absences] == [
        ("s-emma", monday, "illness", "reported"),
        ("s-nora", monday, "illness", "explained"),
        ("s-ola", monday, "illness", "reported"),
    ]
    assert len(inbound) == 6
    assert all(
        m.message_id.startswith("SM") and m.received_at and m.processed_at and m.sender_hash and m.form is None
        for m in inbound
    )
    # The search really saw the conversation: its state, its messages, its absences, the log.
    dumped = await every_value(bot.services.db)
    assert {
        "bot_state",
        "inbound_messages",
        "absences",
        "absence_followups",
        "sms_outbound",
        "conversation_refs",
        "audit_log",
    } <= set(dumped)
    assert any("Nora" in v for v in dumped["people"]) and any("DialogState" in v for v in dumped["bot_state"])
    assert sum('"message": "turn took' in line for line in json_log.getvalue().splitlines()) >= 8
