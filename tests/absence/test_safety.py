"""The safety classifier (dialogs.absence.safety): which answers to "your child is not at school" close the
follow-up (a clear reason) and which open an urgent case (the child should be there, or we cannot tell),
in bokmål, nynorsk, dialect, broken Norwegian and English; and which unsolicited messages are alarms."""

from __future__ import annotations

import pytest

from dialogs.absence.safety import UNSURE, portions, read_alarm, read_answer
from dialogs.absence.urgent_dialogs import _staff_route

ON_THE_WAY = [
    "hæ? han tok bussen kl 8??",
    "she walked to school at 8!",
    "Han dro hjemmefra kl 08.00",
    "han gikk til skolen som vanlig",
    "hun gikk hjemmefra kl halv åtte",
    "ho gjekk til skulen som vanleg",
    "han drog heimanfrå i morges",
    "han sykla i dag",
    "Hun syklet til skolen",
    "jeg leverte ham kl 8",
    "pappa kjørte ham til skolen",
    "vi fulgte henne til skolen i morges",
    "hun tok skolebussen",
    "han tok trikken som vanlig",
    "hun skal være på skolen!",
    "han er på skolen",
    "han e på skulen",
    "han er på vei",
    "he took the bus this morning",
    "I dropped her off at 8",
    "he left at 8",
    "she should be there",
    "he's on his way",
    "my husband drove him to school",
    "han ta buss kl 8 i dag",  # broken Norwegian
    "hun gå til skole kl 8 hun skal være på skole",
]
ASKS = [
    "er han ikke der?",
    "e'n ikkje der?",
    "isn't he there??",
    "Har dere funnet ham?",
    "kvar er han?",
    "hvor er hun??",
    "where is she?",
    "hva?",
    "hæ",
    "må være en feil",
    "det kan ikke stemme",
    "er han syk?",  # a reason only inside a question is not a clear reason
]
CALL_ME = ["Ring meg!", "ring meg nå", "kan du ringje meg", "call me", "please phone me", "kontakt meg straks"]
ALARM = [
    "Jeg er så bekymret",
    "eg er redd",
    "hjelp!!",
    "Ola har ikke kommet hjem",
    "finner ham ikke",
    "veit ikkje kvar ho er",
    "I'm worried",
    "this is an emergency",
]
UNCLEAR = [
    "OMG",
    "å nei",
    "ok",
    "Ok, beklager",
    "takk for beskjed",
    "han er ikke syk",
    "han er ikke hjemme",
    "kommer snart",
    "???",
]

CLEAR = [
    ("han er syk", "illness"),
    ("Hun har feber", "illness"),
    ("ho er sjuk", "illness"),
    ("han er dårleg i dag", "illness"),
    ("He is sick", "illness"),
    ("she has a cold", "illness"),
    ("Sorry, she's ill", "illness"),
    ("han er hjemme med omgangssyke", "illness"),
    ("she is at home with a fever", "illness"),
    ("han har vondt i magen, beklager at jeg glemte å si fra", "illness"),
    ("Han er ikke på skolen i dag, han er syk", "illness"),
    ("Vi dro til legevakten i morges, han er syk", "illness"),
    ("Beklager, feil av meg, han er syk", "illness"),
    ("Å nei, beklager! Hun er syk, glemte å melde i morges", "illness"),
    ("Oh no, sorry, he has a fever", "illness"),
    ("tannlege kl 10", "appointment"),
    ("Hun er hos tannlegen, kommer kl 11", "appointment"),
    ("doctor's appointment", "appointment"),
    ("han er hos tannlækjaren", "appointment"),
    ("vi er i begravelse", "family"),
    ("Vi er på ferie", "family"),
    ("han er hos bestemor", "family"),
    ("han forsov seg", "other"),
    ("Han er hjemme i dag", "other"),
    ("we kept him home today", "other"),
    ("ho er heime i dag", "other"),
]


@pytest.mark.parametrize("text", ON_THE_WAY)
def test_left_for_school_is_should_be_there(text: str) -> None:
    w = read_answer(text)
    assert not w.clear and "on_the_way" in w.signals, w


@pytest.mark.parametrize("text", ASKS)
def test_asking_where_the_child_is_is_should_be_there(text: str) -> None:
    w = read_answer(text)
    assert not w.clear and "asks" in w.signals, w


@pytest.mark.parametrize("text", CALL_ME)
def test_call_me_is_should_be_there(text: str) -> None:
    w = read_answer(text)
    assert not w.clear and "call_me" in w.signals, w


@pytest.mark.parametrize("text", ALARM)
def test_alarm_words_and_worry_are_should_be_there(text: str) -> None:
    w = read_answer(text)
    assert not w.clear and "alarm" in w.signals, w


@pytest.mark.parametrize("text", UNCLEAR)
def test_what_we_cannot_read_is_never_closed(text: str) -> None:
    w = read_answer(text)
    assert not w.clear and w.signals, w


@pytest.mark.parametrize(("text", "reason"), CLEAR)
def test_a_clear_reason_closes(text: str, reason: str) -> None:
    w = read_answer(text)
    assert w.clear and w.reason == reason, w


