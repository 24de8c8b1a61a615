"""Reading what no other flow took: social turns, answers to a broadcast, who a message is for, gibberish."""

from __future__ import annotations

import pytest

from dialogs.contact.understand import addressee, answers_broadcast, is_readable, social_kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("takk", "thanks"),
        ("Tusen takk!", "thanks"),
        ("takk for hjelpa", "thanks"),
        ("thanks", "thanks"),
        ("ok, takk for beskjed", "thanks"),
        ("Takk Kari!", "thanks"),
        ("ok takk, mvh Anne", "thanks"),
        ("ok", "ack"),
        ("flott", "ack"),
        ("👍", "ack"),
        ("skjønner", "ack"),
        ("Den er grei", "ack"),
        ("hei", "greeting"),
        ("God morgen!", "greeting"),
        ("hallo?", "greeting"),
        ("takk for rask beskjed", "thanks"),
        ("takk for at dere følger med", "thanks"),
        ("tusen takk for at du ringte så fort!", "thanks"),
        ("thanks for looking out for her", "thanks"),
        ("puh. takk", "thanks"),
        ("Så godt å høre, tusen takk!", "thanks"),
        ("phew, thank you", "thanks"),
        ("ha en fin dag!", "farewell"),
        ("Ha ein fin dag", "farewell"),
        ("god helg!", "farewell"),
        ("have a nice day", "farewell"),
        ("ok, god jul", "farewell"),
        ("hade bra", "farewell"),
        ("takk for i dag, ha en fin kveld", "thanks_farewell"),  # both answered: "Bare hyggelig, og i like måte!"
        ("Tusen takk og god helg!", "thanks_farewell"),
        ("thanks, have a nice day", "thanks_farewell"),
        ("ferie", None),  # a season alone is no wish
        ("dag", None),
        ("takk for svaret, men kan læreren ringe meg?", None),
        ("takk for at dere sa fra, men Ola er fortsatt syk", None),
        ("takk for at Ola fikk låne jakke", "thanks"),
        ("takk for beskjed om at Ola var syk", None),
        ("takk for meldingen om møtet kl 18", None),
        ("Ola er syk i dag", None),
        ("takk, Nora er syk i dag", None),
        ("Hei, kan læreren ringe meg?", None),
        ("...", None),
        ("?", None),
    ],
)
def test_social_kind(text: str, kind: str | None) -> None:
    assert social_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "emergency", "answer"),
    [
        ("OK", False, True),
        ("mottatt", True, True),
        ("Mottatt, henter Ola og Emma kl 12", True, True),
        ("received", True, True),
        ("ok, vi kommer", False, True),
        ("henter Emma kl 12", True, True),
        ("henter Emma kl 12", False, False),  # after an everyday message: an early pick-up, an absence
        ("ok, Ola går hjem kl 12", False, False),
        ("ok, Ola er syk i dag", True, False),
        ("tusen takk", True, False),  # thanks are thanks (for the last reply), not a receipt
        ("Ok mottatt. Takk skal du ha, Antoni gleder seg til tur", False, True),
        ("ok, flott! Emma gleder seg masse", False, True),
        ("mottatt, vi stiller begge to", False, True),
        ("ok, Ola går hjem tidlig", False, False),
        ("ok, men Ola kommer ikke", False, False),
        ("ok, kan vi komme seinere?", False, False),
    ],
)
def test_answers_broadcast(text: str, emergency: bool, answer: bool) -> None:
    assert answers_broadcast(text, emergency=emergency) is answer


def test_addressee() -> None:
    assert addressee("Jeg vil snakke med rektor") == "leaders"
    assert addressee("Kan inspektøren ringe meg?") == "leaders"
    assert addressee("Til kontoret: ny adresse") == "office"
    assert addressee("jeg vil klage på SFO") == "office"
    assert addressee("Kan læreren ringe meg? Det gjelder mobbing") == "teacher"
    assert addressee("hvorfor får han så mye lekser?") == "teacher"


@pytest.mark.parametrize(
    ("text", "readable"),
    [
        ("Kan jeg få snakke med læreren? Det gjelder mobbing", True),
        ("hvorfor får han så mye lekser?", True),
        ("når er foreldremøtet?", True),
        ("Mobbing!", True),
        ("foreldremøte?", True),
        ("asdfgh", False),
        ("asdfgh jkl", False),
        ("qwrt zxcv", False),
        ("jjjj", False),
        ("...", False),
        ("gymtøy", False),  # one word is too little to pass on; the reply says what one can write
    ],
)
def test_is_readable(text: str, readable: bool) -> None:
    assert is_readable(text) is readable
