"""/api/sms end to end: signed webhooks in, Twilio REST (a FakeTwilio) out, status callbacks back."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from storage.models import Person, SmsOutbound
from tests.e2e.harness import Running, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS, LEADER_PHONE


async def test_guardian_is_greeted_by_sms_through_twilio_rest(bot: Running) -> None:
    replies = await bot.phone.text(GUARDIAN_ONE_KID, "Hei")
    assert replies == ['Hei, Anne! Jeg er Skolebot. Skriv "hjelp" for å se hva jeg kan.']  # « » made GSM-7
    sent = bot.twilio.messages[-1]
    assert sent.from_ == "+4759440000"
    assert sent.status_callback == f"{bot.url}/api/sms/status"


async def test_webhook_answers_with_empty_twiml_not_the_reply(bot: Running) -> None:
    status, body = await bot.phone.post(bot.phone.form(GUARDIAN_ONE_KID, "hei"))
    assert status == 200
    assert "<Response></Response>" in body and "Anne" not in body
    await bot.services.sms_adapter.drain()
    assert any("Anne" in m for m in bot.phone.inbox(GUARDIAN_ONE_KID))


async def test_forged_and_missing_signatures_are_refused_and_nothing_is_sent(bot: Running) -> None:
    form = bot.phone.form(GUARDIAN_ONE_KID, "hei")
    assert (await bot.phone.post(form, sign_with="not-the-token"))[0] == 403
    assert (await bot.phone.post(form, signature=""))[0] == 403
    tampered = dict(form)
    good = bot.phone.form(GUARDIAN_ONE_KID, "hei", sid=form["MessageSid"])
    from adapters.sms.twilio_client import sign

    signature = sign(bot.twilio.auth_token, bot.settings.public_url + "/api/sms", good)
    tampered["Body"] = "STOPP"
    assert (await bot.phone.post(tampered, signature=signature))[0] == 403
    await bot.services.sms_adapter.drain()
    assert bot.phone.inbox(GUARDIAN_ONE_KID) == []


async def test_replayed_message_sid_has_no_second_effect(bot: Running) -> None:
    first = await bot.phone.text(GUARDIAN_ONE_KID, "STOPP", sid="SM" + "a" * 32)
    assert len(first) == 1
    await bot.services.people.set_sms_opt_out("g-berg", False)  # so a second effect would show
    again = await bot.phone.text(GUARDIAN_ONE_KID, "STOPP", sid="SM" + "a" * 32)
    assert again == []
    person = await bot.services.people.get("g-berg")
    assert person is not None and person.sms_opted_out is False


async def test_replay_after_restart_is_still_ignored(school_db_url: str) -> None:
    sid = "SM" + "b" * 32
    async with running_bot(school_db_url) as bot:
        assert len(await bot.phone.text(GUARDIAN_ONE_KID, "hei", sid=sid)) == 1
    async with running_bot(school_db_url) as bot:
        assert await bot.phone.text(GUARDIAN_ONE_KID, "hei", sid=sid) == []


async def test_stop_then_start(bot: Running) -> None:
    stopped = await bot.phone.text(GUARDIAN_TWO_KIDS, "STOPP")
    assert "ikke flere meldinger" in stopped[0]
    assert (await bot.services.people.get("g-lise")).sms_opted_out is True
    started = await bot.phone.text(GUARDIAN_TWO_KIDS, "start")
    assert "Velkommen tilbake" in started[0]
    assert (await bot.services.people.get("g-lise")).sms_opted_out is False


async def test_english_stop_and_help_keywords(bot: Running) -> None:
    help_text = await bot.phone.text(GUARDIAN_TWO_KIDS, "HJELP")
    assert "fravær" in help_text[0] and "STOPP" in help_text[0]
    await bot.phone.text(GUARDIAN_TWO_KIDS, "UNSUBSCRIBE")
    assert (await bot.services.people.get("g-lise")).sms_opted_out is True


async def test_unknown_number_gets_one_generic_answer(bot: Running) -> None:
    stranger = "+4799999999"
    first = await bot.phone.text(stranger, "Hei, er Ola syk i dag?")
    assert len(first) == 1 and "ikke registrert" in first[0]
    assert "Ola" not in first[0]
    assert await bot.phone.text(stranger, "hallo??") == []


async def test_replies_to_one_number_are_rate_limited(school_db_url: str) -> None:
    async with running_bot(school_db_url, SKOLEBOT_SMS_REPLIES_PER_MINUTE=3) as bot:
        for _ in range(5):
            await bot.phone.text(LEADER_PHONE, "hei")
        assert len(bot.phone.inbox(LEADER_PHONE)) == 3


async def test_status_callbacks_move_deliveries_forward_only(bot: Running) -> None:
    await bot.phone.text(GUARDIAN_ONE_KID, "hei")
    sid = bot.twilio.messages[-1].sid
    await bot.twilio.wait_for_callbacks(2)
    assert await bot.services.sms_log.status_of(sid) == ("delivered", None)
    # an out-of-order "sent" after "delivered" changes nothing
    form = {"MessageSid": sid, "SmsSid": sid, "MessageStatus": "sent", "AccountSid": bot.twilio.account_sid}
    status, _ = await bot.phone.post(form, path="/api/sms/status")
    assert status == 204
    assert await bot.services.sms_log.status_of(sid) == ("delivered", None)


async def test_failed_delivery_records_twilios_error_code(bot: Running) -> None:
    bot.twilio.final_status_for[GUARDIAN_ONE_KID] = "undelivered"
    await bot.phone.text(GUARDIAN_ONE_KID, "hei")
    sid = bot.twilio.messages[-1].sid
    await bot.twilio.wait_for_callbacks(2)
    status, code = await bot.services.sms_log.status_of(sid)
    assert status == "undelivered" and code is not None


async def test_forged_status_callback_is_refused(bot: Running) -> None:
    await bot.phone.text(GUARDIAN_ONE_KID, "hei")
    sid = bot.twilio.messages[-1].sid
    await bot.twilio.wait_for_callbacks(2)
    form = {"MessageSid": sid, "MessageStatus": "failed", "ErrorCode": "30003"}
    status, _ = await bot.phone.post(form, path="/api/sms/status", sign_with="wrong")
    assert status == 403
    assert (await bot.services.sms_log.status_of(sid))[0] == "delivered"


async def test_twilio_429_and_500_are_retried(bot: Running) -> None:
    bot.twilio.fail_next(1, 429, retry_after=0.1)
    bot.twilio.fail_next(1, 500)
    replies = await bot.phone.text(GUARDIAN_ONE_KID, "hei")
    assert len(replies) == 1
    async with bot.services.db.transaction() as s:
        rows = (await s.execute(select(SmsOutbound))).scalars().all()
    assert len(rows) == 1


async def test_two_quick_messages_from_one_phone_both_answered_in_order(bot: Running) -> None:
    forms = [bot.phone.form(GUARDIAN_ONE_KID, "hei"), bot.phone.form(GUARDIAN_ONE_KID, "hjelp")]
    results = await asyncio.gather(*(bot.phone.post(f) for f in forms))
    assert [r[0] for r in results] == [200, 200]
    await bot.services.sms_adapter.drain()
    inbox = bot.phone.inbox(GUARDIAN_ONE_KID)
    assert len(inbox) == 2


async def test_opt_out_is_stored_on_the_person(bot: Running) -> None:
    await bot.phone.text(GUARDIAN_ONE_KID, "stopp")
    async with bot.services.db.transaction() as s:
        person = await s.get(Person, "g-berg")
        assert person.sms_opted_out is True


async def test_a_choice_is_answered_by_number_by_name_or_in_lower_case(school_db_url: str) -> None:
    import datetime as dt

    from tests.e2e.harness import FixedClock

    monday = FixedClock(dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC))
    async with running_bot(school_db_url, clock=monday) as bot:
        # the third is Ola again: merged with the first report, not stored or told twice (issue 16)
        for answer, reply in (
            ("1", "Registrert: Ola ("),
            ("Emma", "Registrert: Emma ("),
            ("ola", "Ola (5B) er allerede"),
        ):
            asked = await bot.phone.text(GUARDIAN_TWO_KIDS, "er syk i dag")
            assert asked[0].endswith("Svar 1 for Ola, 2 for Emma eller 3 for Begge.")
            done = await bot.phone.text(GUARDIAN_TWO_KIDS, answer)
            assert done[0].startswith(reply), (answer, done)


async def test_the_school_starts_an_sms_conversation_through_continue_conversation(bot: Running) -> None:
    from botbuilder.core import TurnContext
    from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference

    reference = ConversationReference(
        channel_id="sms",
        service_url=bot.settings.public_url,
        conversation=ConversationAccount(id=GUARDIAN_ONE_KID),
        user=ChannelAccount(id=GUARDIAN_ONE_KID),
        bot=ChannelAccount(id="+4759440000"),
    )

    async def notify(context: TurnContext) -> None:
        await context.send_activity("Påminnelse: foreldremøte i kveld kl 18.")

    await bot.services.sms_adapter.continue_conversation(reference, notify)
    assert bot.phone.inbox(GUARDIAN_ONE_KID) == ["Påminnelse: foreldremøte i kveld kl 18."]


async def test_a_turn_records_every_reply_and_marks_the_message_done_in_one_transaction(bot: Running) -> None:
    from sqlalchemy import event

    from storage.models import InboundMessage

    form = bot.phone.form(GUARDIAN_TWO_KIDS, "hjelp")
    open_work: dict[int, list[str]] = {}
    committed: list[list[str]] = []
    engine = bot.services.db.engine.sync_engine
    event.listen(
        engine,
        "before_cursor_execute",
        lambda conn, _cur, statement, *_a: open_work.setdefault(id(conn), []).append(statement.split("(")[0]),
    )
    event.listen(engine, "commit", lambda conn: committed.append(open_work.pop(id(conn), [])))
    await bot.phone.post(form)
    await bot.services.sms_adapter.drain()
    sent = [m for m in bot.twilio.messages if m.to == GUARDIAN_TWO_KIDS]
    assert sent
    async with bot.services.db.read() as s:
        rows = (await s.execute(select(SmsOutbound).where(SmsOutbound.to == GUARDIAN_TWO_KIDS))).scalars().all()
        inbound = (
            await s.execute(select(InboundMessage).where(InboundMessage.message_id == form["MessageSid"]))
        ).scalar_one()
    assert sorted(r.sid for r in rows) == sorted(m.sid for m in sent)
    assert all(r.segments >= 1 for r in rows)
    assert inbound.processed_at is not None and inbound.person_id == "g-lise" and inbound.form is None
    finishing = [t for t in committed if any(st.startswith("UPDATE inbound_messages") for st in t)]
    assert len(finishing) == 1 and any(st.startswith("INSERT INTO sms_outbound") for st in finishing[0])


async def test_replies_are_recorded_even_when_a_status_callback_came_first(bot: Running) -> None:
    bot.twilio.status_callback_delay = 0  # Twilio's receipt races the end of the turn
    await bot.phone.text(GUARDIAN_ONE_KID, "hei")
    sid = bot.twilio.messages[-1].sid
    await bot.twilio.wait_for_callbacks(2)
    await bot.services.sms_adapter.drain()
    async with bot.services.db.read() as s:
        row = (await s.execute(select(SmsOutbound).where(SmsOutbound.sid == sid))).scalar_one()
    assert (row.to, row.status) == (GUARDIAN_ONE_KID, "delivered")
