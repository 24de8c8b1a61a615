"""Adaptive Cards (1.5) for booking: a question with one submit button per choice.

Used for the booking confirmation (Ja/Nei), the alternatives when a slot is taken, and the
"which one?" questions. A button submits {"skolebot": "booking", "choice": <title>} as the
activity's value with no text; the booking dialog's prompt recognises it. `fallbackText`
carries the question and the numbered choices for clients that cannot show cards.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from botbuilder.schema import Activity, Attachment

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SUBMIT_MARK = "booking"


def choice_card(text: str, titles: Sequence[str], *, details: Sequence[str] = ()) -> dict[str, Any]:
    """The question (and optional detail lines) with a submit button per choice (pure)."""
    body: list[dict[str, Any]] = [{"type": "TextBlock", "text": text, "wrap": True, "weight": "Bolder"}]
    body += [{"type": "TextBlock", "text": line, "wrap": True, "spacing": "Small"} for line in details]
    numbered = "\n".join(f"{n}. {title}" for n, title in enumerate(titles, start=1))
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "fallbackText": "\n".join(part for part in (text, *details, numbered) if part),
        "body": body,
        "actions": [
            {"type": "Action.Submit", "title": title, "data": {"skolebot": SUBMIT_MARK, "choice": title}}
            for title in titles
        ],
    }


def submitted_choice(value: Any) -> str | None:
    """The choice title a booking card submitted, or None when the value is not ours."""
    if isinstance(value, dict) and value.get("skolebot") == SUBMIT_MARK and isinstance(value.get("choice"), str):
        return value["choice"]
    return None


def card_activity(card: dict[str, Any], locale: str | None) -> Activity:
    """A message carrying only the card (Teams shows the card; its fallbackText elsewhere)."""
    return Activity(
        type="message", locale=locale, attachments=[Attachment(content_type=CARD_CONTENT_TYPE, content=card)]
    )
