"""The urgent case: a child who should be at school and is not. Opened by a guardian's answer to the
same-day question (or by an alarm from a guardian or relative), sent at once to the contact teachers
and the office marked urgent, kept open through further messages, and closed only by staff.

Like the absence service it takes a caller, ids and categories, and returns results whose notices
the dialog delivers; it never sees a turn, and never the guardian's words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from dialogs.absence import urgent_render as render
from dialogs.absence.results import Caller
from dialogs.absence.service import Delivery
from storage.people import ChildInfo, People, PersonInfo
from storage.urgent_cases import UrgentCaseRecord, UrgentCases

OPEN_CASE_CAPTURE = dt.timedelta(hours=24)  # a raiser's further messages join an open case this long
URGENT = "high"  # the Bot Framework activity importance of an urgent notice (low, normal, high)


class UrgentNotify(Protocol):
    """The proactive sender (bot.notify.Notifier), with the importance an urgent notice needs."""

    async def notify(
        self,
        person: PersonInfo,
        text: str,
        *,
        card: dict[str, Any] | None = None,
        teams: bool = True,
        sms: bool = True,
        ignore_opt_out: bool = False,
        importance: str | None = None,
    ) -> Delivery: ...


@dataclass(frozen=True)
class UrgentNotice:
    """One message to a staff member or a guardian; urgent ones go with high importance, SMS even if opted out."""

    person: PersonInfo
    text: str
    card: dict[str, Any] | None = None
    urgent: bool = True
    teams: bool = True


@dataclass(frozen=True)
class Raised:
    """Cases opened (or joined) for these children; `relative` when the sender has no parental responsibility."""

    children: tuple[ChildInfo, ...]
    relative: bool
    notices: tuple[UrgentNotice, ...] = ()
    additions: int = 0  # further messages the raiser has sent about the case(s), this one included


@dataclass(frozen=True)
class Resolution:
    """What a staff member's "funnet Ola" did: resolved, already resolved, none open, or several match."""

    outcome: Literal["resolved", "already", "none", "which", "list"]
    child: ChildInfo | None = None
    name: str = ""
    labels: tuple[str, ...] = ()
    notices: tuple[UrgentNotice, ...] = ()


def _dedup(people: Iterable[PersonInfo]) -> list[PersonInfo]:
    seen: dict[str, PersonInfo] = {}
    for p in people:
        seen.setdefault(p.sourced_id, p)
    return list(seen.values())


def _matches(child: ChildInfo, name: str) -> bool:
    """ "Ola", "ola n", "Ola Nordmann" name the child; an empty name names nobody."""
    wanted = " ".join(name.lower().split())
    full = child.person.name.lower()
    return bool(wanted) and (wanted == child.person.given_name.lower() or full.startswith(wanted))


