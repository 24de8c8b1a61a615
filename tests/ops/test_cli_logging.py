"""`skolebot` in its own process: SKOLEBOT_LOG_FORMAT=json gives one JSON object a line on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_cli(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "SKOLEBOT_DATABASE_URL": f"sqlite+aiosqlite:///{cwd / 'cli.db'}",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_json_log_lines_from_a_real_command(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "db", "upgrade", SKOLEBOT_LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert lines, "alembic reports each migration at INFO"
    assert {"timestamp", "level", "logger", "message", "request_id", "channel"} <= set(lines[0])
    assert any(line["logger"].startswith("alembic") for line in lines)
    assert "database is up to date" in result.stdout


def test_text_is_the_default_and_warning_level_quiets_it(tmp_path: Path) -> None:
    text = run_cli(tmp_path, "db", "upgrade")
    assert text.returncode == 0 and " INFO alembic" in text.stderr and not text.stderr.startswith("{")
    quiet = run_cli(
        tmp_path,
        "db",
        "upgrade",
        SKOLEBOT_LOG_LEVEL="warning",
        SKOLEBOT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'quiet.db'}",
    )
    assert quiet.returncode == 0 and quiet.stderr == ""
