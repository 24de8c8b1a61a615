"""Round 6: a reason after a closing dash is part of the message, not a signature, and English "will miss"
before a weekday or today/tomorrow is an absence.

Sentences written for these tests, not taken from a corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.understanding import Understanding

Ask = Callable[..., Understanding]
TUESDAY = datetime(2026, 12, 8, 8, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Ola borte i morgen - tannlege", "appointment"),
        ("Ola er hjemme i dag - feber", "illness"),
        ("Ola will miss tomorrow - dentist", "appointment"),
        ("ola e heime i dag -forkjøla", "illness"),
    ],
)
def test_a_reason_after_a_dash_is_read(ask: Ask, text: str, reason: str) -> None:
    u = ask(text)
    assert u.intent == "absence"
    assert u.reason == reason


@pytest.mark.parametrize(
    "text", ["Ola er syk i dag - pappa", "Ola er syk i dag - Kari Nordmann", "Ola er syk i dag -mamma til Ola"]
)
def test_a_name_after_a_dash_is_still_a_signature(ask: Ask, text: str) -> None:
    u = ask(text)
    assert u.intent == "absence"
    assert u.students == ("s-ola",)
    assert u.reason == "illness"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Ola will miss Monday, we are at a funeral", date(2026, 12, 14)),
        ("Ola will miss tomorrow", date(2026, 12, 9)),
        ("ola will miss friday, he has a cold", date(2026, 12, 11)),
    ],
)
def test_will_miss_a_day_is_an_absence(ask: Ask, text: str, day: date) -> None:
    u = ask(text, now=TUESDAY)
    assert u.intent == "absence"
    assert u.dates == (day,)
