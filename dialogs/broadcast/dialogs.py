"""Broadcasts in conversation.

Teams: "varsel", "/beredskap Skolen stenger kl 12", "send melding til foresatte i 5B: ..." ->
text, audience and channels asked for when missing -> a preview card -> sent only on "Send"
(or "ja"), followed by a live report card. SMS, from a leader's registered phone:
"VARSEL <PIN> [audience] text" (BEREDSKAP for an emergency, ØVELSE for a drill) -> a preview
by SMS -> "JA" sends. Anyone who got an emergency answers "OK" / "mottatt" to acknowledge it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, Dialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt
from botbuilder.schema import ActionTypes, Activity, Attachment, CardAction

from storage.segments import count_segments
from dialogs.broadcast.cards import preview_card, report_card, report_sms
from dialogs.broadcast.render import (
    MAX_SMS_CHARS,
    PreviewNumbers,
    audience_from_phrase,
    audience_label,
    channels_from_answer,
    duration_text,
    is_acknowledgement,
    is_sms_command,
    is_yes,
    outgoing_text,
    preview_numbers,
    read_compose,
    read_sms_command,
    read_status_request,
    short,
    sms_text,
)
from bot.flows import Flow, FlowDeps
from bot.settings import Settings
from bot.texts import t
from bot.turn import turn_info
from dialogs.common import OneStepDialog, message, reply
from dialogs.main import Route
from storage.audiences import Audience, UnknownAudience, parse_audience
from storage.broadcasts import Broadcasts, Message, Plan, Report
from storage.outbox import Outbox

COMPOSE = "BroadcastComposeDialog"
SMS_COMPOSE = "BroadcastSmsDialog"
ACK = "BroadcastAckDialog"
STATUS = "BroadcastStatusDialog"
STATUS_NAMES = 50  # people not reached fetched for a status answer (SMS shows what fits)
PREVIEW_TTL = dt.timedelta(minutes=30)
ADAPTIVE = "application/vnd.microsoft.card.adaptive"


# ---------------------------------------------------------------------------- the operations


def report_activity(language: str, report: Report) -> Activity:
    """The live report card as a Teams message in the sender's language."""
    card = MessageFactory.attachment(Attachment(content_type=ADAPTIVE, content=report_card(language, report)))
    card.locale = language
    return card


async def confirmed_or_explain(service: Any, context: TurnContext, values: dict[str, Any], channels: str,
                               *, send: bool) -> Prepared | None:
    """The broadcast to send when the sender said yes in time; otherwise None after saying why not."""
    if not send:
        await context.send_activity(reply(context, "broadcast.cancelled"))
        return None
    if _expired(values, turn_info(context).now):
        await context.send_activity(reply(context, "broadcast.expired"))
        return None
    return await prepare_or_explain(service, context, values, channels)


async def prepare_or_explain(service: Any, context: TurnContext, values: dict[str, Any],
                             channels: str) -> Prepared | None:
    """The broadcast's plan, or None after telling the sender why not (unknown audience, too long, nobody)."""
    audience = parse_audience(values["audience"])
    try:
        if audience is None:
            raise UnknownAudience(values["audience"])
        prepared = await service.prepare(audience, channels, values["text"], emergency=values["emergency"],
                                         drill=values["drill"], language=turn_info(context).language)
    except UnknownAudience:
        await context.send_activity(reply(context, "broadcast.unknown_audience", audience=values["audience"]))
        return None
    except TooLong as exc:
        await context.send_activity(reply(context, "broadcast.too_long", length=exc.length, max=MAX_SMS_CHARS))
        return None
    if not prepared.plan.recipients:
        await context.send_activity(reply(context, "broadcast.no_recipients", audience=values["audience"]))
        return None
    return prepared


@dataclass(frozen=True)
class Prepared:
    """A broadcast ready to preview and to send."""

    plan: Plan
    message: Message
    numbers: PreviewNumbers


class TooLong(ValueError):
    def __init__(self, length: int) -> None:
        super().__init__(f"{length} characters")
        self.length = length


