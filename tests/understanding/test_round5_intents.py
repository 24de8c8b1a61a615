"""Issue 17, round 5: messages that are no report (a message about an absence, a note asked for, a thing left at
home, someone coming to fetch the child, thanks, a report taken back), help asked as a supposition or about who
reads, opting back in and out in more words, and a child put at school in English.

Sentences written for these tests, not taken from a corpus. The grammar is asked alone (`learned=False`) unless
a case says otherwise; Monday 30 November 2026 08:05.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.understanding import Understanding

Ask = Callable[..., Understanding]


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # A message the school sent, told without "om"/"that": "got text X absent".
        ("Hei, jeg få melding Jonas borte i dag. Jonas var skole hele dagen", "two"),
        ("Got text Jonas absent today, but I dropped him off at eight", "two"),
        ("Fekk sms Emma ikkje på skulen, men ho var der", "two"),
        ("Jeg får SMS Ola fravær i dag?? Han er på skolen", "one"),
    ],
)
def test_a_message_about_an_absence_without_om_is_no_report(ask: Ask, text: str, family: str) -> None:
    assert ask(text, family, learned=False).intent == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "Trenger dere legeerklæring for fraværet til Ola forrige uke?",
        "Må jeg levere egenmelding for de to dagene Ola var syk?",
        "Do you need a doctor's note for the three days Ola was off last week?",
        "Treng de legeattest for dagane han var borte?",
        "Should I send a sick note for his absence?",
    ],
)
def test_asking_whether_a_note_is_needed_is_no_report(ask: Ask, text: str) -> None:
    assert ask(text, learned=False).intent == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        # A reference to an absence, or asking whether to keep the child home.
        "Videresender legeerklæring for Ola, den gjelder fraværet i uke 45",
        "Attaching the doctor's letter regarding Ola's absence in week 45",
        "Bør Ola være hjemme i dag når han har utslett?",
        "Should he stay home with a rash like that?",
    ],
)
def test_a_reference_to_an_absence_or_a_question_whether_to_keep_him_home(ask: Ask, text: str) -> None:
    assert ask(text, learned=False).intent == "unknown"


def test_a_report_beside_a_question_about_tomorrow_stays_a_report(ask: Ask) -> None:
    u = ask("Ola er syk i dag. Skal han være hjemme i morgen også?", learned=False)
    assert (u.intent, u.students) == ("absence", ("s-ola",))


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # Things left at home, in dialect spellings of "glemt", and a drop-by.
        ("Emma ha glømt skiskoan hjæmme, æ kjøre dæm bort før lunsj", "two"),
        ("Emma gløymde matpakka heime, eg kjem innom med den kl 10", "two"),
        ("Jonas forgot his PE kit at home, I'll drop it off before lunch", "two"),
        # An illness word inside the thing left at home is no illness.
        ("Ola har glemt astmamedisinen hjemme, jeg kommer innom med den rundt kl 10", "one"),
        # Someone coming to fetch the child at the end of the day.
        ("Morfar kommer og henter Ola kl 15 når skolen er ferdig", "one"),
        ("Farmor kjem og hentar Ola klokka 14.30 når skulen er slutt, berre så de veit", "one"),
        # A standing arrangement that ends, quitting an activity.
        ("Ola skal slutte på fotball, så han trenger ikke gå tidlig på fredager lenger", "one"),
    ],
)
def test_things_left_at_home_pick_ups_and_ended_arrangements_are_no_report(ask: Ask, text: str, family: str) -> None:
    assert ask(text, family, learned=False).intent == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "Henter Ola kl 12 i dag, han skal til tannlegen",
        "Ola slutter kl 12 i dag",
        "Vi kommer med Ola kl 10, han har vært hos legen",
    ],
)
def test_leaving_and_coming_at_a_time_are_still_reports(ask: Ask, text: str) -> None:
    assert ask(text, learned=False).intent == "absence"


@pytest.mark.parametrize(
    "text",
    [
        "Takk for at dere ringte i går da Ola ble dårlig",
        "Thank you for letting us know about the lice, we checked Ola and he's fine",
        "Tusen takk for at de tok vare på Ola då han fekk vondt i magen",
        # A report taken back.
        "Glem meldingen om at Ola er syk, han kommer likevel i dag",
        "Ola er på skolen likevel i dag, feberen gikk over i natt. Se bort fra meldingen min",
        "Please ignore my last message, Ola is fine",
    ],
)
def test_thanks_and_a_report_taken_back_are_no_report(ask: Ask, text: str) -> None:
    assert ask(text, learned=False).intent == "unknown"


def test_thanks_beside_a_report_leave_the_report(ask: Ask) -> None:
    u = ask("Takk for sist! Ola er syk i dag", learned=False)
    assert (u.intent, u.students, u.reason) == ("absence", ("s-ola",), "illness")


@pytest.mark.parametrize(
    "text",
    [
        "Hei lærer, Ola har vondt i tann men han er på skolen. Kan dere ringe hvis det blir verre?",
        "Ola har litt vondt i magen, men han er fin",
    ],
)
def test_a_pronoun_put_at_school_cancels_the_report(ask: Ask, text: str) -> None:
    assert ask(text, learned=False).intent == "unknown"


def test_a_pronoun_at_school_on_a_later_day_is_the_day_back(ask: Ask) -> None:
    u = ask("Ola er syk i dag, han er på skolen igjen torsdag", learned=False)
    assert u.intent == "absence"
    assert [d.isoformat() for d in u.dates] == ["2026-11-30", "2026-12-01", "2026-12-02"]


@pytest.mark.parametrize(
    "text",
    [
        "Stopp, ikkje regn med Ola i dag likevel, han har fått feber",
        "Ikke regn med Ola i dag, han er syk",
        "Don't expect Ola today, he's ill",
        "Ikkje rekn med Ola i morgon",
    ],
)
def test_do_not_count_on_the_child_is_an_absence(ask: Ask, text: str) -> None:
    u = ask(text, learned=False)
    assert (u.intent, u.students) == ("absence", ("s-ola",))


def test_stopping_one_thing_beside_no_report_is_for_a_person(ask: Ask) -> None:
    assert ask("Stop sending Ola home with the reading log, he finished it", learned=False).intent == "unknown"
    u = ask("Slutt å sende Ola hjem med lesebok, han er syk i dag", learned=False)
    assert u.intent == "absence"


@pytest.mark.parametrize(
    "text",
    [
        # How to do it, asked as a supposition (with or without a day).
        "Hvordan gir jeg beskjed hvis Ola må gå tidlig en dag?",
        "Korleis seier eg frå dersom Ola blir sjuk?",
        "How do I let you know if Ola has to leave early some day?",
        "Hvordan sier jeg fra hvis han skal til tannlegen?",
        # Who is on the other end.
        "Who reads these messages? Is there a list of what I can write?",
        "Hvem leser meldingene jeg sender hit?",
        "Kven les desse meldingane?",
        "Does anyone actually read these texts?",
        "Er det noen som leser dette?",
    ],
)
def test_help_as_a_supposition_or_about_who_reads(ask: Ask, text: str) -> None:
    assert ask(text, learned=False).intent == "help"


@pytest.mark.parametrize(
    "text",
    [
        "Please sign me back up for the school texts",
        "Can you sign me up again?",
        "Put me back on the list please",
        "Add me back to the SMS list",
        "Legg meg til igjen, takk",
        "Skriv meg på lista att",
        "Kan dere slå på meldingene igjen?",
        "I want to opt back in",
        "Turn the texts back on please",
        "Eg vil abonnere igjen",
    ],
)
def test_opting_back_in_in_words(ask: Ask, text: str) -> None:
    assert ask(text, learned=False).intent == "start"


@pytest.mark.parametrize(
    "text",
    ["Jeg vil ikke abonnere lenger", "Eg ønskjer ikkje å abonnere meir", "Slutt å abonnere meg, takk"],
)
def test_not_subscribing_any_more_is_an_opt_out(ask: Ask, text: str) -> None:
    assert ask(text, learned=False).intent == "stop"


@pytest.mark.parametrize(
    "text",
    ["Don't add me back to the list", "Jeg vil ikke bli lagt til igjen"],
)
def test_a_negated_opt_in_is_no_opt_in(ask: Ask, text: str) -> None:
    assert ask(text, learned=False).intent != "start"


@pytest.mark.parametrize(
    "text",
    [
        "Mina is off sick today and tomorrow, Aksel will be in as normal",
        "Mina er syk i dag, Aksel will be in as usual",
        "Mina has a temperature, Aksel's in as normal",
    ],
)
def test_a_sibling_in_as_normal_is_at_school(ask: Ask, text: str) -> None:
    u = ask(text, "nosex", learned=False)
    assert (u.intent, u.students) == ("absence", ("s-mina",))
