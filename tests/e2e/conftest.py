"""End-to-end fixtures: a migrated SQLite template with the small school, copied per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.harness import Running, running_bot


@pytest.fixture
async def bot(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url) as running:
        yield running
