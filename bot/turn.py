"""What the bot knows about the current turn: who is talking, in which language, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from botbuilder.core import TurnContext

from storage.people import PersonInfo

TURN_KEY = "skolebot.turn"


@dataclass(frozen=True)
class TurnInfo:
    person: PersonInfo | None
    language: str
    now: dt.datetime  # aware, in the school's zone
    channel_id: str

    @property
    def is_sms(self) -> bool:
        return self.channel_id == "sms"


def turn_info(context: TurnContext) -> TurnInfo:
    """The TurnInfo SchoolBot put on this turn."""
    return context.turn_state[TURN_KEY]
