"""Where the urgent case meets a turn: which messages open one, add to one or resolve one, and the
one-step dialogs that do it. Runs before the rest of the absence flow's classifier, so an answer that
says the child should be at school is never closed as explained and never "forsto jeg ikke".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import Dialog

from bot.flows import Flow, FlowDeps
from bot.texts import t
from bot.turn import known_turn, turn_info
from dialogs.absence import render as absence_render
from dialogs.absence.dialogs import make_service
from dialogs.absence.results import Caller
from dialogs.absence.safety import portions, read_alarm, read_answer
from dialogs.absence.service import AbsenceService
from dialogs.absence.urgent import Raised, Resolution, UrgentService, named_children
from dialogs.common import OneStepDialog, message
from dialogs.main import Route
from storage.absences import Followup
from storage.domain import UrgentSignal
from storage.people import ChildInfo, PersonInfo
from storage.urgent_cases import UrgentCases

URGENT_RAISE = "UrgentRaiseDialog"
URGENT_ADD = "UrgentAdditionDialog"
URGENT_RESOLVE = "UrgentResolveDialog"

# Requests that are plainly something else even while a question or a case is open, unless they sound an alarm.
_PASS_ON = frozenset({"weekplan", "booking", "broadcast", "help", "stop", "start"})
_UNCLEAR = (UrgentSignal.UNCLEAR.value,)
_TAIL = r"\s*(?:[,.;:!?\n\u2013-].*)?$"  # "Ola er funnet, han var i gymsalen": what follows is not kept
_RESOLVE = re.compile(
    r"^\s*/?(?:(?:vi|jeg|eg|me|we|i)\s+(?:har\s+|have\s+|'ve\s+)?)?"
    r"(?:funnet|funne|funnen|fant|fann|found|løst|løyst|resolved?|solved)\b[\s:,.!-]*(?P<name>[^,.;:!?\n]*?)" + _TAIL,
    re.I | re.S,
)
# Words that may follow "har kommet" before the rest of the sentence: "nå", "til skolen", "i klassen".
_AFTER = (
    r"(?:\s+(?:nå|no|now|nettopp|akkurat|fram|frem|tilbake|back|til\s+skolen|til\s+skulen|på\s+skolen|på\s+skulen|"
    r"i\s+klassen|i\s+timen|to\s+school|to\s+class|in\s+class))*"
)
# Looser words ("Nora har kommet nå", "Ola dukket opp"): a resolution only when an open case's child is named.
_ARRIVED = re.compile(
    r"^\s*(?P<name>[^\W\d_][\w '-]*?)\s+(?:har|er|e|has|is)\s+(?:nå\s+|no\s+|now\s+|just\s+)?"
    r"(?:kommet|komme|kome|komen|dukket\s+opp|dukka\s+opp|arrived|turned\s+up|shown\s+up|"
    r"i\s+klassen|i\s+timen|in\s+class)\b"
    + _AFTER
    + _TAIL
    + r"|^\s*(?P<name2>[^\W\d_][\w '-]*?)\s+(?:dukket|dukka|kom)\s+(?:nettopp\s+|akkurat\s+)?(?:opp|fram|frem)\b"
    + _AFTER
    + _TAIL,
    re.I | re.S,
)
_RESOLVE_AFTER = re.compile(
    r"^\s*(?P<name>[^\W\d_][\w '-]*?)\s+(?:er|e|is|has\s+been|was)\s+"
    r"(?:funnet|funne|funnen|found|på\s+skolen|på\s+skulen|at\s+school|in\s+school|her|here|trygg|safe)\b" + _TAIL,
    re.I | re.S,
)
_LIST = re.compile(
    r"^\s*/?(?:hastesaker|hastesak|opne\s+hastesaker|åpne\s+hastesaker|urgent(?:\s+cases)?)\s*\??\s*$"
    # "hvilke hastesaker er åpne?", "er det noen åpne hastesaker?", "any open urgent cases?"
    r"|^(?=[^\n]{0,80}$)[^\n]*\b(?:hastesak(?:er|ene|en)?|urgent\s+cases?)\b",
    re.I,
)


def _caller(context: TurnContext) -> Caller:
    turn = known_turn(context)
    return Caller(person=turn.person, now=turn.now, channel=turn.channel_id)


def _staff_route(text: str, value: dict[str, Any]) -> Route | None:
    """The card's button, "funnet Ola" / "Ola er funnet" / "løst Ola", and "hastesaker" for the open list."""
    if value.get("skolebot") == "urgent_resolve" and str(value.get("case_id", "")).isdigit():
        return Route("urgent_resolve", URGENT_RESOLVE, {"case_id": int(value["case_id"])})
    m = _RESOLVE.match(text) or _RESOLVE_AFTER.match(text)
    if m and not _LIST.match(m.group("name")):
        return Route("urgent_resolve", URGENT_RESOLVE, {"name": m.group("name"), "found": True})
    if _LIST.match(text):
        return Route("urgent_resolve", URGENT_RESOLVE, {"name": ""})
    loose = _ARRIVED.match(text)
    if loose:
        return Route(
            "urgent_resolve", URGENT_RESOLVE, {"name": loose.group("name") or loose.group("name2"), "loose": True}
        )
    return None


