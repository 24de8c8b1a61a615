"""The leaders' page (signed link, inline PNG plots) and `skolebot stats`, over the known records."""

from __future__ import annotations

import argparse
import base64
import csv
import datetime as dt
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from PIL import Image

from bot.settings import load_settings
from bot.web_stats import add_routes, stats_url
from dialogs.stats.commands import stats
from storage.db import Database
from tests.e2e.harness import FixedClock
from tests.stats.records import seed

NOW = dt.datetime(2026, 11, 28, 11, 0, tzinfo=dt.UTC)


def settings_for(db: Database):  # type: ignore[no-untyped-def]
    return load_settings(
        SKOLEBOT_DATABASE_URL=db.url, SKOLEBOT_SECRET_KEY="stats-test-key", SKOLEBOT_PUBLIC_URL="https://skole.example"
    )


async def client_for(db: Database) -> TestClient:
    services = SimpleNamespace(db=db, settings=settings_for(db), deps=SimpleNamespace(clock=FixedClock(NOW)))
    app = web.Application()
    add_routes(app, services)
    client = TestClient(TestServer(app))
    await client.start_server()
    return client


async def test_page_shows_plots_for_the_signed_link_and_404_for_a_forged_one(db: Database) -> None:
    await seed(db)
    url = await stats_url(db, settings_for(db))
    path = url.removeprefix("https://skole.example")
    client = await client_for(db)
    try:
        page = await client.get(path)
        body = await page.text()
        assert page.status == 200
        assert "private" in page.headers["Cache-Control"]
        images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', body)
        assert len(images) == 4  # this month, this term, this school year, and the months of the year
        assert "SMS sendt til foresatte" in body and "I fjor" in body and "&lt;5" in body
        assert "Hilde" not in body and "+4790000001" not in body
        with Image.open(io.BytesIO(base64.b64decode(images[0]))) as png:
            assert png.format == "PNG"
            assert 600 <= png.width <= 1200 and 200 <= png.height <= 1200
        forged = path[:-1] + ("0" if path[-1] != "0" else "1")
        for wrong in (forged, "/stats/x", "/stats/" + "a" * 32):
            assert (await client.get(wrong)).status == 404
    finally:
        await client.close()


async def test_cli_prints_a_table_and_writes_the_csv(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await seed(db)
    out = tmp_path / "indikatorer.csv"
    args = argparse.Namespace(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30), csv=out, link=False)
    assert await stats(args, settings_for(db)) == 0
    table = capsys.readouterr().out
    assert re.search(r"SMS sendt til foresatte\s+5\s+2\n", table)
    assert re.search(r"Permisjoner avslått\s+<5\s+<5\n", table)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["period"] for r in rows} == {"range"}
    assert {r["indicator"]: r["value"] for r in rows if not r["subject"]}["absence_reports"] == "7"

    args = argparse.Namespace(start=None, end=None, csv=None, link=True)
    assert await stats(args, settings_for(db)) == 0
    assert re.fullmatch(r"https://skole\.example/stats/[A-Za-z0-9_-]{22}\n", capsys.readouterr().out)
