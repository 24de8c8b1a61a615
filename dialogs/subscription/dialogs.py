"""Opt-out and opt-in written as sentences: "please stop texting me", "eg vil ha meldingar igjen".

The exact keywords (STOPP, STOP, START, ...) are acted on at once by SchoolBot, as Twilio's rules
want. A sentence that opts out is asked about once ("Vil du slutte å få SMS fra skolen? Svar JA
...") and acted on when the answer is yes in the person's own words; an opt-in in words is acted
on at once, since it only brings the school's messages back. Nothing of the message is kept.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.choices import ListStyle

from bot.flows import Flow, FlowDeps
from bot.texts import t
from bot.turn import known_turn, turn_info
from bot.understanding.learned import usage_of
from dialogs.common import AnswerChoicePrompt, OneStepDialog, choice_options, reply
from dialogs.main import Route
from storage.people import People

CONFIRM_STOP = "SmsStopConfirmDialog"
START = "SmsStartDialog"
_PROMPT = "SmsStopPrompt"
# Yes and no to "Vil du slutte å få SMS fra skolen?" besides the titles, in our three languages.
YES_WORDS = ["ja", "jo", "jepp", "ok", "yes", "yep", "ja takk", "yes please", "gjør det", "gjer det", "meld meg av"]
NO_WORDS = ["nei", "no", "nope", "nei takk", "no thanks", "ikke", "ikkje", "behold", "fortsett"]


def opt_in_or_out(text: str | None) -> str | None:
    """'stop' or 'start' when a message asks to opt out of SMS or back in (keywords with filler or sentences)."""
    if not (text or "").strip():
        return None
    intent = usage_of(text or "")
    return intent if intent in {"stop", "start"} else None


class StopConfirmDialog(ComponentDialog):
    """An opt-out in words: one question; yes opts out of SMS (emergencies may still come), no keeps it."""

    def __init__(self, people: People) -> None:
        super().__init__(CONFIRM_STOP)
        self._people = people
        self.add_dialog(AnswerChoicePrompt(_PROMPT))
        self.add_dialog(WaterfallDialog("confirm", [self._ask, self._decide]))
        self.initial_dialog_id = "confirm"

    async def _ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = turn_info(step.context)
        lang = info.language
        options = choice_options(
            step.context, "sms.stop_confirm", [t(lang, "yes"), t(lang, "no")], synonyms=[YES_WORDS, NO_WORDS]
        )
        if info.is_sms:
            options.style = ListStyle.none  # the question says "Svar JA"; no number line on a phone
        return await step.prompt(_PROMPT, options)

    async def _decide(self, step: WaterfallStepContext) -> DialogTurnResult:
        person = known_turn(step.context).person
        if step.result is None or step.result.index != 0:
            await step.context.send_activity(reply(step.context, "sms.stop_kept"))
            return await step.end_dialog()
        await self._people.set_sms_opt_out(person.sourced_id, True)
        await step.context.send_activity(reply(step.context, "sms.stopped"))
        return await step.end_dialog()


def make_flow(deps: FlowDeps) -> Flow:
    """The subscription flow: opt-outs in words are confirmed first, opt-ins in words are acted on."""

    async def classify(context: TurnContext) -> Route | None:
        if turn_info(context).person is None or isinstance(context.activity.value, dict):
            return None
        wanted = opt_in_or_out(context.activity.text)
        if wanted == "stop":
            return Route("stop", CONFIRM_STOP)
        if wanted == "start":
            return Route("start", START)
        return None

    async def start(context: TurnContext, options: dict[str, Any]) -> None:
        await deps.people.set_sms_opt_out(known_turn(context).person.sourced_id, False)
        await context.send_activity(reply(context, "sms.started"))

    return Flow(
        name="subscription",
        dialogs=[StopConfirmDialog(deps.people), OneStepDialog(START, start)],
        classify=classify,
    )
