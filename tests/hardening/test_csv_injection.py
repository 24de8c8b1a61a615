"""CSV injection (OWASP): a roster name or channel id that looks like a formula reaches `stats --csv` as text."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.csv_safe import safe_cell
from bot.settings import load_settings
from dialogs.stats.commands import stats
from storage.db import Database
from storage.models import Absence
from storage.models_booking import Booking
from storage.roster import import_roster

MINIMAL = Path(__file__).resolve().parents[1] / "roster" / "bundles" / "minimal"
EVIL_ROOM = '=HYPERLINK("http://x","y")'
EVIL_CHANNEL = "@SUM(1+1)*cmd|' /C calc'!A0"  # a Bot Framework channel id is whatever the activity says
UTC = dt.UTC


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+4790012345", "'+4790012345"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("-3", "-3"),  # a plain negative number stays a number
        ("-12.5", "-12.5"),
        ("-1e9", "'-1e9"),
        ("Gymsal", "Gymsal"),
        ("<5", "<5"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_cell_that_could_be_a_formula_is_made_text(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


async def test_stats_csv_neutralises_a_roster_room_name_and_a_channel_id(db: Database, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(MINIMAL, bundle)
    with (bundle / "resources.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [["sourcedId", "name", "kind", "capacity", "aliases"], ["r-evil", EVIL_ROOM, "rom", "", ""]]
        )
    await import_roster(db, bundle)
    async with db.transaction() as s:
        s.add(
            Booking(
                resource_id="r-evil",
                start_at=dt.datetime(2026, 11, 3, 9, tzinfo=UTC),
                end_at=dt.datetime(2026, 11, 3, 10, tzinfo=UTC),
                booked_by="t-1",
            )
        )
        for day in range(2, 9):
            s.add(
                Absence(
                    student_id="s-1",
                    date=dt.date(2026, 11, day),
                    status="reported",
                    channel=EVIL_CHANNEL,
                    reported_by="g-1",
                    reason="illness",
                    created_at=dt.datetime(2026, 11, day, 6, tzinfo=UTC),
                )
            )
    out = tmp_path / "indikatorer.csv"
    args = argparse.Namespace(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30), csv=out, link=False)
    assert await stats(args, load_settings(SKOLEBOT_DATABASE_URL=db.url)) == 0

    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    subjects = {r["subject"] for r in rows}
    assert "'" + EVIL_ROOM in subjects and "'" + EVIL_CHANNEL in subjects
    assert EVIL_ROOM not in subjects and EVIL_CHANNEL not in subjects
    for row in rows:  # no cell a spreadsheet would run
        assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in row.values()), row
        assert not any(
            cell.startswith("-") and not cell.lstrip("-").replace(".", "").isdigit() for cell in row.values()
        ), row
    by_key = {(r["indicator"], r["subject"]): r for r in rows}
    assert by_key[("bookings", "'" + EVIL_ROOM)]["value"] == "1"  # numbers stay numbers
    assert by_key[("absence_reports", "")]["value"] == "7"
    for line in out.read_text(encoding="utf-8").splitlines():  # every cell quoted: a ";" cannot split one
        assert line.startswith('"') and line.endswith('"')