class UrgentService:
    """Open, add to and resolve urgent cases; one per app, beside the absence service."""

    def __init__(
        self,
        *,
        cases: UrgentCases,
        people: People,
        notifier: UrgentNotify,
        clock: Callable[[], dt.datetime],
    ) -> None:
        self.cases = cases
        self.people = people
        self.notifier = notifier
        self.clock = clock

    async def deliver(self, notices: Iterable[UrgentNotice]) -> None:
        """Urgent notices: Teams with high importance and an alert, else SMS even to someone opted out."""
        for n in notices:
            await self.notifier.notify(
                n.person,
                n.text,
                card=n.card,
                teams=n.teams,
                sms=True,
                ignore_opt_out=n.urgent,
                importance=URGENT if n.urgent else None,
            )

    async def staff_for(self, child: ChildInfo) -> list[PersonInfo]:
        """Who acts on an urgent case: the contact teachers of the child's class and the office."""
        teachers = await self.people.contact_teachers(child.class_id) if child.class_id else []
        return _dedup([*teachers, *await self.people.by_roles(("aide",))])

    async def open_cases_of(self, person: PersonInfo, now: dt.datetime) -> list[UrgentCaseRecord]:
        """The open cases this person raised lately: their further messages join them."""
        return await self.cases.open_raised_by(person.sourced_id, now - OPEN_CASE_CAPTURE)

    async def linked_children(self, person: PersonInfo) -> list[ChildInfo]:
        """The pupils a guardian or relative is linked to (an alarm may come from either)."""
        children = [await self.people.child(sid) for sid in await self.cases.linked_children(person.sourced_id)]
        return [c for c in children if c is not None]

    # ------------------------------------------------------------ opening

    async def raise_case(
        self, caller: Caller, student_ids: Sequence[str], signals: Sequence[str], *, absence_id: int | None = None
    ) -> Raised:
        """Open a case per child (or join the open one) and compose the urgent notices to its staff."""
        notices: list[UrgentNotice] = []
        children: list[ChildInfo] = []
        signal = _strongest(signals)
        for sid in student_ids:
            child = await self.people.child(sid)
            if child is None:
                continue
            children.append(child)
            case, new = await self.cases.open(
                student_id=sid,
                absence_id=absence_id,
                day=caller.today,
                raised_by=caller.person.sourced_id,
                channel=caller.channel,
                signal=signal,
            )
            notices += await self._staff_notices(caller, child, case, signals, new=new, followup=absence_id is not None)
        return Raised(tuple(children), not caller.person.is_guardian, tuple(notices))

    async def _staff_notices(
        self,
        caller: Caller,
        child: ChildInfo,
        case: UrgentCaseRecord,
        signals: Sequence[str],
        *,
        new: bool,
        followup: bool,
        reason: str | None = None,
    ) -> list[UrgentNotice]:
        out = []
        for staff in await self.staff_for(child):
            lang = staff.language
            if not new:
                text = render.staff_addition(lang, child, caller.person, signals, reason)
            elif followup:
                text = render.staff_notice(lang, child, caller.person, signals)
            else:
                text = render.staff_alarm(lang, child, caller.person, signals)
            out.append(UrgentNotice(staff, text, card=render.urgent_card(lang, text, case.id)))
        return out

    async def add(self, caller: Caller, case_ids: Sequence[int], signals: Sequence[str], reason: str | None) -> Raised:
        """A further message from the raiser while the case is open: to the same staff, marked urgent."""
        notices: list[UrgentNotice] = []
        children: list[ChildInfo] = []
        additions = 0
        for case_id in case_ids:
            case = await self.cases.add(case_id)
            child = await self.people.child(case.student_id) if case is not None else None
            if case is None or child is None:
                continue
            children.append(child)
            additions = max(additions, case.additions)
            notices += await self._staff_notices(caller, child, case, signals, new=False, followup=True, reason=reason)
        return Raised(tuple(children), not caller.person.is_guardian, tuple(notices), additions)

    # ------------------------------------------------------------ resolving

    async def resolve(self, caller: Caller, case_id: int) -> Resolution:
        """Staff mark the child found: the others who were told and the guardian who raised it hear it once."""
        case = await self.cases.get(case_id)
        child = await self.people.child(case.student_id) if case is not None else None
        if case is None or child is None:
            return Resolution("none")
        resolved = await self.cases.resolve(case_id, caller.person.sourced_id)
        if resolved is None:
            return Resolution("already", child)
        notices = [
            UrgentNotice(staff, render.resolved_staff(staff.language, child, caller.person), urgent=False)
            for staff in await self.staff_for(child)
            if staff.sourced_id != caller.person.sourced_id
        ]
        school = await self.people.school_name()
        for guardian, channel in await self._guardians_to_tell(resolved):
            text = render.resolved_guardian(guardian.language, child, school)
            notices.append(UrgentNotice(guardian, text, urgent=False, teams=channel != "sms"))
        return Resolution("resolved", child, notices=tuple(notices))

    async def _guardians_to_tell(self, case: UrgentCaseRecord) -> list[tuple[PersonInfo, str | None]]:
        """The guardian who raised the case, and every guardian the school's same-day question went to
        (they were told the child is missing), each on the channel they used; once each."""
        wanted: list[tuple[str, str | None]] = [(case.raised_by, case.channel)]
        if case.absence_id is not None:
            wanted += await self.cases.asked_guardians(case.absence_id)
        out: dict[str, tuple[PersonInfo, str | None]] = {}
        for person_id, channel in wanted:
            person = out.get(person_id, (None, None))[0] or await self.people.get(person_id)
            if person is not None and person.is_guardian and person_id not in out:
                out[person_id] = (person, channel)
        return list(out.values())

    async def sees(self, staff: PersonInfo, child: ChildInfo) -> bool:
        """Whether a staff member's list shows this child's case: the office and leaders all, a teacher own classes."""
        if staff.is_office or staff.is_leader:
            return True
        return child.class_id in {cid for cid, _ in await self.people.classes_taught(staff.sourced_id)}

    async def names_open_case(self, name: str) -> bool:
        """Whether an open case's child is the one this name names."""
        for case in await self.cases.open_cases():
            child = await self.people.child(case.student_id)
            if child is not None and _matches(child, name):
                return True
        return False

    async def resolve_by_name(self, caller: Caller, name: str, *, found: bool = False) -> Resolution:
        """ "funnet Ola": the one open case whose child the name fits (any staff member may mark a child found).
        No name: the list of the cases the caller sees; "hun er funnet" / a bare "funnet" (`found`) resolves
        the caller's one open case, and asks which when there are several."""
        open_cases = [(case, await self.people.child(case.student_id)) for case in await self.cases.open_cases()]
        named = [(case, child) for case, child in open_cases if child is not None]
        pronoun = " ".join(name.lower().split()) in _PRONOUNS or (found and not name.strip())
        if not name.strip() or pronoun:
            visible = [(case, child) for case, child in named if await self.sees(caller.person, child)]
            labels = tuple(render.case_label(c) for _, c in visible)
            if pronoun and len(visible) == 1:
                return await self.resolve(caller, visible[0][0].id)
            if pronoun and visible:
                return Resolution("which", name=name.strip(), labels=labels)
            return Resolution("list", labels=labels)
        found_cases = [(case, child) for case, child in named if _matches(child, name)]
        if not found_cases:
            return Resolution("none", name=name.strip())
        if len({child.person.sourced_id for _, child in found_cases}) > 1:
            return Resolution("which", name=name.strip(), labels=tuple(render.case_label(c) for _, c in found_cases))
        return await self.resolve(caller, found_cases[0][0].id)


_ORDER = ("alarm", "on_the_way", "asks", "call_me")
# "Hun er funnet", "he's been found": the child of the staff member's one open case.
_PRONOUNS = frozenset({"han", "hun", "ho", "hu", "hen", "he", "she", "him", "her", "ham", "henne", "barnet", "eleven"})


def _strongest(signals: Sequence[str]) -> str:
    """The signal a case is filed under (alarm first); "unclear" when there is none."""
    return next((s for s in _ORDER if s in signals), "unclear")


def named_children(text: str, children: Sequence[ChildInfo], *, default_all: bool = True) -> list[ChildInfo]:
    """The children a message names by first name; all of them (or none, without `default_all`) when it names none."""
    named = [c for c in children if re.search(rf"\b{re.escape(c.person.given_name)}\b", text, re.I)]
    return named or (list(children) if default_all else [])
