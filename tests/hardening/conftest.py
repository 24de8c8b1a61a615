"""A Skolebot running in a background thread, so synchronous hypothesis tests can hammer its HTTP routes."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import Running, copy_sqlite, running_bot


class BackgroundBot:
    def __init__(self, db_url: str) -> None:
        self._db_url = db_url
        self.loop = asyncio.new_event_loop()
        self.running: Running | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._main())

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        async with running_bot(self._db_url) as running:
            self.running = running
            self._ready.set()
            await self._stop.wait()

    def start(self) -> BackgroundBot:
        self._thread.start()
        assert self._ready.wait(30), "bot did not start"
        return self

    def call(self, coro, timeout: float = 30):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        assert self._stop is not None
        self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)


@pytest.fixture(scope="module")
def background_bot(small_school_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackgroundBot]:
    url = copy_sqlite(small_school_template, tmp_path_factory.mktemp("hardening"))
    bot = BackgroundBot(url).start()
    yield bot
    bot.stop()
