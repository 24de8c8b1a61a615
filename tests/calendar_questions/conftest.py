"""The demo school for staff conversations, built once per session and copied per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.staff.demo import Demo, demo_bot, demo_template


@pytest.fixture(scope="session")
def demo_school_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture
async def demo(demo_school_template: Path, tmp_path: Path) -> AsyncIterator[Demo]:
    async with demo_bot(demo_school_template, tmp_path) as bot:
        yield bot
