"""The main dialog: greet, help, or hand the turn to the flow the message is about."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import ComponentDialog, Dialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext

from bot.texts import t
from bot.turn import turn_info
from dialogs.common import help_text, is_greeting, is_help, message, reply, wants_help


@dataclass(frozen=True)
class Route:
    """Where a message goes: a flow's dialog id with its options, or None for the main dialog itself."""

    intent: str
    dialog_id: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    # A catch-all took it (no flow claimed the message): it never outranks a question waiting for an answer.
    fallback: bool = False


Router = Callable[[TurnContext], Awaitable[Route]]
ROUTE_KEY = "skolebot.route"  # a Route already found for this turn


class MainDialog(ComponentDialog):
    """Routes each new message; flows are injected so tests and the wiring choose them."""

    def __init__(self, router: Router, flows: list[Dialog]) -> None:
        super().__init__(MainDialog.__name__)
        self._router = router
        for flow in flows:
            self.add_dialog(flow)
        self.add_dialog(WaterfallDialog("main", [self._route_step, self._done_step]))
        self.initial_dialog_id = "main"

    async def _route_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        context = step.context
        text = context.activity.text
        info = turn_info(context)
        route = context.turn_state.get(ROUTE_KEY) or await self._router(context)
        # A help keyword always gets the menu; a usage question only the model recognises only when no flow
        # claimed the message for itself (an answer to the school's question stays an answer).
        unclaimed = route.fallback or route.dialog_id is None
        helped = is_help(text) or (unclaimed and wants_help(text))
        if helped and not route.intent.startswith("urgent_"):  # "?" to "Ola er ikke på skolen" is no menu
            await context.send_activity(message(context, help_text(context)))
            return await step.end_dialog()
        if route.dialog_id is not None:
            return await step.begin_dialog(route.dialog_id, dict(route.options))
        if is_greeting(text) or route.intent == "greeting":
            name = info.person.given_name if info.person else ""
            greeting = t(info.language, "greeting", name=name) + " " + t(info.language, "greeting.help_hint")
            await context.send_activity(message(context, greeting))
            return await step.end_dialog()
        # Staff get what the bot does for them (the list, bookings, messages), not a bare "det forsto jeg ikke".
        staff = info.person is not None and info.person.is_staff
        key = ("not_understood.staff_sms" if info.is_sms else "not_understood.staff") if staff else "not_understood"
        await context.send_activity(reply(context, key))
        return await step.end_dialog()

    async def _done_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.end_dialog(step.result)
