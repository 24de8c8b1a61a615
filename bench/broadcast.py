"""A broadcast to many guardians through the durable outbox, on PostgreSQL, with real workers.

Prints: time to enqueue (resolve + route + write broadcast and deliveries in one transaction),
achieved send rate against the cap, answers 429, duplicates, and peak memory (the enqueuing
process and the worker processes). SMS goes to a fake Twilio accepting SKOLEBOT_SMS_RATE per
second (more is answered 429 with Retry-After); Teams goes to a fake connector that enforces
Teams' limits (50 sends/s per app, 7/s per conversation) and answers 429 with Retry-After.

    python bench/broadcast.py                                   # 100,000 guardians, SMS, until done
    python bench/broadcast.py --guardians 20000 --seconds 60    # a bounded run gives the rate
    python bench/broadcast.py --channel teams --guardians 5000 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import datetime as dt
import json
import os
import resource
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import asyncpg
from aiohttp import web
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.sms.fake_twilio import FakeTwilio  # noqa: E402
from adapters.teams.fake_connector import FakeConnector  # noqa: E402
from storage.audiences import Audience  # noqa: E402
from storage.broadcasts import Broadcasts, Message  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models_broadcast import Delivery  # noqa: E402

PG = os.environ.get("SKOLEBOT_BENCH_PG", "postgres@127.0.0.1:5432")
TEXT = "Skolen stenger kl 12 i dag på grunn av strømbrudd. Barna kan hentes fra kl 11."


class TeamsLimits(FakeConnector):
    """The fake connector plus Teams' per-app limit (50 sends a second) with Retry-After."""

    per_app_limit: float = 50.0

    def __post_init__(self) -> None:
        super().__post_init__()
        self._window: collections.deque[float] = collections.deque()

    def _rate_limited(self, cid: str) -> web.Response | None:
        now = asyncio.get_running_loop().time()
        while self._window and now - self._window[0] >= 1.0:
            self._window.popleft()
        if len(self._window) >= self.per_app_limit:
            self.throttled += 1
            return web.json_response({"error": {"code": "429"}}, status=429, headers={"Retry-After": "1"})
        refused = super()._rate_limited(cid)
        if refused is None:
            self._window.append(now)
        return refused


async def fresh_database() -> tuple[str, str]:
    name = f"skolebot_bench_{uuid.uuid4().hex[:8]}"
    user, host = PG.split("@")
    conn = await asyncpg.connect(f"postgresql://{user}@{host}/postgres")
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return name, f"postgresql+asyncpg://{user}@{host}/{name}"


