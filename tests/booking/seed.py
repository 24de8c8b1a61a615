"""Extra rooms and twenty teachers for booking tests, on top of tests/e2e/seed.py's small school."""

from __future__ import annotations

from storage.db import Database
from storage.models import Person, Resource

# (sourcedId, UPN) of twenty extra teachers, for the concurrency test.
TEACHERS: tuple[tuple[str, str], ...] = tuple(
    (f"t-b{n:02d}", f"laerer{n:02d}@solbakken.skole.no") for n in range(1, 21)
)

# sourcedId, name, kind, capacity, aliases — two music rooms, so a taken one has an alternative.
ROOMS: tuple[tuple[str, str, str, int, str], ...] = (
    ("r-moterom-1", "Møterom 1", "møterom", 8, "møterom 1|lille møterom"),
    ("r-moterom-2", "Møterom 2", "møterom", 14, "møterom 2|store møterom"),
    ("r-grupperom-1", "Grupperom 1", "grupperom", 6, "grupperom 1"),
    ("r-grupperom-2", "Grupperom 2", "grupperom", 6, "grupperom 2"),
    ("r-dataskap-1", "Dataskap 1", "dataskap", 30, "pc-skap|pc-skapet|dataskapet|dataskap 1"),
    ("r-musikk-2", "Musikkrom 2", "musikkrom", 20, "musikkrom 2|lille musikkrom"),
)


async def seed_booking_extras(db: Database) -> None:
    """Add the rooms and the twenty teachers to a database that has the small school."""
    async with db.transaction() as s:
        s.add_all(
            Resource(sourced_id=sid, name=name, kind=kind, capacity=cap, aliases=aliases, active=True)
            for sid, name, kind, cap, aliases in ROOMS
        )
        for n, (sid, upn) in enumerate(TEACHERS, start=1):
            s.add(
                Person(
                    sourced_id=sid,
                    role="teacher",
                    given_name=f"Lærer{n:02d}",
                    family_name="Testesen",
                    username=upn,
                    email=upn,
                    sms=f"+479300{n:04d}",
                    active=True,
                )
            )
