"""Issue 17, round 5: reasons (abbreviated orthodontist, events in definite form, a relative's illness in nynorsk,
travel north or south to relatives, aches in English, a puncture), dates ("siden mandag kveld", dialect "tebake",
the family's journey home), times (taking the child at a time, when to expect it) and the guard that keeps a plain
report from the learned model.

Sentences written for these tests, not taken from a corpus.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import SCHOOL_YEAR, at, span

from bot.understanding import Understanding, classify_reason, understand
from bot.understanding import parse as parse_module
from bot.understanding.corpus import FAMILIES, SCHOOL_FIRST_NAMES

Ask = Callable[..., Understanding]

# Tuesday 12 January 2027, 07:40, in the five-term school year of the generalisation corpus.
TUESDAY = at(2027, 1, 12, 7, 40)


def read(text: str, family: str = "one", learned: bool = False) -> Understanding:
    return understand(
        text,
        children=FAMILIES[family],
        now=TUESDAY,
        calendar=SCHOOL_YEAR,
        school_first_names=SCHOOL_FIRST_NAMES,
        learned=learned,
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # Abbreviations of the orthodontist.
        ("Dag har kjeveort. i morgen kl 9", "appointment"),
        ("Ola has ortho appt at 9, in after", "appointment"),
        ("Ola skal til kjeveortopeden", "appointment"),
        ("Orthodox Easter, Ola is with his grandparents", "family"),
        # Events in their definite forms are "other".
        ("Hun er med på landsstevnet i turn i Trondheim", "other"),
        ("Ola er borte fredag, han skal på håndballkampen i Bergen", "other"),
        ("Ho skal på skirennet på laurdag og reiser fredag", "other"),
        ("Han er på treningsleiren til søndag", "other"),
        # A relative's illness with nynorsk and dialect intensifiers.
        ("Morfar er alvorleg sjuk og vi reiser til Førde", "family"),
        ("Bestemor er skikkelig dårlig, vi må dit", "family"),
        # Going north or south to relatives, dialect plural of "besteforeldre".
        ("Vi ska nordover te besteforeldran", "family"),
        ("Me skal sørover til besteforeldrane", "family"),
        ("We're going to see the grandparents", "family"),
        # Aches in English.
        ("Ola not in today, bad tummy", "illness"),
        ("Off today with an upset stomach", "illness"),
        ("Staying home, sore throat", "illness"),
        # A puncture is a mishap.
        ("Dag is running late, vi har punktert", "other"),
        ("We got a puncture on the way, he'll be late", "other"),
        ("Sykkelen punkterte, han kommer litt senere", "other"),
    ],
)
def test_reasons_of_round_5(text: str, reason: str) -> None:
    assert classify_reason(text) == reason


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        # An illness that began in the evening or at night keeps the day it began a school day.
        ("Ola har hatt feber siden mandag kveld, er hjemme i dag", "2027-01-12", "2027-01-12"),
        ("Ola har hatt feber sidan måndag kveld og er heime i dag", "2027-01-12", "2027-01-12"),
        ("Ola has had a fever since Monday night, keeping him home", "2027-01-12", "2027-01-12"),
        ("Ola har hatt feber siden søndag kveld, er hjemme i dag også", "2027-01-11", "2027-01-12"),
        ("Ola har vært syk siden mandag", "2027-01-11", "2027-01-12"),
    ],
)
def test_since_an_evening_starts_the_day_after(text: str, first: str, last: str) -> None:
    u = read(text)
    assert u.intent == "absence"
    assert [d.isoformat() for d in u.dates] == span(first, last)


@pytest.mark.parametrize(
    "text",
    [
        "Ella har ørebetennelse, ho bli hjæmme og kjæm tebake på skolen torsdag",
        "Ella e sjuk, kjem attende på torsdag",
        "Ella is ill, back on Thursday",
    ],
)
def test_back_in_dialect_and_nynorsk_is_the_day_back(text: str) -> None:
    u = read(text, "three")
    assert [d.isoformat() for d in u.dates] == span("2027-01-12", "2027-01-13")


@pytest.mark.parametrize(
    "text",
    [
        "Ola er borte torsdag, vi lander fra Tyrkia fredag",
        "Ola ikke skole torsdag, vi kommer fra Pakistan fredag",
        "Ola won't be in on Thursday, we arrive back from Poland on Friday",
        "Ola kjem ikkje på torsdag, me kjem heim frå Bosnia fredag",
    ],
)
def test_the_familys_journey_home_is_no_day_away_beside_the_days_stated(text: str) -> None:
    u = read(text)
    assert [d.isoformat() for d in u.dates] == ["2027-01-14"]


def test_the_journey_home_alone_still_names_the_days() -> None:
    # With no other day stated, the day of the journey home is the one the message gives.
    u = read("Ola er borte, vi lander fra Tyrkia fredag")
    assert u.intent in {"absence", "leave_request"}
    assert [d.isoformat() for d in u.dates] == ["2027-01-15"]


@pytest.mark.parametrize(
    ("text", "family", "start", "end"),
    [
        # Taking the child at a time is leaving then, whatever the appointment's own time.
        ("Aksel today doctor time 11 o'clock, I take him 10.30", "nosex", "10:30", None),
        ("Mina tannlege kl 13, jeg tar henne kl 12", "nosex", "12:00", None),
        ("Aksel har legetime kl 11, eg tek han 10.15", "nosex", "10:15", None),
        # When to expect the child is its arrival.
        ("Jonas has the dentist first thing, so expect him around quarter past ten", "two", None, "10:15"),
        ("Jonas har tannlege tidlig, regn med ham ca kl 10", "two", None, "10:00"),
        ("Emma at the doctor this morning, expect her in by 11", "two", None, "11:00"),
    ],
)
def test_taking_the_child_and_expecting_it_at_a_time(
    text: str, family: str, start: str | None, end: str | None
) -> None:
    u = read(text, family)
    assert u.intent == "absence"
    got = (u.start_time and u.start_time.strftime("%H:%M"), u.end_time and u.end_time.strftime("%H:%M"))
    assert got == (start, end)


def test_taking_the_child_to_school_at_a_time_is_an_arrival() -> None:
    u = read("Aksel har legetime kl 9, jeg tar han på skolen kl 10.30", "nosex")
    assert (u.start_time, u.end_time and u.end_time.strftime("%H:%M")) == (None, "10:30")


class _Sure:
    """A stand-in model sure that every message is no report."""

    def probabilities(self, text: str) -> dict[str, float]:
        return {"unknown": 0.95, "absence": 0.05}


@pytest.fixture
def doubting_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_module, "intent_model", lambda: _Sure())


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Jonas er syk. Kan Emma ta med leksene hans hjem?", "two"),
        ("Jonas is ill today. Could someone send his homework home with Emma?", "two"),
        ("Jonas er sjuk i dag. Kan Emma ta med arka hans heim?", "two"),
        ("Stopp, ikkje regn med Ola i dag likevel, han har fått feber", "one"),
        ("Ola kan ikke gå på skolen i dag, han våknet med 39 i feber", "one"),
        # A story told in the past, with a clause told now.
        ("Ola var ikke på skolen i går fordi han var syk, og han er dessverre ikke frisk i dag heller", "one"),
        ("Ola kastet opp to ganger i morges, så han blir hjemme. Må jeg si fra til SFO også?", "one"),
    ],
)
def test_a_plain_report_of_a_named_child_is_kept_from_the_model(doubting_model: None, text: str, family: str) -> None:
    u = read(text, family, learned=True)
    assert u.intent == "absence"
    assert u.students and u.dates


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # A question, a complaint, thanks, a past story or another family's child: the model may judge them.
        ("Hvorfor fikk jeg melding om at Ola var borte i dag? Han var på skolen", "one"),
        ("Ola has a rash, the doctor says it's not contagious. Should he stay home anyway?", "one"),
        ("Ola ble sendt hjem med feber i går. Kan han komme i dag når han ikke har feber lenger?", "one"),
        ("Tusen takk til læreren som fulgte Ola til legevakta i dag", "one"),
        ("Jeg tror Emil i klassen til Ola er syk i dag, moren hans ba meg si fra", "one"),
        ("Ola har vært syk i to uker nå. Kan vi få et møte med kontaktlæreren?", "one"),
        ("Ola sier han var syk i dag, ringte dere meg?", "one"),
    ],
)
def test_the_model_may_still_take_away_what_is_no_plain_report(doubting_model: None, text: str, family: str) -> None:
    assert read(text, family, learned=True).intent == "unknown"


def test_the_shipped_model_keeps_the_report_beside_a_request_for_homework() -> None:
    u = read("Jonas er syk. Kan Emma ta med leksene hans hjem?", "two", learned=True)
    assert (u.intent, u.students, u.reason) == ("absence", ("s-jonas",), "illness")
