"""Staff phrasing, read without a bot: which flow's request each message is (pure functions)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.periods import DEFAULT_PERIODS, parse_periods
from dialogs.absence.questions import StaffQuestion, read_staff_question
from dialogs.booking.understand import ResourceRef, parse_booking
from dialogs.broadcast.phrases import read_staff_compose
from dialogs.broadcast.render import ComposeRequest


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("hvem er borte i dag?", StaffQuestion("list")),
        ("Hvem mangler i 5B?", StaffQuestion("list", "5B")),
        ("kven er borte i dag", StaffQuestion("list")),
        ("who is absent today?", StaffQuestion("list")),
        ("who is missing in 5b?", StaffQuestion("list", "5B")),
        ("hvem er ikke på skolen i dag?", StaffQuestion("list")),
        ("dagens fravær", StaffQuestion("list")),
        ("hvor mange er syke i dag?", StaffQuestion("count")),
        ("hvor mange er borte", StaffQuestion("count")),
        ("kor mange er sjuke i dag?", StaffQuestion("count")),
        ("how many are absent today?", StaffQuestion("count")),
        ("hvor mange elever er borte i dag i 5B", StaffQuestion("count", "5B")),
        ("hvem er borte i morgen?", StaffQuestion("list", None, 1)),
        ("kven var borte i går?", StaffQuestion("list", None, -1)),
    ],
)
def test_absence_questions(text: str, question: StaffQuestion) -> None:
    assert read_staff_question(text) == question


@pytest.mark.parametrize(
    "text",
    ["Ola er borte i dag", "hvem er borte fra møtet i dag?", "hvem er borte på turen neste uke?", "fraværet mitt"],
)
def test_not_absence_questions(text: str) -> None:
    assert read_staff_question(text) is None


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "send til alle foresatte: Husk turdag i morgen",
            ComposeRequest(text="Husk turdag i morgen", audience="guardians", command=False),
        ),
        ("melding til 5B: Husk gymtøy", ComposeRequest(text="Husk gymtøy", audience="class:5B", command=False)),
        (
            "send til føresette i 5B: Hugs gymtøy",
            ComposeRequest(text="Hugs gymtøy", audience="guardians:class:5B", command=False),
        ),
        (
            "send a message to all parents: Trip tomorrow",
            ComposeRequest(text="Trip tomorrow", audience="guardians", command=False),
        ),
        ("øvelse", ComposeRequest(emergency=True, drill=True)),
        ("Beredskapsøvelse!", ComposeRequest(emergency=True, drill=True)),
        ("drill", ComposeRequest(emergency=True, drill=True)),
        ("send beredskapsvarsel", ComposeRequest(emergency=True)),
        ("send akuttvarsel til alle", ComposeRequest(emergency=True, audience="school")),
        ("emergency alert", ComposeRequest(emergency=True)),
        (
            "send beredskapsvarsel til hele skolen: Skolen stenger kl 12",
            ComposeRequest(emergency=True, audience="school", text="Skolen stenger kl 12"),
        ),
    ],
)
def test_broadcast_requests_in_plain_words(text: str, wanted: ComposeRequest) -> None:
    assert read_staff_compose(text) == wanted


@pytest.mark.parametrize(
    "text", ["melding til læreren: Ola er syk", "øvelse gjør mester", "send meg ukeplanen", "Ola er syk"]
)
def test_not_broadcast_requests(text: str) -> None:
    assert read_staff_compose(text) is None


RESOURCES = [
    ResourceRef("r-dataskap-1", "Dataskap 1 (30 PC-er)", "dataskap", ("pc-skap", "dataskap 1")),
    ResourceRef("r-dataskap-2", "Dataskap 2 (16 PC-er)", "dataskap", ("dataskap 2",)),
    ResourceRef("r-ipadskap-1", "iPadskap 1 (30 iPader)", "ipadskap", ("ipad-skapet", "ipadskap 1")),
    ResourceRef("r-musikkrom", "Musikkrommet", "musikkrom", ("musikkrommet", "musikkrom")),
]
NOW = dt.datetime(2026, 12, 7, 8, 45)
PERIODS = parse_periods(DEFAULT_PERIODS)


@pytest.mark.parametrize(
    ("text", "kind", "resource", "start"),
    [
        ("trenger PC-vogna i morgen 10-12", "dataskap", None, dt.time(10)),
        ("trenger datavogna fredag 9-10", "dataskap", None, dt.time(9)),
        ("kan jeg låne nettbrettene i morgen 12-13", "ipadskap", "r-ipadskap-1", dt.time(12)),
        ("jeg trenger musikkrommet fredag 10-11", "musikkrom", "r-musikkrom", dt.time(10)),
        ("trenger smartboard-tralla i morgen 10-12", None, None, dt.time(10)),  # the dialog asks which kind
    ],
)
def test_equipment_in_staff_words(text: str, kind: str | None, resource: str | None, start: dt.time) -> None:
    request = parse_booking(text, now=NOW, resources=RESOURCES, periods=PERIODS)
    assert request is not None and request.action == "book"
    assert (request.kind, request.resource_id, request.start) == (kind, resource, start)


def test_time_off_is_no_booking() -> None:
    assert parse_booking("trenger fri i morgen 10-12", now=NOW, resources=RESOURCES, periods=PERIODS) is None
