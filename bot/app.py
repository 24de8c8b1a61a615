"""create_app(settings): the one wiring function. Config -> storage -> states -> adapters -> bot -> routes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from aiohttp import web
from botbuilder.core import ConversationState, Storage, UserState
from botbuilder.integration.aiohttp import CloudAdapter

from adapters.sms.adapter import SmsAdapter
from adapters.sms.playground import PLAYGROUND_TWILIO_TOKEN, LazyFakeTwilioSender
from adapters.sms.switched_off import SwitchedOffSender
from adapters.sms.twilio_client import SignatureChecker, SmsSender, TwilioSender
from adapters.teams.adapter import make_cloud_adapter
from bot import playground
from bot.flows import Flow, FlowDeps, Job, build_flows
from bot.identity import AnswerUnknownDaily, Identifier
from bot.jobs import Jobs, Retention, purge
from bot.lifecycle import Lifecycle, start_sms_sender
from bot.local_guard import local_only
from bot.logs import request_id_middleware, with_fresh_request_id
from bot.metrics import Metrics
from bot.metrics import add_routes as add_metrics_routes
from bot.middleware import database_outage, hide_server_version
from bot.mode import Mode
from bot.mode import decide as decide_mode
from bot.notify import Notifier
from bot.outbox_worker import build_worker
from bot.router import make_router, make_undo
from bot.school_bot import SchoolBot
from bot.school_phone import school_phone
from bot.services import SERVICES, Services, services_of
from bot.settings import Settings
from bot.sms_wording import choices_line
from bot.web_calendar import add_routes as add_calendar_routes
from bot.web_routes import CoreRoutes
from bot.web_stats import add_routes as add_stats_routes
from bot.web_weekplan import add_routes as add_weekplan_routes
from dialogs.main import MainDialog
from storage.cache import Cached
from storage.conversations import ConversationRefs
from storage.db import Database
from storage.outbox import Outbox
from storage.people import People
from storage.roster import load_calendar
from storage.sms_log import SmsLog
from storage.state import SqlStorage

# Services (and its app key) and start_sms_sender live in their own modules; importers name them here too.
__all__ = [
    "SERVICES",
    "Services",
    "build_services",
    "build_worker",
    "create_app",
    "periodic_jobs",
    "services_of",
    "start_sms_sender",
]

Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def build_services(settings: Settings, *, clock: Clock | None = None, storage: Storage | None = None) -> Services:
    """Everything, wired once. `storage` replaces SqlStorage (the benchmark compares MemoryStorage).

    Raises bot.mode.ModeError, naming the missing variable, when a channel is half-configured.
    """
    mode = decide_mode(settings)
    db = Database(settings.database_url)
    storage = storage or SqlStorage(db)
    people, refs, sms_log, metrics = People(db), ConversationRefs(db), SmsLog(db), Metrics()
    sms_adapter = _sms_adapter(settings, mode, sms_log, metrics)
    cloud_adapter = _cloud_adapter(settings)
    notifier = Notifier(
        people=people,
        refs=refs,
        cloud_adapter=cloud_adapter,
        sms_adapter=sms_adapter,
        app_id=settings.microsoft_app_id,
        max_segments=settings.sms_max_segments,
    )
    # The durable outbox (Outbox): flows enqueue broadcasts through it.
    deps = FlowDeps(
        settings=settings,
        db=db,
        people=people,
        refs=refs,
        notifier=notifier,
        calendar=Cached(lambda: load_calendar(db)),
        clock=clock or _utc_now,
        outbox=Outbox(db),
    )
    flows = build_flows(deps)
    conversation_state, user_state = ConversationState(storage), UserState(storage)
    bot = _school_bot(
        deps, flows, conversation_state, user_state, mode=mode, sms_log=sms_log, metrics=metrics, clock=clock
    )
    return Services(
        settings=settings,
        mode=mode,
        db=db,
        storage=storage,
        people=people,
        refs=refs,
        conversation_state=conversation_state,
        user_state=user_state,
        cloud_adapter=cloud_adapter,
        sms_log=sms_log,
        sms_adapter=sms_adapter,
        notifier=notifier,
        deps=deps,
        bot=bot,
        jobs=_jobs(settings, deps, flows),
        flows=flows,
        metrics=metrics,
    )


def _cloud_adapter(settings: Settings) -> CloudAdapter:
    """The Teams channel: Bot Framework authentication with the app's id, password, type and tenant."""
    return make_cloud_adapter(
        app_id=settings.microsoft_app_id,
        app_password=settings.microsoft_app_password,
        app_type=settings.microsoft_app_type,
        app_tenant_id=settings.microsoft_app_tenant_id,
    )


