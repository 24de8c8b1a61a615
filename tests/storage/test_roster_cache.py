"""Roster look-ups kept in memory: a change anyone makes to the roster shows in the next turn."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import event, select, text, update

from storage.db import Database
from storage.models import Guardianship, Person, RosterGeneration
from storage.people import People
from storage.roster_cache import RosterCache, roster_turn
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS, seed_small_school

ROSTER_TABLES = ("orgs", "people", "classes", "enrollments", "guardianships")


async def _generation(db: Database) -> int:
    async with db.read() as s:
        return int((await s.execute(select(RosterGeneration.value))).scalar_one())


def _count_statements(db: Database) -> list[str]:
    seen: list[str] = []
    event.listen(
        db.engine.sync_engine, "before_cursor_execute", lambda _c, _cur, statement, *_a: seen.append(statement)
    )
    return seen


async def test_every_roster_table_moves_the_generation_on(db: Database) -> None:
    await seed_small_school(db)
    statements = {
        "orgs": "UPDATE orgs SET name = 'Ny skole'",
        "people": "UPDATE people SET family_name = 'Ny' WHERE sourced_id = 's-ola'",
        "classes": "UPDATE classes SET title = '5C' WHERE sourced_id = 'c-5b'",
        "enrollments": "DELETE FROM enrollments WHERE sourced_id = 'e6'",
        "guardianships": "UPDATE guardianships SET active = false WHERE guardian_id = 'g-tor'",
    }
    assert set(statements) == set(ROSTER_TABLES)
    for table, sql in statements.items():
        before = await _generation(db)
        async with db.transaction() as s:
            await s.execute(text(sql))
        assert await _generation(db) > before, f"a change to {table} did not move roster_generation on"


async def test_a_change_from_another_connection_shows_in_the_next_turn(db: Database) -> None:
    await seed_small_school(db)
    people = People(db)
    with roster_turn():
        lise = await people.by_phone(GUARDIAN_TWO_KIDS)
        assert lise is not None and [c.person.given_name for c in await people.children_of(lise.sourced_id)] == [
            "Ola",
            "Emma",
        ]
    other = Database(db.url)  # another process: the nightly import, say
    try:
        async with other.transaction() as s:
            await s.execute(
                update(Guardianship)
                .where(Guardianship.guardian_id == "g-lise", Guardianship.student_id == "s-emma")
                .values(active=False)
            )
            await s.execute(update(Person).where(Person.sourced_id == "g-berg").values(sms="+4790000099"))
    finally:
        await other.dispose()
    with roster_turn():
        assert [c.person.given_name for c in await people.children_of(lise.sourced_id)] == ["Ola"]
        assert await people.by_phone(GUARDIAN_ONE_KID) is None  # the old number no longer reaches Anne
        anne = await people.by_phone("+4790000099")
        assert anne is not None and anne.given_name == "Anne"


async def test_a_turn_reads_the_generation_once_and_the_roster_not_at_all_when_unchanged(db: Database) -> None:
    await seed_small_school(db)
    people = People(db)
    with roster_turn():  # fill the cache
        lise = await people.by_phone(GUARDIAN_TWO_KIDS)
        assert lise is not None
        await people.children_of(lise.sourced_id)
    statements = _count_statements(db)
    loads = people.cache.loads
    with roster_turn():
        for _ in range(3):
            assert await people.by_phone(GUARDIAN_TWO_KIDS) == lise
            assert len(await people.children_of(lise.sourced_id)) == 2
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 and "roster_generation" in selects[0]
    assert people.cache.loads == loads


async def test_outside_a_turn_every_look_up_checks_the_generation(db: Database) -> None:
    await seed_small_school(db)
    people = People(db)
    await people.by_phone(GUARDIAN_TWO_KIDS)
    async with db.transaction() as s:
        await s.execute(update(Person).where(Person.sourced_id == "g-lise").values(given_name="Elise"))
    found = await people.by_phone(GUARDIAN_TWO_KIDS)
    assert found is not None and found.given_name == "Elise"


async def test_our_own_change_is_seen_at_once_within_the_same_turn(db: Database) -> None:
    await seed_small_school(db)
    people = People(db)
    with roster_turn():
        before = await people.by_phone(GUARDIAN_ONE_KID)
        assert before is not None and not before.sms_opted_out
        await people.set_sms_opt_out(before.sourced_id, True)
        after = await people.by_phone(GUARDIAN_ONE_KID)
        assert after is not None and after.sms_opted_out


async def test_a_value_loaded_across_a_change_is_not_kept(db: Database) -> None:
    """A slow look-up that began before the roster changed must not be kept as current."""
    await seed_small_school(db)
    cache = RosterCache(db)
    release = asyncio.Event()
    calls = 0

    async def slow_load() -> str:
        nonlocal calls
        calls += 1
        await release.wait()
        return "old"

    slow = asyncio.create_task(cache.get("k", slow_load))
    await asyncio.sleep(0.05)  # the slow look-up has read the generation and is loading
    async with db.transaction() as s:
        await s.execute(update(Person).where(Person.sourced_id == "g-lise").values(given_name="Elise"))

    async def fresh_load() -> str:
        return "new"

    assert await cache.get("other", fresh_load) == "new"  # this one sees the newer generation
    release.set()
    assert await slow == "old"
    assert await cache.get("k", fresh_load) == "new"
    assert calls == 1


async def test_erased_or_deactivated_guardian_loses_access_in_the_next_turn(db: Database) -> None:
    await seed_small_school(db)
    people = People(db)
    with roster_turn():
        assert await people.by_phone(GUARDIAN_ONE_KID) is not None
    async with db.transaction() as s:
        await s.execute(update(Person).where(Person.sourced_id == "g-berg").values(active=False))
    with roster_turn():
        assert await people.by_phone(GUARDIAN_ONE_KID) is None


@pytest.mark.parametrize("table", ROSTER_TABLES)
async def test_triggers_exist_after_migration(db: Database, table: str) -> None:
    async with db.read() as s:
        if db.is_sqlite:
            names = (
                (
                    await s.execute(
                        text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"), {"t": table}
                    )
                )
                .scalars()
                .all()
            )
        else:
            names = (
                (
                    await s.execute(
                        text("SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass)"), {"t": table}
                    )
                )
                .scalars()
                .all()
            )
    assert any("roster_generation" in n for n in names)
