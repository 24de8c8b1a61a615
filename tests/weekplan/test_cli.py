"""`skolebot weekplan publish` through bot.cli.main, against a migrated test database."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import pytest

from adapters.sms.fake_twilio import FakeTwilio
from bot.cli import main
from bot.settings import load_settings
from dialogs.weekplan.commands import parse_week, publish
from storage.db import Database
from storage.weekplans import PlanInfo, WeekPlans


@pytest.fixture
def cli_db(school_db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("SKOLEBOT_DATABASE_URL", school_db_url)
    monkeypatch.setenv("SKOLEBOT_PUBLIC_URL", "https://skolebot.solbakken.no")
    monkeypatch.chdir(tmp_path)  # no stray .env
    return school_db_url


def versions(url: str, **target: object) -> list[PlanInfo]:
    async def read() -> list[PlanInfo]:
        db = Database(url)
        try:
            return await WeekPlans(db).versions(year=2026, week=49, **target)  # type: ignore[arg-type]
        finally:
            await db.dispose()

    return asyncio.run(read())


def test_publish_text_twice_prints_the_versions_and_a_link(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "weekplan",
        "publish",
        "--class",
        "5B",
        "--week",
        "2026-W49",
        "--text",
        "Mandag: Norsk: les s. 12\nFredag: Turdag",
        "--by",
        "t-kari",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "published the week plan for 5B, 2026-W49: version 1 (text, 2 days)" in out
    assert "link: https://skolebot.solbakken.no/u/" in out
    assert main(args) == 0
    assert "version 2" in capsys.readouterr().out
    stored = versions(cli_db, class_id="c-5b")
    assert [p.version for p in stored] == [1, 2] and stored[0].published_by == "t-kari"


def test_publish_a_file_for_a_grade(cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "uke49.pdf"
    pdf.write_bytes(b"%PDF-1.4 plan\n%%EOF")
    assert main(["weekplan", "publish", "--grade", "5", "--week", "2026-W49", "--file", str(pdf)]) == 0
    assert "published the week plan for grade 5, 2026-W49: version 1 (file uke49.pdf)" in capsys.readouterr().out
    (plan,) = versions(cli_db, grade=5)
    assert plan.file_type == "application/pdf" and plan.file_size == pdf.stat().st_size


@pytest.mark.parametrize(
    "extra,message",
    [
        (["--class", "9Z", "--week", "2026-W49", "--text", "x"], "--class 9Z: no such class"),
        (["--class", "5B", "--week", "2026-49", "--text", "x"], "--week '2026-49' is not an ISO week"),
        (["--class", "5B", "--week", "2027-W53", "--text", "x"], "is not an ISO week"),
        (["--class", "5B", "--week", "2026-W49", "--text", "  "], "--text is empty"),
        (["--class", "5B", "--week", "2026-W49", "--file", "/nonexistent/uke.pdf"], "no such file"),
        (["--class", "5B", "--week", "2026-W49", "--text", "x", "--by", "nobody"], "--by nobody: no such person"),
    ],
)
def test_mistakes_are_named_and_nothing_is_stored(
    cli_db: str, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main(["weekplan", "publish", *extra]) == 1
    assert message in capsys.readouterr().err
    assert versions(cli_db, class_id="c-5b") == []


def test_a_word_file_is_accepted_and_other_files_are_not(
    cli_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exe = tmp_path / "virus.exe"
    exe.write_bytes(b"MZ")
    assert main(["weekplan", "publish", "--class", "5B", "--week", "49", "--file", str(exe)]) == 1
    assert "only PDF and Word files" in capsys.readouterr().err
    docx = tmp_path / "uke.docx"
    docx.write_bytes(b"PK\x03\x04 word")
    assert main(["weekplan", "publish", "--class", "5B", "--week", "2026-W49", "--file", str(docx)]) == 0


def test_an_unmigrated_database_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SKOLEBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.chdir(tmp_path)
    assert main(["weekplan", "publish", "--class", "5B", "--week", "2026-W49", "--text", "Mandag: x"]) == 2
    assert "skolebot db upgrade" in capsys.readouterr().err


def test_week_numbers() -> None:
    import datetime as dt

    assert parse_week("2026-W49", dt.date(2026, 1, 1)) == (2026, 49)
    assert parse_week("2026w07", dt.date(2026, 1, 1)) == (2026, 7)
    assert parse_week("2", dt.date(2026, 12, 2)) == (2027, 2)
    assert parse_week("uke 2", dt.date(2026, 12, 2)) is None


async def test_send_reaches_the_guardians_by_sms(
    school_db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    twilio = FakeTwilio()
    url = await twilio.start()
    try:
        settings = load_settings(
            SKOLEBOT_DATABASE_URL=school_db_url,
            TWILIO_ACCOUNT_SID=twilio.account_sid,
            TWILIO_AUTH_TOKEN=twilio.auth_token,
            TWILIO_FROM_NUMBER="+4759440000",
            SKOLEBOT_TWILIO_API_URL=url,
        )
        args = argparse.Namespace(
            klass="2A", grade=None, week="2026-W49", text="Mandag: Lesing: s. 3", file=None, by=None, send=True
        )
        assert await publish(args, settings) == 0
    finally:
        await twilio.stop()
    assert "sent to 2 guardians: 0 on Teams, 2 by SMS, 0 not reached" in capsys.readouterr().out
    assert sorted(m.to for m in twilio.messages) == ["+4790000001", "+4790000011"]  # Emma's parents
    assert all(m.body.startswith("Ukeplan 2A uke 49:\nMan: Lesing: s. 3\nHele planen: ") for m in twilio.messages)