class BroadcastService:
    """Prepare (resolve, route, count) and send broadcasts; used by the dialogs and the CLI."""

    def __init__(self, broadcasts: Broadcasts, outbox: Outbox, settings: Settings) -> None:
        self.broadcasts = broadcasts
        self.outbox = outbox
        self.settings = settings

    async def prepare(self, audience: Audience, channels: str, text: str, *, emergency: bool, drill: bool,
                      language: str) -> Prepared:
        """Raises UnknownAudience, or TooLong when the SMS would pass Twilio's 1600 characters."""
        emergency = emergency or drill
        body = sms_text(text, drill=drill, emergency=emergency, language=language)
        if len(body) > MAX_SMS_CHARS:
            raise TooLong(len(body))
        plan = await self.broadcasts.plan(audience, channels, emergency=emergency)
        msg = Message(text=text.strip(), sms_body=body,
                      teams_body=outgoing_text(text, drill=drill, emergency=emergency, language=language),
                      segments=count_segments(body).segments, drill=drill, language=language)
        numbers = preview_numbers(plan.routes, plan.opted_out, sms_body=body, sms_rate=self.settings.sms_rate,
                                  teams_rate=self.settings.teams_rate)
        return Prepared(plan, msg, numbers)

    async def send(self, prepared: Prepared, *, sender_id: str | None, actor: str | None, origin: str,
                   now: dt.datetime) -> int:
        """Queue it (broadcast, deliveries and audit entry in one transaction) and wake the workers."""
        broadcast_id = await self.broadcasts.create(prepared.plan, prepared.message, sender_id=sender_id, actor=actor,
                                                    origin=origin, now=now)
        self.outbox.wake()
        return broadcast_id


def _audience_of(text: str | None) -> Audience | None:
    """An audience from a phrase ("foresatte i 5B") or a raw audience string / sourcedId."""
    phrase = audience_from_phrase(text)
    if phrase is not None:
        return parse_audience(phrase)
    raw = (text or "").strip()
    return parse_audience(raw) if raw and " " not in raw else None


def _activity_value(context: TurnContext) -> dict[str, Any]:
    value = context.activity.value
    return value if isinstance(value, dict) else {}


def _expired(values: dict[str, Any], now: dt.datetime) -> bool:
    shown = dt.datetime.fromisoformat(values["previewed_at"])
    return now - shown > PREVIEW_TTL


# ---------------------------------------------------------------------------- Teams


