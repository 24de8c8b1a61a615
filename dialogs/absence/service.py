"""The absence flow's operations, with no turn: each takes who asks (a person, a time, a channel) and the
request, does the storage work, composes the notices for teachers, the office and guardians, and
returns a result the dialog renders for the caller. The CLI and the periodic escalation use it too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Protocol

from bot.understanding import Child, Understanding, parse_dates, understand
from dialogs.absence import render
from dialogs.absence.cards import decision_card
from dialogs.absence.leave_words import name_fits
from dialogs.absence.results import (
    Caller,
    DayList,
    Explained,
    LeaveDecision,
    LeaveSent,
    Listing,
    NoClasses,
    Notice,
    PupilDay,
    Recorded,
    Registered,
    RegisterRefused,
    UnknownClass,
)
from storage.absences import AbsenceRecord, AbsenceRow, Absences, Followup
from storage.calendar import SchoolCalendar
from storage.people import ChildInfo, People, PersonInfo

# Corrections and merged duplicate reports: dialogs/absence/corrections.py (Corrections, beside this service).


class Delivery(Protocol):
    """How a notification went: "msteams", "sms", or None when the person could not be reached."""

    @property
    def channel(self) -> str | None: ...


class Notify(Protocol):
    """The proactive sender (bot.notify.Notifier): Teams first, SMS otherwise."""

    async def notify(
        self,
        person: PersonInfo,
        text: str,
        *,
        card: dict[str, Any] | None = None,
        teams: bool = True,
        sms: bool = True,
        ignore_opt_out: bool = False,
    ) -> Delivery: ...


@dataclass(frozen=True)
class AbsencePolicy:
    """The school's settings the flow follows: its time zone, the follow-up wait, who decides long leave."""

    zone: dt.tzinfo
    followup_minutes: int
    principal_over_days: int


def as_child(c: ChildInfo) -> Child:
    """A roster child as the understanding module sees it."""
    p = c.person
    return Child(
        sourced_id=p.sourced_id,
        given_name=p.given_name,
        family_name=p.family_name,
        class_name=c.class_name or "",
        grade=c.grade or 0,
        sex=p.sex,
        birth_date=p.birth_date,
    )


def _is_leader_or_office(person: PersonInfo) -> bool:
    return person.is_leader or person.is_office


def week_monday(today: dt.date, weeks_ahead: int) -> dt.date:
    """The Monday of the week `weeks_ahead` weeks from today's (0 this week, -1 last week)."""
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks_ahead)


