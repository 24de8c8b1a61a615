"""The way to a human, with no TurnContext: which broadcast an answer acknowledges, what a "takk" refers to,
and forwarding a guardian's question or complaint to the right person (contact teacher, office, leaders).

A forwarded message is handed to the notifier (Teams, else SMS) and never stored. When the flow must ask
which child a message is about, the words wait in this process's memory for at most HOLD_FOR, keyed by
person, and are dropped once used.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.school_phone import display_phone
from bot.understanding import Child, resolve_children
from dialogs.contact import render
from dialogs.contact.understand import Addressee
from storage.absences import Absences
from storage.contact import ContactStore, RecentBroadcast
from storage.people import ChildInfo, People, PersonInfo

log = logging.getLogger(__name__)

HOLD_FOR = dt.timedelta(minutes=30)  # how long words wait in memory for the answer to "which child?"
_FALLBACK: dict[str, tuple[str, ...]] = {
    "teacher": ("teacher", "office", "leaders"),
    "office": ("office", "leaders"),
    "leaders": ("leaders", "office"),
}


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
class ForwardPlan:
    """Where a message should go: to whom, about which children, or which children to ask about first."""

    addressee: Addressee
    children: tuple[ChildInfo, ...] = ()
    ask: tuple[ChildInfo, ...] = ()  # not empty: ask "Gjelder det Ola eller Emma?" before forwarding


@dataclass(frozen=True)
class Forwarded:
    """Who got the message: the kind of recipient that took it and the people reached (empty: nobody)."""

    kind: str
    recipients: tuple[PersonInfo, ...] = ()
    classes: dict[str, list[str]] = field(default_factory=dict)  # teacher sourcedId -> classes told about


class ContactService:
    """Acknowledgements, social context and forwards; one per app."""

    def __init__(
        self,
        *,
        people: People,
        notifier: Notify,
        store: ContactStore,
        absences: Absences,
        phone: Callable[[], Awaitable[str | None]],
    ) -> None:
        self.people = people
        self.notifier = notifier
        self.store = store
        self.absences = absences
        self.phone = phone  # the school's number as people read it, or None
        self._held: dict[str, tuple[dt.datetime, str]] = {}

    # ------------------------------------------------------------ who the person is about

    async def children(self, person: PersonInfo) -> list[ChildInfo]:
        """A guardian's (or relative's) children; a pupil is their own "child" (for the class and teacher)."""
        if person.is_student:
            own = await self.people.child(person.sourced_id)
            return [own] if own is not None else []
        if person.is_staff:
            return []
        return await self.people.children_of(person.sourced_id)

    # ------------------------------------------------------------ answers to a broadcast

    async def answerable_broadcast(self, person: PersonInfo, now: dt.datetime) -> RecentBroadcast | None:
        """The recent broadcast an answer from this person would acknowledge; None when there is none, or when
        the school asked about a missing child after it (that question's answer comes first)."""
        recent = await self.store.recent_broadcast(person.sourced_id, now)
        if recent is None:
            return None
        kids = [k.person.sourced_id for k in await self.children(person)]
        if kids and await self.absences.open_followup(person.sourced_id, kids, recent.created_at) is not None:
            return None
        return recent

    # ------------------------------------------------------------ social turns

    async def get_well(self, person: PersonInfo, today: dt.date) -> list[str]:
        """The children this person reported ill today, by first name, for "God bedring til Ola"."""
        if not person.is_guardian:
            return []
        names = {k.person.sourced_id: k.person.given_name for k in await self.children(person)}
        ill: list[str] = []
        for report in await self.store.todays_reports(person.sourced_id, today):
            name = names.get(report.student_id)
            if report.reason == "illness" and name and name not in ill:
                ill.append(name)
        return ill

    # ------------------------------------------------------------ forwarding to a person

    async def plan(self, person: PersonInfo, kids: Sequence[ChildInfo], text: str, addressee: Addressee) -> ForwardPlan:
        """The children concerned (the only one, or the named ones) and whether to ask which one first: only
        when it changes who gets the message (children with different contact teachers)."""
        if len(kids) <= 1:
            return ForwardPlan(addressee, tuple(kids))
        named = resolve_children(text, [_as_child(k) for k in kids], await self.people.pupil_first_names())
        if named:
            return ForwardPlan(addressee, tuple(k for k in kids if k.person.sourced_id in named))
        if addressee != "teacher":
            return ForwardPlan(addressee, tuple(kids))
        teachers = {tuple(t.sourced_id for t in await self._teachers(k)) for k in kids}
        if len(teachers) == 1:
            return ForwardPlan(addressee, tuple(kids))
        return ForwardPlan(addressee, ask=tuple(kids))

    async def forward(
        self, sender: PersonInfo, children: Sequence[ChildInfo], addressee: Addressee, text: str | None, channel: str
    ) -> Forwarded:
        """Send the message to the first kind of recipient that can be reached: the children's contact
        teachers, else the office, else the leaders (or the office/leaders first when addressed to them)."""
        phone = display_phone(sender.mobile) if sender.mobile else None
        for kind in _FALLBACK[addressee]:
            recipients, classes = await self._recipients(kind, children)
            reached: list[PersonInfo] = []
            for recipient in recipients:
                notice = render.staff_notice(
                    recipient.language or "nb",
                    sender=sender,
                    children=children,
                    channel=channel,
                    text=text,
                    phone=phone,
                )
                sent = await self.notifier.notify(recipient, notice)
                if sent.channel is not None:
                    reached.append(recipient)
            if reached:
                log.info("a message was forwarded to %d staff (%s, asked for %s)", len(reached), kind, addressee)
                return Forwarded(kind, tuple(reached), classes)
        log.warning("a message could not be forwarded to anyone (asked for %s)", addressee)
        return Forwarded(addressee)

    async def _teachers(self, child: ChildInfo) -> list[PersonInfo]:
        return await self.people.contact_teachers(child.class_id) if child.class_id else []

    async def _recipients(
        self, kind: str, children: Sequence[ChildInfo]
    ) -> tuple[list[PersonInfo], dict[str, list[str]]]:
        """The people of one kind to tell, and for teachers the classes each is told about."""
        if kind == "office":
            return await self.people.by_roles(("aide",)), {}
        if kind == "leaders":
            return await self.people.by_roles(("administrator",)), {}
        teachers: dict[str, PersonInfo] = {}
        classes: dict[str, list[str]] = {}
        for child in children:
            for teacher in await self._teachers(child):
                teachers.setdefault(teacher.sourced_id, teacher)
                told = classes.setdefault(teacher.sourced_id, [])
                if child.class_name and child.class_name not in told:
                    told.append(child.class_name)
        return list(teachers.values()), classes

    # ------------------------------------------------------------ words waiting for "which child?"

    def hold(self, person_id: str, text: str, now: dt.datetime) -> None:
        """Keep the words in memory (never in the database) until the person says which child."""
        self._held = {k: v for k, v in self._held.items() if now - v[0] <= HOLD_FOR}
        self._held[person_id] = (now, text)

    def take(self, person_id: str, now: dt.datetime) -> str | None:
        """The held words, once; None when they are gone (too old, or another process took the question)."""
        held = self._held.pop(person_id, None)
        if held is None or now - held[0] > HOLD_FOR:
            return None
        return held[1]


def _as_child(c: ChildInfo) -> Child:
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