class ComposeDialog(ComponentDialog):
    """Teams (and the Emulator): compose, preview with a card, send on confirmation."""

    def __init__(self, service: BroadcastService, deps: FlowDeps) -> None:
        super().__init__(COMPOSE)
        self._service = service
        self._deps = deps
        self.add_dialog(TextPrompt("BroadcastTextPrompt"))
        self.add_dialog(TextPrompt("BroadcastAudiencePrompt", self._valid_audience))
        self.add_dialog(TextPrompt("BroadcastChannelsPrompt", self._valid_channels))
        self.add_dialog(WaterfallDialog("BroadcastComposeSteps", [
            self._text_step, self._audience_step, self._channels_step, self._preview_step, self._confirm_step,
        ]))
        self.initial_dialog_id = "BroadcastComposeSteps"

    async def _text_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = turn_info(step.context)
        person = info.person
        options = dict(step.options or {})
        emergency = bool(options.get("emergency"))
        if person is None or not (person.is_leader or person.role == "teacher"):
            await step.context.send_activity(reply(step.context, "broadcast.not_allowed"))
            return await step.end_dialog()
        if emergency and not person.is_leader:
            await self._service.broadcasts.audit(person.sourced_id, "broadcast.refused",
                                                 {"reason": "emergency_not_leader"})
            await step.context.send_activity(reply(step.context, "broadcast.emergency_leaders_only"))
            return await step.end_dialog()
        step.values.update(emergency=emergency, drill=bool(options.get("drill")), audience=options.get("audience"),
                           channels=options.get("channels"))
        if options.get("text"):
            return await step.next(options["text"])
        key = "broadcast.ask_text_emergency" if emergency else "broadcast.ask_text"
        return await step.prompt("BroadcastTextPrompt", PromptOptions(prompt=reply(step.context, key)))

    async def _audience_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = turn_info(step.context)
        text = str(step.result or "").strip()
        body = sms_text(text, drill=step.values["drill"], emergency=step.values["emergency"], language=info.language)
        if len(body) > MAX_SMS_CHARS:
            await step.context.send_activity(reply(step.context, "broadcast.too_long", length=len(body),
                                                   max=MAX_SMS_CHARS))
            return await step.end_dialog()
        step.values["text"] = text
        if step.values.get("audience") and parse_audience(step.values["audience"]) is not None:
            return await step.next(step.values["audience"])
        prompt = await self._audience_prompt(step.context)
        return await step.prompt("BroadcastAudiencePrompt", PromptOptions(prompt=prompt, retry_prompt=prompt))

    async def _audience_prompt(self, context: TurnContext) -> Activity:
        info = turn_info(context)
        lang = info.language
        person = info.person
        assert person is not None
        if person.is_leader:
            titles = [t(lang, "broadcast.audience.school"), t(lang, "broadcast.audience.guardians"),
                      t(lang, "broadcast.audience.staff")]
        else:
            titles = []
            for _, title in await self._deps.people.classes_taught(person.sourced_id):
                titles += [t(lang, "broadcast.suggest.guardians_class", klass=title),
                           t(lang, "broadcast.suggest.class", klass=title)]
        activity = MessageFactory.suggested_actions(
            [CardAction(type=ActionTypes.im_back, title=x, value=x) for x in titles], t(lang, "broadcast.ask_audience"))
        activity.locale = lang
        return activity

    async def _valid_audience(self, prompt: PromptValidatorContext) -> bool:
        text = prompt.recognized.value if prompt.recognized.succeeded else None
        audience = _audience_of(text)
        if audience is None:
            return False
        try:
            await self._service.broadcasts.audiences.check(audience)
        except UnknownAudience:
            await prompt.context.send_activity(reply(prompt.context, "broadcast.unknown_audience",
                                                     audience=(text or "").strip()))
            return False
        return True

    async def _channels_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = turn_info(step.context)
        audience = _audience_of(str(step.result or ""))
        if audience is None:  # an audience given with the request that names nothing we know
            await step.context.send_activity(reply(step.context, "broadcast.unknown_audience",
                                                   audience=str(step.result or "")))
            return await step.end_dialog()
        refusal = await self._service.broadcasts.refusal(info.person, audience, emergency=step.values["emergency"])
        if refusal is not None:
            await self._service.broadcasts.audit(info.person.sourced_id if info.person else None, "broadcast.refused",
                                                 {"reason": refusal, "audience": str(audience)})
            classes = ", ".join(title for _, title in await self._deps.people.classes_taught(
                info.person.sourced_id)) if info.person else ""
            await step.context.send_activity(reply(step.context, refusal, classes=classes or "-"))
            return await step.end_dialog()
        step.values["audience"] = str(audience)
        if step.values.get("channels"):
            return await step.next(step.values["channels"])
        lang = info.language
        titles = [t(lang, f"broadcast.channels.{c}") for c in ("both", "sms", "teams")]
        prompt = MessageFactory.suggested_actions(
            [CardAction(type=ActionTypes.im_back, title=x, value=x) for x in titles], t(lang, "broadcast.ask_channels"))
        prompt.locale = lang
        return await step.prompt("BroadcastChannelsPrompt", PromptOptions(
            prompt=prompt, retry_prompt=reply(step.context, "broadcast.channels_retry")))

    @staticmethod
    async def _valid_channels(prompt: PromptValidatorContext) -> bool:
        return prompt.recognized.succeeded and channels_from_answer(prompt.recognized.value) is not None

    async def _prepare(self, context: TurnContext, values: dict[str, Any]) -> Prepared | None:
        return await prepare_or_explain(self._service, context, values, values["channels"])

    async def _label(self, language: str, audience: str) -> str:
        parsed = parse_audience(audience)
        name = None
        if parsed is not None and parsed.scope == "person":
            person = await self._deps.people.get(audience)
            name = person.name if person else None
        return audience_label(language, audience, person_name=name)

    async def _preview_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = turn_info(step.context)
        step.values["channels"] = channels_from_answer(str(step.result or "")) or step.values.get("channels") or "both"
        prepared = await self._prepare(step.context, step.values)
        if prepared is None:
            return await step.end_dialog()
        card = preview_card(info.language, prepared.message.teams_body, prepared.numbers,
                            await self._label(info.language, step.values["audience"]),
                            emergency=prepared.plan.emergency, drill=prepared.message.drill,
                            overrides_opt_out=prepared.plan.overrides_opt_out)
        activity = MessageFactory.attachment(Attachment(content_type=ADAPTIVE, content=card))
        activity.locale = info.language
        await step.context.send_activity(activity)
        step.values["previewed_at"] = info.now.isoformat()
        return Dialog.end_of_turn

    async def _confirm_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        context = step.context
        info = turn_info(context)
        value = _activity_value(context)
        send = bool(value.get("send")) if value.get("skolebot") == "broadcast_confirm" else is_yes(context.activity.text)
        prepared = await confirmed_or_explain(self._service, context, step.values, step.values["channels"], send=send)
        if prepared is None:
            return await step.end_dialog()
        assert info.person is not None
        broadcast_id = await self._service.send(prepared, sender_id=info.person.sourced_id,
                                                actor=info.person.sourced_id, origin="teams", now=info.now)
        await context.send_activity(reply(context, "broadcast.queued", people=len(prepared.plan.recipients)))
        report = await self._service.broadcasts.report(broadcast_id, limit=20)
        assert report is not None
        response = await context.send_activity(report_activity(info.language, report))
        if response is not None and response.id:
            reference = TurnContext.get_conversation_reference(context.activity)
            await self._service.broadcasts.set_report(broadcast_id, json.dumps(reference.serialize()), response.id)
        return await step.end_dialog(broadcast_id)


