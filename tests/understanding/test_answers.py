"""Answers to a choice question in the person's own words: which choice, or none (never a guess)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.understanding.answers import (
    Option,
    candidates,
    is_whole_answer,
    match_answer,
    options_from,
    says_none,
    says_yes,
    yes_or_no,
)
from bot.understanding.types import Child

OLA = Child("s-ola", "Ola", "Nordmann", "5B", 5, "male", dt.date(2016, 3, 1))
EMMA = Child("s-emma", "Emma", "Nordmann", "2A", 2, "female", dt.date(2019, 5, 2))
NORA = Child("s-nora", "Nora", "Berg", "5B", 5, "female", dt.date(2016, 7, 9))
MIA = Child("s-mia", "Mia", "Hansen", "1A", 1, "female", dt.date(2020, 1, 4))


def children(*kids: Child, everyone: str | None = "Begge") -> list[Option]:
    labels = [k.given_name for k in kids] + ([everyone] if everyone else [])
    return options_from(labels, meanings=[Option(label=k.given_name, child=k) for k in kids])


TWO = children(OLA, EMMA)
YES_NO = options_from(["Ja", "Nei"])
REASONS = options_from(
    ["sykdom", "time hos lege/tannlege e.l.", "familiære årsaker", "annet"],
    meanings=[Option(label=r, reason=r) for r in ("illness", "appointment", "family", "other")],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numbers and ordinals
        ("1", 0),
        ("2", 1),
        ("3", 2),
        ("nr 2", 1),
        ("nummer 1", 0),
        ("den andre", 1),
        ("the second", 1),
        ("the second one", 1),
        ("første", 0),
        ("den første", 0),
        ("fyrste", 0),
        ("first", 0),
        ("siste", 2),
        # names, surnames, full names, typos
        ("Emma", 1),
        ("emma", 1),
        ("Emmma", 1),
        ("Olas", 0),
        ("Emma Nordmann", 1),
        ("Ola Nordmann", 0),
        ("det gjelder Emma", 1),
        ("it's Emma", 1),
        # age
        ("den minste", 1),
        ("minstemann", 1),
        ("yngste", 1),
        ("the youngest", 1),
        ("den eldste", 0),
        ("eldst", 0),
        ("the oldest", 0),
        ("storebror", 0),
        ("lillesøster", 1),
        # sex, unique among the children
        ("jenta", 1),
        ("gutten", 0),
        ("datteren min", 1),
        ("dottera mi", 1),
        ("sønnen min", 0),
        ("my daughter", 1),
        ("the boy", 0),
        ("my son", 0),
        # all of them
        ("begge", 2),
        ("begge to", 2),
        ("alle", 2),
        ("both", 2),
        ("all of them", 2),
        ("Ola og Emma", 2),
    ],
)
def test_which_child(text: str, expected: int) -> None:
    assert match_answer(text, TWO) == expected
    assert is_whole_answer(text, TWO)


@pytest.mark.parametrize(
    "text",
    [
        "Nordmann",  # both children are Nordmann: ask again, not "both"
        "nordman",
        "hmm",
        "vet ikke",
        "4",  # no fourth choice
        "",
    ],
)
def test_which_child_unclear_is_none(text: str) -> None:
    assert match_answer(text, TWO) is None


def test_a_surname_picks_the_child_when_it_is_unique() -> None:
    options = children(EMMA, NORA)
    assert match_answer("Berg", options) == 1
    assert match_answer("Nordmann", options) == 0


def test_sex_words_need_a_unique_child() -> None:
    girls = children(EMMA, NORA)
    assert match_answer("jenta", girls) is None
    assert match_answer("den minste jenta", girls) == 0
    assert match_answer("the eldest girl", girls) == 1


@pytest.mark.parametrize(("text", "expected"), [("han", 0), ("Han.", 0), ("him", 0), ("hun", 1), ("ho", 1), ("she", 1)])
def test_a_pronoun_alone_names_the_child_by_sex(text: str, expected: int) -> None:
    assert match_answer(text, TWO) == expected
    assert is_whole_answer(text, TWO)


def test_a_pronoun_needs_a_unique_child_and_must_open_the_answer() -> None:
    assert match_answer("hun", children(EMMA, NORA)) is None
    assert not is_whole_answer("han er syk i dag", TWO)  # a new request, not the answer "Ola"


def test_age_words_among_three() -> None:
    options = children(OLA, EMMA, MIA, everyone="Alle")
    assert match_answer("den minste", options) == 2
    assert match_answer("eldste", options) == 0
    assert match_answer("alle", options) == 3
    assert match_answer("Ola og Emma", options) is None  # two of three: not one choice


def test_a_new_request_that_names_a_child_is_not_a_whole_answer() -> None:
    assert match_answer("Emma er syk i dag", TWO) == 1  # as an answer it would be Emma...
    assert not is_whole_answer("Emma er syk i dag", TWO)  # ...but it is a request of its own
    assert not is_whole_answer("ukeplan", TWO)
    assert not is_whole_answer("fravær", TWO)


@pytest.mark.parametrize(
    "text",
    [
        "ja",
        "Ja!",
        "jo",
        "jepp",
        "jada",
        "ja takk",
        "Ja takk!",
        "gjerne",
        "ok",
        "okei",
        "det stemmer",
        "stemmer",
        "greit",
        "gjer det",
        "gjør det",
        "jau",
        "yes",
        "yes please",
        "yep",
        "sure",
        "go ahead",
        "👍",
    ],
)
def test_yes(text: str) -> None:
    assert yes_or_no(text) is True
    assert match_answer(text, YES_NO) == 0
    assert is_whole_answer(text, YES_NO)


@pytest.mark.parametrize(
    "text",
    [
        "nei",
        "Nei.",
        "nei takk",
        "neida",
        "ikke",
        "ikkje",
        "ikkje no",
        "ikke nå",
        "stemmer ikke",
        "nope",
        "no",
        "no thanks",
        "nah",
        "næ",
    ],
)
def test_no(text: str) -> None:
    assert yes_or_no(text) is False
    assert match_answer(text, YES_NO) == 1
    assert is_whole_answer(text, YES_NO)


@pytest.mark.parametrize("text", ["ja, nei forresten", "kanskje", "fravær", "borte: Ola", "vet ikke helt"])
def test_neither_yes_nor_no(text: str) -> None:
    assert match_answer(text, YES_NO) is None or not is_whole_answer(text, YES_NO)


def test_says_yes_only_to_a_whole_yes() -> None:
    assert says_yes("jepp")
    assert says_yes("yes please")
    assert not says_yes("nei")
    assert not says_yes("ja, men vent litt med det")
    assert not says_yes("ok")  # an acknowledgement of a broadcast is no go-ahead to send one
    assert not says_yes("greit")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vi skal i gravferd til bestefar", 2),
        ("we are going to grandma's funeral", 2),
        ("bryllup", 2),
        ("hytta", 2),
        ("syk", 0),
        ("sjuk", 0),
        ("han har feber", 0),
        ("hun kastet opp i natt", 0),
        ("she has a fever", 0),
        ("tannlegen", 1),
        ("legetime", 1),
        ("dentist appointment", 1),
        ("familie", 2),
        ("annet", 3),
        ("fotballcup", 3),
        ("2", 1),
        ("den tredje", 2),
    ],
)
def test_reason_in_a_word_or_sentence(text: str, expected: int) -> None:
    assert match_answer(text, REASONS) == expected
    assert is_whole_answer(text, REASONS)


def test_reason_without_a_category_is_none() -> None:
    assert match_answer("hmm vet ikke", REASONS) is None


def test_labels_with_typos_and_distinguishing_words() -> None:
    rooms = options_from(["Musikkrom 1 fredag 10:00–11:00", "Musikkrom 2 fredag 10:00–11:00", "Nei takk"])
    assert match_answer("musikrom 2", rooms) == 1
    assert match_answer("Musikkrom 1", rooms) == 0
    assert match_answer("nei takk", rooms) == 2
    assert match_answer("musikkrom", rooms) is None  # both: ask again
    pupils = options_from(["Ola Nordmann (5B)", "Ola Hansen (6A)"])
    assert match_answer("Hansen", pupils) == 1
    assert match_answer("Ola i 5B", pupils) == 0
    assert match_answer("6a", pupils) == 1
    assert match_answer("Ola", pupils) is None


def test_candidates_show_ambiguity() -> None:
    assert candidates("Nordmann", TWO) == {0, 1}
    assert candidates("hmm", TWO) == set()


def test_options_survive_dialog_state_as_json() -> None:
    for option in TWO + REASONS + YES_NO:
        assert Option.from_json(option.to_json()) == option


def test_size_words_pick_by_the_size_in_brackets() -> None:
    cabinets = options_from(["Dataskap 1 (30 PC-er)", "Dataskap 2 (16 PC-er)"])
    assert match_answer("den store", cabinets) == 0
    assert match_answer("det lille", cabinets) == 1
    assert match_answer("the big one", cabinets) == 0
    assert is_whole_answer("den store", cabinets)
    assert match_answer("den store", options_from(["Møterom 1", "Møterom 2"])) is None


def test_yes_to_a_question_with_one_choice_is_that_choice() -> None:
    only = children(OLA, everyone=None)  # "Gjelder det Ola?"
    assert match_answer("ja", only) == 0 and is_whole_answer("ja takk", only)
    assert match_answer("Ola", only) == 0
    assert match_answer("nei", only) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("den i 2A", 1),
        ("han i 5B", 0),
        ("5b", 0),
        ("den som går i 2A, hun kastet opp i natt", 1),
        ("hun i andre klasse", 1),
        ("den som går i femte klasse", 0),
        ("the one in 2nd grade", 1),
        ("5. trinn", 0),
    ],
)
def test_a_child_by_class_or_grade(text: str, expected: int) -> None:
    assert match_answer(text, TWO) == expected


def test_class_and_sex_or_name_that_disagree_ask_again() -> None:
    assert candidates("hun i 5B", TWO) == {0, 1}  # the girl is in 2A
    assert candidates("Emma i 5B", TWO) == {0, 1}
    assert match_answer("den i 5B", children(OLA, NORA)) is None  # two children in one class


@pytest.mark.parametrize("text", ["ingen av dem", "ingen av dei, feil nummer", "none of them", "neither", "nei, ingen"])
def test_none_of_the_choices(text: str) -> None:
    assert says_none(text)


@pytest.mark.parametrize("text", ["Emma", "ingenting å melde", "begge", "nei"])
def test_not_none_of_the_choices(text: str) -> None:
    assert not says_none(text)
