"""End-to-end fixtures: a migrated SQLite template with the small school, copied per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import Running, copy_sqlite, running_bot


@pytest.fixture
def school_db_url(small_school_template: Path, tmp_path: Path) -> str:
    return copy_sqlite(small_school_template, tmp_path)


@pytest.fixture
async def bot(school_db_url: str) -> AsyncIterator[Running]:
    async with running_bot(school_db_url) as running:
        yield running
