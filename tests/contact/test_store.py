"""The contact flow's storage on SQLite and PostgreSQL: the broadcast an answer acknowledges, counting it
once, today's reports for a fitting "takk", and the school's phone number (the demo school's default)."""

from __future__ import annotations

import datetime as dt

from bot.school_phone import display_phone, is_phone_number, school_phone
from storage.broadcasts import Broadcasts
from storage.contact import DEMO_SCHOOL_PHONE, ContactStore
from storage.db import Database
from storage.models import Absence
from storage.models_broadcast import Broadcast, Delivery
from tests.e2e.seed import seed_small_school

NOW = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)


async def _broadcast(db: Database, *, at: dt.datetime, status: str, emergency: bool = True) -> int:
    async with db.transaction() as s:
        row = Broadcast(
            created_at=at,
            origin="shell",
            audience="guardians:class:5B",
            channels="sms",
            text="Skolen stenger kl 12",
            sms_body="Skolen stenger kl 12",
            teams_body="Skolen stenger kl 12",
            emergency=emergency,
            recipients=1,
        )
        s.add(row)
        await s.flush()
        s.add(Delivery(broadcast_id=row.id, person_id="g-berg", channel="sms", status=status, address="+4790000002"))
        return row.id


async def test_an_answer_finds_the_newest_broadcast_that_reached_the_person_and_counts_once(db: Database) -> None:
    await seed_small_school(db)
    store = ContactStore(db)
    assert await store.recent_broadcast("g-berg", NOW) is None
    await _broadcast(db, at=NOW - dt.timedelta(hours=30), status="delivered")  # too old
    await _broadcast(db, at=NOW - dt.timedelta(minutes=5), status="pending", emergency=False)  # not sent yet
    assert await store.recent_broadcast("g-berg", NOW) is None
    newest = await _broadcast(db, at=NOW - dt.timedelta(minutes=20), status="sent", emergency=False)
    found = await store.recent_broadcast("g-berg", NOW)
    assert found is not None and (found.id, found.emergency, found.acknowledged) == (newest, False, False)
    await store.acknowledge(newest, "g-berg", "sms")
    await store.acknowledge(newest, "g-berg", "sms")  # a second answer changes nothing
    again = await store.recent_broadcast("g-berg", NOW)
    assert again is not None and again.acknowledged
    report = await Broadcasts(db).report(newest)
    assert report is not None and report.acknowledged == 1
    assert await store.recent_broadcast("g-lise", NOW) is None  # someone it did not reach


async def test_todays_reports_give_the_reason_category_of_the_senders_own_reports(db: Database) -> None:
    await seed_small_school(db)
    async with db.transaction() as s:
        s.add(
            Absence(
                student_id="s-nora",
                date=NOW.date(),
                status="reported",
                reason="illness",
                channel="sms",
                reported_by="g-berg",
            )
        )
        s.add(
            Absence(
                student_id="s-ola",
                date=NOW.date(),
                status="reported",
                reason="family",
                channel="sms",
                reported_by="g-lise",
            )
        )
    reports = await ContactStore(db).todays_reports("g-berg", NOW.date())
    assert [(r.student_id, r.reason) for r in reports] == [("s-nora", "illness")]
    assert await ContactStore(db).todays_reports("g-berg", NOW.date() + dt.timedelta(days=1)) == []


async def test_the_school_phone_setting_wins_over_the_demo_default(db: Database) -> None:
    store = ContactStore(db)
    assert await school_phone("", db) is None  # production without it: no line
    await store.set_school_phone(DEMO_SCHOOL_PHONE, replace=False)
    await store.set_school_phone("+4711111111", replace=False)  # `skolebot demo` again keeps what is there
    assert await school_phone("", db) == "22 12 34 56"
    assert await school_phone("+47 67 89 01 23", db) == "67 89 01 23"


def test_phone_numbers_are_checked_and_written_the_norwegian_way() -> None:
    assert is_phone_number("22 12 34 56") and is_phone_number("+4722123456")
    assert not is_phone_number("ring oss") and not is_phone_number("12")
    assert display_phone("+4791234567") == "91 23 45 67"
    assert display_phone("+46 8 123 456 78").startswith("+46")


def test_a_bad_school_phone_stops_start_up_naming_the_variable() -> None:
    import pytest

    from bot.settings import SettingsError, load_settings

    with pytest.raises(SettingsError, match="SKOLEBOT_SCHOOL_PHONE"):
        load_settings(SKOLEBOT_SCHOOL_PHONE="ring oss")
    assert load_settings(SKOLEBOT_SCHOOL_PHONE=" 22 12 34 56 ").school_phone == "22 12 34 56"


async def test_an_emergency_still_queued_for_the_person_is_what_their_answer_acknowledges(db: Database) -> None:
    """SMS goes out at the channel's rate: "Mottatt, henter Ola" before one's own copy is an answer, not an absence."""
    await seed_small_school(db)
    store = ContactStore(db)
    queued = await _broadcast(db, at=NOW - dt.timedelta(minutes=2), status="pending", emergency=True)
    found = await store.recent_broadcast("g-berg", NOW)
    assert found is not None and (found.id, found.emergency) == (queued, True)
