"""What `make run` does, as processes: migrate, load the demo, serve; a demo teacher says "hei"."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp

from adapters.teams.fake_connector import FakeConnector
from bot.emulator import EmulatorClient, EmulatorUser
from storage.demo_school import DEMO_GUARDIAN_PHONE, DEMO_TEACHER_UPN

SKOLEBOT = [sys.executable, "-m", "bot.cli"]
REPO = Path(__file__).resolve().parents[1]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SKOLEBOT_", "TWILIO_", "MICROSOFT_"))}
    env["SKOLEBOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'run.db'}"
    return env


def _prepare(tmp_path: Path) -> dict[str, str]:
    env = _env(tmp_path)
    for args in (["db", "upgrade"], ["demo", "--if-empty"]):
        done = subprocess.run(SKOLEBOT + args, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    return env


async def test_make_run_then_a_demo_teacher_says_hei_through_the_emulator_protocol(tmp_path: Path) -> None:
    env = _prepare(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = await asyncio.create_subprocess_exec(
        *SKOLEBOT,
        "serve",
        "--port",
        str(port),
        env=env,
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    connector = FakeConnector()
    connector_url = await connector.start()
    try:
        banner = await asyncio.wait_for(server.stdout.readline(), 60)
        while b"listens on" not in banner:
            banner = await asyncio.wait_for(server.stdout.readline(), 60)
        async with aiohttp.ClientSession() as session:
            client = EmulatorClient(f"http://127.0.0.1:{port}", connector, connector_url, session)
            replies = await client.say(EmulatorUser(user_id=DEMO_TEACHER_UPN, name=DEMO_TEACHER_UPN), "hei")
            assert replies and replies[0]["text"].startswith("Hei, Kari!")
            async with session.get(f"http://127.0.0.1:{port}/") as resp:  # the playground is on
                assert resp.status == 200
    finally:
        server.terminate()
        await asyncio.wait_for(server.wait(), 30)
        await connector.stop()
    assert server.returncode in (0, -15)


def test_chat_in_the_terminal_on_both_channels(tmp_path: Path) -> None:
    env = _prepare(tmp_path)
    teams = subprocess.run(
        SKOLEBOT + ["chat", "--teams", DEMO_TEACHER_UPN],
        input="hei\n",
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert teams.returncode == 0, teams.stderr
    assert "skolebot: Hei, Kari!" in teams.stdout
    sms = subprocess.run(
        SKOLEBOT + ["chat", "--from", DEMO_GUARDIAN_PHONE],
        input="hei\nhjelp\n",
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert sms.returncode == 0, sms.stderr
    assert "skolebot (SMS): Hei, Hilde!" in sms.stdout
    assert "STOPP" in sms.stdout  # the SMS help mentions the keywords