@pytest.mark.parametrize(
    "text",
    [
        "Han er syk. Kan dere ringe meg?",  # a reason, but asks for a call: a person decides
        "han var syk i går, men tok bussen i dag",
        "tannlege kl 10, men han skulle være på skolen etterpå",
    ],
)
def test_a_reason_with_a_should_be_there_signal_is_not_clear(text: str) -> None:
    w = read_answer(text)
    assert w.reason is not None and not w.clear


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Ola har ikke kommet hjem fra skolen!", "alarm"),
        ("Emma is missing", "alarm"),
        ("Ola er savnet", "alarm"),
        ("finner ikke Emma!!", "alarm"),
        ("Ola kom ikkje heim i dag", "alarm"),
        ("she hasn't come home", "alarm"),
        ("we can't find Emma", "alarm"),
        ("Ola har ikke kommet fram til skolen", "alarm"),
        ("hvor er Ola?", "asks"),
        ("Er Ola på skolen?", "asks"),
        ("where is Emma?", "asks"),
    ],
)
def test_unsolicited_alarms(text: str, signal: str) -> None:
    assert read_alarm(text, ["Ola", "Emma"]) == signal


@pytest.mark.parametrize(
    "text",
    [
        "ukeplan",
        "Ola er syk i dag",
        "Ola er borte i dag",
        "Emma er ikke på skolen i morgen, tannlege",
        "jeg trenger hjelp",
        "er det skole i morgen?",
        "hvor er ukeplanen?",
        "Emma lost her jacket",
        "ring meg",  # a wish to talk with someone, with no question open: not an alarm
        "takk",
    ],
)
def test_ordinary_messages_are_not_alarms(text: str) -> None:
    assert read_alarm(text, ["Ola", "Emma"]) is None


def test_portions_give_each_child_its_own_words() -> None:
    """ "Emma er syk, men Ola tok bussen! Er han ikke der?": Emma's words are a reason, Ola's say he should be there."""
    said = portions("Emma er syk i dag, men Ola tok bussen kl 8! er han ikke der?", ["Ola", "Emma"])
    assert read_answer(said["Emma"]).clear
    assert not read_answer(said["Ola"]).clear
    assert portions("de gikk sammen til skolen kl 8!!", ["Ola", "Emma"]) == {
        "Ola": "de gikk sammen til skolen kl 8!!",
        "Emma": "de gikk sammen til skolen kl 8!!",
    }
    assert set(portions("Ola er syk.", ["Ola", "Emma"])) == {"Ola"}


@pytest.mark.parametrize(
    "text",
    [
        "bestefar kjørte han i dag",  # driven by someone, no other place named
        "Mannen min tok han med til skolen",
        "Eg følgde ho til porten kl 8",  # the gate counts as school
        "Hun skulle vært der for lenge siden!",
        "han skal jo være der",
        "she should have been there by now",
        "He left with his friend at 8",
        "they always walk together",
        "de gikk sammen med naboen",
        "Oi, jeg trodde han var der",
        "I thought she was at school",
    ],
)
def test_more_ways_of_saying_the_child_set_off(text: str) -> None:
    w = read_answer(text)
    assert not w.clear and "on_the_way" in w.signals, w


@pytest.mark.parametrize(
    "text",
    [
        "Vet ikke, sjekker",  # "sjekker" is not a check-up at the doctor's
        "veit ikkje",
        "Usikker, eg sjekkar med far hennar",
        "not sure, checking",
        "I don't know, he might be at home with a cold",
        "jeg sjekker med faren hans",
    ],
)
def test_a_guardian_who_does_not_know_is_never_closed(text: str) -> None:
    w = read_answer(text)
    assert not w.clear and UNSURE in w.signals, w


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Beklager! Hun er syk og tok ikke bussen i dag", "illness"),  # a bus NOT taken puts nobody on the way
        ("han gikk ikke til skolen i dag, han er syk", "illness"),
        ("Han er syk. Vet ikke når han blir frisk", "illness"),  # not knowing when is not not knowing where
        ("bestefar kjørte ham til legen", "appointment"),  # driven somewhere else
        ("she went with her dad to the dentist", "appointment"),
        ("Han er sjuk, gløymde å seie frå. Orsak!", "illness"),
    ],
)
def test_negated_or_elsewhere_travel_does_not_hide_a_clear_reason(text: str, reason: str) -> None:
    w = read_answer(text)
    assert w.clear and w.reason == reason, w


@pytest.mark.parametrize(
    "text",
    ["Sagal is not home yet, she always comes at 14:15", "Ola er ikke hjemme ennå!", "han er fortsatt ikke hjemme"],
)
def test_not_home_yet_is_an_alarm(text: str) -> None:
    assert read_alarm(text, ["Ola", "Sagal"]) == "alarm"
    assert "alarm" in read_answer(text).signals


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Vi fant Ola, han satt på biblioteket", "Ola", "found"),
        ("vi har funnet Nora!", "Nora", "found"),
        ("Hun er funnet! Satt i garderoben", "Hun", "found"),  # the one open case the teacher sees
        ("funnet", "", "found"),
        ("Nora har kommet nå, hun hadde vært hos helsesykepleier", "Nora", "loose"),
        ("Ola dukket opp nå", "Ola", "loose"),
        ("Ilyas is in class now, he was at the nurse", "Ilyas", "loose"),
    ],
)
def test_staff_resolve_in_their_own_words(text: str, name: str, kind: str) -> None:
    """Strict words ("funnet", "vi fant") always resolve; loose ones ("har kommet") only if a case names the child."""
    route = _staff_route(text, {})
    assert route is not None and route.options["name"] == name and route.options.get(kind), route


@pytest.mark.parametrize("text", ["hvem er borte i dag?", "Ola har feber", "Ola har kommet seg hjem"])
def test_ordinary_staff_messages_resolve_nothing(text: str) -> None:
    assert _staff_route(text, {}) is None
