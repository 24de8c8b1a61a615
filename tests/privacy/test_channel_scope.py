"""Children's data only in one-to-one conversations (issue 14, "Scope").

Every command that shows or changes personal data is posted over /api/messages into a Teams team
channel and into a group chat, the way Teams posts them (msteams, `conversationType`, `isGroup`,
`19:…@thread…` ids). The only answer is one neutral line ("Send meg en direktemelding"): nothing
else reaches the connector or Twilio, and not one row in the database changes. The conversation
kept for the school's notices is only ever a personal one, and every proactive path (the direct
notifier, the outbox's Teams channel, the live report card) refuses a stored team or group chat.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount, ConversationReference
from sqlalchemy import insert, select

import storage.models_booking  # noqa: F401  (every table in Base.metadata for the snapshot)
import storage.models_broadcast  # noqa: F401
import storage.models_weekplan  # noqa: F401
from bot.emulator import EmulatorUser, reply_text
from bot.outbox_worker import LiveReporter
from bot.school_bot import one_to_one
from storage.broadcasts import Broadcasts
from storage.conversations import ConversationRefs, is_personal
from storage.db import Database
from storage.models import Base, BotState, ConversationRef, LeaveRequest
from storage.weekplans import WeekPlans
from tests.broadcast.conftest import latest_broadcast, settle
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import (
    GUARDIAN_ONE_KID,
    GUARDIAN_TWO_KIDS,
    GUARDIAN_TWO_KIDS_UPN,
    LEADER_PHONE,
    LEADER_UPN,
    OFFICE_UPN,
    STUDENT_UPN,
    TEACHER_UPN,
    seed_small_school,
)

MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo
TENANT = "tenant-skolebot-test"
KARI_SMS = "+4792000001"
NEUTRAL = "Send meg en direktemelding, så hjelper jeg deg der."
PIN = "4821"

CLASS_CHANNEL = "19:5b-klassen@thread.tacv2"
GROUP_CHAT = "19:5b-foreldre-og-laerer@thread.v2"
SHAPES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    # A post in a team's channel, as Teams sends it: the reply chain's id, isGroup, the team in channelData.
    "channel": (
        {
            "isGroup": True,
            "conversationType": "channel",
            "tenantId": TENANT,
            "id": f"{CLASS_CHANNEL};messageid=1764486000000",
        },
        {
            "tenant": {"id": TENANT},
            "teamsChannelId": CLASS_CHANNEL,
            "channel": {"id": CLASS_CHANNEL},
            "team": {"id": "19:5b-team@thread.tacv2", "name": "5B"},
        },
    ),
    # A group chat with the bot added: only the tenant in channelData.
    "group_chat": (
        {"isGroup": True, "conversationType": "groupChat", "tenantId": TENANT, "id": GROUP_CHAT},
        {"tenant": {"id": TENANT}},
    ),
}


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url, clock=FixedClock(MONDAY_MORNING)) as bot:
        yield bot


# ---------------------------------------------------------------------------- helpers


def shared_activity(bot: Running, upn: str, shape: str, **fields: Any) -> dict[str, Any]:
    """A Teams message from `upn` in a channel or group chat (local mode knows people by UPN)."""
    conversation, channel_data = SHAPES[shape]
    user = EmulatorUser(user_id=upn, name=upn, channel_id="msteams")
    return bot.client.activity(user, conversation=dict(conversation), channelData=dict(channel_data), **fields)


async def post(bot: Running, body: dict[str, Any]) -> list[dict[str, Any]]:
    """Post one activity; every activity the connector received meanwhile, into any conversation."""
    before = len(bot.connector.activities)
    resp = await bot.client.post(body)
    assert resp.status < 300, resp.status
    await quiet(bot)
    return bot.connector.activities[before:]


async def quiet(bot: Running) -> None:
    """Until every SMS has been sent and Twilio's status callbacks for it have been recorded."""
    await bot.services.sms_adapter.drain()
    with_callback = [m for m in bot.twilio.messages if m.status_callback]
    await bot.twilio.wait_for_callbacks(2 * len(with_callback))


