"""Plans: an undated future absence, and whether a report is a notice of absence or a leave request.

"Ola er syk" with no day means today, but "Ola blir borte" says nothing about when: the dialog asks
which day instead of recording today (the default day is for the present tense and for illness).

Leave is asked for in advance. A family matter on days still to come is a leave request when it
covers several school days, when the family travels ("vi reiser", "we're flying to", "i Polen",
"we go Stockholm"), or when the guardian asks for the days ("Can X have Friday off?") and the child
is away all day; a one-day funeral or wedding nearby ("borte fredag, vi skal i begravelse") stays a
notice. A "leave request" for the child's own illness or appointment that starts today or is already
under way ("Please excuse Ella from 11 today, check-up at the hospital") is a notice of absence: there
is nothing to grant in advance. Travel to a family event (a funeral, a wedding) that has already begun and
is shorter than a leave ("ikke skole i dag, vi må reise til begravelse") is a notice too, unless leave is
asked for in words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from .intents import cues_of
from .reasons import is_family_event, is_trip

__all__ = ["asks_for_leave", "leave_or_absence", "undated_plan"]

# Canonical text: "will be away" reads "will be borte", nynorsk "vert borte" reads "blir borte".
_FUTURE_AWAY = re.compile(
    r"\b(?:blir|vil\s+bli|vil\s+være|vil\s+vere|skal\s+være|skal\s+vere|kommer\s+til\s+å\s+(?:være|vere)|will\s+be|"
    r"is\s+going\s+to\s+be)\s+(?:borte|borta|fraværende|fråverande|absent|away|off\s+school)\b",
    re.IGNORECASE,
)
# "Can Filip have fri 18.5?", "Could Liam and Ella have the first two days off?", "may she be excused",
# "kan Ola få fri", "is it ok if she takes Friday off": the guardian asks for days, in one sentence.
_ASKS_LEAVE = re.compile(
    r"\b(?:can|could|may|might|kan|kunne|får|is\s+it\s+(?:ok|okay|possible)\s+(?:if|that|for)|er\s+det\s+(?:ok|greit|mulig))"
    r"\s+[^.!?\n]{0,80}?\b(?:have|get|få|ha|take|takes|ta|be|bli|vere|være)\b[^.!?\n]{0,60}?"
    r"\b(?:fri|off|leave|permisjon|excused|free|fritak)\b"
)
_OWN_HEALTH = frozenset({"illness", "appointment"})


def undated_plan(text: str, *, reason: str | None, has_clock: bool) -> bool:
    """True when canonical `text` tells of a coming absence without a day, a time or illness."""
    return reason != "illness" and not has_clock and bool(_FUTURE_AWAY.search(text))


def asks_for_leave(text: str) -> bool:
    """Whether canonical text asks for a child to have days off ("Can X have Friday off?")."""
    return bool(_ASKS_LEAVE.search(text))


def leave_or_absence(
    intent: str,
    text: str,
    *,
    reason: str | None,
    dates: Sequence[date],
    today: date,
    whole_day: bool,
    leave_days: int,
) -> str:
    """The intent of an away report in canonical `text`, once its days and reason are known.

    An absence for a family matter on days still to come becomes a leave request (see the module
    docstring); a leave request for the child's own illness or appointment from today is an absence.
    """
    if not dates:
        return intent
    if intent == "absence" and reason == "family" and min(dates) > today:
        if len(dates) >= leave_days:
            return "leave_request"  # several planned days away for a family matter need the school's leave
        if whole_day and (is_trip(text) or asks_for_leave(text)):
            return "leave_request"
    if intent == "leave_request" and reason in _OWN_HEALTH and min(dates) <= today:
        return "absence"
    if (
        intent == "leave_request"
        and reason == "family"
        and min(dates) <= today
        and len(dates) < leave_days
        and is_family_event(text)
        and not cues_of(text).leave_words
    ):
        return "absence"  # "ikke skole i dag, vi må reise til begravelse": travel to a family event today is a notice
    return intent
