"""Small helpers for the booking end-to-end tests: say something, read the bookings back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.emulator import EmulatorUser, reply_text
from storage.bookings import BookingInfo, Bookings
from tests.e2e.harness import Running


async def say(bot: Running, user: EmulatorUser | str, text: str | None = None, *, value: Any = None) -> str:
    """Post one message over /api/messages; the bot's replies as readable text (cards and buttons too).

    A UPN given as text keeps one conversation per person for the life of the running bot.
    """
    if isinstance(user, str):
        conversations = bot.services.extras.setdefault("test_conversations", {})
        who = conversations.setdefault(user, bot.user(user))
    else:
        who = user
    replies = await bot.client.say(who, text, value=value)
    return "\n".join(reply_text(r) for r in replies)


async def active(bot: Running, resource_id: str | None = None) -> list[BookingInfo]:
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return await Bookings(bot.services.db).between(start, start + dt.timedelta(days=800), resource_id=resource_id)
