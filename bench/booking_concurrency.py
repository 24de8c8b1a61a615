"""How fast the booking layer books, and proof that concurrency never double-books, on SQLite and PostgreSQL.

Three runs per database, straight against storage.bookings (no HTTP):
  throughput  -- N writers booking distinct slots: bookings per second;
  contention  -- N attempts on the SAME slot at once, R rounds: exactly one wins each round;
  random      -- N writers booking random, often overlapping slots: how many landed, how many refused.
After each run an SQL self-join counts overlapping active bookings of one resource: it must be 0.
Usage: python bench/booking_concurrency.py [--writers 20] [--bookings 1000] [--rounds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage.bookings import Bookings, Slot, SlotTaken  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Person, Resource  # noqa: E402

OSLO = ZoneInfo("Europe/Oslo")
FIRST_DAY = dt.date(2031, 1, 6)
RESOURCES = 10

OVERLAPS = text(
    "SELECT count(*) FROM bookings a JOIN bookings b ON a.resource_id = b.resource_id AND a.id < b.id "
    "WHERE a.status = 'active' AND b.status = 'active' AND a.start_at < b.end_at AND b.start_at < a.end_at"
)


async def seed(db: Database, writers: int) -> None:
    async with db.transaction() as s:
        s.add_all(
            Resource(sourced_id=f"r-{n}", name=f"Rom {n}", kind="grupperom", capacity=6, aliases="", active=True)
            for n in range(RESOURCES)
        )
        s.add_all(
            Person(sourced_id=f"t-{n}", role="teacher", given_name=f"T{n}", family_name="Bench", active=True)
            for n in range(writers)
        )


async def double_bookings(db: Database) -> int:
    async with db.transaction() as s:
        return int((await s.execute(OVERLAPS)).scalar_one())


def hour_slot(index: int, minutes: int = 60) -> Slot:
    """Distinct slots: 8 per weekday, on consecutive days from FIRST_DAY."""
    day = FIRST_DAY + dt.timedelta(days=index // 8)
    start = dt.datetime.combine(day, dt.time(8), OSLO) + dt.timedelta(hours=index % 8)
    return Slot(start, start + dt.timedelta(minutes=minutes))


async def throughput(db: Database, writers: int, total: int) -> tuple[float, int]:
    store = Bookings(db)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(total):
        queue.put_nowait(n)

    async def writer(w: int) -> None:
        while not queue.empty():
            n = queue.get_nowait()
            await store.book(f"r-{n % RESOURCES}", hour_slot(n // RESOURCES), f"t-{w}")

    started = time.perf_counter()
    await asyncio.gather(*(writer(w) for w in range(writers)))
    return total / (time.perf_counter() - started), await double_bookings(db)


async def contention(db: Database, writers: int, rounds: int) -> tuple[list[int], float]:
    store = Bookings(db)
    winners: list[int] = []
    started = time.perf_counter()
    for r in range(rounds):
        slot = hour_slot(100_000 + r)

        async def attempt(w: int, slot: Slot = slot) -> bool:
            try:
                await store.book("r-0", slot, f"t-{w}")
                return True
            except SlotTaken:
                return False

        results = await asyncio.gather(*(attempt(w) for w in range(writers)))
        winners.append(sum(results))
    return winners, (writers * rounds) / (time.perf_counter() - started)


async def random_mix(db: Database, writers: int, attempts: int) -> tuple[int, int, float]:
    store = Bookings(db)
    rng = random.Random(49)
    booked = refused = 0
    queue: asyncio.Queue[tuple[str, Slot]] = asyncio.Queue()
    for _ in range(attempts):
        day = FIRST_DAY + dt.timedelta(days=200 + rng.randrange(3))
        start = dt.datetime.combine(day, dt.time(8), OSLO) + dt.timedelta(minutes=15 * rng.randrange(28))
        queue.put_nowait((f"r-{rng.randrange(3)}", Slot(start, start + dt.timedelta(minutes=15 * rng.randint(2, 6)))))

    async def writer(w: int) -> None:
        nonlocal booked, refused
        while not queue.empty():
            resource, slot = queue.get_nowait()
            try:
                await store.book(resource, slot, f"t-{w}")
                booked += 1
            except SlotTaken:
                refused += 1

    started = time.perf_counter()
    await asyncio.gather(*(writer(w) for w in range(writers)))
    return booked, refused, attempts / (time.perf_counter() - started)


async def run(label: str, url: str, args: argparse.Namespace) -> bool:
    await upgrade(url)
    db = Database(url)
    try:
        await seed(db, args.writers)
        rate, doubles_1 = await throughput(db, args.writers, args.bookings)
        winners, attempts_per_s = await contention(db, args.writers, args.rounds)
        booked, refused, mixed_per_s = await random_mix(db, args.writers, args.bookings)
        doubles = await double_bookings(db)
    finally:
        await db.dispose()
    ok = doubles_1 == 0 and doubles == 0 and all(w == 1 for w in winners)
    print(f"{label}:")
    print(f"  throughput   {args.bookings} distinct bookings by {args.writers} writers: {rate:8.0f} bookings/s")
    print(
        f"  contention   {args.rounds} rounds x {args.writers} attempts on one slot: winners per round "
        f"{sorted(set(winners))} ({attempts_per_s:.0f} attempts/s)"
    )
    print(
        f"  random       {args.bookings} overlapping attempts: {booked} booked, {refused} refused "
        f"({mixed_per_s:.0f} attempts/s)"
    )
    print(f"  double bookings found afterwards: {doubles}  -> {'OK' if ok else 'FAILED'}")
    return ok


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20, help="concurrent writers / attempts per slot")
    parser.add_argument("--bookings", type=int, default=1000, help="bookings in the throughput and random runs")
    parser.add_argument("--rounds", type=int, default=20, help="contention rounds")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(
            await run(
                "SQLite (WAL, BEGIN IMMEDIATE, overlap triggers)", f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}", args
            )
        )
    name = f"skolebot_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = await asyncpg.connect(host="127.0.0.1", user="postgres", database="test", timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"PostgreSQL: skipped ({type(exc).__name__}: {exc})")
        return 0 if all(results) else 1
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        results.append(
            await run(
                "PostgreSQL (exclusion constraint, btree_gist)",
                f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}",
                args,
            )
        )
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
