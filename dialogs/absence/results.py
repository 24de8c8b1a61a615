"""What the absence service answers: plain values the dialogs render for the person who asked.

Replies to the caller are results; messages to anyone else (teachers, the office, a guardian told of
a decision) are `Notice`s the service composes and the dialog has it deliver after its own reply.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from bot.understanding import Understanding
from storage.absences import AbsenceRecord, AbsenceRow
from storage.people import ChildInfo, PersonInfo


@dataclass(frozen=True)
class Caller:
    """Who asks, when (aware, in the school's zone) and over which channel: all a turn tells the service."""

    person: PersonInfo
    now: dt.datetime
    channel: str

    @property
    def today(self) -> dt.date:
        return self.now.date()


@dataclass(frozen=True)
class Notice:
    """A proactive message to someone other than the caller (Teams first, SMS otherwise)."""

    person: PersonInfo
    text: str
    card: dict[str, Any] | None = None
    teams: bool = True
    sms: bool = True


@dataclass(frozen=True)
class Recorded:
    """A guardian's report (or its correction) is stored for these children."""

    children: tuple[ChildInfo, ...]
    understanding: Understanding
    correction: bool = False
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class LeaveSent:
    """One child's leave application went to the office or the principal (`route`)."""

    child: ChildInfo
    dates: tuple[dt.date, ...]
    route: str
    notices: tuple[Notice, ...] = ()
    reason: str | None = None  # the category understood, said back in the confirmation


LeaveOutcome = Literal["unknown", "not_yours", "already_decided", "decided", "none_for", "several_for"]


@dataclass(frozen=True)
class LeaveDecision:
    """What became of a grant/refuse: decided (with `status`), or why not."""

    outcome: LeaveOutcome
    request_id: int
    status: str | None = None
    notices: tuple[Notice, ...] = ()
    child: str | None = None  # the name it was decided by ("innvilg søknaden for Emma"), when by name
    candidates: tuple[int, ...] = ()  # "several_for": the open applications that name fits


@dataclass(frozen=True)
class Explained:
    """The guardian's answer explained the absence of `child` (None when the roster lost the pupil)."""

    child: ChildInfo | None
    reason: str
    notices: tuple[Notice, ...] = ()
    arrives: dt.time | None = None  # the answer said when the child comes ("kommer kl 11")


@dataclass(frozen=True)
class NoClasses:
    """The teacher has no class to list."""


@dataclass(frozen=True)
class UnknownClass:
    """The class asked for is not one of the teacher's (`classes` are the ones they may list)."""

    klass: str
    classes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DayList:
    """The day's absences in `classes` (id, title); `pupils` (id, name, absent) when one class is listed."""

    day: dt.date
    classes: tuple[tuple[str, str], ...]
    rows: tuple[AbsenceRow, ...]
    pupils: tuple[tuple[str, str, bool], ...] = ()


Listing = NoClasses | UnknownClass | DayList

RegisterRefusal = Literal["not_allowed", "nobody"]


@dataclass(frozen=True)
class Registered:
    """A teacher's register: the names already reported and the newly unexplained (their guardians get asked)."""

    known_names: tuple[str, ...]
    new_names: tuple[str, ...]
    new: tuple[AbsenceRecord, ...] = ()


@dataclass(frozen=True)
class RegisterRefused:
    """The class-list card could not register: not the teacher's class, or nobody of it ticked."""

    why: RegisterRefusal


@dataclass(frozen=True)
class PupilDay:
    """Staff asked about named pupils: each pupil found (label "Ola Nordli (5B)", its absence row or None)."""

    day: dt.date
    found: tuple[tuple[str, AbsenceRow | None], ...]
    unknown: tuple[str, ...] = ()  # names no pupil of the asker's classes has
