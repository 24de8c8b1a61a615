"""Twenty teachers book the same slot at the same moment through /api/messages, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from storage.db import Database
from storage.migrate import upgrade
from tests.booking.conftest import MONDAY_8, seed_booking_school
from tests.booking.helpers import active, say
from tests.booking.seed import TEACHERS
from tests.dbs import fresh_url
from tests.e2e.harness import FixedClock, running_bot

WANTED = "book musikkrommet fredag 10–11"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_twenty_teachers_same_slot_same_moment_exactly_one_gets_it(kind: str, tmp_path: Path) -> None:
    async with fresh_url(kind, tmp_path) as url:
        await upgrade(url)
        db = Database(url)
        await seed_booking_school(db)
        await db.dispose()
        async with running_bot(url, clock=FixedClock(MONDAY_8)) as bot:
            upns = [upn for _, upn in TEACHERS]
            asked = await asyncio.gather(*(say(bot, upn, WANTED) for upn in upns))
            assert all("er ledig. Skal jeg booke?" in text for text in asked)  # nobody has it yet
            answers = await asyncio.gather(*(say(bot, upn, "Ja") for upn in upns))

            won = [a for a in answers if a == "Booket: Musikkrommet fredag 4. desember 10:00–11:00."]
            assert len(won) == 1
            (booking,) = await active(bot, "r-musikk")
            winner = dict(TEACHERS)[booking.booked_by]
            assert answers[upns.index(winner)] == won[0]
            for upn, text in zip(upns, answers, strict=True):
                if upn == winner:
                    continue
                lines = text.splitlines()
                assert lines[0] == (
                    f"Musikkrommet er booket av {booking.booked_by_name} fredag 10:00–11:00. Ledige alternativer:"
                )
                assert lines[1:] == [
                    "[Musikkrommet 09:00–10:00]",
                    "[Musikkrommet 11:00–12:00]",
                    "[Musikkrom 2 10:00–11:00]",
                    "[Nei takk]",
                ]

            # The losers pick the other music room at once: again exactly one gets it.
            picks = await asyncio.gather(*(say(bot, upn, "3") for upn in upns if upn != winner))
            assert sum(p == "Booket: Musikkrom 2 fredag 4. desember 10:00–11:00." for p in picks) == 1
            assert len(await active(bot, "r-musikk-2")) == 1
            assert len(await active(bot, "r-musikk")) == 1
