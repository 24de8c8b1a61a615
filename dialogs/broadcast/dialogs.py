"""Broadcasts in conversation.

Teams: "varsel", "/beredskap Skolen stenger kl 12", "send melding til foresatte i 5B: ..." ->
text, audience and channels asked for when missing -> a preview card -> sent only on "Send"
(or "ja"), followed by a live report card. SMS, from a leader's registered phone:
"VARSEL <PIN> [audience] text" (BEREDSKAP for an emergency, ØVELSE for a drill) -> a preview
by SMS -> "JA" sends; a request in plain words ("send til foresatte i 5B: ...") is kept while
the PIN is asked for, and the PIN answer gets the same preview (and the same lockout). Anyone
who got an emergency answers "OK" / "mottatt" to acknowledge it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, Dialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt
from botbuilder.schema import ActionTypes, Activity, CardAction

from bot.flows import Flow, FlowDeps
from bot.settings import Settings
from bot.texts import t
from bot.turn import known_turn, turn_info
from dialogs.broadcast.cards import preview_card, report_card, report_sms, sms_preview
from dialogs.broadcast.phrases import (
    asks_status,
    asks_who_sends,
    mentions_emergency,
    read_staff_compose,
    split_addressed,
)
from dialogs.broadcast.render import (
    ComposeRequest,
    audience_from_phrase,
    audience_label,
    channels_from_answer,
    is_acknowledgement,
    is_sms_command,
    is_yes,
    read_compose,
    read_pin,
    read_sms_command,
    read_status_request,
)
from dialogs.broadcast.service import (
    BroadcastRequest,
    BroadcastService,
    Prepared,
    Refusal,
    service_for,
    text_refusal,
)
from dialogs.card import card_activity
from dialogs.common import OneStepDialog, OpenAnswerPrompt, message, reply
from dialogs.main import Route
from storage.audiences import Audience, parse_audience
from storage.broadcasts import Report
from storage.people import PersonInfo

COMPOSE = "BroadcastComposeDialog"
SMS_COMPOSE = "BroadcastSmsDialog"
SMS_STEPS = "BroadcastSmsSteps"
PIN_PROMPT = "BroadcastPinPrompt"
ACK = "BroadcastAckDialog"
STATUS = "BroadcastStatusDialog"
WHO_SENDS = "BroadcastWhoSendsDialog"


# ---------------------------------------------------------------------------- rendering the service's results


def report_activity(language: str, report: Report) -> Activity:
    """The live report card as a Teams message in the sender's language."""
    return card_activity(report_card(language, report), language)


def _refused(context: TurnContext, refusal: Refusal) -> Activity:
    """A refusal from the service as a reply in the person's language."""
    return reply(context, refusal.key, **refusal.values)


def _suggestions(language: str, titles: list[str], prompt_key: str, **values: object) -> Activity:
    """A question with its answers as suggested actions (buttons in Teams and the Emulator)."""
    activity = MessageFactory.suggested_actions(
        [CardAction(type=ActionTypes.im_back, title=x, value=x) for x in titles], t(language, prompt_key, **values)
    )
    activity.locale = language
    return activity


def _request(context: TurnContext, values: dict[str, Any], channels: str) -> BroadcastRequest:
    """The request as the dialog keeps it in its state between the turns."""
    return BroadcastRequest(
        text=values["text"],
        audience=values["audience"],
        channels=channels,
        emergency=values["emergency"],
        drill=values["drill"],
        language=turn_info(context).language,
        sender=turn_info(context).person,
    )


def _channel_change(text: str | None) -> str | None:
    """ "bare SMS", "kun Teams", "Teams og SMS" typed at the preview: the channels wanted instead; None otherwise."""
    if len((text or "").split()) > 4:
        return None
    return channels_from_answer(text)


async def _go_ahead(context: TurnContext, result: Prepared | Refusal) -> Prepared | None:
    """The prepared broadcast, or None after telling the sender why not."""
    if isinstance(result, Refusal):
        await context.send_activity(_refused(context, result))
        return None
    return result


