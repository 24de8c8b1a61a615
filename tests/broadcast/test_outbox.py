"""The outbox on SQLite and PostgreSQL: one transaction per broadcast, leases, retries, fallback."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from storage.audiences import Audience, Route
from storage.broadcasts import Broadcasts, Message, Plan
from storage.db import Database
from storage.models import AuditEntry, Person
from storage.models_broadcast import Broadcast, Delivery
from storage.outbox import Outbox
from tests.broadcast.conftest import deliveries
from tests.e2e.seed import seed_small_school

NOW = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


def _message(text: str = "Husk gymtøy") -> Message:
    return Message(text=text, sms_body=text, teams_body=text, segments=1)


@pytest.fixture
async def school(db: Database) -> Database:
    await seed_small_school(db)
    return db


async def _queue(
    db: Database, audience: str = "guardians:class:5B", channels: str = "sms", *, emergency: bool = False
) -> int:
    broadcasts = Broadcasts(db)
    from storage.audiences import parse_audience

    parsed = parse_audience(audience)
    assert parsed is not None
    plan = await broadcasts.plan(parsed, channels, emergency=emergency)
    return await broadcasts.create(plan, _message(), sender_id="a-rektor", actor="a-rektor", origin="teams", now=NOW)


async def test_a_broadcast_is_one_delivery_per_guardian_with_its_audit_entry(school: Database) -> None:
    broadcast_id = await _queue(school, "school")
    rows = await deliveries(school, broadcast_id)
    people = [r.person_id for r in rows]
    assert len(people) == len(set(people))  # Lise has two children in the school: one row
    assert {"g-lise", "g-tor", "g-berg", "g-ali", "t-kari", "a-rektor"} <= set(people)
    assert "r-bestemor" not in people  # a relative has no parental responsibility
    assert not {"s-ola", "s-emma"} & set(people)  # pupils nobody can reach come with their guardians
    async with school.transaction() as s:
        audit = (await s.execute(select(AuditEntry).where(AuditEntry.action == "broadcast"))).scalar_one()
    assert audit.actor_id == "a-rektor" and '"text": "Husk gymtøy"' in audit.detail and '"recipients"' in audit.detail


async def test_a_failed_write_leaves_no_half_broadcast(school: Database) -> None:
    broadcasts = Broadcasts(school)
    plan = Plan(
        "school",
        "sms",
        False,
        True,
        [],
        [Route("g-lise", "sms", "+4790000001", "pending"), Route("nobody", "sms", "+4790000009", "pending")],
    )
    with pytest.raises(IntegrityError):
        await broadcasts.create(plan, _message(), sender_id=None, actor="shell", origin="shell", now=NOW)
    async with school.transaction() as s:
        assert (await s.execute(select(func.count()).select_from(Broadcast))).scalar_one() == 0
        assert (await s.execute(select(func.count()).select_from(Delivery))).scalar_one() == 0
        assert (await s.execute(select(func.count()).select_from(AuditEntry))).scalar_one() == 0


async def test_claims_are_leased_and_taken_over_when_the_lease_ends(school: Database) -> None:
    broadcast_id = await _queue(school)
    outbox = Outbox(school)
    first = await outbox.claim("sms", "w1", limit=10, lease=0.3)
    assert len(first) == 4
    assert await outbox.claim("sms", "w2", limit=10, lease=30) == []  # all held by w1
    await asyncio.sleep(0.5)  # w1 died: its lease runs out
    second = await outbox.claim("sms", "w2", limit=10, lease=30)
    assert sorted(c.id for c in second) == sorted(c.id for c in first)
    assert all(c.attempts == 2 for c in second)
    assert await outbox.mark_sent(first[0], "w1", sid="SM1", status="queued") is False  # too late: w2 holds it
    assert await outbox.mark_sent(second[0], "w2", sid="SM2", status="queued") is True
    statuses = {r.id: r.status for r in await deliveries(school, broadcast_id)}
    assert statuses[second[0].id] == "sent"


async def test_a_retry_waits_for_that_delivery_only(school: Database) -> None:
    await _queue(school)
    outbox = Outbox(school)
    claims = await outbox.claim("sms", "w1", limit=10, lease=30)
    await outbox.retry(claims[0], "w1", delay=60, reason="twilio 429")
    for claim in claims[1:]:
        await outbox.retry(claim, "w1", delay=0, reason="twilio 500")
    again = await outbox.claim("sms", "w1", limit=10, lease=30)
    assert sorted(c.id for c in again) == sorted(c.id for c in claims[1:])


async def test_emergencies_are_claimed_first(school: Database) -> None:
    everyday = await _queue(school, "guardians:class:5B")
    emergency = await _queue(school, "staff", emergency=True)
    claims = await Outbox(school).claim("sms", "w1", limit=3, lease=30)
    assert {c.broadcast_id for c in claims} == {emergency} != {everyday}


async def test_a_failed_teams_delivery_falls_back_to_one_sms(school: Database) -> None:
    broadcast_id = await _queue(school, "guardians:class:5B", "both")
    async with school.transaction() as s:  # pretend Berg has Teams
        await s.execute(
            update(Delivery).where(Delivery.person_id == "g-berg").values(channel="teams", address="msteams")
        )
    outbox = Outbox(school)
    teams = await outbox.claim("teams", "w1", limit=10, lease=30)
    assert [c.person_id for c in teams] == ["g-berg"]
    assert await outbox.fail(teams[0], "w1", reason="blocked", code=403, fallback=True, teams_gone=True)
    assert not await outbox.fail(teams[0], "w1", reason="blocked", code=403, fallback=True)  # once only
    rows = [r for r in await deliveries(school, broadcast_id) if r.person_id == "g-berg"]
    assert sorted((r.channel, r.status) for r in rows) == [("sms", "pending"), ("teams", "failed")]
    assert next(r for r in rows if r.channel == "sms").fallback_of == teams[0].id
    async with school.transaction() as s:
        assert (await s.get(Person, "g-berg")).teams_blocked is True


async def test_no_sms_fallback_for_an_opted_out_everyday_message(school: Database) -> None:
    async with school.transaction() as s:
        await s.execute(update(Person).where(Person.sourced_id == "g-berg").values(sms_opted_out=True))
    broadcast_id = await _queue(school, "guardians:class:5B", "both")
    async with school.transaction() as s:
        await s.execute(
            update(Delivery)
            .where(Delivery.person_id == "g-berg")
            .values(channel="teams", address="msteams", status="pending", reason=None)
        )
    outbox = Outbox(school)
    teams = await outbox.claim("teams", "w1", limit=10, lease=30)
    await outbox.fail(teams[0], "w1", reason="gone", code=404, fallback=True)
    rows = [r for r in await deliveries(school, broadcast_id) if r.person_id == "g-berg"]
    assert [(r.channel, r.status) for r in rows] == [("teams", "failed")]


async def test_status_callbacks_end_sms_deliveries_and_never_go_back(school: Database) -> None:
    broadcast_id = await _queue(school)
    outbox = Outbox(school)
    claims = await outbox.claim("sms", "w1", limit=10, lease=30)
    await outbox.mark_sent(claims[0], "w1", sid="SMa", status="queued")
    await outbox.mark_sent(claims[1], "w1", sid="SMb", status="queued")
    await outbox.apply_sms_status("SMa", "delivered", None)
    await outbox.apply_sms_status("SMb", "undelivered", 30003)
    await outbox.apply_sms_status("SMa", "failed", 30008)  # too late: delivered is final
    by_id = {r.id: r for r in await deliveries(school, broadcast_id)}
    assert by_id[claims[0].id].status == "delivered"
    assert (by_id[claims[1].id].status, by_id[claims[1].id].reason, by_id[claims[1].id].error_code) == (
        "failed",
        "undelivered",
        30003,
    )


async def test_pacing_is_shared_between_workers(db: Database) -> None:
    outbox = Outbox(db)
    first = await outbox.reserve("sms", 10, 100.0)
    second = await outbox.reserve("sms", 10, 100.0)
    other = Outbox(db)
    third = await other.reserve("sms", 5, 100.0)
    assert second == pytest.approx(first + 0.1) and third == pytest.approx(second + 0.1)
    assert await outbox.reserve("teams", 1, 40.0) < second  # each channel has its own rate


async def test_concurrent_claims_never_share_a_delivery(school: Database, db_kind: str) -> None:
    if db_kind != "postgresql":
        pytest.skip("several workers share work on PostgreSQL")
    audience = Audience("school")
    broadcasts = Broadcasts(school)
    plan = await broadcasts.plan(audience, "sms", emergency=False)
    for _ in range(30):  # 30 broadcasts, ~240 deliveries
        await broadcasts.create(plan, _message(), sender_id=None, actor="shell", origin="shell", now=NOW)
    engines = [Database(school.url) for _ in range(3)]
    seen: list[list[int]] = [[] for _ in engines]

    async def claimer(index: int) -> None:
        outbox = Outbox(engines[index])
        while claims := await outbox.claim("sms", f"w{index}", limit=7, lease=60):
            seen[index].extend(c.id for c in claims)

    try:
        await asyncio.gather(*(claimer(i) for i in range(len(engines))))
    finally:
        for engine in engines:
            await engine.dispose()
    every = [i for ids in seen for i in ids]
    assert len(every) == len(set(every)) == 30 * len(plan.routes)
    assert sum(1 for ids in seen if ids) >= 2  # the work was shared


async def test_who_may_send_to_whom(school: Database) -> None:
    from storage.people import People

    people = People(school)
    leader, kari, per, lise = [await people.get(p) for p in ("a-rektor", "t-kari", "t-per", "g-lise")]
    office = await people.get("o-post")
    broadcasts = Broadcasts(school)
    assert await broadcasts.refusal(leader, Audience("school"), emergency=True) is None
    assert await broadcasts.refusal(kari, Audience("class", "guardians", "5B"), emergency=False) is None
    assert await broadcasts.refusal(kari, Audience("class", "all", "5b"), emergency=False) is None
    assert await broadcasts.refusal(kari, Audience("person", value="g-berg"), emergency=False) is None  # 5B guardian
    assert await broadcasts.refusal(kari, Audience("person", value="s-nora"), emergency=False) is None  # 5B pupil
    assert (
        await broadcasts.refusal(per, Audience("person", value="s-nora"), emergency=False)
        == "broadcast.audience_not_allowed"
    )
    assert (
        await broadcasts.refusal(per, Audience("class", "guardians", "5B"), emergency=False)
        == "broadcast.audience_not_allowed"
    )
    assert await broadcasts.refusal(kari, Audience("staff"), emergency=False) == "broadcast.audience_not_allowed"
    assert (
        await broadcasts.refusal(kari, Audience("class", "guardians", "5B"), emergency=True)
        == "broadcast.emergency_leaders_only"
    )
    for other in (lise, office, None):
        assert (
            await broadcasts.refusal(other, Audience("class", "guardians", "5B"), emergency=False)
            == "broadcast.not_allowed"
        )
