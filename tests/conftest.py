"""Shared fixtures: databases of both kinds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.db import Database
from tests.dbs import migrated_database

BOTH = ["sqlite", "postgresql"]


@pytest.fixture(params=BOTH)
def db_kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def db(db_kind: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty database, once on SQLite and once on PostgreSQL."""
    async with migrated_database(db_kind, tmp_path) as database:
        yield database