async def snapshot(db: Database) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table, as text: two equal snapshots mean nothing was written in between."""
    out: dict[str, list[tuple[str, ...]]] = {}
    async with db.read() as s:
        for table in Base.metadata.sorted_tables:
            rows = (await s.execute(select(table))).all()
            out[table.name] = sorted(tuple(str(v) for v in row) for row in rows)
    return out


def changed_tables(before: dict[str, list[tuple[str, ...]]], after: dict[str, list[tuple[str, ...]]]) -> list[str]:
    return [name for name in after if before.get(name) != after[name]]


async def rows_naming(db: Database, conversation_id: str) -> list[str]:
    """bot_state keys and conversation_refs rows that belong to this conversation."""
    async with db.read() as s:
        states = (await s.execute(select(BotState.key))).scalars().all()
        refs = (await s.execute(select(ConversationRef.conversation_id))).scalars().all()
    return [k for k in states if conversation_id in k] + [c for c in refs if conversation_id in c]


def personal(upn: str) -> EmulatorUser:
    """The person's own chat with the bot (one conversation id per person, so a dialog can go on)."""
    return EmulatorUser(user_id=upn, name=upn, conversation_id=f"personal-{upn}")


async def say(bot: Running, upn: str, text: str | None = None, *, value: Any = None) -> str:
    """In the person's own (personal) chat: the bot's replies as readable text."""
    replies = await bot.client.say(personal(upn), text, value=value)
    return "\n".join(reply_text(r) for r in replies)


# ---------------------------------------------------------------------------- what each command needs first


async def nora_reported(bot: Running) -> dict[str, Any]:
    (answer,) = await bot.phone.text(GUARDIAN_ONE_KID, "Nora er syk i dag")
    assert answer.startswith("Registrert: Nora (5B)")
    return {}


async def broadcast_sent(bot: Running) -> dict[str, Any]:
    await Broadcasts(bot.services.db).set_pin("a-rektor", PIN)
    await bot.phone.text(LEADER_PHONE, f"VARSEL {PIN} guardians:class:5B Skolen stenger kl 12 i dag")
    await bot.phone.text(LEADER_PHONE, "JA")
    broadcast_id = await latest_broadcast(bot.services.db)
    await settle(bot, broadcast_id)
    return {"broadcast_id": broadcast_id}


async def plan_published(bot: Running) -> dict[str, Any]:
    await WeekPlans(bot.services.db).publish(
        year=2026, week=49, class_id="c-5b", published_by="t-kari", body="Mandag: Norsk: les s. 12\nFredag: Turdag"
    )
    return {}


async def room_booked(bot: Running) -> dict[str, Any]:
    await say(bot, TEACHER_UPN, "book musikkrommet fredag 10-11")
    assert (await say(bot, TEACHER_UPN, "ja")).startswith("Booket:")
    return {}


async def leave_applied(bot: Running) -> dict[str, Any]:
    (sent,) = await bot.phone.text(GUARDIAN_TWO_KIDS, "Søknad om fri for Emma 3.-4. desember, bryllup i familien")
    assert "sendt til kontoret" in sent
    async with bot.services.db.read() as s:
        return {"request_id": (await s.execute(select(LeaveRequest.id))).scalar_one()}


async def nothing(_bot: Running) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Command:
    who: str
    fields: Callable[[dict[str, Any]], dict[str, Any]]  # the activity's text or card value
    prepare: Callable[[Running], Awaitable[dict[str, Any]]] = nothing


