"""Prometheus metrics: one registry per application (tests build many), served at GET /metrics.

Process counters and histograms (turns, refusals, SMS in and out) are updated as things happen.
What lives in the database (outbox depth, deliveries and SMS by status) is counted at scrape time
with a few cheap GROUP BY queries, so every replica reports the same figures: aggregate those
with max(), not sum(). Label values come from our own code or a fixed list, never from a request.

Who may scrape (fail closed, see `exposure`): with SKOLEBOT_METRICS_TOKEN set, only a request
with `Authorization: Bearer <token>`; with SKOLEBOT_METRICS_PORT set, only on 127.0.0.1:<port>
(`skolebot serve` starts that second site) and the main port answers 404; with neither, the
main port serves it in local mode only (loopback) and answers 404 in production.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from sqlalchemy import func, select

from bot.middleware import Handler, hide_server_version
from bot.mode import is_local
from bot.settings import Settings
from storage.db import Database
from storage.models import SmsOutbound
from storage.models_broadcast import DELIVERY_CHANNELS, OPEN_STATUSES, Delivery

log = logging.getLogger(__name__)

METRICS_PATH = "/metrics"
METRICS_HOST = "127.0.0.1"  # the separate metrics site listens on loopback only
# the guarded handler, for the separate metrics site
SCRAPE_HANDLER: web.AppKey[Handler] = web.AppKey("metrics_scrape")
CLOSED_WARNING = (
    "/metrics is switched off: production mode without SKOLEBOT_METRICS_TOKEN or "
    "SKOLEBOT_METRICS_PORT. Set SKOLEBOT_METRICS_TOKEN (Prometheus then sends "
    "`Authorization: Bearer <token>`) or SKOLEBOT_METRICS_PORT (served on 127.0.0.1:<port>)."
)

CHANNELS = ("msteams", "sms", "emulator", "webchat", "directline", "test")
TURN_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
SCRAPE_TIMEOUT = 5.0


def channel_label(channel_id: str | None) -> str:
    """A Bot Framework channel id as a label value; anything unexpected is "other" (bounded labels)."""
    return channel_id if channel_id in CHANNELS else "other"


class Metrics:
    """The application's registry and the instruments the pipeline updates."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.turn_seconds = Histogram(
            "skolebot_turn_duration_seconds",
            "Time to handle one turn (message in, replies sent), by channel.",
            ["channel"],
            buckets=TURN_BUCKETS,
            registry=r,
        )
        self.turn_errors = Counter(
            "skolebot_turn_errors",
            "Turns that failed and were answered with an apology, by channel.",
            ["channel"],
            registry=r,
        )
        self.webhook_refusals = Counter(
            "skolebot_webhook_refusals",
            "Requests to a webhook answered with a 4xx, by route and reason.",
            ["route", "reason"],
            registry=r,
        )
        self.sms_received = Counter(
            "skolebot_sms_received",
            "Inbound SMS webhooks with a valid signature: accepted, or a replay of a MessageSid already seen.",
            ["outcome"],
            registry=r,
        )
        self.sms_sent = Counter(
            "skolebot_sms_sent",
            "SMS handed to Twilio by the SMS adapter (replies and one-to-one notices; "
            "broadcasts are counted in skolebot_outbox_sends_total).",
            registry=r,
        )

    def observe_turn(self, channel_id: str | None, seconds: float) -> None:
        self.turn_seconds.labels(channel_label(channel_id)).observe(seconds)

    def turn_failed(self, channel_id: str | None) -> None:
        self.turn_errors.labels(channel_label(channel_id)).inc()

    def sms_in(self, outcome: str) -> None:
        """An inbound SMS webhook with a valid signature: "accepted" or "replay"."""
        self.sms_received.labels(outcome).inc()

    def sms_out(self) -> None:
        """An SMS handed to Twilio by the SMS adapter."""
        self.sms_sent.inc()

    def refused(self, route: str, reason: str) -> None:
        self.webhook_refusals.labels(route, reason).inc()

    def refuser(self, route: str) -> Callable[[str], None]:
        """`refused` bound to a route, for an adapter that should not know about metrics."""
        return lambda reason: self.refused(route, reason)

    def render(self) -> bytes:
        return generate_latest(self.registry)


# ---------------------------------------------------------------------------- read at scrape time


