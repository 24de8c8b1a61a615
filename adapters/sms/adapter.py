"""SmsAdapter: a botbuilder BotAdapter for Twilio SMS.

Inbound: the signed webhook becomes an Activity; the turn runs in the background so
Twilio gets its answer at once (well inside its 15 s limit); replies and proactive
messages go out through Twilio's REST API, never TwiML.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiohttp import web
from botbuilder.core import Bot, BotAdapter, TurnContext
from botbuilder.schema import Activity, ActivityTypes, ConversationReference, ResourceResponse

from adapters.request_context import new_request_id, request_scope
from adapters.sms.choices import ChoicesLine, inline_suggested_actions
from adapters.sms.convert import InvalidForm, activity_to_sms_texts, form_to_activity
from adapters.sms.rate_limit import PerNumberLimit
from adapters.sms.twilio_client import SignatureChecker, SmsSender, TwilioSendError, send_with_retry
from storage.phones import mask_phone
from storage.segments import count_segments
from storage.sms_log import SmsLog, outbound_row

log = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
TWIML = "text/xml"
SENT_KEY = "skolebot.sms.sent"  # turn_state: the replies of an inbound turn, recorded when it ends
UNFINISHED_BODY_KEPT = dt.timedelta(minutes=15)  # the default of SKOLEBOT_UNFINISHED_BODY_MINUTES


class SmsMetrics(Protocol):
    """What the adapter counts (bot.metrics.Metrics in the app)."""

    def refused(self, route: str, reason: str) -> None: ...

    def sms_in(self, outcome: str) -> None: ...

    def sms_out(self) -> None: ...


class _Uncounted:
    """No metrics (a bare adapter in a test or a tool)."""

    def refused(self, route: str, reason: str) -> None:
        """Counted nowhere."""

    def sms_in(self, outcome: str) -> None:
        """Counted nowhere."""

    def sms_out(self) -> None:
        """Counted nowhere."""


class SmsAdapter(BotAdapter):
    def __init__(
        self,
        *,
        sender: SmsSender,
        checker: SignatureChecker,
        public_url: str,
        sms_log: SmsLog,
        max_segments: int = 3,
        replies_per_minute: int = 10,
        choices_line: ChoicesLine,
        metrics: SmsMetrics | None = None,
    ) -> None:
        super().__init__()
        self.sender = sender
        self._checker = checker
        self._public_url = public_url.rstrip("/")
        self._log = sms_log
        self._max_segments = max_segments
        self._replies_per_minute = replies_per_minute
        self._limit = PerNumberLimit(replies_per_minute)
        self._tasks: set[asyncio.Task[None]] = set()
        self._choices_line = choices_line
        self._metrics: SmsMetrics = metrics or _Uncounted()
        self.on_turn_error = self._log_turn_error

    @staticmethod
    async def _log_turn_error(context: TurnContext, error: Exception) -> None:
        log.error(
            "sms turn failed for %s: %s",
            mask_phone(context.activity.from_property.id),
            type(error).__name__,
            exc_info=error,
        )

    # ---------------------------------------------------------------- inbound

    def _signed(self, request: web.Request, form: dict[str, str]) -> bool:
        url = self._public_url + request.path_qs
        return self._checker.valid(url, form, request.headers.get("X-Twilio-Signature"))

    async def handle_webhook(self, request: web.Request, bot: Bot) -> web.Response:
        """POST /api/sms: refuse unsigned, ignore replays, answer at once, run the turn after."""
        form = {k: str(v) for k, v in (await request.post()).items()}
        if not self._signed(request, form):
            log.warning(
                "refused an SMS webhook with a missing or wrong signature (from %s)", mask_phone(form.get("From"))
            )
            self._metrics.refused("/api/sms", "bad_signature")
            return web.Response(status=403, text="invalid signature")
        try:
            activity = form_to_activity(form, service_url=self._public_url)
        except InvalidForm as exc:
            log.warning("refused an SMS webhook: %s", exc)
            self._metrics.refused("/api/sms", "bad_form")
            return web.Response(status=400, text=str(exc))
        if not await self._log.claim_inbound(activity.id, activity.from_property.id, form):
            log.info("ignored a repeated SMS webhook %s", activity.id)
            self._metrics.sms_in("replay")
            return web.Response(text=EMPTY_TWIML, content_type=TWIML)
        self._metrics.sms_in("accepted")
        self._spawn(self._run_turn(activity, bot))  # the task inherits this request's id
        return web.Response(text=EMPTY_TWIML, content_type=TWIML)

    async def resume_unprocessed(self, bot: Bot, *, within: dt.timedelta = UNFINISHED_BODY_KEPT) -> int:
        """Finish turns that were accepted but not completed before a crash or restart.

        Only turns younger than `within` (SKOLEBOT_UNFINISHED_BODY_MINUTES) are finished; the
        words of older ones are dropped first, never answered late nor kept."""
        since = dt.datetime.now(dt.UTC) - within
        await self._log.forget_unfinished(since)
        forms = await self._log.unprocessed(since)
        for form in forms:
            try:
                activity = form_to_activity(form, service_url=self._public_url)
            except InvalidForm:
                continue
            with request_scope(new_request_id(), channel="sms"):  # each resumed turn its own id
                self._spawn(self._run_turn(activity, bot))
        return len(forms)

    def _spawn(self, coro: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run_turn(self, activity: Activity, bot: Bot) -> None:
        """Run the turn (SchoolBot keeps one conversation's turns in order), then record its replies
        and mark the SMS done in one transaction. A turn that failed stays unprocessed for a retry."""
        phone = activity.from_property.id
        context = TurnContext(self, activity)
        sent: list[dict[str, Any]] = []
        context.turn_state[SENT_KEY] = sent
        done = False
        try:
            await self.run_pipeline(context, bot.on_turn)
            done = True
        except Exception:
            log.exception("sms turn for %s failed", mask_phone(phone))
        person = getattr(context.turn_state.get("skolebot.turn"), "person", None)
        try:
            await self._log.finish_turn(activity.id if done else None, person.sourced_id if person else None, sent)
        except Exception:
            log.exception("could not record the sms turn for %s", mask_phone(phone))

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait for turns in flight (tests, and a clean shutdown)."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=timeout)

    # ---------------------------------------------------------------- outbound

    async def send_activities(self, context: TurnContext, activities: list[Activity]) -> list[ResourceResponse]:
        responses: list[ResourceResponse] = []
        for activity in activities:
            if activity.type == "delay":
                await asyncio.sleep((activity.value or 0) / 1000)
                responses.append(ResourceResponse(id=""))
                continue
            if activity.type != ActivityTypes.message:
                responses.append(ResourceResponse(id=""))
                continue
            to = activity.conversation.id if activity.conversation else context.activity.from_property.id
            sid = ""
            sent = context.turn_state.get(SENT_KEY) if to == context.activity.from_property.id else None
            for body in activity_to_sms_texts(
                inline_suggested_actions(activity, self._choices_line), max_segments=self._max_segments
            ):
                sid = await self.send_text(to, body, record_in=sent) or sid
            responses.append(ResourceResponse(id=sid))
        return responses

    async def send_text(
        self,
        to: str,
        body: str,
        *,
        delivery_id: int | None = None,
        rate_limited: bool = True,
        record_in: list[dict[str, Any]] | None = None,
    ) -> str | None:
        """Hand one SMS to Twilio and record it; None when the per-number reply limit stops it.

        With `record_in` (an inbound turn's list) the record is written when the turn ends, together
        with the inbound message; a status callback arriving first is kept (see `outbound_upsert`).
        """
        if not rate_limited:
            self._limit.count(to)
        elif not self._limit.allow(to):
            log.warning("reply to %s dropped: more than %d a minute", mask_phone(to), self._replies_per_minute)
            return None
        try:
            sent = await send_with_retry(self.sender, to, body)
        except TwilioSendError as exc:
            log.error("sms to %s failed: status=%s code=%s", mask_phone(to), exc.status, exc.code)
            raise
        status, segments = sent.status or "queued", count_segments(body).segments
        if record_in is not None:
            record_in.append(outbound_row(sent.sid, to, status, segments, delivery_id))
        else:
            await self._log.record_outbound(sent.sid, to, status, segments, delivery_id=delivery_id)
        self._metrics.sms_out()
        return sent.sid

    async def update_activity(self, context: TurnContext, activity: Activity) -> Any:
        raise NotImplementedError("an SMS cannot be changed after it is sent")

    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> Any:
        raise NotImplementedError("an SMS cannot be deleted after it is sent")

    async def continue_conversation(
        self,
        reference: ConversationReference,
        callback: Callable,
        bot_id: str | None = None,
        claims_identity: Any = None,
        audience: str | None = None,
    ) -> None:
        """Run `callback` in a proactive turn on this phone conversation (school-started messages)."""
        activity = TurnContext.apply_conversation_reference(
            Activity(type=ActivityTypes.event, name="ContinueConversation"), reference, is_incoming=True
        )
        context = TurnContext(self, activity)
        await self.run_pipeline(context, callback)

    # ---------------------------------------------------------------- status callbacks

    async def handle_status(
        self, request: web.Request, on_change: Callable[[str, str, int | None], Awaitable[None]] | None = None
    ) -> web.Response:
        """POST /api/sms/status: signed delivery receipts move the record forward, never back."""
        form = {k: str(v) for k, v in (await request.post()).items()}
        if not self._signed(request, form):
            log.warning("refused a status callback with a missing or wrong signature")
            self._metrics.refused("/api/sms/status", "bad_signature")
            return web.Response(status=403, text="invalid signature")
        sid = form.get("MessageSid") or form.get("SmsSid")
        status = (form.get("MessageStatus") or form.get("SmsStatus") or "").lower()
        if not sid or not status:
            self._metrics.refused("/api/sms/status", "bad_form")
            return web.Response(status=400, text="MessageSid and MessageStatus are required")
        code = int(form["ErrorCode"]) if (form.get("ErrorCode") or "").isdigit() else None
        changed = await self._log.apply_status(sid, status, code)
        if changed is not None and on_change is not None:
            await on_change(sid, status, code)
        return web.Response(status=204)
