"""Staff asking in their own words (issue 16, round 5): a week's list, another day after a list, "hvem har vi
ikke fått forklaring på?", a pupil asked about after a list, a registration that says nobody called, a leave
granted with "jada"; and the week's list as staff read it."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.texts import t
from dialogs.absence import render
from dialogs.absence.leave_words import read_named_decision
from dialogs.absence.missing_words import read_missing_sentence
from dialogs.absence.questions import StaffQuestion, read_pupil_question, read_staff_question
from dialogs.absence.results import DayList
from storage.absences import AbsenceRecord, AbsenceRow


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hvem er borte denne uka?", StaffQuestion("list", None, 0, 0)),
        ("kven er borte denne veka?", StaffQuestion("list", None, 0, 0)),
        ("hey, who's away this week?", StaffQuestion("list", None, 0, 0)),
        ("hvem er borte neste uke i 5B?", StaffQuestion("list", "5B", 0, 1)),
        ("who was absent last week?", StaffQuestion("list", None, 0, -1)),
        ("hvor mange er syke denne uka", StaffQuestion("count", None, 0, 0)),
        ("og i morgen?", StaffQuestion("list", None, 1, None)),
        ("and today?", StaffQuestion("list", None, 0, None)),
        ("hva med i går?", StaffQuestion("list", None, -1, None)),
        ("hvem har vi ikke fått forklaring på?", StaffQuestion("unexplained", None, 0, None)),
        ("kven har me ikkje fått forklaring på i dag?", StaffQuestion("unexplained", None, 0, None)),
        ("hvem mangler vi forklaring fra?", StaffQuestion("unexplained", None, 0, None)),
        ("who have we not had an explanation for?", StaffQuestion("unexplained", None, 0, None)),
        ("ok, hvor mange er syke?", StaffQuestion("count", None, 0, None)),
        ("hvem er borte på turen neste uke?", None),
        ("og så?", None),
    ],
)
def test_staff_questions(text: str, expected: StaffQuestion | None) -> None:
    assert read_staff_question(text) == expected


def test_another_day_alone_is_a_list_only_for_staff_who_asked() -> None:
    assert read_staff_question("og i morgen?", follow_up=False) is None  # a guardian adding to a report
    assert read_staff_question("hvem er borte i morgen?", follow_up=False) == StaffQuestion("list", None, 1)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("og ola? hva var grunnen der", ("ola",)),
        ("what about Nora?", ("nora",)),
        ("hva med Emma og Ola?", ("emma", "ola")),
        ("kva med Tiril, er ho sjuk?", ("tiril",)),
        ("og i dag?", None),
        ("and why is that", None),
    ],
)
def test_pupil_asked_after_a_list(text: str, names: tuple[str, ...] | None) -> None:
    question = read_pupil_question(text)
    assert (question.names if question else None) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Emma Nordli og Antoni manglar i dag, ingen har sagt frå", ("Emma Nordli", "Antoni")),
        ("Nora mangler, uten beskjed", ("Nora",)),
        ("Ola is not here and nobody has called", ("Ola",)),
        ("Vetle har ikke møtt opp og er ikke meldt borte", ("Vetle",)),
        ("Nora mangler, men moren ringte", None),
    ],
)
def test_missing_with_no_notice(text: str, names: tuple[str, ...] | None) -> None:
    assert read_missing_sentence(text) == names


@pytest.mark.parametrize(
    ("text", "granted"),
    [
        ("jada, Emma får fri de to dagene", True),
        ("Javisst, Nora kan få fri", True),
        ("sure, Ola can have the day off", True),
        ("neida, Emma får ikke fri", False),
    ],
)
def test_leave_decided_in_a_sentence(text: str, granted: bool) -> None:
    decision = read_named_decision(text)
    assert decision is not None and decision.granted is granted


def _row(day: dt.date, given: str, status: str, reason: str | None) -> AbsenceRow:
    record = AbsenceRecord(1, "s", day, None, None, reason, status, "sms", None, None)
    return AbsenceRow(record=record, given_name=given, family_name="Nordli", class_name="5B")


def test_week_listing_names_each_day_with_absences_only() -> None:
    monday = dt.date(2026, 12, 7)
    tuesday, thursday = monday + dt.timedelta(days=1), monday + dt.timedelta(days=3)
    lists = [
        DayList(monday, (("c", "5B"),), ()),
        DayList(tuesday, (("c", "5B"),), (_row(tuesday, "Ola", "reported", "illness"),)),
        DayList(thursday, (("c", "5B"),), (_row(thursday, "Emma", "unexplained", None),)),
    ]
    text = render.week_listing("nb", monday, "5B", lists, "list")
    assert text.splitlines()[0] == t("nb", "absence.week_header", week=50, klass="5B")
    assert "Tirsdag 8. desember:" in text and "Torsdag 10. desember:" in text
    assert "Mandag" not in text
    unexplained = render.week_listing("nb", monday, "5B", lists, "unexplained")
    assert "Emma" in unexplained and "Ola" not in unexplained
    empty = render.week_listing("en", monday, "5B", lists[:1], "list")
    assert empty == t("en", "absence.week_empty", week=50, klass="5B")
