"""The booking parser: the issue's phrasings and more, in bokmål, nynorsk and English."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.periods import DEFAULT_PERIODS, parse_periods
from dialogs.booking.understand import BookingRequest, ResourceRef, normalise, parse_booking, parse_when

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2026, 11, 30, 8, 0, tzinfo=OSLO)  # Monday
PERIODS = parse_periods(DEFAULT_PERIODS)
RESOURCES = (
    ResourceRef("r-musikk", "Musikkrommet", "musikkrom", ("musikkrommet", "musikkrom")),
    ResourceRef("r-ipad1", "iPadskap 1", "ipadskap", ("ipadskapet", "ipad-skapet", "ipadskap 1")),
    ResourceRef("r-ipad2", "iPadskap 2", "ipadskap", ("ipadskap 2",)),
    ResourceRef("r-m1", "Møterom 1", "møterom", ("møterom 1", "lille møterom")),
    ResourceRef("r-m2", "Møterom 2", "møterom", ("møterom 2",)),
    ResourceRef("r-pc1", "Dataskap 1 (30 PC-er)", "dataskap", ("pc-skap", "pc-skapet", "dataskapet")),
    ResourceRef("r-g1", "Grupperom 1", "grupperom", ("grupperom 1",)),
    ResourceRef("r-g2", "Grupperom 2", "grupperom", ("grupperom 2",)),
    ResourceRef("r-gym", "Gymsalen", "gymsal", ("gymsalen", "gym")),
)
FRIDAY = dt.date(2026, 12, 4)
TUESDAY = dt.date(2026, 12, 1)


def parse(text: str, now: dt.datetime = NOW) -> BookingRequest | None:
    return parse_booking(text, now=now, resources=RESOURCES, periods=PERIODS)


def t(hhmm: str) -> dt.time:
    return dt.time.fromisoformat(hhmm)


@pytest.mark.parametrize(
    "text, action, resource, day, start, end",
    [
        ("book musikkrommet fredag 10–11", "book", "r-musikk", FRIDAY, "10:00", "11:00"),
        ("trenger iPadskapet i morgen 3. time", "book", "r-ipad1", TUESDAY, "10:20", "11:05"),
        ("Book iPad-skapet i morgen 3.–4. time", "book", "r-ipad1", TUESDAY, "10:20", "11:55"),
        ("kan jeg låne pc-skapet 4.12 kl 10.15-11", "book", "r-pc1", FRIDAY, "10:15", "11:00"),
        ("book musikkrommet 4. desember fra 12:30 til 13:15", "book", "r-musikk", FRIDAY, "12:30", "13:15"),
        (
            "book musikkrommet 2026-12-07 mellom 8.30 og 9.15",
            "book",
            "r-musikk",
            dt.date(2026, 12, 7),
            "08:30",
            "09:15",
        ),
        ("reserver møterom 2 neste fredag kl 9 i 2 timer", "book", "r-m2", dt.date(2026, 12, 11), "09:00", "11:00"),
        ("book musikkrommet 1-2", "book", "r-musikk", NOW.date(), "13:00", "14:00"),
        ("book musikkrommet i dag kl 14", "book", "r-musikk", NOW.date(), "14:00", "15:00"),
        ("eg treng iPad-skapet i morgon 3. time", "book", "r-ipad1", TUESDAY, "10:20", "11:05"),
        ("book the music room on friday 10-11", "book", "r-musikk", FRIDAY, "10:00", "11:00"),
        ("I need meeting room 2 tomorrow from 9 to 10", "book", "r-m2", TUESDAY, "09:00", "10:00"),
        ("book musikkrommet fredag 2nd period", "book", "r-musikk", FRIDAY, "09:20", "10:05"),
    ],
)
def test_book_requests(text: str, action: str, resource: str, day: dt.date, start: str, end: str) -> None:
    request = parse(text)
    assert request is not None
    assert (request.action, request.resource_id, request.day, request.start, request.end) == (
        action,
        resource,
        day,
        t(start),
        t(end),
    )
    assert not request.weekly


def test_a_kind_with_several_resources_is_left_for_the_dialog_to_ask() -> None:
    request = parse("trenger et grupperom i morgen 12-13")
    assert request is not None
    assert (request.action, request.resource_id, request.kind) == ("book", None, "grupperom")
    assert (request.day, request.start, request.end) == (TUESDAY, t("12:00"), t("13:00"))


def test_book_without_a_time_leaves_the_time_to_ask() -> None:
    request = parse("book musikkrommet fredag")
    assert request is not None and request.action == "book"
    assert (request.day, request.start, request.end) == (FRIDAY, None, None)


@pytest.mark.parametrize(
    "text",
    [
        "book musikkrommet hver fredag 10–11",
        "book musikkrommet fredag 10-11 fast hver uke",
        "book musikkrommet alle fredager 10-11",
        "book musikkrommet kvar fredag 10-11",
        "book the music room every friday 10-11",
        "book musikkrommet på fredager 10-11 resten av semesteret",
    ],
)
def test_weekly_requests(text: str) -> None:
    request = parse(text)
    assert request is not None
    assert (request.action, request.resource_id, request.weekly) == ("book", "r-musikk", True)
    assert (request.day, request.start, request.end) == (FRIDAY, t("10:00"), t("11:00"))


@pytest.mark.parametrize(
    "text, resource, kind",
    [
        ("er møterom 1 ledig nå?", "r-m1", "møterom"),
        ("er møterom 1 ledig no?", "r-m1", "møterom"),
        ("is meeting room 1 free now?", "r-m1", "møterom"),
        ("hvilke møterom er ledige nå", None, "møterom"),
    ],
)
def test_is_it_free_now(text: str, resource: str | None, kind: str) -> None:
    request = parse(text)
    assert request is not None
    assert (request.action, request.resource_id, request.kind, request.now) == ("availability", resource, kind, True)
    assert request.day == NOW.date()


@pytest.mark.parametrize(
    "text, day",
    [
        ("hva er ledig i morgen 12–13", TUESDAY),
        ("kva er ledig i morgon 12-13", TUESDAY),
        ("what is free tomorrow 12-13?", TUESDAY),
        ("noe ledig fredag 12-13?", FRIDAY),
    ],
)
def test_what_is_free(text: str, day: dt.date) -> None:
    request = parse(text)
    assert request is not None
    assert (request.action, request.resource_id, request.day, request.start, request.end) == (
        "availability",
        None,
        day,
        t("12:00"),
        t("13:00"),
    )


@pytest.mark.parametrize(
    "text, day",
    [
        ("musikkrommet i dag", NOW.date()),
        ("vis musikkrommet fredag", FRIDAY),
        ("hva skjer i musikkrommet i morgen", TUESDAY),
        ("musikkrommet", NOW.date()),
        ("show the music room on friday", FRIDAY),
    ],
)
def test_a_resources_day(text: str, day: dt.date) -> None:
    request = parse(text)
    assert request is not None
    assert (request.action, request.resource_id, request.day) == ("resource_day", "r-musikk", day)


@pytest.mark.parametrize(
    "text, day, series",
    [
        ("avbestill bookingen min på fredag", FRIDAY, False),
        ("avbestill bookinga mi på fredag", FRIDAY, False),
        ("cancel my booking on friday", FRIDAY, False),
        ("avbestill den faste bookingen min på fredag", FRIDAY, True),
        ("slett bookingen", None, False),
    ],
)
def test_cancel(text: str, day: dt.date | None, series: bool) -> None:
    request = parse(text)
    assert request is not None
    assert (request.action, request.day, request.series, request.explicit) == ("cancel", day, series, True)


def test_cancel_every_booking_of_a_room() -> None:
    request = parse("avlys alle bookingene mine av musikkrommet")
    assert request is not None
    assert (request.action, request.resource_id, request.every) == ("cancel", "r-musikk", True)


@pytest.mark.parametrize(
    "text", ["mine bookinger", "Mine bookingar", "my bookings", "bookingene mine", "hva har jeg booket?", "bookinger"]
)
def test_mine(text: str) -> None:
    request = parse(text)
    assert request is not None and request.action == "mine" and request.explicit


@pytest.mark.parametrize(
    "text, resource",
    [
        ("kalenderlenke", None),
        ("min kalender", None),
        ("kalenderlenke musikkrommet", "r-musikk"),
        ("abonnere på bookingene mine i outlook", None),
    ],
)
def test_calendar_links(text: str, resource: str | None) -> None:
    request = parse(text)
    assert request is not None and (request.action, request.resource_id) == ("feed", resource)


@pytest.mark.parametrize(
    "text",
    [
        "Ola er syk i dag",
        "ukeplan neste uke",
        "lekser i morgen",
        "Ola har gym i dag",
        "hei",
        "Emma kommer kl 10 i morgen",
        "slett fraværet til Ola i dag",
        "søknad om fri for Ola 3.–5. desember",
        "Ola må hentes kl 12",
        "",
        "   ",
    ],
)
def test_other_messages_are_not_bookings(text: str) -> None:
    assert parse(text) is None


def test_strong_booking_words_are_marked_explicit_and_needs_are_not() -> None:
    """A guardian's "Ola trenger gymsalen" is not claimed; "book gymsalen" is (and refused politely)."""
    assert parse("book gymsalen fredag 10-11").explicit  # type: ignore[union-attr]
    assert not parse("Ola trenger gymsalen fredag 10-11").explicit  # type: ignore[union-attr]


