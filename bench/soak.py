"""Soak: mixed traffic at a fixed rate for a bounded time; errors and resident memory growth.

Skolebot runs in this process on SQLite with the demo school, behind a fake Twilio and a fake
Teams connector, with its outbox worker and periodic jobs. Guardians text absences, "hei",
"ukeplan" and answers through the signed /api/sms; teachers ask for their class's absences and
help in /api/messages; every minute a message goes to a class's guardians through the outbox.
The clock is shifted to a Monday morning so absences land on school days.

Every 10 s it samples VmRSS (/proc/self/status) and clears what the fakes remember (their
message lists would otherwise grow with the run and be counted as Skolebot's). It reports
errors (non-2xx answers, failed requests, failed turns from /metrics' counters, ERROR log
records) and memory growth after warm-up. Targets: no errors, growth under 10 %.

Usage: python bench/soak.py [--seconds 180] [--rate 10] [--warmup 60]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import random
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.sms.fake_twilio import FakeTwilio  # noqa: E402
from adapters.sms.twilio_client import sign  # noqa: E402
from adapters.teams.fake_connector import FakeConnector  # noqa: E402
from bot.app import Services, create_app, services_of  # noqa: E402
from bot.emulator import EmulatorClient, EmulatorUser  # noqa: E402
from bot.logs import mask_phones  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.demo_school import load_demo  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

SCHOOL_NUMBER = "+4759440000"
MONDAY_MORNING = dt.datetime(2026, 11, 30, 6, 45, tzinfo=dt.UTC)  # 07:45 in Oslo
SMS_SHARE = 0.8


# ---------------------------------------------------------------------------- who talks, and what


@dataclass(frozen=True)
class Guardian:
    phone: str
    children: tuple[str, ...]  # first names


@dataclass(frozen=True)
class Teacher:
    upn: str
    class_title: str | None


def guardian_text(g: Guardian, rng: random.Random) -> str:
    child = rng.choice(g.children) if g.children else "Ola"
    return rng.choice(
        [
            f"{child} er syk i dag",
            f"Hei! {child} har feber og blir hjemme",
            f"{child} er syk på tirsdag",
            f"{child} har tannlegetime og kommer kl 10",
            "hei",
            "ukeplan",
            "hjelp",
            "Takk for beskjed",
            "1",
        ]
    )


def teacher_text(t: Teacher, rng: random.Random) -> str:
    listing = f"fravær {t.class_title}" if t.class_title else "fravær"
    return rng.choice([listing, listing, "hei", "hjelp", "ukeplan"])


async def cast(url: str) -> tuple[list[Guardian], list[Teacher], list[list[str]]]:
    """Guardians with a phone and their children's names; teachers and their class; classes' guardians."""
    from sqlalchemy import select

    from storage.models import Enrollment, Guardianship, Person, SchoolClass

    db = Database(url)
    async with db.transaction() as s:
        guardians = (
            await s.execute(
                select(Person.sourced_id, Person.sms).where(
                    Person.role.in_(("parent", "guardian")), Person.sms.is_not(None)
                )
            )
        ).all()
        kids = (
            await s.execute(
                select(Guardianship.guardian_id, Person.given_name).join(
                    Person, Person.sourced_id == Guardianship.student_id
                )
            )
        ).all()
        teachers = (
            await s.execute(
                select(Person.username, SchoolClass.title)
                .join(Enrollment, Enrollment.person_id == Person.sourced_id, isouter=True)
                .join(SchoolClass, SchoolClass.sourced_id == Enrollment.class_id, isouter=True)
                .where(Person.role == "teacher", Person.username.is_not(None))
            )
        ).all()
        audiences = (
            await s.execute(
                select(Enrollment.class_id, Guardianship.guardian_id)
                .join(Guardianship, Guardianship.student_id == Enrollment.person_id)
                .where(Enrollment.role == "student")
            )
        ).all()
    await db.dispose()
    names: dict[str, list[str]] = {}
    for guardian_id, name in kids:
        names.setdefault(guardian_id, []).append(name)
    by_teacher: dict[str, str | None] = {}
    for upn, title in teachers:
        by_teacher.setdefault(upn, title)
    by_class: dict[str, list[str]] = {}
    for class_id, guardian_id in audiences:
        by_class.setdefault(class_id, []).append(guardian_id)
    return (
        [Guardian(phone, tuple(names.get(sid, []))) for sid, phone in guardians],
        [Teacher(upn, title) for upn, title in by_teacher.items()],
        [sorted(set(ids)) for ids in by_class.values()],
    )


# ---------------------------------------------------------------------------- measuring


def rss_kib() -> int:
    """Resident set size of this process, from /proc/self/status (kB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status (Linux only)")


class ErrorLog(logging.Handler):
    """Counts ERROR records (a failed turn or send) and WARNINGs (shown, not errors) by logger."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.by_logger: Counter[str] = Counter()
        self.warnings: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.by_logger[record.name] += 1
            if self.by_logger[record.name] <= 3:  # the first few, to say what went wrong
                error = record.exc_info[1] if record.exc_info else None
                print(
                    mask_phones(
                        f"  ERROR {record.name}: {record.getMessage()}"
                        + (f" ({type(error).__name__}: {str(error)[:200]})" if error else "")
                    ),
                    flush=True,
                )
        else:
            self.warnings[f"{record.name}: {record.msg}"] += 1


@dataclass
class Tally:
    sent: Counter[str] = field(default_factory=Counter)  # sms, teams
    http_errors: Counter[str] = field(default_factory=Counter)  # "sms 503", ...
    failures: Counter[str] = field(default_factory=Counter)  # exception type names
    latency: dict[str, list[float]] = field(default_factory=lambda: {"sms": [], "teams": []})
    sms_out: int = 0
    teams_out: int = 0
    samples: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, VmRSS kB)
    warnings: Counter[str] = field(default_factory=Counter)  # WARNING log records by logger and text
    max_in_flight: int = 0  # requests sent and not yet answered (a backlog means the app fell behind)
    drain_seconds: float = 0.0  # after the last request was sent, until every answer was in


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


# ---------------------------------------------------------------------------- the run


class ShiftedClock:
    """Real time, moved to a Monday morning: the bot's clock for the run."""

    def __init__(self, start: dt.datetime) -> None:
        self._offset = start - dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self._offset


async def soak(args: argparse.Namespace) -> Tally:
    tmp = Path(tempfile.mkdtemp(prefix="skolebot-soak-"))
    url = f"sqlite+aiosqlite:///{tmp / 'soak.db'}"
    await upgrade(url)
    db = Database(url)
    await load_demo(db)
    await db.dispose()
    guardians, teachers, classes = await cast(url)

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    public = f"http://127.0.0.1:{sock.getsockname()[1]}"
    twilio = FakeTwilio()
    twilio_url = await twilio.start()
    connector = FakeConnector()
    connector_url = await connector.start()
    settings = load_settings(
        SKOLEBOT_DATABASE_URL=url,
        SKOLEBOT_PUBLIC_URL=public,
        TWILIO_ACCOUNT_SID=twilio.account_sid,
        TWILIO_AUTH_TOKEN=twilio.auth_token,
        TWILIO_FROM_NUMBER=SCHOOL_NUMBER,
        SKOLEBOT_TWILIO_API_URL=twilio_url,
        SKOLEBOT_JOBS_INTERVAL=10,
    )
    app = create_app(settings, clock=ShiftedClock(MONDAY_MORNING))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    services: Services = services_of(app)
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    logging.getLogger().setLevel(logging.WARNING)

    tally = Tally()
    rng = random.Random(2026)
    started = time.perf_counter()
    inflight: set[asyncio.Task[None]] = set()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as session:
        client = EmulatorClient(public, connector, connector_url, session)
        users = {t.upn: EmulatorUser(user_id=t.upn, name=t.upn) for t in teachers}

        async def text(g: Guardian) -> None:
            form = {
                "MessageSid": f"SM{uuid.uuid4().hex}",
                "AccountSid": twilio.account_sid,
                "From": g.phone,
                "To": SCHOOL_NUMBER,
                "Body": guardian_text(g, rng),
                "NumMedia": "0",
                "NumSegments": "1",
            }
            headers = {"X-Twilio-Signature": sign(twilio.auth_token, public + "/api/sms", form)}
            t0 = time.perf_counter()
            async with session.post(public + "/api/sms", data=form, headers=headers) as resp:
                await resp.read()
                if resp.status != 200:
                    tally.http_errors[f"sms {resp.status}"] += 1
            tally.latency["sms"].append(time.perf_counter() - t0)

        async def chat(t: Teacher) -> None:
            t0 = time.perf_counter()
            resp = await client.post(client.activity(users[t.upn], text=teacher_text(t, rng)))
            if resp.status >= 400:
                tally.http_errors[f"teams {resp.status}"] += 1
            tally.latency["teams"].append(time.perf_counter() - t0)

        busy: dict[str, asyncio.Task[None]] = {}  # a person writes again only once answered

        async def guarded(kind: str, coro, wait_for: asyncio.Task[None] | None) -> None:  # type: ignore[no-untyped-def]
            if wait_for is not None:
                await asyncio.wait([wait_for])
            try:
                await coro
                tally.sent[kind] += 1
            except Exception as exc:
                tally.failures[f"{kind} {type(exc).__name__}"] += 1

        def spawn(kind: str, coro, who: str | None = None) -> None:  # type: ignore[no-untyped-def]
            previous = busy.get(who) if who else None
            task = asyncio.create_task(guarded(kind, coro, previous if previous and not previous.done() else None))
            inflight.add(task)
            task.add_done_callback(inflight.discard)
            if who:
                busy[who] = task
                task.add_done_callback(lambda t, who=who: busy.pop(who, None) if busy.get(who) is t else None)

        def sample() -> None:
            tally.sms_out += len(twilio.messages)
            tally.teams_out += len(connector.activities)
            twilio.messages.clear()
            twilio.callbacks.clear()
            connector.activities.clear()
            connector.updates.clear()
            tally.samples.append((time.perf_counter() - started, rss_kib()))
            tally.max_in_flight = max(tally.max_in_flight, len(inflight))
            at, kib = tally.samples[-1]
            print(
                f"  {at:6.0f} s  VmRSS {kib / 1024:7.1f} MiB  turns {sum(tally.sent.values()):6d}  "
                f"in flight {len(inflight):3d}  SMS out {tally.sms_out:6d}",
                flush=True,
            )

        outbox = services.deps.extras["outbox"]
        interval = 1.0 / args.rate
        next_turn = started
        next_sample = started
        next_broadcast = started + args.broadcast_every
        deadline = started + args.seconds
        while (now := time.perf_counter()) < deadline:
            if now >= next_sample:
                sample()
                next_sample += args.sample_every
            if now >= next_broadcast:
                spawn("broadcast", outbox.enqueue(rng.choice(classes), "Husk gymtøy i morgen!", channels="both"))
                next_broadcast += args.broadcast_every
            if rng.random() < SMS_SHARE:
                g = rng.choice(guardians)
                spawn("sms", text(g), who=g.phone)
            else:
                t = rng.choice(teachers)
                spawn("teams", chat(t), who=t.upn)
            next_turn += interval
            await asyncio.sleep(max(0.0, next_turn - time.perf_counter()))
        if inflight:
            await asyncio.wait(list(inflight), timeout=300)
        await services.sms_adapter.drain(timeout=300)
        tally.drain_seconds = time.perf_counter() - deadline
        sample()
        counters = services.metrics.registry
        tally.failures.update({f"turn errors ({label})": int(value) for label, value in _turn_errors(counters)})
    await runner.cleanup()
    await connector.stop()
    await twilio.stop()
    logging.getLogger().removeHandler(errors)
    tally.failures.update({f"ERROR log {name}": n for name, n in errors.by_logger.items()})
    tally.warnings = errors.warnings
    return tally


def _turn_errors(registry) -> list[tuple[str, float]]:  # type: ignore[no-untyped-def]
    out = []
    for family in registry.collect():
        if family.name == "skolebot_turn_errors":
            out.extend(
                (s.labels.get("channel", "?"), s.value) for s in family.samples if s.name.endswith("_total") and s.value
            )
    return out


def report(args: argparse.Namespace, tally: Tally) -> bool:
    turns = tally.sent["sms"] + tally.sent["teams"]
    errors = sum(tally.http_errors.values()) + sum(tally.failures.values())
    print(
        f"\n{args.seconds:g} s at {args.rate:g} turns/s on SQLite (demo school): {turns} turns "
        f"({tally.sent['sms']} SMS, {tally.sent['teams']} Teams, {turns / args.seconds:.1f}/s), "
        f"{tally.sent['broadcast']} broadcasts; out: {tally.sms_out} SMS, {tally.teams_out} Teams activities"
    )
    print(
        f"latency: SMS webhook p50 {percentile(tally.latency['sms'], 0.5) * 1000:.0f} ms "
        f"p99 {percentile(tally.latency['sms'], 0.99) * 1000:.0f} ms; Teams turn p50 "
        f"{percentile(tally.latency['teams'], 0.5) * 1000:.0f} ms "
        f"p99 {percentile(tally.latency['teams'], 0.99) * 1000:.0f} ms"
    )
    print(
        f"errors: {errors}"
        + (
            ": " + ", ".join(f"{k} {v}" for k, v in (tally.http_errors + tally.failures).most_common())
            if errors
            else ""
        )
    )
    print(
        f"backlog: at most {tally.max_in_flight} requests waiting for an answer at a sample; "
        f"{tally.drain_seconds:.0f} s after the last request until all were answered"
        + ("  (the app did not keep up: memory growth includes the queue)" if tally.drain_seconds > 5 else "")
    )
    if tally.warnings:
        print("warnings (not errors): " + "; ".join(f"{k} x{v}" for k, v in tally.warnings.most_common(5)))
    after = [kib for at, kib in tally.samples if at >= args.warmup]
    if len(after) < 2:
        print(f"memory: not enough samples after the {args.warmup:g} s warm-up")
        return errors == 0
    growth = (after[-1] - after[0]) / after[0] * 100
    print(
        f"memory (VmRSS): start {tally.samples[0][1] / 1024:.1f} MiB, after warm-up {after[0] / 1024:.1f} MiB, "
        f"end {after[-1] / 1024:.1f} MiB, max {max(after) / 1024:.1f} MiB; "
        f"growth after warm-up {growth:+.1f} % (target < 10 %), median {statistics.median(after) / 1024:.1f} MiB"
    )
    ok = errors == 0 and growth < 10
    print("PASS" if ok else "FAIL")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=180.0, help="how long to run (default 180)")
    ap.add_argument(
        "--rate",
        type=float,
        default=10.0,
        help="turns per second (default 10: what one SQLite process sustains on 2 shared cores; 20 falls behind)",
    )
    ap.add_argument("--warmup", type=float, default=60.0, help="seconds before memory growth is measured")
    ap.add_argument("--sample-every", type=float, default=10.0, help="seconds between VmRSS samples")
    ap.add_argument("--broadcast-every", type=float, default=60.0, help="seconds between class broadcasts")
    args = ap.parse_args()
    print(
        f"soak: {args.seconds:g} s of mixed traffic at {args.rate:g} turns/s; VmRSS every {args.sample_every:g} s",
        flush=True,
    )
    return 0 if report(args, asyncio.run(soak(args))) else 1


if __name__ == "__main__":
    sys.exit(main())