class AbsenceService:
    """Absence reports, corrections, leave, the teacher's register and the same-day follow-up; one per app."""

    def __init__(
        self,
        *,
        absences: Absences,
        people: People,
        notifier: Notify,
        calendar: Callable[[], Awaitable[SchoolCalendar]],
        clock: Callable[[], dt.datetime],
        policy: AbsencePolicy,
    ) -> None:
        self.absences = absences
        self.people = people
        self.notifier = notifier
        self.calendar = calendar
        self.clock = clock
        self.policy = policy

    def local_now(self) -> dt.datetime:
        return self.clock().astimezone(self.policy.zone)

    async def deliver(self, notices: Iterable[Notice]) -> None:
        """Send the notices a result carries (after the caller's own reply, as the dialog does)."""
        for n in notices:
            await self.notifier.notify(n.person, n.text, card=n.card, teams=n.teams, sms=n.sms)

    # ------------------------------------------------------------ understanding a guardian

    async def children(self, guardian: PersonInfo) -> list[ChildInfo]:
        return await self.people.children_of(guardian.sourced_id)

    async def understand(
        self, text: str, now: dt.datetime, kids: Sequence[ChildInfo], *, learned: bool = True
    ) -> Understanding:
        return understand(
            text,
            children=[as_child(c) for c in kids],
            now=now,
            calendar=await self.calendar(),
            school_first_names=await self.people.pupil_first_names(),
            learned=learned,
        )

    async def days_in(self, text: str, now: dt.datetime) -> tuple[dt.date, ...]:
        """The school days an answer names; () when none."""
        return parse_dates(text, now, await self.calendar()) or ()

    async def open_followup(self, guardian: PersonInfo, kids: Sequence[ChildInfo], now: dt.datetime) -> Followup | None:
        """Today's unanswered same-day question to this guardian, if any."""
        today_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return await self.absences.open_followup(guardian.sourced_id, [k.person.sourced_id for k in kids], today_start)

    # ------------------------------------------------------------ guardians report and correct

    async def record_report(
        self, caller: Caller, kids: Sequence[ChildInfo], u: Understanding, *, correction: bool = False
    ) -> Recorded:
        """Store the report for the children it names, each with its own days, times and reason (`u.parts`);
        their contact teachers get a notice saying that child's details."""
        chosen = tuple(c for c in kids if c.person.sourced_id in u.students)
        notices: list[Notice] = []
        for one in u.per_child():
            await self.absences.report(
                student_ids=one.students,
                dates=one.dates,
                start_time=one.start_time,
                end_time=one.end_time,
                reason=one.reason,
                channel=caller.channel,
                reported_by=caller.person.sourced_id,
            )
            for child in (c for c in chosen if c.person.sourced_id in one.students):
                notices += await self._to_teachers(
                    child,
                    partial(
                        render.teacher_notice,
                        child=child,
                        u=one,
                        today=caller.today,
                        guardian=caller.person.name,
                        channel_id=caller.channel,
                    ),
                )
        return Recorded(chosen, u, correction, tuple(notices))

    async def explain(
        self, caller: Caller, absence_id: int, reason: str, end_time: dt.time | None = None
    ) -> Explained | None:
        """The guardian's answer explains the absence with its reason category (and the arrival time it
        gives, "kommer kl 11"); their words are not kept."""
        record = await self.absences.explain(
            absence_id, reason=reason, guardian_id=caller.person.sourced_id, channel=caller.channel, end_time=end_time
        )
        if record is None:
            return None
        child = await self.people.child(record.student_id)
        if child is None:
            return Explained(None, reason, arrives=end_time)
        text_for = partial(render.followup_teacher, child=child, reason=reason, arrives=end_time)
        notices = await self._to_teachers(child, text_for)
        return Explained(child, reason, tuple(notices), arrives=end_time)

    async def _to_teachers(self, child: ChildInfo, text_for: Callable[[str | None], str]) -> list[Notice]:
        """A notice to each contact teacher of the child's class, in their own language."""
        if not child.class_id:
            return []
        return [
            Notice(teacher, text_for(teacher.language))
            for teacher in await self.people.contact_teachers(child.class_id)
        ]

    # ------------------------------------------------------------ leave

    async def apply_leave(self, caller: Caller, child: ChildInfo, u: Understanding) -> LeaveSent:
        """One child's application, to the office (or the principal when long); the deciders get a card."""
        guardian = caller.person
        req = await self.absences.apply_leave(
            student_id=child.person.sourced_id,
            dates=u.dates,
            reason=u.reason,
            requested_by=guardian.sourced_id,
            channel=caller.channel,
            principal_over_days=self.policy.principal_over_days,
        )
        deciders = await self.people.by_roles(("administrator",) if req.route == "principal" else ("aide",))
        notices = []
        for decider in deciders:
            text = render.leave_office_card(decider.language, req, child, u, caller.today, guardian.name)
            notices.append(Notice(decider, text, card=decision_card(decider.language, text, req.id), sms=False))
        return LeaveSent(child, u.dates, req.route, tuple(notices), u.reason)

    async def decide_leave(self, caller: Caller, request_id: int, granted: bool) -> LeaveDecision:
        """Grant or refuse once (leaders any, the office its own); the guardian is told where they applied."""
        decider = caller.person
        req = await self.absences.leave(request_id)
        if req is None:
            return LeaveDecision("unknown", request_id)
        if not (decider.is_leader or (decider.is_office and req.route == "office")):
            return LeaveDecision("not_yours", request_id)
        decided = await self.absences.decide_leave(request_id, granted=granted, decided_by=decider.sourced_id)
        if decided is None:
            return LeaveDecision("already_decided", request_id)
        guardian = await self.people.get(decided.requested_by)
        child = await self.people.child(decided.student_id)
        if guardian is None or child is None:
            return LeaveDecision("decided", request_id, decided.status)
        days = (await self.calendar()).school_days(decided.first_date, decided.last_date)
        text = render.leave_guardian(guardian.language, decided.status, child, days, caller.today)
        notice = Notice(guardian, text, teams=decided.channel != "sms", sms=True)
        return LeaveDecision("decided", request_id, decided.status, (notice,))

    async def decide_leave_by_name(self, caller: Caller, name: str, granted: bool) -> LeaveDecision:
        """Decide the one open application of the pupil so named; none or several fitting are said so."""
        fits = []
        for req in await self.absences.open_leaves():
            child = await self.people.child(req.student_id)
            if child is not None and name_fits(name, child.person.name):
                fits.append(req)
        if not fits:
            return LeaveDecision("none_for", 0, child=name)
        if len(fits) > 1:
            return LeaveDecision("several_for", 0, child=name, candidates=tuple(r.id for r in fits))
        result = await self.decide_leave(caller, fits[0].id, granted)
        return replace(result, child=name)

    # ------------------------------------------------------------ teachers list and register

    async def pupils_of_teacher(self, teacher: PersonInfo) -> list[tuple[str, str, str]]:
        """(sourcedId, first name, "Ola Nordmann (5B)") of every pupil in the teacher's classes."""
        out = []
        for class_id, title in await self.people.classes_taught(teacher.sourced_id):
            for pupil in await self.people.pupils_of(class_id):
                out.append((pupil.sourced_id, pupil.given_name, f"{pupil.name} ({title})"))
        return out

    async def _classes_of(self, person: PersonInfo) -> list[tuple[str, str]]:
        """The classes a person may list and register: their own, or all for leaders and the office."""
        if _is_leader_or_office(person):
            return await self.people.all_classes()
        return await self.people.classes_taught(person.sourced_id)

    async def week_days(self, today: dt.date, weeks_ahead: int) -> tuple[dt.date, ...]:
        """The school days of the week `weeks_ahead` weeks from today's (0 this week, -1 last week)."""
        monday = week_monday(today, weeks_ahead)
        return tuple((await self.calendar()).school_days(monday, monday + dt.timedelta(days=4)))

    async def day_list(self, caller: Caller, klass: str | None, day: dt.date | None = None) -> Listing:
        """A day's absences (today's unless `day` says) in the caller's classes (or the one asked for),
        with its class list when one."""
        day = day or caller.today
        classes = await self._classes_of(caller.person)
        if not classes:
            return NoClasses()
        if klass:
            chosen = [c for c in classes if c[1].lower() == klass.lower()]
            if not chosen:
                return UnknownClass(klass, tuple(classes))
            classes = chosen
        rows = tuple(await self.absences.for_day(day, [c[0] for c in classes]))
        pupils: tuple[tuple[str, str, bool], ...] = ()
        if len(classes) == 1:
            absent = {row.record.student_id for row in rows}
            pupils = tuple(
                (p.sourced_id, p.name, p.sourced_id in absent) for p in await self.people.pupils_of(classes[0][0])
            )
        return DayList(day, tuple(classes), rows, pupils)

    async def pupils_day(self, caller: Caller, wanted: Sequence[str], day: dt.date) -> PupilDay:
        """ "er Ola meldt borte?": each named pupil of the caller's classes with their absence that day, if any."""
        classes = await self._classes_of(caller.person)
        rows = {r.record.student_id: r for r in await self.absences.for_day(day, [c[0] for c in classes])}
        found: dict[str, AbsenceRow | None] = {}  # one line per pupil, even when two names fit them
        unknown: list[str] = []
        for name in wanted:
            hits = [
                (pupil, title)
                for class_id, title in classes
                for pupil in await self.people.pupils_of(class_id)
                if name_fits(name, pupil.name)
            ]
            if not hits:
                unknown.append(name)
            found.update((f"{p.name} ({title})", rows.get(p.sourced_id)) for p, title in hits)
        return PupilDay(day, tuple(found.items()), tuple(unknown))

    async def register_from_card(
        self, caller: Caller, class_id: str | None, missing: Sequence[str]
    ) -> Registered | RegisterRefused:
        """The class-list card: only pupils of a class the teacher has (leaders and the office: any)."""
        allowed = {cid for cid, _ in await self._classes_of(caller.person)}
        if class_id is None or class_id not in allowed:
            return RegisterRefused("not_allowed")
        pupils = {p.sourced_id for p in await self.people.pupils_of(class_id)}
        chosen = [sid for sid in missing if sid in pupils]
        if not chosen:
            return RegisterRefused("nobody")
        return await self.register_missing(caller, chosen)

    async def register_missing(self, caller: Caller, student_ids: Sequence[str]) -> Registered:
        """Mark pupils missing today; `follow_up` then asks the guardians of the newly unexplained."""
        known, new = await self.absences.register_missing(
            teacher_id=caller.person.sourced_id, student_ids=student_ids, day=caller.today
        )
        return Registered(await self._first_names(known), await self._first_names(new), tuple(new))

    async def _first_names(self, records: Iterable[AbsenceRecord]) -> tuple[str, ...]:
        children = [await self.people.child(r.student_id) for r in records]
        return tuple(c.person.given_name for c in children if c is not None)

    # ------------------------------------------------------------ same-day follow-up

    async def follow_up(self, registered: Registered) -> None:
        """Ask every guardian of each newly unexplained absence why, at once (by SMS): the law asks that
        guardians are told as soon as possible, and a missing child should not wait for a second parent."""
        for record in registered.new:
            await self.ask_guardians(record.id, record.student_id, stage=1)

    async def ask_guardians(self, absence_id: int, student_id: str, stage: int) -> bool:
        """SMS every guardian with parental responsibility not yet asked; False when none could be reached."""
        asked = await self.absences.asked_guardians(absence_id)
        child = await self.people.child(student_id)
        if child is None:
            return False
        reached = False
        for guardian in await self.people.guardians_of(student_id):
            if guardian.sourced_id in asked or not guardian.mobile:
                continue
            text = render.followup_sms(
                guardian.language, child, self.local_now().date(), await self.people.school_name()
            )
            sent = await self.notifier.notify(guardian, text, teams=False, sms=True, ignore_opt_out=True)
            await self.absences.ask(absence_id, guardian.sourced_id, stage, sent.channel)
            reached = reached or sent.channel is not None
        return reached

    async def escalate(self) -> int:
        """The periodic job: an absence none of whose guardians answered in time goes to the office in Teams
        (and to a guardian added to the roster since, if any), once."""
        now = self.local_now()
        wait = dt.timedelta(minutes=self.policy.followup_minutes)
        passed = 0
        for followup in await self.absences.due_followups(now - wait, now.date()):
            if not await self.absences.mark_passed_on(followup.absence.id):
                continue
            passed += 1
            absence = followup.absence
            if not await self.ask_guardians(absence.id, absence.student_id, followup.stage + 1):
                await self._tell_office(followup, now.date())
        return passed

    async def _tell_office(self, followup: Followup, today: dt.date) -> None:
        """No guardian could be asked (or none answered): the office hears of it in Teams."""
        child = await self.people.child(followup.absence.student_id)
        await self.absences.ask(followup.absence.id, None, followup.stage + 1, "office")
        if child is None:
            return
        for office in await self.people.by_roles(("aide",)):
            await self.notifier.notify(office, render.office_unanswered(office.language, child, today), sms=False)
