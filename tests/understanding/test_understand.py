"""The JSON contract and the rules dialog authors rely on."""

from __future__ import annotations

import json

from conftest import MONDAY, at

from bot.understanding import Understanding


def test_json_shape_is_exact(ask) -> None:
    got = ask("Ola er syk i dag og i morgen", "one", MONDAY).to_json()
    assert got == {
        "intent": "absence",
        "students": ["s-ola"],
        "dates": ["2026-11-30", "2026-12-01"],
        "start_time": None,
        "end_time": None,
        "reason": "illness",
        "missing": [],
    }
    assert list(got) == ["intent", "students", "dates", "start_time", "end_time", "reason", "missing"]
    json.dumps(got)


def test_other_intents_carry_no_details(ask) -> None:
    for text in ("STOP", "book grupperom fredag", "beredskap", "hjelp", "hei hei"):
        got = ask(text).to_json()
        assert got["students"] == [] and got["dates"] == [] and got["missing"] == []
        assert got["start_time"] is None and got["end_time"] is None and got["reason"] is None


def test_default_date_today_then_next_school_day(ask) -> None:
    assert ask("Ola er syk", now=MONDAY).to_json()["dates"] == ["2026-11-30"]
    assert ask("Ola er syk", now=at(2026, 11, 30, 17, 30)).to_json()["dates"] == ["2026-12-01"]
    assert ask("Ola er syk", now=at(2026, 12, 5, 10, 0)).to_json()["dates"] == ["2026-12-07"]
    assert ask("Ola er syk", now=at(2026, 12, 18, 16, 30)).to_json()["dates"] == ["2027-01-04"]


def test_named_non_school_day_asks_for_dates(ask) -> None:
    got = ask("Ola er syk i dag", now=at(2026, 12, 5, 10, 0)).to_json()
    assert got["dates"] == [] and got["missing"] == ["dates"]


def test_missing_lists(ask) -> None:
    assert ask("syk i dag", "two").missing == ("student",)
    assert ask("Søker fri for Ola").missing == ("dates", "reason")
    assert ask("Søker fri fredag", "two").missing == ("student", "reason")
    assert ask("Søker fri for Ola fredag pga bryllup").missing == ()


def test_weekplan_dates_are_mondays(ask) -> None:
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
