"""The per-number reply limit: a sliding minute, counted in memory."""

from __future__ import annotations

from adapters.sms.rate_limit import PerNumberLimit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_up_to_the_limit_then_refuses_until_the_minute_has_passed() -> None:
    clock = Clock()
    limit = PerNumberLimit(3, clock=clock)
    allowed = []
    for _ in range(4):
        allowed.append(limit.allow("+4790000001"))
        clock.now += 10
    assert allowed == [True, True, True, False]  # sent at 0 s, 10 s and 20 s; refused at 30 s
    assert limit.allow("+4790000002")  # another number has its own window
    clock.now = 1059.9
    assert not limit.allow("+4790000001")
    clock.now = 1060.1  # the first reply is now more than a minute old
    assert limit.allow("+4790000001")
    assert not limit.allow("+4790000001")


def test_notices_count_towards_the_limit_but_are_never_refused() -> None:
    clock = Clock()
    limit = PerNumberLimit(2, clock=clock)
    for _ in range(3):
        limit.count("+4790000001")
    assert not limit.allow("+4790000001")


def test_numbers_quiet_for_a_minute_are_forgotten() -> None:
    clock = Clock()
    limit = PerNumberLimit(1, clock=clock)
    for i in range(10_002):
        limit.count(f"+47{i:08d}")
    clock.now += 61
    limit.count("+4799999999")  # over 10,000 numbers: the quiet ones are dropped
    assert len(limit._sent) == 1
    assert limit.allow("+4700000001")