def text(words: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda ready: {"text": words.format(**ready)}


COMMANDS: dict[str, Command] = {
    "fravær": Command(TEACHER_UPN, text("fravær"), nora_reported),
    "fravær 5B": Command(TEACHER_UPN, text("fravær 5B"), nora_reported),
    "borte: Ola": Command(TEACHER_UPN, text("borte: Ola")),
    "status": Command(LEADER_UPN, text("status"), broadcast_sent),
    "status <id>": Command(LEADER_UPN, text("status {broadcast_id}"), broadcast_sent),
    "guardian: Ola er syk i dag": Command(GUARDIAN_TWO_KIDS_UPN, text("Ola er syk i dag")),
    "ukeplan": Command(GUARDIAN_TWO_KIDS_UPN, text("ukeplan"), plan_published),
    "mine bookinger": Command(TEACHER_UPN, text("mine bookinger"), room_booked),
    "søknad om fri": Command(GUARDIAN_TWO_KIDS_UPN, text("Søknad om fri for Ola 3.-4. desember, bryllup i familien")),
    "card: leave decision": Command(
        OFFICE_UPN,
        lambda ready: {"value": {"skolebot": "leave_decision", "request_id": ready["request_id"], "granted": True}},
        leave_applied,
    ),
    "card: register missing": Command(
        TEACHER_UPN,
        lambda _ready: {"value": {"skolebot": "register_missing", "class_id": "c-5b", "missing:s-ola": "true"}},
    ),
}
CASES = [(name, shape) for name in COMMANDS for shape in SHAPES]


# ---------------------------------------------------------------------------- every personal-data command


@pytest.mark.parametrize(("command", "shape"), CASES, ids=[f"{c}-{s}" for c, s in CASES])
async def test_a_personal_data_command_in_a_channel_or_group_chat_gets_only_the_neutral_line(
    school: Running, command: str, shape: str
) -> None:
    spec = COMMANDS[command]
    ready = await spec.prepare(school)
    await quiet(school)
    sms_before = len(school.twilio.messages)
    before = await snapshot(school.services.db)

    sent = await post(school, shared_activity(school, spec.who, shape, **spec.fields(ready)))

    conversation_id = SHAPES[shape][0]["id"]
    assert [(a["conversation"]["id"], a.get("text"), a.get("attachments")) for a in sent] == [
        (conversation_id, NEUTRAL, None)
    ]  # one line, there, and nothing to anyone else
    assert school.connector.updates == []  # no card anywhere was changed either
    assert len(school.twilio.messages) == sms_before  # nobody was texted
    assert changed_tables(before, await snapshot(school.services.db)) == []  # no absence, booking, state, ref
    assert await rows_naming(school.services.db, conversation_id) == []


# ---------------------------------------------------------------------------- the same in a personal chat


async def test_the_same_commands_still_work_in_a_personal_chat(school: Running) -> None:
    await nora_reported(school)
    refused = await post(school, shared_activity(school, TEACHER_UPN, "channel", text="fravær 5B"))
    assert [a.get("text") for a in refused] == [NEUTRAL]

    listing = await say(school, TEACHER_UPN, "fravær 5B")
    assert "Nora Berg (5B): meldt, sykdom" in listing
    registered = await say(school, GUARDIAN_TWO_KIDS_UPN, "Ola er syk i dag")
    assert registered.startswith("Registrert: Ola (5B) borte i dag, mandag 30. november, sykdom.")


# ---------------------------------------------------------------------------- how a shared conversation is recognised


@pytest.mark.parametrize("words", ["<at>Skolebot</at> hei", "<at>Skolebot</at> hjelp", "<at>Skolebot</at>"])
async def test_a_mention_with_a_greeting_or_help_in_a_channel_gets_the_neutral_line_too(
    school: Running, words: str
) -> None:
    mention = {"type": "mention", "text": "<at>Skolebot</at>", "mentioned": {"id": "skolebot", "name": "Skolebot"}}
    sent = await post(school, shared_activity(school, TEACHER_UPN, "channel", text=words, entities=[mention]))
    assert [a.get("text") for a in sent] == [NEUTRAL]


async def test_pupils_and_strangers_in_a_channel_get_the_same_line_and_nothing_about_the_school(
    school: Running,
) -> None:
    for who in (STUDENT_UPN, "stranger@example.org"):
        sent = await post(school, shared_activity(school, who, "channel", text="fravær 5B"))
        assert [a.get("text") for a in sent] == [NEUTRAL]


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("nn", "Send meg ei direktemelding, så hjelper eg deg der."),
        ("en", "Send me a direct message and I will help you there."),
    ],
)
async def test_the_line_is_in_the_persons_own_language(school: Running, language: str, line: str) -> None:
    await school.services.people.set_language("t-kari", language)
    sent = await post(school, shared_activity(school, TEACHER_UPN, "group_chat", text="fravær"))
    assert [a.get("text") for a in sent] == [line]


