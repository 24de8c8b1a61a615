"""Property tests: any text is understood without raising, quickly."""

from __future__ import annotations

from conftest import MONDAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.understanding import INTENTS, REASONS, Understanding, parse_clock, parse_dates, understand
from bot.understanding.corpus import CALENDAR, FAMILIES, SCHOOL_FIRST_NAMES

WORDS = st.sampled_from(
    [
        "Ola",
        "Emma",
        "syk",
        "i dag",
        "i morgen",
        "fredag",
        "til",
        "og",
        "kl",
        "12",
        "3.",
        "-",
        "5. des",
        "uke",
        "49",
        "halv",
        "tolv",
        "kvart",
        "over",
        "på",
        "fra",
        "neste",
        "hjemme",
        "søker",
        "fri",
        "ukeplan",
        "begge",
        "gutten",
        "frisk",
        "ikke",
        "kommer",
        "går hjem",
        "🤒",
        "\n",
        "Mvh",
        "?",
        "/",
        ".",
        "32.13",
        "tilbake",
        "tre dager",
        "t.o.m.",
        "siden",
        "var",
        "04.12.2026",
        "ferie",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(WORDS, max_size=40).map(" ".join),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "So", "Zs", "Nd", "Po"]), max_size=200),
)


def _check(text: str) -> Understanding:
    got = understand(
        text, children=FAMILIES["two"], now=MONDAY, calendar=CALENDAR, school_first_names=SCHOOL_FIRST_NAMES
    )
    assert got.intent in INTENTS
    assert got.reason is None or got.reason in REASONS
    assert list(got.dates) == sorted(set(got.dates))
    assert set(got.students) <= {"s-emma", "s-jonas"}
    got.to_json()
    return got


def test_warm_up() -> None:
    # First calls load dateparser's language data; keep that out of the timed properties.
    _check("Ola er borte on December the 4th")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_is_understood(text: str) -> None:
    _check(text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_helpers_never_raise(text: str) -> None:
    parse_clock(text)
    parse_dates(text, MONDAY, CALENDAR)


def test_very_long_input_is_fast() -> None:
    text = ("Ola er syk i dag og i morgen 🤒 fra 3.-5. des kl 12 " * 2000) + "x" * 100_000
    _check(text)
    _check("\x00\x01\u202e" * 5000)
    _check("9" * 50_000)
