"""Answers to a broadcast: "OK", "mottatt", "Mottatt, henter Ola og Emma kl 12", "ok, vi kommer".

Registered in bot.flows.FLOWS right after the broadcast flow and before the absence flow, so an answer
to a broadcast the person got in the last 24 hours is counted as that broadcast's acknowledgement and is
never read as an absence ("henter … kl 12"). The broadcast flow still takes a plain "OK" to an open
emergency itself; this takes the rest (everyday broadcasts, answers with more words, a second "OK").
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from bot.flows import Flow, FlowDeps
from bot.turn import known_turn, turn_info
from dialogs.common import OneStepDialog, reply
from dialogs.contact.dialogs import make_service
from dialogs.contact.understand import answers_broadcast
from dialogs.main import Route

ACK = "ContactBroadcastAnswerDialog"


def make_flow(deps: FlowDeps) -> Flow:
    """The broadcast-answer flow: its classifier looks at the database only for a message shaped like an answer."""
    service = make_service(deps)

    async def classify(context: TurnContext) -> Route | None:
        info = turn_info(context)
        person = info.person
        text = context.activity.text
        if person is None or not answers_broadcast(text, emergency=True):
            return None
        recent = await service.answerable_broadcast(person, info.now)
        if recent is None or not answers_broadcast(text, emergency=recent.emergency):
            return None
        return Route("broadcast_answer", ACK, {"broadcast_id": recent.id, "again": recent.acknowledged})

    async def acknowledge(context: TurnContext, options: dict[str, Any]) -> None:
        info = known_turn(context)
        await service.store.acknowledge(int(options["broadcast_id"]), info.person.sourced_id, info.channel_id)
        key = "contact.broadcast_ack.again" if options.get("again") else "contact.broadcast_ack"
        await context.send_activity(reply(context, key))

    return Flow(name="contact.acks", dialogs=[OneStepDialog(ACK, acknowledge)], classify=classify)
