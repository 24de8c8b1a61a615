"""The dialogs of corrections: carry one out ("feil, det var i morgen"), and ask before withdrawing ("avbryt").

The guardian's reply comes first, then the notices to the contact teachers (one each per change).
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import ComponentDialog, Dialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext

from bot.texts import t
from bot.turn import known_turn, turn_info
from dialogs.absence import correction_render, render
from dialogs.absence.correction_parse import CorrectionRequest
from dialogs.absence.corrections import APPLY, CONFIRM, Corrections
from dialogs.absence.results import Caller
from dialogs.common import AnswerChoicePrompt, OneStepDialog, choice_options, message

# Yes and no to "Vil du trekke tilbake fraværet …?" besides the titles, in our three languages.
YES_WORDS = ["ja", "jo", "jepp", "ok", "yes", "yep", "ja takk", "gjør det", "gjer det", "trekk tilbake", "slett"]
NO_WORDS = ["nei", "no", "nope", "nei takk", "ikke", "ikkje", "behold", "la det stå", "keep it"]
_PROMPT = "WithdrawConfirmPrompt"


def _caller(context: TurnContext) -> Caller:
    turn = known_turn(context)
    return Caller(person=turn.person, now=turn.now, channel=turn.channel_id)


class WithdrawConfirmDialog(ComponentDialog):
    """ "avbryt" right after a report: "Vil du trekke tilbake fraværet for Ola i dag, …?" Ja withdraws, nei keeps."""

    def __init__(self, corrections: Corrections) -> None:
        super().__init__(CONFIRM)
        self._corrections = corrections
        self.add_dialog(AnswerChoicePrompt(_PROMPT))
        self.add_dialog(WaterfallDialog("confirm", [self._ask, self._decide]))
        self.initial_dialog_id = "confirm"

    async def _ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["asked"] = dict(step.options or {})
        ask = await self._corrections.asked(_caller(step.context), step.values["asked"])
        if not ask.ids:
            return await step.end_dialog()
        lang = turn_info(step.context).language
        when = render.when(lang, ask.dates, _caller(step.context).today)
        children = render.names(lang, [render.label(c) for c in ask.children])
        return await step.prompt(
            _PROMPT,
            choice_options(
                step.context,
                "corrections.confirm_withdraw",
                [t(lang, "yes"), t(lang, "no")],
                synonyms=[YES_WORDS, NO_WORDS],
                children=children,
                when=when,
            ),
        )

    async def _decide(self, step: WaterfallStepContext) -> DialogTurnResult:
        caller = _caller(step.context)
        lang = turn_info(step.context).language
        ask = await self._corrections.asked(caller, step.values["asked"])
        if step.result is None or step.result.index != 0:
            await step.context.send_activity(message(step.context, correction_render.kept(lang, ask, caller.today)))
            return await step.end_dialog()
        result = await self._corrections.withdraw(caller, ask.ids)
        await step.context.send_activity(message(step.context, correction_render.outcome(lang, result, caller.today)))
        await self._corrections.service.deliver(getattr(result, "notices", ()))
        return await step.end_dialog()


def correction_dialogs(corrections: Corrections) -> list[Dialog]:
    """The dialog that carries out a correction, and the one that asks before withdrawing."""

    async def apply(context: TurnContext, options: dict[str, Any]) -> None:
        caller = _caller(context)
        result = await corrections.apply(caller, CorrectionRequest.from_json(options["request"]))
        text = correction_render.outcome(turn_info(context).language, result, caller.today)
        await context.send_activity(message(context, text))
        await corrections.service.deliver(getattr(result, "notices", ()))

    return [OneStepDialog(APPLY, apply), WithdrawConfirmDialog(corrections)]
