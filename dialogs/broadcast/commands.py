"""Broadcast commands: `broadcast`, `report broadcast`, `worker` and `pin set` / `pin unlock`.

skolebot broadcast --audience A --channels sms,teams --message M [--emergency] [--drill] [--yes]
    Preview, ask (unless --yes), queue, then send with a progress bar on stderr until every
    delivery has ended (handed to Twilio/Teams, failed or skipped).
skolebot report broadcast ID [--json]
    Recipients, deliveries by status and channel, and everyone not reached. --json prints a
    list with one object (id, recipients, by_status, not_reached, ...).
skolebot worker
    The outbox worker (and the periodic jobs) alone; run several (on PostgreSQL) to share the work.
skolebot pin set --person SOURCEDID [--pin PIN]
    A leader's PIN for "VARSEL <PIN> text" by SMS (4-12 digits, stored as an scrypt hash).
    Read from stdin when --pin is not given. Also lifts a lockout after wrong PINs.
skolebot pin unlock --person SOURCEDID
    Lift the lockout (3 wrong PINs within 15 minutes lock the number for an hour).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import getpass
import json
import signal
import sys
import time
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from bot.commands.core import _require_migrated
from bot.settings import Settings
from dialogs.broadcast.cards import preview_text, report_text
from dialogs.broadcast.render import audience_label, channels_from_option
from dialogs.broadcast.service import BroadcastService, Prepared, TooLong, service_for
from storage.audiences import Audience, UnknownAudience, parse_audience
from storage.broadcasts import BadPin, Broadcasts
from storage.db import Database
from storage.people import People
from storage.phones import mask_phone

if TYPE_CHECKING:
    from bot.app import Services


class Progress(Protocol):
    """Where `follow` reads a broadcast's delivery counts from (storage.outbox.Outbox)."""

    async def progress(self, broadcast_id: int) -> dict[str, int]: ...


def register(sub: Any) -> None:
    b = sub.add_parser("broadcast", help="send a broadcast from the shell, with a progress bar")
    b.add_argument(
        "--audience",
        required=True,
        help="school, staff, guardians, grade:5, class:5B, guardians:class:5B or a sourcedId",
    )
    b.add_argument("--channels", default="sms,teams", help="sms, teams or sms,teams (Teams first, then SMS)")
    b.add_argument("--message", required=True)
    b.add_argument("--emergency", action="store_true", help="an emergency alert (beredskapsmelding)")
    b.add_argument("--drill", action="store_true", help="an emergency drill: every message is marked ØVELSE")
    b.add_argument("--yes", action="store_true", help="send without asking")
    b.add_argument(
        "--language",
        choices=("nb", "nn", "en"),
        default=None,
        help="language of the added texts (default SKOLEBOT_DEFAULT_LANGUAGE)",
    )
    b.set_defaults(run=broadcast)

    r = sub.add_parser("report", help="reports")
    r_sub = r.add_subparsers(dest="report_command", required=True)
    rb = r_sub.add_parser("broadcast", help="where a broadcast stands, and who was not reached")
    rb.add_argument("id", type=int)
    rb.add_argument("--json", action="store_true", help="a list with one JSON object")
    rb.set_defaults(run=report_broadcast)

    w = sub.add_parser("worker", help="the outbox worker alone (to scale out next to serve)")
    w.set_defaults(run=worker)

    p = sub.add_parser("pin", help="leaders' PINs for VARSEL by SMS")
    p_sub = p.add_subparsers(dest="pin_command", required=True)
    ps = p_sub.add_parser("set", help="set a leader's PIN (read from stdin unless --pin)")
    ps.add_argument("--person", required=True, help="the leader's sourcedId")
    ps.add_argument("--pin", help="the PIN; better given on stdin, so it stays out of the shell history")
    ps.set_defaults(run=pin_set)
    pu = p_sub.add_parser("unlock", help="lift the lockout after wrong PINs")
    pu.add_argument("--person", required=True)
    pu.set_defaults(run=pin_unlock)


def _err(text: str) -> None:
    print(f"skolebot: {text}", file=sys.stderr)


# ---------------------------------------------------------------------------- progress


