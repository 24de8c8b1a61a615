"""KeyedLocks: turns of one conversation never overlap, and no lock outlives its users."""

from __future__ import annotations

import asyncio

from bot.keyed_lock import KeyedLocks


async def test_one_key_runs_one_at_a_time_in_order_and_locks_are_dropped() -> None:
    locks = KeyedLocks()
    running = 0
    peak = 0
    order: list[int] = []

    async def turn(i: int) -> None:
        nonlocal running, peak
        async with locks.hold("+4790000001"):
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.005)
            order.append(i)
            running -= 1

    tasks = []
    for i in range(10):  # arrivals spread out, as webhooks are: the old race let the third overlap the second
        tasks.append(asyncio.create_task(turn(i)))
        await asyncio.sleep(0.003)
    await asyncio.gather(*tasks)
    assert peak == 1
    assert order == list(range(10))
    assert len(locks) == 0


async def test_different_keys_run_side_by_side() -> None:
    locks = KeyedLocks()
    started = asyncio.Event()

    async def first() -> None:
        async with locks.hold("a"):
            started.set()
            await asyncio.sleep(0.05)

    async def second() -> bool:
        await started.wait()
        async with locks.hold("b"):
            return True

    _, ok = await asyncio.wait_for(asyncio.gather(first(), second()), 1)
    assert ok
