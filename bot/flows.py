"""The flows the main dialog can hand a message to, and what they may use.

Each flow module has `make_flow(deps: FlowDeps) -> Flow`. Adding a flow is one line in FLOWS.
Order matters: the first classifier that claims a message wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import Dialog

from bot.notify import Notifier
from bot.settings import Settings
from dialogs.main import Route
from storage.calendar import SchoolCalendar
from storage.conversations import ConversationRefs
from storage.db import Database
from storage.people import People

FLOWS: list[str] = [
    "dialogs.broadcast.dialogs",  # before all: only commands (VARSEL/BEREDSKAP, "/beredskap") and "OK" to an open emergency
    "dialogs.weekplan.dialogs",  # before booking: a published plan's text may name rooms; claims only "ukeplan"/"lekser"
    "dialogs.booking.dialogs",  # first: its vocabulary (rooms, "book", "ledig") is specific
    "dialogs.absence.dialogs",  # keep last: it reads any guardian message about a child
]


@dataclass
class FlowDeps:
    """What a flow gets from the wiring function: the database, people, notifications, settings."""

    settings: Settings
    db: Database
    people: People
    refs: ConversationRefs
    notifier: Notifier
    calendar: Callable[[], Awaitable[SchoolCalendar]]
    clock: Callable[[], dt.datetime]
    extras: dict[str, Any] = field(default_factory=dict)  # e.g. the outbox, once it exists


@dataclass(frozen=True)
class Flow:
    name: str
    dialogs: list[Dialog]
    classify: Callable[[TurnContext], Awaitable[Route | None]]


def build_flows(deps: FlowDeps) -> list[Flow]:
    return [import_module(name).make_flow(deps) for name in FLOWS]
