"""Week plan storage on SQLite and PostgreSQL: versions, class over grade, files, and the database's own checks."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.models_weekplan import MAX_FILE_BYTES, WeekPlan
from storage.weekplans import PlanFile, PlanRejected, WeekPlans
from tests.e2e.seed import seed_small_school

PDF = PlanFile(name="ukeplan uke 49.pdf", content_type="application/pdf", data=b"%PDF-1.4 fake plan\n%%EOF")


@pytest.fixture
async def plans(db: Database) -> WeekPlans:
    await seed_small_school(db)
    return WeekPlans(db)


async def test_publishing_again_adds_a_version_and_keeps_the_old_one(plans: WeekPlans) -> None:
    first = await plans.publish(
        year=2026, week=49, class_id="c-5b", body="Mandag: Norsk: les s. 12", published_by="t-kari"
    )
    second = await plans.publish(
        year=2026, week=49, class_id="c-5b", body="Mandag: Norsk: les s. 14", published_by="t-kari"
    )
    assert (first.version, second.version) == (1, 2)
    latest = await plans.latest_for_class("c-5b", 2026, 49)
    assert latest is not None and latest.id == second.id and "s. 14" in (latest.body or "")
    versions = await plans.versions(year=2026, week=49, class_id="c-5b")
    assert [v.body for v in versions] == ["Mandag: Norsk: les s. 12", "Mandag: Norsk: les s. 14"]
    assert latest.published_at.tzinfo is not None


async def test_a_class_plan_wins_over_its_grade_plan_and_the_grade_plan_covers_the_rest(plans: WeekPlans) -> None:
    await plans.publish(year=2026, week=49, grade=5, body="Mandag: Felles for 5. trinn")
    await plans.publish(year=2026, week=50, grade=5, body="Mandag: Felles uke 50")
    own = await plans.publish(year=2026, week=49, class_id="c-5b", body="Mandag: Bare 5B")
    assert (await plans.latest_for_class("c-5b", 2026, 49)).id == own.id  # type: ignore[union-attr]
    week50 = await plans.latest_for_class("c-5b", 2026, 50)
    assert week50 is not None and week50.grade == 5 and week50.class_id is None
    assert await plans.latest_for_class("c-2a", 2026, 49) is None  # grade 2 has nothing


async def test_latest_week_with_a_plan_counts_the_grade_plans_and_crosses_the_new_year(plans: WeekPlans) -> None:
    assert await plans.latest_week_for_class("c-5b") is None
    await plans.publish(year=2026, week=48, class_id="c-5b", body="Mandag: x")
    assert await plans.latest_week_for_class("c-5b") == (2026, 48)
    await plans.publish(year=2027, week=1, grade=5, body="Mandag: y")
    assert await plans.latest_week_for_class("c-5b") == (2027, 1)
    assert await plans.latest_week_for_class("c-2a") is None


async def test_a_file_is_kept_with_its_name_and_type_and_is_not_loaded_with_the_plan(plans: WeekPlans) -> None:
    plan = await plans.publish(year=2026, week=49, class_id="c-5b", file=PDF, published_by="t-kari")
    assert plan.has_file and plan.file_size == len(PDF.data) and plan.body is None
    stored = await plans.file(plan.id)
    assert stored == PDF
    assert await plans.file((await plans.publish(year=2026, week=49, class_id="c-5b", body="Mandag: x")).id) is None


async def test_what_cannot_be_a_plan_is_refused(plans: WeekPlans) -> None:
    with pytest.raises(PlanRejected) as empty:
        await plans.publish(year=2026, week=49, class_id="c-5b", body="   ")
    assert empty.value.reason == "empty"
    with pytest.raises(PlanRejected) as big:
        await plans.publish(
            year=2026,
            week=49,
            class_id="c-5b",
            file=PlanFile("stor.pdf", "application/pdf", b"x" * (MAX_FILE_BYTES + 1)),
        )
    assert big.value.reason == "too_large"
    with pytest.raises(PlanRejected) as week:
        await plans.publish(year=2027, week=53, class_id="c-5b", body="Mandag: x")  # 2027 has 52
    assert week.value.reason == "bad_week"
    with pytest.raises(PlanRejected):
        await plans.publish(year=2026, week=49, class_id="c-5b", grade=5, body="Mandag: x")
    assert await plans.versions(year=2026, week=49, class_id="c-5b") == []


@pytest.mark.parametrize(
    "row",
    [
        {"scope": "class:c-5b", "class_id": "c-5b", "grade": 5},  # both targets
        {"scope": "class:c-2a", "class_id": "c-5b"},  # scope lies about the class
        {"scope": "grade:4", "grade": 5},
        {"scope": "class:c-5b", "class_id": "c-5b", "version": 0},
        {"scope": "class:c-5b", "class_id": "c-5b", "iso_week": 54},
        {"scope": "class:c-5b", "class_id": "c-5b", "body": None},  # neither text nor file
        {
            "scope": "class:c-5b",
            "class_id": "c-5b",
            "file_data": b"abc",
            "file_name": "a.pdf",
            "file_type": "application/pdf",
            "file_size": 4,
        },  # size does not match the bytes
        {"scope": "class:c-5b", "class_id": "c-5b", "file_data": b"abc"},  # a file without a name
    ],
)
async def test_the_database_itself_refuses_inconsistent_rows(
    plans: WeekPlans, db: Database, row: dict[str, object]
) -> None:
    values: dict[str, object] = {
        "iso_year": 2026,
        "iso_week": 49,
        "version": 1,
        "body": "Mandag: x",
        "published_at": dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    }
    values.update(row)
    with pytest.raises(IntegrityError):
        async with db.transaction() as s:
            await s.execute(insert(WeekPlan).values(**values))


async def test_the_same_version_twice_is_refused_by_the_database(plans: WeekPlans, db: Database) -> None:
    await plans.publish(year=2026, week=49, class_id="c-5b", body="Mandag: x")
    with pytest.raises(IntegrityError):
        async with db.transaction() as s:
            await s.execute(
                insert(WeekPlan).values(
                    scope="class:c-5b",
                    class_id="c-5b",
                    iso_year=2026,
                    iso_week=49,
                    version=1,
                    body="Mandag: y",
                    published_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
                )
            )


async def test_concurrent_publishers_get_distinct_versions(plans: WeekPlans) -> None:
    results = await asyncio.gather(
        *(plans.publish(year=2026, week=49, class_id="c-5b", body=f"Mandag: versjon {n}") for n in range(6))
    )
    assert sorted(p.version for p in results) == [1, 2, 3, 4, 5, 6]


async def test_classes_and_their_guardians_each_once(plans: WeekPlans, db: Database) -> None:
    assert (await plans.find_class("5b")).class_id == "c-5b"  # type: ignore[union-attr]
    assert (await plans.find_class("c-2a")).title == "2A"  # type: ignore[union-attr]
    assert await plans.find_class("9Z") is None
    assert [c.title for c in await plans.classes_in_grade(5)] == ["5B"]
    guardians = await plans.guardians_of_classes(["c-5b"])
    # Ola's parents (Lise, Tor), Nora's and Jonas's; not the grandmother (no parental responsibility)
    assert [g.sourced_id for g in guardians] == ["g-ali", "g-berg", "g-lise", "g-tor"]
    both = await plans.guardians_of_classes(["c-5b", "c-2a"])
    assert len(both) == len({g.sourced_id for g in both}) == 4  # Lise and Tor once, though two children
