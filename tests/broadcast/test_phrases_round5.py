"""Staff starting a broadcast in their own words (issue 16, suite 387–389), read without a bot: the whole
school's guardians ("alle foreldrene på skolen"), reported speech in a polite question ("kan du si til … at …?"),
"send det som vanlig melding til …" after a refused alert, the group and the text in one answer
("til alle ansatte: Brannøvelse …"), and a go-ahead in words ("ser bra ut, kjør")."""

from __future__ import annotations

import pytest

from dialogs.broadcast.phrases import message_text, read_staff_compose, split_addressed
from dialogs.broadcast.render import ComposeRequest, audience_from_phrase, is_yes


@pytest.mark.parametrize(
    ("phrase", "audience"),
    [
        ("alle foreldrene på skolen", "guardians"),
        ("foresatte på hele skolen", "guardians"),
        ("alle foreldre ved skolen", "guardians"),
        ("foreldra på skulen", "guardians"),
        ("føresette på heile skulen", "guardians"),
        ("all parents at the school", "guardians"),
        ("every parent in the school", "guardians"),
        ("alle foreldrene til elevene på skolen", "guardians"),
        ("foreldrene til elevene i 5B", "guardians:class:5B"),
        ("alle 5B-foreldrene", "guardians:class:5B"),
        ("the parents in 5B then", "guardians:class:5B"),
        ("foresatte i 5B da", "guardians:class:5B"),
        ("til alle ansatte", "staff"),
        ("alle lærerne på skolen", "staff"),
        ("all the staff", "staff"),
        ("dei tilsette", "staff"),
        ("alle tilsette", "staff"),
        ("alle på skolen", "school"),
        ("everyone at the school", "school"),
        ("alle elevene på skolen", "pupils"),
        ("parent", None),
        ("Kari", None),
        ("til", None),
    ],
)
def test_groups_named_with_the_school(phrase: str, audience: str | None) -> None:
    assert audience_from_phrase(phrase) == audience


def _to(audience: str | None, text: str | None, *, ordinary: bool = False) -> ComposeRequest:
    return ComposeRequest(audience=audience, text=text, command=False, ordinary=ordinary)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "kan du si til alle foreldrene på skolen at juleavslutningen er torsdag 17. desember kl 18 i gymsalen? "
            "velkommen alle sammen",
            _to("guardians", "Juleavslutningen er torsdag 17. desember kl 18 i gymsalen. Velkommen alle sammen"),
        ),
        (
            "kan du seie til føresette på skulen at det er fri fredag?",
            _to("guardians", "Det er fri fredag."),
        ),
        (
            "can you tell all parents at the school that Friday is a day off?",
            _to("guardians", "Friday is a day off."),
        ),
        ("let all the parents know that school ends at 12", _to("guardians", "School ends at 12")),
        (
            "gi beskjed til foreldrene på hele skolen om at det er planleggingsdag fredag",
            _to("guardians", "Det er planleggingsdag fredag"),
        ),
        (
            "si til foreldrene i 5B at vi går på tur, og at de må ta med matpakke",
            _to("guardians:class:5B", "Vi går på tur, og de må ta med matpakke"),
        ),
        ("si til foreldrene at møtet er kl 18:00", _to("guardians", "Møtet er kl 18:00")),
        ("informer foreldra i 5B om at turen er avlyst", _to("guardians:class:5B", "Turen er avlyst")),
        ("send beskjed til alle ansatte om at vi har møte kl 14", _to("staff", "Vi har møte kl 14")),
    ],
)
def test_reported_speech_to_a_group(text: str, wanted: ComposeRequest) -> None:
    assert read_staff_compose(text) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("send foreldrene i 5B en melding om at vi går på tur", _to("guardians:class:5B", "Vi går på tur")),
        ("gi foresatte på skolen beskjed: planleggingsdag fredag", _to("guardians", "Planleggingsdag fredag")),
        ("send the 5B parents a message: trip tomorrow", _to("guardians:class:5B", "Trip tomorrow")),
        ("send ei melding til føresette i 5B: hugs gymtøy", _to("guardians:class:5B", "Hugs gymtøy")),
        ("si fra til alle ansatte: møte kl 14", _to("staff", "Møte kl 14")),
        ("send en melding til alle foreldrene på skolen: God jul!", _to("guardians", "God jul!")),
    ],
)
def test_a_message_to_a_group_in_other_word_orders(text: str, wanted: ComposeRequest) -> None:
    assert read_staff_compose(text) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "ok, send det bare som vanlig melding til foresatte i 5B da: Vi kan måtte stenge kl 12 pga vannbrudd",
            _to("guardians:class:5B", "Vi kan måtte stenge kl 12 pga vannbrudd", ordinary=True),
        ),
        (
            "greit, send det som ei vanleg melding til føresette i 5B: Vi kan stenge kl 12",
            _to("guardians:class:5B", "Vi kan stenge kl 12", ordinary=True),
        ),
        (
            "just send it as a regular message to the 5B parents: School may close at 12",
            _to("guardians:class:5B", "School may close at 12", ordinary=True),
        ),
        (
            "send det som vanlig melding til alle foresatte: brann i gymsalen i går, alle er ok",
            _to("guardians", "Brann i gymsalen i går, alle er ok", ordinary=True),
        ),
        ("ok, send det som vanlig melding da", _to(None, None, ordinary=True)),
        ("send it as a normal message instead", _to(None, None, ordinary=True)),
    ],
)
def test_as_an_ordinary_message(text: str, wanted: ComposeRequest) -> None:
    assert read_staff_compose(text) == wanted


