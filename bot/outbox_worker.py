"""The outbox worker: claim due deliveries, pace them, send by SMS or Teams, record the result.

Pacing is shared by every worker through the database (storage.outbox.Outbox.reserve), so two
workers together keep to SKOLEBOT_SMS_RATE segments/s and SKOLEBOT_TEAMS_RATE sends/s. Each send
runs on its own: a 429 or 5xx puts only that delivery back with a later next_attempt_at
(Retry-After when given, else exponential backoff with jitter); permanent errors end it as
failed, and a failed Teams delivery falls back to SMS. The worker also keeps the senders'
live report cards in Teams up to date.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import hashlib
import json
import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import Activity, ActivityTypes, Attachment, ConversationReference

from adapters.sms.twilio_client import SmsSender, TwilioSendError
from bot.notify import http_status
from bot.settings import Settings
from dialogs.broadcast.cards import ack_card, report_card
from storage.broadcasts import Broadcasts
from storage.conversations import is_personal_reference
from storage.db import Database
from storage.outbox import Claimed, Done, Outbox
from storage.phones import mask_phone

log = logging.getLogger(__name__)

ADAPTIVE = "application/vnd.microsoft.card.adaptive"
MAX_DELAY = 3600.0  # a Retry-After longer than an hour is capped


# ---------------------------------------------------------------------------- outcomes (pure)


@dataclass(frozen=True)
class Outcome:
    """What one send attempt came to."""

    status: str  # "sent" (SMS handed to Twilio), "delivered" (Teams accepted), "retry" or "failed"
    sid: str | None = None
    provider_status: str | None = None
    activity_id: str | None = None
    retry_after: float | None = None
    reason: str | None = None
    code: int | None = None
    fallback: bool = False  # a failed Teams delivery: try SMS instead
    teams_gone: bool = False  # the person blocked the bot or the conversation is gone


TWILIO_REASONS = {
    21610: "opted_out",
    21211: "invalid_number",
    21614: "not_mobile",
    21612: "unreachable",
    21408: "unreachable",
}


def sms_outcome(error: TwilioSendError) -> Outcome:
    """A Twilio error as an outcome: permanent codes fail, 429/5xx/timeouts retry."""
    if error.permanent:
        return Outcome("failed", reason=TWILIO_REASONS.get(error.code or 0, "rejected"), code=error.code)
    if error.retryable or error.status in (401, 403):  # 401: credentials an operator can fix
        return Outcome(
            "retry", retry_after=error.retry_after, reason=f"twilio {error.status or 'network'}", code=error.code
        )
    return Outcome("failed", reason="rejected", code=error.code or error.status)


def teams_outcome(status: int | None, retry_after: float | None) -> Outcome:
    """A connector error as an outcome: 403 blocked and 404 gone fail over to SMS; 429/5xx retry."""
    if status == 403:
        return Outcome("failed", reason="blocked", code=403, fallback=True, teams_gone=True)
    if status == 404:
        return Outcome("failed", reason="gone", code=404, fallback=True, teams_gone=True)
    if status is None or status == 429 or status >= 500 or status == 401:
        return Outcome("retry", retry_after=retry_after, reason=f"teams {status or 'network'}", code=status)
    return Outcome("failed", reason="rejected", code=status, fallback=True)


def backoff(attempt: int, *, base: float = 2.0, cap: float = 300.0, rand: Callable[[], float] = random.random) -> float:
    """Exponential backoff with jitter: attempt 1 waits 1-2 s, then 2-4 s, ... at most `cap`."""
    return min(cap, base * 2 ** max(attempt - 1, 0)) * (0.5 + rand() / 2)


def parse_retry_after(value: str | None) -> float | None:
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    return None if seconds is None or seconds != seconds or seconds < 0 else seconds


# ---------------------------------------------------------------------------- per-conversation limits


class ConversationLimiter:
    """Teams' per-conversation limits (7 in 1 s, 8 in 2 s, 60 in 30 s), in this worker's memory."""

    WINDOWS: tuple[tuple[float, int], ...] = ((1.0, 7), (2.0, 8), (30.0, 60))

    def __init__(
        self, windows: tuple[tuple[float, int], ...] | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._windows = windows or self.WINDOWS
        self._span = max(w for w, _ in self._windows)
        self._sent: dict[str, collections.deque[float]] = {}
        self._clock = clock

    def delay(self, conversation: str) -> float:
        """Seconds until one more send to this conversation keeps within every window."""
        now = self._clock()
        sent = self._sent.get(conversation)
        if not sent:
            return 0.0
        while sent and now - sent[0] >= self._span:
            sent.popleft()
        wait = 0.0
        for window, limit in self._windows:
            recent = [s for s in sent if now - s < window]
            if len(recent) >= limit:
                wait = max(wait, recent[-limit] + window - now)
        return wait

    def record(self, conversation: str) -> None:
        now = self._clock()
        self._sent.setdefault(conversation, collections.deque()).append(now)
        if len(self._sent) > 10_000:  # forget conversations quiet for longer than every window
            for key in [k for k, v in self._sent.items() if not v or now - v[-1] >= self._span]:
                del self._sent[key]

    async def wait(self, conversation: str) -> None:
        while (pause := self.delay(conversation)) > 0:
            await asyncio.sleep(pause)
        self.record(conversation)


# ---------------------------------------------------------------------------- the channels


class Channel(Protocol):
    name: str

    def cost(self, claim: Claimed) -> float: ...

    async def prepare(self, claims: list[Claimed]) -> None: ...

    async def send(self, claim: Claimed) -> Outcome: ...


class SmsChannel:
    """SMS through the app's Twilio sender (TwilioSender or the playground's fake)."""

    name = "sms"

    def __init__(self, sender: SmsSender) -> None:
        self._sender = sender

    def cost(self, claim: Claimed) -> float:
        return float(max(claim.segments, 1))

    async def prepare(self, claims: list[Claimed]) -> None:
        return None

    async def send(self, claim: Claimed) -> Outcome:
        if not claim.address:
            return Outcome("failed", reason="no_address")
        try:
            sent = await self._sender.send(claim.address, claim.body)
        except TwilioSendError as error:
            log.info("delivery %d to %s: twilio %s/%s", claim.id, mask_phone(claim.address), error.status, error.code)
            return sms_outcome(error)
        return Outcome("sent", sid=sent.sid, provider_status=sent.status or "queued")


class TeamsChannel:
    """Teams through CloudAdapter.continue_conversation with the person's stored reference."""

    name = "teams"

    def __init__(
        self, cloud_adapter: Any, outbox: Outbox, app_id: str, limiter: ConversationLimiter | None = None
    ) -> None:
        self._cloud = cloud_adapter
        self._outbox = outbox
        self._app_id = app_id
        self._limiter = limiter or ConversationLimiter()
        self._references: dict[tuple[str, str], str] = {}

    def cost(self, claim: Claimed) -> float:
        return 1.0

    async def prepare(self, claims: list[Claimed]) -> None:
        """Read the batch's conversation references in one query."""
        self._references.update(await self._outbox.references([(c.person_id, c.address or "msteams") for c in claims]))

    def activity(self, claim: Claimed) -> Activity:
        activity = MessageFactory.text(claim.body)
        activity.locale = claim.language
        if claim.emergency:
            activity.attachments = [
                Attachment(content_type=ADAPTIVE, content=ack_card(claim.language, claim.broadcast_id))
            ]
        return activity

    async def send(self, claim: Claimed) -> Outcome:
        key = (claim.person_id, claim.address or "msteams")
        stored = self._references.pop(key, None)
        if stored is None:
            stored = (await self._outbox.references([key])).get(key)
        if stored is None:
            return Outcome("failed", reason="no_conversation", fallback=True)
        reference = ConversationReference().deserialize(json.loads(stored))
        conversation = reference.conversation.id if reference.conversation else claim.person_id
        await self._limiter.wait(conversation)
        return await call_connector(
            self._cloud, reference, self._app_id, lambda context: context.send_activity(self.activity(claim))
        )


