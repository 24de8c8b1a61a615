"""PostgreSQL goes away while guardians are texting: requests fail cleanly, then work again by themselves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from storage.db import Database
from storage.migrate import upgrade
from storage.models import Absence, InboundMessage
from tests.dbs import PG_HOST, PG_PORT, fresh_url
from tests.e2e.harness import FixedClock, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, seed_small_school
from tests.hardening.tcp_proxy import FaultyProxy

MONDAY = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


async def _count(db: Database, model) -> int:  # type: ignore[no-untyped-def]
    async with db.transaction() as s:
        return int((await s.execute(select(func.count()).select_from(model))).scalar_one())


async def test_postgres_outage_and_recovery_without_restarting_skolebot(tmp_path: Path) -> None:
    async with fresh_url("postgresql", tmp_path) as direct_url:
        await upgrade(direct_url)
        direct = Database(direct_url)
        await seed_small_school(direct)
        proxy = FaultyProxy(PG_HOST, PG_PORT)
        port = await proxy.start()
        via_proxy = direct_url.replace(f"{PG_HOST}:{PG_PORT}", f"127.0.0.1:{port}")
        try:
            async with running_bot(via_proxy, clock=FixedClock(MONDAY)) as bot:
                assert len(await bot.phone.text(GUARDIAN_ONE_KID, "hei")) == 1

                await proxy.down()
                form = bot.phone.form(GUARDIAN_ONE_KID, "Nora er syk i dag")
                status, _ = await bot.phone.post(form)
                assert status == 503  # Twilio will deliver it again; nothing half-written
                await bot.services.sms_adapter.drain()
                async with bot.session.get(f"{bot.url}/readyz") as resp:
                    assert resp.status == 503
                assert await _count(direct, Absence) == 0

                await proxy.up()
                status, _ = await bot.phone.post(form)  # Twilio's retry of the same message
                assert status == 200
                await bot.services.sms_adapter.drain()
                assert await _count(direct, Absence) == 1, bot.phone.inbox(GUARDIAN_ONE_KID)
                assert any("Registrert: Nora" in m for m in bot.phone.inbox(GUARDIAN_ONE_KID))
                status, _ = await bot.phone.post(form)  # and once more: no second effect
                await bot.services.sms_adapter.drain()
                assert await _count(direct, Absence) == 1
                assert await _count(direct, InboundMessage) == 2
                async with bot.session.get(f"{bot.url}/readyz") as resp:
                    assert resp.status == 200
        finally:
            await proxy.down()
            await direct.dispose()
