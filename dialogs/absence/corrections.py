"""Corrections of a guardian's absence reports, and duplicate reports merged: the flow's dialogue state.

"The last report" is the newest group of days a guardian reported together (one message), within
`WINDOW` and not in the past; a message that names a child means that child's latest report. A
correction rewrites the report in one transaction; each change tells each contact teacher once,
saying what changed. A second report of the same days (another guardian, or the same one again) is
not stored twice: it is merged, and only what it adds reaches the teacher. What a guardian adds within
`DETAILS_WINDOW` of a report (a reason in a sentence, a new arrival time; the day itself, minutes after a
report whose day the bot assumed) changes that report rather than starting another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from bot.understanding import Understanding, default_day
from bot.understanding.types import AWAY_INTENTS
from dialogs.absence import correction_render, render
from dialogs.absence.correction_parse import CorrectionRequest, OldReport, negates, read_correction
from dialogs.absence.correction_results import (
    Already,
    AskWithdraw,
    Changed,
    Corrected,
    DaysWithdrawn,
    Merged,
    Outcome,
    State,
    Unchanged,
    Why,
)
from dialogs.absence.results import Caller, Notice, Recorded
from dialogs.absence.service import AbsenceService, as_child
from dialogs.main import Route
from storage.absences import AbsenceRecord
from storage.corrections import GUARDIAN_STATUSES, AbsenceCorrections
from storage.people import ChildInfo, PersonInfo

# The flow's dialogs a correction starts: carry out a correction; ask before withdrawing ("avbryt").
APPLY = "AbsenceCorrectionDialog"
CONFIRM = "AbsenceWithdrawConfirmDialog"

WINDOW = dt.timedelta(hours=12)  # how far back "feil, det var i morgen" and "slett fraværet" reach
DETAILS_WINDOW = dt.timedelta(hours=2)  # "han har omgangssjuke" adds to a report made this recently
# "i morgen kl 10, …" moves a report whose day was assumed ("Chi må til tannlegen": today) made this recently
ASSUMED_DAY_WINDOW = dt.timedelta(minutes=15)
_SAME_REPORT = dt.timedelta(seconds=5)  # days touched this close together belong to one report
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class _Rewrite:
    """The plan of a change: the rows of the old report and the new report's values."""

    old: tuple[AbsenceRecord, ...]
    students: tuple[str, ...]
    after: State


@dataclass(frozen=True)
class _TakeBack:
    rows: tuple[AbsenceRecord, ...]


@dataclass(frozen=True)
class _Add:
    """ "Emma også", "og i morgen": the last report's details for more children or days."""

    report: Understanding


Plan = _Rewrite | _TakeBack | _Add | AskWithdraw | Unchanged


@dataclass
class _Group:
    by: str | None
    at: dt.datetime
    rows: list[AbsenceRecord] = field(default_factory=list)


def _state_of(rows: Sequence[AbsenceRecord]) -> State:
    first = rows[0]
    return State(tuple(sorted({r.date for r in rows})), first.start_time, first.end_time, first.reason)


