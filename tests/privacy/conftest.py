"""Fixtures for privacy tests: a copy of the small school's SQLite database per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.harness import copy_sqlite


@pytest.fixture
def school_db_url(small_school_template: Path, tmp_path: Path) -> str:
    return copy_sqlite(small_school_template, tmp_path)
