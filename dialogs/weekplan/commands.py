"""`skolebot weekplan publish --class C --week 2026-W49 (--file F | --text T)`: publish a week plan.

Also `--grade G` (a plan for every class of the grade) and `--send` (to the guardians, as the
Teams "Send til foresatte?" does). Prints what was published, its version and a link to it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.commands.core import _require_migrated
from bot.settings import Settings
from dialogs.weekplan.links import PlanLinks
from dialogs.weekplan.render import parse_plan
from dialogs.weekplan.request import nearest_year_of_week
from dialogs.weekplan.service import WeekplanService, send_to_class_guardians
from storage.db import Database
from storage.models_weekplan import MAX_FILE_BYTES
from storage.people import People
from storage.weekplans import PlanFile, PlanInfo, PlanRejected, WeekPlans, accepted_file_type

_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


def register(sub: Any) -> None:
    w = sub.add_parser("weekplan", help="week plans")
    w_sub = w.add_subparsers(dest="weekplan_command", required=True)
    p = w_sub.add_parser("publish", help="publish a week plan (a new version; older ones are kept)")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--class", dest="klass", help='the class title ("5B") or sourcedId')
    target.add_argument("--grade", type=int, help="a plan for the whole grade (every class in it)")
    p.add_argument("--week", required=True, help="ISO week, e.g. 2026-W49 (or just 49: the nearest week 49)")
    content = p.add_mutually_exclusive_group(required=True)
    content.add_argument("--text", help='the plan text ("-" reads it from stdin)')
    content.add_argument("--file", type=Path, help="a PDF or Word file")
    p.add_argument("--by", help="sourcedId of the teacher publishing (recorded with the plan)")
    p.add_argument("--send", action="store_true", help="also send it to the guardians of the class(es)")
    p.set_defaults(run=publish)


def parse_week(value: str, today: dt.date) -> tuple[int, int] | None:
    """ "2026-W49" -> (2026, 49); "49" -> the nearest week 49; None when it is no ISO week."""
    value = value.strip()
    match = _ISO_WEEK.match(value)
    if match:
        year, week = int(match.group(1)), int(match.group(2))
    elif value.isdigit():
        found = nearest_year_of_week(int(value), today)
        if found is None:
            return None
        year, week = found
    else:
        return None
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return year, week


def _fail(message: str) -> int:
    print(f"skolebot weekplan publish: {message}", file=sys.stderr)
    return 1


class _Refused(Exception):
    """What is wrong with the command line or the roster, said on stderr by `publish`."""


@dataclass(frozen=True)
class _Target:
    """Who a plan is for: its label, the classes it covers, and the class id or grade it is stored under."""

    label: str
    class_ids: list[str]
    class_id: str | None
    grade: int | None


def _file_of(path: Path) -> PlanFile:
    """--file read, when it is a PDF or Word file within the size cap."""
    if not path.is_file():
        raise _Refused(f"--file {path}: no such file")
    content_type = accepted_file_type(path.suffix)
    if content_type is None:
        raise _Refused(f"--file {path}: only PDF and Word files (.pdf, .doc, .docx, .odt)")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _Refused(f"--file {path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return PlanFile(name=path.name, content_type=content_type, data=path.read_bytes())


def _content(args: argparse.Namespace) -> tuple[str | None, PlanFile | None]:
    """The plan's text (--text, "-" for stdin) or its file (--file): one of the two."""
    if args.text is None:
        return None, _file_of(args.file)
    text: str = sys.stdin.read() if args.text == "-" else args.text
    if not text.strip():
        raise _Refused("--text is empty")
    return text, None


async def _target(plans: WeekPlans, args: argparse.Namespace) -> _Target:
    """--class or --grade looked up in the roster."""
    if args.klass:
        found = await plans.find_class(args.klass)
        if found is None:
            raise _Refused(f"--class {args.klass}: no such class in the roster")
        return _Target(found.title, [found.class_id], found.class_id, None)
    in_grade = await plans.classes_in_grade(args.grade)
    if not in_grade:
        raise _Refused(f"--grade {args.grade}: no classes in that grade in the roster")
    return _Target(f"grade {args.grade}", [c.class_id for c in in_grade], None, args.grade)


async def _publish_in(
    db: Database,
    settings: Settings,
    args: argparse.Namespace,
    week: tuple[int, int],
    content: tuple[str | None, PlanFile | None],
    now: dt.datetime,
) -> tuple[PlanInfo, _Target, str]:
    """Publish the new version; the plan, who it is for, and a link to it."""
    plans = WeekPlans(db)
    target = await _target(plans, args)
    if args.by and await _person_missing(db, args.by):
        raise _Refused(f"--by {args.by}: no such person in the roster")
    text, file = content
    try:
        plan = await plans.publish(
            year=week[0],
            week=week[1],
            class_id=target.class_id,
            grade=target.grade,
            body=text,
            file=file,
            published_by=args.by,
            now=now,
        )
    except PlanRejected as exc:
        raise _Refused(str(exc)) from exc
    link = await PlanLinks(settings, db, lambda: dt.datetime.now(dt.UTC)).url_for(plan.id)
    return plan, target, link


async def publish(args: argparse.Namespace, settings: Settings) -> int:
    """`skolebot weekplan publish`: a new version of the plan, its link, and (with --send) to the guardians."""
    now = dt.datetime.now(dt.UTC)
    week = parse_week(args.week, now.astimezone(settings.zone).date())
    if week is None:
        return _fail(f"--week {args.week!r} is not an ISO week; write it like 2026-W49")
    try:
        content = _content(args)
    except _Refused as exc:
        return _fail(str(exc))
    db = await _require_migrated(settings)
    if db is None:
        return 2
    try:
        plan, target, link = await _publish_in(db, settings, args, week, content, now)
    except _Refused as exc:
        return _fail(str(exc))
    finally:
        await db.dispose()
    what = f"file {plan.file_name}" if plan.has_file else f"text, {len(parse_plan(plan.body).days)} days"
    print(
        f"published the week plan for {target.label}, {plan.iso_year}-W{plan.iso_week:02d}: "
        f"version {plan.version} ({what})"
    )
    print(f"link: {link}")
    if args.send:
        return await _send(settings, plan.id, target.class_ids)
    return 0


async def _person_missing(db: Database, sourced_id: str) -> bool:
    return await People(db).get(sourced_id) is None


async def _send(settings: Settings, plan_id: int, class_ids: list[str]) -> int:
    """Through the same seam the Teams dialog uses (Notifier today, the outbox later)."""
    # The composition root is loaded only when a plan is sent, so the other commands start without the web app.
    from bot.app import build_services

    if not settings.twilio_configured:
        print(
            "note: TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN are not set, so guardians without Teams "
            "cannot be reached by SMS from the command line",
            file=sys.stderr,
        )
    services = build_services(settings)
    try:
        service = WeekplanService(services.deps)
        plan = await service.plans.get(plan_id)
        assert plan is not None
        summary = await send_to_class_guardians(service, plan, class_ids)
    finally:
        await services.sms_adapter.sender.close()
        await services.db.dispose()
    print(
        f"sent to {summary.guardians} guardians: {summary.teams} on Teams, {summary.sms} by SMS, "
        f"{summary.unreached} not reached"
    )
    return 0 if summary.unreached == 0 else 1
