"""`skolebot parse` (how a message is understood) and `skolebot absences` (the day's absences)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any
from zoneinfo import ZoneInfo

from bot.commands.core import _require_migrated
from bot.settings import Settings
from bot.understanding import Child, understand
from dialogs.absence.service import as_child
from storage.absences import Absences
from storage.calendar import SchoolCalendar
from storage.db import Database
from storage.people import People
from storage.phones import normalise_phone
from storage.roster import load_calendar


def register(sub: Any) -> None:
    p = sub.add_parser("parse", help="print, as JSON, how the bot understands a message")
    p.add_argument("--from", dest="phone", help="the sender's phone number")
    p.add_argument("--now", help="ISO datetime; without an offset it is the school's local time")
    p.add_argument("--batch", action="store_true", help='JSON lines {"from","now","text"} on stdin')
    p.add_argument("text", nargs="*")
    p.set_defaults(run=parse)

    a = sub.add_parser("absences", help="the day's absences: reported, registered, unexplained, explained")
    a.add_argument("--date", type=dt.date.fromisoformat)
    a.add_argument("--class", dest="klass")
    a.add_argument("--json", action="store_true")
    a.set_defaults(run=absences)


def local_datetime(value: str | None, zone: ZoneInfo) -> dt.datetime:
    """An aware datetime in the school's zone; naive input is local time."""
    if not value:
        return dt.datetime.now(zone)
    parsed = dt.datetime.fromisoformat(value)
    return parsed.replace(tzinfo=zone) if parsed.tzinfo is None else parsed.astimezone(zone)


class Parser:
    """Understands messages as the bot would, with each sender's children from the database."""

    def __init__(self, db: Database, zone: ZoneInfo) -> None:
        self._people = People(db)
        self._db = db
        self._zone = zone
        self._children: dict[str, list[Child]] = {}
        self._calendar: SchoolCalendar | None = None
        self._names: frozenset[str] | None = None

    async def parse(self, phone: str | None, now: str | None, text: str) -> dict[str, Any]:
        if self._calendar is None:
            self._calendar = await load_calendar(self._db)
            self._names = await self._people.pupil_first_names()
        key = normalise_phone(phone or "") or ""
        if key not in self._children:
            person = await self._people.by_phone(key) if key else None
            kids = await self._people.children_of(person.sourced_id) if person else []
            self._children[key] = [as_child(c) for c in kids]
        result = understand(
            text,
            children=self._children[key],
            now=local_datetime(now, self._zone),
            calendar=self._calendar,
            school_first_names=self._names or frozenset(),
        )
        return result.to_json()


async def parse(args: argparse.Namespace, settings: Settings) -> int:
    db = await _require_migrated(settings)
    if db is None:
        return 2
    try:
        parser = Parser(db, settings.zone)
        if not args.batch:
            print(json.dumps(await parser.parse(args.phone, args.now, " ".join(args.text)), ensure_ascii=False))
            return 0
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                answer = await parser.parse(item.get("from"), item.get("now"), item.get("text") or "")
            except (ValueError, TypeError, AttributeError) as exc:
                answer = {"error": f"line {number}: {exc}"}
            print(json.dumps(answer, ensure_ascii=False), flush=True)
        return 0
    finally:
        await db.dispose()


async def absences(args: argparse.Namespace, settings: Settings) -> int:
    db = await _require_migrated(settings)
    if db is None:
        return 2
    try:
        day = args.date or dt.datetime.now(settings.zone).date()
        people = People(db)
        class_ids = None
        if args.klass:
            class_ids = [cid for cid, title in await people.all_classes() if title.lower() == args.klass.lower()]
            if not class_ids:
                print(f"skolebot: no class {args.klass!r}", file=sys.stderr)
                return 1
        rows = await Absences(db).for_day(day, class_ids)
    finally:
        await db.dispose()
    items = [
        {
            "student": r.record.student_id,
            "name": f"{r.given_name} {r.family_name}",
            "class": r.class_name,
            "date": r.record.date.isoformat(),
            "start_time": r.record.start_time.strftime("%H:%M") if r.record.start_time else None,
            "end_time": r.record.end_time.strftime("%H:%M") if r.record.end_time else None,
            "reason": r.record.reason,
            "status": r.record.status,
            "channel": r.record.channel,
            "reported_by": r.record.reported_by,
            "registered_by": r.record.registered_by,
        }
        for r in rows
    ]
    if args.json:
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return 0
    if not items:
        print(f"No absences on {day.isoformat()}.")
    for item in items:
        window = (
            f" {item['start_time'] or ''}-{item['end_time'] or ''}" if item["start_time"] or item["end_time"] else ""
        )
        print(
            f"{item['date']} {item['class'] or '-':4} {item['name']:30} {item['status']:16} "
            f"{item['reason'] or '-':12} {item['channel']}{window}"
        )
    return 0
