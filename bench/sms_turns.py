"""N guardians texting at once through /api/sms against a fake Twilio.

Prints turns per second and p50/p99 turn latency (webhook posted -> reply handed to Twilio)
with SqlStorage on SQLite and on PostgreSQL, against botbuilder's MemoryStorage, in one run.

The guardians and the fake Twilio run in a second process, as phones and Twilio are other
machines in production: the bot's process has its event loop to itself, and the figures are
the bot's, not the load generator's.

Usage: python bench/sms_turns.py [--guardians 50] [--seconds 20] [--think 2]
  --think 0 (default): each guardian texts again the moment the reply arrives (closed loop, the
  worst case; throughput is the figure). --think T: each guardian reads for T/2..3T/2 s before
  texting again and starts at a random moment in the first T s, so N conversations are under way
  at once as they would be at 07:45 on a school day; latency is the figure.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import resource
import socket
import statistics
import sys
import tempfile
import time
import uuid
from multiprocessing.connection import Connection
from pathlib import Path

import aiohttp
import asyncpg
from aiohttp import web
from botbuilder.core import MemoryStorage

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.sms.fake_twilio import FakeMessage, FakeTwilio  # noqa: E402
from adapters.sms.twilio_client import sign  # noqa: E402
from bot.app import create_app  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.demo_school import load_demo  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.e2e.harness import SCHOOL_NUMBER  # noqa: E402

MESSAGES = ["hei", "hjelp", "hei igjen"]


async def guardian_phones(url: str, n: int) -> list[str]:
    from sqlalchemy import select

    from storage.models import Person

    db = Database(url)
    async with db.transaction() as s:
        rows = (
            (
                await s.execute(
                    select(Person.sms)
                    .where(Person.role.in_(("parent", "guardian")), Person.sms.is_not(None))
                    .order_by(Person.sourced_id)
                )
            )
            .scalars()
            .all()
        )
    await db.dispose()
    return list(rows[:n])


# ------------------------------------------------------------------ the phones and Twilio (child process)


class Replies:
    """Counts the SMS Twilio accepted per number and wakes whoever waits for the next one."""

    def __init__(self) -> None:
        self.count: dict[str, int] = {}
        self._waiting: dict[str, tuple[int, asyncio.Future[float]]] = {}

    def accepted(self, message: FakeMessage) -> None:
        self.count[message.to] = self.count.get(message.to, 0) + 1
        waiting = self._waiting.get(message.to)
        if waiting and self.count[message.to] > waiting[0] and not waiting[1].done():
            waiting[1].set_result(time.perf_counter())

    def next_reply(self, phone: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiting[phone] = (self.count.get(phone, 0), future)
        return future


async def _phones(conn: Connection, phones: list[str], seconds: float, think: float) -> None:
    twilio = FakeTwilio(status_callback_delay=3600)  # no callbacks during the run: we measure turns
    replies = Replies()
    twilio.on_accept = replies.accepted
    conn.send((await twilio.start(), twilio.account_sid, twilio.auth_token))
    public = await asyncio.get_running_loop().run_in_executor(None, conn.recv)
    latencies: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        deadline = time.perf_counter() + seconds

        async def guardian(number: str) -> None:
            if think:
                await asyncio.sleep(random.random() * think)  # conversations begin through the first T s
            i = 0
            while time.perf_counter() < deadline:
                form = {
                    "MessageSid": f"SM{uuid.uuid4().hex}",
                    "AccountSid": twilio.account_sid,
                    "From": number,
                    "To": SCHOOL_NUMBER,
                    "Body": MESSAGES[i % len(MESSAGES)],
                    "NumMedia": "0",
                    "NumSegments": "1",
                    "FromCountry": "NO",
                    "ApiVersion": "2010-04-01",
                }
                headers = {"X-Twilio-Signature": sign(twilio.auth_token, public + "/api/sms", form)}
                reply = replies.next_reply(number)
                started = time.perf_counter()
                async with session.post(public + "/api/sms", data=form, headers=headers) as resp:
                    assert resp.status == 200, resp.status
                latencies.append(await asyncio.wait_for(reply, 60) - started)
                i += 1
                if think:
                    await asyncio.sleep(think * (0.5 + random.random()))  # a person reads, then types

        began = time.perf_counter()
        await asyncio.gather(*(guardian(p) for p in phones))
        elapsed = time.perf_counter() - began
    await twilio.stop()
    conn.send((latencies, elapsed))


def phones_process(conn: Connection, phones: list[str], seconds: float, think: float) -> None:
    asyncio.run(_phones(conn, phones, seconds, think))


# ------------------------------------------------------------------ the bot (this process)


def _cpu_seconds() -> float:
    """CPU time of this process (all its threads: aiosqlite's and asyncpg's work included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def run_case(
    label: str, url: str, storage_kind: str, n: int, seconds: float, think: float = 0.0
) -> dict[str, float]:
    phones = await guardian_phones(url, n)
    here, there = multiprocessing.get_context("spawn").Pipe()
    child = multiprocessing.get_context("spawn").Process(target=phones_process, args=(there, phones, seconds, think))
    child.start()
    loop = asyncio.get_running_loop()
    twilio_url, account_sid, auth_token = await loop.run_in_executor(None, here.recv)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    public = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings = load_settings(
        SKOLEBOT_DATABASE_URL=url,
        SKOLEBOT_PUBLIC_URL=public,
        TWILIO_ACCOUNT_SID=account_sid,
        TWILIO_AUTH_TOKEN=auth_token,
        TWILIO_FROM_NUMBER=SCHOOL_NUMBER,
        SKOLEBOT_TWILIO_API_URL=twilio_url,
        SKOLEBOT_JOBS_INTERVAL=0,
        SKOLEBOT_SMS_REPLIES_PER_MINUTE=100000,
        SKOLEBOT_OUTBOX_WORKER=os.environ.get("BENCH_OUTBOX", "true"),
    )
    app = create_app(settings, storage=MemoryStorage() if storage_kind == "memory" else None)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    cpu_before = _cpu_seconds()
    here.send(public)
    latencies, elapsed = await loop.run_in_executor(None, here.recv)
    cpu = _cpu_seconds() - cpu_before
    child.join()
    await runner.cleanup()
    latencies.sort()
    result = {
        "turns": len(latencies),
        "turns_per_s": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000,
        "cpu_ms_per_turn": cpu / max(1, len(latencies)) * 1000,
        "cpu_share": cpu / elapsed,
    }
    print(
        f"{label:28} {result['turns']:6d} turns  {result['turns_per_s']:7.1f}/s  "
        f"p50 {result['p50_ms']:6.1f} ms  p99 {result['p99_ms']:6.1f} ms  "
        f"bot CPU {result['cpu_ms_per_turn']:5.1f} ms/turn ({result['cpu_share']:.0%} of a core)",
        flush=True,
    )
    return result


async def prepare(url: str) -> None:
    await upgrade(url)
    db = Database(url)
    await load_demo(db)
    await db.dispose()


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--guardians", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a guardian waits between messages (0: back to back, the worst case)",
    )
    ap.add_argument("--pg", default="postgresql+asyncpg://postgres@127.0.0.1:5432")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    sqlite_url = f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
    await prepare(sqlite_url)
    pg_name = f"skolebot_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(host="127.0.0.1", user="postgres", database="test")
    await admin.execute(f'CREATE DATABASE "{pg_name}"')
    pg_url = f"{args.pg}/{pg_name}"
    await prepare(pg_url)
    pace = f", {args.think:g} s between messages" if args.think else ", back to back"
    print(f"{args.guardians} guardians texting at once for {args.seconds:g} s each case{pace}")
    try:
        memory = await run_case(
            "MemoryStorage (SQLite roster)", sqlite_url, "memory", args.guardians, args.seconds, args.think
        )
        lite = await run_case("SqlStorage on SQLite", sqlite_url, "sql", args.guardians, args.seconds, args.think)
        pg = await run_case("SqlStorage on PostgreSQL", pg_url, "sql", args.guardians, args.seconds, args.think)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        await admin.close()
    print(f"throughput ratio SQLite/Memory: {lite['turns_per_s'] / memory['turns_per_s']:.2f}  (target >= 0.67)")
    print(f"throughput ratio PostgreSQL/Memory: {pg['turns_per_s'] / memory['turns_per_s']:.2f}")
    print(f"p99 SQLite {lite['p99_ms']:.0f} ms, PostgreSQL {pg['p99_ms']:.0f} ms  (target < 200 ms)")


if __name__ == "__main__":
    asyncio.run(main())
