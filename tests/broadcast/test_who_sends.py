"""Staff refused an emergency alert learn who sends one, and an emergency in plain words is treated as one."""

from __future__ import annotations

import asyncio

from bot.emulator import reply_text
from dialogs.broadcast.phrases import asks_who_sends, mentions_emergency
from tests.e2e.harness import Running
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS_UPN, OFFICE_UPN, TEACHER_UPN

TEACHER_PHONE = "+4792000001"


async def _say(bot: Running, upn: str, *messages: str) -> list[str]:
    """Each message in turn from one conversation; the bot's replies to each, as text."""
    user = bot.user(upn)
    return ["\n".join(reply_text(a) for a in await bot.client.say(user, text)) for text in messages]


async def test_a_teacher_asking_who_may_send_an_alert_gets_the_leaders_by_name(bot: Running) -> None:
    refused, answer = await _say(
        bot, TEACHER_UPN, "send beredskapsvarsel til alle: skolen stenger kl 12", "hvem kan sende det da?"
    )
    assert "kan bare sendes av skoleledelsen" in refused
    assert "skoleledelsen: Randi Rektor" in answer and "forsto" not in answer
    await asyncio.sleep(0.2)
    assert bot.twilio.messages == []


async def test_the_office_is_refused_an_emergency_with_the_reason_and_the_leaders(bot: Running) -> None:
    refused, answer = await _say(bot, OFFICE_UPN, "send beredskapsmelding til alle", "hvem kan sende det?")
    assert "kan bare sendes av skoleledelsen" in refused and "Randi Rektor" in refused
    assert "Randi Rektor" in answer


async def test_a_teachers_evacuation_message_to_all_guardians_is_an_emergency_and_refused(bot: Running) -> None:
    (refused,) = await _say(bot, TEACHER_UPN, "varsle alle foresatte om evakuering nå, det er brann")
    assert "kan bare sendes av skoleledelsen" in refused
    await asyncio.sleep(0.2)
    assert bot.twilio.messages == []


async def test_who_sends_by_sms_is_one_segment_and_guardians_are_not_told_names(bot: Running) -> None:
    assert "skoleledelsen" in (await bot.phone.text(TEACHER_PHONE, "BEREDSKAP skolen stenger kl 12"))[0]
    (answer,) = await bot.phone.text(TEACHER_PHONE, "hvem kan sende det da?")
    assert "Randi Rektor" in answer and len(answer) <= 160
    (guardian,) = await bot.phone.text(GUARDIAN_ONE_KID, "hvem kan sende det da?")
    assert "Randi" not in guardian
    (guardian,) = await _say(bot, GUARDIAN_TWO_KIDS_UPN, "hvem kan sende beredskapsvarsel?")
    assert "Randi" not in guardian


def test_who_sends_questions_and_emergency_words_are_read() -> None:
    for text in (
        "hvem kan sende det da?",
        "kven kan sende det då?",
        "hvem kan sende beredskapsvarsel?",
        "Who can send it then?",
    ):
        assert asks_who_sends(text), text
    for text in ("hvem kan sende ukeplanen?", "hvem har sendt meldingen om turen i går?"):
        assert not asks_who_sends(text), text
    for text in (
        "varsle alle om evakuering nå, det er brann",
        "lockdown, hold dere inne",
        "there is a fire in the gym",
    ):
        assert mentions_emergency(text), text
    for text in ("brannøvelse i morgen kl 10", "fire elever mangler gymtøy", "husk refleks"):
        assert not mentions_emergency(text), text
