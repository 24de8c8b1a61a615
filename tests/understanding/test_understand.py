"""The JSON contract and the rules dialog authors rely on."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from bot.understanding import Understanding
from tests.understanding.conftest import MONDAY, at

Ask = Callable[..., Understanding]


def test_json_shape_is_exact(ask: Ask) -> None:
    got = ask("Ola er syk i dag og i morgen", "one", MONDAY).to_json()
    assert got == {
        "intent": "absence",
        "students": ["s-ola"],
        "dates": ["2026-11-30", "2026-12-01"],
        "start_time": None,
        "end_time": None,
        "reason": "illness",
        "missing": [],
        "confidence": 1.0,
    }
    assert list(got) == ["intent", "students", "dates", "start_time", "end_time", "reason", "missing", "confidence"]
    json.dumps(got)


def test_other_intents_carry_no_details(ask: Ask) -> None:
    for text in ("STOP", "book grupperom fredag", "beredskap", "hjelp", "hei hei"):
        got = ask(text).to_json()
        assert got["students"] == [] and got["dates"] == [] and got["missing"] == []
        assert got["start_time"] is None and got["end_time"] is None and got["reason"] is None


def test_default_date_today_then_next_school_day(ask: Ask) -> None:
    assert ask("Ola er syk", now=MONDAY).to_json()["dates"] == ["2026-11-30"]
    assert ask("Ola er syk", now=at(2026, 11, 30, 17, 30)).to_json()["dates"] == ["2026-12-01"]
    assert ask("Ola er syk", now=at(2026, 12, 5, 10, 0)).to_json()["dates"] == ["2026-12-07"]
    assert ask("Ola er syk", now=at(2026, 12, 18, 16, 30)).to_json()["dates"] == ["2027-01-04"]


def test_named_non_school_day_asks_for_dates(ask: Ask) -> None:
    got = ask("Ola er syk i dag", now=at(2026, 12, 5, 10, 0)).to_json()
    assert got["dates"] == [] and got["missing"] == ["dates"]


def test_missing_lists(ask: Ask) -> None:
    assert ask("syk i dag", "two").missing == ("student",)
    assert ask("Søker fri for Ola").missing == ("dates", "reason")
    assert ask("Søker fri fredag", "two").missing == ("student", "reason")
    assert ask("Søker fri for Ola fredag pga bryllup").missing == ()


def test_weekplan_dates_are_mondays(ask: Ask) -> None:
    assert ask("ukeplan").to_json()["dates"] == ["2026-11-30"]
    assert ask("ukeplan", now=at(2026, 12, 5, 10, 0)).to_json()["dates"] == ["2026-12-07"]
    assert ask("ukeplan neste uke").to_json()["dates"] == ["2026-12-07"]
    assert ask("ukeplan uke 50").to_json()["dates"] == ["2026-12-07"]
    assert ask("lekser i morgen?", now=at(2026, 12, 4, 12, 0)).to_json()["dates"] == ["2026-11-30"]
    assert ask("ukeplan", now=at(2026, 12, 19, 11, 0)).to_json()["dates"] == ["2027-01-04"]


def test_understanding_is_a_value() -> None:
    a = Understanding("help")
    assert a == Understanding("help") and hash(a) == hash(Understanding("help"))
    assert a.to_json()["missing"] == []


@pytest.mark.parametrize(
    ("text", "intent", "dates"),
    [
        ("Sofie not at school today", "absence", ["2026-11-30"]),
        ("Sofie not in today", "absence", ["2026-11-30"]),
        ("Sofie won't make it to school tomorrow", "absence", ["2026-12-01"]),
        ("Sofie won't be in school on Thursday", "absence", ["2026-12-03"]),
        ("Can Sofie have Friday off?", "leave_request", ["2026-12-04"]),
        ("May Sofie be excused on 2. desember?", "leave_request", ["2026-12-02"]),
        ("Leave for Sofie 17.12 and 18.12 please", "leave_request", ["2026-12-17", "2026-12-18"]),
        ("Sofie needs leave on 17.12", "leave_request", ["2026-12-17"]),
    ],
)
def test_short_english_reports_and_leave_requests(ask: Ask, text: str, intent: str, dates: list[str]) -> None:
    got = ask(text, "girl").to_json()
    assert (got["intent"], got["students"], got["dates"]) == (intent, ["s-sofie"], dates)


def test_a_sibling_at_school_as_usual_in_english(ask: Ask) -> None:
    assert ask("Emma is sick today, Jonas is coming as usual", "two").students == ("s-emma",)