async def call_connector(
    cloud: Any, reference: ConversationReference, app_id: str, action: Callable[[TurnContext], Awaitable[Any]]
) -> Outcome:
    """Run one connector call in a proactive turn; its error is caught here, not by on_turn_error.

    Only into a one-to-one conversation: a stored team channel or group chat is refused (SMS takes over).
    """
    if not is_personal_reference(reference):
        log.warning("not sending into a %s conversation that is not one-to-one", reference.channel_id)
        return Outcome("failed", reason="no_conversation", fallback=True)  # no one-to-one chat on Teams
    result: dict[str, Any] = {}

    async def callback(context: TurnContext) -> None:
        try:
            result["response"] = await action(context)
        except Exception as exc:  # the connector's HTTP error, kept for the outcome
            result["error"] = exc

    try:
        await cloud.continue_conversation(reference, callback, app_id)
    except Exception as exc:  # token or connection problems before the callback ran
        result["error"] = exc
    error = result.get("error")
    if error is None:
        response = result.get("response")
        return Outcome("delivered", activity_id=getattr(response, "id", None))
    status = http_status(error)
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    outcome = teams_outcome(status, parse_retry_after(headers.get("Retry-After")))
    log.info("teams call failed: %s (status %s)", type(error).__name__, status)
    return outcome


