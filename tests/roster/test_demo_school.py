"""The demo school: deterministic, realistic, and importable in well under five seconds."""

from __future__ import annotations

import csv
import datetime as dt
import filecmp
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import phonenumbers
import pytest
from sqlalchemy import func, select

from storage import demo_school as demo
from storage.db import Database
from storage.models import Enrollment, Guardianship, Person, Resource, SchoolClass
from storage.roster import import_roster, load_terms, read_bundle

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo.write_demo_bundle(tmp_path_factory.mktemp("demo") / "solbakken")


@pytest.fixture(scope="module")
def users(demo_dir: Path) -> dict[str, dict[str, str]]:
    with (demo_dir / "users.csv").open(encoding="utf-8", newline="") as f:
        return {row["sourcedId"]: row for row in csv.DictReader(f)}


def _rows(demo_dir: Path, name: str) -> list[dict[str, str]]:
    with (demo_dir / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --------------------------------------------------------------------------- the generator


def test_deterministic_byte_for_byte(tmp_path: Path, demo_dir: Path) -> None:
    again = demo.write_demo_bundle(tmp_path / "again")
    names = sorted(p.name for p in demo_dir.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(demo_dir, again, names, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_deterministic_across_processes_and_hash_seeds(tmp_path: Path, demo_dir: Path) -> None:
    """No dependence on set/dict order under another PYTHONHASHSEED, nor on the clock."""
    out = tmp_path / "other-process"
    code = (
        "import sys; from pathlib import Path; from storage.demo_school import write_demo_bundle; "
        "write_demo_bundle(Path(sys.argv[1]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", code, str(out)], check=True, env=env, cwd=REPO)
    names = sorted(p.name for p in demo_dir.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(demo_dir, out, names, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_bundle_is_valid_and_sized_like_a_school(demo_dir: Path) -> None:
    b = read_bundle(demo_dir)
    assert b.warnings == []  # e.g. no two people share a phone number
    roles = Counter(p["role"] for p in b.people.values())
    assert 290 <= roles["student"] <= 315
    assert 420 <= roles["parent"] + roles["guardian"] <= 470
    assert 3 <= roles["relative"] <= 10
    assert roles["administrator"] in (2, 3) and roles["aide"] == 2
    assert roles["teacher"] + roles["administrator"] + roles["aide"] == 35
    assert len(b.orgs) == 1 and b.orgs[demo.DEMO_SCHOOL_ID]["name"] == "Solbakken skole"
    assert b.orgs[demo.DEMO_SCHOOL_ID]["type"] == "school"
    assert sorted(c["title"] for c in b.classes.values()) == [f"{g}{x}" for g in range(1, 8) for x in "AB"]
    assert all(c["class_type"] == "homeroom" and c["grade"] == int(c["title"][0]) for c in b.classes.values())


def test_fixed_demo_people(demo_dir: Path) -> None:
    b = read_bundle(demo_dir)
    p = b.people
    ola, emma, nora = p[demo.DEMO_STUDENT_OLA], p[demo.DEMO_STUDENT_EMMA], p[demo.DEMO_STUDENT_NORA]
    assert (ola["given_name"], ola["sex"], ola["grade"]) == ("Ola", "male", 5)
    assert (emma["given_name"], emma["sex"], emma["grade"]) == ("Emma", "female", 2)
    assert (nora["given_name"], nora["sex"], nora["grade"]) == ("Nora", "female", 5)

    def klass(student: str) -> str:
        (class_id,) = [e["class_id"] for e in b.enrollments.values() if e["person_id"] == student]
        return b.classes[class_id]["title"]

    assert (klass(demo.DEMO_STUDENT_OLA), klass(demo.DEMO_STUDENT_EMMA), klass(demo.DEMO_STUDENT_NORA)) == (
        "5B",
        "2A",
        "5B",
    )
    assert klass(demo.DEMO_STUDENT_JONAS_3A) == "3A" and klass(demo.DEMO_STUDENT_JONAS_6B) == "6B"

    by_phone = {x["sms"]: sid for sid, x in p.items() if x["sms"]} | {
        x["phone"]: sid for sid, x in p.items() if x["phone"]
    }
    children: dict[str, set[str]] = defaultdict(set)
    for student, guardian in b.guardianships:
        children[guardian].add(student)

    guardian = by_phone[demo.DEMO_GUARDIAN_PHONE]
    assert guardian == demo.DEMO_GUARDIAN_ID and p[guardian]["role"] == "parent"
    assert children[guardian] == {demo.DEMO_STUDENT_OLA, demo.DEMO_STUDENT_EMMA}
    assert children[by_phone[demo.DEMO_SECOND_GUARDIAN_PHONE]] == {demo.DEMO_STUDENT_OLA, demo.DEMO_STUDENT_EMMA}
    relative = by_phone[demo.DEMO_RELATIVE_PHONE]
    assert relative == demo.DEMO_RELATIVE_ID and p[relative]["role"] == "relative"
    assert demo.DEMO_STUDENT_OLA in children[relative]
    single = by_phone[demo.DEMO_SINGLE_CHILD_GUARDIAN_PHONE]
    assert single == demo.DEMO_SINGLE_CHILD_GUARDIAN_ID and children[single] == {demo.DEMO_STUDENT_NORA}
    split = by_phone[demo.DEMO_SPLIT_GUARDIAN_PHONE]
    assert split == demo.DEMO_SPLIT_GUARDIAN_ID and children[split] == {demo.DEMO_STUDENT_NORA}
    assert p[split]["family_name"] != p[single]["family_name"]

    staff = {x["username"]: (sid, x) for sid, x in p.items() if x["username"] and "@" in x["username"]}
    teacher_id, teacher = staff[demo.DEMO_TEACHER_UPN]
    assert (teacher_id, teacher["role"], teacher["sms"]) == (demo.DEMO_TEACHER_ID, "teacher", demo.DEMO_TEACHER_PHONE)
    (contact_5b,) = [
        e["person_id"]
        for e in b.enrollments.values()
        if e["class_id"] == demo.DEMO_CLASS_5B and e["role"] == "teacher" and e["primary"]
    ]
    assert contact_5b == demo.DEMO_TEACHER_ID
    leader_id, leader = staff[demo.DEMO_LEADER_UPN]
    assert (leader_id, leader["role"], leader["sms"]) == (demo.DEMO_LEADER_ID, "administrator", demo.DEMO_LEADER_PHONE)
    assert staff[demo.DEMO_LEADER_2_UPN][1]["role"] == "administrator"
    office_id, office = staff[demo.DEMO_OFFICE_UPN]
    assert (office_id, office["role"], office["sms"]) == (demo.DEMO_OFFICE_ID, "aide", demo.DEMO_OFFICE_PHONE)
    music_id, _ = staff[demo.DEMO_SUBJECT_TEACHER_UPN]
    music = [e for e in b.enrollments.values() if e["person_id"] == music_id]
    assert len(music) == 14 and not any(e["primary"] for e in music)

    nophone = p[demo.DEMO_NO_PHONE_GUARDIAN_ID]
    assert nophone["sms"] is None and nophone["phone"] is None and nophone["role"] in ("parent", "guardian")


def test_names_resolve(demo_dir: Path) -> None:
    b = read_bundle(demo_dir)
    pupils = [x for x in b.people.values() if x["role"] == "student"]
    names = Counter(x["given_name"] for x in pupils)
    assert names["Ola"] == names["Emma"] == names["Nora"] == 1
    jonas = [sid for sid, x in b.people.items() if x["role"] == "student" and x["given_name"] == "Jonas"]
    assert sorted(jonas) == sorted([demo.DEMO_STUDENT_JONAS_3A, demo.DEMO_STUDENT_JONAS_6B])
    guardians_of: dict[str, set[str]] = defaultdict(set)
    for student, guardian in b.guardianships:
        guardians_of[student].add(guardian)
    assert not guardians_of[jonas[0]] & guardians_of[jonas[1]]  # different families
    # a realistic share of first names from other languages than Norwegian
    other = {n for o in demo._OTHER_ORIGINS for n in o.boys + o.girls} - set(demo._NB_BOYS) - set(demo._NB_GIRLS)
    share = sum(1 for x in pupils if x["given_name"] in other) / len(pupils)
    assert 0.08 <= share <= 0.30


def test_families(demo_dir: Path, users: dict[str, dict[str, str]]) -> None:
    b = read_bundle(demo_dir)
    p = b.people
    guardians_of: dict[str, list[str]] = defaultdict(list)
    children_of: dict[str, list[str]] = defaultdict(list)
    for student, guardian in sorted(b.guardianships):
        guardians_of[student].append(guardian)
        children_of[guardian].append(student)
    pupils = [sid for sid, x in p.items() if x["role"] == "student"]
    adults = [sid for sid, x in p.items() if x["role"] in ("parent", "guardian", "relative")]
    # every pupil has someone with parental responsibility; every adult agent has a child here
    assert all(any(p[g]["role"] in ("parent", "guardian") for g in guardians_of[s]) for s in pupils)
    assert all(children_of[a] for a in adults)
    # both directions of agentSourcedIds are in the export
    for sid in pupils:
        assert sorted(users[sid]["agentSourcedIds"].split(",")) == sorted(guardians_of[sid])
    for sid in adults:
        assert sorted(users[sid]["agentSourcedIds"].split(",")) == sorted(children_of[sid])
    # siblings sharing guardians, in different classes
    assert sum(1 for a in adults if len(children_of[a]) >= 2) >= 40
    # split households: two parents with different family names and addresses
    split = [
        s
        for s in pupils
        if len(pc := [g for g in guardians_of[s] if p[g]["role"] in ("parent", "guardian")]) == 2
        and p[pc[0]]["family_name"] != p[pc[1]]["family_name"]
        and users[pc[0]]["metadata.address"] != users[pc[1]]["metadata.address"]
    ]
    assert len(split) >= 30
    # a few guardians (role "guardian": foster parents and the like), some single parents
    assert sum(1 for a in adults if p[a]["role"] == "guardian") >= 5
    assert sum(1 for s in pupils if len([g for g in guardians_of[s] if p[g]["role"] != "relative"]) == 1) >= 20
    # relatives never stand alone: each of their children also has a parent or guardian
    relatives = [a for a in adults if p[a]["role"] == "relative"]
    assert relatives and all(
        any(p[g]["role"] in ("parent", "guardian") for g in guardians_of[s]) for r in relatives for s in children_of[r]
    )


def test_contacts(demo_dir: Path, users: dict[str, dict[str, str]]) -> None:
    b = read_bundle(demo_dir)
    p = b.people
    numbers = [n for x in p.values() for n in (x["sms"], x["phone"]) if n]
    assert len(numbers) == len(set(numbers)), "phone numbers are unique"
    for n in numbers:
        parsed = phonenumbers.parse(n)
        assert phonenumbers.is_valid_number(parsed) and n.startswith(("+474", "+479"))
        assert phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE
    adults = [sid for sid, x in p.items() if x["role"] in ("parent", "guardian", "relative")]
    no_phone = [a for a in adults if not p[a]["sms"] and not p[a]["phone"]]
    assert no_phone == [demo.DEMO_NO_PHONE_GUARDIAN_ID]
    phone_only = [a for a in adults if not p[a]["sms"] and p[a]["phone"]]
    assert 3 <= len(phone_only) <= 6
    with_email = sum(1 for a in adults if p[a]["email"])
    assert 0.3 * len(adults) <= with_email <= 0.8 * len(adults)
    assert all(
        p[a]["email"].rsplit("@", 1)[1] in ("example.com", "example.net", "example.org")
        for a in adults
        if p[a]["email"]
    )
    staff = [x for x in p.values() if x["role"] in ("teacher", "administrator", "aide")]
    assert all(x["sms"] and x["username"] == x["email"] and x["email"].endswith("@solbakken.skole.no") for x in staff)
    assert len({x["email"] for x in staff}) == len(staff)
    pupils = [x for x in p.values() if x["role"] == "student"]
    assert not any(x["sms"] or x["phone"] for x in pupils)
    # the export mixes number formats, as real ones do; the importer normalises them
    raw = [users[sid]["sms"] for sid in users if users[sid]["sms"]]
    assert any(" " in n for n in raw) and any(n.startswith("+47") for n in raw)


def test_birth_dates_match_grades(demo_dir: Path) -> None:
    b = read_bundle(demo_dir)
    for x in b.people.values():
        if x["role"] == "student":
            # 1st grade in autumn 2026 = born 2020; 7th grade = born 2014
            assert x["birth_date"] is not None and x["birth_date"].year == 2021 - x["grade"]
            assert x["sex"] in ("male", "female")


def test_teachers(demo_dir: Path) -> None:
    b = read_bundle(demo_dir)
    teachers = [e for e in b.enrollments.values() if e["role"] == "teacher"]
    primary = Counter(e["class_id"] for e in teachers if e["primary"])
    assert set(primary) == set(b.classes) and set(primary.values()) == {1}  # one contact teacher a class
    classes_per_teacher = Counter(e["person_id"] for e in teachers)
    subject = [t for t in classes_per_teacher if not any(e["primary"] and e["person_id"] == t for e in teachers)]
    assert len(subject) >= 12 and sum(1 for t in subject if classes_per_teacher[t] >= 3) >= 10
    students = Counter(e["class_id"] for e in b.enrollments.values() if e["role"] == "student")
    assert all(17 <= n <= 25 for n in students.values())
    assert sum(1 for e in b.enrollments.values() if e["role"] == "student") == sum(
        1 for x in b.people.values() if x["role"] == "student"
    )


def test_calendar_and_resources(demo_dir: Path) -> None:
    b = read_bundle(demo_dir)
    terms = sorted((s["start_date"], s["end_date"]) for s in b.academic_sessions.values() if s["type"] == "term")
    assert (dt.date(2026, 8, 17), dt.date(2026, 12, 18)) in terms
    assert (dt.date(2027, 1, 4), dt.date(2027, 6, 18)) in terms
    assert len(terms) == 4  # 2025/26 too, for history
    years = [s for s in b.academic_sessions.values() if s["type"] == "schoolYear"]
    assert len(years) == 2
    sessions = _rows(demo_dir, "academicSessions.csv")
    assert all(r["parentSourcedId"] in {y["sourced_id"] for y in years} for r in sessions if r["type"] == "term")

    kinds = Counter(r["kind"] for r in b.resources.values())
    assert kinds == Counter(
        {
            "musikkrom": 1,
            "møterom": 2,
            "grupperom": 3,
            "gymsal": 1,
            "skolekjøkken": 1,
            "dataskap": 2,
            "ipadskap": 2,
            "kunst og håndverk": 1,
        }
    )
    names = {r["name"] for r in b.resources.values()}
    assert {"Møterom 1", "Møterom 2", "Dataskap 1 (30 PC-er)"} <= names
    aliases = {a: r["sourced_id"] for r in b.resources.values() for a in r["aliases"].split("|")}
    assert aliases["musikkrommet"] == "r-musikkrom"
    assert aliases["ipad-skapet"] == aliases["ipadskapet"] == aliases["ipadskap 1"] == "r-ipadskap-1"
    assert aliases["pc-skap"] == aliases["pc-skapet"] == aliases["dataskapet"] == "r-dataskap-1"
    all_aliases = [a for r in b.resources.values() for a in r["aliases"].split("|")]
    assert len(all_aliases) == len(set(all_aliases)), "an alias names one resource"


# --------------------------------------------------------------------------- importing it


async def test_demo_imports_fast_and_idempotently(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.perf_counter()
    summary = await demo.load_demo(db)
    first = time.perf_counter() - started
    assert summary.added["classes"] == 14 and summary.added["orgs"] == 1
    assert summary.added == read_bundle(demo.write_demo_bundle(tmp_path / "b")).counts()
    assert first < 5.0, f"demo import took {first:.2f} s"

    started = time.perf_counter()
    again = await demo.load_demo(db, tmp_path / "kept")
    second = time.perf_counter() - started
    assert not again.changed(), again.render()
    assert again.unchanged == summary.added
    assert (tmp_path / "kept" / "users.csv").is_file()
    with capsys.disabled():
        print(f"\n[{db.engine.dialect.name}] demo import {first:.2f} s, re-import {second:.2f} s")

    async with db.sessions() as s:
        classes = (
            await s.execute(select(func.count()).select_from(SchoolClass).where(SchoolClass.active))
        ).scalar_one()
        assert classes == 14
        pupils = (
            await s.execute(select(func.count()).select_from(Person).where(Person.role == "student"))
        ).scalar_one()
        assert 290 <= pupils <= 315
        contact = (
            await s.execute(
                select(Person.username)
                .join(Enrollment, Enrollment.person_id == Person.sourced_id)
                .join(SchoolClass, SchoolClass.sourced_id == Enrollment.class_id)
                .where(SchoolClass.title == "5B", Enrollment.role == "teacher", Enrollment.primary.is_(True))
            )
        ).scalar_one()
        assert contact == demo.DEMO_TEACHER_UPN
        guardian = (await s.execute(select(Person).where(Person.sms == demo.DEMO_GUARDIAN_PHONE))).scalar_one()
        children = (
            (
                await s.execute(
                    select(Person.given_name)
                    .join(Guardianship, Guardianship.student_id == Person.sourced_id)
                    .where(Guardianship.guardian_id == guardian.sourced_id, Guardianship.active)
                    .order_by(Person.given_name)
                )
            )
            .scalars()
            .all()
        )
        assert children == ["Emma", "Ola"]
        relative = (await s.execute(select(Person.role).where(Person.sms == demo.DEMO_RELATIVE_PHONE))).scalar_one()
        assert relative == "relative"
        assert (await s.execute(select(func.count()).select_from(Resource))).scalar_one() == 13
    assert (await load_terms(db))[-2:] == (
        (dt.date(2026, 8, 17), dt.date(2026, 12, 18)),
        (dt.date(2027, 1, 4), dt.date(2027, 6, 18)),
    )


async def test_demo_calendar(db: Database) -> None:
    pytest.importorskip("storage.calendar", reason="storage/calendar.py is being written alongside")
    from storage.roster import load_calendar

    await demo.load_demo(db)
    calendar = await load_calendar(db)
    assert calendar.is_school_day(dt.date(2026, 12, 1))
    assert not calendar.is_school_day(dt.date(2026, 12, 28))  # Christmas break: between the terms
    assert not calendar.is_school_day(dt.date(2027, 5, 17))  # Constitution Day
    assert calendar.is_school_day(dt.date(2026, 3, 2))  # 2025/26 is there too, for history


async def test_import_roster_on_the_written_bundle(db: Database, demo_dir: Path) -> None:
    """The CLI path (`skolebot import-roster DIR`) on the demo bundle, dry run first."""
    dry = await import_roster(db, demo_dir, dry_run=True)
    assert dry.added["people"] > 750
    async with db.sessions() as s:
        assert (await s.execute(select(func.count()).select_from(Person))).scalar_one() == 0
    real = await import_roster(db, demo_dir)
    assert real.added == dry.added