async def drop_database(name: str) -> None:
    user, host = PG.split("@")
    conn = await asyncpg.connect(f"postgresql://{user}@{host}/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def seed(url: str, n: int, *, connector_url: str | None) -> float:
    """N pupils, each with one guardian (and, for Teams, the guardian's conversation); seconds taken."""
    started = time.perf_counter()
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        people = [(f"s{i:06d}", "student", "Elev", str(i), 5, None) for i in range(n)]
        people += [(f"g{i:06d}", "parent", "Foresatt", str(i), None, f"+479{i:07d}") for i in range(n)]
        await conn.copy_records_to_table(
            "people",
            columns=[
                "sourced_id",
                "role",
                "given_name",
                "family_name",
                "grade",
                "sms",
                "active",
                "teams_blocked",
                "sms_opted_out",
            ],
            records=[(*p[:5], p[5], True, False, False) for p in people],
        )
        await conn.copy_records_to_table(
            "guardianships",
            columns=["student_id", "guardian_id", "active"],
            records=[(f"s{i:06d}", f"g{i:06d}", True) for i in range(n)],
        )
        if connector_url:
            refs = []
            for i in range(n):
                reference = {
                    "channelId": "msteams",
                    "serviceUrl": connector_url,
                    "conversation": {"id": f"a:conv-{i}"},
                    "user": {"id": f"29:g{i}"},
                    "bot": {"id": "skolebot"},
                }
                refs.append((f"g{i:06d}", "msteams", f"a:conv-{i}", json.dumps(reference)))
            await conn.executemany(
                "INSERT INTO conversation_refs (person_id, channel_id, conversation_id, reference, updated_at) "
                "VALUES ($1, $2, $3, $4, now())",
                refs,
            )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return time.perf_counter() - started


async def enqueue(url: str, channels: str) -> tuple[int, float, float, int]:
    """Plan and write the broadcast; (id, seconds to plan, seconds to write, deliveries)."""
    db = Database(url)
    broadcasts = Broadcasts(db)
    try:
        started = time.perf_counter()
        plan = await broadcasts.plan(Audience("school", "guardians"), channels, emergency=True)
        planned = time.perf_counter()
        message = Message(text=TEXT, sms_body=TEXT, teams_body=TEXT, segments=1)
        broadcast_id = await broadcasts.create(
            plan, message, sender_id=None, actor="bench", origin="shell", now=dt.datetime.now(dt.UTC)
        )
        written = time.perf_counter()
    finally:
        await db.dispose()
    return broadcast_id, planned - started, written - planned, len(plan.routes)


def peak_rss_mb(pid: int) -> float:
    """A live process's peak resident memory (Linux VmHWM); rusage would count the fork's copy."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def spawn_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "worker"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )


async def open_deliveries(db: Database, broadcast_id: int) -> int:
    async with db.transaction() as s:
        return int(
            (
                await s.execute(
                    select(func.count())
                    .select_from(Delivery)
                    .where(Delivery.broadcast_id == broadcast_id, Delivery.status.in_(("pending", "sending")))
                )
            ).scalar_one()
        )


async def run(args: argparse.Namespace) -> None:
    name, url = await fresh_database()
    twilio = FakeTwilio(status_callback_delay=10**6)  # receipts are not what we measure
    twilio.rate_limit_per_second = args.rate
    connector = TeamsLimits(per_conversation_limit=7)
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        twilio_url = await twilio.start()
        connector_url = await connector.start()
        await upgrade(url)
        seeded = await seed(url, args.guardians, connector_url=connector_url if args.channel == "teams" else None)
        print(f"seeded {args.guardians:,} guardians (and their pupils) in {seeded:.1f} s")
        channels = "teams" if args.channel == "teams" else "sms"
        broadcast_id, planned, written, count = await enqueue(url, channels)
        print(
            f"enqueue: {count:,} deliveries in {planned + written:.2f} s "
            f"(resolve+route {planned:.2f} s, one transaction writing them {written:.2f} s); target < 10 s"
        )
        print(
            f"peak memory of the enqueuing process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )

        env = dict(os.environ)
        env.update(
            {
                "SKOLEBOT_DATABASE_URL": url,
                "SKOLEBOT_PUBLIC_URL": "http://127.0.0.1:9",
                "TWILIO_ACCOUNT_SID": twilio.account_sid,
                "TWILIO_AUTH_TOKEN": twilio.auth_token,
                "TWILIO_FROM_NUMBER": "+4759440000",
                "SKOLEBOT_TWILIO_API_URL": twilio_url,
                "SKOLEBOT_SMS_RATE": str(args.rate),
                "SKOLEBOT_TEAMS_RATE": str(args.teams_rate),
            }
        )
        started = time.monotonic()
        workers = [spawn_worker(env, logs / f"worker-{i}.log") for i in range(args.workers)]
        sent = lambda: len(twilio.messages) if channels == "sms" else len(connector.activities)  # noqa: E731
        first_at: float | None = None
        last_report = last_check = started
        watch = Database(url, pool_size=1, max_overflow=0)
        while True:
            await asyncio.sleep(0.5)
            now = time.monotonic()
            dead = [w for w in workers if w.poll() is not None]
            if dead:
                raise SystemExit(f"a worker exited with {dead[0].returncode}; see {logs}")
            if first_at is None and sent():
                first_at = now
            if now - last_report >= 10:
                print(f"  {now - started:5.0f} s: {sent():,} sent", flush=True)
                last_report = now
            if args.seconds and first_at is not None and now - first_at >= args.seconds:
                break
            if now - last_check >= 2 and sent():  # the fake Twilio shares this process: look seldom
                last_check = now
                if await open_deliveries(watch, broadcast_id) == 0:
                    break
        ended = time.monotonic()
        await watch.dispose()
        total = sent()
        peaks = [peak_rss_mb(worker.pid) for worker in workers]
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:  # in a thread: the fakes in this process must keep answering meanwhile
            await asyncio.to_thread(worker.wait, 60)
        elapsed = ended - (first_at or started)
        if channels == "sms":
            recipients = collections.Counter(m.to for m in twilio.messages)
            answered_429 = twilio.request_count - len(twilio.messages)
            cap = args.rate
            requests = twilio.request_count
        else:
            recipients = collections.Counter(a["conversation"]["id"] for a in connector.activities)
            answered_429 = connector.throttled
            cap = args.teams_rate
            requests = connector.requests
        duplicates = sum(n - 1 for n in recipients.values())
        rate = total / elapsed if elapsed > 0 else 0.0
        print(
            f"sent {total:,} {channels.upper()} in {elapsed:.1f} s with {args.workers} workers: "
            f"{rate:.1f}/s against a cap of {cap:g}/s = {100 * rate / cap:.1f}% (target >= 95%"
            + (", and >= 40/s" if channels == "teams" else "")
            + ")"
        )
        print(f"answered 429: {answered_429} of {requests} requests ({100 * answered_429 / max(requests, 1):.2f}%)")
        print(f"duplicates: {duplicates} (target 0)")
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(
            f"worker CPU: {1000 * (usage.ru_utime + usage.ru_stime) / max(total, 1):.2f} ms per send "
            f"({usage.ru_utime + usage.ru_stime:.1f} s in all)"
        )
        print("peak memory of the worker processes: " + ", ".join(f"{p:.0f} MB" for p in peaks))
        print(f"first SMS/Teams message after the workers started: {(first_at or ended) - started:.2f} s")
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
        await twilio.stop()
        await connector.stop()
        if not args.keep:
            await drop_database(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--guardians", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long sending (0: until done)")
    parser.add_argument("--channel", choices=("sms", "teams"), default="sms")
    parser.add_argument("--rate", type=float, default=200, help="SKOLEBOT_SMS_RATE and the fake Twilio's cap")
    parser.add_argument("--teams-rate", type=float, default=40, help="SKOLEBOT_TEAMS_RATE")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--logs", default="/tmp/skolebot-bench-broadcast")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
