"""What a correction or a merged duplicate report comes to: plain values the dialogs render for the caller."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from dialogs.absence.results import Notice, Recorded
from storage.people import ChildInfo

Why = Literal["no_recent", "nothing_on_day", "what_to_change", "same", "not_school_day"]


@dataclass(frozen=True)
class State:
    """One child's report as the school has it: the days, the time window and the reason category."""

    dates: tuple[dt.date, ...]
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Changed:
    """`child`'s report is now `after`; it was `before` (of `was_child` when the report moved from that child)."""

    child: ChildInfo
    before: State
    after: State
    was_child: ChildInfo | None = None


@dataclass(frozen=True)
class Corrected:
    """A correction was made: what changed for each child, and the notices to the contact teachers."""

    changes: tuple[Changed, ...]
    notices: tuple[Notice, ...] = ()
    # "feil, bare Emma" after "Ola og Emma er syke": the children taken out of the report (and their days),
    # and those left in it unchanged, so the reply states the whole new state.
    dropped: tuple[tuple[ChildInfo, tuple[dt.date, ...]], ...] = ()
    unchanged: tuple[tuple[ChildInfo, tuple[dt.date, ...]], ...] = ()


@dataclass(frozen=True)
class DaysWithdrawn:
    """Days taken back, per child; the days still reported for those children; the teachers' notices."""

    taken: tuple[tuple[ChildInfo, tuple[dt.date, ...]], ...]
    remaining: tuple[tuple[ChildInfo, tuple[dt.date, ...]], ...] = ()
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class AskWithdraw:
    """ "avbryt" right after a report: ask before withdrawing these days (`ids`)."""

    children: tuple[ChildInfo, ...]
    dates: tuple[dt.date, ...]
    ids: tuple[int, ...]


@dataclass(frozen=True)
class Unchanged:
    """Nothing was changed, and why (the children and days the message was about, when known)."""

    why: Why
    children: tuple[ChildInfo, ...] = ()
    dates: tuple[dt.date, ...] = ()
    state: State | None = None


@dataclass(frozen=True)
class Already:
    """These days were reported before: by `by` (a name), or by the caller when None."""

    child: ChildInfo
    dates: tuple[dt.date, ...]
    by: str | None


@dataclass(frozen=True)
class Merged:
    """A report that was (partly) a duplicate: new days recorded, known days merged, additions told once."""

    recorded: tuple[Recorded, ...] = ()
    already: tuple[Already, ...] = ()
    changed: tuple[Changed, ...] = ()
    notices: tuple[Notice, ...] = ()


Outcome = Corrected | DaysWithdrawn | AskWithdraw | Unchanged
