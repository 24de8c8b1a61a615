"""A known set of records for November 2026 (and one SMS in November 2025), counted by hand in the tests."""

from __future__ import annotations

import datetime as dt

from storage.db import Database
from storage.models import (
    Absence,
    AbsenceFollowup,
    ConversationRef,
    InboundMessage,
    LeaveRequest,
    Person,
    Resource,
    SmsOutbound,
)
from storage.models_booking import Booking
from storage.models_broadcast import Acknowledgement, Broadcast, Delivery

UTC = dt.UTC
GUARDIANS = [f"g{i}" for i in range(1, 7)]
NAMES = ("Hilde", "Nordli", "Ola", "Kari")


def at(y: int, mo: int, d: int, h: int = 12, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=UTC)


def number(pid: str) -> str:
    return {"g": "+479000000", "p": "+479100000", "t": "+479200000"}[pid[0]] + pid[1:]


async def seed(db: Database) -> None:
    async with db.transaction() as s:
        for i, g in enumerate(GUARDIANS):
            s.add(
                Person(
                    sourced_id=g,
                    role="parent" if i % 2 else "guardian",
                    given_name="Hilde",
                    family_name="Nordli",
                    sms=number(g),
                )
            )
        s.add(Person(sourced_id="g9", role="parent", given_name="Gone", family_name="Away", active=False))
        for p in ("p1", "p2"):
            s.add(Person(sourced_id=p, role="student", given_name="Ola", family_name="Nordli", sms=number(p)))
        s.add(Person(sourced_id="t1", role="teacher", given_name="Kari", family_name="Lærer", sms=number("t1")))
        s.add(Person(sourced_id="t2", role="administrator", given_name="Per", family_name="Rektor", phone=number("t2")))
        s.add(Resource(sourced_id="r1", name="Gymsal", kind="room"))
    async with db.transaction() as s:
        # SMS out: guardians 5 (one at 00:30 Oslo on 1 Nov), pupils 1, staff 3, unknown 1; two outside November.
        outs = (
            [("g1", at(2026, 11, 2))] * 3
            + [("g2", at(2026, 11, 3)), ("g2", at(2026, 10, 31, 23, 30))]
            + [
                ("p1", at(2026, 11, 4)),
                ("t1", at(2026, 11, 5)),
                ("t1", at(2026, 11, 6)),
                ("t2", at(2026, 11, 9)),
                ("x", at(2026, 11, 9)),
                ("g1", at(2026, 10, 20)),
                ("g1", at(2026, 11, 30, 23, 30)),
                ("g3", at(2025, 11, 10)),
                ("g4", at(2025, 11, 11)),
            ]
        )
        for i, (who, when) in enumerate(outs):
            s.add(
                SmsOutbound(
                    sid=f"SM{i}",
                    to="+4799999999" if who == "x" else number(who),
                    status="delivered",
                    created_at=when,
                    updated_at=when,
                )
            )
        # SMS in: from guardians 3; a teacher's, an unknown number's and a Teams message do not count.
        ins = [("sms", "g1"), ("sms", "g1"), ("sms", "g3"), ("sms", "t1"), ("sms", None), ("msteams", "g4")]
        for i, (channel, who) in enumerate(ins):
            s.add(InboundMessage(channel_id=channel, message_id=f"m{i}", person_id=who, received_at=at(2026, 11, 10)))
        for who in ("g5", "g6", "t1", "g9"):
            s.add(
                ConversationRef(
                    person_id=who,
                    channel_id="msteams",
                    conversation_id=f"c-{who}",
                    reference="{}",
                    updated_at=at(2026, 11, 12),
                )
            )
        s.add(
            ConversationRef(
                person_id="g2", channel_id="msteams", conversation_id="c-old", reference="{}", updated_at=at(2026, 9, 1)
            )
        )
        # Absence reports: 7 (sms 5, teams 2), 5 before 08:30 Oslo (one the evening before).
        reports = [
            ("p1", 2, "sms", at(2026, 11, 2, 6)),
            ("p1", 3, "sms", at(2026, 11, 3, 8)),
            ("p2", 2, "msteams", at(2026, 11, 1, 18)),
            ("p2", 4, "msteams", at(2026, 11, 4, 7)),
            ("p2", 5, "sms", at(2026, 11, 5, 7, 20)),
            ("p1", 6, "sms", at(2026, 11, 6, 10)),
            ("p1", 9, "sms", at(2026, 11, 9, 6, 30)),
        ]
        for student, day, channel, created in reports:
            s.add(
                Absence(
                    student_id=student,
                    date=dt.date(2026, 11, day),
                    status="reported",
                    channel=channel,
                    reported_by="g1",
                    reason="illness",
                    created_at=created,
                )
            )
        # Registered missing by a teacher: 5, of which 2 are still unexplained.
        missing = []
        for student, day, status in (
            ("p1", 10, "explained"),
            ("p1", 11, "unexplained"),
            ("p2", 10, "explained"),
            ("p2", 11, "explained"),
            ("p2", 12, "unexplained"),
        ):
            a = Absence(
                student_id=student,
                date=dt.date(2026, 11, day),
                status=status,
                channel="msteams",
                registered_by="t1",
                created_at=at(2026, 11, day, 8),
            )
            s.add(a)
            missing.append(a)
        await s.flush()
        # Guardians answered after 10, 20, 30, 40 and 60 minutes (median 30); the office's answer is not counted.
        for absence, minutes, guardian in zip(
            missing[:4] + [missing[0]], (10, 20, 30, 40, 60), ("g1", "g2", "g3", "g4", "g2"), strict=True
        ):
            s.add(
                AbsenceFollowup(
                    absence_id=absence.id,
                    guardian_id=guardian,
                    stage=1,
                    channel="sms",
                    asked_at=at(2026, 11, 10, 9),
                    answered_at=at(2026, 11, 10, 9) + dt.timedelta(minutes=minutes),
                )
            )
        s.add(
            AbsenceFollowup(
                absence_id=missing[4].id,
                guardian_id=None,
                stage=2,
                asked_at=at(2026, 11, 12, 9),
                answered_at=at(2026, 11, 12, 9, 5),
            )
        )
        s.add(AbsenceFollowup(absence_id=missing[4].id, guardian_id="g5", stage=1, asked_at=at(2026, 11, 12, 8)))
        # Leave: 6 applications in November; 5 granted and 1 refused there.
        for i in range(6):
            s.add(
                LeaveRequest(
                    student_id="p1",
                    requested_by="g1",
                    channel="sms",
                    first_date=dt.date(2026, 12, 1 + i),
                    last_date=dt.date(2026, 12, 1 + i),
                    school_days=1,
                    route="office",
                    status="refused" if i == 5 else "granted",
                    decided_by="t2",
                    created_at=at(2026, 11, 16),
                    decided_at=at(2026, 11, 17),
                )
            )
        # Bookings: two active 2-hour bookings of the gym and a cancelled one (21 weekdays x 8 h = 168 h).
        for day, status in ((2, "active"), (3, "active"), (4, "cancelled")):
            s.add(
                Booking(
                    resource_id="r1",
                    start_at=at(2026, 11, day, 9),
                    end_at=at(2026, 11, day, 11),
                    booked_by="t1",
                    status=status,
                )
            )
        # Broadcasts: one notice to 6 guardians (5 reached, g6 by SMS after Teams failed), one alert to 5 (3 acks).
        notice = Broadcast(
            origin="teams",
            audience="alle foresatte",
            channels="both",
            text="x",
            sms_body="x",
            teams_body="x",
            created_at=at(2026, 11, 20),
        )
        alert = Broadcast(
            origin="sms",
            audience="alle foresatte",
            channels="sms",
            text="y",
            sms_body="y",
            teams_body="y",
            emergency=True,
            created_at=at(2026, 11, 21),
        )
        s.add_all([notice, alert])
        await s.flush()
        for g in GUARDIANS:
            s.add(
                Delivery(
                    broadcast_id=notice.id,
                    person_id=g,
                    channel="teams" if g == "g6" else "sms",
                    status="failed" if g in ("g5", "g6") else "delivered",
                )
            )
        s.add(Delivery(broadcast_id=notice.id, person_id="g6", channel="sms", status="delivered"))
        for g in GUARDIANS[:5]:
            s.add(Delivery(broadcast_id=alert.id, person_id=g, channel="sms", status="delivered"))
        for g in GUARDIANS[:3]:
            s.add(Acknowledgement(broadcast_id=alert.id, person_id=g, channel="sms"))
