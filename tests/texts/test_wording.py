"""No doubled punctuation, no "1 ganger", no "fra X til X": the catalogues and what the renderers make of them."""

from __future__ import annotations

import datetime as dt
import re
import string
from zoneinfo import ZoneInfo

import pytest

from bot.texts import LANGUAGES, catalogue, t
from bot.texts.wording import choose_plural, day_span, fill, join_sentences, upper_first
from bot.understanding import Understanding
from dialogs.absence.render import leave_office_card, recorded, registered, teacher_notice
from dialogs.absence.results import Recorded, Registered
from dialogs.booking.render import weekly_booked_text, weekly_confirm_text
from dialogs.booking.results import WeeklyBooked, WeeklyCheck
from dialogs.broadcast.render import outgoing_text, signature, sms_text
from dialogs.weekplan.render import PlanView, parse_plan, render_sms, render_sms_day
from storage.absences import LeaveRecord
from storage.bookings import BookingInfo, ResourceInfo, Slot
from storage.people import ChildInfo, PersonInfo

OSLO = ZoneInfo("Europe/Oslo")
TODAY = dt.date(2026, 12, 7)  # a Monday

# A count followed by a plural noun reads wrong at 1 ("1 ganger"); these are the nouns our texts count.
_PLURAL_NOUN_WORDS = (
    "ganger gonger times personer personar people adresser addresses segmenter segments mottakere mottakarar "
    "recipients skoledager skuledagar bookinger bookingar bookings guardians timer timar hours minutter minutes "
    "dager dagar days elever elevar pupils tries"
)
PLURAL_NOUNS = _PLURAL_NOUN_WORDS.split()
# Counts that are never 1 by construction: a range of days (2 or more), several cancelled, hours from 120 minutes.
NEVER_ONE = {"absence.days", "booking.cancelled_many", "broadcast.duration.hours", "broadcast.too_long"}


def faults(text: str) -> list[str]:
    """What a reader would notice: "..", "!.", "?.", " ,", " .", "-." (an ellipsis "..." is fine)."""
    plain = text.replace("...", "…")
    found = [bad for bad in ("..", "!.", "?.", " ,", " .", ":.", ",.") if bad in plain]
    found += re.findall(r"(?:^|\s)[-–]\.", plain)
    found += re.findall(r"\b1 (?:" + "|".join(PLURAL_NOUNS) + r")\b", plain)
    return found


def _fields(template: str) -> list[tuple[str, str]]:
    return [(name, spec or "") for _, name, spec, _ in string.Formatter().parse(template) if name]


def _filled(lang: str, template: str, text_value: str, number: int) -> str:
    values: dict[str, object] = {}
    for name, spec in _fields(template):
        values[name] = number if "|" in spec or name in _NUMBERS else text_value
    return fill(template, values, lang)