@dataclass
class StoreSnapshot:
    """The database's figures at one scrape."""

    up: bool = False
    seconds: float = 0.0
    outbox_depth: dict[str, int] = field(default_factory=dict)  # channel -> open deliveries
    outbox_oldest_due: dict[str, float] = field(default_factory=dict)  # channel -> seconds overdue
    deliveries: dict[tuple[str, str], int] = field(default_factory=dict)  # (channel, status) -> count
    sms_outbound: dict[str, int] = field(default_factory=dict)  # Twilio status -> count


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


async def read_store(db: Database, now: dt.datetime) -> StoreSnapshot:
    """Outbox depth and age per channel, deliveries by channel and status, SMS by status."""
    snap = StoreSnapshot(up=True, outbox_depth={c: 0 for c in DELIVERY_CHANNELS if c != "none"})
    async with db.transaction() as s:
        open_rows = (
            await s.execute(
                select(Delivery.channel, func.count())
                .where(Delivery.status.in_(OPEN_STATUSES))
                .group_by(Delivery.channel)
            )
        ).all()
        due_rows = (
            await s.execute(
                select(Delivery.channel, func.min(Delivery.next_attempt_at))
                .where(Delivery.status == "pending", Delivery.next_attempt_at <= now)
                .group_by(Delivery.channel)
            )
        ).all()
        status_rows = (
            await s.execute(
                select(Delivery.channel, Delivery.status, func.count()).group_by(Delivery.channel, Delivery.status)
            )
        ).all()
        sms_rows = (await s.execute(select(SmsOutbound.status, func.count()).group_by(SmsOutbound.status))).all()
    for channel, count in open_rows:
        snap.outbox_depth[channel] = int(count)
    snap.outbox_oldest_due = {
        channel: max((now - _utc(first)).total_seconds(), 0.0) for channel, first in due_rows if first is not None
    }
    snap.deliveries = {(channel, status): int(count) for channel, status, count in status_rows}
    snap.sms_outbound = {status: int(count) for status, count in sms_rows}
    return snap


class StoreCollector:
    """Gauges from the database; `refresh()` (awaited by the /metrics handler) reads them first."""

    def __init__(self, db: Database, clock: Callable[[], dt.datetime] | None = None) -> None:
        self._db = db
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.snapshot = StoreSnapshot()

    async def refresh(self) -> StoreSnapshot:
        started = time.perf_counter()
        try:
            snap = await asyncio.wait_for(read_store(self._db, self._clock()), timeout=SCRAPE_TIMEOUT)
        except Exception as exc:  # database down or not migrated: say so, show no stale figures
            log.warning("metrics: could not read the database: %s", type(exc).__name__)
            snap = StoreSnapshot(up=False)
        snap.seconds = time.perf_counter() - started
        self.snapshot = snap
        return snap

    def describe(self) -> Iterable[Metric]:
        return []

    def collect(self) -> Iterable[Metric]:
        snap = self.snapshot
        up = GaugeMetricFamily("skolebot_store_up", "1 when the last scrape could read the database.")
        up.add_metric([], 1.0 if snap.up else 0.0)
        yield up
        took = GaugeMetricFamily("skolebot_store_scrape_seconds", "Time the last scrape spent in the database.")
        took.add_metric([], snap.seconds)
        yield took
        if not snap.up:
            return
        depth = GaugeMetricFamily(
            "skolebot_outbox_depth", "Deliveries still to send (pending or being sent), by channel.", labels=["channel"]
        )
        for channel, count in sorted(snap.outbox_depth.items()):
            depth.add_metric([channel], count)
        yield depth
        overdue = GaugeMetricFamily(
            "skolebot_outbox_oldest_due_seconds",
            "How long the oldest due pending delivery has waited past its time, by channel (0: none waiting).",
            labels=["channel"],
        )
        for channel in sorted(snap.outbox_depth):
            overdue.add_metric([channel], snap.outbox_oldest_due.get(channel, 0.0))
        yield overdue
        deliveries = GaugeMetricFamily(
            "skolebot_deliveries",
            "Broadcast deliveries in the outbox table, by channel and status.",
            labels=["channel", "status"],
        )
        for (channel, status), count in sorted(snap.deliveries.items()):
            deliveries.add_metric([channel, status], count)
        yield deliveries
        sms = GaugeMetricFamily("skolebot_sms_outbound", "Outbound SMS records by Twilio status.", labels=["status"])
        for status, count in sorted(snap.sms_outbound.items()):
            sms.add_metric([status], count)
        yield sms


