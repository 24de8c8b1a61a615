"""`skolebot bookings [--resource R] [--date D] [--json]`: bookings of rooms and equipment.

Without --date: every active booking from today on. --resource takes a sourcedId, name or
alias. JSON objects carry id, resource (sourcedId), start, end (ISO with offset, school time),
booked_by (sourcedId), and resource_name, booked_by_name, series_id, status. --feed-links
prints the secret iCalendar subscription links instead (per resource, or --person P).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from bot.commands.core import _require_migrated
from bot.settings import Settings
from dialogs.booking.links import feed_url
from storage.bookings import BookingInfo, Bookings, ResourceInfo
from storage.db import Database
from storage.people import People

LOOK_AHEAD = dt.timedelta(days=365 * 50)  # "from today on"


def register(sub: Any) -> None:
    b = sub.add_parser("bookings", help="bookings of rooms and equipment")
    b.add_argument("--resource", help="a resource's sourcedId, name or alias")
    b.add_argument("--date", type=_date, help="one day, YYYY-MM-DD (default: from today on)")
    b.add_argument("--json", action="store_true", help="a JSON list of bookings")
    b.add_argument(
        "--feed-links",
        action="store_true",
        help="print the iCalendar subscription links (per resource, or of --person)",
    )
    b.add_argument("--person", help="with --feed-links: a person's sourcedId")
    b.set_defaults(run=bookings)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-12-04") from None


def as_json(b: BookingInfo, zone: dt.tzinfo) -> dict[str, Any]:
    """The operator contract's booking object (plus a few readable extras)."""
    return {
        "id": b.id,
        "resource": b.resource_id,
        "start": b.start.astimezone(zone).isoformat(),
        "end": b.end.astimezone(zone).isoformat(),
        "booked_by": b.booked_by,
        "resource_name": b.resource_name,
        "booked_by_name": b.booked_by_name,
        "series_id": b.series_id,
        "status": b.status,
    }


def as_line(b: BookingInfo, zone: dt.tzinfo) -> str:
    start, end = b.start.astimezone(zone), b.end.astimezone(zone)
    return (
        f"{b.id:>6}  {start:%Y-%m-%d %a} {start:%H:%M}-{end:%H:%M}  {b.resource_name} ({b.resource_id})  "
        f"{b.booked_by_name} ({b.booked_by})"
    )


async def _resource(store: Bookings, words: str | None) -> ResourceInfo | None:
    """The resource named by sourcedId, name or alias; None when none is named or none matches."""
    if words is None:
        return None
    return await store.resource(words) or await store.find_resource(words)


async def bookings(args: argparse.Namespace, settings: Settings) -> int:
    db = await _require_migrated(settings)
    if db is None:
        return 2
    try:
        return await _run(args, settings, db)
    finally:
        await db.dispose()


async def _run(args: argparse.Namespace, settings: Settings, db: Database) -> int:
    store = Bookings(db)
    zone = settings.zone
    resource = await _resource(store, args.resource)
    if args.resource is not None and resource is None:
        print(f"skolebot: no resource {args.resource!r} (give a sourcedId, name or alias)", file=sys.stderr)
        return 2
    if args.feed_links:
        return await _links(args, settings, db, store, resource)
    if args.date is not None:
        start = dt.datetime.combine(args.date, dt.time(0), zone)
        end = start + dt.timedelta(days=1)
    else:
        start = dt.datetime.combine(dt.datetime.now(zone).date(), dt.time(0), zone)
        end = start + LOOK_AHEAD
    rows = await store.between(start, end, resource_id=resource.sourced_id if resource else None)
    if args.json:
        print(json.dumps([as_json(b, zone) for b in rows], ensure_ascii=False, indent=2))
    elif not rows:
        print("no bookings")
    else:
        for b in rows:
            print(as_line(b, zone))
    return 0


async def _links(
    args: argparse.Namespace, settings: Settings, db: Database, store: Bookings, resource: ResourceInfo | None
) -> int:
    if args.person:
        person = await People(db).get(args.person)
        if person is None:
            print(f"skolebot: no active person {args.person!r}", file=sys.stderr)
            return 2
        print(f"{person.sourced_id}\t{await feed_url(db, settings, 'person', person.sourced_id)}")
        return 0
    for r in [resource] if resource else await store.resources():
        print(f"{r.sourced_id}\t{await feed_url(db, settings, 'resource', r.sourced_id)}")
    return 0
