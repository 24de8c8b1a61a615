"""Roster look-ups kept in memory for as long as the roster has not changed.

Triggers move the `roster_generation` row on at every change to the roster tables (migration
0005), whoever makes it: a nightly import in another process, an erase, a test seeding rows.
The cache reads that one row at most once per turn (see `roster_turn`) and forgets everything
when it moved, so a turn never acts on a roster older than the turn itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select

from storage.db import Database
from storage.models import RosterGeneration

T = TypeVar("T")


@dataclass
class _Turn:
    """The caches whose generation this turn has already read (by id), while the turn lasts."""

    checked: set[int] = field(default_factory=set)
    open: bool = True


_TURN: ContextVar[_Turn | None] = ContextVar("skolebot_roster_turn", default=None)


@contextmanager
def roster_turn() -> Iterator[None]:
    """One generation read per cache for the whole turn; tasks the turn leaves behind check again."""
    turn = _Turn()
    token = _TURN.set(turn)
    try:
        yield
    finally:
        turn.open = False
        _TURN.reset(token)


class RosterCache:
    """Values loaded from the roster, valid while `roster_generation` keeps its value."""

    def __init__(self, db: Database, *, max_entries: int = 50_000) -> None:
        self._db = db
        self._max_entries = max_entries
        self._values: dict[Hashable, Any] = {}
        self._generation: int | None = None
        self._tickets = itertools.count(1)
        self._applied = 0  # the newest generation read applied; an older read finishing late is ignored
        self.loads = 0  # how often a value came from the database (the tests read it)

    async def get(self, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        """The cached value for `key`, loading it when the roster changed since it was kept."""
        generation = await self._current()
        if generation is not None and key in self._values:
            return self._values[key]
        value = await load()
        self.loads += 1
        if generation is not None and generation == self._generation:  # nothing moved while loading
            if len(self._values) >= self._max_entries:
                self._values.clear()
            self._values[key] = value
        return value

    def forget(self) -> None:
        """Drop everything (this process changed the roster; the trigger has moved the row on too)."""
        self._values.clear()
        self._generation = None

    async def _current(self) -> int | None:
        turn = _TURN.get()
        if turn is not None and turn.open and id(self) in turn.checked and self._generation is not None:
            return self._generation
        ticket = next(self._tickets)
        async with self._db.read() as s:
            generation = (await s.execute(select(RosterGeneration.value).where(RosterGeneration.id == 1))).scalar()
        if ticket > self._applied:
            self._applied = ticket
            if generation != self._generation:
                self._values.clear()
                self._generation = generation
        if turn is not None and turn.open:
            turn.checked.add(id(self))
        return self._generation
