"""import_roster and load_calendar against SQLite and PostgreSQL (the ``db`` fixture runs both)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from storage.db import Database
from storage.models import AcademicSession, Enrollment, Guardianship, Person, Resource, SchoolClass
from storage.roster import RosterInvalid, import_roster, load_terms
from tests.roster.expected import MINIMAL_COUNTS

ALL = ("orgs", "people", "classes", "enrollments", "guardianships", "resources", "academic_sessions")


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _drop_line(path: Path, start: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(start)]
    assert len(kept) == len(lines) - 1, start
    path.write_text("".join(kept), encoding="utf-8")


async def _person(db: Database, sid: str) -> Person:
    async with db.sessions() as s:
        person = await s.get(Person, sid)
        assert person is not None
        return person


async def _count(db: Database, stmt: Any) -> int:
    async with db.sessions() as s:
        return (await s.execute(stmt)).scalar_one()


async def test_minimal_bundle_imports(db: Database, bundle: Callable[[str], Path]) -> None:
    summary = await import_roster(db, bundle("minimal"))
    assert summary.added == MINIMAL_COUNTS
    assert summary.changed()
    hilde = await _person(db, "g-1")
    assert (hilde.sms, hilde.email, hilde.role, hilde.active) == (
        "+4790012345",
        "hilde.testesen@example.com",
        "parent",
        True,
    )
    assert (hilde.teams_blocked, hilde.sms_opted_out, hilde.language, hilde.aad_object_id) == (False, False, None, None)
    tor = await _person(db, "g-2")
    assert (tor.sms, tor.phone) == ("+4790012346", "+4722334455")
    ola = await _person(db, "s-1")
    assert (ola.grade, ola.sex, ola.birth_date) == (5, "male", dt.date(2016, 3, 14))
    async with db.sessions() as s:
        klass = await s.get(SchoolClass, "c-5b")
        assert (klass.title, klass.grade, klass.class_type, klass.org_id) == ("5B", 5, "homeroom", "org-1")
        primary = (
            (
                await s.execute(
                    select(Enrollment.person_id).where(
                        Enrollment.class_id == "c-5b", Enrollment.role == "teacher", Enrollment.primary.is_(True)
                    )
                )
            )
            .scalars()
            .all()
        )
        assert primary == ["t-1"]
        links = (
            await s.execute(
                select(Guardianship.student_id, Guardianship.guardian_id, Person.role).join(
                    Person, Person.sourced_id == Guardianship.guardian_id
                )
            )
        ).all()
        assert sorted(links) == [
            ("s-1", "g-1", "parent"),
            ("s-1", "g-2", "guardian"),
            ("s-1", "r-1", "relative"),  # a relative is stored, with the relative role
            ("s-2", "g-1", "parent"),
            ("s-3", "g-3", "parent"),
        ]
        room = await s.get(Resource, "r-ipad")
        assert (room.kind, room.capacity, room.aliases) == ("ipadskap", 30, "ipad-skapet|ipadskapet|ipadskap 1")
        term = await s.get(AcademicSession, "term-h")
        assert (term.type, term.start_date, term.end_date) == ("term", dt.date(2026, 8, 17), dt.date(2026, 12, 18))


async def test_reimport_changes_nothing(db: Database, bundle: Callable[[str], Path], snapshot: Any) -> None:
    directory = bundle("minimal")
    await import_roster(db, directory)
    before = await snapshot(db)
    again = await import_roster(db, directory)
    assert not again.changed()
    assert again.unchanged == MINIMAL_COUNTS
    assert again.added == again.updated == again.deactivated == dict.fromkeys(ALL, 0)
    assert await snapshot(db) == before


async def test_bad_bundle_writes_nothing_into_an_empty_database(
    db: Database, bundle: Callable[[str], Path], snapshot: Any
) -> None:
    with pytest.raises(RosterInvalid) as info:
        await import_roster(db, bundle("broken"))
    assert len(info.value.errors) == 13
    assert await snapshot(db) == {t: [] for t in ALL}


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("users.csv", "role,sourcedId,", "rolle,sourcedId,", "users.csv:1: wrong columns"),
        ("users.csv", "student,s-3,", "student,,", "users.csv:8: missing sourcedId"),
        ("users.csv", "parent,g-3,", "parent,g-1,", "users.csv:12: duplicate sourcedId 'g-1'"),
        ("users.csv", "relative,r-1,", "bestemor,r-1,", "users.csv:13: unknown role 'bestemor'"),
        ("users.csv", ",90012345,", ",12ab,", "users.csv:9: sms '12ab' is not a phone number"),
        ("users.csv", '"g-1,g-2,r-1"', '"g-1,g-9"', "users.csv:6: agentSourcedIds 'g-9' is not a user"),
        ("enrollments.csv", "c-1a,org-1,s-2", "c-9z,org-1,s-2", "enrollments.csv:4: classSourcedId 'c-9z'"),
        ("enrollments.csv", "c-1a,org-1,s-2", "c-1a,org-1,s-22", "enrollments.csv:4: userSourcedId 's-22'"),
        (
            "enrollments.csv",
            "t-2,teacher,false",
            "t-2,parent,false",
            "enrollments.csv:7: role 'parent' cannot be enrolled",
        ),
        ("academicSessions.csv", "2027-06-18,sy", "2027-06-31,sy", "academicSessions.csv:3: endDate '2027-06-31'"),
        ("demographics.csv", "2020-11-02", "02.11.2020", "demographics.csv:3: birthDate '02.11.2020'"),
        ("resources.csv", "ipadskap,30,", "ipadskap,tretti,", "resources.csv:3: capacity 'tretti'"),
        ("resources.csv", "grupperom,,", ",,", "resources.csv:4: kind is empty"),
    ],
)
async def test_a_bad_row_changes_nothing(
    db: Database, bundle: Callable[[str], Path], snapshot: Any, file: str, old: str, new: str, expected: str
) -> None:
    good = bundle("minimal")
    await import_roster(db, good)
    before = await snapshot(db)
    bad = bundle("minimal")
    # changes that would be written, were the bundle good
    _rewrite(bad / "users.csv", "aide,o-1,Ove,Kontor,active", "aide,o-1,Ove,Kontor,tobedeleted")
    _rewrite(bad / "classes.csv", ",1A,01,", ",1A (ny),01,")
    _rewrite(bad / file, old, new)
    with pytest.raises(RosterInvalid) as info:
        await import_roster(db, bad)
    assert any(str(e).startswith(expected) for e in info.value.errors), info.value.errors
    assert await snapshot(db) == before
    with pytest.raises(RosterInvalid):
        await import_roster(db, bad, dry_run=True)


async def test_dropped_person_is_deactivated_then_reactivated(db: Database, bundle: Callable[[str], Path]) -> None:
    full = bundle("minimal")
    await import_roster(db, full)
    smaller = bundle("minimal")
    # Nora (s-3) leaves the school: her row, enrollment and her mother's link go.
    _drop_line(smaller / "users.csv", "student,s-3,")
    _drop_line(smaller / "enrollments.csv", "e-4,")
    _rewrite(smaller / "users.csv", "41234567,s-3,", "41234567,,")
    summary = await import_roster(db, smaller)
    assert summary.deactivated == {**dict.fromkeys(ALL, 0), "people": 1, "enrollments": 1, "guardianships": 1}
    assert summary.added == dict.fromkeys(ALL, 0) and summary.updated == dict.fromkeys(ALL, 0)
    nora = await _person(db, "s-3")
    assert nora.active is False and nora.given_name == "Nora"  # kept, not deleted
    async with db.sessions() as s:
        assert (await s.get(Enrollment, "e-4")).active is False
        assert (await s.get(Guardianship, ("s-3", "g-3"))).active is False
    assert await _count(db, select(func.count()).select_from(Person)) == 11

    # the same smaller bundle again: nothing more to do
    assert not (await import_roster(db, smaller)).changed()

    back = await import_roster(db, full)
    assert back.updated == {**dict.fromkeys(ALL, 0), "people": 1, "enrollments": 1, "guardianships": 1}
    assert back.deactivated == dict.fromkeys(ALL, 0)
    assert (await _person(db, "s-3")).active is True
    async with db.sessions() as s:
        assert (await s.get(Enrollment, "e-4")).active is True
        assert (await s.get(Guardianship, ("s-3", "g-3"))).active is True


async def test_tobedeleted_deactivates(db: Database, bundle: Callable[[str], Path]) -> None:
    await import_roster(db, bundle("minimal"))
    changed = bundle("minimal")
    _rewrite(changed / "users.csv", "relative,r-1,Bjørg,Testesen,active", "relative,r-1,Bjørg,Testesen,tobedeleted")
    summary = await import_roster(db, changed)
    assert summary.deactivated["people"] == 1
    assert summary.deactivated["guardianships"] == 1  # the link to an inactive person is inactive
    assert (await _person(db, "r-1")).active is False


async def test_changes_update_only_roster_columns(db: Database, bundle: Callable[[str], Path]) -> None:
    await import_roster(db, bundle("minimal"))
    async with db.transaction() as s:
        await s.execute(
            update(Person)
            .where(Person.sourced_id == "g-1")
            .values(language="nn", aad_object_id="aad-123", teams_blocked=True, sms_opted_out=True)
        )
    changed = bundle("minimal")
    _rewrite(changed / "users.csv", "parent,g-1,Hilde,Testesen", "parent,g-1,Hilde,Testesen-Berg")
    _rewrite(changed / "users.csv", ",90012345,", ",+47 900 12 399,")
    summary = await import_roster(db, changed)
    assert summary.updated == {**dict.fromkeys(ALL, 0), "people": 1}
    hilde = await _person(db, "g-1")
    assert (hilde.family_name, hilde.sms) == ("Testesen-Berg", "+4790012399")
    assert (hilde.language, hilde.aad_object_id, hilde.teams_blocked, hilde.sms_opted_out) == (
        "nn",
        "aad-123",
        True,
        True,
    )


async def test_dry_run_reports_and_writes_nothing(db: Database, bundle: Callable[[str], Path], snapshot: Any) -> None:
    directory = bundle("minimal")
    dry = await import_roster(db, directory, dry_run=True)
    assert dry.dry_run and dry.added == MINIMAL_COUNTS
    assert "dry run" in dry.render()
    assert await snapshot(db) == {t: [] for t in ALL}

    real = await import_roster(db, directory)
    assert real.added == dry.added
    before = await snapshot(db)
    smaller = bundle("minimal")
    _drop_line(smaller / "users.csv", "aide,o-1,")
    _rewrite(smaller / "classes.csv", ",1A,01,", ",1A (ny),01,")
    dry = await import_roster(db, smaller, dry_run=True)
    assert dry.deactivated["people"] == 1 and dry.updated["classes"] == 1
    assert await snapshot(db) == before


async def test_two_imports_at_once(db: Database, bundle: Callable[[str], Path]) -> None:
    directory = bundle("minimal")
    first, second = await asyncio.gather(import_roster(db, directory), import_roster(db, directory))
    added = sorted([first.added["people"], second.added["people"]])
    assert added == [0, 11]
    assert await _count(db, select(func.count()).select_from(Person)) == 11


async def test_load_terms(db: Database, bundle: Callable[[str], Path]) -> None:
    assert await load_terms(db) == ()
    await import_roster(db, bundle("minimal"))
    assert await load_terms(db) == (
        (dt.date(2026, 8, 17), dt.date(2026, 12, 18)),
        (dt.date(2027, 1, 4), dt.date(2027, 6, 18)),
    )


async def test_load_calendar(db: Database, bundle: Callable[[str], Path]) -> None:
    pytest.importorskip("storage.calendar", reason="storage/calendar.py is being written alongside")
    from storage.roster import load_calendar

    await import_roster(db, bundle("minimal"))
    calendar = await load_calendar(db)
    assert tuple(calendar.terms) == (
        (dt.date(2026, 8, 17), dt.date(2026, 12, 18)),
        (dt.date(2027, 1, 4), dt.date(2027, 6, 18)),
    )
