"""Start-up warm-up: the first guardian texting at 07:45 should not wait for imports and tables.

Measured on the first SMS turn after start: the Norwegian holiday table (holidays loads its
country registry, ~180 ms), twilio's Messages API modules (~50 ms), the understanding's first
parse and the database's first connection.
"""

from __future__ import annotations

import logging
import time

from bot.services import Services
from bot.understanding import understand
from storage.calendar import norwegian_public_holidays

log = logging.getLogger(__name__)

SAMPLE = "Ola er syk i dag og i morgen"


async def warm_up(services: Services) -> float:
    """Load what the first turn would otherwise load; returns the seconds it took."""
    started = time.perf_counter()
    now = services.deps.clock().astimezone(services.settings.zone)
    for year in (now.year, now.year + 1):
        norwegian_public_holidays(year)
    services.sms_adapter.sender.prepare()
    calendar = await services.deps.calendar()
    names = await services.people.pupil_first_names()  # the first connection, and the roster generation
    understand(SAMPLE, children=[], now=now, calendar=calendar, school_first_names=names)
    seconds = time.perf_counter() - started
    log.info("warmed up in %.0f ms", seconds * 1000)
    return seconds