_NUMBER_WORDS = (
    "count n people addresses sms segments total days left recipients delivered on_the_way not_reached teams id "
    "length max week version latest grade mb"
)
_NUMBERS = frozenset(_NUMBER_WORDS.split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_catalogue_text_has_doubled_punctuation(lang: str) -> None:
    bad = {key: faults(text) for key, text in catalogue(lang).items() if faults(text.replace("{", "").replace("}", ""))}
    assert not bad, bad


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("value", ["time hos lege/tannlege e.l.", "husk håndkle!", "-", "Ola?"])
def test_a_value_that_ends_a_sentence_is_not_followed_by_another_stop(lang: str, value: str) -> None:
    bad = {}
    for key, template in catalogue(lang).items():
        text = _filled(lang, template, value, 3)
        if faults(text):
            bad[key] = text
    assert not bad, bad


def _has_one_variant(key: str, keys: dict[str, str]) -> bool:
    """ "calendar.days_some" beside "calendar.days_one": the renderer picks the one-variant for 1."""
    return any(key.rpartition(sep)[0] + sep + "one" in keys for sep in ("_", "."))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_count_of_one_is_written_in_the_singular(lang: str) -> None:
    bad = {}
    keys = catalogue(lang)
    for key, template in keys.items():
        text = _filled(lang, template, "X", 1)
        if key not in NEVER_ONE and not _has_one_variant(key, keys) and faults(text):
            bad[key] = text
    assert not bad, bad


def test_plural_forms_follow_the_language() -> None:
    assert choose_plural("nb", 1, "# gang|# ganger") == "1 gang"
    assert choose_plural("nb", 0, "# gang|# ganger") == "0 ganger"
    assert choose_plural("nn", 3, "# gong|# gonger") == "3 gonger"
    assert choose_plural("en", 1, "once|# times") == "once"
    assert t("nb", "broadcast.queued", people=1).startswith("Meldingen er lagt i kø til 1 mottaker.")
    assert t("en", "broadcast.preview.people_value", people=1, addresses=2) == "1 person, 2 addresses"


def test_join_sentences_adds_one_stop_where_one_is_missing() -> None:
    assert join_sentences(["Gym: husk håndkle!", "Matte: gange 7"]) == "Gym: husk håndkle! Matte: gange 7"
    assert join_sentences(["Norsk: les s. 12", "", "Matte"], last_stop=True) == "Norsk: les s. 12. Matte."
    assert join_sentences(["Kommer du?", "Svar ja."]) == "Kommer du? Svar ja."


def test_a_span_of_one_day_is_that_day() -> None:
    friday = dt.date(2026, 12, 18)
    assert day_span("nb", friday, friday) == "fredag 18. desember"
    assert day_span("nn", friday, friday + dt.timedelta(weeks=3)) == "frå fredag 18. desember til fredag 8. januar"
    assert day_span("en", friday, friday + dt.timedelta(weeks=1)) == "from Friday 18 December to Friday 25 December"


# ------------------------------------------------------------------ what the renderers write

_PERSON = PersonInfo("s-ola", "student", "Ola", "Nordmann", None, None, None, None, None)
OLA = ChildInfo(_PERSON, "c-5b", "5B", 5)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_absence_for_an_appointment_has_one_full_stop(lang: str) -> None:
    u = Understanding(intent="absence", dates=(TODAY,), reason="appointment")
    reply = recorded(lang, Recorded(children=(OLA,), understanding=u), TODAY)
    notice = teacher_notice(lang, OLA, u, TODAY, "Kari Nordmann", "sms")
    assert not faults(reply) and not faults(notice), (reply, notice)
    if lang == "nb":
        assert reply == (
            "Registrert: Ola (5B) borte i dag, mandag 7. desember, time hos lege/tannlege e.l. Kontaktlærer er varslet."
        )


_EMMA = ChildInfo(PersonInfo("s-emma", "student", "Emma", "Nordmann", None, None, None, None, None), "c-2a", "2A", 2)
_NORA = ChildInfo(PersonInfo("s-nora", "student", "Nora", "Berg", None, None, None, None, None), "c-5b", "5B", 5)


@pytest.mark.parametrize(
    ("lang", "one", "several"),
    [
        ("nb", "Kontaktlærer er varslet.", "Kontaktlærerne er varslet."),
        ("nn", "Kontaktlærar er varsla.", "Kontaktlærarane er varsla."),
        ("en", "Contact teacher notified.", "Contact teachers notified."),
    ],
)
def test_children_in_two_classes_tell_the_teachers_in_the_plural(lang: str, one: str, several: str) -> None:
    u = Understanding(intent="absence", dates=(TODAY,), reason="illness")
    two_classes = recorded(lang, Recorded(children=(OLA, _EMMA), understanding=u), TODAY)
    one_class = recorded(lang, Recorded(children=(OLA, _NORA), understanding=u), TODAY)
    alone = recorded(lang, Recorded(children=(OLA,), understanding=u), TODAY)
    assert two_classes.endswith(several) and one_class.endswith(one) and alone.endswith(one)
    assert not faults(two_classes), two_classes


def test_upper_first_keeps_the_rest_as_written() -> None:
    assert upper_first("monday 7 December") == "Monday 7 December"
    assert upper_first("mandag 7. desember") == "Mandag 7. desember"
    assert upper_first("") == ""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_register_with_nobody_reported_before_says_no_dash(lang: str) -> None:
    text = registered(lang, Registered(known_names=(), new_names=("Ola", "Emma")))
    assert not faults(text) and "-" not in text, text
    both = registered(lang, Registered(known_names=("Nora",), new_names=("Ola",)))
    assert "Nora" in both and not faults(both)
    if lang == "nb":
        assert text == "Registrert borte i dag: Ola og Emma. Foresatte får SMS nå."


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_leave_application_counts_its_school_days_once(lang: str) -> None:
    days = tuple(TODAY + dt.timedelta(days=n) for n in range(4))
    leave = LeaveRecord(7, "s-ola", "g-kari", "sms", days[0], days[-1], 4, "family", "office", "requested", None)
    u = Understanding(intent="leave", dates=days, reason="family")
    text = leave_office_card(lang, leave, OLA, u, TODAY, "Kari Nordmann")
    assert len(re.findall(r"\b4\b", text)) == 1, text
    assert not faults(text), text


def _slot(day: dt.date) -> Slot:
    return Slot(
        dt.datetime.combine(day, dt.time(10), OSLO).astimezone(dt.UTC),
        dt.datetime.combine(day, dt.time(11), OSLO).astimezone(dt.UTC),
    )


MUSIC = ResourceInfo("r-musikk", "Musikkrommet", "rom", None, ())
FRIDAYS = [dt.date(2026, 12, 4) + dt.timedelta(weeks=n) for n in range(3)]


def _booking(day: dt.date, by: str = "Per Hansen") -> BookingInfo:
    slot = _slot(day)
    return BookingInfo(1, "r-musikk", "Musikkrommet", "rom", slot.start, slot.end, "t-per", by, None, "active")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_weekly_booking_with_one_free_date_names_that_date(lang: str) -> None:
    taken = tuple((_slot(d), _booking(d)) for d in FRIDAYS[:2])
    check = WeeklyCheck(MUSIC, _slot(FRIDAYS[0]), (_slot(FRIDAYS[2]),), taken, ())
    asked = weekly_confirm_text(lang, check, OSLO)
    booked = weekly_booked_text(lang, WeeklyBooked(MUSIC, (_booking(FRIDAYS[2]),)), OSLO)
    for text in (asked, booked):
        assert not faults(text), text
        assert text.count("18") == 1, text  # the one date, not "from 18 December to 18 December"
    if lang == "nb":
        assert asked.endswith("Skal jeg booke den ene ledige datoen, fredag 18. desember?")
        assert booked == "Booket: Musikkrommet hver fredag 10:00–11:00, 1 gang fredag 18. desember."
    free = WeeklyCheck(MUSIC, _slot(FRIDAYS[0]), tuple(_slot(d) for d in FRIDAYS), (), ())
    assert "3" in weekly_confirm_text(lang, free, OSLO) and not faults(weekly_confirm_text(lang, free, OSLO))


def _plan(text: str) -> PlanView:
    return PlanView("5B", 5, 2026, 50, 1, parse_plan(text), "https://skole.example/u/abc")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_week_plan_that_ends_with_an_exclamation_mark_gets_no_extra_stop(lang: str) -> None:
    view = _plan("Mandag: Gym: husk håndkle! Matte: gange 7\nTirsdag: Norsk: les s. 12. Engelsk: gloser?")
    week = render_sms(view, lang)
    one_day = render_sms_day(view, dt.date(2026, 12, 7), lang)
    for text in (week, one_day):
        assert not faults(text), text
    assert "håndkle! Matte: gange 7" in week


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("words", ["Skolen stenger kl 12!", "Skolen stenger kl 12", "Er alle ute?"])
def test_a_broadcast_joins_its_sentences_and_signs_once(lang: str, words: str) -> None:
    signed = signature(lang, "Solbakken skole")
    for emergency in (False, True):
        for drill in (False, True):
            text = sms_text(words, drill=drill, emergency=emergency, language=lang, signature=signed)
            assert not faults(text), text
            assert text.endswith("\n" + signed), text
    assert outgoing_text(words, drill=False, emergency=False, language=lang) == words