def progress_line(counts: dict[str, int], *, width: int = 30) -> str:
    """ "[#########-----] 45/100 ended | delivered 40, sent 3, failed 2, pending 55" (pure)."""
    total = sum(counts.values())
    open_ = counts.get("pending", 0) + counts.get("sending", 0)
    ended = total - open_
    filled = width if total == 0 else round(width * ended / total)
    parts = [
        f"{name} {counts[name]}"
        for name in ("delivered", "sent", "failed", "skipped", "sending", "pending")
        if counts.get(name)
    ]
    return f"[{'#' * filled}{'-' * (width - filled)}] {ended}/{total} ended | " + ", ".join(parts or ["nothing"])


async def follow(
    outbox: Progress,
    broadcast_id: int,
    *,
    out: TextIO | None = None,
    interval: float = 0.5,
    timeout: float | None = None,
) -> dict[str, int]:
    """Draw the progress bar (on stderr) until no delivery of the broadcast is pending or being sent."""
    out = out or sys.stderr
    tty = out.isatty()
    started = last_line = time.monotonic()
    while True:
        counts = await outbox.progress(broadcast_id)
        done = counts.get("pending", 0) + counts.get("sending", 0) == 0
        if tty:
            out.write("\r" + progress_line(counts))
        elif done or time.monotonic() - last_line >= 2.0:
            out.write(progress_line(counts) + "\n")
            last_line = time.monotonic()
        out.flush()
        if done or (timeout is not None and time.monotonic() - started > timeout):
            if tty:
                out.write("\n")
            return counts
        await asyncio.sleep(interval)


# ---------------------------------------------------------------------------- commands


async def _services(settings: Settings) -> Services:
    """The whole application (its senders started), for commands that send."""
    # The composition root and the worker are loaded only by the commands that send, so `skolebot --help`
    # and the read-only commands start without the web app (no import cycle is dodged here).
    from bot.app import build_services, start_sms_sender

    services = build_services(settings)
    await start_sms_sender(services)
    return services


async def _close(services: Services) -> None:
    await services.sms_adapter.sender.close()
    await services.db.dispose()


async def _migrated(settings: Settings) -> bool:
    database = await _require_migrated(settings)
    if database is None:
        return False
    await database.dispose()
    return True


def _target(args: argparse.Namespace) -> tuple[Audience, str] | None:
    """--audience and --channels read, or None after saying on stderr what is wrong with them."""
    audience = parse_audience(args.audience)
    if audience is None:
        _err(
            f"--audience {args.audience!r} is not an audience (school, staff, guardians, grade:5, class:5B, "
            "guardians:class:5B or a sourcedId)"
        )
        return None
    try:
        return audience, channels_from_option(args.channels)
    except ValueError as exc:
        _err(f"--channels: {exc}")
        return None


async def _prepare(
    service: BroadcastService, args: argparse.Namespace, audience: Audience, channels: str, lang: str
) -> Prepared | None:
    """The broadcast's plan, or None after saying on stderr why not."""
    try:
        return await service.prepare(
            audience, channels, args.message, emergency=args.emergency or args.drill, drill=args.drill, language=lang
        )
    except UnknownAudience as exc:
        _err(f"--audience: {exc}")
    except TooLong as exc:
        _err(f"--message is {exc.length} characters as SMS; Twilio takes at most 1600")
    return None


async def _confirmed(args: argparse.Namespace) -> bool:
    """True with --yes or when the operator answers yes; otherwise says "not sent"."""
    if args.yes:
        return True
    answer = await asyncio.to_thread(input, "Send? [y/N] ")
    if answer.strip().lower() in ("y", "yes", "j", "ja"):
        return True
    print("not sent")
    return False


async def _send_and_follow(services: Services, service: BroadcastService, prepared: Prepared, lang: str) -> None:
    """Queue the broadcast, send it with a worker of its own while drawing the progress bar, then print the report."""
    from bot.outbox_worker import build_worker  # loaded only by the commands that send (see _services)

    broadcast_id = await service.send(
        prepared, sender_id=None, actor=f"shell:{getpass.getuser()}", origin="shell", now=dt.datetime.now(dt.UTC)
    )
    print(f"broadcast {broadcast_id} queued: {len(prepared.plan.recipients)} recipients")
    worker_ = build_worker(services, broadcast_id=broadcast_id, reports=False)
    await worker_.start()
    try:
        await follow(service.outbox, broadcast_id)
    finally:
        await worker_.stop()
    report = await service.report(broadcast_id)
    assert report is not None
    print(report_text(lang, report, names=None))


