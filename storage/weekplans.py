"""Week plans: publish a version, find the plan a class should see, and the classes and guardians involved.

A class's own plan wins over its grade's plan for the same week; within one plan the newest
version wins. Every call is one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.models import Enrollment, Guardianship, Person, SchoolClass
from storage.models_weekplan import MAX_FILE_BYTES, WeekPlan
from storage.people import GUARDIAN_ROLES, PersonInfo, to_info

_PUBLISH_ATTEMPTS = 5
ALLOWED_FILE_TYPES = {  # file extension -> MIME type: the plan files we keep (PDF and Word)
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def accepted_file_type(extension: str, declared: str | None = None) -> str | None:
    """The MIME type to keep a plan file under, from its extension or declared type; None if not PDF/Word."""
    extension = extension.lower().lstrip(".")
    if extension in ALLOWED_FILE_TYPES:
        return ALLOWED_FILE_TYPES[extension]
    declared = (declared or "").lower()
    return declared if declared in ALLOWED_FILE_TYPES.values() else None


class PlanRejected(ValueError):
    """A plan that cannot be stored; `reason` is one of: empty, too_large, bad_week, bad_target."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


@dataclass(frozen=True)
class ClassRef:
    class_id: str
    title: str
    grade: int | None


@dataclass(frozen=True)
class PlanFile:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class PlanInfo:
    """One stored version, without the file's bytes."""

    id: int
    class_id: str | None
    grade: int | None
    iso_year: int
    iso_week: int
    version: int
    body: str | None
    file_name: str | None
    file_type: str | None
    file_size: int | None
    published_by: str | None
    published_at: dt.datetime

    @property
    def week_start(self) -> dt.date:
        return dt.date.fromisocalendar(self.iso_year, self.iso_week, 1)

    @property
    def has_file(self) -> bool:
        return self.file_name is not None


def scope_of(class_id: str | None, grade: int | None) -> str:
    if (class_id is None) == (grade is None):
        raise PlanRejected("bad_target", "a plan is for one class or one grade")
    return f"class:{class_id}" if class_id is not None else f"grade:{grade}"


def _version_taken(exc: IntegrityError) -> bool:
    detail = str(exc.orig)
    return "uq_weekplans_scope_week_version" in detail or "UNIQUE constraint failed: weekplans." in detail


def _info(row: WeekPlan) -> PlanInfo:
    published = row.published_at
    if published.tzinfo is None:  # SQLite returns naive datetimes; they were stored as UTC
        published = published.replace(tzinfo=dt.UTC)
    return PlanInfo(
        id=row.id,
        class_id=row.class_id,
        grade=row.grade,
        iso_year=row.iso_year,
        iso_week=row.iso_week,
        version=row.version,
        body=row.body,
        file_name=row.file_name,
        file_type=row.file_type,
        file_size=row.file_size,
        published_by=row.published_by,
        published_at=published,
    )


def _class_ref(row: SchoolClass) -> ClassRef:
    return ClassRef(class_id=row.sourced_id, title=row.title, grade=row.grade)


