"""At most so many SMS to one number a minute: a guard against loops with auto-responders."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class PerNumberLimit:
    """A sliding window of send times per number, kept in memory: no database read per reply.

    Each process counts its own sends; with several replicas behind a load balancer a loop is
    stopped at the limit times the number of replicas, which still stops it.
    """

    def __init__(
        self, per_window: int, *, window_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._per_window = per_window
        self._window = window_seconds
        self._clock = clock
        self._sent: dict[str, deque[float]] = {}

    def allow(self, number: str) -> bool:
        """True, and counted, when one more SMS to `number` stays within the limit."""
        if self._recent(number) >= self._per_window:
            return False
        self.count(number)
        return True

    def count(self, number: str) -> None:
        """Count an SMS the limit does not apply to (a notice), so replies after it still add up."""
        if len(self._sent) > 10_000:
            self._prune()
        self._sent.setdefault(number, deque()).append(self._clock())

    def _recent(self, number: str) -> int:
        times = self._sent.get(number)
        if not times:
            return 0
        cutoff = self._clock() - self._window
        while times and times[0] <= cutoff:
            times.popleft()
        return len(times)

    def _prune(self) -> None:
        cutoff = self._clock() - self._window
        for number in [n for n, times in self._sent.items() if not times or times[-1] <= cutoff]:
            del self._sent[number]
