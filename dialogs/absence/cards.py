"""Adaptive Cards (1.5) for absence: the leave decision with grant/refuse buttons."""

from __future__ import annotations

from typing import Any

from bot.texts import t


def decision_card(lang: str | None, text: str, request_id: int) -> dict[str, Any]:
    """The office's card: two submit buttons under the application, which is the message's text (and the card's
    fallbackText), so the card does not repeat it; the text alone works too ("innvilg 12")."""

    def action(key: str, granted: bool) -> dict[str, Any]:
        return {
            "type": "Action.Submit",
            "title": t(lang, key),
            "data": {"skolebot": "leave_decision", "request_id": request_id, "granted": granted},
        }

    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "fallbackText": text,
        "body": [],
        "actions": [action("absence.leave_grant", True), action("absence.leave_refuse", False)],
    }


def register_card(lang: str | None, text: str, class_id: str, pupils: list[tuple[str, str, bool]]) -> dict[str, Any]:
    """The class list with a toggle per pupil under today's list: tick who is missing, send.

    The list itself is the message's text (and the card's fallbackText), so the card does not repeat it.
    `pupils` are (sourcedId, name, already absent). The submit's data carries the class and one
    "missing:<sourcedId>" = "true"/"false" per pupil; the text alone still works ("borte: Ola").
    """
    toggles = [
        {
            "type": "Input.Toggle",
            "id": f"missing:{sid}",
            "title": name,
            "value": "true" if absent else "false",
            "valueOn": "true",
            "valueOff": "false",
        }
        for sid, name, absent in pupils
    ]
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "fallbackText": text,
        "body": [
            {"type": "TextBlock", "text": t(lang, "absence.register_card_title"), "weight": "Bolder", "wrap": True},
            *toggles,
        ],
        "actions": [
            {
                "type": "Action.Submit",
                "title": t(lang, "absence.register_card_send"),
                "data": {"skolebot": "register_missing", "class_id": class_id},
            }
        ],
    }
