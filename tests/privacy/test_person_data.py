"""A person's data exported (GDPR access) and erased, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference
from sqlalchemy import func, select

from storage.conversations import ConversationRefs
from storage.db import Database
from storage.models import (
    Absence,
    AbsenceFollowup,
    AuditEntry,
    BotState,
    ConversationRef,
    Guardianship,
    InboundMessage,
    LeaveRequest,
    Person,
    SmsOutbound,
)
from storage.models_booking import Booking
from storage.models_broadcast import Acknowledgement, Delivery, PinLockout
from storage.outbox import Outbox
from storage.people import People
from storage.privacy import ERASED_NAME, PersonNotFound, erase_person, export_person, person_tables
from storage.sms_log import SmsLog, sender_hash
from storage.state import key_hash
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS, OTHER_GUARDIAN, seed_small_school

ANNE = "g-berg"  # Nora's mother, GUARDIAN_ONE_KID
ANNES_WORDS = "Nora har omgangssyke og blir hjemme"
MONDAY = dt.date(2026, 11, 30)
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
OPERATOR = "shell:it-drift"


def _state(key: str, data: dict) -> BotState:
    return BotState(key_hash=key_hash(key), key=key, data=json.dumps(data), etag="1", updated_at=NOW)


async def seed_personal_data(db: Database) -> None:
    """The small school after a week of use: absences, messages, state, a broadcast, a booking."""
    await seed_small_school(db)
    sms_log = SmsLog(db)
    await sms_log.claim_inbound("SM" + "a" * 32, GUARDIAN_ONE_KID, {"From": GUARDIAN_ONE_KID, "Body": ANNES_WORDS})
    await sms_log.mark_processed("SM" + "a" * 32, ANNE)
    await sms_log.claim_inbound("SM" + "b" * 32, GUARDIAN_ONE_KID, {"From": GUARDIAN_ONE_KID, "Body": "Takk!"})
    await sms_log.claim_inbound("SM" + "c" * 32, GUARDIAN_TWO_KIDS, {"From": GUARDIAN_TWO_KIDS, "Body": "Ola er syk"})
    await sms_log.record_outbound("SM" + "d" * 32, GUARDIAN_ONE_KID, "delivered", 1)
    await sms_log.record_outbound("SM" + "e" * 32, GUARDIAN_TWO_KIDS, "delivered", 1)
    refs = ConversationRefs(db)
    await refs.save(
        ANNE,
        ConversationReference(
            channel_id="sms",
            conversation=ConversationAccount(id=GUARDIAN_ONE_KID),
            user=ChannelAccount(id=GUARDIAN_ONE_KID),
            service_url="http://127.0.0.1/sms",
        ),
    )
    await refs.save(
        ANNE,
        ConversationReference(
            channel_id="msteams",
            conversation=ConversationAccount(id="a:conv-anne"),
            user=ChannelAccount(id="29:anne-teams-id", aad_object_id="aad-anne"),
            service_url="https://smba",
        ),
    )
    outbox = Outbox(db)
    broadcast_id = await outbox.enqueue([ANNE, "g-ali"], "Foreldremøte torsdag", channels="sms")
    async with db.transaction() as s:
        leave = LeaveRequest(
            student_id="s-nora",
            requested_by=ANNE,
            channel="sms",
            first_date=dt.date(2026, 12, 7),
            last_date=dt.date(2026, 12, 8),
            school_days=2,
            reason="family",
            route="office",
            status="requested",
            created_at=NOW,
        )
        s.add(leave)
        nora = Absence(
            student_id="s-nora",
            date=MONDAY,
            reason="illness",
            status="reported",
            channel="sms",
            reported_by=ANNE,
            created_at=NOW,
            updated_at=NOW,
        )
        ola = Absence(
            student_id="s-ola",
            date=MONDAY,
            reason=None,
            status="unexplained",
            channel="msteams",
            registered_by="t-kari",
            created_at=NOW,
            updated_at=NOW,
        )
        s.add_all([nora, ola])
        await s.flush()
        s.add_all(
            [
                AbsenceFollowup(absence_id=nora.id, guardian_id=ANNE, stage=1, channel="sms", asked_at=NOW),
                AbsenceFollowup(absence_id=ola.id, guardian_id="g-lise", stage=1, channel="sms", asked_at=NOW),
                _state(f"sms/conversations/{GUARDIAN_ONE_KID}", {"DialogState": {"words": ANNES_WORDS}}),
                _state(f"sms/users/{GUARDIAN_ONE_KID}", {"UserProfile": {}}),
                _state("msteams/conversations/a:conv-anne", {"DialogState": {}}),
                _state(f"sms/conversations/{GUARDIAN_TWO_KIDS}", {"DialogState": {"words": "Lise's"}}),
                _state(f"sms/conversations/{GUARDIAN_ONE_KID}9", {"DialogState": {}}),  # a longer number: not hers
                Acknowledgement(broadcast_id=broadcast_id, person_id=ANNE, at=NOW, channel="sms"),
                PinLockout(phone_hash=sender_hash(GUARDIAN_ONE_KID), failures=1, window_started_at=NOW),
                AuditEntry(at=NOW, actor_id=ANNE, action="absence.report", detail="{}"),
                Booking(
                    resource_id="r-musikk",
                    start_at=NOW,
                    end_at=NOW + dt.timedelta(hours=1),
                    booked_by="t-kari",
                    status="active",
                    channel="msteams",
                    created_at=NOW,
                ),
            ]
        )


@pytest.fixture
async def school(db: Database) -> Database:
    await seed_personal_data(db)
    return db


async def test_a_guardians_export_holds_her_data_and_nobody_elses(school: Database) -> None:
    data = await export_person(school, ANNE, actor=OPERATOR, now=NOW)
    records = data["records"]
    assert data["subject"] == ANNE and data["person"]["given_name"] == "Anne"
    assert data["person"]["sms"] == GUARDIAN_ONE_KID
    assert [(r["student_id"], r["reason"]) for r in records["absences"]] == [("s-nora", "illness")]
    assert "raw_text" not in records["absences"][0]  # the category is kept, never her words
    assert [r["requested_by"] for r in records["leave_requests"]] == [ANNE]
    assert [r["guardian_id"] for r in records["absence_followups"]] == [ANNE]
    assert [(r["form"] or {}).get("Body") for r in records["inbound_messages"]] == [
        None,
        "Takk!",
    ]  # her words went with the finished turn; the unfinished one's form is still kept
    assert "body" not in records["inbound_messages"][0]
    assert [r["to"] for r in records["sms_outbound"]] == [GUARDIAN_ONE_KID]
    assert sorted(r["channel_id"] for r in records["conversation_refs"]) == ["msteams", "sms"]
    assert sorted(r["key"] for r in records["bot_state"]) == [
        "msteams/conversations/a:conv-anne",
        f"sms/conversations/{GUARDIAN_ONE_KID}",
        f"sms/users/{GUARDIAN_ONE_KID}",
    ]
    assert [(r["person_id"], r["address"], r["status"]) for r in records["broadcast_deliveries"]] == [
        (ANNE, GUARDIAN_ONE_KID, "pending")
    ]
    assert [r["person_id"] for r in records["broadcast_acks"]] == [ANNE]
    assert len(records["pin_lockouts"]) == 1
    assert [r["student_id"] for r in records["guardianships"]] == ["s-nora"]
    assert [r["action"] for r in records["audit_log"]] == ["absence.report"]
    text = json.dumps(data, ensure_ascii=False)
    for other in (GUARDIAN_TWO_KIDS, OTHER_GUARDIAN, "g-lise", "g-ali", "Ola er syk", "Lise's"):
        assert other not in text
    async with school.transaction() as s:
        audit = (await s.execute(select(AuditEntry).where(AuditEntry.action == "person.export"))).scalar_one()
    assert audit.actor_id == OPERATOR and json.loads(audit.detail)["subject"] == ANNE


async def test_a_pupils_export_holds_her_absences_and_their_follow_ups(school: Database) -> None:
    records = (await export_person(school, "s-nora", actor=OPERATOR))["records"]
    assert [(r["date"], r["status"]) for r in records["absences"]] == [("2026-11-30", "reported")]
    assert [r["guardian_id"] for r in records["absence_followups"]] == [ANNE]
    assert [r["status"] for r in records["leave_requests"]] == ["requested"]
    assert [r["guardian_id"] for r in records["guardianships"]] == [ANNE]
    assert [r["class_id"] for r in records["enrollments"]] == ["c-5b"]


async def test_a_teachers_export_holds_bookings_and_registrations(school: Database) -> None:
    records = (await export_person(school, "t-kari", actor=OPERATOR))["records"]
    assert [r["resource_id"] for r in records["bookings"]] == ["r-musikk"]
    assert records["bookings"][0]["start_at"] == NOW.isoformat()
    assert [(r["student_id"], r["registered_by"]) for r in records["absences"]] == [("s-ola", "t-kari")]


async def test_erasure_removes_what_identifies_her_and_keeps_the_counts(school: Database) -> None:
    result = await erase_person(school, ANNE, actor=OPERATOR, now=NOW)
    assert result.counts["conversation_states"] == 3 and result.counts["conversation_refs"] == 2
    async with school.transaction() as s:
        anne = await s.get(Person, ANNE)
        assert (anne.given_name, anne.family_name, anne.sms, anne.phone, anne.email, anne.active) == (
            ERASED_NAME,
            ERASED_NAME,
            None,
            None,
            None,
            False,
        )
        keys = set((await s.execute(select(BotState.key))).scalars())
        assert keys == {f"sms/conversations/{GUARDIAN_TWO_KIDS}", f"sms/conversations/{GUARDIAN_ONE_KID}9"}
        assert (await s.execute(select(func.count()).select_from(ConversationRef))).scalar_one() == 0
        inbound = (await s.execute(select(InboundMessage).order_by(InboundMessage.message_id))).scalars().all()
        assert [(m.form, m.sender_hash is None) for m in inbound[:2]] == [(None, True)] * 2
        assert json.loads(inbound[2].form)["Body"] == "Ola er syk"  # Lise's unfinished message is untouched
        nora = (await s.execute(select(Absence).where(Absence.student_id == "s-nora"))).scalar_one()
        assert (nora.reason, nora.status, nora.reported_by) == ("illness", "reported", ANNE)
        outbound = {m.sid[2]: m.to for m in (await s.execute(select(SmsOutbound))).scalars()}
        assert outbound == {"d": "", "e": GUARDIAN_TWO_KIDS}
        deliveries = {d.person_id: (d.address, d.status) for d in (await s.execute(select(Delivery))).scalars()}
        assert deliveries == {ANNE: (None, "pending"), "g-ali": (OTHER_GUARDIAN, "pending")}
        assert (await s.execute(select(func.count()).select_from(PinLockout))).scalar_one() == 0
        assert (await s.execute(select(func.count()).select_from(Acknowledgement))).scalar_one() == 1
        links = (await s.execute(select(Guardianship.active).where(Guardianship.guardian_id == ANNE))).scalars()
        assert list(links) == [False]
        audit = (await s.execute(select(AuditEntry).where(AuditEntry.action == "person.erase"))).scalar_one()
    assert audit.actor_id == OPERATOR and json.loads(audit.detail) == {"subject": ANNE, "counts": result.counts}
    assert ANNES_WORDS not in audit.detail and GUARDIAN_ONE_KID not in audit.detail
    # Texting from her old number, she is now a stranger; her export holds no number nor words.
    assert await People(school).by_phone(GUARDIAN_ONE_KID) is None
    text = json.dumps(await export_person(school, ANNE, actor=OPERATOR), ensure_ascii=False)
    assert GUARDIAN_ONE_KID not in text and ANNES_WORDS not in text and "Anne" not in text


async def test_a_dry_run_changes_nothing(school: Database) -> None:
    result = await erase_person(school, ANNE, actor=OPERATOR, dry_run=True)
    assert result.counts["conversation_states"] == 3 and result.counts["person"] == 1
    async with school.transaction() as s:
        assert (await s.get(Person, ANNE)).given_name == "Anne"
        assert (await s.execute(select(func.count()).select_from(BotState))).scalar_one() == 5
        assert (
            await s.execute(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "person.erase"))
        ).scalar_one() == 0


async def test_an_unknown_person_is_refused(school: Database) -> None:
    with pytest.raises(PersonNotFound):
        await export_person(school, "nobody", actor=OPERATOR)
    with pytest.raises(PersonNotFound):
        await erase_person(school, "nobody", actor=OPERATOR)


def test_every_table_that_points_at_people_is_swept() -> None:
    """Tables added by later flows are found by their foreign keys to people, with no change here."""
    from storage.models import Base

    swept = {table.name for table, _ in person_tables()}
    pointing = {
        t.name
        for t in Base.metadata.sorted_tables
        if any(fk.column.table.name == "people" for c in t.columns for fk in c.foreign_keys)
    }
    assert pointing - {"conversation_refs"} <= swept
    assert {
        "absences",
        "leave_requests",
        "absence_followups",
        "audit_log",
        "bookings",
        "broadcast_deliveries",
        "broadcast_acks",
        "leader_pins",
        "weekplans",
        "guardianships",
        "enrollments",
    } <= swept
