"""The way to a human, and the social turns: the last flow, taking what no other flow claimed.

"takk" / "ok" / "👍" get one line back (naming the child reported ill today); greetings go to the main
dialog's greeting; a guardian's (or pupil's) question, complaint or "kan læreren ringe meg?" is forwarded
to the contact teacher, the office or the leaders, with a one-line promise saying who will get back (and,
by SMS, the school's number); unreadable text gets the not-understood line with two examples.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import ChoicePrompt, PromptValidatorContext

from bot.flows import Flow, FlowDeps
from bot.school_phone import school_phone
from bot.texts import t
from bot.turn import KnownTurn, known_turn, turn_info
from dialogs.common import OneStepDialog, choice_options, message
from dialogs.contact import render
from dialogs.contact.service import ContactService
from dialogs.contact.understand import Addressee, addressee, is_readable, social_kind
from dialogs.main import Route
from storage.absences import Absences
from storage.contact import ContactStore
from storage.people import ChildInfo

SOCIAL = "ContactSocialDialog"
FORWARD = "ContactForwardDialog"
NOT_UNDERSTOOD = "ContactNotUnderstoodDialog"
CHILD_PROMPT = "ContactChildPrompt"


def make_service(deps: FlowDeps) -> ContactService:
    """The contact service over the app's roster, notifier and database (the ack flow builds its own too)."""
    return ContactService(
        people=deps.people,
        notifier=deps.notifier,
        store=ContactStore(deps.db),
        absences=Absences(deps.db, deps.clock),
        phone=lambda: school_phone(deps.settings.school_phone, deps.db),
    )


async def _phone_line(service: ContactService, info: KnownTurn, line: str, *, always: bool = False) -> str:
    """The line with "Haster det, ring skolen på …" added by SMS (or `always`), when the school has a number."""
    if not (info.is_sms or always):
        return line
    return render.with_phone(info.language, line, await service.phone())


class ForwardDialog(ComponentDialog):
    """Forward the message now, or first ask which child it is about when that changes who gets it."""

    def __init__(self, service: ContactService) -> None:
        super().__init__(FORWARD)
        self._service = service
        self.add_dialog(ChoicePrompt(CHILD_PROMPT, self._settled))
        self.add_dialog(WaterfallDialog("ContactForwardSteps", [self._plan_step, self._chosen_step]))
        self.initial_dialog_id = "ContactForwardSteps"

    @staticmethod
    async def _settled(prompt: PromptValidatorContext) -> bool:
        """An answer naming a child; after one answer that names none, the question is not asked a third
        time: the message goes to every child's teacher instead (never a dead end)."""
        # botbuilder's attempt_count stays 0 for a ChoicePrompt; the options count the misses
        return bool(prompt.recognized.succeeded) or getattr(prompt.options, "number_of_attempts", 0) >= 1

    async def _plan_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        context = step.context
        info = known_turn(context)
        text = context.activity.text or ""
        kids = await self._service.children(info.person)
        to = addressee(text)
        plan = await self._service.plan(info.person, kids, text, to)
        if not plan.ask:
            await self._send(context, plan.children, to, text)
            return await step.end_dialog()
        self._service.hold(info.person.sourced_id, text, info.now)  # in memory only, never in dialog state
        step.values.update(addressee=to, ask=[k.person.sourced_id for k in plan.ask])
        names = [k.person.given_name for k in plan.ask]
        every = t(info.language, "contact.both" if len(names) == 2 else "contact.all")
        synonyms = [[k.person.name, k.person.family_name] for k in plan.ask] + [
            ["begge", "begge to", "alle", "both", "all", "all of them", "everyone"]
        ]
        options = choice_options(
            context, "contact.ask_child", [*names, every], synonyms=synonyms, names=render.either(info.language, names)
        )
        return await step.prompt(CHILD_PROMPT, options)

    async def _chosen_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = known_turn(step.context)
        asked: list[str] = list(step.values["ask"])
        index = getattr(step.result, "index", len(asked))
        chosen = asked if index >= len(asked) else [asked[index]]
        kids = [k for k in await self._service.children(info.person) if k.person.sourced_id in chosen]
        text = self._service.take(info.person.sourced_id, info.now)
        await self._send(step.context, kids, step.values["addressee"], text)
        return await step.end_dialog()

    async def _send(
        self, context: TurnContext, children: list[ChildInfo] | tuple[ChildInfo, ...], to: Addressee, text: str | None
    ) -> None:
        info = known_turn(context)
        done = await self._service.forward(info.person, children, to, text, info.channel_id)
        line = render.promise(info.language, done.kind, done.recipients, done.classes)
        await context.send_activity(
            message(context, await _phone_line(self._service, info, line, always=not done.recipients))
        )


def make_flow(deps: FlowDeps) -> Flow:
    """The contact flow; keep it last in bot.flows.FLOWS: it takes what every other flow left."""
    service = make_service(deps)

    async def classify(context: TurnContext) -> Route | None:
        info = turn_info(context)
        person = info.person
        text = context.activity.text or ""
        if person is None or not text.strip() or isinstance(context.activity.value, dict):
            return None
        kind = social_kind(text)
        if kind == "greeting":
            return Route("greeting")  # the main dialog greets by name
        if kind is not None:
            return Route("social", SOCIAL, {"kind": kind}, fallback=True)
        if person.is_staff:
            return None  # staff requests are the other flows' (and the main dialog's) business
        if is_readable(text):
            return Route("contact", FORWARD, {}, fallback=True)
        return Route("not_understood", NOT_UNDERSTOOD, {}, fallback=True)

    async def social(context: TurnContext, options: dict[str, Any]) -> None:
        info = known_turn(context)
        ill = await service.get_well(info.person, info.now.date())
        await context.send_activity(message(context, render.social_line(info.language, options["kind"], ill)))

    async def not_understood(context: TurnContext, options: dict[str, Any]) -> None:
        info = known_turn(context)
        kids = await service.children(info.person)
        line = render.not_understood(info.language, kids[0].person.given_name if kids else None)
        await context.send_activity(message(context, await _phone_line(service, info, line)))

    return Flow(
        name="contact",
        dialogs=[ForwardDialog(service), OneStepDialog(SOCIAL, social), OneStepDialog(NOT_UNDERSTOOD, not_understood)],
        classify=classify,
        service=service,
    )
