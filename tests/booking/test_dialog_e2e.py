"""Booking over /api/messages (and SMS for staff), end to end, on a fixed Monday 30 November 2026, 08:00."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from storage.segments import count_segments
from tests.booking.conftest import MONDAY_8
from tests.booking.helpers import active, say
from tests.e2e.harness import FixedClock, Running, running_bot
from tests.e2e.seed import (
    GUARDIAN_TWO_KIDS,
    LEADER_UPN,
    STUDENT_UPN,
    TEACHER_2A_UPN,
    TEACHER_UPN,
)

OSLO = ZoneInfo("Europe/Oslo")
KARI, PER = TEACHER_UPN, TEACHER_2A_UPN
KARI_PHONE = "+4792000001"


def oslo(booking_start: dt.datetime) -> str:
    return booking_start.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")


async def test_free_slot_is_booked_after_one_confirmation(bot: Running) -> None:
    kari = bot.user(KARI)
    asked = await say(bot, kari, "book musikkrommet fredag 10–11")
    assert "Musikkrommet fredag 4. desember 10:00–11:00 er ledig. Skal jeg booke?" in asked
    assert "[Ja]" in asked and "[Nei]" in asked
    assert await active(bot) == []  # nothing is written before "Ja"
    assert await say(bot, kari, "Ja") == "Booket: Musikkrommet fredag 4. desember 10:00–11:00."
    (booking,) = await active(bot)
    assert (booking.resource_id, booking.booked_by, oslo(booking.start), oslo(booking.end)) == (
        "r-musikk",
        "t-kari",
        "2026-12-04 10:00",
        "2026-12-04 11:00",
    )


async def test_saying_no_books_nothing(bot: Running) -> None:
    await say(bot, KARI, "book musikkrommet fredag 10–11")
    assert await say(bot, KARI, "nei") == "Ok, ingenting er booket."
    assert await active(bot) == []


async def test_a_taken_slot_says_by_whom_and_offers_the_nearest_alternatives(bot: Running) -> None:
    await say(bot, KARI, "book musikkrommet fredag 10–11")
    await say(bot, KARI, "ja")
    offered = await say(bot, PER, "book musikkrommet fredag 10–11")
    assert offered.splitlines() == [
        "Musikkrommet er booket av Kari Larsen fredag 10:00–11:00. Ledige alternativer:",
        "[Musikkrommet 09:00–10:00]",
        "[Musikkrommet 11:00–12:00]",
        "[Musikkrom 2 10:00–11:00]",
        "[Nei takk]",
    ]
    assert await say(bot, PER, "Musikkrom 2 10:00–11:00") == "Booket: Musikkrom 2 fredag 4. desember 10:00–11:00."
    await say(bot, PER, "book musikkrommet fredag 10–11")
    assert await say(bot, PER, "2") == "Booket: Musikkrommet fredag 4. desember 11:00–12:00."
    assert sorted((b.resource_id, oslo(b.start), b.booked_by) for b in await active(bot)) == [
        ("r-musikk", "2026-12-04 10:00", "t-kari"),
        ("r-musikk", "2026-12-04 11:00", "t-per"),
        ("r-musikk-2", "2026-12-04 10:00", "t-per"),
    ]


async def test_someone_else_booking_between_question_and_yes_is_refused_with_alternatives(bot: Running) -> None:
    await say(bot, KARI, "book musikkrommet fredag 10–11")
    await say(bot, PER, "book musikkrommet fredag 10–11")
    assert (await say(bot, PER, "ja")).startswith("Booket:")
    lost = await say(bot, KARI, "ja")
    assert lost.startswith("Musikkrommet er booket av Per Hansen fredag 10:00–11:00. Ledige alternativer:")
    assert "[Musikkrom 2 10:00–11:00]" in lost
    assert [b.booked_by for b in await active(bot, "r-musikk")] == ["t-per"]


async def test_lesson_periods_come_from_the_period_table(bot: Running) -> None:
    asked = await say(bot, PER, "trenger iPadskapet i morgen 3. time")
    assert "iPadskap 1 tirsdag 1. desember 10:20–11:05 er ledig." in asked
    assert (await say(bot, PER, "ja")) == "Booket: iPadskap 1 tirsdag 1. desember 10:20–11:05."


async def test_the_school_sets_its_own_lesson_times(booking_db_url: str) -> None:
    async with running_bot(
        booking_db_url,
        clock=FixedClock(MONDAY_8),
        SKOLEBOT_PERIODS="1=08:15-09:00,2=09:05-09:50,3=10:10-10:55,4=11:00-11:45",
    ) as bot:
        asked = await say(bot, PER, "book iPadskapet i morgen 3.–4. time")
        assert "iPadskap 1 tirsdag 1. desember 10:10–11:45 er ledig." in asked


async def test_is_it_free_now(bot: Running) -> None:
    assert await say(bot, KARI, "er møterom 1 ledig nå?") == "Møterom 1 er ledig nå, resten av dagen."
    await say(bot, PER, "book møterom 1 i dag 8-9")
    await say(bot, PER, "ja")
    assert await say(bot, KARI, "er møterom 1 ledig nå?") == "Møterom 1 er opptatt nå: booket av Per Hansen til 09:00."
    await say(bot, PER, "book møterom 2 i dag 12-13")
    await say(bot, PER, "ja")
    assert await say(bot, KARI, "er møterom 2 ledig nå?") == "Møterom 2 er ledig nå, fram til 12:00."


async def test_what_is_free_lists_resources_and_picking_one_books_it(bot: Running) -> None:
    await say(bot, PER, "book musikkrommet i morgen 12-13")
    await say(bot, PER, "ja")
    listed = await say(bot, KARI, "hva er ledig i morgen 12–13")
    first = listed.splitlines()[0]
    assert first.startswith("Ledig tirsdag 1. desember 12:00–13:00: ")
    assert "Møterom 1" in first and "Musikkrom 2" in first and "Musikkrommet" not in first
    assert first.endswith("Vil du booke en av dem?")
    assert "[Dataskap 1]" in listed and "[Nei takk]" in listed  # a few buttons; any listed name will do
    assert await say(bot, KARI, "Møterom 1") == "Booket: Møterom 1 tirsdag 1. desember 12:00–13:00."
    await say(bot, PER, "hva er ledig i morgen 12–13")
    assert await say(bot, PER, "1") == "Booket: Dataskap 1 tirsdag 1. desember 12:00–13:00."


async def test_a_resources_day(bot: Running) -> None:
    assert await say(bot, KARI, "musikkrommet i dag") == "Musikkrommet er ledig hele mandag 30. november."
    await say(bot, PER, "book musikkrommet fredag 9-10")
    await say(bot, PER, "ja")
    await say(bot, KARI, "book musikkrommet fredag 12:30-13:15")
    await say(bot, KARI, "ja")
    assert await say(bot, LEADER_UPN, "vis musikkrommet fredag") == (
        "Musikkrommet fredag 4. desember:\n09:00–10:00 Per Hansen\n12:30–13:15 Kari Larsen"
    )


async def test_mine_lists_upcoming_with_a_calendar_link(bot: Running) -> None:
    assert await say(bot, KARI, "mine bookinger") == "Du har ingen kommende bookinger."
    for text in ("book musikkrommet fredag 10-11", "book møterom 1 i morgen 2. time"):
        await say(bot, KARI, text)
        await say(bot, KARI, "ja")
    listed = (await say(bot, KARI, "mine bookinger")).splitlines()
    assert listed[:3] == [
        "Dine bookinger:",
        "tirsdag 1. desember 09:20–10:05 Møterom 1",
        "fredag 4. desember 10:00–11:00 Musikkrommet",
    ]
    assert listed[3].startswith(f"Abonner på bookingene dine i Outlook: {bot.url}/calendar/person/t-kari/")


async def test_cancel_my_booking_on_friday(bot: Running) -> None:
    await say(bot, KARI, "book musikkrommet fredag 10-11")
    await say(bot, KARI, "ja")
    assert await say(bot, KARI, "avbestill bookingen min på fredag") == (
        "Avbestilt: Musikkrommet fredag 4. desember 10:00–11:00."
    )
    assert await active(bot) == []
    assert await say(bot, KARI, "avbestill bookingen min på fredag") == "Jeg fant ingen bookinger å avbestille."


async def test_cancel_asks_which_when_there_are_several(bot: Running) -> None:
    for text in ("book musikkrommet fredag 10-11", "book møterom 1 fredag 12-13"):
        await say(bot, KARI, text)
        await say(bot, KARI, "ja")
    asked = await say(bot, KARI, "avbestill bookingen min på fredag")
    assert asked.splitlines() == [
        "Hvilken booking vil du avbestille?",
        "[fredag 4. desember 10:00–11:00 Musikkrommet]",
        "[fredag 4. desember 12:00–13:00 Møterom 1]",
        "[Ingen av dem]",
    ]
    assert await say(bot, KARI, "2") == "Avbestilt: Møterom 1 fredag 4. desember 12:00–13:00."
    assert [b.resource_id for b in await active(bot)] == ["r-musikk"]


async def test_nobody_cancels_someone_elses_booking(bot: Running) -> None:
    await say(bot, KARI, "book musikkrommet fredag 10-11")
    await say(bot, KARI, "ja")
    assert await say(bot, PER, "avbestill musikkrommet fredag") == "Jeg fant ingen bookinger å avbestille."
    assert len(await active(bot)) == 1


async def test_missing_resource_and_time_are_asked_for(bot: Running) -> None:
    asked = await say(bot, KARI, "jeg vil booke noe")
    assert asked.splitlines()[0] == "Hva vil du booke?"
    assert "[Møterom]" in asked and "[Musikkrom]" in asked
    assert (await say(bot, KARI, "Møterom")).splitlines() == ["Hvilken vil du ha?", "[Møterom 1]", "[Møterom 2]"]
    assert (await say(bot, KARI, "Møterom 2")).startswith("Møterom 2: når? Skriv dag og tid")
    assert "Møterom 2 tirsdag 1. desember 10:00–11:00 er ledig." in await say(bot, KARI, "i morgen 10-11")
    assert await say(bot, KARI, "ja") == "Booket: Møterom 2 tirsdag 1. desember 10:00–11:00."


async def test_a_missing_time_is_asked_and_the_day_already_given_is_kept(bot: Running) -> None:
    # what is known (the room and the day) is said back, and only the time is asked for
    assert (await say(bot, KARI, "book musikkrommet fredag")).startswith("Musikkrommet fredag 4. desember: fra når")
    assert "Musikkrommet fredag 4. desember 10:00–11:00 er ledig." in await say(bot, KARI, "10-11")
    assert await say(bot, KARI, "ja") == "Booket: Musikkrommet fredag 4. desember 10:00–11:00."


async def test_an_answer_that_is_not_a_time_is_asked_once_more_then_dropped(bot: Running) -> None:
    await say(bot, KARI, "book musikkrommet fredag")
    assert (await say(bot, KARI, "vet ikke")).startswith("Musikkrommet fredag 4. desember: fra når")
    assert await say(bot, KARI, "hmm") == "Ok, jeg lar det være."
    assert await active(bot) == []


async def test_a_kind_offers_the_free_ones_of_that_kind(bot: Running) -> None:
    await say(bot, PER, "book grupperom 1 i morgen 12-13")
    await say(bot, PER, "ja")
    asked = await say(bot, KARI, "trenger et grupperom i morgen 12-13")
    assert "Grupperom 2 tirsdag 1. desember 12:00–13:00 er ledig. Skal jeg booke?" in asked  # the only free one


async def test_a_time_that_has_passed_is_not_booked(bot: Running) -> None:
    assert await say(bot, KARI, "book musikkrommet i dag 7-8") == (
        "Det tidspunktet har allerede vært. Skriv et senere tidspunkt."
    )


async def test_a_new_request_instead_of_an_answer_starts_over(bot: Running) -> None:
    await say(bot, KARI, "book musikkrommet fredag 10-11")
    asked = await say(bot, KARI, "book møterom 1 i morgen 9-10")
    assert "Møterom 1 tirsdag 1. desember 09:00–10:00 er ledig." in asked
    await say(bot, KARI, "ja")
    assert [b.resource_id for b in await active(bot)] == ["r-moterom-1"]


async def test_guardians_and_pupils_are_told_politely_and_nothing_is_booked(bot: Running) -> None:
    refusal = "Booking av rom og utstyr er for de ansatte på skolen."
    (sms,) = await bot.phone.text(GUARDIAN_TWO_KIDS, "book musikkrommet fredag 10-11")
    assert sms.startswith(refusal)
    assert (await say(bot, STUDENT_UPN, "mine bookinger")).startswith(refusal)
    assert await active(bot) == []


async def test_staff_book_by_sms_with_numbered_answers(bot: Running) -> None:
    (asked,) = await bot.phone.text(KARI_PHONE, "book musikkrommet fredag 10-11")
    assert "er ledig. Skal jeg booke?" in asked and "Svar 1 for Ja eller 2 for Nei." in asked
    assert count_segments(asked).segments <= 2
    (done,) = await bot.phone.text(KARI_PHONE, "1")
    assert done.startswith("Booket: Musikkrommet fredag 4. desember 10")
    (offered,) = await bot.phone.text("+4792000002", "book musikkrommet fredag 10-11")
    assert "Musikkrommet er booket av Kari Larsen" in offered and "Svar 1 for Musikkrommet 09" in offered
    assert count_segments(offered).segments <= 3
    (mine,) = await bot.phone.text(KARI_PHONE, "mine bookinger")
    assert "Musikkrommet" in mine and "calendar" not in mine  # no long links by SMS


async def test_teams_confirmation_is_a_card_and_its_submit_books(school_teams: tuple[Running, object]) -> None:
    bot, kari = school_teams
    replies = await bot.client.say(kari, "book musikkrommet fredag 10–11")  # type: ignore[arg-type]
    (card,) = [a["content"] for r in replies for a in r.get("attachments") or []]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert card["body"][0]["text"] == "Musikkrommet fredag 4. desember 10:00–11:00 er ledig. Skal jeg booke?"
    assert [a["title"] for a in card["actions"]] == ["Ja", "Nei"]
    assert "Skal jeg booke?" in card["fallbackText"]
    yes = card["actions"][0]["data"]
    assert await say(bot, kari, None, value=yes) == "Booket: Musikkrommet fredag 4. desember 10:00–11:00."  # type: ignore[arg-type]
    replies = await bot.client.say(kari, "book musikkrommet fredag 10–11")  # type: ignore[arg-type]
    (card,) = [a["content"] for r in replies for a in r.get("attachments") or []]
    assert card["body"][0]["text"].startswith("Musikkrommet er booket av Kari Larsen fredag 10:00–11:00.")
    other_room = next(a for a in card["actions"] if a["title"] == "Musikkrom 2 10:00–11:00")
    assert await say(bot, kari, None, value=other_room["data"]) == (  # type: ignore[arg-type]
        "Booket: Musikkrom 2 fredag 4. desember 10:00–11:00."
    )


async def test_english_and_nynorsk(bot: Running) -> None:
    await say(bot, LEADER_UPN, "språk engelsk")
    asked = await say(bot, LEADER_UPN, "book the music room on friday 10-11")
    assert "Musikkrommet Friday 4 December 10:00–11:00 is free. Shall I book it?" in asked
    assert await say(bot, LEADER_UPN, "yes") == "Booked: Musikkrommet Friday 4 December 10:00–11:00."
    await say(bot, PER, "språk nynorsk")
    offered = await say(bot, PER, "eg treng musikkrommet fredag 10-11")
    assert offered.startswith("Musikkrommet er booka av Randi Rektor fredag 10:00–11:00. Ledige alternativ:")
