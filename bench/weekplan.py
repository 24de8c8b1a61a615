"""Week plans: how fast the pure parts are, and what a guardian waits for over /api/sms and the link.

Prints: rendering and token figures, the SMS size of a typical and a long plan, then the latency
of "ukeplan" by SMS (webhook posted -> reply handed to Twilio) and of GET /u/<token>, on SQLite.
Usage: python bench/weekplan.py [--requests 200]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dialogs.weekplan.links import mint_token, read_token  # noqa: E402
from dialogs.weekplan.render import PlanView, parse_plan, render_html, render_sms  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.segments import count_segments  # noqa: E402
from storage.weekplans import WeekPlans  # noqa: E402
from tests.e2e.harness import FixedClock, running_bot  # noqa: E402
from tests.e2e.seed import GUARDIAN_ONE_KID, seed_small_school  # noqa: E402

TYPICAL = """Mandag: Norsk: les s. 12-15 i leseboka. Matte: gangetabellen 7
Tirsdag: Engelsk: gloser s. 30. Naturfag: les om planeter
Onsdag: Kroppsøving: ute, ta med klær etter vær
Torsdag: Matte: oppgave 3.2 og 3.3. Norsk: skriv fem setninger
Fredag: Turdag, husk matpakke og drikke
Beskjeder:
Foreldremøte tirsdag kl. 18:00 i kantina."""
LONG = "\n".join(
    f"{d}: Norsk: les kapittel {n} og skriv et sammendrag på en halv side. Matte: oppgave {n}.1-{n}.12 "
    f"i arbeidsboka. Engelsk: lær ti nye ord og skriv dem i gloseboka."
    for n, d in enumerate(["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag"], start=1)
)
LINK = "https://skolebot.solbakken.no/u/" + "A" * 27


def per_call_us(fn, n: int = 2000) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e6


def pure_figures() -> None:
    now = dt.datetime.now(dt.UTC)
    token = mint_token(b"secret", 123, now + dt.timedelta(days=21))
    print(f"token: {len(token)} chars; link path /u/<token>: {len('/u/') + len(token)} chars")
    print(
        f"mint {per_call_us(lambda: mint_token(b'secret', 123, now)):.1f} us, "
        f"verify {per_call_us(lambda: read_token(b'secret', token, now)):.1f} us"
    )
    for name, text in (("typical", TYPICAL), ("long", LONG)):
        view = PlanView(class_title="5B", grade=None, year=2026, week=49, version=1, plan=parse_plan(text), link=LINK)
        sms = render_sms(view, "nb")
        info = count_segments(sms)
        parse_us = per_call_us(lambda text=text: parse_plan(text), 500)
        sms_us = per_call_us(lambda view=view: render_sms(view, "nb"), 200)
        html_us = per_call_us(lambda view=view: render_html(view, "nb"), 500)
        print(
            f"{name} plan ({len(text)} chars): SMS {len(sms)} chars, {info.segments} segments {info.encoding}, "
            f"cut={'...' in sms}; parse {parse_us:.0f} us, render_sms {sms_us:.0f} us, render_html {html_us:.0f} us"
        )


def quantiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


async def end_to_end(requests: int) -> None:
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    await upgrade(url)
    db = Database(url)
    await seed_small_school(db)
    await WeekPlans(db).publish(year=2026, week=49, class_id="c-5b", body=TYPICAL)
    await db.dispose()
    clock = FixedClock(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC))
    async with running_bot(url, clock=clock, SKOLEBOT_SMS_REPLIES_PER_MINUTE=100000) as bot:
        sms_times: list[float] = []
        link = ""
        for _ in range(requests):
            start = time.perf_counter()
            (reply,) = await bot.phone.text(GUARDIAN_ONE_KID, "ukeplan")
            sms_times.append(time.perf_counter() - start)
            link = reply.rsplit(" ", 1)[1]
        page_times: list[float] = []
        for _ in range(requests):
            start = time.perf_counter()
            async with bot.session.get(link) as resp:
                await resp.read()
            page_times.append(time.perf_counter() - start)
    print(f"'ukeplan' by SMS, {requests} in a row (SQLite): {quantiles(sms_times)}")
    print(f"GET /u/<token>, {requests} in a row (SQLite): {quantiles(page_times)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    pure_figures()
    asyncio.run(end_to_end(args.requests))


if __name__ == "__main__":
    main()
