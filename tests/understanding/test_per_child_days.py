"""Issue 16: a coming absence with no day is asked about; an appointment time is not the arrival time;
"Ola, og Emma også men …" gives Emma her own clause."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

import pytest
from conftest import days

from bot.understanding import Understanding
from bot.understanding.corpus import FAMILIES
from bot.understanding.perchild import split_by_child

Ask = Callable[..., Understanding]


@pytest.mark.parametrize("text", ["Ola blir borte", "Ola skal være borte", "Ola will be away", "Ola vert borte"])
def test_a_coming_absence_without_a_day_asks_for_it(ask: Ask, text: str) -> None:
    u = ask(text)
    assert u.intent == "absence" and u.dates == () and "dates" in u.missing, text


@pytest.mark.parametrize("text", ["Ola blir borte i morgen", "Ola er syk, blir borte", "Ola blir borte fra kl 12"])
def test_a_day_illness_or_time_keeps_the_default_or_named_day(ask: Ask, text: str) -> None:
    assert ask(text).dates, text


def test_the_appointment_time_is_not_the_arrival_time(ask: Ask) -> None:
    u = ask("Ola will be late tomorrow, he has a doctor appointment at 8 and will come around 10:30")
    assert (u.dates, u.start_time, u.end_time, u.reason) == (days("12-01"), None, time(10, 30), "appointment")


def test_a_name_followed_by_also_starts_its_own_clause() -> None:
    _, clauses = split_by_child("Jonas, og Emma også men hun kommer kl 10", FAMILIES["two"])
    assert [sorted(c.ids) for c in clauses] == [["s-jonas"], ["s-emma"]]
    _, joined = split_by_child("Jonas og Emma er syke", FAMILIES["two"])
    assert [sorted(c.ids) for c in joined] == [["s-emma", "s-jonas"]]