async def _intent(absence: AbsenceService, person: PersonInfo, text: str, context: TurnContext) -> str:
    kids = await absence.children(person) if person.is_guardian else []
    return (await absence.understand(text, turn_info(context).now, kids, learned=False)).intent


async def _addition_route(
    urgent: UrgentService, absence: AbsenceService, context: TurnContext, text: str
) -> Route | None:
    """While a case this person raised is open, whatever they write next goes to the same staff."""
    person = known_turn(context).person
    cases = await urgent.open_cases_of(person, turn_info(context).now)
    if not cases:
        return None
    named = named_children(text, await urgent.linked_children(person), default_all=False)
    if named and not {c.person.sourced_id for c in named} & {c.student_id for c in cases}:
        return None  # "Emma er forresten syk i dag" while Ola's case is open: a request of its own
    w = read_answer(text)
    if w.signals == _UNCLEAR and await _intent(absence, person, text, context) in _PASS_ON:
        return None
    signals = [s for s in w.signals if s != UrgentSignal.UNCLEAR.value] if w.reason else list(w.signals)
    return Route(
        "urgent_addition", URGENT_ADD, {"case_ids": [c.id for c in cases], "signals": signals, "reason": w.reason}
    )


async def _followup_route(
    urgent: UrgentService, absence: AbsenceService, context: TurnContext, text: str
) -> Route | None:
    """An answer to the same-day question that is not a clear reason opens an urgent case."""
    person = known_turn(context).person
    kids = await absence.children(person) if person.is_guardian else []
    if not kids:
        return None
    now = turn_info(context).now
    followups = [f for kid in kids if (f := await absence.open_followup(person, [kid], now)) is not None]
    if not followups:
        return None
    if len(followups) > 1:
        return await _several_route(absence, followups, kids, text)
    followup = followups[0]
    w = read_answer(text)
    if w.clear or (w.signals == _UNCLEAR and await _intent(absence, person, text, context) in _PASS_ON):
        return None  # a clear reason: the follow-up dialog explains the absence, as before
    options = {
        "student_ids": [followup.absence.student_id],
        "signals": list(w.signals),
        "absence_id": followup.absence.id,
    }
    return Route("urgent_raise", URGENT_RAISE, options)


async def _several_route(
    absence: AbsenceService, followups: list[Followup], kids: Sequence[ChildInfo], text: str
) -> Route | None:
    """Several children asked about: each child's words are read on their own ("Emma er syk, men Ola tok
    bussen!"); the ones that should be at school become urgent and the clear reasons are explained with them."""
    first = {k.person.sourced_id: k.person.given_name for k in kids}
    said = portions(text, [first.get(f.absence.student_id, "") for f in followups])
    urgent_ids: list[str] = []
    signals: list[str] = []
    explain: list[dict[str, Any]] = []
    for f in followups:
        words = said.get(first.get(f.absence.student_id, ""))
        if words is None:
            continue  # not about this child: that question stays open
        w = read_answer(words)
        if w.clear and w.reason is not None:
            explain.append({"absence_id": f.absence.id, "reason": w.reason})
        else:
            urgent_ids.append(f.absence.student_id)
            signals += [s for s in w.signals if s not in signals]
    if not urgent_ids:
        return None  # clear reasons only: the follow-up dialog explains them, as before
    absence_of = {f.absence.student_id: f.absence.id for f in followups}
    options = {"each": [[sid, absence_of[sid]] for sid in urgent_ids], "signals": signals, "explain": explain}
    return Route("urgent_raise", URGENT_RAISE, options)


async def _alarm_route(urgent: UrgentService, context: TurnContext, text: str) -> Route | None:
    """ "Ola har ikke kommet hjem!" with no question open: to the staff, from a guardian or a relative."""
    person = known_turn(context).person
    children = await urgent.linked_children(person)
    if not children:
        return None
    signal = read_alarm(text, [c.person.given_name for c in children])
    chosen = named_children(text, children)
    if signal is None:
        # Another guardian or relative asking about a child whose case is open ("Hilde sier Ola ikke er på
        # skolen?? hva skjer") joins it rather than being read as a new absence report.
        open_ids = {c.student_id for c in await urgent.cases.open_cases()}
        w = read_answer(text)
        if w.clear or w.signals == _UNCLEAR or not any(c.person.sourced_id in open_ids for c in chosen):
            return None
        chosen = [c for c in chosen if c.person.sourced_id in open_ids]
        signal = w.signals[0]
    return Route(
        "urgent_alarm", URGENT_RAISE, {"student_ids": [c.person.sourced_id for c in chosen], "signals": [signal]}
    )


