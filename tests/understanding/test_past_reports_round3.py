"""Past reports, round 3 (issue 17): a past day told as a day not at school is an absence day, a weekday
in a past-tense clause is the past one, "not in until Wednesday" ends the day before, a denied cause is
no reason, and a child who will not do homework is no week plan. Sentences written for these tests, not
taken from a corpus."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import at, days

from bot.understanding import Understanding, classify_reason
from bot.understanding.normalise import canonical, clean

Ask = Callable[..., Understanding]

# Wednesday 2 December 2026, before school: Monday 30 November and Tuesday 1 December are past school days,
# Friday 27 November is last Friday.
WEDNESDAY = at(2026, 12, 2, 7, 50)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A past day in its own clause, presence denied: the day itself, without "også".
        ("Ola var ikke på skolen i går, han hadde vondt i magen. Han er hjemme i dag også", ("12-01", "12-02")),
        ("Ola va ikkje på skulen i går, han hadde feber, og er heime i dag òg", ("12-01", "12-02")),
        ("Ola was not at school yesterday and he is still sick today", ("12-01", "12-02")),
        ("Ola var ikkje på skulen i går heller og er heller ikkje der i dag", ("12-01", "12-02")),
        # Back today: only the past day.
        ("Beklager sen beskjed: Ola var ikke på skolen i går, han hadde feber. I dag er han tilbake", ("12-01",)),
        ("Ola didn't go to school yesterday, he had a fever. He's back today", ("12-01",)),
        ("Ola wasn't at school on Monday or Tuesday, he had the flu", ("11-30", "12-01")),
        # A weekday in a past-tense clause is the past one.
        ("Ola didn't come to school on Friday, he had a migraine", ("11-27",)),
        ("Ola ikke kom skole fredag, han var syk", ("11-27",)),
        ("Glemte å melde: Ola var ikke på skolen fredag, han var forkjølet", ("11-27",)),
        # This week so far.
        ("Ola har ikke vært på skolen denne uka, han har influensa", ("11-30", "12-01")),
        (
            "Ola har ikkje vore på skulen denne veka, han har influensa. Han er heime i dag òg",
            ("11-30", "12-01", "12-02"),
        ),
    ],
)
def test_a_past_day_not_at_school_is_an_absence_day(ask: Ask, text: str, expected: tuple[str, ...]) -> None:
    u = ask(text, now=WEDNESDAY)
    assert u.intent == "absence"
    assert u.students == ("s-ola",)
    assert u.dates == days(*expected)


def test_a_forgotten_report_is_an_absence(ask: Ask) -> None:
    u = ask("Vi glemte å melde at Ola ikke var på skolen i går. Han hadde halsbetennelse", now=WEDNESDAY)
    assert (u.intent, u.students, u.dates, u.reason) == ("absence", ("s-ola",), days("12-01"), "illness")


@pytest.mark.parametrize(
    "text",
    [
        "Ola won't be in until Friday, he has the flu",
        "Ola won't be back till Friday",
        "Ola is not in until Friday, the doctor says it's an ear infection",
        "Ola kommer ikke før fredag, han har influensa",
    ],
)
def test_not_in_until_a_day_ends_the_day_before(ask: Ask, text: str) -> None:
    u = ask(text, now=WEDNESDAY)
    assert u.intent == "absence"
    assert u.dates == days("12-02", "12-03")


def test_not_in_until_a_time_is_a_late_arrival(ask: Ask) -> None:
    assert "før 10" in canonical(clean("He won't be in until 10"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A cause named only to be denied: the stated one wins.
        ("Ola var borte i går, men ikke fordi han var syk - han var på fotballcup", "other"),
        ("Ola was off yesterday, not because he was ill but because of a funeral", "family"),
        ("Ikke pga sykdom, men Ola var med korpset på tur", "other"),
        # A negation of the absence itself keeps its cause.
        ("Ola kommer ikke i dag fordi han har feber", "illness"),
        # Broken wrists and arms in nynorsk and bokmål.
        ("Ola har brote handleddet", "illness"),
        ("Ola har brutt armen", "illness"),
        ("Ola braut foten på trening", "illness"),
        # Not well yet.
        ("Ola har ikkje vore frisk sidan helga", "illness"),
        ("Ola har ikke blitt bedre", "illness"),
        ("Ola isn't feeling better yet", "illness"),
    ],
)
def test_reasons(text: str, expected: str) -> None:
    assert classify_reason(text) == expected


def test_not_feeling_better_keeps_the_named_child(ask: Ask) -> None:
    u = ask("Ella isn't feeling any better, we're keeping her home again today", family="three", now=WEDNESDAY)
    assert (u.intent, u.students, u.reason, u.missing) == ("absence", ("s-ella",), "illness", ())


@pytest.mark.parametrize(
    "text",
    [
        "Ola er ikke på skolen i dag, vi må reise i begravelse",
        "Ola kjem ikkje i dag, vi må reise i gravferd til tante",
    ],
)
def test_travel_to_a_family_event_today_is_a_notice(ask: Ask, text: str) -> None:
    u = ask(text, now=WEDNESDAY)
    assert (u.intent, u.dates, u.reason) == ("absence", days("12-02"), "family")


@pytest.mark.parametrize(
    "text",
    [
        "Hva gjør jeg når Ola ikke vil gjøre lekser?",
        "Kva skal eg gjere når Ola ikkje vil lese lekse?",
        "Ola nekter å gjøre leksene, har dere tips?",
        "Ola nekta å lese lekse i går, kva gjer vi?",
    ],
)
def test_a_child_who_will_not_do_homework_is_no_week_plan(ask: Ask, text: str) -> None:
    assert ask(text, now=WEDNESDAY).intent == "unknown"


@pytest.mark.parametrize("text", ["Hva er leksene til fredag?", "Kan jeg få ukeplanen?"])
def test_homework_asked_for_is_still_the_week_plan(ask: Ask, text: str) -> None:
    assert ask(text, now=WEDNESDAY).intent == "weekplan"


@pytest.mark.parametrize(
    "text", ["Avslutt abonnement", "Si opp abonnementet mitt", "Cancel my subscription", "avslutt abonnementet"]
)
def test_ending_the_subscription_is_stop(ask: Ask, text: str) -> None:
    assert ask(text, now=WEDNESDAY).intent == "stop"
