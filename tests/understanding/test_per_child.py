"""Issue 16: one message with each child's own days, times and reasons; late arrival; answers; strangers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

import pytest
from conftest import MONDAY, at, days

from bot.understanding import Understanding
from bot.understanding.corpus import CALENDAR, FAMILIES, SCHOOL_FIRST_NAMES
from bot.understanding.parse import understand_answer
from bot.understanding.types import Part

Ask = Callable[..., Understanding]


def _by_child(u: Understanding) -> dict[str, tuple[object, ...]]:
    """Each child's (dates, start, end, reason, arrives_later), from the parts or the flat fields."""
    out: dict[str, tuple[object, ...]] = {}
    for one in u.per_child():
        for sid in one.students:
            out[sid] = (one.dates, one.start_time, one.end_time, one.reason, one.arrives_later)
    return out


TODAY, TOMORROW = days("11-30"), days("12-01")
BOTH_DAYS = days("11-30", "12-01")


# ------------------------------------------------------------ per-child days


@pytest.mark.parametrize(
    "text",
    [
        "Jonas er syk i dag og i morgen, Emma bare i dag",
        "Jonas er sjuk i dag og i morgon, Emma berre i dag",
        "Jonas is sick today and tomorrow, Emma only today",
        "Emma og Jonas er syke. Jonas i dag og i morgen, Emma bare i dag",
        "Hei! Jonas er syk i dag og i morgen og Emma i dag. Mvh mamma",
        "Emma er syk i dag, Jonas i dag og i morgen",
        "Syke: Jonas i dag og i morgen, Emma i dag",
    ],
)
def test_each_child_gets_its_own_days(ask: Ask, text: str) -> None:
    u = ask(text, "two")
    assert u.intent == "absence"
    assert set(u.students) == {"s-emma", "s-jonas"}
    got = _by_child(u)
    assert got["s-jonas"][0] == BOTH_DAYS, text
    assert got["s-emma"][0] == TODAY, text
    assert got["s-emma"][3] == got["s-jonas"][3] == "illness", text


@pytest.mark.parametrize(
    "text",
    [
        "Jonas er borte i dag og Emma fra onsdag",
        "Jonas er borte i dag, Emma på onsdag",
        "Jonas is away today and Emma on Wednesday",
    ],
)
def test_one_child_today_the_other_another_day(ask: Ask, text: str) -> None:
    got = _by_child(ask(text, "two"))
    assert got["s-jonas"][0] == TODAY and got["s-emma"][0] == days("12-02"), text


@pytest.mark.parametrize(
    ("text", "family", "first", "second"),
    [
        (
            "Emma er syk, Jonas har tannlege kl 10",
            "two",
            ("s-emma", None, "illness"),
            ("s-jonas", time(10), "appointment"),
        ),
        (
            "Emma er sjuk, Jonas har tannlege kl 10",
            "two",
            ("s-emma", None, "illness"),
            ("s-jonas", time(10), "appointment"),
        ),
        (
            "Emma is sick, Jonas has a dentist appointment at 10",
            "two",
            ("s-emma", None, "illness"),
            ("s-jonas", time(10), "appointment"),
        ),
        (
            "Nora er syk og Liam går til legen kl 12",
            "three",
            ("s-nora", None, "illness"),
            ("s-liam", time(12), "appointment"),
        ),
    ],
)
def test_each_child_gets_its_own_time_and_reason(
    ask: Ask, text: str, family: str, first: tuple[str, time | None, str], second: tuple[str, time | None, str]
) -> None:
    got = _by_child(ask(text, family))
    for sid, start, reason in (first, second):
        assert got[sid][1] == start and got[sid][3] == reason, text
        assert got[sid][0] == TODAY


def test_a_child_with_too_takes_the_earlier_details(ask: Ask) -> None:
    u = ask("Emma er syk i morgen, Jonas også", "two")
    assert u.parts == ()  # the same for both: the flat reading holds
    assert u.dates == TOMORROW and set(u.students) == {"s-emma", "s-jonas"}


def test_three_children_two_groups(ask: Ask) -> None:
    got = _by_child(ask("Nora og Liam er syke i dag og i morgen, Ella bare i dag", "three"))
    assert got["s-nora"][0] == got["s-liam"][0] == BOTH_DAYS
    assert got["s-ella"][0] == TODAY


def test_one_child_late_the_other_away(ask: Ask) -> None:
    got = _by_child(ask("Emma er syk i dag, Jonas kommer kl 11", "two"))
    assert got["s-emma"][:3] == (TODAY, None, None)
    assert got["s-jonas"][:3] == (TODAY, None, time(11))


@pytest.mark.parametrize(
    "text",
    [
        "Emma og Jonas er syke i dag",
        "Begge er syke i dag og i morgen",
        "Emma er syk i dag, Jonas kommer som vanlig",
        "Ola er syk i dag og i morgen",
    ],
)
def test_no_parts_when_everyone_has_the_same(ask: Ask, text: str) -> None:
    family = "one" if text.startswith("Ola") else "two"
    assert ask(text, family).parts == ()


def test_parts_survive_json_for_dialog_state(ask: Ask) -> None:
    u = ask("Jonas er syk i dag og i morgen, Emma har tannlege kl 10", "two")
    assert u.parts
    again = Understanding.from_json(u.to_json())
    assert again == u


def test_json_shape_has_no_parts_key_for_a_plain_message(ask: Ask) -> None:
    assert "parts" not in ask("Ola er syk i dag").to_json()
    assert "arrives_later" not in ask("Ola er syk i dag").to_json()


