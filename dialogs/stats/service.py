"""The stats flow's figures, shared by `skolebot stats` and the leaders' page: counts only, never names.

The indicator rows per period (this month, term and school year by default, each beside the same
period last year) and, for the page, the school year's SMS month by month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.settings import Settings
from storage.db import Database
from storage.roster import load_calendar
from storage.stats import Period, Row, last_year, report, school_periods, sms_by_month

__all__ = ["PageFigures", "gather_rows", "page_figures"]


@dataclass(frozen=True)
class PageFigures:
    """What the leaders' page shows: the rows, and the school year's SMS per month (this year and last)."""

    rows: list[Row]
    months: list[tuple[dt.date, int | None]]  # None for months still to come
    months_last_year: list[tuple[dt.date, int]] | None  # None when last year has no records


async def gather_rows(db: Database, settings: Settings, periods: Sequence[Period] | None, today: dt.date) -> list[Row]:
    """The report for `periods` (default: this month, term and school year) with the school's settings."""
    periods = periods or await school_periods(db, today)
    return await report(
        db,
        periods,
        zone=settings.zone,
        school_start=settings.period_table.periods[0].start,
        calendar=await load_calendar(db),
    )


async def page_figures(db: Database, settings: Settings, today: dt.date) -> PageFigures:
    """The default periods' rows and the school year's SMS month by month, beside last year's when it has data."""
    zone = settings.zone
    rows = await gather_rows(db, settings, None, today)
    year = next((r.period for r in rows if r.period.kind == "school_year"), None)
    if year is None:
        return PageFigures(rows, [], None)
    months = [(m, n if m <= today else None) for m, n in await sms_by_month(db, year, zone=zone)]
    months_last: list[tuple[dt.date, int]] | None = None
    if any(r.last_year_value is not None for r in rows if r.period == year):
        months_last = await sms_by_month(db, last_year(year), zone=zone)
    return PageFigures(rows, months, months_last)
