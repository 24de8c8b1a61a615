"""One yes/no question before acting on an unsure reading (issue 17): "Har jeg forstått riktig: Ola borte i dag,
mandag 30. november, sykdom? Svar JA eller NEI".

A report or leave application whose parse is complete (child, days, a leave request's reason) but whose
`confidence` is below SKOLEBOT_CONFIRM_BELOW states the reading first; yes acts on it as before, no
records nothing and asks what they meant. A new message instead of an answer starts over (SchoolBot).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallStepContext
from botbuilder.dialogs.choices import ListStyle

from bot.texts import t
from bot.turn import turn_info
from bot.understanding import Understanding
from bot.understanding.types import AWAY_INTENTS
from dialogs.absence import perchild_render
from dialogs.absence.render import names, reason_suffix, when
from dialogs.common import choice_options, reply
from storage.people import ChildInfo

ASKED = "confirm_asked"  # in step.values: the question was asked, so the next step reads its answer


def needs_confirmation(u: Mapping[str, Any], threshold: float) -> bool:
    """A complete report or leave parse (nothing left to ask) that is less sure than the threshold."""
    return (
        u.get("intent") in AWAY_INTENTS
        and bool(u.get("students"))
        and bool(u.get("dates"))
        and not u.get("missing")
        and float(u.get("confidence", 1.0)) < threshold
    )


def reading(lang: str, u: Understanding, kids: Sequence[ChildInfo], today: dt.date) -> str:
    """The parse in words: "Ola borte i dag, mandag 30. november, sykdom"; one group per set of details."""
    given = {k.person.sourced_id: k.person.given_name for k in kids}
    groups = []
    for one in u.per_child():
        who = [given[s] for s in one.students if s in given]
        if who:
            reason = reason_suffix(lang, one.reason or u.reason)
            groups.append(perchild_render.part(lang, one, names(lang, who), when(lang, one.dates, today), reason))
    return t(lang, "perchild.part_separator").join(groups)


def question(lang: str, u: Understanding, kids: Sequence[ChildInfo], today: dt.date) -> tuple[str, dict[str, str]]:
    """The catalogue key of the question and its values, for a report or a leave application."""
    if u.intent == "leave_request":
        given = [k.person.given_name for k in kids if k.person.sourced_id in u.students]
        values = {
            "children": names(lang, given),
            "when": when(lang, u.dates, today),
            "reason": reason_suffix(lang, u.reason),
        }
        return "confirm.leave", values
    return "confirm.absence", {"reading": reading(lang, u, kids, today)}


async def ask(step: WaterfallStepContext, prompt_id: str, kids: Sequence[ChildInfo]) -> DialogTurnResult:
    """Ask whether the reading in step.values["u"] is right (Ja/Nei; in the person's own words too)."""
    info = turn_info(step.context)
    u = Understanding.from_json(step.values["u"])
    key, values = question(info.language, u, kids, info.now.date())
    options = choice_options(step.context, key, [t(info.language, "yes"), t(info.language, "no")])
    options.prompt = options.retry_prompt = reply(step.context, key, **values)
    if info.is_sms:
        options.style = ListStyle.none  # the question says "Svar JA eller NEI"; no number line on a phone
    step.values[ASKED] = True
    return await step.prompt(prompt_id, options)


async def refused(step: WaterfallStepContext) -> bool:
    """After the question: True (and the dialog told them nothing was recorded) when the answer was no."""
    if not step.values.pop(ASKED, False):
        return False
    if step.result is not None and step.result.index == 0:
        return False
    await step.context.send_activity(reply(step.context, "confirm.dropped"))
    return True