@pytest.mark.parametrize(
    ("conversation", "channel_data"),
    [
        ({"id": f"{CLASS_CHANNEL};messageid=1"}, {}),  # no type, but a channel's reply chain
        ({"id": GROUP_CHAT}, {}),  # no type, a group chat's thread id
        ({"id": "19:abcdef0123@unq.gbl.spaces"}, {}),  # no type, not a personal chat's "a:" id
        ({"id": "a:1kari", "isGroup": True}, {}),  # says it is a group
        ({"id": "a:1kari", "conversationType": "personal"}, {"team": {"id": "19:5b-team@thread.tacv2"}}),
        ({"id": "a:1kari", "conversationType": "meeting"}, {}),  # a type we do not know
    ],
    ids=["typeless-channel", "typeless-group", "typeless-19", "isGroup", "team-in-channelData", "unknown-type"],
)
async def test_anything_not_clearly_personal_counts_as_shared(
    school: Running, conversation: dict[str, Any], channel_data: dict[str, Any]
) -> None:
    await nora_reported(school)
    user = EmulatorUser(user_id=TEACHER_UPN, name=TEACHER_UPN, channel_id="msteams")
    body = school.client.activity(
        user, text="fravær 5B", conversation=conversation, channelData={"tenant": {"id": TENANT}, **channel_data}
    )
    sent = await post(school, body)
    assert [a.get("text") for a in sent] == [NEUTRAL]


def _conversation(**fields: Any) -> ConversationAccount:
    return ConversationAccount().deserialize(fields)


@pytest.mark.parametrize(
    ("channel", "fields", "personal"),
    [
        ("msteams", {"id": "a:1kari", "conversationType": "personal", "tenantId": TENANT}, True),
        ("msteams", {"id": "a:1kari"}, True),  # no type: Teams' personal-chat id
        ("msteams", {"id": "19:abc@thread.tacv2;messageid=1", "conversationType": "channel", "isGroup": True}, False),
        ("msteams", {"id": "19:abc@thread.skype", "conversationType": "channel"}, False),
        ("msteams", {"id": "19:abc@thread.v2", "conversationType": "groupChat", "isGroup": True}, False),
        ("msteams", {"id": "19:meeting_abc@thread.v2", "conversationType": "groupchat"}, False),
        ("msteams", {"id": "19:abc@thread.v2", "conversationType": "personal"}, False),  # contradicts itself
        ("msteams", {"id": "conv-1"}, False),  # Teams without a type and without a personal id
        ("msteams", {"id": ""}, False),
        ("sms", {"id": "+4790000002", "isGroup": False}, True),
        ("emulator", {"id": "conv-1", "conversationType": "personal"}, True),
        ("emulator", {"id": "3f1c|livechat"}, True),  # the Bot Framework Emulator sends no type
        ("emulator", {"id": "19:abc@thread.tacv2"}, False),
        ("webchat", {"id": "conv-1", "isGroup": True}, False),
    ],
)
def test_which_conversations_are_one_to_one(channel: str, fields: dict[str, Any], personal: bool) -> None:
    assert is_personal(channel, _conversation(**fields)) is personal
    activity = Activity(type="message", channel_id=channel, conversation=_conversation(**fields))
    assert one_to_one(activity) is personal


# ---------------------------------------------------------------------------- the conversation kept for notices


async def _refs(bot: Running, person_id: str) -> dict[str, str]:
    async with bot.services.db.read() as s:
        rows = (
            await s.execute(
                select(ConversationRef.channel_id, ConversationRef.conversation_id).where(
                    ConversationRef.person_id == person_id
                )
            )
        ).all()
    return dict(rows)


def _channel_reference(bot: Running) -> ConversationReference:
    conversation, _ = SHAPES["channel"]
    return ConversationReference(
        channel_id="msteams",
        service_url=bot.connector_url,
        conversation=_conversation(**conversation),
        user=ChannelAccount(id="29:1kari"),
        bot=ChannelAccount(id="skolebot"),
    )


async def _store_raw(bot: Running, person_id: str, reference: ConversationReference) -> None:
    """A row written around ConversationRefs.save, as one kept before the personal-only rule would be."""
    async with bot.services.db.transaction() as s:
        await s.execute(
            insert(ConversationRef).values(
                person_id=person_id,
                channel_id=reference.channel_id,
                conversation_id=reference.conversation.id,
                reference=json.dumps(reference.serialize()),
                updated_at=dt.datetime.now(dt.UTC),
            )
        )


async def test_writing_in_a_channel_does_not_move_the_teachers_notices_there(school: Running) -> None:
    kari = personal(TEACHER_UPN)
    await school.client.say(kari, "hei")  # her own chat with the bot
    assert await _refs(school, "t-kari") == {"emulator": kari.conversation_id}

    await post(school, shared_activity(school, TEACHER_UPN, "channel", text="hei"))
    await post(school, shared_activity(school, TEACHER_UPN, "group_chat", text="fravær"))
    assert await _refs(school, "t-kari") == {"emulator": kari.conversation_id}

    await nora_reported(school)
    assert "Nora Berg (5B)" in school.connector.texts(kari.conversation_id)[-1]
    shared_ids = {SHAPES[shape][0]["id"] for shape in SHAPES}
    assert all(a.get("text") == NEUTRAL for a in school.connector.activities if a["conversation"]["id"] in shared_ids)


