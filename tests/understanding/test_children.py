"""Which of the sender's children a message is about."""

from __future__ import annotations

import pytest

from bot.understanding import Child, resolve_children
from bot.understanding.corpus import FAMILIES, SCHOOL_FIRST_NAMES


def resolve(text: str, family: str) -> tuple[str, ...] | None:
    return resolve_children(text, FAMILIES[family], SCHOOL_FIRST_NAMES)


@pytest.mark.parametrize(
    ("text", "family", "expected"),
    [
        ("Emma er syk", "two", ("s-emma",)),
        ("Jonas og Emma er syke", "two", ("s-emma", "s-jonas")),  # roster order
        ("begge er syke", "two", ("s-emma", "s-jonas")),
        ("barna er hjemme", "two", ("s-emma", "s-jonas")),
        ("both kids are sick", "two", ("s-emma", "s-jonas")),
        ("gutten er syk", "two", ("s-jonas",)),
        ("sønnen min er syk", "two", ("s-jonas",)),
        ("dattera er syk", "two", ("s-emma",)),
        ("den minste er syk", "two", ("s-emma",)),
        ("yngste er syk", "two", ("s-emma",)),
        ("eldste er syk", "two", ("s-jonas",)),
        ("storebror er syk", "two", ("s-jonas",)),
        ("han er syk", "two", ("s-jonas",)),
        ("ho er sjuk", "two", ("s-emma",)),
        ("Emmas sekk", "two", ("s-emma",)),
        ("Jnoas er syk", "two", ("s-jonas",)),  # one typo away
        ("alle tre er syke", "three", ("s-nora", "s-liam", "s-ella")),
        ("begge jentene er syke", "three", ("s-nora", "s-ella")),
        ("lillesøster er syk", "three", ("s-ella",)),
        ("gutten er syk", "three", ("s-liam",)),
        ("den minste er syk", "nosex", ("s-aksel",)),  # by grade when birth dates are missing
        ("Nora er syk", "namesake", ("s-nora-lie",)),
        ("Dag er syk i dag", "dag", ("s-dag",)),
        ("syk i dag", "dag", ("s-dag",)),
        ("Anne-Marie er syk", "double", ("s-anne",)),
        ("syk i dag", "one", ("s-ola",)),
        ("Ola er syk. Hilsen Kari", "one", ("s-ola",)),
    ],
)
def test_resolves(text: str, family: str, expected: tuple[str, ...]) -> None:
    assert resolve(text, family) == expected


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("syk i dag", "two"),
        ("jenta er syk", "three"),  # two girls
        ("begge er syke", "three"),  # three children
        ("gutten er syk", "twins"),
        ("gutten er syk", "nosex"),  # no sex on the roster
    ],
)
def test_must_ask(text: str, family: str) -> None:
    assert resolve(text, family) is None


@pytest.mark.parametrize(
    ("text", "family"),
    [("Emma er syk", "one"), ("Liam er syk", "namesake"), ("Ola er syk", "two"), ("Per er syk", "one")],
)
def test_another_familys_child(text: str, family: str) -> None:
    assert resolve(text, family) == ()


def test_own_name_wins_over_another_familys() -> None:
    assert resolve("Ola og Per er syke", "one") == ("s-ola",)


def test_greeted_teacher_is_not_a_child() -> None:
    assert resolve("Hei Kari, han er syk i dag", "one") == ("s-ola",)


def test_common_word_names_need_a_capital() -> None:
    liv = (Child("s-liv", "Liv", "Ås", "2A", 2, "female"), Child("s-per", "Per", "Ås", "4A", 4, "male"))
    assert resolve_children("Liv er syk", liv, SCHOOL_FIRST_NAMES) == ("s-liv",)
    assert resolve_children("det går utover liv og helse, 10 kr per dag", liv, SCHOOL_FIRST_NAMES) is None


def test_no_children() -> None:
    assert resolve_children("Ola er syk", (), SCHOOL_FIRST_NAMES) == ()
