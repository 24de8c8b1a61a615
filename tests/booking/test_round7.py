"""Round 7: staff words for a pool of equipment take any free one, and booking answers in people's own words.

"trenger PC-vogna i morgen 10-12", "need the laptops", "treng nettbretta": a kind, not one resource; with a
day and time the first free one is offered, the others named ("Også ledig: …") and answerable ("den lille",
"the other one"); a colleague's overlapping request gets the free one, never a double booking. Answers to
the booking questions: a yes before an ordinal ("ja, ta den fyrste"), "siste"/"last" meaning the last thing
offered (not «Nei takk»), "hvilken som helst"/"samme det"/"any"/"either" the first.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.periods import DEFAULT_PERIODS, parse_periods
from bot.understanding.answers import options_from
from dialogs.booking.picks import pick, pool_pick, says_any, without_yes
from dialogs.booking.understand import ResourceRef, parse_booking
from storage.bookings import Bookings, local_slot
from tests.staff.demo import Demo

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2026, 12, 7, 8, 45)  # Monday 7 December 2026
PERIODS = parse_periods(DEFAULT_PERIODS)
RESOURCES = [
    ResourceRef("r-dataskap-1", "Dataskap 1 (30 PC-er)", "dataskap", ("pc-skap", "dataskapet", "dataskap 1")),
    ResourceRef("r-dataskap-2", "Dataskap 2 (16 PC-er)", "dataskap", ("dataskap 2", "det lille dataskapet")),
    ResourceRef("r-ipadskap-1", "iPadskap 1 (30 iPader)", "ipadskap", ("ipadskapet", "ipadskap 1")),
    ResourceRef("r-ipadskap-2", "iPadskap 2 (15 iPader)", "ipadskap", ("ipadskap 2",)),
    ResourceRef("r-grupperom-1", "Grupperom 1", "grupperom", ("grupperom 1",)),
    ResourceRef("r-grupperom-2", "Grupperom 2", "grupperom", ("grupperom 2",)),
    ResourceRef("r-moterom-1", "Møterom 1", "møterom", ("møterom 1",)),
    ResourceRef("r-moterom-2", "Møterom 2", "møterom", ("møterom 2",)),
]
TEACHER = "kari.nordmann@solbakken.skole.no"
COLLEAGUE = "anders.lunde@solbakken.skole.no"
TEACHER_2A = "tuva.bakke@solbakken.skole.no"
TEACHER_PHONE = "+4795678901"


# ---------------------------------------------------------------------- understanding


@pytest.mark.parametrize(
    ("text", "kind", "day", "start"),
    [
        ("trenger PC-vogna i morgen 10-12", "dataskap", dt.date(2026, 12, 8), dt.time(10)),
        ("treng nettbretta i morgon 12-13", "ipadskap", dt.date(2026, 12, 8), dt.time(12)),
        ("need the laptops tomorrow 9-10", "dataskap", dt.date(2026, 12, 8), dt.time(9)),
        ("kan jeg låne iPad-vogna på fredag kl 13-14", "ipadskap", dt.date(2026, 12, 11), dt.time(13)),
        ("kan eg låne datamaskinane torsdag 3. time", "dataskap", dt.date(2026, 12, 10), dt.time(10, 20)),
        ("could I borrow the ipad cart on Wednesday 11-12", "ipadskap", dt.date(2026, 12, 9), dt.time(11)),
    ],
)
def test_a_word_for_a_pool_of_equipment_takes_any_one_of_the_kind(
    text: str, kind: str, day: dt.date, start: dt.time
) -> None:
    request = parse_booking(text, now=NOW, resources=RESOURCES, periods=PERIODS)
    assert request is not None and request.action == "book"
    assert (request.kind, request.resource_id, request.any_one, request.day, request.start) == (
        kind,
        None,
        True,
        day,
        start,
    )


@pytest.mark.parametrize(
    "text", ["book grupperom fredag 12-13", "book meeting room on friday 12-13", "kan eg få møterom torsdag 9-10"]
)
def test_a_bare_room_kind_still_asks_which(text: str) -> None:
    request = parse_booking(text, now=NOW, resources=RESOURCES, periods=PERIODS)
    assert request is not None and request.kind is not None and request.resource_id is None
    assert not request.any_one


def test_a_named_cabinet_is_that_cabinet_not_any() -> None:
    request = parse_booking("book det lille dataskapet i morgen 10-11", now=NOW, resources=RESOURCES, periods=PERIODS)
    assert request is not None and (request.resource_id, request.any_one) == ("r-dataskap-2", False)


# ---------------------------------------------------------------------- answers in own words

ALTERNATIVES = options_from(["Musikkrommet 09:00–10:00", "Musikkrommet 11:00–12:00", "Nei takk"])


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("ja, ta den fyrste", 0),
        ("Ja takk, den første", 0),
        ("yes, the second one", 1),
        ("ok ta den andre", 1),
        ("siste", 1),  # the last thing offered, not «Nei takk»
        ("den siste takk", 1),
        ("the last one", 1),
        ("hvilken som helst", 0),
        ("kva som helst", 0),
        ("samme det", 0),
        ("det spiller ingen rolle", 0),
        ("either is fine", 0),
        ("any", 0),
        ("whichever", 0),
        ("ja, musikkrommet 11", 1),
        ("ja", None),  # two things offered: which?
        ("nei takk", None),  # left to the shared reading («Nei takk»)
        ("3", None),  # «Svar 3 for Nei takk» is the shared reading's
        ("not any of them", None),
    ],
)
def test_answers_to_a_choice_of_alternatives(text: str, index: int | None) -> None:
    assert pick(text, ALTERNATIVES, offered=2, any_will_do=True) == index


def test_any_is_no_answer_where_not_anything_will_do() -> None:
    bookings = options_from(["fredag Musikkrommet", "mandag Møterom 1", "Ingen av dem"])
    assert pick("hvilken som helst", bookings, offered=2, any_will_do=False) is None
    assert pick("den siste", bookings, offered=2, any_will_do=False) == 1


def test_a_yes_to_the_one_thing_offered() -> None:
    one = options_from(["Grupperom 2 12:00–13:00", "Nei takk"])
    assert pick("ja", one, offered=1, any_will_do=True) == 0
    assert pick("jepp!", one, offered=1, any_will_do=True) == 0


POOL = options_from(
    ["Dataskap 1 (30 PC-er)", "Dataskap 2 (16 PC-er)"],
    [["pc-skap", "dataskap 1"], ["dataskap 2", "det lille dataskapet"]],
)


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("den lille", 1),
        ("nei, heller den lille", 1),
        ("ja, den store", 0),
        ("the small one please", 1),
        ("ta dataskap 2", 1),
        ("Dataskap 2 (16 PC-er)", 1),
        ("nei, den andre", 1),
        ("no, the other one", 1),
        ("kan eg få ein annan", 1),
        ("hvilken som helst", 0),
        ("ja", None),  # a yes, left to the question
        ("nei takk", None),
        ("1", None),  # «Svar 1 for Ja» by SMS
        ("ikke den store", None),
    ],
)
def test_answers_to_an_offer_of_one_of_a_kind(text: str, index: int | None) -> None:
    assert pool_pick(text, POOL) == index


def test_small_helpers() -> None:
    assert without_yes("Ja, ta den fyrste") == "ta den fyrste"
    assert without_yes("ok ok. yes - the second") == "the second"
    assert without_yes("jaja") == "jaja"
    assert says_any("doesn't matter") and says_any("Samme for meg") and not says_any("ikke noen av dem")


# ---------------------------------------------------------------------- conversations on the demo school


async def _bookings(demo: Demo) -> list[tuple[str, str, dt.datetime, dt.datetime]]:
    start = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    rows = await Bookings(demo.bot.services.db).between(start, start + dt.timedelta(days=60))
    return sorted((b.resource_id, b.booked_by, b.start.astimezone(OSLO), b.end.astimezone(OSLO)) for b in rows)


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, tzinfo=OSLO)


async def test_the_pc_trolley_offers_the_first_free_cabinet_and_names_the_other(demo: Demo) -> None:
    offered = await demo.teams.say(TEACHER, "trenger PC-vogna i morgen 10-12")
    assert "Dataskap 1 (30 PC-er) tirsdag 8. desember 10:00–12:00 er ledig. Skal jeg booke?" in offered
    assert "Også ledig: Dataskap 2 (16 PC-er)." in offered and "Hvilken vil du ha" not in offered
    assert await _bookings(demo) == []  # nothing before the yes
    assert await demo.teams.say(TEACHER, "ja takk") == "Booket: Dataskap 1 (30 PC-er) tirsdag 8. desember 10:00–12:00."


async def test_the_offer_is_answered_with_the_other_one_in_own_words(demo: Demo) -> None:
    await demo.teams.say(TEACHER, "treng nettbretta i morgon 12-13")
    booked = await demo.teams.say(TEACHER, "nei, heller det vesle")
    assert booked == "Booka: iPadskap 2 (15 iPader) tysdag 8. desember 12:00–13:00."
    assert await _bookings(demo) == [("r-ipadskap-2", "t-kari-nordmann", _at(8, 12), _at(8, 13))]


async def test_english_laptops_and_the_second_one(demo: Demo) -> None:
    offered = await demo.teams.say(TEACHER, "I need the laptops tomorrow 9-10")
    assert "is free. Shall I book it?" in offered and "Also free: Dataskap 2 (16 PC-er)." in offered
    booked = await demo.teams.say(TEACHER, "the second one")
    assert booked == "Booked: Dataskap 2 (16 PC-er) Tuesday 8 December 09:00–10:00."


async def test_a_colleague_overlapping_gets_the_free_cabinet_never_a_double_booking(demo: Demo) -> None:
    await demo.teams.say(TEACHER_2A, "trenger PC-vogna i morgen 10-12")
    await demo.teams.say(TEACHER_2A, "ja")
    offered = await demo.teams.say(COLLEAGUE, "trenger PC-vogna i morgen 11-13")
    assert "Dataskap 2 (16 PC-er) tirsdag 8. desember 11:00–13:00 er ledig" in offered
    assert "Også ledig" not in offered
    assert len(await _bookings(demo)) == 1  # asked, not booked
    await demo.teams.say(COLLEAGUE, "ja")
    rows = await _bookings(demo)
    assert [(r, s.hour, e.hour) for r, _, s, e in rows] == [("r-dataskap-1", 10, 12), ("r-dataskap-2", 11, 13)]


async def test_every_cabinet_taken_says_who_has_it_and_offers_other_times(demo: Demo) -> None:
    bookings = Bookings(demo.bot.services.db)
    slot = local_slot(dt.date(2026, 12, 8), dt.time(10), dt.time(12), OSLO)
    await bookings.book("r-dataskap-1", slot, "t-tuva-bakke", channel="msteams")
    await bookings.book("r-dataskap-2", slot, "t-tuva-bakke", channel="msteams")
    offered = await demo.teams.say(TEACHER, "trenger PC-vogna i morgen 10-12")
    assert "Tuva Bakke" in offered and "Ledige alternativer:" in offered
    assert "er ledig. Skal jeg booke?" not in offered
    booked = await demo.teams.say(TEACHER, "ja, ta den første")
    assert booked.startswith("Booket: Dataskap 1 (30 PC-er) tirsdag 8. desember")
    assert len(await _bookings(demo)) == 3


async def test_a_bare_group_room_asks_which_and_any_will_do(demo: Demo) -> None:
    asked = await demo.teams.say(TEACHER, "book grupperom fredag 12-13")
    assert "Hvilken vil du ha fredag 11. desember 12:00–13:00?" in asked
    offered = await demo.teams.say(TEACHER, "samme det")
    assert "Grupperom 1" in offered and "er ledig. Skal jeg booke?" in offered


async def test_the_last_alternative_is_not_no_thanks(demo: Demo) -> None:
    await demo.teams.say(TEACHER_2A, "book musikkrommet fredag 10-11")
    await demo.teams.say(TEACHER_2A, "ja")
    offered = await demo.teams.say(TEACHER, "kan jeg få musikkrommet fredag 10-11?")
    assert "[Musikkrommet 11:00–12:00]" in offered and "[Nei takk]" in offered
    assert await demo.teams.say(TEACHER, "den siste") == "Booket: Musikkrommet fredag 11. desember 11:00–12:00."


async def test_cancelling_the_last_of_several_in_own_words(demo: Demo) -> None:
    for text in ("book musikkrommet fredag 10-11", "book musikkrommet fredag 13-14"):
        await demo.teams.say(TEACHER, text)
        await demo.teams.say(TEACHER, "ja")
    assert "Hvilken booking vil du avbestille?" in await demo.teams.say(TEACHER, "avbestill bookingen min på fredag")
    again = await demo.teams.say(TEACHER, "hvilken som helst")  # any is no answer to which booking to cancel
    assert "Avbestilt" not in again
    assert (await demo.teams.say(TEACHER, "siste")).startswith("Avbestilt: Musikkrommet fredag 11. desember 13:00")


async def test_by_sms_the_numbered_yes_still_works(demo: Demo) -> None:
    offered = await demo.sms(TEACHER_PHONE, "trenger pc-vogna fredag 9-10")
    assert "Dataskap 1 (30 PC-er) fredag 11. desember 09:00-10:00 er ledig" in offered
    assert "Dataskap 2" in offered
    booked = await demo.sms(TEACHER_PHONE, "1")
    assert booked.startswith("Booket: Dataskap 1 (30 PC-er) fredag 11. desember 09:00-10:00")


async def test_by_sms_the_small_one_in_words(demo: Demo) -> None:
    await demo.sms(TEACHER_PHONE, "trenger datavogna i morgen 13-14")
    booked = await demo.sms(TEACHER_PHONE, "ja, den lille")
    assert booked.startswith("Booket: Dataskap 2 (16 PC-er) tirsdag 8. desember 13:00-14:00")


async def test_naming_the_other_cabinet_without_a_time_is_an_answer_not_a_new_request(demo: Demo) -> None:
    await demo.teams.say(TEACHER, "trenger PC-vogna i morgen 10-12")
    booked = await demo.teams.say(TEACHER, "dataskap 2")
    assert booked == "Booket: Dataskap 2 (16 PC-er) tirsdag 8. desember 10:00–12:00."
    again = await demo.teams.say(TEACHER, "trenger PC-vogna i morgen 10-12")
    assert again.startswith("Dataskap 1 (30 PC-er) tirsdag 8. desember 10:00–12:00 er ledig")
    assert "Også ledig" not in again  # the other one is taken now
    moved = await demo.teams.say(TEACHER, "dataskap 2 i morgen 13-14")  # a time: a new request, not a pick
    assert "13:00–14:00 er ledig" in moved


async def test_cancel_it_after_the_list_cancels_the_one_booking(demo: Demo) -> None:
    await demo.teams.say(TEACHER, "trenger PC-vogna i morgen 10-12")
    await demo.teams.say(TEACHER, "ja")
    assert "Dataskap 1 (30 PC-er)" in await demo.teams.say(TEACHER, "mine bookinger")
    cancelled = await demo.teams.say(TEACHER, "avlys den")
    assert cancelled.startswith("Avbestilt") and "Dataskap 1 (30 PC-er)" in cancelled
    assert await _bookings(demo) == []


@pytest.mark.parametrize("text", ["slett den", "cancel it", "kan du avlyse den?"])
def test_cancel_with_only_a_pronoun_is_a_cancel_staff_may_make(text: str) -> None:
    request = parse_booking(text, now=NOW, resources=RESOURCES, periods=PERIODS)
    assert request is not None and request.action == "cancel" and not request.explicit  # not claimed from guardians
