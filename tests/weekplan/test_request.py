"""Which week, day, class or grade a week plan message asks for (our own small grammar)."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs.weekplan.request import (
    default_week,
    is_plan_header,
    is_weekplan_message,
    named_children,
    nearest_year_of_week,
    parse_request,
)

WEDNESDAY = dt.date(2026, 12, 2)  # week 49
FRIDAY = dt.date(2026, 12, 4)
SATURDAY = dt.date(2026, 12, 5)
SUNDAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    "text",
    [
        "ukeplan",
        "Ukeplan?",
        "ukeplan neste uke",
        "uke 50",
        "lekser i morgen",
        "hva er leksa til fredag",
        "ukeplan for Emma",
        "vekeplan",
        "week plan",
        "homework tomorrow",
        "neste uke",
        "Uke 50 for Emma",
        "ukeplan 5B uke 49\nMandag: Norsk",
    ],
)
def test_week_plan_messages_are_recognised(text: str) -> None:
    assert is_weekplan_message(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ola er syk i dag",
        "Emma er borte uke 49",
        "book musikkrommet fredag 10-11",
        "hei",
        "",
        "fravær 5B",
    ],
)
def test_other_messages_are_left_to_other_flows(text: str) -> None:
    assert not is_weekplan_message(text)


def test_this_week_and_at_the_weekend_the_coming_week() -> None:
    assert default_week(WEDNESDAY) == (2026, 49)
    assert default_week(FRIDAY) == (2026, 49)
    assert default_week(SATURDAY) == (2026, 50)
    assert default_week(SUNDAY) == (2026, 50)
    assert (parse_request("ukeplan", SUNDAY).year, parse_request("ukeplan", SUNDAY).week) == (2026, 50)


@pytest.mark.parametrize(
    "text,today,week",
    [
        ("ukeplan neste uke", WEDNESDAY, (2026, 50)),
        ("ukeplan denne uka", SATURDAY, (2026, 49)),
        ("forrige uke", WEDNESDAY, (2026, 48)),
        ("uke 50", WEDNESDAY, (2026, 50)),
        ("uke 2", WEDNESDAY, (2027, 2)),  # in December week 2 is next year's
        ("uke 52", dt.date(2027, 1, 6), (2026, 52)),  # in January week 52 is last year's
        ("ukeplan neste veke", dt.date(2026, 12, 30), (2027, 1)),
        ("next week", WEDNESDAY, (2026, 50)),
    ],
)
def test_week_expressions(text: str, today: dt.date, week: tuple[int, int]) -> None:
    req = parse_request(text, today)
    assert (req.year, req.week) == week and req.day is None and req.explicit_week


@pytest.mark.parametrize(
    "text,today,day",
    [
        ("lekser i morgen", WEDNESDAY, dt.date(2026, 12, 3)),
        ("lekser i dag", WEDNESDAY, WEDNESDAY),
        ("hva er leksa til fredag", WEDNESDAY, FRIDAY),
        ("hva er leksa til fredag", FRIDAY, FRIDAY),
        ("lekser mandag", SATURDAY, dt.date(2026, 12, 7)),
        ("lekser fredag neste uke", WEDNESDAY, dt.date(2026, 12, 11)),
        ("lekser imorgen", FRIDAY, SATURDAY),  # the dialog moves it to the next school day
        ("homework tomorrow", WEDNESDAY, dt.date(2026, 12, 3)),
        ("lekser i overmorgen", WEDNESDAY, FRIDAY),
    ],
)
def test_days_for_homework(text: str, today: dt.date, day: dt.date) -> None:
    req = parse_request(text, today)
    assert req.day == day and req.homework
    assert (req.year, req.week) == (day.isocalendar().year, day.isocalendar().week)


def test_homework_without_a_day_is_what_is_due_next() -> None:
    assert parse_request("lekser", WEDNESDAY).day == dt.date(2026, 12, 3)
    assert parse_request("lekser?", FRIDAY).day == dt.date(2026, 12, 7)
    assert parse_request("lekser neste uke", WEDNESDAY).day is None  # the whole week


def test_class_grade_and_children() -> None:
    req = parse_request("ukeplan 5B uke 49\nMandag: Norsk: les", WEDNESDAY)
    assert (req.class_title, req.grade, req.week) == ("5B", None, 49)
    assert req.body == "Mandag: Norsk: les" and req.header == "ukeplan 5B uke 49"
    assert parse_request("ukeplan 5b", WEDNESDAY).class_title == "5B"
    assert parse_request("ukeplan 5. trinn uke 50", WEDNESDAY).grade == 5
    assert parse_request("ukeplan trinn 5", WEDNESDAY).grade == 5
    assert parse_request("lekser kl 10 i dag", WEDNESDAY).class_title is None
    assert parse_request("ukeplan begge", WEDNESDAY).everyone
    assert named_children("ukeplan for Emma", {"ola": "s-ola", "emma": "s-emma"}) == ["s-emma"]
    assert named_children("ukeplan for emmanuel", {"emma": "s-emma"}) == []


def test_teams_line_endings_and_mentions() -> None:
    req = parse_request("<at>Skolebot</at> ukeplan 5B uke 49\r\nMandag: Norsk", WEDNESDAY)
    assert req.class_title == "5B" and req.body == "Mandag: Norsk"
    assert is_plan_header("<at>Skolebot</at> Ukeplan 5B")
    assert not is_plan_header("lekser i morgen")


def test_nearest_year_skips_years_without_week_53() -> None:
    assert nearest_year_of_week(53, dt.date(2026, 12, 20)) == (2026, 53)
    assert nearest_year_of_week(53, dt.date(2027, 12, 20)) == (2026, 53)
