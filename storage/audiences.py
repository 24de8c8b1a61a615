"""Audiences: PRODUCT.md's audience strings -> the people in them and where each can be reached.

`school`, `staff`, `guardians`, `pupils`, `grade:5`, `class:5B`, `guardians:class:5B`,
`guardians:grade:5`, `pupils:class:5B`, and a person's sourcedId. A grade or class means its
pupils and their guardians. Each person appears once, however many children they have in the
audience; only guardians with parental responsibility (parent/guardian) are included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select, union

from storage.db import Database
from storage.models import ConversationRef, Enrollment, Guardianship, Person, SchoolClass
from storage.people import GUARDIAN_ROLES, STAFF_ROLES

TEAMS_CHANNELS = ("msteams", "emulator", "webchat")  # preferred first
_SCOPES = ("school", "grade", "class")
_MEMBERS = ("all", "guardians", "pupils")
_GRADE = re.compile(r"^[1-9]\d?$")


class UnknownAudience(ValueError):
    """An audience string that names no class, grade or person we know (the message says which)."""


@dataclass(frozen=True)
class Audience:
    """A parsed audience: staff, or members (all/guardians/pupils) of a scope, or one person."""

    scope: str  # "school", "grade", "class", "staff" or "person"
    members: str = "all"  # "all", "guardians" or "pupils" (school/grade/class only)
    value: str | None = None  # the grade number, the class title or the person's sourcedId

    def __str__(self) -> str:
        if self.scope == "staff":
            return "staff"
        if self.scope == "person":
            return str(self.value)
        if self.scope == "school":
            return {"all": "school", "guardians": "guardians", "pupils": "pupils"}[self.members]
        prefix = "" if self.members == "all" else self.members + ":"
        return f"{prefix}{self.scope}:{self.value}"


def parse_audience(raw: str) -> Audience | None:
    """The audience a string names, or None when it is not well formed (pure)."""
    text = (raw or "").strip()
    low = text.lower()
    if not text or " " in text:
        return None
    if low in ("school", "all", "alle"):
        return Audience("school")
    if low in ("staff", "ansatte"):
        return Audience("staff")
    if low in ("guardians", "foresatte"):
        return Audience("school", "guardians")
    if low in ("pupils", "students", "elever"):
        return Audience("school", "pupils")
    parts = text.split(":")
    members = "all"
    if parts[0].lower() in ("guardians", "pupils", "students") and len(parts) == 3:
        members = "pupils" if parts[0].lower() == "students" else parts[0].lower()
        parts = parts[1:]
    if len(parts) == 2 and parts[1]:
        scope, value = parts[0].lower(), parts[1]
        if scope == "grade" and _GRADE.match(value):
            return Audience("grade", members, value)
        if scope == "class":
            return Audience("class", members, value)
        return None
    if len(parts) == 1:
        return Audience("person", value=text)
    return None


@dataclass(frozen=True)
class Recipient:
    """One person in the audience with every address we have for them."""

    person_id: str
    given_name: str
    family_name: str
    role: str
    language: str | None
    mobile: str | None
    sms_opted_out: bool
    teams_blocked: bool
    teams_channel: str | None  # the channel of their stored Teams conversation, if any

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def has_teams(self) -> bool:
        return self.teams_channel is not None and not self.teams_blocked


@dataclass(frozen=True)
class Route:
    """How one recipient gets the message: a channel and address, or skipped with a reason."""

    person_id: str
    channel: str  # "sms", "teams" or "none"
    address: str | None
    status: str  # "pending" or "skipped"
    reason: str | None = None  # "opted_out", "no_address", "no_teams"


def plan_routes(
    recipients: Iterable[Recipient], channels: str, *, emergency: bool, overrides_opt_out: bool
) -> list[Route]:
    """One route per recipient: Teams first when asked and reachable there, else SMS (pure).

    `channels` is "sms", "teams" or "both". Opted-out numbers get SMS only for an emergency
    when the school's setting says emergencies override the opt-out.
    """
    routes: list[Route] = []
    for r in recipients:
        if channels in ("teams", "both") and r.has_teams:
            routes.append(Route(r.person_id, "teams", r.teams_channel, "pending"))
            continue
        if channels == "teams":
            routes.append(Route(r.person_id, "none", None, "skipped", "no_teams"))
            continue
        if not r.mobile:
            routes.append(Route(r.person_id, "none", None, "skipped", "no_address"))
        elif r.sms_opted_out and not (emergency and overrides_opt_out):
            routes.append(Route(r.person_id, "none", None, "skipped", "opted_out"))
        else:
            routes.append(Route(r.person_id, "sms", r.mobile, "pending"))
    return routes


def may_get_sms(mobile: str | None, opted_out: bool, *, emergency: bool, overrides_opt_out: bool) -> bool:
    """Whether a Teams failure may fall back to SMS for this person (the same rule as above)."""
    return bool(mobile) and (not opted_out or (emergency and overrides_opt_out))


# ---------------------------------------------------------------------------- queries


def _active_pupils(audience: Audience, class_ids: Select | None) -> Select:
    """sourcedIds of the active pupils in the audience's scope."""
    query = select(Person.sourced_id).where(Person.role == "student", Person.active.is_(True))
    if audience.scope == "grade":
        grade = int(audience.value or 0)
        in_grade_class = (
            select(Enrollment.person_id)
            .join(SchoolClass, SchoolClass.sourced_id == Enrollment.class_id)
            .where(
                Enrollment.active.is_(True),
                SchoolClass.active.is_(True),
                SchoolClass.class_type == "homeroom",
                SchoolClass.grade == grade,
            )
        )
        query = query.where(or_(Person.grade == grade, Person.sourced_id.in_(in_grade_class)))
    elif audience.scope == "class":
        assert class_ids is not None
        enrolled = select(Enrollment.person_id).where(Enrollment.active.is_(True), Enrollment.class_id.in_(class_ids))
        query = query.where(Person.sourced_id.in_(enrolled))
    return query


