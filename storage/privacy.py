"""A person's data on request (GDPR art. 15) and its erasure (art. 17), each with an audit entry.

Which rows are a person's is found from the tables themselves: every column with a foreign key
to people.sourced_id, or named like one (reported_by, requested_by, ...), in every table of
Base.metadata, so tables added by later flows are covered without changes here. Besides those:
conversation state whose key holds one of their identifiers (phone, Teams ids, conversation
ids), inbound SMS from their numbers (by hash), SMS sent to their numbers or as their broadcast
deliveries, PIN lockouts of their numbers.

Phone numbers outside the roster live in: sms_outbound.to, broadcast_deliveries.address (SMS),
inbound_messages.sender_hash (and the form of an unfinished turn), conversation_refs and
bot_state keys of the "sms" channel, pin_lockouts.phone_hash. Export lists them, erasure blanks
or deletes them, and the retention job (`forget_numbers`) does the same for everyone's after
SKOLEBOT_NUMBER_RETENTION_DAYS. Nobody's own words are stored (migration 0007), so there is no
free text to export or erase.

Erasure keeps what the school's statistics need (an absence's date and category, a delivery's
status, a booking's slot) and removes or blanks what identifies the person: the person row
becomes "Slettet" with no contact details, conversation state and references go, numbers are
blanked. Each runs in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, LargeBinary, RowMapping, Table, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database, rowcount
from storage.erasure import record_erasure
from storage.model_base import table_of
from storage.models import (
    Absence,
    AbsenceFollowup,
    AuditEntry,
    Base,
    BotState,
    ConversationRef,
    Enrollment,
    Guardianship,
    InboundMessage,
    Person,
    SmsOutbound,
)
from storage.sms_log import sender_hash

ERASED_NAME = "Slettet"
EXPORT_ACTION = "person.export"
ERASE_ACTION = "person.erase"

# Columns that hold a person's sourcedId without a foreign key saying so.
PERSON_COLUMN_NAMES = frozenset(
    {
        "person_id",
        "student_id",
        "guardian_id",
        "recipient_id",
        "sender_id",
        "actor_id",
        "reported_by",
        "registered_by",
        "requested_by",
        "decided_by",
        "booked_by",
        "published_by",
        "created_by",
    }
)
# Read separately below: the person, or rows reduced to what the export should show.
SPECIAL_TABLES = frozenset({"people", "conversation_refs", "bot_state", "inbound_messages"})
# Never exported as such (secrets): shown as "<set>" when present.
SECRET_COLUMNS = frozenset({("leader_pins", "pin_hash")})


class PersonNotFound(LookupError):
    """No person with that sourcedId."""


@dataclass(frozen=True)
class Identifiers:
    """Everything that names one person in the data: their id, numbers and channel ids."""

    sourced_id: str
    phones: frozenset[str]
    accounts: frozenset[str]  # username, e-mail, AAD object id, channel user ids, conversation ids

    @property
    def phone_hashes(self) -> list[str]:
        return sorted(sender_hash(p) for p in self.phones)

    def owns_state_key(self, key: str) -> bool:
        """Bot Framework keys are "channel/conversations/ID" and "channel/users/ID"."""
        parts = key.split("/", 2)
        return (
            len(parts) == 3
            and parts[1] in ("conversations", "users")
            and (parts[2] in self.phones or parts[2] in self.accounts)
        )


@dataclass
class Erased:
    """What an erasure changed, by kind (numbers only: the audit entry holds this)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int | None) -> None:
        if n:
            self.counts[kind] = self.counts.get(kind, 0) + n


def person_columns(table: Table) -> list[Column[Any]]:
    """The columns of `table` that hold a person's sourcedId."""
    return [
        c
        for c in table.columns
        if c.name in PERSON_COLUMN_NAMES or any(fk.column.table.name == "people" for fk in c.foreign_keys)
    ]


