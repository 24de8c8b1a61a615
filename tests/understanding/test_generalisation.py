"""Rules added so the parser generalises beyond its tuning corpus: one test per kind of gap.

Each case stands for a class of messages (a spelling family, a word class, a grammar rule),
not for one sentence; the blind sets in test_corpus.py measure the whole.
"""

from __future__ import annotations

import pytest
from conftest import MONDAY, at, days

from bot.understanding import classify_reason, parse_clock, parse_dates, resolve_children
from bot.understanding.corpus import CALENDAR, FAMILIES, SCHOOL_FIRST_NAMES
from bot.understanding.normalise import canonical
from bot.understanding.typos import correct_key_words, correct_relative_days, fold

# --- spelling ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("imorgo", "i morgen"),
        ("i morgo", "i morgen"),
        ("i mårrå", "i morgen"),
        ("imorgne", "i morgen"),
        ("i mogen", "i morgen"),
        ("i overmorgo", "i overmorgen"),
        ("overimorgen", "i overmorgen"),
        ("i morges", "i morges"),
        ("imot", "imot"),
        ("i mot", "i mot"),
    ],
)
def test_relative_day_spellings(text: str, expected: str) -> None:
    assert correct_relative_days(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("fæbr", "feber"), ("feeber", "feber"), ("hodepinne", "hodepine"), ("tannlegn", "tannlege"), ("fiber", "fiber")],
)
def test_key_word_typos(text: str, expected: str) -> None:
    assert correct_key_words(text) == expected


def test_fold_is_phonetic() -> None:
    assert fold("hjæmme") == fold("hjemme") == "hjeme"
    assert fold("mårrå") == "moro"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ola går heim kl 12", "ola går hjem kl 12"),
        ("ons-fre", "onsdag-fredag"),
        ("tirs og ons", "tirsdag og onsdag"),
        ("man-tor", "mandag-torsdag"),
        ("man må gå", "man må gå"),  # "man" alone is a pronoun
        ("Ola er syk i dag og overmorgen", "ola er syk i dag og i overmorgen"),
        ("Kva er lekseplanen?", "hva er ukeplan?"),
        ("have dentist 9 o'clock", "have dentist kl 9"),
    ],
)
def test_canonical_variants(text: str, expected: str) -> None:
    assert canonical(text) == expected


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("neste uke mandag", MONDAY, days("12-07")),
        ("hele forrige uke", at(2026, 12, 7), days("11-30", "12-01", "12-02", "12-03", "12-04")),
        ("kommer tilbake mandag", MONDAY, days("11-30", "12-01", "12-02", "12-03", "12-04")),
        ("torsdag og fredag denne uka", MONDAY, days("12-03", "12-04")),
        ("Dec 7-9", MONDAY, days("12-07", "12-08", "12-09")),
        ("from 7 to 9 December", MONDAY, days("12-07", "12-08", "12-09")),
        ("fra mandag 14. til onsdag 16. desember", at(2026, 12, 10), days("12-14", "12-15", "12-16")),
        ("borte 14.", at(2026, 12, 10), days("12-14")),
        ("fra 16. desember og ut semesteret", at(2026, 12, 10), days("12-16", "12-17", "12-18")),
        ("i dag og overmorgen", MONDAY, days("11-30", "12-02")),
    ],
)
def test_date_grammar_additions(text: str, now, expected) -> None:
    assert parse_dates(text, now, CALENDAR) == expected


# --- clock ---------------------------------------------------------------------------------


def test_bare_clock_range_after_an_away_word(ask) -> None:
    got = ask("Ola er borte 10-12 i dag pga tannlege").to_json()
    assert (got["start_time"], got["end_time"]) == ("10:00", "12:00")


def test_digit_to_digit_is_no_english_clock(ask) -> None:
    got = ask("Sofie will be absent from 7 to 9 December", "girl").to_json()
    assert (got["start_time"], got["end_time"]) == (None, None)
    assert parse_clock("quarter to nine") is not None


# --- children ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "family", "expected"),
    [
        ("Eldste jenta er syk", "three", ("s-nora",)),
        ("Den minste jenta er syk", "three", ("s-ella",)),
        ("Mellomste er syk", "three", ("s-liam",)),
        ("Tvillingane er sjuke", "twins", ("s-filip", "s-henrik")),
        ("Filip er syk, ikke Henrik", "twins", ("s-filip",)),
    ],
)
def test_child_role_grammar(text: str, family: str, expected: tuple[str, ...]) -> None:
    assert resolve_children(text, FAMILIES[family], SCHOOL_FIRST_NAMES) == expected


def test_sibling_at_school_does_not_cancel_the_absence(ask) -> None:
    got = ask("Ella er dårlig i dag, men storesøster kommer som vanlig", "three").to_json()
    assert (got["intent"], got["students"]) == ("absence", ["s-ella"])


# --- reasons -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("øyekatarr", "illness"),
        ("tannverk", "illness"),
        ("bronkitt", "illness"),
        ("sore throat", "illness"),
        ("er ikke frisk ennå", "illness"),
        ("magesjau", "illness"),
        ("ortodontist", "appointment"),
        ("blodprøve", "appointment"),
        ("rekke flyet", "family"),
        ("gullbryllup", "family"),
        ("hockeycup", "other"),
        ("dansekonkurranse", "other"),
        ("personlige grunner", "other"),
    ],
)
def test_reason_word_classes(text: str, reason: str) -> None:
    assert classify_reason(text) == reason


# --- intents -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Ola har glemt gymtøyet hjemme", "unknown"),
        ("Ola har time hos tannlegen etter skolen i dag", "unknown"),
        ("Hvordan søker jeg om fri?", "help"),  # how to use the service: the help shows how (issue 17, family 1)
        ("Skal Ola ha med matpakke på tur i morgen?", "unknown"),
        ("Stopp sms", "stop"),
        ("Start igjen", "start"),
        ("Help me", "help"),
        ("book dataskapet onsdag 10-11", "booking"),
        ("Send SMS til 5B: Vi er sent ute fra tur", "broadcast"),
        ("Hva er planen denne uka?", "weekplan"),
        ("Sofie can not come today she is sick", "absence"),
        ("Ola møter kl 10 i dag", "absence"),
        ("Får Ola fri på fredag?", "leave_request"),
        ("Can Sofie have day off on Friday?", "leave_request"),
        ("Please give Sofie leave from 14.12 to 18.12", "leave_request"),
    ],
)
def test_intent_rules(ask, text: str, intent: str) -> None:
    family = "girl" if "Sofie" in text else "one"
    assert ask(text, family).intent == intent


def test_days_of_a_presence_clause_are_not_absence_days(ask) -> None:
    assert ask("Ola er hjemme i dag, men kommer i morgen").to_json()["dates"] == ["2026-11-30"]
    assert ask("Ola har feber, men kommer nok i morgen").to_json()["dates"] == ["2026-11-30"]


def test_weekplan_for_a_week_without_school_is_the_next_school_week(ask) -> None:
    got = ask("ukeplan neste uke", now=at(2026, 12, 18, 10, 0)).to_json()
    assert got["dates"] == ["2027-01-04"]
