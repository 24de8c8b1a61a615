"""The flows the main dialog can hand a message to, and what they may use.

Each flow module has `make_flow(deps: FlowDeps) -> Flow`. Adding a flow is one line in FLOWS.
Order matters: the first classifier that claims a message wins. A flow's periodic work goes in
`Flow.jobs`; the wiring (bot.app) runs every flow's jobs, without knowing their names.
"""

from __future__ import annotations

import datetime as dt
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import import_module

import aiohttp
from botbuilder.core import TurnContext
from botbuilder.dialogs import Dialog

from bot.named_fields import FieldsByName
from bot.notify import Notifier
from bot.settings import Settings
from dialogs.main import Route
from storage.calendar import SchoolCalendar
from storage.conversations import ConversationRefs
from storage.db import Database
from storage.outbox import Outbox
from storage.people import People

FLOWS: list[str] = [
    # before all: only commands (VARSEL/BEREDSKAP, "/beredskap") and "OK" to an open emergency
    "dialogs.broadcast.dialogs",
    # safety first: an answer or alarm saying a child should be at school, and staff resolving it, before the rest
    "dialogs.absence.urgent_dialogs",
    # after safety: an opt-out or opt-in written as a sentence ("please stop texting me"), asked about once
    "dialogs.subscription.dialogs",
    # before absence: an answer to a broadcast ("Mottatt, henter Ola kl 12") is an acknowledgement, not an absence
    "dialogs.contact.acks",
    # before booking: a published plan's text may name rooms; claims only "ukeplan"/"lekser"
    "dialogs.weekplan.dialogs",
    "dialogs.booking.dialogs",  # first: its vocabulary (rooms, "book", "ledig") is specific
    # before absence: "har de fri fredag?" is a question about the calendar, not a leave application
    "dialogs.calendar.dialogs",
    "dialogs.absence.dialogs",  # it reads any guardian message about a child
    # keep last: thanks, acknowledgements, and questions for a person (forwarded) that no flow above took
    "dialogs.contact.dialogs",
]


@dataclass
class FlowDeps:
    """What a flow gets from the wiring function: the database, people, notifications, the outbox, settings."""

    settings: Settings
    db: Database
    people: People
    refs: ConversationRefs
    notifier: Notifier
    calendar: Callable[[], Awaitable[SchoolCalendar]]
    clock: Callable[[], dt.datetime]
    outbox: Outbox  # the durable outbox; flows enqueue broadcasts through it
    # The web app's shared HTTP session (opened and closed with the app by bot.web_weekplan);
    # None in the CLI and unit tests, which open their own.
    http_session: aiohttp.ClientSession | None = None
    # Attachment hosts are verified against this instead of the system's CAs when set (tests with a
    # throwaway CA; a school behind a TLS-inspecting proxy). Verification is never switched off.
    attachment_ssl: ssl.SSLContext | None = None
    # The old string keys over the typed fields, plus each flow's service by flow name, for tests and
    # tools written against the old `extras` dict. The application never reads it.
    extras: FieldsByName = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.extras = FieldsByName(
            self, {"outbox": "outbox", "weekplan.http": "http_session", "weekplan.attachment_ssl": "attachment_ssl"}
        )


Job = Callable[[], Awaitable[object]]


@dataclass(frozen=True)
class Flow:
    """One flow as the wiring sees it: its dialogs, its classifier, its periodic jobs and its service."""

    name: str
    dialogs: list[Dialog]
    classify: Callable[[TurnContext], Awaitable[Route | None]]
    jobs: list[Job] = field(default_factory=list)  # run every few seconds by the server and `skolebot worker`
    service: object | None = None  # the flow's service, for tools and tests (deps.extras[name])
    # A cancel word ("avbryt") with no question waiting: the flow may offer to undo what it just did.
    undo: Callable[[TurnContext], Awaitable[Route | None]] | None = None


def build_flows(deps: FlowDeps) -> list[Flow]:
    """Every flow in FLOWS, in order; each flow's service is also reachable as deps.extras[flow name]."""
    flows: list[Flow] = [import_module(name).make_flow(deps) for name in FLOWS]
    for flow in flows:
        if flow.service is not None:
            deps.extras[flow.name] = flow.service
    return flows
