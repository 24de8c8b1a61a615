"""Services: everything one application instance holds, built once by bot.app.build_services.

Its own module so the route modules, the warm-up and the playground can name it without
importing the wiring function that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web
from botbuilder.core import ConversationState, Storage, UserState
from botbuilder.integration.aiohttp import CloudAdapter

from adapters.sms.adapter import SmsAdapter
from bot.flows import Flow, FlowDeps
from bot.jobs import Jobs
from bot.metrics import Metrics
from bot.mode import Mode
from bot.named_fields import FieldsByName
from bot.notify import Notifier
from bot.outbox_worker import WORKER_KEY, OutboxWorker
from bot.school_bot import SchoolBot
from bot.settings import Settings
from storage.conversations import ConversationRefs
from storage.db import Database
from storage.people import People
from storage.sms_log import SmsLog


@dataclass
class Services:
    """Everything one application instance holds; built by create_app, closed on shutdown."""

    settings: Settings
    mode: Mode
    db: Database
    storage: Storage
    people: People
    refs: ConversationRefs
    conversation_state: ConversationState
    user_state: UserState
    cloud_adapter: CloudAdapter
    sms_log: SmsLog
    sms_adapter: SmsAdapter
    notifier: Notifier
    deps: FlowDeps
    jobs: Jobs
    bot: SchoolBot
    flows: list[Flow] = field(default_factory=list)  # in FLOWS order
    metrics: Metrics = field(default_factory=Metrics)  # this app's Prometheus registry
    outbox_worker: OutboxWorker | None = None  # the worker `skolebot serve` runs, while it runs
    # The old string keys over the typed fields (WORKER_KEY) plus free scratch space, for tests and
    # tools written against the old `extras` dict. The application never reads it.
    extras: FieldsByName = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.extras = FieldsByName(self, {WORKER_KEY: "outbox_worker"})


SERVICES = web.AppKey("services", Services)


def services_of(app: web.Application) -> Services:
    """The Services create_app put on this application."""
    return app[SERVICES]
