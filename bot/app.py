"""create_app(settings): the one wiring function. Config -> storage -> states -> adapters -> bot -> routes."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from botbuilder.core import ConversationState, Storage, UserState
from botbuilder.integration.aiohttp import CloudAdapter
from sqlalchemy import text

from bot.outbox_worker import start_in_app as start_outbox, stop_in_app as stop_outbox
from adapters.sms.adapter import SmsAdapter
from adapters.sms.playground import PLAYGROUND_FROM, PLAYGROUND_TWILIO_SID, PLAYGROUND_TWILIO_TOKEN, LazyFakeTwilioSender
from adapters.sms.switched_off import SwitchedOffSender
from adapters.sms.twilio_client import SignatureChecker, TwilioSender
from adapters.teams.adapter import handle_messages, make_cloud_adapter
from storage.cache import Cached
from bot.flows import FlowDeps, build_flows
from bot.identity import Identifier
from bot.middleware import database_outage, hide_server_version
from bot.jobs import Jobs, Retention, purge
from bot.local_guard import local_only
from bot.mode import Mode, decide as decide_mode
from bot.logs import new_request_id, request_id_middleware, request_scope, with_fresh_request_id
from bot.metrics import Metrics, add_routes as add_metrics_routes
from bot import playground
from bot.notify import Notifier
from bot.router import make_router
from bot.school_bot import SchoolBot
from bot.settings import Settings
from bot.sms_wording import choices_line
from bot.web_calendar import add_routes as add_calendar_routes
from bot.web_stats import add_routes as add_stats_routes
from bot.web_weekplan import add_routes as add_weekplan_routes
from bot.warm_up import warm_up
from dialogs.main import MainDialog
from storage.conversations import ConversationRefs
from storage.db import Database
from storage.migrate import is_up_to_date
from storage.outbox import Outbox
from storage.people import People
from storage.roster import load_calendar
from storage.sms_log import SmsLog
from storage.state import SqlStorage

log = logging.getLogger(__name__)

SERVICES = web.AppKey("services", object)


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
    extras: dict[str, Any] = field(default_factory=dict)
    metrics: Metrics = field(default_factory=Metrics)  # this app's Prometheus registry


def build_services(settings: Settings, *, clock=None, storage: Storage | None = None) -> Services:  # type: ignore[no-untyped-def]
    """Everything, wired once. `storage` replaces SqlStorage (the benchmark compares MemoryStorage).

    Raises bot.mode.ModeError, naming the missing variable, when a channel is half-configured.
    """
    mode = decide_mode(settings)
    db = Database(settings.database_url)
    storage = storage or SqlStorage(db)
    people = People(db)
    refs = ConversationRefs(db)
    conversation_state = ConversationState(storage)
    user_state = UserState(storage)
    sms_log = SmsLog(db)
    metrics = Metrics()
    sms_adapter = SmsAdapter(
        sender=_twilio_sender(settings, mode),
        checker=SignatureChecker(_webhook_token(settings, mode)),
        public_url=settings.public_url,
        sms_log=sms_log,
        max_segments=settings.sms_max_segments,
        replies_per_minute=settings.sms_replies_per_minute,
        choices_line=choices_line,
        metrics=metrics,
    )

    async def answer_unknown(context) -> bool:  # type: ignore[no-untyped-def]
        """Unknown phone numbers get one polite answer a day, never a conversation."""
        if context.activity.channel_id != "sms":
            return True
        since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
        return await sms_log.recent_from(context.activity.from_property.id, since) <= 1

    cloud_adapter = make_cloud_adapter(app_id=settings.microsoft_app_id, app_password=settings.microsoft_app_password,
                                       app_type=settings.microsoft_app_type,
                                       app_tenant_id=settings.microsoft_app_tenant_id)
    notifier = Notifier(people=people, refs=refs, cloud_adapter=cloud_adapter, sms_adapter=sms_adapter,
                        app_id=settings.microsoft_app_id, max_segments=settings.sms_max_segments)
    now = clock or (lambda: dt.datetime.now(dt.timezone.utc))
    deps = FlowDeps(settings=settings, db=db, people=people, refs=refs, notifier=notifier,
                    calendar=Cached(lambda: load_calendar(db)), clock=now)
    deps.extras["outbox"] = Outbox(db)  # the durable outbox; flows enqueue through it
    flows = build_flows(deps)
    router = make_router([flow.classify for flow in flows])
    main = MainDialog(router, flows=[dialog for flow in flows for dialog in flow.dialogs])
    bot = SchoolBot(
        conversation_state=conversation_state,
        user_state=user_state,
        main_dialog=main,
        identifier=Identifier(people, local_mode=mode.local),
        people=people,
        refs=refs,
        zone=settings.zone,
        default_language=settings.default_language,
        clock=clock,
        answer_unknown=answer_unknown,
        router=router,
        metrics=metrics,
    )
    return Services(
        settings=settings, mode=mode, db=db, storage=storage, people=people, refs=refs,
        conversation_state=conversation_state, user_state=user_state,
        cloud_adapter=cloud_adapter, sms_log=sms_log, sms_adapter=sms_adapter, notifier=notifier, deps=deps, bot=bot,
        jobs=Jobs([with_fresh_request_id(job, "job") for job in periodic_jobs(settings, deps)],
                  interval=settings.jobs_interval or 30.0),
        metrics=metrics,
    )


def periodic_jobs(settings: Settings, deps: FlowDeps) -> list[Callable[[], Awaitable[object]]]:
    """What the server (and `skolebot worker`) does every few seconds besides answering."""
    retention = Retention.from_settings(settings)

    async def retention_purge() -> object:
        return await purge(deps.db, retention, deps.clock())

    jobs: list[Callable[[], Awaitable[object]]] = [retention_purge]
    absence = deps.extras.get("absence")
    if absence is not None:
        jobs.append(absence.escalate)
    return jobs




def _webhook_token(settings: Settings, mode: Mode) -> str | None:
    """The token Twilio signs webhooks with; the playground's public constant only in local mode, else none."""
    if settings.twilio_auth_token and mode.serves("sms"):
        return settings.twilio_auth_token
    return PLAYGROUND_TWILIO_TOKEN if mode.local else None


