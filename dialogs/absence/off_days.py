"""A report or application that names only days without school ("lørdag og søndag", "2. juledag").

Such a message is answered with one line saying there is no school then, instead of asking for the day
again: nothing is recorded, and the guardian may write again with a school day.
"""

from __future__ import annotations

import datetime as dt

from bot.understanding.dates import parse_dates
from dialogs.absence.service import AbsenceService


async def names_only_days_off(service: AbsenceService, text: str | None, now: dt.datetime) -> bool:
    """True when `text` names days and none of them is a school day."""
    if not text or not text.strip():
        return False
    return parse_dates(text, now, await service.calendar()) == ()


KEY = "offdays.nothing_recorded"  # the catalogue line said instead of "which day?"
