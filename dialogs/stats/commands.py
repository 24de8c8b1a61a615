"""`skolebot stats [--from D] [--to D] [--csv FILE] [--link]`: the school's indicators in the terminal and as CSV.

Without --from/--to: this month, this term and this school year, each beside the same period
last year. With them: that range (either end defaults to today). --csv writes the municipality's
export (stable columns, "<5" for small cells; every cell quoted, and one that could be a
spreadsheet formula starts with a single quote: bot.csv_safe); --link prints the leaders' page.
Counts only: no names or ids in any output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from bot.commands.core import _require_migrated
from bot.settings import Settings
from dialogs.stats.links import stats_url
from dialogs.stats.render import render_csv, render_table
from dialogs.stats.service import gather_rows
from storage.stats import Period


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def register(sub: Any) -> None:
    p = sub.add_parser("stats", help="the school's indicators (SMS, absence, leave, bookings, broadcasts)")
    p.add_argument("--from", dest="start", type=_date, metavar="D", help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=_date, metavar="D", help="last day, YYYY-MM-DD")
    p.add_argument("--csv", type=Path, metavar="FILE", help="also write the figures to FILE as CSV")
    p.add_argument("--link", action="store_true", help="print the link to the leaders' page with plots")
    p.set_defaults(run=stats)


async def stats(args: argparse.Namespace, settings: Settings) -> int:
    """Print the figures (and write the CSV), or the link to the leaders' page."""
    today = dt.datetime.now(settings.zone).date()
    periods = None
    if args.start or args.end:
        start, end = args.start or today, args.end or today
        if end < start:
            print("skolebot: --to is before --from", file=sys.stderr)
            return 2
        periods = [Period("range", start, end)]
    db = await _require_migrated(settings)
    if db is None:
        return 2
    try:
        if args.link:
            print(await stats_url(db, settings))
            return 0
        rows = await gather_rows(db, settings, periods, today)
    finally:
        await db.dispose()
    sys.stdout.write(render_table(rows, settings.default_language))
    if args.csv is not None:
        args.csv.write_text(render_csv(rows), encoding="utf-8")
        print(f"wrote {args.csv}: {len(rows)} rows", file=sys.stderr)
    return 0