def test_a_weekday_said_on_that_weekday_is_today() -> None:
    friday_morning = dt.datetime(2026, 12, 4, 8, 0, tzinfo=OSLO)
    request = parse("book musikkrommet fredag 10-11", now=friday_morning)
    assert request is not None and request.day == FRIDAY


def test_a_date_already_past_this_year_is_next_year() -> None:
    request = parse("book musikkrommet 5. januar 10-11")
    assert request is not None and request.day == dt.date(2027, 1, 5)


def test_the_request_survives_dialog_state() -> None:
    request = parse("book musikkrommet hver fredag 10–11")
    assert request is not None
    assert BookingRequest.from_dict(request.to_dict()) == request


@pytest.mark.parametrize(
    "text, day, start, end",
    [
        ("fredag 10-11", FRIDAY, "10:00", "11:00"),
        ("i morgen 3. time", TUESDAY, "10:20", "11:05"),
        ("12-13", NOW.date(), "12:00", "13:00"),
        ("kl 9", NOW.date(), "09:00", "10:00"),
        ("kl 9 i en halvtime", NOW.date(), "09:00", "09:30"),
    ],
)
def test_answers_to_when(text: str, day: dt.date, start: str, end: str) -> None:
    when = parse_when(text, NOW, PERIODS)
    assert (when.day, when.start, when.end) == (day, t(start), t(end))


def test_an_answer_with_only_times_keeps_the_day_asked_about() -> None:
    assert parse_when("10-11", NOW, PERIODS, default_day=FRIDAY).day == FRIDAY
    assert parse_when("i morgen 10-11", NOW, PERIODS, default_day=FRIDAY).day == TUESDAY


def test_an_answer_without_a_time_is_incomplete() -> None:
    assert not parse_when("fredag", NOW, PERIODS).has_times
    assert not parse_when("vet ikke", NOW, PERIODS).has_times


def test_normalise_joins_hyphenated_words_and_keeps_time_ranges() -> None:
    assert normalise("iPad-skapet 10–11!") == "ipadskapet 10-11"
