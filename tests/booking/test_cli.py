"""`skolebot bookings [--resource R] [--date D] [--json]` through bot.cli.main."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main
from storage.bookings import Bookings, Slot
from storage.db import Database

OSLO = ZoneInfo("Europe/Oslo")


def local(day: dt.date, hh: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh), OSLO)


@pytest.fixture
def cli_db(booking_db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("SKOLEBOT_DATABASE_URL", booking_db_url)
    monkeypatch.setenv("SKOLEBOT_PUBLIC_URL", "https://skolebot.solbakken.no")
    monkeypatch.chdir(tmp_path)  # no stray .env

    async def book() -> None:
        db = Database(booking_db_url)
        store = Bookings(db)
        friday, later = dt.date(2030, 12, 6), dt.date(2030, 12, 9)
        await store.book("r-musikk", Slot(local(friday, 10), local(friday, 11)), "t-kari")
        await store.book("r-moterom-1", Slot(local(friday, 12), local(friday, 13)), "t-per")
        await store.book("r-musikk", Slot(local(later, 9), local(later, 10)), "t-per")
        await db.dispose()

    asyncio.run(book())
    return booking_db_url


def test_json_for_one_day_has_the_contract_fields(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookings", "--date", "2030-12-06", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [{k: r[k] for k in ("resource", "start", "end", "booked_by")} for r in rows] == [
        {
            "resource": "r-musikk",
            "start": "2030-12-06T10:00:00+01:00",
            "end": "2030-12-06T11:00:00+01:00",
            "booked_by": "t-kari",
        },
        {
            "resource": "r-moterom-1",
            "start": "2030-12-06T12:00:00+01:00",
            "end": "2030-12-06T13:00:00+01:00",
            "booked_by": "t-per",
        },
    ]
    assert all(isinstance(r["id"], int) for r in rows)
    assert rows[0]["resource_name"] == "Musikkrommet" and rows[0]["booked_by_name"] == "Kari Larsen"


def test_one_resource_by_alias_from_today_on(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookings", "--resource", "musikkrommet", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["resource"], r["start"][:10]) for r in rows] == [("r-musikk", "2030-12-06"), ("r-musikk", "2030-12-09")]


def test_text_listing(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookings", "--resource", "r-moterom-1"]) == 0
    out = capsys.readouterr().out
    assert "2030-12-06 Fri 12:00-13:00  Møterom 1 (r-moterom-1)  Per Hansen (t-per)" in out
    assert main(["bookings", "--date", "2030-12-07"]) == 0
    assert capsys.readouterr().out.strip() == "no bookings"


def test_unknown_resource_is_an_error_naming_it(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookings", "--resource", "svømmehallen"]) == 2
    assert "no resource 'svømmehallen'" in capsys.readouterr().err


def test_bad_date_is_refused_by_the_parser(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["bookings", "--date", "fredag"])
    assert "is not a date like 2026-12-04" in capsys.readouterr().err


def test_feed_links_for_resources_and_a_person(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookings", "--feed-links", "--resource", "musikkrommet"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("r-musikk\thttps://skolebot.solbakken.no/calendar/resource/r-musikk/")
    assert main(["bookings", "--feed-links", "--person", "t-kari"]) == 0
    assert "/calendar/person/t-kari/" in capsys.readouterr().out