async def confirmed_or_explain(
    service: BroadcastService, context: TurnContext, values: dict[str, Any], channels: str, *, send: bool
) -> Prepared | None:
    """The broadcast to send when the sender said yes in time; otherwise None after saying why not."""
    previewed_at = dt.datetime.fromisoformat(values["previewed_at"])
    result = await service.confirm(
        _request(context, values, channels), send=send, previewed_at=previewed_at, now=turn_info(context).now
    )
    return await _go_ahead(context, result)


async def prepare_or_explain(
    service: BroadcastService, context: TurnContext, values: dict[str, Any], channels: str
) -> Prepared | None:
    """The broadcast's plan, or None after telling the sender why not (unknown audience, too long, nobody)."""
    return await _go_ahead(context, await service.prepare_request(_request(context, values, channels)))


def _audience_of(text: str | None) -> Audience | None:
    """An audience from a phrase ("foresatte i 5B", "til alle ansatte: …") or a raw audience string / sourcedId."""
    phrase = audience_from_phrase(text) or split_addressed(text)[0]
    if phrase is not None:
        return parse_audience(phrase)
    raw = (text or "").strip()
    return parse_audience(raw) if raw and " " not in raw else None


def _activity_value(context: TurnContext) -> dict[str, Any]:
    """A card submit's data (a dict), or an empty dict for a typed message."""
    value = context.activity.value
    return value if isinstance(value, dict) else {}


# ---------------------------------------------------------------------------- Teams


