"""Staff in their own everyday words (issue 16, suite 320–339), read without a bot: a question about one
pupil, "who's absent", "hvor mange har vi borte", "noen uforklarte fravær?", "har ikke møtt opp", a leave
decision in a sentence, "si til foreldrene i 5B at …", and "hva kan du hjelpe meg med?"."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs.absence import render
from dialogs.absence.leave_words import NamedDecision, read_named_decision
from dialogs.absence.missing_words import read_missing_sentence
from dialogs.absence.questions import PupilQuestion, StaffQuestion, read_pupil_question, read_staff_question
from dialogs.absence.results import PupilDay
from dialogs.broadcast.phrases import read_staff_compose
from dialogs.broadcast.render import ComposeRequest, audience_from_phrase
from dialogs.common import is_help


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("er Ola meldt borte?", PupilQuestion(("ola",))),
        ("er Nora syk i dag?", PupilQuestion(("nora",))),
        ("er Emma Nordli borte i dag?", PupilQuestion(("emma nordli",))),
        ("er Ola og Nora borte i dag?", PupilQuestion(("ola", "nora"))),
        ("har foreldrene til Ola meldt fravær?", PupilQuestion(("ola",))),
        ("kommer Nora i dag?", PupilQuestion(("nora",))),
        ("vet du om Ola er syk?", PupilQuestion(("ola",))),
        ("hvorfor er Nora borte?", PupilQuestion(("nora",))),
        ("is Ola absent today?", PupilQuestion(("ola",))),
        ("er Ola borte i morgen?", PupilQuestion(("ola",), 1)),
        ("er Emma sjuk i dag?", PupilQuestion(("emma",))),
    ],
)
def test_a_question_about_named_pupils(text: str, question: PupilQuestion) -> None:
    assert read_pupil_question(text) == question


@pytest.mark.parametrize(
    "text",
    [
        "Ola er syk i dag",  # a report (or a teacher relaying one), not a question
        "Ola er meldt borte",  # no question mark, no question word
        "er det noen borte?",
        "er du syk?",
        "er Ola syk? han hostet i går",
        "kommer Ola",
        "er Ola borte neste uke?",
    ],
)
def test_not_a_question_about_a_pupil(text: str) -> None:
    assert read_pupil_question(text) is None


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("who's absent today?", StaffQuestion("list")),
        ("Who’s missing in 5B?", StaffQuestion("list", "5B")),
        ("hvor mange har vi borte i dag?", StaffQuestion("count")),
        ("how many do we have absent today?", StaffQuestion("count")),
        ("er det noen uforklarte fravær nå?", StaffQuestion("unexplained")),
        ("har vi noen uforklarte fravær i dag?", StaffQuestion("unexplained")),
        ("are there any unexplained absences today?", StaffQuestion("unexplained")),
    ],
)
def test_day_questions_in_more_words(text: str, question: StaffQuestion) -> None:
    assert read_staff_question(text) == question


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Nora har ikke møtt opp i dag", ("Nora",)),
        ("Ola og Nora møtte ikke opp i dag", ("Ola", "Nora")),
        ("Nora har ikke dukket opp ennå", ("Nora",)),
        ("Ola hasn't shown up", ("Ola",)),
        ("Vi mangler vikar", None),
    ],
)
def test_missing_pupils_who_did_not_turn_up(text: str, names: tuple[str, ...] | None) -> None:
    assert read_missing_sentence(text) == names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nora kan få fri", NamedDecision(True, "Nora")),
        ("ja, Nora får fri 17. desember", NamedDecision(True, "Nora")),
        ("det er greit at Nora får fri", NamedDecision(True, "Nora")),
        ("ok, Nora får permisjon", NamedDecision(True, "Nora")),
        ("Emma Nordli får innvilget fri", NamedDecision(True, "Emma Nordli")),
        ("nei, Emma får ikke fri", NamedDecision(False, "Emma")),
        ("Emma kan ikkje få fri", NamedDecision(False, "Emma")),
        ("Nora can have the day off", NamedDecision(True, "Nora")),
        ("Emma can't have the day off", NamedDecision(False, "Emma")),
        ("han kan få fri", None),
        ("alle får fri fredag", None),
        ("vi har fri fredag", None),
        ("Emma har fri i morgen", None),
    ],
)
def test_a_leave_decision_in_a_sentence(text: str, expected: NamedDecision | None) -> None:
    assert read_named_decision(text) == expected


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "si til foreldrene i 5B at vi går på skøyter fredag, ta med hjelm",
            ComposeRequest(text="Vi går på skøyter fredag, ta med hjelm", audience="guardians:class:5B", command=False),
        ),
        (
            "gi beskjed til 2A-foreldre om at vi har juleavslutning torsdag",
            ComposeRequest(text="Vi har juleavslutning torsdag", audience="guardians:class:2A", command=False),
        ),
        (
            "kan du minne foreldrene i 2A om at det er gymdag i morgen",
            ComposeRequest(text="Det er gymdag i morgen", audience="guardians:class:2A", command=False),
        ),
        (
            "sei til foreldra i 5B at vi går på tur",
            ComposeRequest(text="Vi går på tur", audience="guardians:class:5B", command=False),
        ),
        (
            "tell the 5B parents that school starts at 10 tomorrow",
            ComposeRequest(text="School starts at 10 tomorrow", audience="guardians:class:5B", command=False),
        ),
    ],
)
def test_a_message_to_guardians_as_reported_speech(text: str, wanted: ComposeRequest) -> None:
    assert read_staff_compose(text) == wanted


@pytest.mark.parametrize(
    "text", ["si til Ola at han må ta med gymtøy", "si fra til kontoret at jeg er syk", "minn meg om at jeg har møte"]
)
def test_reported_speech_to_a_person_is_no_broadcast(text: str) -> None:
    assert read_staff_compose(text) is None


@pytest.mark.parametrize(
    ("phrase", "audience"),
    [
        ("5B parents", "guardians:class:5B"),
        ("foreldra i 5B", "guardians:class:5B"),
        ("5B foreldrene", "guardians:class:5B"),
    ],
)
def test_more_ways_to_name_a_class_s_guardians(phrase: str, audience: str) -> None:
    assert audience_from_phrase(phrase) == audience


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("hva kan du hjelpe meg med?", True),
        ("kva kan du gjere?", True),
        ("what can you do?", True),
        ("hvordan bruker jeg deg?", True),
        ("hva kan du si om Ola?", False),
    ],
)
def test_asking_what_the_bot_can_do_is_help(text: str, wanted: bool) -> None:
    assert is_help(text) is wanted


def test_a_pupil_not_away_and_an_unknown_name_are_said_plainly() -> None:
    monday = dt.date(2026, 12, 7)
    text = render.pupil_day("nb", PupilDay(monday, (("Nora Lie (5B)", None),), ("Sofie",)), monday)
    assert text.splitlines() == [
        "Nora Lie (5B) er ikke meldt eller registrert borte i dag, mandag 7. desember.",
        "Finner ingen elev som heter «Sofie» i klassene dine.",
    ]
