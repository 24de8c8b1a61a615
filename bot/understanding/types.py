"""Value types shared by the understanding modules: the sender's children and the parse result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from storage.domain import Reason

INTENTS: tuple[str, ...] = (
    "absence",
    "leave_request",
    "weekplan",
    "booking",
    "broadcast",
    "help",
    "stop",
    "start",
    "unknown",
)
# Plain strings (`.value`), not members: a reason goes into dialog state, which jsonpickle keeps.
REASONS: tuple[str, ...] = tuple(reason.value for reason in Reason)
# Intents whose message is about some of the sender's own children.
CHILD_INTENTS: frozenset[str] = frozenset({"absence", "leave_request", "weekplan"})
# Intents that report or request days away from school.
AWAY_INTENTS: frozenset[str] = frozenset({"absence", "leave_request"})


@dataclass(frozen=True)
class Child:
    """One of the sender's children as the roster knows it."""

    sourced_id: str
    given_name: str
    family_name: str
    class_name: str
    grade: int
    sex: str | None = None
    birth_date: date | None = None


@dataclass(frozen=True)
class Understanding:
    """What one message means: intent, whom and which days it is about, and what is still missing."""

    intent: str
    students: tuple[str, ...] = ()
    dates: tuple[date, ...] = ()
    start_time: time | None = None
    end_time: time | None = None
    reason: str | None = None
    missing: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The stable JSON contract: ISO dates, "HH:MM" times, lists instead of tuples."""
        return {
            "intent": self.intent,
            "students": list(self.students),
            "dates": [d.isoformat() for d in self.dates],
            "start_time": _hhmm(self.start_time),
            "end_time": _hhmm(self.end_time),
            "reason": self.reason,
            "missing": list(self.missing),
        }


def _hhmm(t: time | None) -> str | None:
    return None if t is None else f"{t.hour:02d}:{t.minute:02d}"
