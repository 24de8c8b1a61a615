"""The confidence of a parse (issue 17): each named factor, and the evidence `understand` finds for it."""

from __future__ import annotations

import pytest

from bot.understanding import understand
from bot.understanding.confidence import (
    DEFAULT_CONFIRM_BELOW,
    FACTORS,
    Evidence,
    confidence,
    doubts,
    evidence_of,
    lexicon,
)
from bot.understanding.corpus import CALENDAR, FAMILIES, SCHOOL_FIRST_NAMES
from bot.understanding.parse import _read
from bot.understanding.types import Understanding
from tests.understanding.conftest import MONDAY


def evidence(text: str, family: str = "one") -> Evidence:
    """The evidence of one message's parse, as `understand` gathers it."""
    kids = FAMILIES[family]
    r = _read(text, MONDAY, CALENDAR)
    u = understand(text, children=kids, now=MONDAY, calendar=CALENDAR, school_first_names=SCHOOL_FIRST_NAMES)
    return evidence_of(
        r.msg, u, all_spans=r.all_spans, spans=r.spans, children=kids, school_first_names=SCHOOL_FIRST_NAMES
    )


# --- the pure factors ----------------------------------------------------------------------


def test_no_doubt_is_full_confidence_and_a_keyword_has_none() -> None:
    assert doubts(Evidence(intent="absence")) == ()
    assert confidence(Evidence(intent="absence")) == 1.0
    assert isinstance(confidence(Evidence(intent="absence")), float)
    assert doubts(Evidence(intent="stop", keyword=True, supported=False, unread=3)) == ()


@pytest.mark.parametrize(
    ("evidence_", "name"),
    [
        (Evidence(intent="absence", supported=False), "intent_without_cue"),
        (Evidence(intent="absence", rivals=1), "intent_rival"),
        (Evidence(intent="absence", children="typo"), "child_by_typo"),
        (Evidence(intent="absence", children="described"), "child_described"),
        (Evidence(intent="absence", children="unresolved"), "child_unresolved"),
        (Evidence(intent="absence", dates="default"), "dates_default"),
        (Evidence(intent="absence", time_words=True), "dates_unread"),
        (Evidence(intent="absence", set_aside=True), "dates_set_aside"),
        (Evidence(intent="absence", calendar=True), "dates_calendar"),
        (Evidence(intent="absence", date_phrases=3), "dates_many_phrases"),
        (Evidence(intent="absence", reason="several"), "reason_several"),
        (Evidence(intent="absence", reason="guessed"), "reason_guessed"),
        (Evidence(intent="absence", reason="unread"), "reason_unread"),
        (Evidence(intent="absence", typos=1), "typo"),
        (Evidence(intent="absence", words=31), "long"),
        (Evidence(intent="absence", unread=1), "unread_word"),
        (Evidence(intent="absence", doubted=True), "report_doubted"),
    ],
)
def test_each_doubt_costs_its_named_factor(evidence_: Evidence, name: str) -> None:
    assert doubts(evidence_) == (name,)
    assert confidence(evidence_) == round(FACTORS[name], 2)


def test_doubts_multiply_and_repeated_ones_are_capped() -> None:
    e = Evidence(intent="absence", rivals=5, unread=9, typos=4)
    assert doubts(e).count("intent_rival") == 3
    assert doubts(e).count("unread_word") == 3
    assert doubts(e).count("typo") == 2
    expected = FACTORS["intent_rival"] ** 3 * FACTORS["unread_word"] ** 3 * FACTORS["typo"] ** 2
    assert confidence(e) == round(expected, 2)
    assert 0.0 <= confidence(e) < DEFAULT_CONFIRM_BELOW


def test_every_factor_lowers_confidence() -> None:
    assert all(0.0 < f < 1.0 for f in FACTORS.values())


# --- the evidence understand finds -------------------------------------------------------------


def test_a_plain_report_and_a_keyword_have_no_doubt() -> None:
    assert doubts(evidence("Ola er syk i dag")) == ()
    assert evidence("STOPP").keyword


def test_how_the_children_were_found() -> None:
    assert evidence("Ola er syk i dag").children == "named"
    assert evidence("begge er syke i dag", "two").children == "named"
    assert evidence("jonsa er syk i dag", "two").children == "typo"
    assert evidence("gutten er syk i dag", "two").children == "described"
    assert evidence("han er syk i dag").children == "only_child"
    assert evidence("er syk i dag", "two").children == "unresolved"
    assert evidence("ukeplan", "one").children == "only_child"
    assert evidence("book grupperom fredag").children == "na"


def test_how_the_days_were_found() -> None:
    assert evidence("Ola er syk i dag").dates == "named"
    assert evidence("Ola er syk").dates == "default"
    assert evidence("Ola er borte første skoledag etter jul").calendar
    assert evidence("Ola er hjemme, kommer igjen etter vinterferien fordi").time_words


def test_how_the_reason_was_found() -> None:
    assert evidence("Ola er syk i dag").reason == "word"
    assert evidence("Ola er syk og skal til legen i dag").reason == "several"
    assert evidence("Ola er hjemme i dag pga snøkaos").reason == "guessed"
    assert evidence("Ola er hjemme i dag fordi").reason == "unread"
    assert evidence("Ola er hjemme i dag").reason == "none"


def test_intent_cues_typos_and_unread_words() -> None:
    unplaced = evidence("Is the music room warm enough on Friday at 10?")  # a room, a day, a time: no request
    assert unplaced.intent == "unknown" and not unplaced.supported and unplaced.rivals >= 1
    assert evidence("Is the music room free on Friday at 10?").intent == "booking"
    assert evidence("Ola har fæbr i dag").typos == 1
    assert evidence("Ola har feber i dag").typos == 0
    assert evidence("Ola er hjemme i dag, han ligger på sofaen med pledd").unread == 2
    assert evidence("Beklager, Ola er syk i dag").unread == 0  # courtesy is no unread word
    assert evidence("Ola er borte i dag, er det greit?").doubted  # a report asked as a question
    assert evidence("Ola er ikke borte i dag").doubted  # its away word negated
    assert not evidence("Ola er borte i dag").doubted


def test_the_lexicon_holds_the_grammars_words() -> None:
    words = lexicon()
    assert {"syk", "tannlege", "ukeplan", "hjemme", "permisjon"} <= words
    assert "pledd" not in words


def test_understand_sets_confidence_and_json_rounds_it() -> None:
    kids = FAMILIES["one"]
    sure = understand("Ola er syk i dag", children=kids, now=MONDAY, calendar=CALENDAR)
    unsure = understand("Ola er hjemme i dag pga snøkaos", children=kids, now=MONDAY, calendar=CALENDAR)
    assert sure.confidence == 1.0 and sure.to_json()["confidence"] == 1.0
    assert unsure.confidence < DEFAULT_CONFIRM_BELOW
    assert unsure == Understanding.from_json(unsure.to_json())  # confidence is no part of what the message means
    assert Understanding.from_json(unsure.to_json()).confidence == unsure.confidence
    assert Understanding(intent="absence").to_json()["confidence"] == 1.0
