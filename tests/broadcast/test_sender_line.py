"""Every broadcast says who sends it: "Hilsen Solbakken skole" from the school and its leaders (and every
emergency), "Hilsen Kari Larsen, Solbakken skole" from a teacher; by SMS and in Teams, counted in the preview."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from dialogs.broadcast.dialogs import service_for
from dialogs.broadcast.render import signature
from storage.audiences import Audience
from storage.db import Database
from storage.migrate import upgrade
from storage.segments import count_segments
from tests.broadcast.conftest import give_teams, latest_broadcast, settle
from tests.broadcast.test_teams_broadcast import SEND, compose, person
from tests.dbs import fresh_url
from tests.e2e.harness import Running, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, LEADER_UPN, TEACHER_UPN, seed_small_school

SCHOOL = "Hilsen Solbakken skole"
TEACHER = "Hilsen Kari Larsen, Solbakken skole"


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Running]:
    """The small school on SQLite (what is signed does not depend on the database)."""
    async with fresh_url("sqlite", tmp_path) as url:
        await upgrade(url)
        db = Database(url)
        try:
            await seed_small_school(db)
        finally:
            await db.dispose()
        async with running_bot(url) as running:
            yield running


def teams_texts(bot: Running, start: str) -> list[str]:
    return [a["text"] for a in bot.connector.activities if (a.get("text") or "").startswith(start)]


async def test_an_emergency_is_signed_by_the_school_by_sms_and_in_teams(bot: Running) -> None:
    await give_teams(bot, "g-berg")
    preview = await compose(bot, LEADER_UPN, "/beredskap Skolen stenger kl 12", "foresatte i 5B", "Teams og SMS")
    assert SCHOOL in preview  # the sender sees the line before sending
    await bot.client.say(person(bot, LEADER_UPN), None, value=SEND)
    await settle(bot, await latest_broadcast(bot.services.db))
    body = "Skolen stenger kl 12. Svar OK når du har lest meldingen.\n" + SCHOOL
    assert {m.body for m in bot.twilio.messages} == {body}
    assert teams_texts(bot, "Skolen stenger") == [body]  # g-berg, in Teams, instead of an SMS
    assert GUARDIAN_ONE_KID not in {m.to for m in bot.twilio.messages}


async def test_a_teachers_class_message_carries_her_name_by_sms_and_in_teams(bot: Running) -> None:
    await give_teams(bot, "g-berg")
    await compose(bot, TEACHER_UPN, "send melding til foresatte i 5B: Husk gymtøy til turen!", "Teams og SMS")
    await compose(bot, TEACHER_UPN, "ja")
    await settle(bot, await latest_broadcast(bot.services.db))
    body = "Husk gymtøy til turen!\n" + TEACHER
    assert bot.twilio.messages and {m.body for m in bot.twilio.messages} == {body}
    assert teams_texts(bot, "Husk gymtøy") == [body]


async def test_the_preview_counts_the_sender_line_in_the_sms_segments(bot: Running) -> None:
    service = service_for(bot.services.deps)
    text = "x" * 150  # one segment alone, two with the sender line
    assert count_segments(text).segments == 1
    prepared = await service.prepare(
        Audience("class", value="5B"), "sms", text, emergency=False, drill=False, language="nb"
    )
    assert prepared.message.sms_body == text + "\n" + SCHOOL
    assert prepared.numbers.segments == prepared.message.segments == 2
    assert prepared.numbers.sms_segments == 2 * prepared.numbers.sms


def test_the_sender_line_in_each_language() -> None:
    assert signature("nb", "Solbakken skole") == SCHOOL
    assert signature("nn", "Solbakken skole", teacher="Kari Larsen") == "Helsing Kari Larsen, Solbakken skole"
    assert signature("en", "Solbakken skole") == "From Solbakken skole"
    assert signature("nb", "", teacher="Kari Larsen") == "Hilsen Kari Larsen"
    assert signature("nb", "") == ""  # no school name in the roster: no half a line
