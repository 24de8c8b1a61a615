"""Adaptive Cards (1.5) for absence: the leave decision with grant/refuse buttons."""

from __future__ import annotations

from typing import Any

from bot.texts import t


def decision_card(lang: str | None, text: str, request_id: int) -> dict[str, Any]:
    """The office's card: the application's text and two submit buttons; the text alone works too."""
    def action(key: str, granted: bool) -> dict[str, Any]:
        return {"type": "Action.Submit", "title": t(lang, key),
                "data": {"skolebot": "leave_decision", "request_id": request_id, "granted": granted}}

    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "fallbackText": text,
        "body": [{"type": "TextBlock", "text": text, "wrap": True}],
        "actions": [action("absence.leave_grant", True), action("absence.leave_refuse", False)],
    }
