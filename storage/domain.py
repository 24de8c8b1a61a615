"""The closed vocabularies of the domain: every status, reason, route and kind a row may hold, defined once.

Each is a `StrEnum`, so a member is the very string stored in the column and compares equal to it:
rows read back hold plain strings, code that writes may use either. The tables keep `String`
columns and each column has a CHECK constraint generated from its enum (`storage.models.known`),
so the database itself refuses a value outside the list (migration 0009 added them).

A member is a `str` for JSON and SQL, but jsonpickle (the Bot Framework state in `SqlStorage`)
records its class: put `.value` rather than a member into dialog or conversation state.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


class Reason(StrEnum):
    """Why a child is away, as a category; the guardian's own words are never kept (see storage.absences)."""

    ILLNESS = "illness"
    APPOINTMENT = "appointment"
    FAMILY = "family"
    OTHER = "other"


class AbsenceStatus(StrEnum):
    """Where one child's absence on one day stands (absences.status)."""

    REPORTED = "reported"  # a guardian told us first
    UNEXPLAINED = "unexplained"  # the teacher registered the child missing; no one has explained it yet
    EXPLAINED = "explained"  # registered missing, then explained by a guardian
    LEAVE_REQUESTED = "leave_requested"  # a day of a pending leave application
    LEAVE_GRANTED = "leave_granted"
    LEAVE_REFUSED = "leave_refused"
    URGENT = "urgent"  # a guardian said the child should be at school: an urgent case is open (urgent_cases)
    RESOLVED = "resolved"  # that urgent case was closed by staff: the child is accounted for


class UrgentSignal(StrEnum):
    """Why a case is urgent (urgent_cases.signal): what the guardian's message said, as a category, never the words."""

    ON_THE_WAY = "on_the_way"  # left home, took the bus, walked, was dropped off: should be at school
    ASKS = "asks"  # asks where the child is ("isn't he there?"), or says the school must be wrong
    CALL_ME = "call_me"  # asks the school to call
    ALARM = "alarm"  # missing, has not come home, worry, alarm words
    UNCLEAR = "unclear"  # an answer the bot could not read as a reason: treated as should-be-there


class LeaveStatus(StrEnum):
    """A leave application (leave_requests.status): requested, then decided once."""

    REQUESTED = "requested"
    GRANTED = "granted"
    REFUSED = "refused"


class LeaveRoute(StrEnum):
    """Who decides a leave application (leave_requests.route): the office, or the principal for long ones."""

    OFFICE = "office"
    PRINCIPAL = "principal"


class BookingStatus(StrEnum):
    """A booked slot (bookings.status); only active bookings block the slot."""

    ACTIVE = "active"
    CANCELLED = "cancelled"


class DeliveryStatus(StrEnum):
    """One outbox delivery (broadcast_deliveries.status): pending -> sending -> sent -> delivered, or failed/skipped."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    SKIPPED = "skipped"


class DeliveryChannel(StrEnum):
    """How one delivery goes out (broadcast_deliveries.channel); "none" when it cannot go anywhere."""

    SMS = "sms"
    TEAMS = "teams"
    NONE = "none"


class BroadcastChannels(StrEnum):
    """The channels a broadcast asks for (broadcasts.channels)."""

    SMS = "sms"
    TEAMS = "teams"
    BOTH = "both"


class BroadcastOrigin(StrEnum):
    """Where a broadcast was written (broadcasts.origin)."""

    TEAMS = "teams"
    SMS = "sms"
    SHELL = "shell"
    SYSTEM = "system"


class SmsStatus(StrEnum):
    """A message status as Twilio reports it (sms_outbound.status): its API's MessageStatus, all of it."""

    ACCEPTED = "accepted"
    SCHEDULED = "scheduled"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    FAILED = "failed"
    CANCELED = "canceled"
    READ = "read"
    PARTIALLY_DELIVERED = "partially_delivered"
    RECEIVING = "receiving"
    RECEIVED = "received"


class LinkKindName(StrEnum):
    """The kind of a revoked signed link (link_revocations.kind): the names of bot.signed_links' kinds."""

    WEEKPLAN = "weekplan"
    FEED = "feed"
    STATS = "stats"


def parse(vocabulary: type[E], value: str) -> E | None:
    """The member of `vocabulary` spelt `value`, or None for anything else (a value from outside, unchecked)."""
    try:
        return vocabulary(value)
    except ValueError:
        return None


def sql_in(column: str, vocabulary: type[StrEnum]) -> str:
    """`column IN ('a', 'b')`, the SQL of a CHECK allowing exactly the vocabulary (NULL passes, as in any CHECK)."""
    return f"{column} IN (" + ", ".join(f"'{member.value}'" for member in vocabulary) + ")"


__all__ = [
    "AbsenceStatus",
    "BookingStatus",
    "BroadcastChannels",
    "BroadcastOrigin",
    "DeliveryChannel",
    "DeliveryStatus",
    "LeaveRoute",
    "LeaveStatus",
    "LinkKindName",
    "Reason",
    "SmsStatus",
    "UrgentSignal",
    "parse",
    "sql_in",
]
