"""`skolebot person export` and `skolebot person erase`, run as an operator would."""

from __future__ import annotations

import asyncio
import getpass
import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from storage.db import Database
from storage.models import AuditEntry, Person
from tests.e2e.seed import GUARDIAN_ONE_KID


@pytest.fixture
def school(school_db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SKOLEBOT_DATABASE_URL", school_db_url)
    return school_db_url


def read(url: str, query):  # type: ignore[no-untyped-def]
    async def run():  # type: ignore[no-untyped-def]
        db = Database(url)
        try:
            async with db.transaction() as s:
                return (await s.execute(query)).scalars().all()
        finally:
            await db.dispose()

    return asyncio.run(run())


def test_export_prints_json_and_is_audited_with_the_os_user(school: str, capsys) -> None:
    assert main(["person", "export", "g-berg"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["person"]["sms"] == GUARDIAN_ONE_KID
    assert [r["student_id"] for r in data["records"]["guardianships"]] == ["s-nora"]
    audit = read(school, select(AuditEntry).where(AuditEntry.action == "person.export"))
    assert [a.actor_id for a in audit] == [f"shell:{getpass.getuser()}"]


def test_export_to_a_file_only_its_owner_can_read(school: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "anne.json"
    assert main(["person", "export", "g-berg", "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text(encoding="utf-8"))["subject"] == "g-berg"
    assert capsys.readouterr().out == ""


def test_erase_asks_for_yes_then_erases(school: str, capsys) -> None:
    assert main(["person", "erase", "g-berg"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("would erase g-berg:") and "--yes" in captured.err
    assert read(school, select(Person.given_name).where(Person.sourced_id == "g-berg")) == ["Anne"]
    assert main(["person", "erase", "g-berg", "--yes"]) == 0
    assert capsys.readouterr().out.startswith("erased g-berg:")
    assert read(school, select(Person.given_name).where(Person.sourced_id == "g-berg")) == ["Slettet"]
    actions = read(school, select(AuditEntry.action).where(AuditEntry.action.like("person.%")))
    assert actions == ["person.erase"]


def test_an_unknown_sourced_id_is_named(school: str, capsys) -> None:
    assert main(["person", "export", "g-nobody"]) == 1
    assert "no person with sourcedId 'g-nobody'" in capsys.readouterr().err
    assert main(["person", "erase", "g-nobody", "--yes"]) == 1