# ---------------------------------------------------------------------------- SMS


class SmsComposeDialog(ComponentDialog):
    """From a leader's registered phone: "VARSEL <PIN> text" -> preview by SMS -> "JA" sends."""

    def __init__(self, service: BroadcastService, deps: FlowDeps) -> None:
        super().__init__(SMS_COMPOSE)
        self._service = service
        self._deps = deps
        self.add_dialog(WaterfallDialog("BroadcastSmsSteps", [self._verify_step, self._confirm_step]))
        self.initial_dialog_id = "BroadcastSmsSteps"

    async def _verify_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        context = step.context
        info = turn_info(context)
        person = info.person
        command = read_sms_command(context.activity.text)
        broadcasts = self._service.broadcasts
        if command is not None and context.activity.id:
            await broadcasts.forget_inbound_body(context.activity.id)  # it carries the PIN
        if person is None or not person.is_leader:
            await context.send_activity(reply(context, "broadcast.sms_not_allowed"))
            return await step.end_dialog()
        if command is None:
            await context.send_activity(reply(context, "broadcast.sms_usage"))
            return await step.end_dialog()
        phone = context.activity.from_property.id
        check = await broadcasts.check_pin(phone, person.sourced_id, command.pin, info.now)
        if check.result != "ok":
            await broadcasts.audit(person.sourced_id, f"broadcast.pin_{check.result}", {"channel": "sms"})
            key = {"wrong": "broadcast.pin_wrong", "locked": "broadcast.pin_locked"}.get(check.result,
                                                                                           "broadcast.pin_missing")
            await context.send_activity(reply(context, key, left=check.attempts_left))
            return await step.end_dialog()
        step.values.update(text=command.text, audience=command.audience, emergency=command.emergency,
                           drill=command.drill, previewed_at=info.now.isoformat())
        prepared = await self._prepare(context, step.values)
        if prepared is None:
            return await step.end_dialog()
        await context.send_activity(message(context, self._preview(info.language, prepared, command.audience)))
        return Dialog.end_of_turn

    def _preview(self, lang: str, prepared: Prepared, audience: str) -> str:
        n = prepared.numbers
        kind = "_drill" if prepared.message.drill else "_emergency" if prepared.plan.emergency else ""
        policy = ""
        if prepared.plan.emergency or n.opted_out_skipped:
            policy = t(lang, "broadcast.sms_policy_on" if prepared.plan.overrides_opt_out else "broadcast.sms_policy_off")
        return t(lang, "broadcast.sms_preview", title=t(lang, "broadcast.sms_title" + kind),
                 audience=audience_label(lang, audience), text=short(prepared.message.text), people=n.people,
                 sms=n.sms, total=n.sms_segments, teams=n.teams, policy=policy,
                 duration=duration_text(lang, n.seconds)).replace("  ", " ")

    async def _prepare(self, context: TurnContext, values: dict[str, Any]) -> Prepared | None:
        return await prepare_or_explain(self._service, context, values, "both")

    async def _confirm_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        context = step.context
        info = turn_info(context)
        prepared = await confirmed_or_explain(self._service, context, step.values, "both",
                                              send=is_yes(context.activity.text))
        if prepared is None or info.person is None:
            return await step.end_dialog()
        broadcast_id = await self._service.send(prepared, sender_id=info.person.sourced_id,
                                                actor=info.person.sourced_id, origin="sms", now=info.now)
        await context.send_activity(reply(context, "broadcast.sms_queued", people=len(prepared.plan.recipients),
                                          id=broadcast_id))
        return await step.end_dialog(broadcast_id)