def person_tables() -> list[tuple[Table, list[Column[Any]]]]:
    """Every table (today's and any added later) with person columns, in dependency order."""
    tables = []
    for table in Base.metadata.sorted_tables:
        if table.name in SPECIAL_TABLES:
            continue
        columns = person_columns(table)
        if columns:
            tables.append((table, columns))
    return tables


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value


def _readable(table: Table) -> list[Column[Any]]:
    """The columns to export: all but files (a week plan's PDF is listed by name and size, not copied)."""
    return [c for c in table.columns if not isinstance(c.type, LargeBinary)]


def _row(table: Table, mapping: RowMapping) -> dict[str, Any]:
    out = {}
    for column in _readable(table):
        value = mapping.get(column.name)
        if (table.name, column.name) in SECRET_COLUMNS and value is not None:
            value = "<set>"
        out[column.name] = _jsonable(value)
    return out


async def _identifiers(s: AsyncSession, person: Person) -> Identifiers:
    phones = {p for p in (person.sms, person.phone) if p}
    accounts = {a for a in (person.username, person.email, person.aad_object_id) if a}
    refs = (
        await s.execute(
            select(ConversationRef.channel_id, ConversationRef.conversation_id, ConversationRef.reference).where(
                ConversationRef.person_id == person.sourced_id
            )
        )
    ).all()
    former = {conversation_id for channel, conversation_id, _ in refs if channel == "sms" and conversation_id}
    for _, conversation_id, reference in refs:
        if conversation_id:
            accounts.add(conversation_id)
        try:
            user = json.loads(reference or "{}").get("user") or {}
        except ValueError:
            user = {}
        for key in ("id", "aad_object_id", "aadObjectId"):
            if user.get(key):
                accounts.add(str(user[key]))
    phones |= await _former_numbers(s, person.sourced_id, former | await _delivery_numbers(s, person.sourced_id))
    return Identifiers(person.sourced_id, frozenset(phones), frozenset(accounts))


async def _delivery_numbers(s: AsyncSession, sourced_id: str) -> set[str]:
    """The numbers the school's broadcasts went to for this person (an older number among them)."""
    deliveries = Base.metadata.tables.get("broadcast_deliveries")
    if deliveries is None:
        return set()
    return set(
        (
            await s.execute(
                select(deliveries.c.address)
                .distinct()
                .where(
                    deliveries.c.person_id == sourced_id,
                    deliveries.c.channel == "sms",
                    deliveries.c.address.is_not(None),
                )
            )
        ).scalars()
    )


async def _former_numbers(s: AsyncSession, sourced_id: str, numbers: set[str]) -> set[str]:
    """Of the numbers Skolebot used for this person, those no one else in the roster has now
    (a number passed on to someone else is theirs, and stays out of this person's export and erasure)."""
    if not numbers:
        return set()
    taken = (
        await s.execute(
            select(Person.sms, Person.phone).where(
                Person.sourced_id != sourced_id, or_(Person.sms.in_(sorted(numbers)), Person.phone.in_(sorted(numbers)))
            )
        )
    ).all()
    return numbers - {n for row in taken for n in row if n}


async def _person(s: AsyncSession, sourced_id: str) -> Person:
    person = await s.get(Person, sourced_id)
    if person is None:
        raise PersonNotFound(sourced_id)
    return person


async def _state_rows(s: AsyncSession, who: Identifiers) -> list[BotState]:
    needles = sorted(who.phones | who.accounts)
    if not needles:
        return []
    candidates = (
        (await s.execute(select(BotState).where(or_(*[BotState.key.contains(n, autoescape=True) for n in needles]))))
        .scalars()
        .all()
    )
    return [row for row in candidates if who.owns_state_key(row.key)]