def _guardians_of(pupils: Select) -> Select:
    return (
        select(Person.sourced_id)
        .join(Guardianship, Guardianship.guardian_id == Person.sourced_id)
        .where(
            Guardianship.active.is_(True),
            Guardianship.student_id.in_(pupils),
            Person.active.is_(True),
            Person.role.in_(GUARDIAN_ROLES),
        )
    )


def _class_ids(title: str) -> Select:
    return select(SchoolClass.sourced_id).where(
        SchoolClass.active.is_(True),
        or_(func.lower(SchoolClass.title) == title.lower(), SchoolClass.sourced_id == title),
    )


def audience_ids(audience: Audience) -> Select:
    """A SELECT of the sourcedIds in the audience (no duplicates once used with IN)."""
    if audience.scope == "staff":
        return select(Person.sourced_id).where(Person.active.is_(True), Person.role.in_(STAFF_ROLES))
    if audience.scope == "person":
        return select(Person.sourced_id).where(Person.active.is_(True), Person.sourced_id == audience.value)
    classes = _class_ids(audience.value or "") if audience.scope == "class" else None
    pupils = _active_pupils(audience, classes)
    parts: list[Select] = []
    if audience.members in ("all", "pupils"):
        parts.append(pupils)
    if audience.members in ("all", "guardians"):
        parts.append(_guardians_of(pupils))
    if audience.scope == "school" and audience.members == "all":
        parts.append(select(Person.sourced_id).where(Person.active.is_(True), Person.role.in_(STAFF_ROLES)))
    return parts[0] if len(parts) == 1 else union(*parts)  # type: ignore[return-value]


class Audiences:
    """Resolves audiences against the roster; each call is one read transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def check(self, audience: Audience) -> None:
        """Raise UnknownAudience when the class or person does not exist (the grade may be empty)."""
        async with self._db.read() as s:
            if audience.scope == "class":
                if (await s.execute(_class_ids(audience.value or "").limit(1))).first() is None:
                    raise UnknownAudience(f"no class {audience.value!r}")
            elif audience.scope == "person":
                person = await s.get(Person, audience.value)
                if person is None or not person.active:
                    raise UnknownAudience(f"no person {audience.value!r}")

    async def resolve(self, audience: Audience) -> list[Recipient]:
        """Everyone in the audience, once each, ordered by sourcedId, with their addresses."""
        await self.check(audience)
        return await self._recipients(audience_ids(audience))

    async def people(self, person_ids: list[str]) -> list[Recipient]:
        """These active people as recipients (for messages the school sends to chosen people)."""
        return await self._recipients(
            select(Person.sourced_id).where(Person.active.is_(True), Person.sourced_id.in_(person_ids))
        )

    async def _recipients(self, ids: Select) -> list[Recipient]:
        wanted = ids.subquery()
        async with self._db.read() as s:
            rows = (
                await s.execute(
                    select(
                        Person.sourced_id,
                        Person.given_name,
                        Person.family_name,
                        Person.role,
                        Person.language,
                        Person.sms,
                        Person.phone,
                        Person.sms_opted_out,
                        Person.teams_blocked,
                    )
                    .where(Person.sourced_id.in_(select(wanted.c[0])))
                    .order_by(Person.sourced_id)
                )
            ).all()
            refs = (
                await s.execute(
                    select(ConversationRef.person_id, ConversationRef.channel_id).where(
                        ConversationRef.channel_id.in_(TEAMS_CHANNELS),
                        ConversationRef.person_id.in_(select(wanted.c[0])),
                    )
                )
            ).all()
        teams: dict[str, str] = {}
        for person_id, channel in refs:
            known = teams.get(person_id)
            if known is None or TEAMS_CHANNELS.index(channel) < TEAMS_CHANNELS.index(known):
                teams[person_id] = channel
        return [
            Recipient(
                person_id=r[0],
                given_name=r[1],
                family_name=r[2],
                role=r[3],
                language=r[4],
                mobile=r[5] or r[6],
                sms_opted_out=bool(r[7]),
                teams_blocked=bool(r[8]),
                teams_channel=teams.get(r[0]),
            )
            for r in rows
        ]
