"""Date grammar, round 2: spans to a calendar boundary, counted days at a break's edge, past days
added to today's report, denied and hedged days, weeks narrowed to some of their days.

Every case stands for a family of messages (bokmål, nynorsk, dialect, English); the sentences are
written for these tests, and the calendar is the corpus school year with its four breaks.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.understanding import understand
from bot.understanding.corpus import FAMILIES, SCHOOL_FIRST_NAMES
from tests.understanding.conftest import SCHOOL_YEAR, at, span

TERMS = SCHOOL_YEAR

WEDNESDAY = at(2026, 11, 25, 7, 30)
MONDAY = at(2026, 11, 30, 7, 30)
TUESDAY = at(2026, 12, 1, 7, 30)


def dates_of(text: str, now: datetime) -> list[str]:
    u = understand(text, children=FAMILIES["one"], now=now, calendar=TERMS, school_first_names=SCHOOL_FIRST_NAMES)
    return [d.isoformat() for d in u.dates]


REST_OF_WEEK = span("2026-11-25", "2026-11-27")


# --- spans to a calendar boundary, from today -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ola er syk og blir hjemme resten av uka",
        "Ola er sjuk og blir heime resten av veka",
        "Ola e dårli, han bli hjæmme resten a uga",
        "Ola e sjuk, han kjæm ittj resten tå veka",
        "Ola is not well, he will stay home for the rest of the week",
        "Ola has a fever, keeping him home the rest of this week",
        "Ola har vannkopper og er hjemme hele denne uka",
        "Ola is home all this week with a cough",
    ],
)
def test_rest_of_the_week_runs_from_today(text: str) -> None:
    assert dates_of(text, WEDNESDAY) == REST_OF_WEEK


def test_the_whole_week_told_in_the_past_is_the_whole_week() -> None:
    assert dates_of("Ola har vært syk hele denne uka", at(2026, 11, 27, 7, 30)) == span("2026-11-23", "2026-11-27")


@pytest.mark.parametrize(
    "text",
    [
        "Ola har influensa, ikke mer skole før jul for ham",
        "Ola er sjuk, han kjem ikkje meir på skulen før jul",
        "Ola has the flu, so no more school for him before the Christmas break",
        "Ola is sick, he won't be back before the Christmas holidays",
        "Ola won't be in until after Christmas, he has pneumonia",
        "Ola kommer ikke før neste år, han har lungebetennelse",
    ],
)
def test_no_more_school_before_a_break_runs_to_the_break(text: str) -> None:
    assert dates_of(text, at(2026, 12, 14, 7, 30)) == span("2026-12-14", "2026-12-18")


def test_a_bare_before_the_break_is_no_span() -> None:
    assert dates_of("Vi reiser før jul, kan Ola få fri?", at(2026, 12, 1, 19, 30)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Ola er syk i dag, vi ses etter høstferien",
        "Ola er sjuk i dag, me sjåast etter haustferien",
        "Ola is poorly today, see you after the autumn break",
    ],
)
def test_see_you_after_the_break_is_away_until_the_break(text: str) -> None:
    assert dates_of(text, at(2026, 10, 1, 7, 30)) == ["2026-10-01", "2026-10-02"]


def test_see_you_on_a_weekday_is_a_return_day() -> None:
    assert dates_of("Ola is sick, see you on Monday", at(2026, 11, 26, 7, 30)) == ["2026-11-26", "2026-11-27"]


@pytest.mark.parametrize(
    "text",
    [
        "Ola er borte resten av skoleåret, vi flytter til Bergen på fredag",
        "Ola will be away for the rest of the school year, we fly to Lahore on Friday",
    ],
)
def test_rest_of_the_school_year_starts_when_the_trip_does(text: str) -> None:
    assert dates_of(text, at(2027, 6, 9, 10, 0)) == span("2027-06-11", "2027-06-18")


def test_rest_of_the_school_year_without_a_trip_starts_today() -> None:
    assert dates_of("Ola er borte ut skoleåret", at(2027, 6, 9, 10, 0)) == span("2027-06-09", "2027-06-18")


def test_an_evening_departure_starts_the_run_the_next_day() -> None:
    assert dates_of("Ola er borte resten av uka, vi reiser i morgen kveld", MONDAY) == span("2026-12-02", "2026-12-04")


@pytest.mark.parametrize(
    "text",
    [
        "Ola opereres onsdag neste uke og er hjemme til og med fredag",
        "Ola skal operere tirsdag neste veke og må vere heime til og med fredag",
        "Ola has surgery on Tuesday next week and will be home until Friday",
    ],
)
def test_up_to_and_including_after_a_later_day_runs_from_that_day(text: str) -> None:
    assert dates_of(text, MONDAY)[-1] == "2026-12-11"
    assert dates_of(text, MONDAY)[0] in {"2026-12-08", "2026-12-09"}
    assert "2026-11-30" not in dates_of(text, MONDAY)


@pytest.mark.parametrize("text", ["Ola kommer ikke før torsdag", "Ola kjem ikkje før torsdag"])
def test_not_before_a_day_is_up_to_the_day_before(text: str) -> None:
    assert dates_of(text, MONDAY) == span("2026-11-30", "2026-12-02")


def test_back_at_school_on_a_day_after_an_away_word_is_a_return() -> None:
    assert dates_of("Ola er syk, kommer på skolen torsdag", MONDAY) == span("2026-11-30", "2026-12-02")
    assert dates_of("Ola er syk i dag, men er på skolen i morgen", MONDAY) == ["2026-11-30"]


# --- counted days at a break's edge --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kan Ola få fri de to første dagene etter vinterferien? Vi er på hytta",
        "Kan Ola få fri dei to fyrste skuledagane etter vinterferien?",
        "Could Ola have the first two days after the winter break off? We're in the Alps",
    ],
)
def test_the_first_days_after_a_break(text: str) -> None:
    assert dates_of(text, at(2027, 2, 8, 20, 0)) == ["2027-03-01", "2027-03-02"]


@pytest.mark.parametrize(
    "text",
    [
        "Vi er på ferie etter påske, kan Ola få fri de to første skoledagene?",
        "Vi kjem heim frå Spania etter påske, Ola treng fri dei to fyrste skuledagane",
        "Vi e på hytta ætter påske, kan Ola få fri dæm to førrste skoledagan?",
    ],
)
def test_counted_school_days_take_the_break_named_elsewhere(text: str) -> None:
    assert dates_of(text, at(2027, 3, 10, 20, 0)) == ["2027-03-30", "2027-03-31"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ola misses the last two days before the Christmas holidays, we fly to Bangkok", ["2026-12-17", "2026-12-18"]),
        ("Søker fri for Ola de tre siste dagene før juleferien", ["2026-12-16", "2026-12-17", "2026-12-18"]),
    ],
)
def test_the_last_days_before_a_break(text: str, expected: list[str]) -> None:
    assert dates_of(text, at(2026, 12, 1, 20, 0)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Søker fri for Ola de to siste ukene før påskeferien",
        "Søkjer fri for Ola dei to siste vekene før påskeferien",
    ],
)
def test_the_last_weeks_before_a_break(text: str) -> None:
    assert dates_of(text, at(2027, 2, 22, 20, 0)) == span("2027-03-08", "2027-03-19")


def test_an_evening_flight_leaves_that_day_a_school_day() -> None:
    text = "Søker fri for Ola de to siste skoledagene før sommerferien, vi flyr til Hanoi 16. juni om kvelden"
    assert dates_of(text, at(2027, 6, 1, 20, 0)) == ["2027-06-17", "2027-06-18"]


def test_one_first_day_stays_one_day_when_the_way_home_is_that_evening() -> None:
    text = "Ola kommer ikke første dagen etter høstferien, vi er ikke hjemme fra Kreta før mandag kveld"
    assert dates_of(text, at(2026, 10, 5, 12, 0)) == ["2026-10-12"]


def test_the_first_school_day_of_the_year() -> None:
    assert dates_of("Ola kommer ikke første skoledag, vi er i Pakistan", at(2026, 8, 10, 12, 0)) == ["2026-08-17"]


def test_away_from_the_first_school_day_until_back_at_school() -> None:
    text = "Ola kommer ikke første skoledag, vi lander tirsdag kveld. Han er på skolen onsdag"
    assert dates_of(text, at(2026, 8, 17, 7, 0)) == ["2026-08-17", "2026-08-18"]


@pytest.mark.parametrize(
    "text",
    [
        "Ola var syk siste dagen før høstferien også, glemte å si ifra. Han er syk i dag",
        "Ola was ill the last day before the autumn break too, sorry. Still ill today",
    ],
)
def test_an_edge_day_in_the_past_is_the_break_just_over(text: str) -> None:
    assert dates_of(text, at(2026, 10, 12, 7, 30)) == ["2026-10-02", "2026-10-12"]


# --- past days beside today's report -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ola var syk fredag også, glemte å si ifra. Han er fortsatt syk i dag",
        "Ola var sjuk fredag òg, gløymde å melde. Han er framleis sjuk i dag",
        "Ola was off sick on Friday too, sorry I forgot. Still sick today",
        "Ola va sjuk på fredag og, glømte å si ifra. Han e hjemme i dag og",
    ],
)
def test_a_past_day_reported_late_is_added(text: str) -> None:
    assert dates_of(text, MONDAY) == ["2026-11-27", "2026-11-30"]


def test_past_days_of_this_week_reported_late_are_added() -> None:
    text = "Ola va sjuk på mandag og tirsdag og, glømte å si ifra. Han e hjemme i dag og"
    assert dates_of(text, at(2026, 12, 2, 7, 30)) == ["2026-11-30", "2026-12-01", "2026-12-02"]


@pytest.mark.parametrize(
    "text",
    [
        "Ola was also sick yesterday, forgot to message. He is home today as well",
        "Ola syk i går og i dag",
        "Ola var syk i går og i dag",
    ],
)
def test_yesterday_as_an_absence_day(text: str) -> None:
    assert dates_of(text, TUESDAY) == ["2026-11-30", "2026-12-01"]


@pytest.mark.parametrize(
    "text",
    [
        "Ola brakk armen i går på trening, han blir hjemme i dag",
        "Ola fell off his bike yesterday and is staying home today",
        "Ola kasta opp i går kveld, han blir heime i dag",
        "Ola fekk feber i går ettermiddag, blir heime i dag",
        "Takk for at dere ringte i går. Ola er fortsatt syk i dag",
        "Farfar vart innlagd i går kveld, Ola blir heime i dag",
        "Ola var på legevakta i går, han blir hjemme i dag",
        "Ola er syk i dag. I går var han på skolen",
        "Ola blir hjemme i dag, i går hadde han feber",
    ],
)
def test_what_happened_yesterday_adds_no_day(text: str) -> None:
    assert dates_of(text, TUESDAY) == ["2026-12-01"]


def test_a_late_report_of_only_a_past_day_keeps_it() -> None:
    assert dates_of("Ola var syk i går, glemte å melde", TUESDAY) == ["2026-11-30"]


@pytest.mark.parametrize(
    "text",
    [
        "Ola er syk i dag. Kanskje i morgen også, jeg sier ifra",
        "Ola er sjuk i dag, kanskje i morgon òg",
        "Ola is sick today, maybe tomorrow too, I will let you know",
        "Ola sick, no school today. Possibly tomorrow also",
    ],
)
def test_a_maybe_day_is_not_reported(text: str) -> None:
    assert dates_of(text, TUESDAY) == ["2026-12-01"]


def test_a_maybe_day_alone_is_still_the_day_asked_about() -> None:
    assert dates_of("Ola er kanskje syk i morgen", TUESDAY) == ["2026-12-02"]


# --- denied days, narrowed weeks, weekday with a day number -------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stopp, feil dag! Ola er syk i morgen, ikke i dag", ["2026-12-02"]),
        ("Rettelse: Ola er syk i morgen og ikke i dag", ["2026-12-02"]),
        ("Ola er sjuk fredag, ikkje torsdag", ["2026-12-04"]),
        ("Sorry wrong day, Ola is off tomorrow not today", ["2026-12-02"]),
        ("Ola is sick Friday, not Thursday", ["2026-12-04"]),
    ],
)
def test_a_denied_day_is_no_absence_day(text: str, expected: list[str]) -> None:
    assert dates_of(text, TUESDAY) == expected


def test_a_negated_verb_still_names_the_day() -> None:
    assert dates_of("Ola kommer ikke i dag", TUESDAY) == ["2026-12-01"]
    assert dates_of("Ola er syk i dag og kommer ikke i morgen heller", TUESDAY) == ["2026-12-01", "2026-12-02"]
    assert dates_of("Ola kan ikke komme i dag, og ikke i morgen", TUESDAY) == ["2026-12-01", "2026-12-02"]


@pytest.mark.parametrize(
    "text",
    [
        "Ola er med på cup neste uke, fra mandag til onsdag",
        "Ola skal på leirskule neste veke, måndag til onsdag",
        "Ola is away next week, Monday to Wednesday",
    ],
)
def test_next_week_narrowed_to_some_days(text: str) -> None:
    assert dates_of(text, MONDAY) == span("2026-12-07", "2026-12-09")


def test_the_whole_next_week_stays_whole() -> None:
    assert dates_of("Ola er borte hele neste uke", MONDAY) == span("2026-12-07", "2026-12-11")


@pytest.mark.parametrize(
    "text",
    ["Kan Ola få fri fredag den 15.?", "Can Ola have Friday the 15th off?", "We fly on Friday the 15th, Ola is away"],
)
def test_a_weekday_with_a_day_number_picks_the_month_where_they_meet(text: str) -> None:
    assert dates_of(text, at(2026, 11, 30, 20, 0)) == ["2027-01-15"]
