"""Real `skolebot worker` processes on PostgreSQL: killed with -9 in the middle nothing is lost and
at most the sends in flight go twice; two workers side by side never send anything twice."""

from __future__ import annotations

import asyncio
import collections
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from storage.db import Database
from storage.migrate import upgrade
from storage.models import Person
from storage.models_broadcast import Delivery
from storage.outbox import Outbox
from tests.dbs import fresh_url
from tests.e2e.harness import Running, running_bot

ROOT = Path(__file__).resolve().parents[2]
GUARDIANS = 120


@pytest.fixture
async def pg_url(tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_url("postgresql", tmp_path) as url:
        await upgrade(url)
        db = Database(url)
        try:
            async with db.transaction() as s:
                s.add_all(
                    [
                        Person(
                            sourced_id=f"g{i:04d}",
                            role="parent",
                            given_name="Foresatt",
                            family_name=str(i),
                            sms=f"+4793{i:06d}",
                            active=True,
                        )
                        for i in range(GUARDIANS)
                    ]
                )
        finally:
            await db.dispose()
        yield url


@pytest.fixture
async def server(pg_url: str) -> AsyncIterator[Running]:
    """The app without a worker: it hosts the fake Twilio and receives its status callbacks."""
    async with running_bot(pg_url, SKOLEBOT_OUTBOX_WORKER=False) as bot:
        bot.twilio.status_callback_delay = 0.3
        yield bot


def spawn(bot: Running, log: Path, *, rate: int = 40) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        {
            "SKOLEBOT_DATABASE_URL": bot.settings.database_url,
            "SKOLEBOT_PUBLIC_URL": bot.url,
            "TWILIO_ACCOUNT_SID": bot.twilio.account_sid,
            "TWILIO_AUTH_TOKEN": bot.twilio.auth_token,
            "TWILIO_FROM_NUMBER": "+4759440000",
            "SKOLEBOT_TWILIO_API_URL": bot.twilio.base_url or "",
            "SKOLEBOT_SMS_RATE": str(rate),
        }
    )
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "worker"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )


async def statuses(db: Database, broadcast_id: int) -> collections.Counter[str]:
    async with db.transaction() as s:
        rows = (
            await s.execute(
                select(Delivery.status, func.count())
                .where(Delivery.broadcast_id == broadcast_id)
                .group_by(Delivery.status)
            )
        ).all()
    return collections.Counter({status: n for status, n in rows})


async def until(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not await predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM and wait (in a thread: the fake Twilio in this process must keep answering)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.to_thread(process.wait, 30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        assert process.returncode == 0, "the worker did not stop cleanly"


async def test_a_worker_killed_mid_send_loses_nothing_and_repeats_at_most_its_sends_in_flight(
    server: Running, tmp_path: Path
) -> None:
    db = server.services.db
    outbox = Outbox(db)
    broadcast_id = await outbox.enqueue([f"g{i:04d}" for i in range(GUARDIANS)], "Skolen stenger kl 12", channels="sms")
    server.twilio.slow_seconds = 0.3  # every send is in flight for a while
    first = spawn(server, tmp_path / "first.log")
    try:

        async def some_sent() -> bool:
            return len(server.twilio.messages) >= 30

        await until(some_sent, 60, "the first sends")
        first.send_signal(signal.SIGKILL)
        await asyncio.to_thread(first.wait)
    finally:
        if first.poll() is None:
            first.kill()
    await asyncio.sleep(1.0)  # sends the dead worker had in flight reach Twilio now, or never
    async with db.transaction() as s:
        recorded = (
            await s.execute(
                select(func.count())
                .select_from(Delivery)
                .where(Delivery.broadcast_id == broadcast_id, Delivery.sms_sid.is_not(None))
            )
        ).scalar_one()
        claimed = (
            await s.execute(
                select(func.count())
                .select_from(Delivery)
                .where(Delivery.broadcast_id == broadcast_id, Delivery.status == "sending")
            )
        ).scalar_one()
    in_flight = len(server.twilio.messages) - recorded  # Twilio has them, the outbox never heard back
    assert 0 <= in_flight <= claimed
    assert (await statuses(db, broadcast_id))["pending"] > 0  # killed mid-broadcast

    async with db.transaction() as s:  # the dead worker's lease runs out (tested with real time elsewhere)
        await s.execute(
            update(Delivery)
            .where(Delivery.status == "sending")
            .values(next_attempt_at=func.now(), claimed_until=func.now())
        )
    server.twilio.slow_seconds = 0.0
    second = spawn(server, tmp_path / "second.log")
    try:

        async def finished() -> bool:
            counts = await statuses(db, broadcast_id)
            return set(counts) <= {"delivered", "failed"}

        await until(finished, 90, "every delivery to end after the restart")
    finally:
        await stop(second)
    counts = await statuses(db, broadcast_id)
    assert counts == collections.Counter({"delivered": GUARDIANS})
    per_phone = collections.Counter(m.to for m in server.twilio.messages)
    assert len(per_phone) == GUARDIANS  # everyone got the message
    duplicates = sum(n - 1 for n in per_phone.values())
    assert duplicates <= in_flight
    print(f"killed with {claimed} claimed, {in_flight} in flight; {duplicates} sent twice")
    assert len(server.twilio.messages) == GUARDIANS + duplicates


async def test_two_workers_share_the_work_and_send_nothing_twice(server: Running, tmp_path: Path) -> None:
    db = server.services.db
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    workers = [spawn(server, log, rate=60) for log in logs]
    try:

        async def both_started() -> bool:
            return all("started" in log.read_text() for log in logs)

        await until(both_started, 60, "both workers to start")
        broadcast_id = await Outbox(db).enqueue(
            [f"g{i:04d}" for i in range(GUARDIANS)], "Foreldremøte torsdag", channels="sms"
        )

        async def finished() -> bool:
            counts = await statuses(db, broadcast_id)
            return set(counts) <= {"delivered", "failed"}

        await until(finished, 90, "every delivery to end")
    finally:
        for worker in workers:
            await stop(worker)
    per_phone = collections.Counter(m.to for m in server.twilio.messages)
    assert len(per_phone) == GUARDIANS and set(per_phone.values()) == {1}
    assert (await statuses(db, broadcast_id)) == collections.Counter({"delivered": GUARDIANS})
    sent_by = [log.read_text().count("sms queued sid=") for log in logs]
    assert sum(sent_by) == GUARDIANS and all(n > 0 for n in sent_by), sent_by  # both took part