async def urgent_route(urgent: UrgentService, absence: AbsenceService, context: TurnContext) -> Route | None:
    """Claims resolve commands from staff, and from anyone else: additions to an open case, answers that
    say the child should be at school, and alarms. None leaves the message to the rest of the flow."""
    info = turn_info(context)
    person = info.person
    if person is None:
        return None
    value = context.activity.value if isinstance(context.activity.value, dict) else {}
    text = context.activity.text or ""
    if person.is_staff:
        route = _staff_route(text, value)
        if route is not None and route.options.get("loose") and not await urgent.names_open_case(route.options["name"]):
            return None  # "Ola har kommet" with no case about Ola is not about a missing child
        return route
    if not text.strip():
        return None
    return (
        await _addition_route(urgent, absence, context, text)
        or await _followup_route(urgent, absence, context, text)
        or await _alarm_route(urgent, context, text)
    )


def _guardian_line(lang: str, result: Raised, *, added: bool) -> str:
    """One short line: the school is checking now and will call (a relative learns nothing about the child)."""
    if result.relative:
        return t(lang, "safety.relative_ack")
    if added:  # the first further message, then a line that does not repeat it word for word
        return t(lang, "safety.guardian_addition" if result.additions <= 1 else "safety.guardian_addition_again")
    names = [c.person.given_name for c in result.children]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + (" and " if lang == "en" else " og ") + names[-1]
    return t(lang, "safety.guardian_checking", child=joined)


def _resolution_text(lang: str, result: Resolution) -> str:
    child = result.child
    label = {"child": child.person.name, "klass": child.class_name or "-"} if child else {}
    if result.outcome == "resolved":
        return t(lang, "safety.resolved_reply", **label)
    if result.outcome == "already":
        return t(lang, "safety.already_resolved", **label)
    if result.outcome == "which":
        return t(lang, "safety.resolve_which", cases=", ".join(result.labels), example=result.labels[0])
    if result.outcome == "list":
        cases = ", ".join(result.labels)
        return t(lang, "safety.open_cases", cases=cases) if cases else t(lang, "safety.open_cases_none")
    return t(lang, "safety.resolve_none", name=result.name or "-")


def urgent_dialogs(urgent: UrgentService, absence: AbsenceService) -> list[Dialog]:
    """Open or join a case, add to it, resolve it: each one step, the staff told before the sender's reply."""

    async def raise_case(context: TurnContext, options: dict[str, Any]) -> None:
        each = options.get("each") or [[sid, options.get("absence_id")] for sid in options["student_ids"]]
        raised = [
            await urgent.raise_case(_caller(context), [sid], options["signals"], absence_id=aid) for sid, aid in each
        ]
        result = Raised(
            tuple(c for r in raised for c in r.children),
            any(r.relative for r in raised),
            tuple(n for r in raised for n in r.notices),
        )
        await urgent.deliver(result.notices)  # safety first: the staff before the sender's own reply
        lang = turn_info(context).language
        lines = [_guardian_line(lang, result, added=False)]
        for item in options.get("explain", []):  # another child's clear reason in the same answer
            explained = await absence.explain(_caller(context), int(item["absence_id"]), str(item["reason"]))
            if explained is not None:
                await absence.deliver(explained.notices)
            lines.append(absence_render.explained(lang, explained))
        await context.send_activity(message(context, " ".join(lines)))

    async def add(context: TurnContext, options: dict[str, Any]) -> None:
        result = await urgent.add(_caller(context), options["case_ids"], options["signals"], options.get("reason"))
        await urgent.deliver(result.notices)
        await context.send_activity(message(context, _guardian_line(turn_info(context).language, result, added=True)))

    async def resolve(context: TurnContext, options: dict[str, Any]) -> None:
        caller = _caller(context)
        if "case_id" in options:
            result = await urgent.resolve(caller, int(options["case_id"]))
        else:
            name = str(options.get("name") or "")
            result = await urgent.resolve_by_name(caller, name, found=bool(options.get("found")))
        await context.send_activity(message(context, _resolution_text(turn_info(context).language, result)))
        await urgent.deliver(result.notices)

    return [
        OneStepDialog(URGENT_RAISE, raise_case),
        OneStepDialog(URGENT_ADD, add),
        OneStepDialog(URGENT_RESOLVE, resolve),
    ]


__all__ = ["URGENT_ADD", "URGENT_RAISE", "URGENT_RESOLVE", "make_flow", "urgent_dialogs", "urgent_route"]


def make_flow(deps: FlowDeps) -> Flow:
    """The safety part of the absence flow as a flow of its own, so it sees a message before any other flow."""
    urgent = UrgentService(
        cases=UrgentCases(deps.db, deps.clock), people=deps.people, notifier=deps.notifier, clock=deps.clock
    )
    absence = make_service(deps)

    async def classify(context: TurnContext) -> Route | None:
        return await urgent_route(urgent, absence, context)

    return Flow(name="safety", dialogs=urgent_dialogs(urgent, absence), classify=classify, service=urgent)
