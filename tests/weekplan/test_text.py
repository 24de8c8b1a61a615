"""Reading what teachers write, and writing it for SMS (within three segments, link included) and the web."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.weekplan.cards import homework_card, weekplan_card
from dialogs.weekplan.render import (
    Entry,
    PlanView,
    fit_sms,
    gsm_clean,
    parse_plan,
    render_html,
    render_notice_html,
    render_sms,
    render_sms_day,
    split_entries,
)
from storage.segments import count_segments

LINK = "https://skolebot.solbakken.no/u/AAAAAQBnXXXXXXXXXXXXXXXXXXXX"

ONE_LINE_PER_DAY = """Ukeplan 5B uke 49
Mandag: Norsk: les s. 12. Matte: gange 7
Tirsdag: Engelsk: gloser s. 30
Onsdag: Naturfag: les om planeter
Torsdag: Matte: oppgave 3.2 og 3.3
Fredag: Turdag, husk matpakke
"""

HEADING_PER_DAY = """**Mandag 30.11**
- Norsk: les s. 12
- Matte: gange 7

Tirsdag
Mat og helse: ta med forkle
Fredag 4. desember:
Kroppsøving: ute, ta med klær etter vær

Beskjeder:
Foreldremøte tirsdag kl. 18:00 i kantina.
"""


def view(text: str, *, file_name: str | None = None) -> PlanView:
    return PlanView(
        class_title="5B",
        grade=None,
        year=2026,
        week=49,
        version=2,
        plan=parse_plan(text),
        link=LINK,
        file_name=file_name,
        file_size=120_000 if file_name else None,
        file_link=LINK + "/fil" if file_name else None,
    )


def test_one_line_per_day_gives_subjects_and_homework() -> None:
    plan = parse_plan(ONE_LINE_PER_DAY)
    assert [d.weekday for d in plan.days] == [0, 1, 2, 3, 4]
    assert plan.days[0].entries == (Entry("Norsk", "les s. 12"), Entry("Matte", "gange 7"))
    assert plan.days[3].entries == (Entry("Matte", "oppgave 3.2 og 3.3"),)
    assert plan.days[4].entries == (Entry(None, "Turdag, husk matpakke"),)
    assert plan.notes == ()  # the title line is not a note


def test_a_heading_per_day_with_dates_bullets_and_a_notes_section() -> None:
    plan = parse_plan(HEADING_PER_DAY)
    assert [d.weekday for d in plan.days] == [0, 1, 4]
    assert plan.days[0].entries == (Entry("Norsk", "les s. 12"), Entry("Matte", "gange 7"))
    assert plan.days[1].entries == (Entry("Mat og helse", "ta med forkle"),)
    assert plan.days[2].entries == (Entry("Kroppsøving", "ute, ta med klær etter vær"),)
    assert plan.notes == ("Foreldremøte tirsdag kl. 18:00 i kantina.",)


def test_nynorsk_and_english_day_names_and_abbreviations() -> None:
    plan = parse_plan("Måndag: Norsk: les\nTysdag: Matte: gong\nWednesday: English: read\nFre: Gym: ute")
    assert [d.weekday for d in plan.days] == [0, 1, 2, 4]


def test_sentences_that_merely_start_with_a_day_word_are_not_headings() -> None:
    plan = parse_plan("Mandag: Norsk: les\nMan skal ha med gymtøy hver dag")
    assert plan.days[0].entries[-1] == Entry(None, "Man skal ha med gymtøy hver dag")


def test_times_and_page_numbers_do_not_split_entries() -> None:
    assert split_entries("Norsk: les s. 12. Møt kl. 10:30 i gymsalen") == [
        Entry("Norsk", "les s. 12. Møt kl. 10:30 i gymsalen")
    ]
    # a multi-word phrase after a full stop is not taken for a subject
    assert split_entries("Norsk: les teksten. Svar på spørsmål: 1-3") == [
        Entry("Norsk", "les teksten. Svar på spørsmål: 1-3")
    ]


def test_text_without_days_is_kept_whole_as_notes() -> None:
    plan = parse_plan("Denne uka jobber vi med brøk.\nHusk leseloggen!")
    assert plan.days == ()
    assert plan.notes == ("Denne uka jobber vi med brøk.", "Husk leseloggen!")


def test_compact_sms_has_each_day_and_the_link_within_three_segments() -> None:
    text = render_sms(view(ONE_LINE_PER_DAY), "nb")
    assert text.startswith("Ukeplan 5B uke 49:\nMan: Norsk: les s. 12. Matte: gange 7\n")
    assert "Fre: Turdag, husk matpakke" in text
    assert text.endswith("Hele planen: " + LINK)
    info = count_segments(text)
    assert info.encoding == "GSM-7" and info.segments <= 3


def test_a_plan_too_long_for_three_segments_is_cut_on_a_word_and_keeps_the_whole_link() -> None:
    long_plan = "\n".join(
        f"{day}: Norsk: les kapittel {n} i leseboka og skriv et sammendrag på en halv side. "
        f"Matte: gjør oppgavene {n}.1 til {n}.9 i arbeidsboka"
        for n, day in enumerate(["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag"], start=1)
    )
    text = render_sms(view(long_plan), "nb")
    assert count_segments(text).segments == 3
    assert text.endswith("...\nHele planen: " + LINK)
    assert text.startswith("Ukeplan 5B uke 49:\nMan: Norsk: les kapittel 1")
    kept = text.rsplit("...", 1)[0].split("\n", 1)[1]
    source = long_plan
    for day, short in [("Mandag", "Man"), ("Tirsdag", "Tir"), ("Onsdag", "Ons"), ("Torsdag", "Tor"), ("Fredag", "Fre")]:
        source = source.replace(day + ":", short + ":")
    assert source.startswith(kept) and len(kept) > 300
    assert source[len(kept)] in " \n.,"  # cut between words, never inside one


def test_emoji_and_typography_are_made_gsm7_so_the_plan_is_not_sent_as_ucs2() -> None:
    text = render_sms(view("Mandag: Norsk: «les» s. 12 – kos deg 😀\nTirsdag: Fransk: ça va, Noël"), "nb")
    assert count_segments(text).encoding == "GSM-7"
    assert '"les" s. 12 - kos deg' in text and "ca va, Noel" in text


def test_homework_for_one_day_only() -> None:
    text = render_sms_day(view(ONE_LINE_PER_DAY), dt.date(2026, 11, 30), "nb")
    assert text == f"Lekser 5B mandag 30. november: Norsk: les s. 12. Matte: gange 7\nHele planen: {LINK}"
    empty = render_sms_day(view("Mandag: Norsk: les"), dt.date(2026, 12, 2), "nb")
    assert empty.startswith("Ukeplanen for 5B har ingenting for onsdag 2. desember.")
    assert render_sms_day(view("Mandag: Norsk: les"), dt.date(2026, 11, 30), "en").startswith(
        "Homework 5B Monday 30 November: Norsk: les"
    )


def test_a_file_only_plan_says_so_and_links_to_it() -> None:
    text = render_sms(view("", file_name="uke49.pdf"), "nb")
    assert "uke49.pdf" in text and text.endswith(LINK)


def test_grade_plans_are_labelled_by_grade() -> None:
    grade_view = PlanView(
        class_title=None, grade=5, year=2026, week=49, version=1, plan=parse_plan("Mandag: x"), link=LINK
    )
    assert render_sms(grade_view, "nb").startswith("Ukeplan 5. trinn uke 49:")
    assert render_sms(grade_view, "en").startswith("Week plan grade 5 week 49:")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=900))
def test_whatever_a_teacher_writes_the_sms_fits_and_ends_with_the_link(body: str) -> None:
    text = render_sms(view(body), "nb", max_segments=3)
    assert count_segments(text).segments <= 3
    assert text.endswith(LINK)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=700), st.integers(min_value=1, max_value=4))
def test_fit_sms_never_exceeds_the_budget(main: str, segments: int) -> None:
    text = fit_sms(main, "Hele planen: " + LINK, segments)
    assert count_segments(text).segments <= segments and text.endswith(LINK)


def test_gsm_clean_keeps_norwegian_letters() -> None:
    assert gsm_clean("Blåbær på Øya") == "Blåbær på Øya"


def test_the_page_escapes_everything_the_teacher_wrote() -> None:
    page = render_html(
        view('Mandag: Norsk: <script>alert("x")</script> & les\nBeskjeder: <b>fet</b>', file_name='"><img src=x>.pdf'),
        "nb",
    )
    assert "<script>" not in page and "<b>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; les" in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<h1>Ukeplan 5B – uke 49</h1>" in page
    assert "mandag 30. november – fredag 4. desember · versjon 2" in page
    assert "Last ned &quot;&gt;&lt;img src=x&gt;.pdf (117 kB)" in page


def test_the_page_has_the_days_with_dates() -> None:
    page = render_html(view(HEADING_PER_DAY), "nb")
    assert "<h2>mandag 30. november</h2>" in page
    assert "<li><strong>Norsk:</strong> les s. 12</li>" in page
    assert "<h2>Beskjeder</h2>" in page
    assert '<html lang="nb">' in page


def test_notice_page_is_short_and_in_the_language() -> None:
    page = render_notice_html("nb", "weekplan.link_expired_title", "weekplan.link_expired")
    assert "Lenken er utløpt" in page and len(page) < 2500


def test_card_is_adaptive_1_5_with_days_facts_and_links() -> None:
    card = weekplan_card(view(HEADING_PER_DAY, file_name="uke49.pdf"), "nb")
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    monday = card["body"][2]["items"]
    assert monday[0]["text"] == "Mandag 30. november"
    assert monday[1]["facts"] == [{"title": "Norsk", "value": "les s. 12"}, {"title": "Matte", "value": "gange 7"}]
    assert [a["url"] for a in card["actions"]] == [LINK, LINK + "/fil"]
    assert card["actions"][1]["title"] == "Last ned uke49.pdf"
    assert card["fallbackText"].endswith(LINK)


def test_card_day_headings_keep_the_month_as_the_language_writes_it() -> None:
    english = weekplan_card(view(HEADING_PER_DAY), "en")
    assert english["body"][2]["items"][0]["text"] == "Monday 30 November"  # not "Monday 30 november"
    nynorsk = weekplan_card(view(HEADING_PER_DAY), "nn")
    assert nynorsk["body"][2]["items"][0]["text"] == "Måndag 30. november"


def test_homework_card_shows_only_that_day() -> None:
    card = homework_card(view(ONE_LINE_PER_DAY), dt.date(2026, 12, 1), "nb")
    texts = str(card["body"])
    assert "Engelsk" in texts and "Norsk" not in texts
    assert card["body"][0]["text"] == "Lekser 5B tirsdag 1. desember"
