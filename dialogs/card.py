"""The one definition of an Adaptive Card attachment that every flow's renderer and dialog uses.

Flows produce a card as a plain dict (their cards.py); this turns it into the message the Teams
adapter sends, so the content type is written down once for all flows.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import MessageFactory
from botbuilder.schema import Activity, Attachment

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"


def card_attachment(card: dict[str, Any]) -> Attachment:
    """An Adaptive Card (a dict from a flow's cards.py) as an attachment."""
    return Attachment(content_type=CARD_CONTENT_TYPE, content=card)


def card_activity(card: dict[str, Any], language: str) -> Activity:
    """A message carrying one Adaptive Card, marked with the reader's language."""
    activity = MessageFactory.attachment(card_attachment(card))
    activity.locale = language
    return activity
