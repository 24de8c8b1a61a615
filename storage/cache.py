"""A small time-limited cache for roster-derived values that change only on a roster import."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Cached(Generic[T]):
    """Calls `load` at most once per `seconds`; a new roster shows up within that time."""

    def __init__(
        self, load: Callable[[], Awaitable[T]], seconds: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._load = load
        self._seconds = seconds
        self._clock = clock
        self._value: T | None = None
        self._at = float("-inf")

    async def __call__(self) -> T:
        if self._value is None or self._clock() - self._at > self._seconds:
            self._value = await self._load()
            self._at = self._clock()
        return self._value

    def clear(self) -> None:
        self._value = None
