"""Everyday wording around week plans (issue 16, texts): English asks, the answer line in the
person's language, and a cut SMS plan that never ends in a bare day label."""

from __future__ import annotations

import pytest

from dialogs.weekplan.render import PlanView, fit_sms, parse_plan, render_sms
from dialogs.weekplan.request import is_weekplan_message
from storage.segments import count_segments
from storage.weekplans import WeekPlans
from tests.e2e.harness import Running
from tests.e2e.seed import GUARDIAN_TWO_KIDS

LONG_DAYS = (
    "Mandag: matte s. 20-22 i Multi 5a, gjør oppgave 1.1 til 1.12. Husk å ta med kalkulator!\n"
    "Tirsdag: gym, husk håndkle og innesko! Norsk: les kapittel 3 i Zeppelin og skriv fem setninger om det du leste.\n"
    "Onsdag: engelsk gloser uke 50 (ti ord), øv på å stave dem. Naturfag: tegn vannets kretsløp.\n"
    "Torsdag: tur til skogen, ta med matpakke, drikke og varme klær. Vi kommer tilbake kl. 14.\n"
    "Fredag: prøve i engelsk. Juleavslutning for 5. trinn kl. 18 i gymsalen, alle er velkomne!"
)


@pytest.mark.parametrize(
    "text",
    ["Hi, can I get the weekly plan please?", "week-plan for Ola", "Kan jeg få lekseplanen?", "weekly plans"],
)
def test_english_and_other_plan_words_ask_for_the_week_plan(text: str) -> None:
    assert is_weekplan_message(text)


@pytest.mark.parametrize("extra", range(0, 60, 3))
def test_a_cut_plan_never_ends_in_a_day_label_without_its_text(extra: int) -> None:
    link = "http://127.0.0.1:56253/u/" + "A" * (27 + extra)  # the cut moves with the link's length
    view = PlanView(class_title="5B", grade=None, year=2026, week=50, version=1, plan=parse_plan(LONG_DAYS), link=link)
    text = render_sms(view, "nb")
    assert count_segments(text).segments <= 3
    assert text.endswith("...\nHele planen: " + link)
    last = text.rsplit("...", 1)[0].rsplit("\n", 1)[-1]
    assert ": " in last, text  # "Tor: tur til skogen..." and the like, never "Fre..."


def test_a_cut_inside_the_first_line_keeps_it() -> None:
    text = fit_sms("Lekser 5B fredag: " + "ord " * 200, "Hele planen: http://127.0.0.1:56253/u/" + "A" * 27, 1)
    assert text.startswith("Lekser 5B fredag: ord") and count_segments(text).segments == 1


async def test_an_english_sms_ask_gets_the_answer_line_and_the_plan_in_english(bot: Running) -> None:
    plans = WeekPlans(bot.services.db)
    await plans.publish(year=2026, week=49, class_id="c-5b", body="Mandag: Norsk: les s. 12", published_by="t-kari")
    # Only Ola's class has a plan: it comes at once, in English, with a line saying Emma's has not come yet.
    (plan,) = await bot.phone.text(GUARDIAN_TWO_KIDS, "Hi, can I get the weekly plan please?")
    assert plan.startswith("Week plan Ola (5B) week 49:\nMon: Norsk: les s. 12")
    assert "There is no week plan for Emma (2A) yet." in plan
