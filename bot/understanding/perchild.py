"""Per-child details in one message: "Ola i dag og i morgen, Emma bare i dag", "Ola er syk, Emma har tannlege kl 10".

The message is split into clauses around the children's names; each clause is read with the same
date, clock and reason grammars as a whole message (the reader is passed in). A child takes its own
clause's details first, then the opening words before any name ("Syke i dag: ..."), then the
nearest earlier clause ("Emma er syk i morgen, Jonas også"), then the message's default day.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time

from .children import child_mentions
from .types import Child, Part

__all__ = ["Details", "per_child_parts", "per_day_parts", "split_by_child"]


@dataclass(frozen=True)
class Details:
    """What one piece of text says explicitly: school days (() when none), the time window and the reason."""

    dates: tuple[date, ...] = ()
    start_time: time | None = None
    end_time: time | None = None
    arrives_later: bool = False
    reason: str | None = None

    @property
    def has_window(self) -> bool:
        return self.start_time is not None or self.end_time is not None or self.arrives_later

    @property
    def empty(self) -> bool:
        return not self.dates and not self.has_window and self.reason is None


Reader = Callable[[str], Details]

# Only joining words between two names: "Ola og Emma", "Ola, Emma", "Ola & Emma".
_JOIN = re.compile(r"^[\s,&+/]*(?:(?:og|and|samt|eller|or)[\s,]*)?$", re.IGNORECASE)
# A clause that says "the same as before": "Jonas også", "Emma too".
_ALSO = re.compile(r"(?<!\w)(?:også|ogsa|òg|too|as\s+well|likeså|likedan|samme|same)(?!\w)", re.IGNORECASE)
# "Ola, og Emma også men hun kommer kl 10": a name followed by "også" starts its own clause, not a list.
_ALSO_NEXT = re.compile(r"\s*(?:også|ogsa|òg|too|as\s+well)(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class _Clause:
    ids: frozenset[str]
    text: str
    position: int


def split_by_child(body: str, children: Sequence[Child]) -> tuple[str, list[_Clause]]:
    """The words before the first name, and one clause per (group of) children named, in reading order."""
    groups: list[tuple[int, int, frozenset[str]]] = []
    for start, end, ids in child_mentions(body, children):
        if groups and _JOIN.match(body[groups[-1][1] : start]) and not _ALSO_NEXT.match(body, end):
            first, _, before = groups[-1]
            groups[-1] = (first, end, before | ids)
        else:
            groups.append((start, end, ids))
    clauses = [
        _Clause(ids, body[start : groups[i + 1][0] if i + 1 < len(groups) else len(body)], i)
        for i, (start, _, ids) in enumerate(groups)
    ]
    return (body[: groups[0][0]] if groups else body), clauses


def _nearest(
    read: list[Details], index: int, has: Callable[[Details], bool], *, forward: bool = False
) -> Details | None:
    """The nearest earlier clause with the detail (then, with `forward`, the nearest later one)."""
    for j in range(index - 1, -1, -1):
        if has(read[j]):
            return read[j]
    if forward:
        for j in range(index + 1, len(read)):
            if has(read[j]):
                return read[j]
    return None


def _for_child(
    child_id: str, clauses: list[_Clause], read: list[Details], opening: Details, default_dates: tuple[date, ...]
) -> Details | None:
    """One child's details: its own clauses (the most specific first), the opening, then the clauses before."""
    own = sorted((c for c in clauses if child_id in c.ids), key=lambda c: (len(c.ids), c.position))
    if not own:
        return None
    mine = [read[c.position] for c in own] + [opening]
    first = own[0].position
    same_as_before = bool(_ALSO.search(own[0].text)) or all(d.empty for d in mine)
    dates = next((d.dates for d in mine if d.dates), ())
    window = next((d for d in mine if d.has_window), None)
    reason = next((d.reason for d in mine if d.reason), None)
    if not dates:
        earlier = _nearest(read, first, lambda d: bool(d.dates))
        dates = earlier.dates if earlier else default_dates
    if window is None and same_as_before:
        window = _nearest(read, first, lambda d: d.has_window)
    if reason is None:
        nearest = _nearest(read, first, lambda d: d.reason is not None, forward=True)
        reason = nearest.reason if nearest else None
    return Details(
        dates=dates,
        start_time=window.start_time if window else None,
        end_time=window.end_time if window else None,
        arrives_later=window.arrives_later if window else False,
        reason=reason,
    )


def per_child_parts(
    body: str,
    children: Sequence[Child],
    students: Sequence[str],
    read: Reader,
    default_dates: tuple[date, ...],
) -> tuple[Part, ...]:
    """Each named child's own days, times and reason, grouped; () when every child has the same details.

    `students` are the children the whole message is about; parts are given only when they cover
    exactly those children, so the flat reading and the parts never disagree about whom.
    """
    opening_text, clauses = split_by_child(body, children)
    if len(clauses) < 2 or len({c.ids for c in clauses}) < 2:
        return per_day_parts(body, students, read)
    read_all = [read(c.text) for c in clauses]
    opening = read(opening_text) if opening_text.strip() else Details()
    details: dict[str, Details] = {}
    for child in children:
        found = _for_child(child.sourced_id, clauses, read_all, opening, default_dates)
        if found is not None:
            details[child.sourced_id] = found
    if set(details) != set(students) or len(set(details.values())) < 2:
        return ()
    grouped: dict[Details, list[str]] = {}
    for sid, d in details.items():
        grouped.setdefault(d, []).append(sid)
    return tuple(
        Part(
            students=tuple(ids),
            dates=d.dates,
            start_time=d.start_time,
            end_time=d.end_time,
            reason=d.reason,
            arrives_later=d.arrives_later,
        )
        for d, ids in grouped.items()
    )


# Where a message turns to another day: "går hjem halv tolv i dag og er borte hele dagen i morgen".
_DAY_BREAK = re.compile(r"\s*(?:[,;]|\b(?:og|and|men|but|samt)\b)\s*", re.IGNORECASE)


def per_day_parts(body: str, students: Sequence[str], read: Reader) -> tuple[Part, ...]:
    """The same children with a different window on different days, one part per day group; () otherwise.

    "Agnes går hjem halv tolv i dag og er borte hele dagen i morgen": today from 11:30, tomorrow all day.
    """
    if not students:
        return ()
    segments: list[str] = []
    dated: list[bool] = []  # does the segment name days yet
    for piece in _DAY_BREAK.split(body):
        has_days = bool(piece.strip()) and bool(read(piece).dates)
        if segments and not (has_days and dated[-1]):
            segments[-1], dated[-1] = f"{segments[-1]} og {piece}", dated[-1] or has_days
        else:
            segments.append(piece)
            dated.append(has_days)
    read_all = [read(text) for text in segments]
    if len(read_all) < 2 or any(not d.dates for d in read_all):
        return ()
    days = [set(d.dates) for d in read_all]
    if any(days[i] & days[j] for i in range(len(days)) for j in range(i + 1, len(days))):
        return ()
    windows = {(d.start_time, d.end_time, d.arrives_later) for d in read_all}
    if len(windows) < 2:
        return ()
    shared = next((d.reason for d in read_all if d.reason), None)
    return tuple(
        Part(
            students=tuple(students),
            dates=d.dates,
            start_time=d.start_time,
            end_time=d.end_time,
            reason=d.reason or shared,
            arrives_later=d.arrives_later,
        )
        for d in read_all
    )
