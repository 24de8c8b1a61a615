"""N guardians texting at once through /api/sms against a fake Twilio.

Prints turns per second and p50/p99 turn latency (webhook posted -> reply handed to Twilio)
with SqlStorage on SQLite and on PostgreSQL, against botbuilder's MemoryStorage, in one run.
Usage: python bench/sms_turns.py [--guardians 50] [--seconds 20] [--think 2]
"""

from __future__ import annotations

import argparse
import os
import random
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
import asyncpg
from aiohttp import web
from botbuilder.core import MemoryStorage

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import create_app, services_of  # noqa: E402
from bot.sms_phone import SmsPhone  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.demo_school import load_demo  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.e2e.harness import SCHOOL_NUMBER  # noqa: E402
from adapters.sms.fake_twilio import FakeTwilio  # noqa: E402

MESSAGES = ["hei", "hjelp", "hei igjen"]


async def guardian_phones(url: str, n: int) -> list[str]:
    from sqlalchemy import select

    from storage.models import Person

    db = Database(url)
    async with db.transaction() as s:
        rows = (await s.execute(select(Person.sms).where(Person.role.in_(("parent", "guardian")),
                                                         Person.sms.is_not(None)).order_by(Person.sourced_id))).scalars().all()
    await db.dispose()
    return list(rows[:n])


async def run_case(label: str, url: str, storage_kind: str, n: int, seconds: float,
                   think: float = 0.0) -> dict[str, float]:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    public = f"http://127.0.0.1:{sock.getsockname()[1]}"
    twilio = FakeTwilio(status_callback_delay=3600)  # no callbacks during the run: we measure turns
    twilio_url = await twilio.start()
    from bot.settings import load_settings

    settings = load_settings(SKOLEBOT_DATABASE_URL=url, SKOLEBOT_PUBLIC_URL=public,
                             TWILIO_ACCOUNT_SID=twilio.account_sid, TWILIO_AUTH_TOKEN=twilio.auth_token,
                             TWILIO_FROM_NUMBER=SCHOOL_NUMBER, SKOLEBOT_TWILIO_API_URL=twilio_url,
                             SKOLEBOT_JOBS_INTERVAL=0, SKOLEBOT_SMS_REPLIES_PER_MINUTE=100000,
                             SKOLEBOT_OUTBOX_WORKER=os.environ.get("BENCH_OUTBOX", "true"))
    app = create_app(settings, storage=MemoryStorage() if storage_kind == "memory" else None)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    phones = await guardian_phones(url, n)
    latencies: list[float] = []
    async with aiohttp.ClientSession() as session:
        phone = SmsPhone(bot_url=public, public_url=public, fake=twilio, school_number=SCHOOL_NUMBER,
                         session=session, settle=services_of(app).sms_adapter.drain)
        deadline = time.perf_counter() + seconds

        async def guardian(number: str) -> None:
            i = 0
            while time.perf_counter() < deadline:
                before = len(phone.inbox(number))
                started = time.perf_counter()
                status, _ = await phone.post(phone.form(number, MESSAGES[i % len(MESSAGES)], sid=f"SM{uuid.uuid4().hex}"))
                assert status == 200
                while len(phone.inbox(number)) <= before:
                    await asyncio.sleep(0.002)
                latencies.append(time.perf_counter() - started)
                i += 1
                if think:
                    await asyncio.sleep(think * (0.5 + random.random()))  # a person reads, then types

        began = time.perf_counter()
        await asyncio.gather(*(guardian(p) for p in phones))
        elapsed = time.perf_counter() - began
    await runner.cleanup()
    await twilio.stop()
    latencies.sort()
    result = {
        "turns": len(latencies), "turns_per_s": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000, "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }
    print(f"{label:28} {result['turns']:6d} turns  {result['turns_per_s']:7.1f}/s  "
          f"p50 {result['p50_ms']:6.1f} ms  p99 {result['p99_ms']:6.1f} ms", flush=True)
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
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean seconds a guardian waits between messages (0: back to back, the worst case)")
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
        memory = await run_case("MemoryStorage (SQLite roster)", sqlite_url, "memory", args.guardians, args.seconds, args.think)
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