class ComposeDialog(ComponentDialog):
    """Teams (and the Emulator): compose, preview with a card, send on confirmation."""

    def __init__(self, service: BroadcastService) -> None:
        super().__init__(COMPOSE)
        self._service = service
        self.add_dialog(TextPrompt("BroadcastTextPrompt"))
        self.add_dialog(TextPrompt("BroadcastAudiencePrompt", self._valid_audience))
        self.add_dialog(
            WaterfallDialog(
                "BroadcastComposeSteps",
                [
                    self._text_step,
                    self._audience_step,
                    self._channels_step,
                    self._preview_step,
                    self._confirm_step,
                ],
            )
        )
        self.initial_dialog_id = "BroadcastComposeSteps"

    async def _text_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = dict(step.options or {})
        emergency = bool(options.get("emergency"))
        refusal = await self._service.compose_refusal(turn_info(step.context).person, emergency=emergency)
        if refusal is not None:
            await step.context.send_activity(_refused(step.context, refusal))
            return await step.end_dialog()
        step.values.update(
            emergency=emergency,
            drill=bool(options.get("drill")),
            audience=options.get("audience"),
            channels=options.get("channels"),
        )
        if options.get("text"):
            return await step.next(options["text"])
        key = "broadcast.ask_text_emergency" if emergency else "broadcast.ask_text"
        key = "broadcast.ask_text_drill" if step.values["drill"] else key  # the leader sees it is a drill
        prompt = reply(step.context, key)
        if options.get("readdressed"):  # "til alle ansatte" as the answer: who it is for, then the question again
            lang = turn_info(step.context).language
            label = await self._label(lang, options["audience"])
            prompt = message(step.context, t(lang, "broadcast.ask_text_for", audience=label, question=prompt.text))
        return await step.prompt("BroadcastTextPrompt", PromptOptions(prompt=prompt))

    async def _audience_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = turn_info(step.context)
        text = str(step.result or "").strip()
        if not step.values.get("audience"):  # "til alle ansatte: Brannøvelse kl 10.15": the group and the text
            addressed, body = split_addressed(text)
            if addressed is not None and not body:
                options = {**dict(step.options or {}), "audience": addressed, "text": None, "readdressed": True}
                return await step.replace_dialog("BroadcastComposeSteps", options)
            if addressed is not None:
                step.values["audience"], text = addressed, body
        refusal = text_refusal(
            text, drill=step.values["drill"], emergency=step.values["emergency"], language=info.language
        )
        if refusal is not None:
            await step.context.send_activity(_refused(step.context, refusal))
            return await step.end_dialog()
        step.values["text"] = text
        if step.values.get("audience") and parse_audience(step.values["audience"]) is not None:
            return await step.next(step.values["audience"])
        prompt = await self._audience_prompt(step.context)
        return await step.prompt("BroadcastAudiencePrompt", PromptOptions(prompt=prompt, retry_prompt=prompt))

    async def _audience_prompt(self, context: TurnContext) -> Activity:
        """Who to send to: the school's groups for a leader, a teacher's own classes otherwise."""
        info = turn_info(context)
        lang = info.language
        person = info.person
        assert person is not None
        if person.is_leader:
            titles = [
                t(lang, "broadcast.audience.school"),
                t(lang, "broadcast.audience.guardians"),
                t(lang, "broadcast.audience.staff"),
            ]
        else:
            titles = []
            for title in await self._service.class_titles(person.sourced_id):
                titles += [
                    t(lang, "broadcast.suggest.guardians_class", klass=title),
                    t(lang, "broadcast.suggest.class", klass=title),
                ]
        return _suggestions(lang, titles, "broadcast.ask_audience")

    async def _valid_audience(self, prompt: PromptValidatorContext) -> bool:
        text = prompt.recognized.value if prompt.recognized.succeeded else None
        audience = _audience_of(text)
        if audience is None:
            return False
        if await self._service.audience_known(audience):
            return True
        await prompt.context.send_activity(
            reply(prompt.context, "broadcast.unknown_audience", audience=(text or "").strip())
        )
        return False

    async def _channels_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = turn_info(step.context)
        answer = str(step.result or "")
        addressed, body = split_addressed(answer)
        if addressed is not None and body:  # "alle ansatte: Husk møtet" as the answer to "who?"
            refusal = text_refusal(
                body, drill=step.values["drill"], emergency=step.values["emergency"], language=info.language
            )
            if refusal is not None:
                await step.context.send_activity(_refused(step.context, refusal))
                return await step.end_dialog()
            step.values["text"] = body  # the newer words win
        audience = _audience_of(answer)
        if audience is None:  # an audience given with the request that names nothing we know
            await step.context.send_activity(
                reply(step.context, "broadcast.unknown_audience", audience=str(step.result or ""))
            )
            return await step.end_dialog()
        audience = await self._service.own_class_audience(info.person, audience)
        refusal = await self._service.audience_refusal(info.person, audience, emergency=step.values["emergency"])
        if refusal is not None:
            await step.context.send_activity(_refused(step.context, refusal))
            return await step.end_dialog()
        step.values["audience"] = str(audience)
        # No question about channels: Teams and SMS reach everyone; the preview says so and takes "bare SMS"
        return await step.next(step.values.get("channels") or "both")

    async def _prepare(self, context: TurnContext, values: dict[str, Any]) -> Prepared | None:
        return await prepare_or_explain(self._service, context, values, values["channels"])

    async def _label(self, language: str, audience: str) -> str:
        """The audience in words for the preview ("foresatte i 5B", or the person's name)."""
        return audience_label(language, audience, person_name=await self._service.audience_name(audience))

    async def _preview_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = turn_info(step.context)
        step.values["channels"] = channels_from_answer(str(step.result or "")) or step.values.get("channels") or "both"
        prepared = await self._prepare(step.context, step.values)
        if prepared is None:
            return await step.end_dialog()
        card = preview_card(
            info.language,
            prepared.message.teams_body,
            prepared.numbers,
            await self._label(info.language, step.values["audience"]),
            emergency=prepared.plan.emergency,
            drill=prepared.message.drill,
            overrides_opt_out=prepared.plan.overrides_opt_out,
            channels=step.values["channels"],
        )
        await step.context.send_activity(card_activity(card, info.language))
        step.values["previewed_at"] = info.now.isoformat()
        return Dialog.end_of_turn

    async def _confirm_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        context = step.context
        info = turn_info(context)
        value = _activity_value(context)
        confirm_card = value.get("skolebot") == "broadcast_confirm"
        send = bool(value.get("send")) if confirm_card else is_yes(context.activity.text)
        changed = None if confirm_card or send else _channel_change(context.activity.text)
        if changed is not None:  # "bare SMS" at the preview: the same message, previewed again for those channels
            keep = {k: step.values.get(k) for k in ("emergency", "drill", "audience", "text")}
            return await step.replace_dialog("BroadcastComposeSteps", {**keep, "channels": changed})
        prepared = await confirmed_or_explain(self._service, context, step.values, step.values["channels"], send=send)
        if prepared is None:
            return await step.end_dialog()
        assert info.person is not None
        broadcast_id = await self._service.send(
            prepared, sender_id=info.person.sourced_id, actor=info.person.sourced_id, origin="teams", now=info.now
        )
        await context.send_activity(reply(context, "broadcast.queued", people=len(prepared.plan.recipients)))
        await self._send_report(context, broadcast_id)
        return await step.end_dialog(broadcast_id)

    async def _send_report(self, context: TurnContext, broadcast_id: int) -> None:
        """The live report card, remembered so the worker can update it in place while it sends."""
        report = await self._service.report(broadcast_id, limit=20)
        assert report is not None
        response = await context.send_activity(report_activity(turn_info(context).language, report))
        if response is not None and response.id:
            reference = TurnContext.get_conversation_reference(context.activity)
            await self._service.remember_report(broadcast_id, json.dumps(reference.serialize()), response.id)