def _unique(ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _new_times(req: CorrectionRequest, old: State) -> tuple[dt.time | None, dt.time | None]:
    """The time window after a correction: as said, or a bare time in the role the report had."""
    if req.start_time or req.end_time:
        return req.start_time, req.end_time
    if req.clock and old.start_time:
        return req.clock, None
    if req.clock and old.end_time:
        return None, req.clock
    return old.start_time, old.end_time


class Corrections:
    """Reads, plans and carries out corrections; merges duplicate reports. One per app, beside the service."""

    def __init__(self, service: AbsenceService, store: AbsenceCorrections) -> None:
        self.service = service
        self.store = store

    # ------------------------------------------------------------ reading

    async def read(self, text: str, now: dt.datetime, kids: Sequence[ChildInfo]) -> CorrectionRequest | None:
        """What the message corrects, or None when it corrects nothing."""
        return read_correction(
            text,
            now=now,
            calendar=await self.service.calendar(),
            children=[as_child(k) for k in kids],
            school_first_names=await self.service.people.pupil_first_names(),
        )

    async def _groups(self, caller: Caller, kids: Sequence[ChildInfo]) -> list[_Group]:
        """The recent reports of the caller's children, the caller's own first, newest first."""
        since = self.service.clock() - WINDOW
        rows = await self.store.recent([k.person.sourced_id for k in kids], since, caller.today)
        groups: list[_Group] = []
        for row in rows:
            group = next(
                (g for g in groups if g.by == row.record.reported_by and abs(g.at - row.at) < _SAME_REPORT), None
            )
            if group is None:
                group = _Group(row.record.reported_by, row.at)
                groups.append(group)
            group.rows.append(row.record)
        own = [g for g in groups if g.by == caller.person.sourced_id]
        return own + [g for g in groups if g.by != caller.person.sourced_id]

    @staticmethod
    def _target(groups: Sequence[_Group], about: Sequence[str] | None) -> list[AbsenceRecord]:
        """The report a message is about: the newest naming one of `about`, else the newest."""
        if about:
            for g in groups:
                if any(r.student_id in about for r in g.rows):
                    return g.rows
        return groups[0].rows if groups else []

    # ------------------------------------------------------------ planning

    async def plan(self, caller: Caller, kids: Sequence[ChildInfo], req: CorrectionRequest) -> Plan | None:
        """What the request would do; None when an unmarked message turns out to correct nothing."""
        if req.kind == "withdraw_day" or (req.kind == "withdraw_all" and req.dates is not None):
            return await self._plan_days(caller, kids, req)
        groups = await self._groups(caller, kids)
        if req.kind == "add":
            return self._plan_add(req, groups)
        if req.kind == "details":
            return await self._plan_details(caller, req, groups)
        if req.kind in ("withdraw_all", "ask_withdraw"):
            rows = self._target(groups, req.students if req.named else None)
            if req.named and req.students:
                rows = [r for r in rows if r.student_id in req.students] or rows
            if not rows:
                return Unchanged("no_recent")
            if req.kind == "withdraw_all":
                return _TakeBack(tuple(rows))
            return AskWithdraw(
                self._children(kids, [r.student_id for r in rows]),
                tuple(sorted({r.date for r in rows})),
                tuple(r.id for r in rows),
            )
        return await self._plan_change(caller, kids, req, groups)

    @staticmethod
    def _children(kids: Sequence[ChildInfo], ids: Sequence[str]) -> tuple[ChildInfo, ...]:
        by_id = {k.person.sourced_id: k for k in kids}
        return tuple(by_id[sid] for sid in _unique(ids) if sid in by_id)

    def _plan_add(self, req: CorrectionRequest, groups: Sequence[_Group]) -> _Add | None:
        """The last report again for the children or days the message adds; None when it adds nothing."""
        rows = self._target(groups, None)
        if not rows or not (req.students or req.dates):
            return None
        state = _state_of(rows)
        students = req.students or _unique([r.student_id for r in rows])
        dates = req.dates or state.dates
        return _Add(
            Understanding("absence", tuple(students), tuple(dates), state.start_time, state.end_time, state.reason)
        )

    async def _plan_details(self, caller: Caller, req: CorrectionRequest, groups: Sequence[_Group]) -> _Rewrite | None:
        """The report just made, with the reason it lacked, the time now given, or (when the bot assumed its day
        minutes ago) the day now given; None when there is no such report or nothing new (then the message is
        read as a report of its own).

        The report is the caller's own newest, else the newest another guardian made of the caller's children
        (the second guardian whose report was merged into it), within `DETAILS_WINDOW`.
        """
        now = self.service.clock()
        recent = [g for g in groups if now - g.at <= DETAILS_WINDOW]
        own = [g for g in recent if g.by == caller.person.sourced_id]
        if not recent:
            return None
        group = (own or recent)[0]
        rows = [r for r in group.rows if req.students is None or r.student_id in req.students]
        by_child = {r.student_id: (r.start_time, r.end_time, r.reason) for r in rows}
        if not rows or len(set(by_child.values())) > 1:  # not that child's report, or children's own details
            return None
        before = _state_of(rows)
        dates = before.dates
        if req.dates is not None:  # "i morgen kl 10, hun kommer igjen kl 11" after "Chi må til tannlegen"
            if not (group in own and await self._day_assumed(caller, group, before, req)):
                return None
            dates = tuple(req.dates)
        reason = req.reason if req.reason and before.reason in (None, "other") else before.reason
        start, end = _new_times(req, before)
        after = State(dates, start, end, reason)
        if after == before:
            return None
        return _Rewrite(tuple(rows), _unique([r.student_id for r in rows]), after)

    async def _day_assumed(self, caller: Caller, group: _Group, before: State, req: CorrectionRequest) -> bool:
        """Could the report's day have been the bot's assumption, and does the message give its real day?

        A report of one day, the day a message without day words means at the time it was made, without
        times, made within `ASSUMED_DAY_WINDOW`; not an illness (that is about the day it is said); the
        message names other days and brings no other reason.
        """
        if len(before.dates) != 1 or before.start_time or before.end_time or before.reason == "illness":
            return False
        if self.service.clock() - group.at > ASSUMED_DAY_WINDOW or not req.dates:
            return False
        if before.dates[0] in req.dates or (req.reason and before.reason and req.reason != before.reason):
            return False
        made = group.at.astimezone(caller.now.tzinfo)
        return default_day(made, await self.service.calendar()) == before.dates[0]

    async def _plan_days(self, caller: Caller, kids: Sequence[ChildInfo], req: CorrectionRequest) -> Plan:
        """ "Ola kommer likevel i morgen": those days of that child, whoever of the guardians reported them."""
        days = req.dates or ()
        if not days:
            return Unchanged("not_school_day", self._children(kids, req.students or ()))
        candidates = list(req.students or [k.person.sourced_id for k in kids])
        rows = [
            r
            for r in await self.store.on_days(candidates, days)
            if r.status in GUARDIAN_STATUSES and r.reported_by is not None
        ]
        if req.students is None and len({r.student_id for r in rows}) > 1:
            latest = {r.student_id for r in self._target(await self._groups(caller, kids), None)}
            rows = [r for r in rows if r.student_id in latest] or rows
        if not rows:
            return Unchanged("nothing_on_day", self._children(kids, req.students or ()), tuple(days))
        return _TakeBack(tuple(rows))

    async def _plan_change(
        self, caller: Caller, kids: Sequence[ChildInfo], req: CorrectionRequest, groups: Sequence[_Group]
    ) -> Plan | None:
        """A new day, child, reason or time for the report the message is about."""
        rows = self._target(groups, req.students if req.named else None)
        if not rows:
            return None if not req.marked else Unchanged("no_recent")
        more = bool(req.dates or req.reason or req.start_time or req.end_time or req.clock)
        own = [r for r in rows if req.named and r.student_id in (req.students or ())]
        if more and own:  # "Sagal går heller kl 12.30" in a report for two: only Sagal's rows change
            rows = own
        old_students = _unique([r.student_id for r in rows])
        before = _state_of(rows)
        if not req.marked:
            old = OldReport(
                caller.now,
                await self.service.calendar(),
                tuple(as_child(k) for k in self._children(kids, old_students)),
                before.dates,
                before.reason,
                before.start_time,
                before.end_time,
            )
            if not negates(req, old):
                return None
        if req.dates == ():
            return Unchanged("not_school_day", self._children(kids, old_students))
        start, end = _new_times(req, before)
        after = State(tuple(req.dates or before.dates), start, end, req.reason or before.reason)
        others_said = after != before
        students = old_students
        if req.students and set(req.students) != set(old_students) and (req.named or not others_said):
            students = tuple(req.students)
        if students == old_students and after == before:
            said = bool(req.dates or req.reason or req.start_time or req.end_time or req.clock or req.students)
            # a bare time for a whole-day report says neither leaving nor arriving: nothing is "already so"
            unread = req.clock is not None and not (before.start_time or before.end_time)
            why: Why = "same" if said and not unread else "what_to_change"
            return Unchanged(why, self._children(kids, old_students), before.dates, before)
        return _Rewrite(tuple(rows), students, after)

    # ------------------------------------------------------------ routing

    async def route(self, caller: Caller, kids: Sequence[ChildInfo], text: str, u: Understanding) -> Route | None:
        """The route of a correction, or None when the message corrects nothing (then it may be a report).

        A message that reads as a report and finds nothing to correct is left to the report, which
        merges it with what is known; "slett fraværet" is always claimed, so it never registers anything.
        """
        req = await self.read(text, caller.now, kids)
        if req is None:
            return None
        plan = await self.plan(caller, kids, req)
        if plan is None:
            return None
        if isinstance(plan, Unchanged) and u.intent in AWAY_INTENTS and req.kind != "withdraw_all":
            return None
        if isinstance(plan, _Add) and _request_of_its_own(u):
            return None
        if isinstance(plan, AskWithdraw):
            return _ask_route(plan)
        # It negated part of the report, so it is a correction: the dialog state keeps that, not the words.
        confirmed = replace(req, marked=True, negated=())
        # With no report to correct it is no request of its own: a waiting question ("Gjelder det Herman?")
        # takes "ja sorry, Herman mener jeg" as its answer; otherwise the flow says there is nothing to correct.
        nothing = isinstance(plan, Unchanged) and plan.why == "no_recent"
        return Route("absence_correction", APPLY, {"request": confirmed.to_json()}, fallback=nothing)

    async def undo_route(self, caller: Caller) -> Route | None:
        """A cancel word with no question waiting ("avbryt", "glem det"): ask whether to withdraw the caller's
        last report, if any; nothing is taken back before the answer."""
        kids = await self.service.children(caller.person) if caller.person.is_guardian else []
        if not kids:
            return None
        plan = await self.plan(caller, kids, CorrectionRequest("ask_withdraw"))
        return _ask_route(plan) if isinstance(plan, AskWithdraw) else None

    async def asked(self, caller: Caller, options: dict[str, object]) -> AskWithdraw:
        """The question a confirm dialog was started with, from its options."""
        kids = await self.service.children(caller.person)
        return AskWithdraw(
            self._children(kids, [str(s) for s in _list(options.get("students"))]),
            tuple(dt.date.fromisoformat(str(d)) for d in _list(options.get("dates"))),
            tuple(int(str(i)) for i in _list(options.get("ids"))),
        )

    # ------------------------------------------------------------ carrying out

    async def apply(self, caller: Caller, req: CorrectionRequest) -> Outcome | Recorded | Merged:
        """Plan and carry out a correction for the caller."""
        kids = await self.service.children(caller.person)
        plan = await self.plan(caller, kids, req)
        if plan is None:
            return Unchanged("what_to_change")
        if isinstance(plan, _Rewrite):
            return await self._rewrite(caller, kids, plan)
        if isinstance(plan, _TakeBack):
            return await self._take_back(caller, kids, [r.id for r in plan.rows])
        if isinstance(plan, _Add):
            return await self.report(caller, kids, plan.report)
        return plan

    async def withdraw(self, caller: Caller, ids: Sequence[int]) -> DaysWithdrawn | Unchanged:
        """The yes to "Vil du trekke tilbake fraværet …?": only the caller's children's days."""
        kids = await self.service.children(caller.person)
        return await self._take_back(caller, kids, ids)

    async def _take_back(
        self, caller: Caller, kids: Sequence[ChildInfo], ids: Sequence[int]
    ) -> DaysWithdrawn | Unchanged:
        mine = {k.person.sourced_id for k in kids}
        taken = await self.store.take_back(list(ids), list(mine))
        if not taken:
            return Unchanged("no_recent")
        children = self._children(kids, [r.student_id for r in taken])
        per_child = tuple(
            (c, tuple(sorted(r.date for r in taken if r.student_id == c.person.sourced_id))) for c in children
        )
        left = await self.store.recent([c.person.sourced_id for c in children], _EPOCH, caller.today)
        remaining = tuple(
            (c, days)
            for c in children
            if (days := tuple(sorted(r.record.date for r in left if r.record.student_id == c.person.sourced_id)))
        )
        notices: list[Notice] = []
        for child, days in per_child:
            notices += await self._to_teachers(
                child,
                partial(
                    render.withdraw_notice, child=child, dates=days, today=caller.today, guardian=caller.person.name
                ),
            )
        return DaysWithdrawn(per_child, remaining, _one_per_teacher(notices))

    async def _rewrite(self, caller: Caller, kids: Sequence[ChildInfo], plan: _Rewrite) -> Corrected | Unchanged:
        after = plan.after
        new_pairs = {(s, d) for s in plan.students for d in after.dates}
        await self.store.rewrite(
            remove=[r.id for r in plan.old if (r.student_id, r.date) not in new_pairs],
            children=[k.person.sourced_id for k in kids],
            student_ids=plan.students,
            dates=after.dates,
            start_time=after.start_time,
            end_time=after.end_time,
            reason=after.reason,
            channel=caller.channel,
            reported_by=caller.person.sourced_id,
        )
        old_ids = _unique([r.student_id for r in plan.old])
        old_kids = self._children(kids, old_ids)
        changes: list[Changed] = []
        for child in self._children(kids, plan.students):
            sid = child.person.sourced_id
            if sid not in old_ids:
                changes.append(Changed(child, _state_of(plan.old), after, old_kids[0] if old_kids else None))
            elif (before := _state_of([r for r in plan.old if r.student_id == sid])) != after:
                changes.append(Changed(child, before, after))
        notices: list[Notice] = []
        guardian = caller.person.name
        for change in changes:
            notices += await self._to_teachers(
                change.child,
                partial(correction_render.teacher_changed, change=change, today=caller.today, guardian=guardian),
            )
        moved_to = [c for c in changes if c.was_child is not None]
        for child in old_kids:
            if child.person.sourced_id in plan.students:
                continue
            days = tuple(sorted(r.date for r in plan.old if r.student_id == child.person.sourced_id))
            others = tuple(c.child for c in moved_to) or self._children(kids, plan.students)
            notices += await self._to_teachers(
                child,
                partial(
                    correction_render.teacher_not_child,
                    child=child,
                    dates=days,
                    others=others,
                    today=caller.today,
                    guardian=guardian,
                ),
            )
        named = {c.was_child.person.sourced_id for c in changes if c.was_child is not None}
        dropped = tuple(
            (child, tuple(sorted(r.date for r in plan.old if r.student_id == child.person.sourced_id)))
            for child in old_kids
            if child.person.sourced_id not in plan.students and child.person.sourced_id not in named
        )
        changed_ids = {c.child.person.sourced_id for c in changes}
        same = tuple(
            (child, after.dates)
            for child in self._children(kids, plan.students)
            if dropped and child.person.sourced_id not in changed_ids
        )
        return Corrected(tuple(changes), _one_per_teacher(notices), dropped, same)

    async def _to_teachers(self, child: ChildInfo, text_for: Callable[[str | None], str]) -> list[Notice]:
        if not child.class_id:
            return []
        return [Notice(t, text_for(t.language)) for t in await self.service.people.contact_teachers(child.class_id)]

    # ------------------------------------------------------------ duplicate reports

    async def report(self, caller: Caller, kids: Sequence[ChildInfo], u: Understanding) -> Recorded | Merged:
        """Record a report; days already reported by a guardian are merged instead of stored and told twice."""
        pieces = u.per_child()  # each child's own days, times and reason when the message gave them
        students = _unique([s for p in pieces for s in p.students])
        dates = sorted({d for p in pieces for d in p.dates})
        known = {
            (r.student_id, r.date): r
            for r in (await self.store.on_days(students, dates) if students and dates else [])
            if r.status in GUARDIAN_STATUSES and r.reported_by is not None
        }
        if not known:
            return await self.service.record_report(caller, kids, u)
        recorded: list[Recorded] = []
        already: list[Already] = []
        changed: list[Changed] = []
        notices: list[Notice] = []
        for piece in pieces:
            fresh: dict[tuple[dt.date, ...], list[str]] = {}
            for sid in piece.students:
                days = tuple(d for d in piece.dates if (sid, d) not in known)
                if days:
                    fresh.setdefault(days, []).append(sid)
            for days, sids in fresh.items():
                result = await self.service.record_report(
                    caller, kids, replace(piece, students=tuple(sids), dates=days)
                )
                recorded.append(result)
                notices += result.notices
            for child in self._children(kids, piece.students):
                sid = child.person.sourced_id
                rows = [known[(sid, d)] for d in piece.dates if (sid, d) in known]
                if not rows:
                    continue
                already.append(Already(child, _state_of(rows).dates, await self._reporter(caller.person, rows)))
                change = await self._merge(child, rows, piece)
                if change is not None:
                    changed.append(change)
                    notices += await self._to_teachers(
                        child,
                        partial(
                            correction_render.teacher_changed,
                            change=change,
                            today=caller.today,
                            guardian=caller.person.name,
                        ),
                    )
        return Merged(tuple(recorded), tuple(already), tuple(changed), _one_per_teacher(notices))

    async def _reporter(self, caller: PersonInfo, rows: Sequence[AbsenceRecord]) -> str | None:
        """Who reported these days first: a name, or None when it was the caller."""
        other = next((r.reported_by for r in rows if r.reported_by and r.reported_by != caller.sourced_id), None)
        if other is None:
            return None
        person = await self.service.people.get(other)
        return person.name if person else None

    async def _merge(self, child: ChildInfo, rows: Sequence[AbsenceRecord], u: Understanding) -> Changed | None:
        """What a second report adds (another reason, a time): stored on the known days; None when nothing."""
        before = _state_of(rows)
        reason = u.reason or before.reason
        start, end = (
            (u.start_time, u.end_time) if (u.start_time or u.end_time) else (before.start_time, before.end_time)
        )
        after = State(before.dates, start, end, reason)
        if after == before:
            return None
        await self.store.amend([r.id for r in rows], start_time=start, end_time=end, reason=reason)
        return Changed(child, before, after)


def _request_of_its_own(u: Understanding) -> bool:
    """ "Emma er også syk i dag" is a whole report, "ukeplan for Emma også" another request: no addition."""
    if u.intent in AWAY_INTENTS:
        return bool(u.students and u.dates)
    return u.intent != "unknown"


def _ask_route(ask: AskWithdraw) -> Route:
    options = {
        "students": [c.person.sourced_id for c in ask.children],
        "dates": [d.isoformat() for d in ask.dates],
        "ids": list(ask.ids),
    }
    return Route("absence_undo", CONFIRM, options)


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _one_per_teacher(notices: Sequence[Notice]) -> tuple[Notice, ...]:
    """One notice per teacher: the lines of one change joined, so nobody is told twice about it."""
    merged: dict[str, Notice] = {}
    for n in notices:
        key = n.person.sourced_id
        merged[key] = replace(merged[key], text=f"{merged[key].text} {n.text}") if key in merged else n
    return tuple(merged.values())


__all__ = [
    "APPLY",
    "CONFIRM",
    "Already",
    "AskWithdraw",
    "Changed",
    "Corrected",
    "Corrections",
    "DaysWithdrawn",
    "Merged",
    "Outcome",
    "State",
    "Unchanged",
    "WINDOW",
]