def _outbound_filter(who: Identifiers) -> Any:
    """SMS sent to one of their numbers, or sent as one of their broadcast deliveries (an older number)."""
    clauses = [SmsOutbound.to.in_(sorted(who.phones))] if who.phones else []
    deliveries = Base.metadata.tables.get("broadcast_deliveries")
    if deliveries is not None:
        clauses.append(
            SmsOutbound.delivery_id.in_(select(deliveries.c.id).where(deliveries.c.person_id == who.sourced_id))
        )
    return or_(*clauses) if clauses else SmsOutbound.sid.is_(None)


def _inbound_filter(who: Identifiers) -> Any:
    clauses = [InboundMessage.person_id == who.sourced_id]
    if who.phones:
        clauses.append(InboundMessage.sender_hash.in_(who.phone_hashes))
    return or_(*clauses)


# ---------------------------------------------------------------------------- export


async def export_person(db: Database, sourced_id: str, *, actor: str, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything Skolebot holds about one person, as JSON-ready data; audited as person.export."""
    now = now or dt.datetime.now(dt.UTC)
    async with db.transaction() as s:
        person = await _person(s, sourced_id)
        who = await _identifiers(s, person)
        records: dict[str, list[dict[str, Any]]] = {}
        for table, columns in person_tables():
            rows = (
                (await s.execute(select(*_readable(table)).where(or_(*[c == sourced_id for c in columns]))))
                .mappings()
                .all()
            )
            if rows:
                records[table.name] = [_row(table, r) for r in rows]
        await _export_extras(s, who, records)
        people_table = table_of(Person)
        person_row = (
            (await s.execute(select(people_table).where(people_table.c.sourced_id == sourced_id))).mappings().one()
        )
        ordered = {name: records[name] for name in sorted(records)}
        export: dict[str, Any] = {
            "subject": sourced_id,
            "exported_at": now.astimezone(dt.UTC).isoformat(),
            "person": _row(people_table, person_row),
            "records": ordered,
        }
        s.add(
            AuditEntry(
                at=now,
                actor_id=actor,
                action=EXPORT_ACTION,
                detail=json.dumps(
                    {
                        "subject": sourced_id,
                        "records": {name: len(rows) for name, rows in ordered.items()},
                    }
                ),
            )
        )
    return export


async def _export_extras(s: AsyncSession, who: Identifiers, records: dict[str, list[dict[str, Any]]]) -> None:
    """What the generic sweep cannot find by a person column."""
    await _export_followups(s, who, records)
    await _export_sms(s, who, records)
    await _export_conversations(s, who, records)


async def _export_followups(s: AsyncSession, who: Identifiers, records: dict[str, list[dict[str, Any]]]) -> None:
    """Follow-ups about a pupil's own absences (the generic sweep finds the guardian's)."""
    followups = table_of(AbsenceFollowup)
    query = (
        select(followups)
        .join(table_of(Absence), Absence.id == followups.c.absence_id)
        .where(Absence.student_id == who.sourced_id)
    )
    _merge(records, "absence_followups", followups, (await s.execute(query)).mappings().all(), key="id")


async def _export_sms(s: AsyncSession, who: Identifiers, records: dict[str, list[dict[str, Any]]]) -> None:
    """Inbound messages from their numbers (also from before they were known as this person), SMS sent to
    their numbers or as their deliveries, and PIN lockouts of their numbers."""
    inbound = table_of(InboundMessage)
    rows = (await s.execute(select(inbound).where(_inbound_filter(who)).order_by(inbound.c.id))).mappings().all()
    exported = []
    for r in rows:
        item = _row(inbound, r)
        item["form"] = json.loads(item["form"]) if item.get("form") else None
        exported.append(item)
    if exported:
        records["inbound_messages"] = exported
    outbound = table_of(SmsOutbound)
    query = select(outbound).where(_outbound_filter(who)).order_by(outbound.c.created_at)
    _merge(records, "sms_outbound", outbound, (await s.execute(query)).mappings().all(), key="sid")
    lockouts = Base.metadata.tables.get("pin_lockouts")
    if who.phones and lockouts is not None:
        query = select(lockouts).where(lockouts.c.phone_hash.in_(who.phone_hashes))
        _merge(records, "pin_lockouts", lockouts, (await s.execute(query)).mappings().all(), key="phone_hash")


async def _export_conversations(s: AsyncSession, who: Identifiers, records: dict[str, list[dict[str, Any]]]) -> None:
    """On which channels Skolebot can reach them (not the raw reference), and dialogs in progress under their ids."""
    refs = (
        await s.execute(
            select(ConversationRef.channel_id, ConversationRef.conversation_id, ConversationRef.updated_at)
            .where(ConversationRef.person_id == who.sourced_id)
            .order_by(ConversationRef.channel_id)
        )
    ).all()
    if refs:  # an SMS conversation's id is the number it is with
        records["conversation_refs"] = [
            {"channel_id": c, "conversation_id": i, "updated_at": _jsonable(u)} for c, i, u in refs
        ]
    states = await _state_rows(s, who)
    if states:
        records["bot_state"] = [
            {"key": row.key, "updated_at": _jsonable(row.updated_at), "data": json.loads(row.data)}
            for row in sorted(states, key=lambda r: r.key)
        ]


def _merge(
    records: dict[str, list[dict[str, Any]]], name: str, table: Table, rows: Iterable[RowMapping], *, key: str
) -> None:
    have = {item[key] for item in records.get(name, [])}
    for r in rows:
        item = _row(table, r)
        if item[key] not in have:
            records.setdefault(name, []).append(item)
            have.add(item[key])


# ---------------------------------------------------------------------------- erasure


async def erase_person(
    db: Database, sourced_id: str, *, actor: str, now: dt.datetime | None = None, dry_run: bool = False
) -> Erased:
    """Remove or anonymise one person's data; audited as person.erase. `dry_run` rolls back."""
    now = now or dt.datetime.now(dt.UTC)
    result = Erased()
    try:
        async with db.transaction() as s:
            person = await _person(s, sourced_id)
            who = await _identifiers(s, person)
            await _erase_rows(s, who, result)
            _anonymise(person)
            await record_erasure(s, sourced_id, now)  # the next roster import leaves them out
            result.add("person", 1)
            s.add(
                AuditEntry(
                    at=now,
                    actor_id=actor,
                    action=ERASE_ACTION,
                    detail=json.dumps({"subject": sourced_id, "counts": result.counts}),
                )
            )
            if dry_run:
                raise _RolledBack
    except _RolledBack:
        pass
    return result