# ---------------------------------------------------------------------------- SMS


class SmsComposeDialog(ComponentDialog):
    """From a leader's registered phone: "VARSEL <PIN> text" -> preview by SMS -> "JA" sends.

    A request in plain words ("send til foresatte i 5B: …") keeps its group and text and asks for the PIN in one
    line (a sender number can be spoofed); the PIN answer gets the same preview, with the same lockout.
    """

    def __init__(self, service: BroadcastService) -> None:
        super().__init__(SMS_COMPOSE)
        self._service = service
        self.add_dialog(OpenAnswerPrompt(PIN_PROMPT, self._valid_pin))
        self.add_dialog(WaterfallDialog(SMS_STEPS, [self._verify_step, self._pin_step, self._confirm_step]))
        self.initial_dialog_id = SMS_STEPS

    async def _verify_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = dict(step.options or {})
        if options.get("plain"):
            return await self._ask_pin(step, options)
        context = step.context
        info = turn_info(context)
        command = read_sms_command(context.activity.text)
        refusal = await self._service.sms_sender_refusal(
            info.person, command, phone=context.activity.from_property.id, now=info.now, inbound_id=context.activity.id
        )
        if refusal is not None:
            await context.send_activity(_refused(context, refusal))
            return await step.end_dialog()
        assert command is not None  # sms_sender_refusal refuses a message that is no command
        step.values.update(
            text=command.text, audience=command.audience, emergency=command.emergency, drill=command.drill
        )
        return await step.next(None)  # the PIN came with the command

    async def _ask_pin(self, step: WaterfallStepContext, options: dict[str, Any]) -> DialogTurnResult:
        """The request in plain words kept (a group we know, a text that fits), and the PIN asked for."""
        context = step.context
        info = turn_info(context)
        refusal = self._service.sms_request_refusal(info.person, options.get("text"))
        if refusal is not None:
            await context.send_activity(_refused(context, refusal))
            return await step.end_dialog()
        step.values.update(
            text=options["text"],
            audience=options.get("audience") or "school",  # as "VARSEL <PIN> text": the whole school
            emergency=bool(options.get("emergency") or options.get("drill")),
            drill=bool(options.get("drill")),
            plain=True,
        )
        if await self._prepare(context, step.values) is None:  # unknown group, too long, nobody: said before the PIN
            return await step.end_dialog()
        kind = "_drill" if step.values["drill"] else "_emergency" if step.values["emergency"] else ""
        label = audience_label(info.language, step.values["audience"])
        if options.get("wrong_left"):
            prompt = reply(context, "broadcast.sms_pin_wrong_again", left=options["wrong_left"])
        else:
            prompt = reply(context, "broadcast.sms_ask_pin" + kind, audience=label)
        retry = reply(context, "broadcast.sms_pin_retry")
        return await step.prompt(PIN_PROMPT, PromptOptions(prompt=prompt, retry_prompt=retry))

    async def _valid_pin(self, prompt: PromptValidatorContext) -> bool:
        """A PIN; an answer that is none gets the question once more in other words, and a second one ends it
        (botbuilder's attempt_count stays 0 for a TextPrompt; the options count the misses)."""
        answer = prompt.recognized.value if prompt.recognized.succeeded else None
        return read_pin(answer) is not None or getattr(prompt.options, "number_of_attempts", 0) >= 1

    async def _pin_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        context = step.context
        info = turn_info(context)
        if step.values.get("plain"):  # the answer to "Svar med PIN-koden din": checked as "VARSEL <PIN>" is
            assert info.person is not None  # sms_request_refusal let only a leader get here
            pin = read_pin(str(step.result or ""))
            if pin is None:  # no PIN after the question and its retries: nothing is sent, and how to go on
                await context.send_activity(reply(context, "broadcast.sms_pin_none"))
                return await step.end_dialog()
            refusal = await self._service.sms_pin_refusal(
                info.person,
                pin,
                phone=context.activity.from_property.id,
                now=info.now,
                inbound_id=context.activity.id,
            )
            if refusal is not None and refusal.key == "broadcast.pin_wrong":  # tries left: asked again, request kept
                keep = {k: step.values[k] for k in ("text", "audience", "emergency", "drill")}
                return await step.replace_dialog(
                    SMS_STEPS, {**keep, "plain": True, "wrong_left": refusal.values.get("left")}
                )
            if refusal is not None:
                await context.send_activity(_refused(context, refusal))
                return await step.end_dialog()
        step.values["previewed_at"] = info.now.isoformat()
        prepared = await self._prepare(context, step.values)
        if prepared is None:
            return await step.end_dialog()
        await context.send_activity(message(context, sms_preview(info.language, prepared, step.values["audience"])))
        return Dialog.end_of_turn

    async def _prepare(self, context: TurnContext, values: dict[str, Any]) -> Prepared | None:
        return await prepare_or_explain(self._service, context, values, "both")

    async def _confirm_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        context = step.context
        info = turn_info(context)
        prepared = await confirmed_or_explain(
            self._service, context, step.values, "both", send=is_yes(context.activity.text)
        )
        if prepared is None or info.person is None:
            return await step.end_dialog()
        broadcast_id = await self._service.send(
            prepared, sender_id=info.person.sourced_id, actor=info.person.sourced_id, origin="sms", now=info.now
        )
        await context.send_activity(
            reply(context, "broadcast.sms_queued", people=len(prepared.plan.recipients), id=broadcast_id)
        )
        return await step.end_dialog(broadcast_id)


