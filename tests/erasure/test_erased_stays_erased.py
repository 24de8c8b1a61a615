"""Erased stays erased: a roster import skips a person erased with `skolebot person erase` until `--undo`."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.commands.core import import_roster as import_roster_command
from bot.commands.privacy import erase as erase_command
from bot.settings import load_settings
from storage.db import Database
from storage.erasure import erased_key, is_erased, readmit
from storage.models import AuditEntry, Enrollment, Guardianship, Person
from storage.models_erased import ErasedPerson
from storage.privacy import erase_person
from storage.roster import import_roster

MINIMAL = Path(__file__).resolve().parents[1] / "roster" / "bundles" / "minimal"
PUPIL = "s-1"  # Ola Testesen, in 5B and Musikk 5, with guardians g-1, g-2 and relative r-1


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    target = tmp_path / "bundle"
    shutil.copytree(MINIMAL, target)
    return target


async def person(db: Database, sid: str) -> Person | None:
    async with db.transaction() as s:
        return await s.get(Person, sid)


async def active_links(db: Database, sid: str) -> tuple[int, int]:
    """The person's active enrollments and guardianships."""
    async with db.transaction() as s:
        enrolled = (
            await s.execute(
                select(Enrollment.sourced_id).where(Enrollment.person_id == sid, Enrollment.active.is_(True))
            )
        ).all()
        guarded = (
            await s.execute(
                select(Guardianship.guardian_id).where(
                    (Guardianship.student_id == sid) | (Guardianship.guardian_id == sid), Guardianship.active.is_(True)
                )
            )
        ).all()
    return len(enrolled), len(guarded)


async def test_an_erased_pupil_does_not_come_back_until_undo(db: Database, bundle: Path) -> None:
    first = await import_roster(db, bundle)
    assert first.skipped_erased == 0
    assert await active_links(db, PUPIL) == (2, 3)

    await erase_person(db, PUPIL, actor="shell:test")
    again = await import_roster(db, bundle)  # the school's system still lists Ola
    ola = await person(db, PUPIL)
    assert ola is not None and (ola.given_name, ola.family_name, ola.username, ola.active) == (
        "Slettet",
        "Slettet",
        None,
        False,
    )
    assert await active_links(db, PUPIL) == (0, 0)
    assert again.skipped_erased == 1
    assert "Skipped 1 erased person" in again.render()
    assert again.updated["people"] == 0 and again.added["enrollments"] == 0
    dry = await import_roster(db, bundle, dry_run=True)
    assert dry.skipped_erased == 1 and "Skipped 1 erased person" in dry.render()
    emma = await person(db, "s-2")  # her sister, who shares a guardian, is untouched
    assert emma is not None and emma.given_name == "Emma" and emma.active

    assert await readmit(db, PUPIL, actor="shell:test")
    assert not await readmit(db, PUPIL, actor="shell:test")  # nothing left to undo
    back = await import_roster(db, bundle)
    ola = await person(db, PUPIL)
    assert ola is not None and (ola.given_name, ola.username, ola.active) == ("Ola", "olates11", True)
    assert await active_links(db, PUPIL) == (2, 3)
    assert back.skipped_erased == 0 and "erased" not in back.render()


async def test_the_tombstone_holds_a_hash_not_the_id_name_or_number(db: Database, bundle: Path) -> None:
    await import_roster(db, bundle)
    await erase_person(db, "g-1", actor="shell:test")  # Hilde, parent with e-mail and sms
    await erase_person(db, "g-1", actor="shell:test")  # a second erasure keeps one tombstone
    async with db.transaction() as s:
        rows = (await s.execute(select(ErasedPerson))).scalars().all()
    assert [r.id_hash for r in rows] == [erased_key("g-1")]
    stored = repr([(r.id_hash, r.erased_at) for r in rows])
    for clear in ("g-1", "Hilde", "Testesen", "+4790012345", "hilde.testesen@example.com"):
        assert clear not in stored
    assert len(rows[0].id_hash) == 64 and rows[0].erased_at is not None
    assert (await import_roster(db, bundle)).skipped_erased == 1
    async with db.transaction() as s:  # her children keep their other guardians, not her
        guardians = (
            (
                await s.execute(
                    select(Guardianship.guardian_id).where(
                        Guardianship.student_id.in_(["s-1", "s-2"]), Guardianship.active.is_(True)
                    )
                )
            )
            .scalars()
            .all()
        )
    assert sorted(guardians) == ["g-2", "r-1"]


async def test_a_dry_run_erasure_leaves_no_tombstone(db: Database, bundle: Path) -> None:
    await import_roster(db, bundle)
    await erase_person(db, PUPIL, actor="shell:test", dry_run=True)
    assert not await is_erased(db, PUPIL)
    assert (await import_roster(db, bundle)).skipped_erased == 0


async def test_through_the_commands(db: Database, bundle: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """erase --yes → import-roster (and --dry-run) → erase --undo → import-roster, as an operator runs them."""
    settings = load_settings(SKOLEBOT_DATABASE_URL=db.url)

    async def run_import(dry_run: bool = False) -> str:
        assert await import_roster_command(argparse.Namespace(directory=bundle, dry_run=dry_run), settings) == 0
        return capsys.readouterr().out

    await run_import()
    erase = argparse.Namespace(sourced_id=PUPIL, yes=True, undo=False)
    assert await erase_command(erase, settings) == 0
    assert "--undo s-1" in capsys.readouterr().err
    assert "Skipped 1 erased person" in await run_import()
    assert "Skipped 1 erased person" in await run_import(dry_run=True)
    ola = await person(db, PUPIL)
    assert ola is not None and ola.given_name == "Slettet"

    for wrong in ("olates11", "+4790012345"):  # a UPN or number no longer names anyone
        assert await erase_command(argparse.Namespace(sourced_id=wrong, yes=False, undo=True), settings) == 1
        assert "only the sourcedId" in capsys.readouterr().err
    assert await erase_command(argparse.Namespace(sourced_id=PUPIL, yes=False, undo=True), settings) == 0
    assert capsys.readouterr().out.startswith("re-admitted s-1")
    assert "erased" not in await run_import()
    ola = await person(db, PUPIL)
    assert ola is not None and (ola.given_name, ola.active) == ("Ola", True)
    async with db.transaction() as s:
        actions = (await s.execute(select(AuditEntry.action).order_by(AuditEntry.id))).scalars().all()
    assert actions == ["person.erase", "person.erase.undo"]


def test_the_undo_flag_on_the_command_line(
    school_db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SKOLEBOT_DATABASE_URL", school_db_url)
    assert main(["person", "erase", "--undo", "g-berg"]) == 1  # not erased yet
    assert main(["person", "erase", "g-berg", "--yes"]) == 0
    capsys.readouterr()
    assert main(["person", "erase", "--undo", "g-berg"]) == 0
    assert "re-admitted g-berg" in capsys.readouterr().out
