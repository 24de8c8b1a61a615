"""The absence service with no turn: a person, a time and the request in, results and notices out.

The notifier is a fake that records what would be sent, so these tests show that replies to the
caller are results (the dialog renders them) while teachers, the office and guardians are told
by the service, and that the periodic escalation runs with no conversation at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.understanding import Understanding
from dialogs.absence import render
from dialogs.absence.results import Caller, DayList, LeaveDecision, Recorded, Registered, RegisterRefused
from dialogs.absence.service import AbsencePolicy, AbsenceService
from storage.absences import Absences
from storage.calendar import SchoolCalendar
from storage.db import Database
from storage.people import People, PersonInfo
from storage.roster import load_calendar

OSLO = ZoneInfo("Europe/Oslo")
MONDAY_MORNING = dt.datetime(2026, 11, 30, 7, 10, tzinfo=dt.UTC)  # 08:10 in Oslo; the app's clock is UTC


@dataclass
class Sent:
    channel: str | None


@dataclass
class FakeNotifier:
    """Records each notification; every guardian answers the phone."""

    sent: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    async def notify(self, person: PersonInfo, text: str, **kw: Any) -> Sent:
        self.sent.append((person.sourced_id, text, kw))
        return Sent("sms" if kw.get("teams") is False else "msteams")

    def to(self, sourced_id: str) -> list[str]:
        return [text for who, text, _ in self.sent if who == sourced_id]


@dataclass
class Clock:
    now: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class School:
    service: AbsenceService
    notifier: FakeNotifier
    clock: Clock
    people: People


@pytest.fixture
async def school(school_db_url: str) -> AsyncIterator[School]:
    db = Database(school_db_url)
    people = People(db)
    notifier = FakeNotifier()
    clock = Clock(MONDAY_MORNING)
    calendar = await load_calendar(db)

    async def the_calendar() -> SchoolCalendar:
        return calendar

    service = AbsenceService(
        absences=Absences(db, clock),
        people=people,
        notifier=notifier,
        calendar=the_calendar,
        clock=clock,
        policy=AbsencePolicy(zone=OSLO, followup_minutes=30, principal_over_days=3),
    )
    try:
        yield School(service, notifier, clock, people)
    finally:
        await db.dispose()


async def caller(school: School, sourced_id: str, channel: str = "sms") -> Caller:
    person = await school.people.get(sourced_id)
    assert person is not None
    return Caller(person=person, now=school.clock.now.astimezone(OSLO), channel=channel)


async def test_a_report_is_a_result_and_the_teacher_notice_waits_for_delivery(school: School) -> None:
    lise = await caller(school, "g-lise")
    kids = await school.service.children(lise.person)
    u = Understanding(intent="absence", students=("s-ola",), dates=(MONDAY_MORNING.date(),), reason="illness")
    result = await school.service.record_report(lise, kids, u)
    assert isinstance(result, Recorded) and [c.person.given_name for c in result.children] == ["Ola"]
    assert render.recorded("nb", result, lise.today).startswith("Registrert: Ola (5B) borte i dag")
    assert school.notifier.sent == []  # the caller's reply comes first; the dialog delivers after it
    await school.service.deliver(result.notices)
    assert [who for who, _, _ in school.notifier.sent] == ["t-kari"]
    assert "Ola Nordmann" in school.notifier.to("t-kari")[0]


async def test_the_register_asks_a_guardian_and_escalation_runs_without_a_turn(school: School) -> None:
    kari = await caller(school, "t-kari", channel="msteams")
    registered = await school.service.register_missing(kari, ["s-ola"])
    assert isinstance(registered, Registered) and registered.new_names == ("Ola",)
    await school.service.follow_up(registered)
    asked = [who for who, _, kw in school.notifier.sent if kw.get("ignore_opt_out")]
    assert sorted(asked) == ["g-lise", "g-tor"]  # both guardians at once, not one after the other
    assert await school.service.escalate() == 0  # not yet
    assert school.notifier.to("o-post") == []
    school.clock.now += dt.timedelta(minutes=31)
    assert await school.service.escalate() == 1  # neither answered: the office, once
    assert [t for t in school.notifier.to("o-post") if "Ola Nordmann" in t] != []
    assert len(school.notifier.to("o-post")) == 1
    asked_again = [who for who, _, kw in school.notifier.sent if kw.get("ignore_opt_out")]
    assert sorted(asked_again) == ["g-lise", "g-tor"]  # no guardian is asked twice
    school.clock.now += dt.timedelta(minutes=31)
    assert await school.service.escalate() == 0


async def test_the_class_list_and_the_card_register_stay_within_the_teachers_classes(school: School) -> None:
    per = await caller(school, "t-per", channel="msteams")  # teaches 2A only
    assert await school.service.register_from_card(per, "c-5b", ["s-ola"]) == RegisterRefused("not_allowed")
    assert await school.service.register_from_card(per, "c-2a", ["s-ola"]) == RegisterRefused("nobody")
    listing = await school.service.day_list(per, None)
    assert isinstance(listing, DayList) and [c[1] for c in listing.classes] == ["2A"]
    assert [name for _, name, _ in listing.pupils] == ["Emma Nordmann"]


async def test_a_leave_decision_tells_the_guardian_and_only_once(school: School) -> None:
    lise = await caller(school, "g-lise")
    emma = next(c for c in await school.service.children(lise.person) if c.person.given_name == "Emma")
    days = (dt.date(2026, 12, 3), dt.date(2026, 12, 4))
    sent = await school.service.apply_leave(
        lise, emma, Understanding(intent="leave_request", students=("s-emma",), dates=days, reason="family")
    )
    assert sent.route == "office" and [n.person.sourced_id for n in sent.notices] == ["o-post"]
    card = sent.notices[0].card
    assert card is not None and sent.notices[0].sms is False  # the office decides in Teams
    request_id = card["actions"][0]["data"]["request_id"]
    kari = await caller(school, "t-kari", channel="msteams")
    assert (await school.service.decide_leave(kari, request_id, True)).outcome == "not_yours"
    office = await caller(school, "o-post", channel="msteams")
    decided = await school.service.decide_leave(office, request_id, True)
    assert decided == LeaveDecision("decided", request_id, "granted", decided.notices)
    assert [n.person.sourced_id for n in decided.notices] == ["g-lise"] and decided.notices[0].teams is False
    assert (await school.service.decide_leave(office, request_id, False)).outcome == "already_decided"
    assert (await school.service.decide_leave(office, 999, False)).outcome == "unknown"