@pytest.mark.parametrize(
    "text",
    [
        "si til Ola at han må ta med gymtøy",
        "si fra til kontoret at jeg er syk",
        "minn meg om at jeg har møte",
        "send det som vanlig melding til læreren",
        "gi Ola beskjed om at han må ta med gymtøy",
        "send melding til læreren: Ola er syk",
    ],
)
def test_a_message_to_a_person_is_no_broadcast(text: str) -> None:
    assert read_staff_compose(text) is None


def test_a_drill_told_as_news_stays_news_and_a_drill_alert_stays_one() -> None:
    news = read_staff_compose("send en melding til alle foresatte om at det er brannøvelse i morgen")
    assert news == _to("guardians", "Det er brannøvelse i morgen")
    drill = read_staff_compose("vi har brannøvelse kl 10, send øvelsesvarsel til hele skolen")
    assert drill is not None and drill.drill and drill.audience == "school"


@pytest.mark.parametrize(
    ("body", "asked", "wanted"),
    [
        ("turen er fredag? takk", True, "Turen er fredag. Takk"),
        ("turen er fredag?", True, "Turen er fredag."),
        ("om noen kan kjøre?", True, "Om noen kan kjøre?"),  # a reported question keeps its mark
        ("turen er fredag. Kan noen kjøre?", True, "Turen er fredag. Kan noen kjøre?"),
        ("the trip is on Friday?", False, "The trip is on Friday?"),  # no polite question around it
        ("who can drive?", True, "Who can drive?"),
    ],
)
def test_the_request_s_own_question_mark_is_not_the_message_s(body: str, asked: bool, wanted: str) -> None:
    assert message_text(body, asked=asked) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "til alle ansatte: Brannøvelse kl 10.15. Gå ut med klassen.",
            ("staff", "Brannøvelse kl 10.15. Gå ut med klassen."),
        ),
        ("foresatte i 5B: husk gymtøy", ("guardians:class:5B", "Husk gymtøy")),
        ("to all staff - fire drill at 10", ("staff", "Fire drill at 10")),
        ("til føresette på skulen – fri fredag", ("guardians", "Fri fredag")),
        ("til alle ansatte", ("staff", "")),
        ("Alle: møt i gymsalen", (None, "Alle: møt i gymsalen")),  # a salutation, not clearly a group
        ("Husk: gymtøy", (None, "Husk: gymtøy")),
        ("5B", (None, "5B")),
        ("guardians:class:5B", (None, "guardians:class:5B")),
        ("Vi har tur i morgen", (None, "Vi har tur i morgen")),
    ],
)
def test_an_answer_that_names_its_group_first(text: str, wanted: tuple[str | None, str]) -> None:
    assert split_addressed(text) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("ser bra ut, kjør", True),
        ("ok, send den", True),
        ("ja, det ser bra ut. Send!", True),
        ("looks good, go ahead", True),
        ("perfekt, sett i gang", True),
        ("ser fint ut, køyr på", True),
        ("kjør på", True),
        ("just do it", True),
        ("ok", False),  # an acknowledgement, no go-ahead
        ("greit", False),
        ("ser bra ut", False),  # praise alone sends nothing
        ("nei, ikke send den", False),
        ("send den til 5A i stedet", False),
        ("vent litt", False),
    ],
)
def test_a_go_ahead_in_words(text: str, wanted: bool) -> None:
    assert is_yes(text) is wanted
