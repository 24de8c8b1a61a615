"""The weekday headings of a week plan in any usual form: full names and abbreviations, capitalised or not,
with a colon, dash or date, as prose ("Mandag juleverksted."), several in one line, in bokmål, nynorsk, English."""

from __future__ import annotations

import pytest

from dialogs.weekplan.render import Entry, day_heading, parse_plan, split_day_sentences, week_notes_after

SCRIPT_PLAN = (
    "Mandag juleverksted. Onsdag kino i sentrum. Torsdag juleavslutning kl 18 i gymsalen. Ingen lekser denne uka!"
)


def weekdays(text: str) -> list[int]:
    return [d.weekday for d in parse_plan(text).days]


def test_days_written_as_sentences_in_one_line_are_found() -> None:
    plan = parse_plan(SCRIPT_PLAN)
    assert [d.weekday for d in plan.days] == [0, 2, 3]
    assert plan.days[0].entries == (Entry(None, "juleverksted"),)
    assert plan.days[1].entries == (Entry(None, "kino i sentrum"),)
    assert plan.days[2].entries == (Entry(None, "juleavslutning kl 18 i gymsalen"),)
    assert plan.notes == ("Ingen lekser denne uka!",)  # about the whole week, not Thursday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mandag juleverksted. onsdag kino.", [0, 2]),
        ("MANDAG: juleverksted\nONSDAG: kino", [0, 2]),
        ("Mandag - juleverksted\nOnsdag – kino\nTorsdag — avslutning", [0, 2, 3]),
        ("Man: norsk\nTirs: matte\nOns: gym\nTors: kino\nFre: tur", [0, 1, 2, 3, 4]),
        ("man. 14.12: norsk\ntirs 15.12 - matte\nfre 18/12: tur", [0, 1, 4]),
        ("Mandag (14.12): juleverksted\nFredag 18. desember: fri", [0, 4]),
        ("Måndag: les\nTysdag: rekning\nOnsdag: gym\nTorsdag: kino\nFredag: tur", [0, 1, 2, 3, 4]),
        ("måndag juleverksted. tysdag symjing. fredag fri.", [0, 1, 4]),
        ("Monday: read\nTuesday - maths\nWednesday: PE\nThursday: cinema\nFriday: trip", [0, 1, 2, 3, 4]),
        ("Mon: read\nTue: maths\nWed: PE\nThu: cinema\nFri: trip", [0, 1, 2, 3, 4]),
        ("Monday Christmas workshop. Thursday end-of-term party.", [0, 3]),
        ("**Mandag**: norsk\n__Tirsdag__\n- matte", [0, 1]),
        ("Mandag: Norsk: les s. 12. Tirsdag: Matte: gange 7. Fredag er det prøve.", [0, 1, 4]),
    ],
)
def test_weekday_headings_in_any_usual_form(text: str, expected: list[int]) -> None:
    assert weekdays(text) == expected


def test_several_days_under_one_heading() -> None:
    plan = parse_plan("Torsdag og fredag: leirskole\nMan–ons: vanlig undervisning")
    assert [d.weekday for d in plan.days] == [0, 1, 2, 3, 4]
    friday = plan.day(4)
    assert friday is not None and friday.entries == (Entry(None, "leirskole"),)


@pytest.mark.parametrize(
    "text",
    [
        "Man skal ha med gymtøy hver dag",  # "man" the pronoun
        "Fri.",  # a day off, not Friday
        "Sun cream on the trip",
        "Tors bursdag: kake",  # a name, not Thursday
        "Mandagen blir lang",
        "Mandag og tirsdag er det prøver",  # not one day's text
    ],
)
def test_words_that_merely_look_like_a_day_are_no_heading(text: str) -> None:
    assert day_heading(text) is None


def test_a_day_sentence_that_starts_with_a_verb_keeps_its_day_word() -> None:
    heading = day_heading("Fredag er det prøve i brøk")
    assert heading is not None and heading.weekdays == (4,)
    assert heading.rest == "Fredag er det prøve i brøk"


def test_sentences_are_split_only_where_a_day_begins() -> None:
    assert split_day_sentences("Norsk: les s. 12. Matte: gange 7") == ["Norsk: les s. 12. Matte: gange 7"]
    assert split_day_sentences("Mandag: gym. Onsdag: kino. Husk matpakke.") == [
        "Mandag: gym.",
        "Onsdag: kino. Husk matpakke.",
    ]


def test_notes_sections_are_not_split_into_days() -> None:
    plan = parse_plan("Mandag: Norsk: les\nBeskjeder:\nHusk gymtøy. Fredag er det turdag.\nForeldremøte kl 18")
    assert [d.weekday for d in plan.days] == [0]
    assert plan.notes == ("Husk gymtøy. Fredag er det turdag.", "Foreldremøte kl 18")


def test_only_trailing_sentences_about_the_week_become_notes() -> None:
    assert week_notes_after("kino. Ingen lekser denne uka!") == ("kino.", ["Ingen lekser denne uka!"])
    assert week_notes_after("kino. No homework this week.") == ("kino.", ["No homework this week."])
    assert week_notes_after("kino i sentrum") == ("kino i sentrum", [])
    assert week_notes_after("Denne uka: kino") == ("Denne uka: kino", [])  # the day's only sentence stays
