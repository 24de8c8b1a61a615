"""Intents, including messages that must not become absences."""

from __future__ import annotations

import pytest
from conftest import MONDAY, at


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("STOP", "stop"),
        ("stopp", "stop"),
        ("Avslutt", "stop"),
        ("UNSUBSCRIBE", "stop"),
        ("cancel", "stop"),
        ("END", "stop"),
        ("quit", "stop"),
        ("STOPALL", "stop"),
        ("START", "start"),
        ("unstop", "start"),
        ("stop sending messages", "stop"),  # an opt-out in words (issue 17): the dialog asks before acting
        ("hjelp", "help"),
        ("Help", "help"),
        ("?", "help"),
        ("hva kan du?", "help"),
        ("/beredskap Skolen er stengt", "broadcast"),
        ("beredskap", "broadcast"),
        ("Send melding til alle foresatte om at bussen er sen", "broadcast"),
        ("Book grupperom fredag kl 10", "booking"),
        ("Er gymsalen ledig i morgen?", "booking"),
        ("mine bookinger", "booking"),
        ("avbestill prosjektoren", "booking"),
        ("Søknad om fri for Ola", "leave_request"),
        ("Kan Ola få fri fredag?", "leave_request"),
        ("Vi ønsker permisjon for Ola uke 50", "leave_request"),
        ("I want to apply for leave", "leave_request"),
        ("ukeplan", "weekplan"),
        ("vekeplanen?", "weekplan"),
        ("Hva er leksa til fredag?", "weekplan"),
        ("homework?", "weekplan"),
        ("week plan please", "weekplan"),
        ("Ola er syk", "absence"),
        ("Ola går hjem kl 12", "absence"),
        ("Ola kommer kl 10", "absence"),
    ],
)
def test_intents(ask, text: str, intent: str) -> None:
    assert ask(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "Ola er frisk igjen og kommer i dag",
        "Ola kan ikke ha gym i dag",
        "trenger hjelp med leksene",
        "takk for info",
        "Takk!",
        "Ola kommer likevel i dag",
        "Ola var syk, men er frisk nå",
        "Ola er ikke syk, bare sliten",
        "Ola er litt forkjølet, men kommer på skolen",
        "Ola er tilbake på skolen i dag etter sykdom",
        "Jeg henter Ola i dag",
        "Kan Ola gå hjem alene etter skolen?",
        "Ola har ikke gjort leksene fordi han var syk i helga",
    ],
)
def test_not_absences(ask, text: str) -> None:
    assert ask(text).intent == "unknown"


def test_how_to_report_is_a_usage_question_not_a_report(ask) -> None:
    """Issue 17, family 1: asking how to use the service gets the help, which shows how."""
    u = ask("Hvordan melder jeg fravær?")
    assert (u.intent, u.students, u.dates) == ("help", (), ())


def test_late_note_for_a_past_day_is_an_absence(ask) -> None:
    got = ask("Ola var syk i går, men er tilbake nå", now=at(2026, 12, 1)).to_json()
    assert got["intent"] == "absence"
    assert got["dates"] == ["2026-11-30"]


def test_one_child_away_other_at_school(ask) -> None:
    got = ask("Emma er syk i dag, Jonas kommer som vanlig", "two", MONDAY).to_json()
    assert (got["intent"], got["students"]) == ("absence", ["s-emma"])


def test_planned_trip_is_a_leave_request(ask) -> None:
    got = ask("Vi skal på hyttetur, Ola er borte fredag", "one", MONDAY).to_json()
    assert (got["intent"], got["reason"], got["dates"]) == ("leave_request", "family", ["2026-12-04"])