# ---------------------------------------------------------------------------- acknowledgements


class AckDialog(ComponentDialog):
    """ "OK" / "mottatt" (or the card's button) to an emergency: recorded, and a short thanks."""

    def __init__(self, service: BroadcastService) -> None:
        super().__init__(ACK)
        self._service = service
        self.add_dialog(WaterfallDialog("BroadcastAckSteps", [self._ack_step]))
        self.initial_dialog_id = "BroadcastAckSteps"

    async def _ack_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = known_turn(step.context)
        wanted = (step.options or {}).get("broadcast_id")
        acked = await self._service.acknowledge(
            info.person.sourced_id, info.channel_id, info.now, broadcast_id=int(wanted) if wanted else None
        )
        key = "broadcast.ack_thanks" if acked else "broadcast.ack_nothing"
        await step.context.send_activity(reply(step.context, key))
        return await step.end_dialog(acked)


# ---------------------------------------------------------------------------- the flow


def _compose_route(text: str | None, person: PersonInfo, *, is_sms: bool) -> Route | None:
    """A broadcast to compose (a command, or staff's plain words); guardians asking for one are routed to be refused.

    By SMS a leader's phone needs a PIN: "VARSEL <PIN> …", or a plain request from a leader ("send til foresatte i
    5B: …") that is kept while the PIN is asked for; other staff are refused, guardians too.
    """
    if is_sms:
        if is_sms_command(text):
            return Route("broadcast", SMS_COMPOSE, {})
        request = read_staff_compose(text)
        if request is None:
            return None
        if not person.is_staff:
            return Route("broadcast", COMPOSE, {})
        return Route("broadcast", SMS_COMPOSE, {"plain": True, **_compose_options(text, request)})
    request = read_staff_compose(text) or read_compose(text)
    if request is None or (not request.command and not person.is_staff and request.audience is None):
        return None  # "send melding til læreren ..." from a guardian is not a broadcast
    return Route("broadcast", COMPOSE, _compose_options(text, request))


