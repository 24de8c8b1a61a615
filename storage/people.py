"""Who is who: look people up by phone, Teams account or id, and find their children and classes.

Look-ups are kept in a `RosterCache` and read from the database again once the roster changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select, update

from storage.db import Database
from storage.models import Enrollment, Guardianship, Org, Person, SchoolClass
from storage.roster_cache import RosterCache

STAFF_ROLES = frozenset({"teacher", "administrator", "aide"})
GUARDIAN_ROLES = frozenset({"parent", "guardian"})  # parental responsibility: may act for a child
AGENT_ROLES = GUARDIAN_ROLES | {"relative"}


@dataclass(frozen=True)
class PersonInfo:
    """A roster person as the bot sees them (a plain value, safe to pass around)."""

    sourced_id: str
    role: str
    given_name: str
    family_name: str
    language: str | None
    sms: str | None
    phone: str | None
    email: str | None
    username: str | None
    sms_opted_out: bool = False
    teams_blocked: bool = False
    grade: int | None = None
    sex: str | None = None
    birth_date: dt.date | None = None

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def mobile(self) -> str | None:
        return self.sms or self.phone

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_leader(self) -> bool:
        return self.role == "administrator"

    @property
    def is_office(self) -> bool:
        return self.role == "aide"

    @property
    def is_guardian(self) -> bool:
        return self.role in GUARDIAN_ROLES

    @property
    def is_student(self) -> bool:
        return self.role == "student"


@dataclass(frozen=True)
class ChildInfo:
    """A pupil with the class they belong to (homeroom)."""

    person: PersonInfo
    class_id: str | None
    class_name: str | None
    grade: int | None


def to_info(p: Person) -> PersonInfo:
    return PersonInfo(
        sourced_id=p.sourced_id,
        role=p.role,
        given_name=p.given_name,
        family_name=p.family_name,
        language=p.language,
        sms=p.sms,
        phone=p.phone,
        email=p.email,
        username=p.username,
        sms_opted_out=p.sms_opted_out,
        teams_blocked=p.teams_blocked,
        grade=p.grade,
        sex=p.sex,
        birth_date=p.birth_date,
    )


class People:
    """Read and small writes on people; each call is one transaction, or none when the cache answers."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.cache = RosterCache(db)

    async def get(self, sourced_id: str) -> PersonInfo | None:
        return await self.cache.get(("get", sourced_id), lambda: self._get(sourced_id))

    async def _get(self, sourced_id: str) -> PersonInfo | None:
        async with self._db.read() as s:
            p = await s.get(Person, sourced_id)
            return to_info(p) if p is not None and p.active else None

    async def by_phone(self, e164: str) -> PersonInfo | None:
        """The active person whose sms (preferred) or phone is this number; staff before guardians."""
        return await self.cache.get(("by_phone", e164), lambda: self._by_phone(e164))

    async def _by_phone(self, e164: str) -> PersonInfo | None:
        async with self._db.read() as s:
            rows = (
                (
                    await s.execute(
                        select(Person).where(Person.active.is_(True), or_(Person.sms == e164, Person.phone == e164))
                    )
                )
                .scalars()
                .all()
            )
        if not rows:
            return None
        rows = sorted(rows, key=lambda p: (p.sms != e164, p.role not in STAFF_ROLES, p.sourced_id))
        return to_info(rows[0])

    async def by_account(self, *names: str | None) -> PersonInfo | None:
        """The active person whose username or email equals one of `names` (case-insensitive)."""
        wanted = [n.strip().lower() for n in names if n and n.strip()]
        if not wanted:
            return None
        return await self.cache.get(("by_account", *wanted), lambda: self._by_account(wanted))

    async def _by_account(self, wanted: list[str]) -> PersonInfo | None:
        async with self._db.read() as s:
            row = (
                await s.execute(
                    select(Person)
                    .where(
                        Person.active.is_(True),
                        or_(func.lower(Person.username).in_(wanted), func.lower(Person.email).in_(wanted)),
                    )
                    .order_by(Person.sourced_id)
                    .limit(1)
                )
            ).scalar_one_or_none()
        return to_info(row) if row is not None else None

    async def by_aad_object_id(self, aad_object_id: str) -> PersonInfo | None:
        return await self.cache.get(("aad", aad_object_id), lambda: self._by_aad_object_id(aad_object_id))

    async def _by_aad_object_id(self, aad_object_id: str) -> PersonInfo | None:
        async with self._db.read() as s:
            row = (
                await s.execute(
                    select(Person).where(Person.active.is_(True), Person.aad_object_id == aad_object_id).limit(1)
                )
            ).scalar_one_or_none()
        return to_info(row) if row is not None else None

    async def remember_aad_object_id(self, sourced_id: str, aad_object_id: str) -> None:
        async with self._db.transaction() as s:
            await s.execute(update(Person).where(Person.sourced_id == sourced_id).values(aad_object_id=aad_object_id))
        self.cache.forget()

    async def set_language(self, sourced_id: str, language: str) -> None:
        async with self._db.transaction() as s:
            await s.execute(update(Person).where(Person.sourced_id == sourced_id).values(language=language))
        self.cache.forget()

    async def set_sms_opt_out(self, sourced_id: str, opted_out: bool) -> None:
        async with self._db.transaction() as s:
            await s.execute(update(Person).where(Person.sourced_id == sourced_id).values(sms_opted_out=opted_out))
        self.cache.forget()

    async def set_teams_blocked(self, sourced_id: str, blocked: bool) -> None:
        async with self._db.transaction() as s:
            await s.execute(update(Person).where(Person.sourced_id == sourced_id).values(teams_blocked=blocked))
        self.cache.forget()

    async def children_of(self, guardian_id: str) -> list[ChildInfo]:
        """The pupils this person has parental responsibility for (parent/guardian role only)."""
        return list(await self.cache.get(("children", guardian_id), lambda: self._children_of(guardian_id)))

    async def _children_of(self, guardian_id: str) -> tuple[ChildInfo, ...]:
        async with self._db.read() as s:
            guardian = await s.get(Person, guardian_id)
            if guardian is None or guardian.role not in GUARDIAN_ROLES or not guardian.active:
                return ()
            students = (
                (
                    await s.execute(
                        select(Person)
                        .join(Guardianship, Guardianship.student_id == Person.sourced_id)
                        .where(
                            Guardianship.guardian_id == guardian_id,
                            Guardianship.active.is_(True),
                            Person.active.is_(True),
                        )
                        .order_by(Person.birth_date.asc().nulls_last(), Person.given_name)
                    )
                )
                .scalars()
                .all()
            )
            return tuple([await self._with_class(s, p) for p in students])

    async def child(self, student_id: str) -> ChildInfo | None:
        return await self.cache.get(("child", student_id), lambda: self._child(student_id))

    async def _child(self, student_id: str) -> ChildInfo | None:
        async with self._db.read() as s:
            p = await s.get(Person, student_id)
            if p is None or p.role != "student":
                return None
            return await self._with_class(s, p)

    @staticmethod
    async def _with_class(s, p: Person) -> ChildInfo:  # type: ignore[no-untyped-def]
        klass = (
            await s.execute(
                select(SchoolClass)
                .join(Enrollment, Enrollment.class_id == SchoolClass.sourced_id)
                .where(
                    Enrollment.person_id == p.sourced_id,
                    Enrollment.active.is_(True),
                    SchoolClass.class_type == "homeroom",
                )
                .limit(1)
            )
        ).scalar_one_or_none()
        return ChildInfo(
            person=to_info(p),
            class_id=klass.sourced_id if klass else None,
            class_name=klass.title if klass else None,
            grade=(klass.grade if klass and klass.grade is not None else p.grade),
        )

    async def guardians_of(self, student_id: str) -> list[PersonInfo]:
        """Guardians with parental responsibility, in roster order."""
        return list(await self.cache.get(("guardians", student_id), lambda: self._guardians_of(student_id)))

    async def _infos(self, query: Select[Person]) -> tuple[PersonInfo, ...]:
        """The people a query selects, as PersonInfo, in the query's order."""
        async with self._db.read() as s:
            rows = (await s.execute(query)).scalars().all()
        return tuple(to_info(p) for p in rows)

    async def _guardians_of(self, student_id: str) -> tuple[PersonInfo, ...]:
        return await self._infos(
            select(Person)
            .join(Guardianship, Guardianship.guardian_id == Person.sourced_id)
            .where(
                Guardianship.student_id == student_id,
                Guardianship.active.is_(True),
                Person.active.is_(True),
                Person.role.in_(GUARDIAN_ROLES),
            )
            .order_by(Person.sourced_id)
        )

    async def contact_teachers(self, class_id: str) -> list[PersonInfo]:
        return list(await self.cache.get(("contact_teachers", class_id), lambda: self._contact_teachers(class_id)))

    async def _contact_teachers(self, class_id: str) -> tuple[PersonInfo, ...]:
        return await self._infos(
            select(Person)
            .join(Enrollment, Enrollment.person_id == Person.sourced_id)
            .where(
                Enrollment.class_id == class_id,
                Enrollment.role == "teacher",
                Enrollment.primary.is_(True),
                Enrollment.active.is_(True),
                Person.active.is_(True),
            )
            .order_by(Person.sourced_id)
        )

    async def classes_taught(self, teacher_id: str) -> list[tuple[str, str]]:
        """(class sourcedId, title) of the homeroom classes a teacher is enrolled in."""
        return list(await self.cache.get(("classes_taught", teacher_id), lambda: self._classes_taught(teacher_id)))

    async def _classes_taught(self, teacher_id: str) -> tuple[tuple[str, str], ...]:
        async with self._db.read() as s:
            rows = (
                await s.execute(
                    select(SchoolClass.sourced_id, SchoolClass.title)
                    .join(Enrollment, Enrollment.class_id == SchoolClass.sourced_id)
                    .where(
                        Enrollment.person_id == teacher_id,
                        Enrollment.active.is_(True),
                        SchoolClass.active.is_(True),
                        SchoolClass.class_type == "homeroom",
                    )
                    .order_by(SchoolClass.title)
                )
            ).all()
        return tuple([(r[0], r[1]) for r in rows])

    async def pupils_of(self, class_id: str) -> list[PersonInfo]:
        return list(await self.cache.get(("pupils", class_id), lambda: self._pupils_of(class_id)))

    async def _pupils_of(self, class_id: str) -> tuple[PersonInfo, ...]:
        return await self._infos(
            select(Person)
            .join(Enrollment, Enrollment.person_id == Person.sourced_id)
            .where(
                Enrollment.class_id == class_id,
                Enrollment.role == "student",
                Enrollment.active.is_(True),
                Person.active.is_(True),
            )
            .order_by(Person.given_name, Person.family_name)
        )

    async def all_classes(self) -> list[tuple[str, str]]:
        return list(await self.cache.get(("all_classes",), self._all_classes))

    async def _all_classes(self) -> tuple[tuple[str, str], ...]:
        async with self._db.read() as s:
            rows = (
                await s.execute(
                    select(SchoolClass.sourced_id, SchoolClass.title)
                    .where(SchoolClass.active.is_(True), SchoolClass.class_type == "homeroom")
                    .order_by(SchoolClass.title)
                )
            ).all()
        return tuple((r[0], r[1]) for r in rows)

    async def by_roles(self, roles: tuple[str, ...]) -> list[PersonInfo]:
        return list(await self.cache.get(("by_roles", roles), lambda: self._by_roles(roles)))

    async def _by_roles(self, roles: tuple[str, ...]) -> tuple[PersonInfo, ...]:
        return await self._infos(
            select(Person).where(Person.role.in_(roles), Person.active.is_(True)).order_by(Person.sourced_id)
        )

    async def school_name(self) -> str:
        return await self.cache.get(("school_name",), self._school_name)

    async def _school_name(self) -> str:
        async with self._db.read() as s:
            name = (
                await s.execute(
                    select(Org.name).where(Org.type == "school", Org.active.is_(True)).order_by(Org.sourced_id).limit(1)
                )
            ).scalar_one_or_none()
        return name or ""

    async def pupil_first_names(self) -> frozenset[str]:
        """Lower-cased first names of every pupil."""
        return await self.cache.get(("pupil_first_names",), self._load_pupil_first_names)

    async def _load_pupil_first_names(self) -> frozenset[str]:
        async with self._db.read() as s:
            rows = (
                (await s.execute(select(Person.given_name).where(Person.role == "student", Person.active.is_(True))))
                .scalars()
                .all()
            )
        return frozenset(n.lower() for n in rows)

    async def count_active(self) -> int:
        async with self._db.read() as s:
            return int(
                (await s.execute(select(func.count()).select_from(Person).where(Person.active.is_(True)))).scalar_one()
            )
