"""A taken room's alternatives answered in own words ("ta det første forslaget", "ok, ta den andre")."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.understanding.answers import ordinal_index
from tests.booking.helpers import active, say
from tests.e2e.harness import Running
from tests.e2e.seed import TEACHER_2A_UPN, TEACHER_UPN

OSLO = ZoneInfo("Europe/Oslo")


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("ta det første forslaget", 0),
        ("ok, ta den andre", 1),
        ("gi meg det siste forslaget", 2),
        ("the second slot please", 1),
        ("jeg tar den tredje", 2),
        ("ta musikkrom 2", None),  # a name, not a place in the list
    ],
)
def test_a_place_in_the_list_said_in_a_sentence(text: str, index: int | None) -> None:
    assert ordinal_index(text, 3) == index


async def test_taking_the_first_offered_alternative_in_own_words_books_it(bot: Running) -> None:
    await say(bot, TEACHER_UPN, "book musikkrommet fredag 10–11")
    await say(bot, TEACHER_UPN, "ja")
    offered = await say(bot, TEACHER_2A_UPN, "kan jeg booke musikkrommet fredag 10-11?")
    assert "Ledige alternativer:" in offered and "[Musikkrommet 09:00–10:00]" in offered
    assert await say(bot, TEACHER_2A_UPN, "ta det første forslaget") == (
        "Booket: Musikkrommet fredag 4. desember 09:00–10:00."
    )
    mine = [b for b in await active(bot) if b.booked_by == "t-per"]
    assert [b.start.astimezone(OSLO).strftime("%H:%M") for b in mine] == ["09:00"]
