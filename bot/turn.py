"""What the bot knows about the current turn: who is talking, in which language, and when.

SchoolBot answers a caller it cannot identify itself, so every dialog runs on a `KnownTurn`:
`known_turn(context)` gives the turn with a `person` that is never None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from botbuilder.core import TurnContext

from storage.people import PersonInfo

TURN_KEY = "skolebot.turn"


@dataclass(frozen=True)
class TurnInfo:
    """The turn as SchoolBot saw it before any dialog: the person when identified, else None."""

    person: PersonInfo | None
    language: str
    now: dt.datetime  # aware, in the school's zone
    channel_id: str

    @property
    def is_sms(self) -> bool:
        return self.channel_id == "sms"


@dataclass(frozen=True)
class KnownTurn(TurnInfo):
    """A turn whose person is identified: `person` is a roster person, no None check needed."""

    person: PersonInfo

    @classmethod
    def of(cls, info: TurnInfo) -> KnownTurn | None:
        """The same turn as a KnownTurn, or None when nobody was identified."""
        if isinstance(info, KnownTurn):
            return info
        if info.person is None:
            return None
        return cls(person=info.person, language=info.language, now=info.now, channel_id=info.channel_id)


class UnknownPerson(LookupError):
    """A dialog ran on a turn without an identified person (SchoolBot never lets that happen)."""


def turn_info(context: TurnContext) -> TurnInfo:
    """The TurnInfo SchoolBot put on this turn."""
    info: TurnInfo = context.turn_state[TURN_KEY]
    return info


def known_turn(context: TurnContext) -> KnownTurn:
    """This turn with its identified person, for code that runs only after SchoolBot identified the caller."""
    turn = KnownTurn.of(turn_info(context))
    if turn is None:
        raise UnknownPerson("this turn has no identified person")
    return turn


def require_person(info: TurnInfo) -> PersonInfo:
    """The turn's person, for code that runs only after SchoolBot identified the caller."""
    if info.person is None:
        raise UnknownPerson("this turn has no identified person")
    return info.person