class SendCounts(Protocol):
    """What the collector reads of an outbox worker (bot.outbox_worker.OutboxWorker)."""

    @property
    def sent(self) -> Mapping[str, int]: ...


class OutboxWorkerCollector:
    """This process's outbox worker's send outcomes (sent, delivered, retry, failed), if it runs one."""

    def __init__(self, worker: Callable[[], SendCounts | None]) -> None:
        self._worker = worker

    def describe(self) -> Iterable[Metric]:
        return []

    def collect(self) -> Iterable[Metric]:
        worker = self._worker()
        counts: Mapping[str, int] = worker.sent if worker is not None else {}
        family = CounterMetricFamily(
            "skolebot_outbox_sends",
            "Send attempts by this process's outbox worker, by outcome (sent: SMS to Twilio, delivered: Teams).",
            labels=["outcome"],
        )
        for outcome in sorted(set(counts) | {"sent", "delivered", "retry", "failed"}):
            family.add_metric([outcome], counts.get(outcome, 0))
        yield family


# ---------------------------------------------------------------------------- who may scrape


@dataclass(frozen=True)
class Exposure:
    """Where /metrics is served and what it asks for, decided once from the settings."""

    main_port: bool  # GET /metrics on the main port (else 404 there)
    token: str  # the bearer token a scrape must send ("" = none asked)
    port: int  # the separate loopback port `skolebot serve` opens (0 = none)

    @property
    def closed(self) -> bool:
        """Nowhere to scrape: production without a token or a port."""
        return not self.main_port and not self.port


def exposure(settings: Settings) -> Exposure:
    """Fail closed: a port moves /metrics off the main port, a token guards it, neither opens it in local mode only."""
    token, port = settings.metrics_token, settings.metrics_port
    if port:
        return Exposure(main_port=False, token=token, port=port)
    if token:
        return Exposure(main_port=True, token=token, port=0)
    return Exposure(main_port=is_local(settings), token="", port=0)


def bearer_ok(header: str | None, token: str) -> bool:
    """True when `header` is `Bearer <token>`; compared in constant time (and any bytes a header may carry)."""
    if not token:
        return True
    scheme, _, given = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode("utf-8", "surrogatepass"), token.encode("utf-8"))


def _guarded(scrape: Handler, token: str) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        if not bearer_ok(request.headers.get("Authorization"), token):
            return web.Response(
                status=401, text="401: Unauthorized\n", headers={"WWW-Authenticate": 'Bearer realm="skolebot-metrics"'}
            )
        return await scrape(request)

    return handler


# ---------------------------------------------------------------------------- the route


def add_routes(
    app: web.Application, metrics: Metrics, db: Database, settings: Settings, worker: Callable[[], SendCounts | None]
) -> None:
    """GET /metrics with the database gauges and the outbox worker's outcomes, exposed as `exposure` says."""
    store = StoreCollector(db)
    metrics.registry.register(store)
    metrics.registry.register(OutboxWorkerCollector(worker))

    async def scrape(_request: web.Request) -> web.StreamResponse:
        await store.refresh()
        return web.Response(body=metrics.render(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    where = exposure(settings)
    handler = _guarded(scrape, where.token)
    app[SCRAPE_HANDLER] = handler
    if where.main_port:
        app.router.add_get(METRICS_PATH, handler)
    if where.closed:

        async def warn(_app: web.Application) -> None:
            log.warning(CLOSED_WARNING)

        app.on_startup.append(warn)


def metrics_site_app(app: web.Application) -> web.Application:
    """A small application with only GET /metrics (the same registry and guard), for SKOLEBOT_METRICS_PORT."""
    site = web.Application()
    hide_server_version(site)
    site.router.add_get(METRICS_PATH, app[SCRAPE_HANDLER])
    return site


async def start_metrics_site(app: web.Application, settings: Settings) -> web.AppRunner | None:
    """Serve /metrics on 127.0.0.1:SKOLEBOT_METRICS_PORT when set; the runner to clean up, or None."""
    port = exposure(settings).port
    if not port:
        return None
    runner = web.AppRunner(metrics_site_app(app), access_log=None)  # a scrape every 15 s is not news
    await runner.setup()
    try:
        await web.TCPSite(runner, METRICS_HOST, port).start()
    except BaseException:
        await runner.cleanup()
        raise
    return runner