# ---------------------------------------------------------------------------- the worker


@dataclass(frozen=True)
class WorkerConfig:
    lease: float = 60.0  # seconds a claim is held
    margin: float = 20.0  # a claim this close to its lease end is given back, never sent
    batch_seconds: float = 0.5  # each claim takes about this much sending time at the rate
    max_batch: int = 200
    max_in_flight: int = 64
    poll: float = 0.5
    max_attempts: int = 8
    max_teams_attempts: int = 4  # then SMS takes over, when the broadcast goes by both
    max_teams_attempts_emergency: int = 2  # an emergency does not wait long for Teams to come back
    report_interval: float = 5.0  # at most one live report update per broadcast this often
    # Pace SMS a little under SKOLEBOT_SMS_RATE (often the account's own limit) so timer jitter does
    # not exceed it; SKOLEBOT_TEAMS_RATE's default (40/s) already sits under Teams' 50/s.
    headroom: Mapping[str, float] = field(default_factory=lambda: {"sms": 0.98, "teams": 1.0})


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class OutboxWorker:
    """One per process (serve, or `skolebot worker`); start() and stop() around its life.

    Per channel, one loop claims a batch and reserves its time window while the previous batch
    is still going out, so the shared rate is used without gaps. Results are written as they
    come, several to a transaction when they queue up.
    """

    def __init__(
        self,
        outbox: Outbox,
        channels: list[Channel],
        rates: dict[str, float],
        *,
        config: WorkerConfig | None = None,
        broadcast_id: int | None = None,
        reporter: LiveReporter | None = None,
        name: str | None = None,
    ) -> None:
        self._outbox = outbox
        self._channels = channels
        self._rates = rates
        self._config = config or WorkerConfig()
        self._broadcast_id = broadcast_id
        self._reporter = reporter
        self.id = name or worker_id()
        self._stopping = asyncio.Event()
        self._slots = asyncio.Semaphore(self._config.max_in_flight)
        self._loops: list[asyncio.Task[None]] = []
        self._sends: set[asyncio.Task[None]] = set()
        self._results: asyncio.Queue[Done | None] = asyncio.Queue()
        self._recorder: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self.sent = collections.Counter[str]()

    async def start(self) -> None:
        self._wake = self._outbox.listen()
        self._recorder = asyncio.create_task(self._record_loop(), name="outbox-record")
        self._loops = [asyncio.create_task(self._channel_loop(c), name=f"outbox-{c.name}") for c in self._channels]
        if self._reporter is not None:
            self._loops.append(asyncio.create_task(self._reporter.run(self._stopping), name="outbox-reports"))
        log.info(
            "outbox worker %s started (%s)",
            self.id,
            ", ".join(f"{c.name} {self._rates[c.name]:g}/s" for c in self._channels),
        )

    async def stop(self, timeout: float = 15.0) -> None:
        """Stop claiming, give back what was not sent, let sends in flight finish and record them.

        What is still unfinished after `timeout` seconds is abandoned: its lease runs out and
        another worker sends it.
        """
        deadline = asyncio.get_running_loop().time() + timeout

        def left() -> float:
            return max(deadline - asyncio.get_running_loop().time(), 0.01)

        self._stopping.set()
        if self._wake is not None:
            self._wake.set()
        if self._loops:
            await asyncio.wait(self._loops, timeout=left())
        if self._sends:
            await asyncio.wait(list(self._sends), timeout=left())
        if self._recorder is not None:
            self._results.put_nowait(None)
            await asyncio.wait([self._recorder], timeout=left())
        for task in self._loops + list(self._sends) + ([self._recorder] if self._recorder else []):
            task.cancel()
        if self._wake is not None:
            self._outbox.unlisten(self._wake)
        log.info("outbox worker %s stopped", self.id)

    async def _idle(self, seconds: float) -> None:
        assert self._wake is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        self._wake.clear()

    async def _sleep_until(self, epoch: float) -> bool:
        """Sleep until `epoch`; False when the worker is stopping."""
        delay = epoch - time.time()
        if delay > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=delay)
        return not self._stopping.is_set()

    def _batch_size(self, channel: Channel) -> int:
        return max(1, min(self._config.max_batch, int(self._rates[channel.name] * self._config.batch_seconds)))

    async def _channel_loop(self, channel: Channel) -> None:
        rate = self._rates[channel.name] * self._config.headroom.get(channel.name, 1.0)
        going: asyncio.Task[None] | None = None  # the batch being sent while the next one is claimed
        failures = 0
        while not self._stopping.is_set():
            try:
                claims = await self._outbox.claim(
                    channel.name,
                    self.id,
                    limit=self._batch_size(channel),
                    lease=self._config.lease,
                    broadcast_id=self._broadcast_id,
                )
                start = (
                    await self._outbox.reserve(channel.name, sum(channel.cost(c) for c in claims), rate)
                    if claims
                    else 0.0
                )
                failures = 0
            except Exception as exc:
                failures += 1  # the database is away: say so once, then quietly keep trying
                log.log(
                    logging.WARNING if failures == 1 else logging.DEBUG,
                    "claiming %s deliveries failed: %s",
                    channel.name,
                    type(exc).__name__,
                    exc_info=failures == 1,
                )
                await self._idle(min(self._config.poll * 2**failures, 30.0))
                continue
            if going is not None:
                await going
                going = None
            if not claims:
                await self._idle(self._config.poll)
                continue
            try:
                await channel.prepare(claims)
            except Exception:
                log.warning("preparing a %s batch failed; each send looks up its own address", channel.name)
            going = asyncio.create_task(self._pace(channel, claims, start, rate))
        if going is not None:
            await going

    async def _pace(self, channel: Channel, claims: list[Claimed], start: float, rate: float) -> None:
        """Send the batch inside the time window reserved for it, spread evenly."""
        offset = 0.0
        try:
            for index, claim in enumerate(claims):
                if not await self._sleep_until(start + offset / rate):
                    await self._outbox.release(claims[index:], self.id)
                    return
                offset += channel.cost(claim)
                if time.time() > claim.lease_until - self._config.margin:
                    await self._outbox.release([claim], self.id)  # never send what another worker may take over
                    continue
                await self._slots.acquire()
                task = asyncio.create_task(self._deliver(channel, claim))
                self._sends.add(task)
                task.add_done_callback(self._send_done)
        except Exception:
            log.exception("sending a %s batch failed; its claims return when their lease ends", channel.name)

    def _send_done(self, task: asyncio.Task[None]) -> None:
        self._sends.discard(task)
        self._slots.release()

    async def _deliver(self, channel: Channel, claim: Claimed) -> None:
        try:
            outcome = await channel.send(claim)
        except Exception as exc:
            log.exception("delivery %d: unexpected error", claim.id)
            outcome = Outcome("retry", reason=f"error {type(exc).__name__}")
        self.sent[outcome.status] += 1
        self._results.put_nowait(self._done(channel, claim, outcome))

    def _done(self, channel: Channel, claim: Claimed, outcome: Outcome) -> Done:
        """What to record: retries give up after the channel's attempts (Teams then falls back)."""
        if outcome.status in ("sent", "delivered"):
            return Done(
                claim,
                outcome.status,
                sid=outcome.sid,
                provider_status=outcome.provider_status,
                activity_id=outcome.activity_id,
            )
        if outcome.status == "retry":
            limit = self._config.max_attempts
            if channel.name == "teams":
                limit = (
                    self._config.max_teams_attempts_emergency if claim.emergency else self._config.max_teams_attempts
                )
            if claim.attempts < limit:
                delay = outcome.retry_after if outcome.retry_after is not None else backoff(claim.attempts)
                return Done(claim, "retry", delay=min(delay, MAX_DELAY), reason=outcome.reason, code=outcome.code)
            return Done(
                claim,
                "failed",
                reason=f"gave_up after {claim.attempts} attempts ({outcome.reason})",
                code=outcome.code,
                fallback=channel.name == "teams",
            )
        return Done(
            claim,
            "failed",
            reason=outcome.reason,
            code=outcome.code,
            fallback=outcome.fallback,
            teams_gone=outcome.teams_gone,
        )

    async def _record_loop(self) -> None:
        """Write results as they come: whatever queued up during the last write goes in the next one.

        No waiting to fill a batch: a result is written within one transaction's time (status
        callbacks must find their SMS), and under load the batches grow by themselves.
        """
        while True:
            first = await self._results.get()
            batch = [first] if first is not None else []
            ending = first is None
            while not ending and not self._results.empty() and len(batch) < 500:
                item = self._results.get_nowait()
                if item is None:
                    ending = True
                else:
                    batch.append(item)
            if batch:
                await self._record(batch)
            if ending:
                return

    async def _record(self, batch: list[Done]) -> None:
        for attempt in range(6):  # the database may blink; a lost result means a resend
            try:
                await self._outbox.record(batch, self.id)
                return
            except Exception:
                log.warning("recording %d results failed (attempt %d)", len(batch), attempt + 1, exc_info=True)
                await asyncio.sleep(0.2 * 2**attempt)