def _compose_options(text: str | None, request: ComposeRequest) -> dict[str, Any]:
    """What the compose dialogs start with: the kind, the text and the group asked for."""
    # "varsle alle om evakuering nå, det er brann" is an emergency; "send det som vanlig melding: …" never is
    emergency = request.emergency or (mentions_emergency(text) and not request.ordinary)
    return {"emergency": emergency, "drill": request.drill, "text": request.text, "audience": request.audience}


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
            if await service.awaiting_ack(person.sourced_id, info.now) is not None:
                return Route("broadcast_ack", ACK, {})
            return None
        if person.is_staff and (status := read_status_request(text)) is not None:
            return Route("broadcast_status", STATUS, {"broadcast_id": status.broadcast_id})
        if person.is_staff and asks_status(text):  # "hvordan gikk det med siste varsel?": the latest one
            return Route("broadcast_status", STATUS, {"broadcast_id": None})
        if person.is_staff and asks_who_sends(text):
            return Route("broadcast_who_sends", WHO_SENDS, {})
        return _compose_route(text, person, is_sms=info.is_sms)

    async def status(context: TurnContext, options: dict[str, Any]) -> None:
        await send_status(service, deps.settings, context, options.get("broadcast_id"))

    async def who_sends(context: TurnContext, options: dict[str, Any]) -> None:
        answer = await service.who_sends(turn_info(context).person)
        if answer is not None:
            await context.send_activity(_refused(context, answer))

    return Flow(
        name="broadcast",
        dialogs=[
            ComposeDialog(service),
            SmsComposeDialog(service),
            AckDialog(service),
            OneStepDialog(STATUS, status),
            OneStepDialog(WHO_SENDS, who_sends),
        ],
        classify=classify,
        service=service,
    )


async def send_status(
    service: BroadcastService, settings: Settings, context: TurnContext, broadcast_id: int | None
) -> None:
    """ "status" from a leader or a sender: where the broadcast stands and who is not reached yet,
    as text by SMS (a phone is all a principal may have in an emergency) and as the card in Teams."""
    info = known_turn(context)
    report = await service.status_report(info.person, broadcast_id)
    if report is None:  # not found and not theirs read the same: nothing about others' messages leaks
        await context.send_activity(reply(context, "broadcast.status.none"))
    elif info.is_sms:
        await context.send_activity(
            message(context, report_sms(info.language, report, max_segments=settings.sms_max_segments))
        )
    else:
        await context.send_activity(report_activity(info.language, report))
