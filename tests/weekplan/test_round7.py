"""A guardian with children in several classes who asks for the week plan without naming a child gets
every child's plan that exists for the week, each headed by the child's name and class, and one line
naming the children without a plan yet; by SMS only when it all fits, else the question as before."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.emulator import reply_text
from bot.texts import and_list
from dialogs.weekplan.cards import children_card
from dialogs.weekplan.dialogs import children_label
from dialogs.weekplan.render import PlanView, parse_plan, render_sms, render_sms_several
from storage.segments import count_segments
from storage.weekplans import WeekPlans
from tests.e2e.harness import Running
from tests.e2e.seed import GUARDIAN_ONE_KID, GUARDIAN_TWO_KIDS, GUARDIAN_TWO_KIDS_UPN

LINK = "http://127.0.0.1:3978/u/" + "A" * 27
SHORT_5B = "Mandag: Matte: brøk s. 40\nOnsdag: Gym, husk innesko\nFredag: Engelsk: gloser"
SHORT_2A = "Tirsdag: Lesing: Gubben og katten\nTorsdag: ta med matboks"
LONG_5B = "\n".join(
    f"{day}: Norsk: les kapittel {n} i leseboka og svar på spørsmålene. Matte: oppgave {n}.1 til {n}.9 i boka"
    for n, day in enumerate(["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag"], start=1)
)
LONG_2A = "\n".join(
    f"{day}: Lesing: les høyt for en voksen i et kvarter. Skriving: skriv {n} setninger om vinteren"
    for n, day in enumerate(["Mandag", "Tirsdag", "Onsdag", "Torsdag"], start=1)
)
LINKS = re.compile(r"/u/[A-Za-z0-9_-]{27}")


def view(body: str, title: str = "5B", week: int = 49, link: str = LINK) -> PlanView:
    return PlanView(class_title=title, grade=None, year=2026, week=week, version=1, plan=parse_plan(body), link=link)


# ------------------------------------------------------------------ pure: names, SMS and the card


@pytest.mark.parametrize(
    ("lang", "items", "expected"),
    [
        ("nb", ["Ola"], "Ola"),
        ("nb", ["Ola", "Emma"], "Ola og Emma"),
        ("nn", ["Vetle", "Tiril", "Vilde"], "Vetle, Tiril og Vilde"),
        ("en", ["Ola (5B)", "Emma (2A)"], "Ola (5B) and Emma (2A)"),
    ],
)
def test_names_are_listed_the_way_the_language_does(lang: str, items: list[str], expected: str) -> None:
    assert and_list(lang, items) == expected


def test_children_in_one_class_share_their_class_label() -> None:
    kids = [{"title": "Per", "label": "5B"}, {"title": "Pål", "label": "5B"}, {"title": "Siri", "label": "2A"}]
    assert children_label("nb", kids) == "Per og Pål (5B) og Siri (2A)"
    assert children_label("en", kids[2:]) == "Siri (2A)"


def test_several_short_plans_fit_one_sms_each_headed_by_the_child() -> None:
    parts = [("Ola (5B)", view(SHORT_5B)), ("Emma (2A)", view(SHORT_2A, "2A", link=LINK.replace("A", "B")))]
    text = render_sms_several(parts, "nb", 3, note="Det er ikke kommet ukeplan for Vetle (1A) ennå.")
    assert text is not None
    assert text.startswith("Ukeplan Ola (5B) uke 49:\nMan: Matte: brøk s. 40\n")
    assert "\n\nUkeplan Emma (2A) uke 49:\nTir: Lesing: Gubben og katten\n" in text
    assert text.count("Hele planen: ") == 2 and text.endswith("\n\nDet er ikke kommet ukeplan for Vetle (1A) ennå.")
    assert count_segments(text).segments <= 3 and count_segments(text).encoding == "GSM-7"


def test_several_plans_that_do_not_fit_together_are_not_cut() -> None:
    parts = [("Ola (5B)", view(LONG_5B)), ("Emma (2A)", view(LONG_2A, "2A"))]
    assert render_sms_several(parts, "nb", 3) is None
    assert render_sms_several(parts, "nb", 10) is not None  # a school allowing longer SMS gets them both


def test_one_plan_is_cut_but_the_line_about_the_others_stays_whole() -> None:
    note = "Det har ikkje kome vekeplan for Ola (5B) enno."
    text = render_sms(view(LONG_5B), "nn", 3, who="Emma (5B)", note=note)
    assert text.startswith("Vekeplan Emma (5B) veke 49:\nMån: Norsk: les kapittel 1")
    assert text.endswith(f"...\n{note}\nHeile planen: {LINK}")
    assert count_segments(text).segments <= 3


def test_the_card_has_each_childs_plan_with_its_own_links_and_the_line_last() -> None:
    parts = [("Ola (5B)", view(SHORT_5B)), ("Emma (2A)", view(SHORT_2A, "2A"))]
    card = children_card(parts, "en", "There is no week plan for Vetle (1A) yet.")
    first, second, line = card["body"]
    assert first["items"][0]["text"] == "Week plan Ola (5B) – week 49"
    assert second["items"][0]["text"] == "Week plan Emma (2A) – week 49" and second["separator"] is True
    assert [i["type"] for i in first["items"]][-1] == "ActionSet"
    assert first["items"][-1]["actions"][0]["url"] == LINK
    assert line["text"] == "There is no week plan for Vetle (1A) yet."
    assert "actions" not in card
    assert "Week plan Ola (5B) week 49:" in card["fallbackText"] and "Vetle (1A)" in card["fallbackText"]


# ------------------------------------------------------------------ by SMS


async def _publish(bot: Running, **plans: str) -> None:
    store = WeekPlans(bot.services.db)
    for key, body in plans.items():  # "c_5b_49": class c-5b, week 49
        _, klass, week = key.split("_")
        await store.publish(year=2026, week=int(week), class_id=f"c-{klass}", body=body, published_by="t-kari")


async def test_bokmal_both_plans_come_in_one_sms_without_a_question(bot: Running) -> None:
    await _publish(bot, c_5b_49=SHORT_5B, c_2a_49=SHORT_2A)
    (sms,) = await bot.phone.text(GUARDIAN_TWO_KIDS, "hva står på ukeplanen?")
    assert sms.startswith("Ukeplan Ola (5B) uke 49:\nMan: Matte: brøk s. 40")
    assert "Ukeplan Emma (2A) uke 49:\nTir: Lesing: Gubben og katten" in sms
    assert len(LINKS.findall(sms)) == 2 and "Hvilket barn" not in sms
    assert count_segments(sms).segments <= 3


async def test_nynorsk_next_week_only_one_class_has_a_plan(bot: Running) -> None:
    await _publish(bot, c_2a_50="Måndag: Lesing: les side 8. Matte: pluss til 10")
    (sms,) = await bot.phone.text(GUARDIAN_TWO_KIDS, "kva står på vekeplanen neste veke?")
    assert sms.startswith("Vekeplan Emma (2A) veke 50:\nMån: Lesing: les side 8. Matte: pluss til 10\n")
    assert "Det har ikkje kome vekeplan for Ola (5B) enno.\nHeile planen: " in sms
    assert count_segments(sms).segments <= 3


async def test_english_plans_too_long_together_ask_which_child_as_before(bot: Running) -> None:
    await _publish(bot, c_5b_49=LONG_5B, c_2a_49=LONG_2A)
    asked = await bot.phone.text(GUARDIAN_TWO_KIDS, "what's on the week plan this week?")
    assert asked == ["Which child is it about? Reply 1 for Ola or 2 for Emma."]
    (plan,) = await bot.phone.text(GUARDIAN_TWO_KIDS, "the older one")
    assert plan.startswith("Week plan 5B week 49:\nMon: Norsk: les kapittel 1")


async def test_no_plan_for_any_child_is_one_line_not_a_question(bot: Running) -> None:
    await _publish(bot, c_5b_48="Mandag: Norsk: gammel plan")
    assert await bot.phone.text(GUARDIAN_TWO_KIDS, "ukeplanen for neste uke?") == [
        "Det er ikke publisert ukeplan for uke 50 ennå for Ola (5B) og Emma (2A)."
    ]


async def test_a_named_child_still_gets_only_that_plan(bot: Running) -> None:
    await _publish(bot, c_5b_49=SHORT_5B, c_2a_49=SHORT_2A)
    (sms,) = await bot.phone.text(GUARDIAN_TWO_KIDS, "kan jeg få ukeplanen til Emma?")
    assert sms.startswith("Ukeplan 2A uke 49:") and "Matte: brøk" not in sms and "Ola" not in sms
    (sms,) = await bot.phone.text(GUARDIAN_TWO_KIDS, "vekeplanen til ola")  # the language stays bokmål
    assert sms.startswith("Ukeplan 5B uke 49:") and "Gubben" not in sms and "Emma" not in sms


async def test_one_child_is_unchanged(bot: Running) -> None:
    await _publish(bot, c_5b_49=SHORT_5B)
    (sms,) = await bot.phone.text(GUARDIAN_ONE_KID, "ukeplan")
    assert sms.startswith("Ukeplan 5B uke 49:\nMan: Matte: brøk s. 40")


async def test_homework_for_one_day_still_asks_which_child(bot: Running) -> None:
    await _publish(bot, c_5b_49=SHORT_5B, c_2a_49=SHORT_2A)
    (asked,) = await bot.phone.text(GUARDIAN_TWO_KIDS, "lekser i morgen")
    assert asked.startswith("Hvilket barn")


# ------------------------------------------------------------------ in Teams


def _card(reply: dict[str, Any]) -> dict[str, Any]:
    (attachment,) = reply["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    content: dict[str, Any] = attachment["content"]
    return content


async def test_teams_nynorsk_both_plans_in_one_card(bot: Running) -> None:
    await _publish(bot, c_5b_49=SHORT_5B, c_2a_49=SHORT_2A)
    (reply,) = await bot.client.say(bot.user(GUARDIAN_TWO_KIDS_UPN), "kva er vekeplanen denne veka?")
    card = _card(reply)
    shown = reply_text(reply)
    assert "Vekeplan Ola (5B) – veke 49" in shown and "Vekeplan Emma (2A) – veke 49" in shown
    assert "Matte: brøk s. 40" in shown and "Lesing: Gubben og katten" in shown
    links = [c["items"][-1]["actions"][0]["url"] for c in card["body"] if c["type"] == "Container"]
    assert len(links) == 2 and all(url.startswith(bot.url + "/u/") for url in links)


async def test_teams_english_one_plan_and_who_has_none(bot: Running) -> None:
    await _publish(bot, c_5b_50=SHORT_5B)
    (reply,) = await bot.client.say(bot.user(GUARDIAN_TWO_KIDS_UPN), "can I see the week plan for next week, please?")
    shown = reply_text(reply)
    assert "Week plan Ola (5B) – week 50" in shown and "Matte: brøk s. 40" in shown
    assert shown.rstrip().endswith("There is no week plan for Emma (2A) yet.")
    assert "Which child" not in shown