# ---------------------------------------------------------------------------- live reports


class LiveReporter:
    """Updates each sender's report card in place as counts change, at most every few seconds."""

    def __init__(
        self, broadcasts: Broadcasts, cloud_adapter: Any, app_id: str, *, interval: float = 5.0, poll: float = 1.0
    ) -> None:
        self._broadcasts = broadcasts
        self._cloud = cloud_adapter
        self._app_id = app_id
        self._interval = interval
        self._poll = poll
        self._digests: dict[int, str] = {}

    async def run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            try:
                await self.update_due()
            except Exception:
                log.exception("updating live reports failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), timeout=self._poll)

    async def update_due(self) -> int:
        updated = 0
        for broadcast_id in await self._broadcasts.live_reports_due(min_interval=self._interval):
            if await self.update(broadcast_id):
                updated += 1
        return updated

    async def update(self, broadcast_id: int) -> bool:
        report = await self._broadcasts.report(broadcast_id, limit=20)
        if report is None:
            return False
        card = report_card(report.language, report)
        digest = hashlib.sha256(json.dumps(card, sort_keys=True).encode()).hexdigest()
        claimed = await self._broadcasts.claim_report_update(broadcast_id, min_interval=self._interval)
        if claimed is None or self._digests.get(broadcast_id) == digest:
            return False
        reference = ConversationReference().deserialize(json.loads(claimed[0]))
        activity = Activity(
            type=ActivityTypes.message,
            id=claimed[1],
            locale=report.language,
            attachments=[Attachment(content_type=ADAPTIVE, content=card)],
        )
        outcome = await call_connector(
            self._cloud, reference, self._app_id, lambda context: context.update_activity(activity)
        )
        if outcome.status == "delivered":
            self._digests[broadcast_id] = digest
            return True
        return False


# ---------------------------------------------------------------------------- wiring


class _HasOutbox(Protocol):
    @property
    def outbox(self) -> Outbox: ...


class _HasSender(Protocol):
    @property
    def sender(self) -> SmsSender: ...


class WorkerHost(Protocol):
    """What the worker takes from the application (bot.services.Services)."""

    outbox_worker: OutboxWorker | None  # the app's running worker, set by start_in_app

    @property
    def settings(self) -> Settings: ...
    @property
    def db(self) -> Database: ...
    @property
    def deps(self) -> _HasOutbox: ...
    @property
    def sms_adapter(self) -> _HasSender: ...
    @property
    def cloud_adapter(self) -> Any: ...  # botbuilder's CloudAdapter (untyped)


def build_worker(
    services: WorkerHost, *, broadcast_id: int | None = None, config: WorkerConfig | None = None, reports: bool = True
) -> OutboxWorker:
    """A worker using the application's own senders (bot.services.Services), rates from the settings."""
    settings = services.settings
    outbox = services.deps.outbox
    config = config or WorkerConfig()
    channels: list[Channel] = [
        SmsChannel(services.sms_adapter.sender),
        TeamsChannel(services.cloud_adapter, outbox, settings.microsoft_app_id),
    ]
    reporter = (
        LiveReporter(
            Broadcasts(services.db), services.cloud_adapter, settings.microsoft_app_id, interval=config.report_interval
        )
        if reports
        else None
    )
    return OutboxWorker(
        outbox,
        channels,
        {"sms": settings.sms_rate, "teams": settings.teams_rate},
        config=config,
        broadcast_id=broadcast_id,
        reporter=reporter,
    )


WORKER_KEY = "outbox_worker"  # Services.outbox_worker under its old extras key (bot.named_fields)


async def start_in_app(services: WorkerHost) -> None:
    """Start the app's worker (skolebot serve) unless SKOLEBOT_OUTBOX_WORKER is off."""
    if not services.settings.outbox_worker:
        return
    worker = build_worker(services)
    await worker.start()
    services.outbox_worker = worker


async def stop_in_app(services: WorkerHost) -> None:
    """Stop the app's worker, if it runs one."""
    worker, services.outbox_worker = services.outbox_worker, None
    if worker is not None:
        await worker.stop()
