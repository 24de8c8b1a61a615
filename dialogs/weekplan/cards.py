"""The week plan as an Adaptive Card 1.5 for Teams: the days with their subjects, and the link or file.

Pure: a dict in, a dict out. `fallbackText` carries the compact text for clients without cards.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.texts import day as day_name
from bot.texts import t
from bot.texts.wording import upper_first
from dialogs.weekplan.render import DayPlan, PlanView, entries_line, render_sms, render_sms_day

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def _day_items(lang: str | None, view: PlanView, day: DayPlan | None, date: dt.date) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": upper_first(day_name(lang, date)),
            "weight": "Bolder",
            "spacing": "Medium",
            "wrap": True,
        }
    ]
    entries = day.entries if day else ()
    facts = [{"title": e.subject, "value": e.text} for e in entries if e.subject]
    loose = [e for e in entries if not e.subject]
    if facts:
        items.append({"type": "FactSet", "facts": facts, "spacing": "Small"})
    if loose:
        items.append({"type": "TextBlock", "text": entries_line(loose), "wrap": True, "spacing": "Small"})
    if not entries:
        items.append(
            {
                "type": "TextBlock",
                "text": t(lang, "weekplan.card_nothing"),
                "isSubtle": True,
                "wrap": True,
                "spacing": "Small",
            }
        )
    return items


def _actions(lang: str | None, view: PlanView) -> list[dict[str, Any]]:
    actions: list[dict[str, Any]] = [
        {"type": "Action.OpenUrl", "title": t(lang, "weekplan.card_open"), "url": view.link}
    ]
    if view.file_link and view.file_name:
        actions.append(
            {
                "type": "Action.OpenUrl",
                "title": t(lang, "weekplan.card_download", file=view.file_name),
                "url": view.file_link,
            }
        )
    return actions


def _card(body: list[dict[str, Any]], actions: list[dict[str, Any]], fallback: str) -> dict[str, Any]:
    card: dict[str, Any] = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.5", "body": body}
    if actions:
        card["actions"] = actions
    card["fallbackText"] = fallback
    return card


def _plan_items(view: PlanView, lang: str | None, label: str) -> list[dict[str, Any]]:
    """A plan's heading (for `label`: the class, or the children it is for), its days, notes and file."""
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": t(lang, "weekplan.page_title", label=label, week=view.week),
            "size": "Large",
            "weight": "Bolder",
            "wrap": True,
        },
        {
            "type": "TextBlock",
            "isSubtle": True,
            "spacing": "None",
            "wrap": True,
            "text": t(
                lang,
                "weekplan.page_meta",
                first=day_name(lang, view.week_start),
                last=day_name(lang, view.date_of(4)),
                version=view.version,
            ),
        },
    ]
    for day in view.plan.days:
        body.append({"type": "Container", "items": _day_items(lang, view, day, view.date_of(day.weekday))})
    if view.plan.notes:
        body.append(
            {
                "type": "Container",
                "items": [
                    {
                        "type": "TextBlock",
                        "text": t(lang, "weekplan.page_notes"),
                        "weight": "Bolder",
                        "spacing": "Medium",
                    },
                    *(
                        {"type": "TextBlock", "text": note, "wrap": True, "spacing": "Small"}
                        for note in view.plan.notes
                    ),
                ],
            }
        )
    if not view.plan.days and not view.plan.notes and view.file_name:
        body.append(
            {"type": "TextBlock", "text": t(lang, "weekplan.card_file_only", file=view.file_name), "wrap": True}
        )
    return body


def weekplan_card(view: PlanView, lang: str | None) -> dict[str, Any]:
    """The whole week: a heading, each day with its subjects, the week's notes, and the links."""
    return _card(_plan_items(view, lang, view.label(lang)), _actions(lang, view), render_sms(view, lang))


def children_card(parts: list[tuple[str, PlanView]], lang: str | None, note: str | None = None) -> dict[str, Any]:
    """Several plans in one card, each headed by the children it is for ("Ola (5B)") with its own links,
    then `note` (one line: the children with no plan for the week yet)."""
    body: list[dict[str, Any]] = []
    for i, (who, view) in enumerate(parts):
        items = _plan_items(view, lang, who)
        items.append({"type": "ActionSet", "actions": _actions(lang, view)})
        body.append({"type": "Container", "items": items, "separator": i > 0, "spacing": "Large" if i else "None"})
    if note:
        body.append({"type": "TextBlock", "text": note, "wrap": True, "spacing": "Medium"})
    fallback = "\n\n".join(render_sms(view, lang, who=who) for who, view in parts)
    if note:
        fallback += "\n\n" + note
    return _card(body, [], fallback)


def homework_card(view: PlanView, date: dt.date, lang: str | None) -> dict[str, Any]:
    """One day of the plan ("lekser i morgen"), with the links to the whole plan."""
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "size": "Large",
            "weight": "Bolder",
            "wrap": True,
            "text": t(lang, "weekplan.sms_day_head", label=view.label(lang), day=day_name(lang, date)).rstrip(":"),
        },
    ]
    body.extend(_day_items(lang, view, view.plan.day(date.weekday()), date)[1:])
    return _card(body, _actions(lang, view), render_sms_day(view, date, lang))
