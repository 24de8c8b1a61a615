"""Value types shared by the understanding modules: the sender's children and the parse result."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
class Part:
    """The details one message gives some of the children: "Ola i dag og i morgen" in "..., Emma bare i dag".

    Times mean what they mean on a stored absence: `start_time` is when the absence begins (the
    child leaves), `end_time` when it ends (the child arrives); `arrives_later` marks a late
    arrival at an unstated time ("kommer etterpå"), after `end_time` when that is set.
    """

    students: tuple[str, ...]
    dates: tuple[date, ...]
    start_time: time | None = None
    end_time: time | None = None
    reason: str | None = None
    arrives_later: bool = False

    def to_json(self) -> dict[str, Any]:
        """ISO dates and "HH:MM" times, as in the Understanding contract."""
        out: dict[str, Any] = {
            "students": list(self.students),
            "dates": [d.isoformat() for d in self.dates],
            "start_time": _hhmm(self.start_time),
            "end_time": _hhmm(self.end_time),
            "reason": self.reason,
        }
        if self.arrives_later:
            out["arrives_later"] = True
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Part:
        """The inverse of `to_json` (dialog state keeps parts as JSON)."""
        return cls(
            students=tuple(data.get("students") or ()),
            dates=tuple(date.fromisoformat(d) for d in data.get("dates") or ()),
            start_time=_time(data.get("start_time")),
            end_time=_time(data.get("end_time")),
            reason=data.get("reason"),
            arrives_later=bool(data.get("arrives_later")),
        )


@dataclass(frozen=True)
class Understanding:
    """What one message means: intent, whom and which days it is about, and what is still missing.

    The flat fields hold the message read as a whole. When it gives different days, times or
    reasons for different children, `parts` holds each child's own details (and `per_child`
    yields one flat Understanding per part); `()` means the flat fields hold for every child.
    """

    intent: str
    students: tuple[str, ...] = ()
    dates: tuple[date, ...] = ()
    start_time: time | None = None
    end_time: time | None = None
    reason: str | None = None
    missing: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    arrives_later: bool = False
    # How sure the parse is, 0-1 (bot.understanding.confidence); not part of what the message means.
    confidence: float = field(default=1.0, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON contract: ISO dates, "HH:MM" times, lists instead of tuples, confidence to 2 decimals.

        "parts" and "arrives_later" appear only when set, so a plain message keeps its exact shape.
        """
        out: dict[str, Any] = {
            "intent": self.intent,
            "students": list(self.students),
            "dates": [d.isoformat() for d in self.dates],
            "start_time": _hhmm(self.start_time),
            "end_time": _hhmm(self.end_time),
            "reason": self.reason,
            "missing": list(self.missing),
            "confidence": round(self.confidence, 2),
        }
        if self.parts:
            out["parts"] = [p.to_json() for p in self.parts]
        if self.arrives_later:
            out["arrives_later"] = True
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Understanding:
        """The inverse of `to_json`, for dialog state."""
        return cls(
            intent=data["intent"],
            students=tuple(data.get("students") or ()),
            dates=tuple(date.fromisoformat(d) for d in data.get("dates") or ()),
            start_time=_time(data.get("start_time")),
            end_time=_time(data.get("end_time")),
            reason=data.get("reason"),
            missing=tuple(data.get("missing") or ()),
            parts=tuple(Part.from_json(p) for p in data.get("parts") or ()),
            arrives_later=bool(data.get("arrives_later")),
            confidence=float(data.get("confidence", 1.0)),
        )

    def per_child(self) -> tuple[Understanding, ...]:
        """One flat Understanding per part (only the chosen students), or just this one when it has no parts."""
        if not self.parts:
            return (self,)
        chosen = set(self.students)
        out: list[Understanding] = []
        for p in self.parts:
            students = tuple(s for s in p.students if s in chosen)
            if students and p.dates:
                out.append(
                    Understanding(
                        intent=self.intent,
                        students=students,
                        dates=p.dates,
                        start_time=p.start_time,
                        end_time=p.end_time,
                        reason=p.reason,
                        arrives_later=p.arrives_later,
                        confidence=self.confidence,
                    )
                )
        return tuple(out) or (replace(self, parts=()),)


def _hhmm(t: time | None) -> str | None:
    return None if t is None else f"{t.hour:02d}:{t.minute:02d}"


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None
