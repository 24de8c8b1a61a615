"""SqlStorage against Microsoft's conformance suite and our own eTag/concurrency promises."""

from __future__ import annotations

import asyncio

import pytest
from botbuilder.core import ConversationState, TurnContext, UserState
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import ChoicePrompt, DialogSet, DialogTurnStatus, PromptOptions
from botbuilder.dialogs.choices import Choice
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount
from botbuilder.testing import StorageBaseTests

from storage.state import ETagConflict, SqlStorage

CONFORMANCE = [
    "return_empty_object_when_reading_unknown_key",
    "handle_null_keys_when_reading",
    "handle_null_keys_when_writing",
    "does_not_raise_when_writing_no_items",
    "create_object",
    "handle_crazy_keys",
    "update_object",
    "delete_object",
    "delete_unknown_object",
    "perform_batch_operations",
    "proceeds_through_waterfall",
]


def test_conformance_list_is_the_whole_suite() -> None:
    """If botbuilder adds a check, we notice instead of silently skipping it."""
    suite = {n for n in vars(StorageBaseTests) if not n.startswith("_")}
    assert suite == set(CONFORMANCE)


@pytest.mark.parametrize("check", CONFORMANCE)
async def test_storage_base_tests(db, check: str) -> None:
    assert await getattr(StorageBaseTests, check)(SqlStorage(db)) is True


async def test_stale_etag_raises_and_changes_nothing(db) -> None:
    storage = SqlStorage(db)
    await storage.write({"k": {"n": 1, "e_tag": "*"}})
    first = (await storage.read(["k"]))["k"]
    await storage.write({"k": {"n": 2, "e_tag": first["e_tag"]}})
    with pytest.raises(ETagConflict):
        await storage.write({"k": {"n": 3, "e_tag": first["e_tag"]}, "other": {"n": 9}})
    after = await storage.read(["k", "other"])
    assert after["k"]["n"] == 2
    assert "other" not in after  # the whole write was refused


async def test_twenty_concurrent_writers_exactly_one_wins(db) -> None:
    storage = SqlStorage(db)
    await storage.write({"race": {"winner": None, "e_tag": "*"}})
    etag = (await storage.read(["race"]))["race"]["e_tag"]

    async def writer(i: int) -> bool:
        try:
            await SqlStorage(db).write({"race": {"winner": i, "e_tag": etag}})
            return True
        except ETagConflict:
            return False

    results = await asyncio.gather(*(writer(i) for i in range(20)))
    assert sum(results) == 1
    winner = results.index(True)
    assert (await storage.read(["race"]))["race"]["winner"] == winner


async def test_long_and_odd_keys(db) -> None:
    storage = SqlStorage(db)
    keys = ["x" * 5000, "sms/conversations/+4790012345/", "emoji 🙂/æøå/\u0000?", "a'b\"c;DROP TABLE bot_state;--"]
    await storage.write({k: {"v": i} for i, k in enumerate(keys)})
    got = await storage.read(keys)
    assert {k: got[k]["v"] for k in keys} == {k: i for i, k in enumerate(keys)}


def _activity(channel: str, user: str, text: str) -> Activity:
    return Activity(
        type=ActivityTypes.message,
        channel_id=channel,
        text=text,
        from_property=ChannelAccount(id=user),
        recipient=ChannelAccount(id="bot"),
        conversation=ConversationAccount(id=f"conv-{user}"),
        service_url="http://localhost",
    )


async def test_dialog_prompt_in_flight_round_trips_across_storage_instances(db) -> None:
    """A choice prompt begun with one storage object is answered through another (a restart)."""

    async def turn(storage, activity: Activity) -> list[str]:
        conversation_state = ConversationState(storage)
        user_state = UserState(storage)
        dialogs = DialogSet(conversation_state.create_property("DialogState"))
        dialogs.add(ChoicePrompt("pick"))
        replies: list[str] = []

        async def logic(context: TurnContext) -> None:
            dc = await dialogs.create_context(context)
            result = await dc.continue_dialog()
            if result.status == DialogTurnStatus.Empty:
                await dc.prompt(
                    "pick",
                    PromptOptions(
                        prompt=Activity(type="message", text="Ola eller Emma?"), choices=[Choice("Ola"), Choice("Emma")]
                    ),
                )
            elif result.status == DialogTurnStatus.Complete:
                await context.send_activity(f"valgt: {result.result.value}")
            lang = user_state.create_property("lang")
            await lang.set(context, "nb")
            await conversation_state.save_changes(context)
            await user_state.save_changes(context)

        adapter = TestAdapter(logic)
        await adapter.process_activity(activity, logic)
        replies = [a.text for a in adapter.activity_buffer]
        return replies

    first = await turn(SqlStorage(db), _activity("sms", "+4790012345", "hei"))
    assert first and "Ola" in first[0]
    second = await turn(SqlStorage(db), _activity("sms", "+4790012345", "2"))
    assert second == ["valgt: Emma"]


async def test_both_channels_state_in_one_table(db) -> None:
    storage = SqlStorage(db)
    for channel, user in (("sms", "+4790012345"), ("msteams", "29:abc")):
        state = ConversationState(storage)
        users = UserState(storage)
        adapter = TestAdapter()
        context = TurnContext(adapter, _activity(channel, user, "hei"))
        await state.create_property("p").set(context, channel)
        await users.create_property("lang").set(context, "nn")
        await state.save_changes(context)
        await users.save_changes(context)
    from sqlalchemy import select

    from storage.models import BotState

    async with db.transaction() as session:
        keys = set((await session.execute(select(BotState.key))).scalars())
    assert {
        "sms/conversations/conv-+4790012345",
        "msteams/conversations/conv-29:abc",
        "sms/users/+4790012345",
        "msteams/users/29:abc",
    } <= keys