class _RolledBack(Exception):
    """Raised inside the transaction of a dry run, so nothing is written."""


async def _erase_rows(s: AsyncSession, who: Identifiers, result: Erased) -> None:
    sid = who.sourced_id
    states = await _state_rows(s, who)
    if states:
        await s.execute(delete(BotState).where(BotState.key_hash.in_([r.key_hash for r in states])))
    result.add("conversation_states", len(states))
    refs = await s.execute(delete(ConversationRef).where(ConversationRef.person_id == sid))
    result.add("conversation_refs", rowcount(refs))
    inbound = await s.execute(update(InboundMessage).where(_inbound_filter(who)).values(form=None, sender_hash=None))
    result.add("inbound_messages", rowcount(inbound))
    sms = await s.execute(update(SmsOutbound).where(_outbound_filter(who), SmsOutbound.to != "").values(to=""))
    result.add("sms_numbers", rowcount(sms))
    links = await s.execute(
        update(Guardianship)
        .where(or_(Guardianship.guardian_id == sid, Guardianship.student_id == sid), Guardianship.active.is_(True))
        .values(active=False)
    )
    result.add("guardianships_ended", rowcount(links))
    enrolled = await s.execute(
        update(Enrollment).where(Enrollment.person_id == sid, Enrollment.active.is_(True)).values(active=False)
    )
    result.add("enrollments_ended", rowcount(enrolled))
    await _erase_flow_rows(s, who, result)