def test_per_child_keeps_only_the_chosen_students() -> None:
    u = Understanding(
        "absence",
        students=("a",),
        dates=TODAY,
        parts=(Part(("a",), TODAY, reason="illness"), Part(("b",), TOMORROW)),
    )
    assert [one.students for one in u.per_child()] == [("a",)]


# ------------------------------------------------------------ late arrival


@pytest.mark.parametrize(
    ("text", "end", "later"),
    [
        ("tannlege kl 10, kommer etterpå", time(10), True),
        ("Ola har tannlege kl 10, kommer etterpå", time(10), True),
        ("Ola har tannlege kl 10 og kommer etterpå", time(10), True),
        ("Ola kommer etter tannlegen", None, True),
        ("Ola kjem etter tannlegen", None, True),
        ("Ola kommer senere i dag", None, True),
        ("Ola kommer litt seinare i dag, legetime", None, True),
        ("Ola kommer kl 11", time(11), False),
        ("Ola kjem kl 11", time(11), False),
        ("Ola is coming at 11", time(11), False),
        ("Ola will be late today, dentist at 10", time(10), True),
        ("Ola is coming in later, he is at the doctor", None, True),
        ("Ola kommer etter kl 9", time(9), True),
        ("Ola kommer senere i dag, ca 10", time(10), False),
        ("Ola has a dentist appointment at 10 and will come to school after", time(10), True),
        ("Ola har tannlege kl 10 og kommer til skolen etterpå", time(10), True),
    ],
)
def test_late_arrival_is_the_end_of_the_absence(ask: Ask, text: str, end: time | None, later: bool) -> None:
    u = ask(text)
    assert u.intent == "absence", text
    assert (u.start_time, u.end_time, u.arrives_later) == (None, end, later), text


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Ola går hjem kl 12", time(12)),
        ("Ola må gå kl 12", time(12)),
        ("Ola leaves at 12 today", time(12)),
        ("Ola skal til tannlegen kl 10", time(10)),
        ("Ola har tannlege kl 10 og kommer tilbake etterpå", time(10)),
        ("Ola blir hentet kl 13", time(13)),
    ],
)
def test_leaving_early_stays_the_start_of_the_absence(ask: Ask, text: str, start: time) -> None:
    u = ask(text)
    assert (u.start_time, u.arrives_later) == (start, False), text


def test_comes_back_after_the_weekend_is_no_late_arrival(ask: Ask) -> None:
    assert not ask("Ola er syk, kommer tilbake etter helgen").arrives_later
    assert not ask("Ola er syk i dag, han kommer etter helga").arrives_later


# ------------------------------------------------------------ answers to a question


def _answer(text: str, family: str = "one", intent: str = "absence") -> Understanding:
    return understand_answer(
        text,
        intent=intent,
        children=FAMILIES[family],
        now=MONDAY,
        calendar=CALENDAR,
        school_first_names=SCHOOL_FIRST_NAMES,
    )


def test_an_answer_keeps_day_time_and_reason() -> None:
    u = _answer("i morgen fra kl 12, han skal til legen")
    assert (u.dates, u.start_time, u.reason) == (TOMORROW, time(12), "appointment")
    assert u.students == ()  # "han" is no name: the pending report's child stays


def test_an_answer_defaults_nothing() -> None:
    u = _answer("ok")
    assert (u.students, u.dates, u.start_time, u.end_time, u.reason) == ((), (), None, None, None)


def test_an_answer_naming_children_with_their_own_days() -> None:
    u = _answer("Jonas i dag og i morgen, Emma bare i dag", "two")
    assert set(u.students) == {"s-jonas", "s-emma"}
    parts = {p.students: p.dates for p in u.parts}
    assert parts == {("s-emma",): TODAY, ("s-jonas",): BOTH_DAYS}


def test_an_answer_with_a_late_arrival() -> None:
    u = _answer("Emma, hun kommer kl 11", "two")
    assert (u.students, u.end_time) == (("s-emma",), time(11))


def test_a_leave_answer_keeps_its_reason() -> None:
    u = _answer("7. til 9. desember, vi skal i bryllup", intent="leave_request")
    assert u.dates == days("12-07", "12-08", "12-09") and u.reason == "family"


def test_an_answer_in_the_evening_names_its_own_day() -> None:
    u = understand_answer(
        "fredag, legetime kl 9",
        intent="absence",
        children=FAMILIES["one"],
        now=at(2026, 11, 30, 20, 0),
        calendar=CALENDAR,
    )
    assert u.dates == days("12-04") and u.reason == "appointment"


# ------------------------------------------------------------ a name that is none of the sender's children


@pytest.mark.parametrize(
    "text",
    [
        "Sofie er syk",  # a pupil of another family
        "Kristoffer er syk i dag",  # no pupil at all, clearly a name
        "Hei, Kristoffer er syk i dag",
        "Magnus har feber",
        "Kristoffer is sick today",
    ],
)
def test_a_stranger_is_not_replaced_by_the_only_child(ask: Ask, text: str) -> None:
    u = ask(text)
    assert u.students == () and "student" in u.missing, text


@pytest.mark.parametrize(
    "text",
    [
        "Ola er syk",
        "Jeg er syk",  # a parent writing loosely: still the only child
        "Han er syk i dag",
        "Gutten er syk",
        "Hei Kari, Ola er syk i dag",  # the teacher greeted is no child
        "Syk i dag. Hilsen Kristin",  # a signature is the sender, not a child
        "Sønnen min er syk",
        "Mandag er han borte",
    ],
)
def test_ordinary_words_and_greetings_are_no_strangers(ask: Ask, text: str) -> None:
    assert ask(text).students == ("s-ola",), text