async def test_a_teacher_who_only_ever_wrote_in_a_channel_gets_her_notices_by_sms(school: Running) -> None:
    await post(school, shared_activity(school, TEACHER_UPN, "channel", text="hei"))
    assert await _refs(school, "t-kari") == {}

    await nora_reported(school)
    await quiet(school)
    (notice,) = school.phone.inbox(KARI_SMS)
    assert "Nora Berg (5B)" in notice
    assert not any("Nora" in (a.get("text") or "") for a in school.connector.activities)


async def test_a_channel_kept_before_this_rule_is_never_used_for_a_notice(school: Running) -> None:
    await _store_raw(school, "t-kari", _channel_reference(school))
    assert await school.services.refs.get("t-kari", "msteams") is None

    await nora_reported(school)
    await quiet(school)
    assert school.connector.activities == []  # not even tried
    assert "Nora Berg (5B)" in school.phone.inbox(KARI_SMS)[0]


async def test_the_outbox_sends_nothing_into_a_stored_channel_and_falls_back_to_sms(school: Running) -> None:
    await _store_raw(school, "g-berg", _channel_reference(school))  # Anne, Nora's mother
    outbox = school.services.deps.extras["outbox"]
    broadcast_id = await outbox.enqueue(["g-berg"], "Foreldremøte torsdag kl 18", channels="both")
    rows = await settle(school, broadcast_id)

    assert school.connector.activities == []
    assert [(r.channel, r.status) for r in rows if r.status in ("delivered", "sent")] == [("sms", "delivered")]
    (sms,) = school.phone.inbox(GUARDIAN_ONE_KID)
    assert "Foreldremøte torsdag kl 18" in sms


async def test_a_report_card_kept_in_a_channel_is_not_updated_there(school: Running) -> None:
    ready = await broadcast_sent(school)  # its report names the guardians who were not reached
    broadcasts = Broadcasts(school.services.db)
    await broadcasts.set_report(ready["broadcast_id"], json.dumps(_channel_reference(school).serialize()), "act-1")
    reporter = LiveReporter(broadcasts, school.services.cloud_adapter, "", interval=0.0)

    assert await reporter.update(ready["broadcast_id"]) is False
    assert school.connector.updates == [] and school.connector.activities == []


# ---------------------------------------------------------------------------- storage, on SQLite and PostgreSQL


async def test_conversation_refs_keep_and_hand_out_only_one_to_one_conversations(db: Database) -> None:
    await seed_small_school(db)
    refs = ConversationRefs(db)
    personal = ConversationReference(
        channel_id="msteams",
        service_url="https://smba.example",
        conversation=_conversation(id="a:1kari", conversationType="personal"),
        user=ChannelAccount(id="29:1kari"),
        bot=ChannelAccount(id="28:bot"),
    )
    for fields in (
        {"id": "19:5b@thread.tacv2;messageid=1", "conversationType": "channel", "isGroup": True},
        {"id": "19:5b@thread.v2", "conversationType": "groupChat", "isGroup": True},
    ):
        shared = ConversationReference(
            channel_id="msteams",
            service_url="https://smba.example",
            conversation=_conversation(**fields),
            user=ChannelAccount(id="29:1kari"),
        )
        await refs.save("t-kari", shared)
    assert await refs.get("t-kari", "msteams") is None
    async with db.read() as s:
        assert (await s.execute(select(ConversationRef))).scalars().all() == []

    await refs.save("t-kari", personal)
    kept = await refs.get("t-kari", "msteams")
    assert kept is not None and kept.conversation.id == "a:1kari"

    async with db.transaction() as s:  # a channel written before the rule existed
        await s.execute(
            insert(ConversationRef).values(
                person_id="t-per",
                channel_id="msteams",
                conversation_id="19:5b@thread.tacv2",
                reference=json.dumps(
                    {
                        "channelId": "msteams",
                        "conversation": {"id": "19:5b@thread.tacv2", "conversationType": "channel"},
                    }
                ),
                updated_at=dt.datetime.now(dt.UTC),
            )
        )
    assert await refs.get("t-per", "msteams") is None