async def _erase_flow_rows(s: AsyncSession, who: Identifiers, result: Erased) -> None:
    """The flows' tables, when they exist: PINs, numbers in deliveries, live-report references."""
    tables = Base.metadata.tables
    if "leader_pins" in tables:
        pins = tables["leader_pins"]
        result.add("leader_pins", rowcount(await s.execute(delete(pins).where(pins.c.person_id == who.sourced_id))))
    if "pin_lockouts" in tables and who.phones:
        locks = tables["pin_lockouts"]
        result.add(
            "pin_lockouts", rowcount(await s.execute(delete(locks).where(locks.c.phone_hash.in_(who.phone_hashes))))
        )
    if "broadcast_deliveries" in tables:
        deliveries = tables["broadcast_deliveries"]
        result.add(
            "delivery_addresses",
            rowcount(
                await s.execute(
                    update(deliveries)
                    .where(deliveries.c.person_id == who.sourced_id, deliveries.c.address.is_not(None))
                    .values(address=None)
                )
            ),
        )
    if "broadcasts" in tables:
        broadcasts = tables["broadcasts"]
        result.add(
            "report_references",
            rowcount(
                await s.execute(
                    update(broadcasts)
                    .where(broadcasts.c.sender_id == who.sourced_id, broadcasts.c.report_reference.is_not(None))
                    .values(report_reference=None, report_activity_id=None)
                )
            ),
        )


def _anonymise(person: Person) -> None:
    person.given_name = ERASED_NAME
    person.family_name = ERASED_NAME
    person.username = None
    person.email = None
    person.sms = None
    person.phone = None
    person.aad_object_id = None
    person.birth_date = None
    person.sex = None
    person.language = None
    person.active = False


# ---------------------------------------------------------------------------- retention


async def forget_numbers(s: AsyncSession, before: dt.datetime, now: dt.datetime) -> dict[str, int]:
    """Everyone's phone numbers in records made before `before`: blanked where the row still
    counts for the statistics, the row deleted where it is only about the number. The roster's
    own numbers (people.sms/phone) stay: the school keeps those."""
    counts = {
        "sms_numbers": rowcount(
            await s.execute(
                update(SmsOutbound).where(SmsOutbound.created_at < before, SmsOutbound.to != "").values(to="")
            )
        ),
        "inbound_hashes": rowcount(
            await s.execute(
                update(InboundMessage)
                .where(
                    InboundMessage.received_at < before,
                    or_(InboundMessage.sender_hash.is_not(None), InboundMessage.form.is_not(None)),
                )
                .values(sender_hash=None, form=None)
            )
        ),
        "sms_conversation_refs": rowcount(
            await s.execute(
                delete(ConversationRef).where(ConversationRef.channel_id == "sms", ConversationRef.updated_at < before)
            )
        ),
        "sms_conversation_states": rowcount(
            await s.execute(
                delete(BotState).where(  # keys "sms/…/+47…"
                    BotState.key.startswith("sms/", autoescape=True), BotState.updated_at < before
                )
            )
        ),
    }
    tables = Base.metadata.tables
    if "broadcast_deliveries" in tables:
        deliveries = tables["broadcast_deliveries"]
        counts["delivery_addresses"] = rowcount(
            await s.execute(
                update(deliveries)
                .where(
                    deliveries.c.channel == "sms", deliveries.c.address.is_not(None), deliveries.c.created_at < before
                )
                .values(address=None)
            )
        )
    if "pin_lockouts" in tables:
        locks = tables["pin_lockouts"]
        counts["pin_lockouts"] = rowcount(
            await s.execute(
                delete(locks).where(
                    or_(locks.c.locked_until.is_(None), locks.c.locked_until < now),
                    or_(locks.c.window_started_at.is_(None), locks.c.window_started_at < before),
                )
            )
        )
    return {kind: n or 0 for kind, n in counts.items()}