# ---------------------------------------------------------------------------- acknowledgements


class AckDialog(ComponentDialog):
    """"OK" / "mottatt" (or the card's button) to an emergency: recorded, and a short thanks."""

    def __init__(self, service: BroadcastService) -> None:
        super().__init__(ACK)
        self._service = service
        self.add_dialog(WaterfallDialog("BroadcastAckSteps", [self._ack_step]))
        self.initial_dialog_id = "BroadcastAckSteps"

    async def _ack_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = turn_info(step.context)
        assert info.person is not None
        wanted = (step.options or {}).get("broadcast_id")
        acked = await self._service.broadcasts.acknowledge(info.person.sourced_id, info.channel_id, info.now,
                                                           broadcast_id=int(wanted) if wanted else None)
        await step.context.send_activity(reply(step.context, "broadcast.ack_thanks" if acked else "broadcast.ack_nothing"))
        return await step.end_dialog(acked)


# ---------------------------------------------------------------------------- the flow


def service_for(deps: FlowDeps) -> BroadcastService:
    return BroadcastService(Broadcasts(deps.db), deps.extras["outbox"], deps.settings)


def make_flow(deps: FlowDeps) -> Flow:
    service = service_for(deps)

    async def classify(context: TurnContext) -> Route | None:
        info = turn_info(context)
        person = info.person
        if person is None:
            return None
        value = _activity_value(context)
        if value.get("skolebot") == "broadcast_ack":
            return Route("broadcast_ack", ACK, {"broadcast_id": value.get("broadcast_id")})
        text = context.activity.text
        if is_acknowledgement(text):
            if await service.broadcasts.awaiting_ack(person.sourced_id, info.now) is not None:
                return Route("broadcast_ack", ACK, {})
            return None
        if person.is_staff and (status := read_status_request(text)) is not None:
            return Route("broadcast_status", STATUS, {"broadcast_id": status.broadcast_id})
        if info.is_sms:
            return Route("broadcast", SMS_COMPOSE, {}) if is_sms_command(text) else None
        request = read_compose(text)
        if request is None or (not request.command and not person.is_staff):
            return None  # "send melding til læreren ..." from a guardian is not a broadcast
        return Route("broadcast", COMPOSE, {"emergency": request.emergency, "drill": request.drill,
                                            "text": request.text, "audience": request.audience})

    async def status(context: TurnContext, options: dict[str, Any]) -> None:
        await send_status(service, deps.settings, context, options.get("broadcast_id"))

    return Flow(name="broadcast", dialogs=[ComposeDialog(service, deps), SmsComposeDialog(service, deps),
                                           AckDialog(service), OneStepDialog(STATUS, status)], classify=classify)


async def send_status(service: BroadcastService, settings: Settings, context: TurnContext,
                      broadcast_id: int | None) -> None:
    """"status" from a leader or a sender: where the broadcast stands and who is not reached yet,
    as text by SMS (a phone is all a principal may have in an emergency) and as the card in Teams."""
    info = turn_info(context)
    assert info.person is not None
    visible = await service.broadcasts.visible_to(info.person, broadcast_id)
    report = await service.broadcasts.report(visible, limit=STATUS_NAMES) if visible is not None else None
    if report is None:  # not found and not theirs read the same: nothing about others' messages leaks
        await context.send_activity(reply(context, "broadcast.status.none"))
    elif info.is_sms:
        await context.send_activity(message(context, report_sms(info.language, report,
                                                                max_segments=settings.sms_max_segments)))
    else:
        await context.send_activity(report_activity(info.language, report))
