"""A small school written straight into the tables, for fast end-to-end tests."""

from __future__ import annotations

import datetime as dt

from storage.db import Database
from storage.models import AcademicSession, Enrollment, Guardianship, Org, Person, Resource, SchoolClass

TEACHER_UPN = "kari.larsen@solbakken.skole.no"
TEACHER_2A_UPN = "per.hansen@solbakken.skole.no"
LEADER_UPN = "rektor@solbakken.skole.no"
LEADER_PHONE = "+4791000001"
OFFICE_UPN = "post@solbakken.skole.no"
GUARDIAN_TWO_KIDS = "+4790000001"  # Ola (5B, boy) and Emma (2A, girl)
GUARDIAN_TWO_KIDS_UPN = "lise.nordmann@example.no"
GUARDIAN_ONE_KID = "+4790000002"  # Nora (5B)
RELATIVE_PHONE = "+4790000003"  # Ola's grandmother: no parental responsibility
OTHER_GUARDIAN = "+4790000004"  # Jonas (5B), another family
STUDENT_UPN = "ola.nordmann@elev.solbakken.skole.no"


def _person(sid: str, role: str, given: str, family: str, **kw: object) -> Person:
    return Person(sourced_id=sid, role=role, given_name=given, family_name=family, active=True, **kw)


async def seed_small_school(db: Database) -> None:
    async with db.transaction() as s:
        s.add(Org(sourced_id="org-1", name="Solbakken skole", type="school", active=True))
        s.add_all(
            [
                AcademicSession(
                    sourced_id="t-h26",
                    title="Høst 2026",
                    type="term",
                    start_date=dt.date(2026, 8, 17),
                    end_date=dt.date(2026, 12, 18),
                    active=True,
                ),
                AcademicSession(
                    sourced_id="t-v27",
                    title="Vår 2027",
                    type="term",
                    start_date=dt.date(2027, 1, 4),
                    end_date=dt.date(2027, 6, 18),
                    active=True,
                ),
            ]
        )
        s.add_all(
            [
                SchoolClass(sourced_id="c-5b", title="5B", grade=5, class_type="homeroom", active=True),
                SchoolClass(sourced_id="c-2a", title="2A", grade=2, class_type="homeroom", active=True),
            ]
        )
        s.add_all(
            [
                _person(
                    "t-kari", "teacher", "Kari", "Larsen", username=TEACHER_UPN, email=TEACHER_UPN, sms="+4792000001"
                ),
                _person(
                    "t-per",
                    "teacher",
                    "Per",
                    "Hansen",
                    username=TEACHER_2A_UPN,
                    email=TEACHER_2A_UPN,
                    sms="+4792000002",
                ),
                _person(
                    "a-rektor",
                    "administrator",
                    "Randi",
                    "Rektor",
                    username=LEADER_UPN,
                    email=LEADER_UPN,
                    sms=LEADER_PHONE,
                ),
                _person("o-post", "aide", "Ola", "Kontor", username=OFFICE_UPN, email=OFFICE_UPN, sms="+4792000009"),
                _person(
                    "s-ola",
                    "student",
                    "Ola",
                    "Nordmann",
                    grade=5,
                    sex="male",
                    birth_date=dt.date(2016, 3, 1),
                    username=STUDENT_UPN,
                    email=STUDENT_UPN,
                ),
                _person("s-emma", "student", "Emma", "Nordmann", grade=2, sex="female", birth_date=dt.date(2019, 5, 2)),
                _person("s-nora", "student", "Nora", "Berg", grade=5, sex="female", birth_date=dt.date(2016, 7, 9)),
                _person("s-jonas", "student", "Jonas", "Ali", grade=5, sex="male", birth_date=dt.date(2016, 1, 9)),
                _person(
                    "g-lise",
                    "parent",
                    "Lise",
                    "Nordmann",
                    sms=GUARDIAN_TWO_KIDS,
                    email=GUARDIAN_TWO_KIDS_UPN,
                    username=GUARDIAN_TWO_KIDS_UPN,
                ),
                _person("g-tor", "guardian", "Tor", "Nordmann", sms="+4790000011"),
                _person("g-berg", "parent", "Anne", "Berg", sms=GUARDIAN_ONE_KID),
                _person("g-ali", "parent", "Samir", "Ali", sms=OTHER_GUARDIAN),
                _person("r-bestemor", "relative", "Solveig", "Nordmann", sms=RELATIVE_PHONE),
            ]
        )
        await s.flush()
        s.add_all(
            [
                Enrollment(
                    sourced_id="e1", class_id="c-5b", person_id="t-kari", role="teacher", primary=True, active=True
                ),
                Enrollment(
                    sourced_id="e2", class_id="c-2a", person_id="t-per", role="teacher", primary=True, active=True
                ),
                Enrollment(
                    sourced_id="e3", class_id="c-5b", person_id="s-ola", role="student", primary=False, active=True
                ),
                Enrollment(
                    sourced_id="e4", class_id="c-2a", person_id="s-emma", role="student", primary=False, active=True
                ),
                Enrollment(
                    sourced_id="e5", class_id="c-5b", person_id="s-nora", role="student", primary=False, active=True
                ),
                Enrollment(
                    sourced_id="e6", class_id="c-5b", person_id="s-jonas", role="student", primary=False, active=True
                ),
            ]
        )
        s.add_all(
            [
                Guardianship(student_id="s-ola", guardian_id="g-lise", active=True),
                Guardianship(student_id="s-emma", guardian_id="g-lise", active=True),
                Guardianship(student_id="s-ola", guardian_id="g-tor", active=True),
                Guardianship(student_id="s-emma", guardian_id="g-tor", active=True),
                Guardianship(student_id="s-nora", guardian_id="g-berg", active=True),
                Guardianship(student_id="s-jonas", guardian_id="g-ali", active=True),
                Guardianship(student_id="s-ola", guardian_id="r-bestemor", active=True),
            ]
        )
        s.add_all(
            [
                Resource(
                    sourced_id="r-musikk",
                    name="Musikkrommet",
                    kind="musikkrom",
                    capacity=30,
                    aliases="musikkrommet|musikkrom",
                    active=True,
                ),
                Resource(
                    sourced_id="r-ipad1",
                    name="iPadskap 1",
                    kind="ipadskap",
                    capacity=30,
                    aliases="ipadskapet|ipad-skapet|ipadskap 1",
                    active=True,
                ),
            ]
        )
