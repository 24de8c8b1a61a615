"""Norwegian clock words and the partial-day window."""

from __future__ import annotations

from datetime import time

import pytest
from conftest import MONDAY

from bot.understanding import parse_clock


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("halv tolv", time(11, 30)),
        ("halv ni", time(8, 30)),
        ("halv ett", time(12, 30)),
        ("halv to", time(13, 30)),
        ("kvart over ti", time(10, 15)),
        ("kvart på ni", time(8, 45)),
        ("ti over halv ni", time(8, 40)),
        ("fem på halv tolv", time(11, 25)),
        ("fem over halv ni", time(8, 35)),
        ("ti på ti", time(9, 50)),
        ("tjue over elleve", time(11, 20)),
        ("kl 12", time(12, 0)),
        ("kl. 12.30", time(12, 30)),
        ("kl.12", time(12, 0)),
        ("12:30", time(12, 30)),
        ("kl 1230", time(12, 30)),
        ("1230", time(12, 30)),
        ("klokka ni", time(9, 0)),
        ("klokken 10", time(10, 0)),
        ("ni-tiden", time(9, 0)),
        ("ved titiden", time(10, 0)),
        ("kl 1", time(13, 0)),
        ("kl 2", time(14, 0)),
        ("klokka to", time(14, 0)),
        ("kl 8", time(8, 0)),
        ("må gå 11.30", time(11, 30)),
        ("går hjem 12", time(12, 0)),
        ("ca 10", time(10, 0)),
        ("12", time(12, 0)),
        ("half past ten", time(10, 30)),
        ("quarter to nine", time(8, 45)),
        ("2 pm", time(14, 0)),
        ("at 10am", time(10, 0)),
    ],
)
def test_clock_words(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["", "Ola er syk", "to dager", "uke 49", "4. desember", "kl 25", "kl 12.75", "🙂"])
def test_no_clock(text: str) -> None:
    assert parse_clock(text) is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Ola går hjem kl 12 i dag", "12:00", None),
        ("Jeg henter henne kl 13", "13:00", None),
        ("Ola må gå 11.30", "11:30", None),
        ("Ola kommer kl 10", None, "10:00"),
        ("Ola kommer etter tannlegen ca 10", None, "10:00"),
        ("Ola er på skolen fra 11", None, "11:00"),
        ("Ola er borte fra kl 10 til kl 12", "10:00", "12:00"),
        ("Ola kommer ikke før kvart på ni", None, "08:45"),
        ("Ola er hjemme til kl 10", None, "10:00"),
        ("Ola er syk og kommer ikke i dag", None, None),
    ],
)
def test_partial_day_window(ask, text: str, start: str | None, end: str | None) -> None:
    got = ask(text, "one", MONDAY).to_json()
    assert got["intent"] == "absence"
    assert (got["start_time"], got["end_time"]) == (start, end)


def test_time_does_not_become_a_date(ask) -> None:
    got = ask("Ola går hjem 12.10 på fredag", "one", MONDAY).to_json()
    assert got["dates"] == ["2026-12-04"]
    assert got["start_time"] == "12:10"
