"""Clock times in words in bookings: "halv to", "kvart på tolv", "quarter to twelve", "fra 12 til halv to".

A booking is made during the school day, so an hour 1-6 is the afternoon: "halv to" is 13:30.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs.booking.understand import clock_words, normalise, parse_when
from tests.booking.test_understanding import FRIDAY, NOW, PERIODS, TUESDAY, parse, t

THURSDAY = dt.date(2026, 12, 3)


@pytest.mark.parametrize(
    "text, start, end",
    [
        # the conversation script's sentence and its neighbours
        ("kan jeg få musikkrommet på torsdag fra 12 til halv to?", "12:00", "13:30"),
        ("book musikkrommet torsdag 12–halv 2", "12:00", "13:30"),
        ("book musikkrommet torsdag 12 - halv to", "12:00", "13:30"),
        ("book musikkrommet torsdag fra halv ett til halv to", "12:30", "13:30"),
        ("book musikkrommet torsdag halv to", "13:30", "14:30"),
        ("trenger musikkrommet torsdag fra kvart over ti til kvart på tolv", "10:15", "11:45"),
        ("book musikkrommet torsdag fra ti over halv ni til fem på halv elleve", "08:40", "10:25"),
        ("book musikkrommet torsdag mellom ti og tolv", "10:00", "12:00"),
        ("book musikkrommet torsdag fra kl ti til kl tolv", "10:00", "12:00"),
        ("book musikkrommet torsdag fra 12 til to", "12:00", "14:00"),
        ("book musikkrommet torsdag kvart over 10 til halv 12", "10:15", "11:30"),
        # nynorsk
        ("eg treng musikkrommet på torsdag frå 12 til halv to", "12:00", "13:30"),
        ("kan eg få musikkrommet torsdag klokka ti", "10:00", "11:00"),
        # English
        ("book the music room on thursday from twelve to half past one", "12:00", "13:30"),
        ("book the music room on thursday from quarter past ten to quarter to twelve", "10:15", "11:45"),
        ("book the music room on thursday from ten to twelve", "10:00", "12:00"),
        ("book the music room on thursday at ten o'clock", "10:00", "11:00"),
        ("book the music room on thursday 12 to half one", "12:00", "13:30"),
    ],
)
def test_clock_words_in_a_booking(text: str, start: str, end: str) -> None:
    request = parse(text)
    assert request is not None and request.action == "book"
    assert (request.resource_id, request.day) == ("r-musikk", THURSDAY)
    assert (request.start, request.end) == (t(start), t(end))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("halv to", "1:30"),  # read as 13:30 by the school-day rule
        ("halv ett", "12:30"),
        ("halv tolv", "11:30"),
        ("halv 2", "1:30"),
        ("kvart over ti", "10:15"),
        ("kvart på tolv", "11:45"),
        ("kvart på ett", "12:45"),
        ("fem på halv ett", "12:25"),
        ("half past one", "1:30"),
        ("quarter to twelve", "11:45"),
        ("ten to nine", "8:50"),
        ("half two", "2:30"),
        ("one o'clock", "1:00"),
    ],
)
def test_word_clocks_become_digits(text: str, expected: str) -> None:
    assert clock_words(normalise(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "gymsalen i en halv time",
        "half an hour",
        "trenger to ipadskap",
        "at one of the rooms",
        "book 2 på 10. desember",
        "from ten to twelve",  # a range, not 11:50
        "trenger ti på en dag",  # a count, not 12:50
        "kvart over to timer",
        "fra to til tre timer",
        "10 til to dager",
    ],
)
def test_words_that_are_no_clock_stay(text: str) -> None:
    assert ":" not in clock_words(normalise(text))


@pytest.mark.parametrize(
    "text, day, start, end",
    [
        ("halv ni til kvart over ti", NOW.date(), "08:30", "10:15"),
        ("fredag fra 12 til halv to", FRIDAY, "12:00", "13:30"),
        ("i morgen kvart på tolv", TUESDAY, "11:45", "12:45"),
        ("i morgon halv to", TUESDAY, "13:30", "14:30"),
        ("tomorrow quarter past ten to twelve", TUESDAY, "10:15", "12:00"),
    ],
)
def test_answers_to_when_in_words(text: str, day: dt.date, start: str, end: str) -> None:
    when = parse_when(text, NOW, PERIODS)
    assert (when.day, when.start, when.end) == (day, t(start), t(end))


@pytest.mark.parametrize(
    "text",
    [
        "Ola trenger å gå hjem i dag halv to",
        "jeg trenger å snakke med deg i morgen halv to",
        "eg treng å gå til tannlegen i morgon kvart over ti",
        "I need to leave tomorrow at half past one",
        "kan Ola få gå hjem i dag halv to",
        "ønsker å ta med klassen ut i morgen halv ni",
    ],
)
def test_something_to_do_at_a_time_in_words_is_no_booking(text: str) -> None:
    assert parse(text) is None