def _jobs(settings: Settings, deps: FlowDeps, flows: list[Flow]) -> Jobs:
    """The periodic jobs, each run under a fresh request id, every SKOLEBOT_JOBS_INTERVAL seconds."""
    return Jobs(
        [with_fresh_request_id(job, "job") for job in periodic_jobs(settings, deps, flows)],
        interval=settings.jobs_interval or 30.0,
    )


def _school_bot(
    deps: FlowDeps,
    flows: list[Flow],
    conversation_state: ConversationState,
    user_state: UserState,
    *,
    mode: Mode,
    sms_log: SmsLog,
    metrics: Metrics,
    clock: Clock | None,
) -> SchoolBot:
    """The bot behind both channels, handing new messages to the flows in FLOWS order."""
    router = make_router([flow.classify for flow in flows])  # the first flow to claim a message wins
    return SchoolBot(
        conversation_state=conversation_state,
        user_state=user_state,
        main_dialog=MainDialog(router, flows=[dialog for flow in flows for dialog in flow.dialogs]),
        identifier=Identifier(deps.people, local_mode=mode.local),
        people=deps.people,
        refs=deps.refs,
        zone=deps.settings.zone,
        default_language=deps.settings.default_language,
        clock=clock,
        answer_unknown=AnswerUnknownDaily(sms_log),
        router=router,
        undo=make_undo([flow.undo for flow in flows if flow.undo is not None]),
        metrics=metrics,
        school_phone=lambda: school_phone(deps.settings.school_phone, deps.db),
    )


def _sms_adapter(settings: Settings, mode: Mode, sms_log: SmsLog, metrics: Metrics) -> SmsAdapter:
    """The SMS channel: Twilio (or its stand-in) out, the signed webhook in."""
    return SmsAdapter(
        sender=_twilio_sender(settings, mode),
        checker=SignatureChecker(_webhook_token(settings, mode)),
        public_url=settings.public_url,
        sms_log=sms_log,
        max_segments=settings.sms_max_segments,
        replies_per_minute=settings.sms_replies_per_minute,
        choices_line=choices_line,
        metrics=metrics,
    )


def periodic_jobs(settings: Settings, deps: FlowDeps, flows: list[Flow]) -> list[Job]:
    """What the server (and `skolebot worker`) does every few seconds besides answering: the retention
    purge, then each flow's own jobs (Flow.jobs) in FLOWS order."""
    retention = Retention.from_settings(settings)

    async def retention_purge() -> object:
        return await purge(deps.db, retention, deps.clock())

    return [retention_purge, *(job for flow in flows for job in flow.jobs)]


def _webhook_token(settings: Settings, mode: Mode) -> str | None:
    """The token Twilio signs webhooks with; the playground's public constant only in local mode, else none."""
    if settings.twilio_auth_token and mode.serves("sms"):
        return settings.twilio_auth_token
    return PLAYGROUND_TWILIO_TOKEN if mode.local else None


def _twilio_sender(settings: Settings, mode: Mode) -> SmsSender:
    """The real Twilio (or SKOLEBOT_TWILIO_API_URL); in local mode without credentials, the built-in fake."""
    status_url = settings.public_url + "/api/sms/status"
    if not mode.serves("sms"):
        return SwitchedOffSender()
    if settings.twilio_configured:
        return TwilioSender(
            account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token,
            from_number=settings.twilio_from_number or None,
            messaging_service_sid=settings.twilio_messaging_service_sid or None,
            api_base_url=settings.twilio_api_url or None,
            status_callback_url=status_url,
        )
    return LazyFakeTwilioSender(status_url)


def create_app(settings: Settings, *, clock: Clock | None = None, storage: Storage | None = None) -> web.Application:
    """The aiohttp application with every route; tests build as many as they like."""
    services = build_services(settings, clock=clock, storage=storage)
    middlewares = [request_id_middleware, *([local_only] if services.mode.local else []), database_outage]
    app = web.Application(client_max_size=1024 * 1024, middlewares=middlewares)
    app[SERVICES] = services
    hide_server_version(app)  # `Server: Skolebot`, no versions
    CoreRoutes(services).add_to(app)
    Lifecycle(services).add_to(app)
    add_weekplan_routes(app, services)
    add_calendar_routes(app, services)
    add_stats_routes(app, services)
    add_metrics_routes(app, services.metrics, services.db, settings, lambda: services.outbox_worker)
    if services.mode.local and playground.enabled(settings):  # no Teams and no Twilio credentials: the page at /
        playground.add_routes(app, services)
    return app