async def _preview_and_send(
    services: Services, args: argparse.Namespace, audience: Audience, channels: str, lang: str
) -> int:
    """Print the preview, ask, send: 0 when sent, 1 when refused, empty or not confirmed."""
    service = service_for(services.deps)
    prepared = await _prepare(service, args, audience, channels, lang)
    if prepared is None:
        return 1
    print(
        preview_text(
            lang,
            prepared.message.teams_body,
            prepared.numbers,
            audience_label(lang, str(audience)),
            emergency=prepared.plan.emergency,
            drill=args.drill,
            overrides_opt_out=prepared.plan.overrides_opt_out,
            hint=False,
        )
    )
    if not prepared.plan.recipients:
        _err("nobody is in that audience; nothing was sent")
        return 1
    if not await _confirmed(args):
        return 1
    await _send_and_follow(services, service, prepared, lang)
    return 0


async def broadcast(args: argparse.Namespace, settings: Settings) -> int:
    """`skolebot broadcast`: preview, ask (unless --yes), queue and send with a progress bar."""
    target = _target(args)
    if target is None or not await _migrated(settings):
        return 2
    services = await _services(settings)
    try:
        return await _preview_and_send(services, args, *target, args.language or settings.default_language)
    finally:
        await _close(services)


async def report_broadcast(args: argparse.Namespace, settings: Settings) -> int:
    if not await _migrated(settings):
        return 2
    database = Database(settings.database_url)
    try:
        report = await Broadcasts(database).report(args.id)
    finally:
        await database.dispose()
    if report is None:
        _err(f"no broadcast {args.id}")
        return 1
    if args.json:
        print(json.dumps([report.as_json()], ensure_ascii=False, indent=2))
    else:
        print(report_text(settings.default_language, report, names=None))
    return 0


async def worker(args: argparse.Namespace, settings: Settings) -> int:
    from bot.outbox_worker import build_worker  # loaded only by the commands that send (see _services)

    if not await _migrated(settings):
        return 2
    services = await _services(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    worker_ = build_worker(services)
    await worker_.start()
    jobs = getattr(services, "jobs", None) if settings.jobs_interval > 0 else None
    if jobs is not None:
        jobs.start()  # the periodic jobs too, so a deployment may run them here rather than in serve
    print(
        f"outbox worker {worker_.id}: SMS {settings.sms_rate:g} segments/s, Teams {settings.teams_rate:g}/s "
        "(Ctrl-C stops)",
        flush=True,
    )
    try:
        await stop.wait()
    finally:
        if jobs is not None:
            await jobs.stop()
        await worker_.stop()
        await _close(services)
    return 0


def _read_pin(args: argparse.Namespace) -> str:
    if args.pin:
        return args.pin.strip()
    if sys.stdin.isatty():
        return getpass.getpass("PIN: ").strip()
    return sys.stdin.readline().strip()


async def pin_set(args: argparse.Namespace, settings: Settings) -> int:
    if not await _migrated(settings):
        return 2
    pin = _read_pin(args)
    database = Database(settings.database_url)
    try:
        await Broadcasts(database).set_pin(args.person, pin)
        person = await People(database).get(args.person)
    except BadPin as exc:
        _err(str(exc))
        return 1
    finally:
        await database.dispose()
    phone = mask_phone(person.mobile) if person else "<none>"
    print(f'PIN set for {args.person}. Send "VARSEL <PIN> text" by SMS from {phone}.')
    return 0


async def pin_unlock(args: argparse.Namespace, settings: Settings) -> int:
    if not await _migrated(settings):
        return 2
    database = Database(settings.database_url)
    try:
        count = await Broadcasts(database).unlock(args.person)
    finally:
        await database.dispose()
    print(f"{count} locked number(s) unlocked for {args.person}")
    return 0
