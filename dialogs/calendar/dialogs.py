"""Calendar questions from anyone, on any channel: "er det skole i morgen?", "når begynner juleferien?".

One question, one line back, from the school calendar (terms and public holidays); nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from botbuilder.core import TurnContext

from bot.flows import Flow, FlowDeps
from bot.turn import known_turn, turn_info
from dialogs.calendar.render import answer_text
from dialogs.calendar.service import CalendarService
from dialogs.calendar.understand import CalendarQuestion, read_question
from dialogs.common import OneStepDialog, message
from dialogs.main import Route

ANSWER = "CalendarAnswerDialog"


def _question_options(question: CalendarQuestion) -> dict[str, Any]:
    """The question as plain values for dialog options."""
    return {
        "kind": question.kind,
        "first": question.first.isoformat() if question.first else None,
        "last": question.last.isoformat() if question.last else None,
        "asks_free": question.asks_free,
        "break_name": question.break_name,
    }


def _question_of(options: dict[str, Any]) -> CalendarQuestion:
    return CalendarQuestion(
        kind=options["kind"],
        first=dt.date.fromisoformat(options["first"]) if options.get("first") else None,
        last=dt.date.fromisoformat(options["last"]) if options.get("last") else None,
        asks_free=bool(options.get("asks_free")),
        break_name=options.get("break_name"),
    )


def make_flow(deps: FlowDeps) -> Flow:
    """The calendar flow: a classifier for calendar questions and a one-step answer."""
    service = CalendarService(deps.calendar)

    async def classify(context: TurnContext) -> Route | None:
        info = turn_info(context)
        if info.person is None:
            return None
        question = read_question(context.activity.text, info.now, await deps.calendar())
        if question is None:
            return None
        return Route("calendar", ANSWER, _question_options(question))

    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        turn = known_turn(context)
        question = _question_of(options)
        result = await service.answer(question, turn.now.date())
        await context.send_activity(message(context, answer_text(turn.language, question, result, turn.now.date())))

    return Flow(name="calendar", dialogs=[OneStepDialog(ANSWER, answer)], classify=classify, service=service)
