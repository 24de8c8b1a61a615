"""Which messages the absence flow claims and where each goes: card submits, staff commands,
answers to the same-day question, corrections, reports and leave applications.

The classifier runs before any dialog; it reads the text, never keeps it: a follow-up answer
goes into dialog state as its reason category only.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from botbuilder.core import TurnContext

from bot.turn import turn_info
from bot.understanding import classify_reason, resolve_children
from bot.understanding.clock import arrival_time
from bot.understanding.types import AWAY_INTENTS
from dialogs.absence.corrections import Corrections
from dialogs.absence.leave_words import read_named_decision
from dialogs.absence.missing_words import read_missing_sentence
from dialogs.absence.questions import read_pupil_question, read_staff_question
from dialogs.absence.results import Caller
from dialogs.absence.service import AbsenceService, as_child
from dialogs.main import Route
from storage.absences import Followup
from storage.people import ChildInfo, PersonInfo

# The flow's dialogs a message may start.
REPORT = "AbsenceReportDialog"
LEAVE = "LeaveApplicationDialog"
FOLLOWUP = "AbsenceFollowupDialog"
TEACHER = "AbsenceTeacherDialog"
DECIDE = "LeaveDecisionDialog"
REGISTER_CARD = "AbsenceRegisterCardDialog"

_LIST = re.compile(r"^\s*(?:/)?(?:fravær|fråvær|fravaer|absences?)\b\s*(?P<klass>\d[a-zæøå]?)?\s*$", re.I)
_REGISTER = re.compile(r"^\s*(?:borte|mangler|fraværende|fråverande|missing)\s*[:\-]\s*(?P<names>.+)$", re.I | re.S)
_DECIDE = re.compile(
    r"^\s*(?P<verb>innvilg|innvilge|godkjenn|avslå|avslaa|grant|refuse)\w*\s+(?:søknad\s*)?(?:nr\.?\s*)?(?P<id>\d+)\s*$",
    re.I,
)
_PASS_ON = frozenset({"weekplan", "booking", "broadcast", "help", "stop", "start"})


def _card_route(value: dict[str, Any], person: PersonInfo) -> Route | None:
    """A submit from the class-list card (staff) or a leave decision card."""
    if value.get("skolebot") == "register_missing" and person.is_staff:
        missing = [
            key.split(":", 1)[1]
            for key, ticked in value.items()
            if key.startswith("missing:") and str(ticked).lower() == "true"
        ]
        return Route("absence_register", REGISTER_CARD, {"class_id": value.get("class_id"), "missing": missing})
    if value.get("skolebot") == "leave_decision":
        return Route(
            "leave_decision", DECIDE, {"request_id": value.get("request_id"), "granted": bool(value.get("granted"))}
        )
    return None


def _staff_route(text: str) -> Route | None:
    """Staff commands: grant/refuse an application, list the day's absences, register who is missing."""
    if m := _DECIDE.match(text):
        granted = m.group("verb").lower().startswith(("innvilg", "godkjenn", "grant"))
        return Route("leave_decision", DECIDE, {"request_id": int(m.group("id")), "granted": granted})
    if named := read_named_decision(text):  # "innvilg søknaden for Emma"
        return Route("leave_decision", DECIDE, {"name": named.name, "granted": named.granted})
    if m := _LIST.match(text):
        return Route("absence_list", TEACHER, {"action": "list", "klass": m.group("klass")})
    if m := _REGISTER.match(text):
        found = [n.strip() for n in re.split(r"[,;\n]| og | and ", m.group("names")) if n.strip()]
        return Route("absence_register", TEACHER, {"action": "register", "names": found})
    if q := read_staff_question(text):  # "hvem er borte i dag?", "hvor mange er syke i dag?"
        options = {"action": q.action, "klass": q.klass, "days_ahead": q.days_ahead, "week": q.week}
        return Route("absence_list", TEACHER, options)
    return None


async def _missing_sentence_route(service: AbsenceService, text: str) -> Route | None:
    """ "Ola og Nora er ikke kommet", "har ikke sett Emma i dag": a registration, when the names are pupils'."""
    names = read_missing_sentence(text)
    if not names:
        return None
    first_names = await service.people.pupil_first_names()
    if not all(n.split()[0].lower() in first_names for n in names):
        return None
    return Route("absence_register", TEACHER, {"action": "register", "names": list(names)})


async def _pupil_question_route(service: AbsenceService, text: str) -> Route | None:
    """ "er Ola meldt borte?", "kommer Nora i dag?": that pupil's day, when the names are pupils'."""
    question = read_pupil_question(text)
    if question is None:
        return None
    first_names = await service.people.pupil_first_names()
    if not all(n.split()[0].lower() in first_names for n in question.names):
        return None
    return Route(
        "absence_list", TEACHER, {"action": "pupil", "names": list(question.names), "days_ahead": question.days_ahead}
    )


def _followup_route(followup: Followup, kids: list[ChildInfo], text: str) -> Route:
    """An answer to the same-day question; dialog state keeps the reason category, never the words."""
    child = next(k for k in kids if k.person.sourced_id == followup.absence.student_id)
    return Route(
        "absence_followup",
        FOLLOWUP,
        {
            "absence_id": followup.absence.id,
            "reason": classify_reason(text),
            "child_name": child.person.given_name,
            "end_time": _hhmm(arrival_time(text)),
        },
    )


def _hhmm(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


async def _guardian_route(
    service: AbsenceService, person: PersonInfo, now: dt.datetime, text: str, corrections: Corrections | None = None
) -> Route | None:
    """A guardian's message: an answer to today's question, a correction, a report or a leave application."""
    kids = await service.children(person) if person.is_guardian else []
    if not kids:
        u = await service.understand(text, now, [])
        return Route("absence_refused", REPORT, {"refuse": True}) if u.intent in AWAY_INTENTS else None
    followup = await service.open_followup(person, kids, now)
    u = await service.understand(text, now, kids, learned=followup is None)  # safety answers: the grammar's
    if followup is not None and u.intent not in _PASS_ON:
        return _followup_route(followup, kids, text)
    correction = await corrections.route(Caller(person, now, ""), kids, text, u) if corrections else None
    if correction is not None:  # dialogs/absence/corrections.py: "feil, det var i morgen", "slett fraværet"
        return correction
    if u.intent in AWAY_INTENTS:
        named = resolve_children(text, [as_child(k) for k in kids], await service.people.pupil_first_names())
        dialog_id = REPORT if u.intent == "absence" else LEAVE
        return Route(u.intent, dialog_id, {"u": u.to_json(), "named_other": named == ()})
    return None


async def classify(
    service: AbsenceService, context: TurnContext, corrections: Corrections | None = None
) -> Route | None:
    """Claims card submits and commands of the absence flow, follow-up answers, and reports."""
    info = turn_info(context)
    person = info.person
    if person is None:
        return None
    value = context.activity.value if isinstance(context.activity.value, dict) else {}
    text = context.activity.text or ""
    route = _card_route(value, person)
    if route is not None:
        return route
    if person.is_staff:
        return (
            _staff_route(text)
            or await _pupil_question_route(service, text)
            or await _missing_sentence_route(service, text)
        )
    if not text.strip():
        return None
    # staff's, from someone else ("og i morgen?" from a guardian adds to the last report instead)
    if _LIST.match(text) or _REGISTER.match(text) or read_staff_question(text, follow_up=False):
        return Route("absence_list", TEACHER, {"action": "list"})
    return await _guardian_route(service, person, info.now, text, corrections)