class WeekPlans:
    """The school's week plans and the lookups publishing and fetching need."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # ------------------------------------------------------------------ publish

    async def publish(
        self,
        *,
        year: int,
        week: int,
        class_id: str | None = None,
        grade: int | None = None,
        body: str | None = None,
        file: PlanFile | None = None,
        published_by: str | None = None,
        now: dt.datetime | None = None,
    ) -> PlanInfo:
        """Store a new version (the old ones stay); raises PlanRejected for what cannot be a plan."""
        scope = scope_of(class_id, grade)
        try:
            dt.date.fromisocalendar(year, week, 1)
        except ValueError as exc:
            raise PlanRejected("bad_week", f"{year}-W{week:02d} is not an ISO week") from exc
        content = (body or "").strip() or None
        if content is None and file is None:
            raise PlanRejected("empty", "a plan needs text or a file")
        if file is not None and not file.data:
            raise PlanRejected("empty", "the file is empty")
        if file is not None and len(file.data) > MAX_FILE_BYTES:
            raise PlanRejected("too_large", f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        at = now or dt.datetime.now(dt.UTC)
        for attempt in range(_PUBLISH_ATTEMPTS):
            try:
                async with self._db.transaction() as s:
                    await self._lock_plan(s, scope, year, week)
                    current = (
                        await s.execute(
                            select(func.max(WeekPlan.version)).where(
                                WeekPlan.scope == scope, WeekPlan.iso_year == year, WeekPlan.iso_week == week
                            )
                        )
                    ).scalar_one()
                    row = WeekPlan(
                        scope=scope,
                        class_id=class_id,
                        grade=grade,
                        iso_year=year,
                        iso_week=week,
                        version=(current or 0) + 1,
                        body=content,
                        file_name=file.name[:255] if file else None,
                        file_type=file.content_type[:127] if file else None,
                        file_size=len(file.data) if file else None,
                        file_data=file.data if file else None,
                        published_by=published_by,
                        published_at=at.astimezone(dt.UTC),
                    )
                    s.add(row)
                    await s.flush()
                    return _info(row)
            except IntegrityError as exc:
                # Another publisher took this version number first (PostgreSQL); take the next one.
                if not _version_taken(exc) or attempt == _PUBLISH_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    async def _lock_plan(self, s: AsyncSession, scope: str, year: int, week: int) -> None:
        """Publishers of the same plan take turns (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises)."""
        if self._db.is_sqlite:
            return
        digest = hashlib.sha256(f"weekplan:{scope}:{year}:{week}".encode()).digest()
        await s.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": int.from_bytes(digest[:8], "big", signed=True)}
        )

    # ------------------------------------------------------------------ read

    async def latest_for_class(self, class_id: str, year: int, week: int) -> PlanInfo | None:
        """The newest version of the class's own plan for the week, else of its grade's plan."""
        async with self._db.transaction() as s:
            klass = await s.get(SchoolClass, class_id)
            if klass is None:
                return None
            for scope in self._scopes(klass):
                row = (
                    await s.execute(
                        select(WeekPlan)
                        .where(WeekPlan.scope == scope, WeekPlan.iso_year == year, WeekPlan.iso_week == week)
                        .order_by(WeekPlan.version.desc())
                        .limit(1)
                    )
                ).scalar_one_or_none()
                if row is not None:
                    return _info(row)
        return None

    async def latest_week_for_class(self, class_id: str) -> tuple[int, int] | None:
        """(ISO year, week) of the newest week that has a plan for the class or its grade."""
        async with self._db.transaction() as s:
            klass = await s.get(SchoolClass, class_id)
            if klass is None:
                return None
            row = (
                await s.execute(
                    select(WeekPlan.iso_year, WeekPlan.iso_week)
                    .where(WeekPlan.scope.in_(self._scopes(klass)))
                    .order_by(WeekPlan.iso_year.desc(), WeekPlan.iso_week.desc())
                    .limit(1)
                )
            ).first()
        return (row[0], row[1]) if row is not None else None

    async def get(self, plan_id: int) -> PlanInfo | None:
        async with self._db.transaction() as s:
            row = await s.get(WeekPlan, plan_id)
            return _info(row) if row is not None else None

    async def newest_like(self, plan_id: int) -> PlanInfo | None:
        """The newest version of the same plan (scope and week) as `plan_id`: what a shared link shows."""
        async with self._db.transaction() as s:
            row = await s.get(WeekPlan, plan_id)
            if row is None:
                return None
            newest = (
                await s.execute(
                    select(WeekPlan)
                    .where(
                        WeekPlan.scope == row.scope,
                        WeekPlan.iso_year == row.iso_year,
                        WeekPlan.iso_week == row.iso_week,
                    )
                    .order_by(WeekPlan.version.desc())
                    .limit(1)
                )
            ).scalar_one()
            return _info(newest)

    async def versions(
        self, *, year: int, week: int, class_id: str | None = None, grade: int | None = None
    ) -> list[PlanInfo]:
        """Every version of one plan, oldest first."""
        scope = scope_of(class_id, grade)
        async with self._db.transaction() as s:
            rows = (
                (
                    await s.execute(
                        select(WeekPlan)
                        .where(WeekPlan.scope == scope, WeekPlan.iso_year == year, WeekPlan.iso_week == week)
                        .order_by(WeekPlan.version)
                    )
                )
                .scalars()
                .all()
            )
        return [_info(r) for r in rows]

    async def file(self, plan_id: int) -> PlanFile | None:
        """The uploaded file of one version, bytes included."""
        async with self._db.transaction() as s:
            row = (
                await s.execute(
                    select(WeekPlan.file_name, WeekPlan.file_type, WeekPlan.file_data).where(WeekPlan.id == plan_id)
                )
            ).first()
        if row is None:
            return None
        name, content_type, data = row
        if data is None or name is None or content_type is None:  # all or none: the file_complete CHECK
            return None
        return PlanFile(name=name, content_type=content_type, data=bytes(data))

    @staticmethod
    def _scopes(klass: SchoolClass) -> list[str]:
        scopes = [scope_of(klass.sourced_id, None)]
        if klass.grade is not None:
            scopes.append(scope_of(None, klass.grade))
        return scopes

    # ------------------------------------------------------------------ classes and guardians

    async def find_class(self, name: str) -> ClassRef | None:
        """An active homeroom class by title ("5B", any case) or sourcedId."""
        wanted = name.strip()
        if not wanted:
            return None
        async with self._db.transaction() as s:
            row = (
                await s.execute(
                    select(SchoolClass)
                    .where(
                        SchoolClass.active.is_(True),
                        SchoolClass.class_type == "homeroom",
                        or_(func.lower(SchoolClass.title) == wanted.lower(), SchoolClass.sourced_id == wanted),
                    )
                    .order_by(SchoolClass.sourced_id)
                    .limit(1)
                )
            ).scalar_one_or_none()
        return _class_ref(row) if row is not None else None

    async def class_ref(self, class_id: str) -> ClassRef | None:
        async with self._db.transaction() as s:
            row = await s.get(SchoolClass, class_id)
            return _class_ref(row) if row is not None else None

    async def classes_in_grade(self, grade: int) -> list[ClassRef]:
        async with self._db.transaction() as s:
            rows = (
                (
                    await s.execute(
                        select(SchoolClass)
                        .where(
                            SchoolClass.active.is_(True),
                            SchoolClass.class_type == "homeroom",
                            SchoolClass.grade == grade,
                        )
                        .order_by(SchoolClass.title)
                    )
                )
                .scalars()
                .all()
            )
        return [_class_ref(r) for r in rows]

    async def guardians_of_classes(self, class_ids: list[str]) -> list[PersonInfo]:
        """Each guardian with parental responsibility for an active pupil in these classes, once."""
        if not class_ids:
            return []
        async with self._db.transaction() as s:
            rows = await _guardians(s, class_ids)
        return [to_info(p) for p in rows]


async def _guardians(s: AsyncSession, class_ids: list[str]) -> list[Person]:
    pupils = (
        select(Enrollment.person_id)
        .join(Person, Person.sourced_id == Enrollment.person_id)
        .where(
            Enrollment.class_id.in_(class_ids),
            Enrollment.active.is_(True),
            Enrollment.role == "student",
            Person.active.is_(True),
        )
    )
    guardian_ids = select(Guardianship.guardian_id).where(
        Guardianship.student_id.in_(pupils), Guardianship.active.is_(True)
    )
    return list(
        (
            await s.execute(
                select(Person)
                .where(Person.sourced_id.in_(guardian_ids), Person.active.is_(True), Person.role.in_(GUARDIAN_ROLES))
                .order_by(Person.sourced_id)
            )
        )
        .scalars()
        .all()
    )