def _twilio_sender(settings: Settings, mode: Mode) -> TwilioSender | SwitchedOffSender:
    """The real Twilio (or SKOLEBOT_TWILIO_API_URL); in local mode without credentials, the built-in fake."""
    status_url = settings.public_url + "/api/sms/status"
    if not mode.serves("sms"):
        return SwitchedOffSender()
    if settings.twilio_configured:
        return TwilioSender(
            account_sid=settings.twilio_account_sid, auth_token=settings.twilio_auth_token,
            from_number=settings.twilio_from_number or None,
            messaging_service_sid=settings.twilio_messaging_service_sid or None,
            api_base_url=settings.twilio_api_url or None, status_callback_url=status_url,
        )
    return LazyFakeTwilioSender(status_url)


async def start_sms_sender(services: Services) -> None:
    """Start the built-in fake Twilio when that is the sender (local mode without credentials)."""
    sender = services.sms_adapter.sender
    if isinstance(sender, LazyFakeTwilioSender):
        await sender.start(auth_token=PLAYGROUND_TWILIO_TOKEN, account_sid=PLAYGROUND_TWILIO_SID,
                           from_number=PLAYGROUND_FROM)


def create_app(settings: Settings, *, clock=None, storage: Storage | None = None) -> web.Application:  # type: ignore[no-untyped-def]
    """The aiohttp application with every route; tests build as many as they like."""
    services = build_services(settings, clock=clock, storage=storage)
    middlewares = [request_id_middleware, *([local_only] if services.mode.local else []), database_outage]
    app = web.Application(client_max_size=1024 * 1024, middlewares=middlewares)
    app[SERVICES] = services
    hide_server_version(app)  # `Server: Skolebot`, no versions

    async def messages(request: web.Request) -> web.Response:
        return await handle_messages(request, services.cloud_adapter, services.bot,
                                     on_refused=services.metrics.refuser("/api/messages"),
                                     tenant_id=None if services.mode.local else settings.tenant_id)

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_request: web.Request) -> web.Response:
        try:
            async with services.db.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            migrated = await is_up_to_date(services.db.engine, settings.database_url)
        except Exception as exc:
            return web.json_response({"status": "database unreachable", "error": type(exc).__name__}, status=503)
        if not migrated:
            return web.json_response({"status": "migrations missing: run `skolebot db upgrade`"}, status=503)
        return web.json_response({"status": "ready"})

    async def sms(request: web.Request) -> web.Response:
        return await services.sms_adapter.handle_webhook(request, services.bot)

    async def sms_status(request: web.Request) -> web.Response:
        return await services.sms_adapter.handle_status(request, on_change=services.deps.extras["outbox"].apply_sms_status)

    async def start(_app: web.Application) -> None:
        await start_sms_sender(services)
        try:
            await warm_up(services)
            await services.sms_adapter.resume_unprocessed(
                services.bot, within=dt.timedelta(minutes=settings.unfinished_body_minutes))
        except Exception as exc:  # not migrated yet: /readyz says so
            log.warning("could not warm up or resume unfinished SMS turns: %s", type(exc).__name__)
        with request_scope(f"outbox-{new_request_id()}"):  # the worker's tasks inherit this id
            await start_outbox(services)

        if settings.jobs_interval > 0:
            services.jobs.start()

    async def close(_app: web.Application) -> None:
        await stop_outbox(services)
        await services.jobs.stop()
        await services.sms_adapter.drain()
        await services.sms_adapter.sender.close()
        await services.db.dispose()

    if services.mode.serves("teams"):  # a switched-off channel's routes do not exist: 404
        app.router.add_post("/api/messages", messages)
    if services.mode.serves("sms"):
        app.router.add_post("/api/sms", sms)
        app.router.add_post("/api/sms/status", sms_status)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.on_startup.append(start)
    app.on_cleanup.append(close)
    add_weekplan_routes(app, services)
    add_calendar_routes(app, services)
    add_stats_routes(app, services)
    add_metrics_routes(app, services)
    if services.mode.local and playground.enabled(settings):  # no Teams and no Twilio credentials: the page at /
        playground.add_routes(app, services)
    return app


def services_of(app: web.Application) -> Services:
    return app[SERVICES]  # type: ignore[return-value]
