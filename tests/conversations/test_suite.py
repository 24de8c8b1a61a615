"""The conversation suite (tests/conversations/suite/*.yaml): each script played through the real
HTTP endpoints on a fresh demo school; a failed expectation names the step and what was missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from storage.db import Database
from storage.demo_school import load_demo
from tests.conversations.score import play
from tests.dbs import sqlite_template

SUITE = Path(__file__).parent / "suite"
SCRIPTS = sorted(SUITE.glob("*.yaml"))


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated demo school on SQLite, copied for every conversation."""

    async def seed(db: Database) -> None:
        await load_demo(db)

    return sqlite_template(tmp_path_factory.mktemp("conversations") / "demo.db", seed)


def test_the_suite_has_at_least_150_conversations() -> None:
    assert len(SCRIPTS) >= 150, f"{len(SCRIPTS)} conversation scripts in {SUITE}"


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
async def test_conversation(path: Path, demo_template: Path) -> None:
    script: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    failure = await play(demo_template, script)
    assert failure is None, f"{path.name}: {script.get('title', '')}\n{failure}"
