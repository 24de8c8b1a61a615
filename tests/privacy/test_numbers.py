"""Phone numbers outside the roster: gone after SKOLEBOT_NUMBER_RETENTION_DAYS, listed by
`person export`, removed by `person erase` - in every table that holds them, on SQLite and PostgreSQL.

They live in sent SMS (sms_outbound.to), broadcast deliveries (address), the inbound log (the
sender's hash), SMS conversation references and SMS conversation state (whose keys are the
number), and PIN lockouts (the number's hash). After the purge or the erasure, every row of
every table is searched for the number in any form and for its hash.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from bot.jobs import Retention, purge
from storage.db import Database
from storage.models import BotState, ConversationRef, InboundMessage, Person, SmsOutbound
from storage.models_broadcast import Broadcast, Delivery, PinLockout
from storage.privacy import erase_person, export_person
from storage.sms_log import sender_hash
from storage.state import key_hash
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS, LEADER_PHONE, seed_small_school
from tests.privacy.dump import tables_holding

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
OLD, RECENT = NOW - dt.timedelta(days=40), NOW - dt.timedelta(days=2)
FORMER = "+4799000111"  # Anne's number before she changed it; no longer in the roster
ANNE, LISE = "g-berg", "g-lise"
OPERATOR = "shell:it-drift"


def every_form_of(number: str) -> list[str]:
    """The number as stored, without "+", national, and its hash (inbound log, PIN lockouts)."""
    return [number, number.removeprefix("+"), number.removeprefix("+47"), sender_hash(number)]


def _state(key: str, at: dt.datetime) -> BotState:
    return BotState(key_hash=key_hash(key), key=key, data=json.dumps({"DialogState": {}}), etag="1", updated_at=at)


def _ref(person: str, channel: str, conversation: str, at: dt.datetime) -> ConversationRef:
    reference = {"channelId": channel, "conversation": {"id": conversation}, "user": {"id": conversation}}
    return ConversationRef(
        person_id=person,
        channel_id=channel,
        conversation_id=conversation,
        reference=json.dumps(reference),
        updated_at=at,
    )


def _delivery(broadcast_id: int, person: str, channel: str, address: str, at: dt.datetime, **kw: object) -> Delivery:
    return Delivery(
        broadcast_id=broadcast_id,
        person_id=person,
        channel=channel,
        address=address,
        status="delivered",
        attempts=1,
        next_attempt_at=at,
        created_at=at,
        updated_at=at,
        finished_at=at,
        **kw,
    )


async def seed_numbers(db: Database) -> None:
    """A term of SMS traffic: old records with Anne's former number, recent ones with her and Lise's."""
    await seed_small_school(db)
    async with db.transaction() as s:
        old_news = Broadcast(
            origin="shell",
            audience="guardians",
            channels="sms",
            text="Foreldremøte",
            sms_body="x",
            teams_body="x",
            recipients=2,
            segments=1,
            created_at=OLD,
        )
        new_news = Broadcast(
            origin="shell",
            audience="guardians",
            channels="both",
            text="Juleavslutning",
            sms_body="y",
            teams_body="y",
            recipients=2,
            segments=1,
            created_at=RECENT,
        )
        s.add_all([old_news, new_news])
        await s.flush()
        old_delivery = _delivery(old_news.id, ANNE, "sms", FORMER, OLD, sms_sid="SM-old-broadcast")
        s.add_all(
            [
                old_delivery,
                _delivery(new_news.id, LISE, "sms", GUARDIAN_TWO_KIDS, RECENT, sms_sid="SM-new-broadcast"),
                _delivery(new_news.id, ANNE, "teams", "msteams", RECENT),
            ]
        )
        await s.flush()
        s.add_all(
            [
                SmsOutbound(
                    sid="SM-old-broadcast",
                    to=FORMER,
                    status="delivered",
                    segments=1,
                    delivery_id=old_delivery.id,
                    created_at=OLD,
                    updated_at=OLD,
                ),
                SmsOutbound(
                    sid="SM-old-reply",
                    to=GUARDIAN_ONE_KID,
                    status="delivered",
                    segments=1,
                    created_at=OLD,
                    updated_at=OLD,
                ),
                SmsOutbound(
                    sid="SM-new-reply",
                    to=GUARDIAN_TWO_KIDS,
                    status="delivered",
                    segments=1,
                    created_at=RECENT,
                    updated_at=RECENT,
                ),
                InboundMessage(
                    channel_id="sms",
                    message_id="SM-in-old",
                    person_id=ANNE,
                    sender_hash=sender_hash(FORMER),
                    received_at=OLD,
                    processed_at=OLD,
                ),
                InboundMessage(
                    channel_id="sms",
                    message_id="SM-in-anne",
                    person_id=ANNE,
                    sender_hash=sender_hash(GUARDIAN_ONE_KID),
                    received_at=RECENT,
                    processed_at=RECENT,
                ),
                InboundMessage(
                    channel_id="sms",
                    message_id="SM-in-lise",
                    person_id=LISE,
                    sender_hash=sender_hash(GUARDIAN_TWO_KIDS),
                    received_at=RECENT,
                    processed_at=RECENT,
                ),
                _ref(ANNE, "sms", GUARDIAN_ONE_KID, RECENT),
                _ref(ANNE, "msteams", "a:conv-anne", OLD),
                _ref(LISE, "sms", GUARDIAN_TWO_KIDS, RECENT),
                _ref("g-tor", "sms", "+4790000011", OLD),  # Tor texted once, long ago
                _state(f"sms/conversations/{FORMER}", OLD),
                _state(f"sms/users/{FORMER}", OLD),
                _state(f"sms/conversations/{GUARDIAN_ONE_KID}", RECENT),
                _state(f"sms/conversations/{GUARDIAN_TWO_KIDS}", RECENT),
                _state("msteams/conversations/a:conv-anne", OLD),
                PinLockout(phone_hash=sender_hash(FORMER), failures=2, window_started_at=OLD),
                PinLockout(phone_hash=sender_hash(GUARDIAN_ONE_KID), failures=1, window_started_at=RECENT),
                PinLockout(
                    phone_hash=sender_hash(LEADER_PHONE),
                    failures=3,
                    window_started_at=OLD,
                    locked_until=NOW + dt.timedelta(hours=1),
                ),  # still locked: the lock stays
            ]
        )


async def test_numbers_are_gone_from_every_table_after_the_retention_period(db: Database) -> None:
    await seed_numbers(db)

    counts = await purge(db, Retention(number_days=30, state_days=90), NOW)

    assert counts == {
        "unfinished_bodies": 0,
        "conversation_states": 0,
        "link_revocations": 0,
        "sms_numbers": 2,
        "inbound_hashes": 1,
        "sms_conversation_refs": 1,
        "sms_conversation_states": 2,
        "delivery_addresses": 1,
        "pin_lockouts": 1,
    }
    assert await tables_holding(db, every_form_of(FORMER) + every_form_of("+4790000011")) == {
        "+4790000011": ["people"],
        "4790000011": ["people"],
        "90000011": ["people"],
    }  # Tor's roster entry only
    # Recent records keep their numbers; Teams references and state are not phone numbers and stay.
    recent = await tables_holding(db, [GUARDIAN_TWO_KIDS, sender_hash(GUARDIAN_TWO_KIDS)])
    assert sorted(recent[GUARDIAN_TWO_KIDS]) == [
        "bot_state",
        "broadcast_deliveries",
        "conversation_refs",
        "people",
        "sms_outbound",
    ]
    assert recent[sender_hash(GUARDIAN_TWO_KIDS)] == ["inbound_messages"]
    async with db.read() as s:
        assert (await s.execute(select(BotState.key).where(BotState.key.startswith("msteams/")))).scalars().all() == [
            "msteams/conversations/a:conv-anne"
        ]
        assert len((await s.execute(select(ConversationRef).where(ConversationRef.channel_id == "msteams"))).all()) == 1
        locks = (await s.execute(select(PinLockout.phone_hash))).scalars().all()
        assert sorted(locks) == sorted([sender_hash(GUARDIAN_ONE_KID), sender_hash(LEADER_PHONE)])
        # What the statistics count stays: every SMS and delivery with its status and time, without the number.
        sent = {r.sid: (r.to, r.status, r.segments) for r in (await s.execute(select(SmsOutbound))).scalars()}
        assert sent == {
            "SM-old-broadcast": ("", "delivered", 1),
            "SM-old-reply": ("", "delivered", 1),
            "SM-new-reply": (GUARDIAN_TWO_KIDS, "delivered", 1),
        }
        old = (await s.execute(select(Delivery).where(Delivery.sms_sid == "SM-old-broadcast"))).scalar_one()
        assert (old.person_id, old.address, old.status) == (ANNE, None, "delivered")
        assert len((await s.execute(select(InboundMessage))).all()) == 3


async def test_a_guardians_export_lists_every_number_and_erasure_leaves_none_anywhere(db: Database) -> None:
    await seed_numbers(db)

    records = (await export_person(db, ANNE, actor=OPERATOR, now=NOW))["records"]

    assert sorted(r["to"] for r in records["sms_outbound"]) == sorted([FORMER, GUARDIAN_ONE_KID])
    assert sorted((r["channel"], r["address"]) for r in records["broadcast_deliveries"]) == [
        ("sms", FORMER),
        ("teams", "msteams"),
    ]
    assert sorted((r["channel_id"], r["conversation_id"]) for r in records["conversation_refs"]) == [
        ("msteams", "a:conv-anne"),
        ("sms", GUARDIAN_ONE_KID),
    ]
    assert sorted(r["key"] for r in records["bot_state"]) == [  # her former number's too, found by the delivery
        "msteams/conversations/a:conv-anne",
        f"sms/conversations/{GUARDIAN_ONE_KID}",
        f"sms/conversations/{FORMER}",
        f"sms/users/{FORMER}",
    ]
    assert sorted(r["message_id"] for r in records["inbound_messages"]) == ["SM-in-anne", "SM-in-old"]
    assert sorted(r["failures"] for r in records["pin_lockouts"]) == [1, 2]
    assert GUARDIAN_TWO_KIDS not in json.dumps(records)  # Lise's number is not in Anne's export

    await erase_person(db, ANNE, actor=OPERATOR, now=NOW)

    assert await tables_holding(db, every_form_of(GUARDIAN_ONE_KID) + every_form_of(FORMER)) == {}
    kept = await tables_holding(db, [GUARDIAN_TWO_KIDS, sender_hash(GUARDIAN_TWO_KIDS)])
    assert sorted(kept[GUARDIAN_TWO_KIDS]) == [
        "bot_state",
        "broadcast_deliveries",
        "conversation_refs",
        "people",
        "sms_outbound",
    ]
    assert kept[sender_hash(GUARDIAN_TWO_KIDS)] == ["inbound_messages"]


async def test_a_former_number_now_someone_elses_stays_out_of_the_export_and_the_erasure(db: Database) -> None:
    await seed_numbers(db)
    async with db.transaction() as s:  # the operator gave Anne's old number to Tor
        (await s.get(Person, "g-tor")).sms = FORMER

    records = (await export_person(db, ANNE, actor=OPERATOR, now=NOW))["records"]
    assert f"sms/conversations/{FORMER}" not in [r["key"] for r in records["bot_state"]]
    assert [r["failures"] for r in records["pin_lockouts"]] == [1]  # her current number's, not Tor's

    await erase_person(db, ANNE, actor=OPERATOR, now=NOW)

    async with db.read() as s:
        keys = set((await s.execute(select(BotState.key))).scalars())
        locks = set((await s.execute(select(PinLockout.phone_hash))).scalars())
    assert {f"sms/conversations/{FORMER}", f"sms/users/{FORMER}"} <= keys and sender_hash(FORMER) in locks
    assert await tables_holding(db, every_form_of(GUARDIAN_ONE_KID)) == {}
