"""`skolebot broadcast`, `report broadcast --json`, `pin set` through bot.cli.main, as an operator runs them."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from bot.cli import main
from storage.broadcasts import Broadcasts
from tests.broadcast.conftest import settle
from tests.e2e.harness import Running, running_bot
from tests.e2e.seed import GUARDIAN_ONE_KID, LEADER_PHONE


@pytest.fixture
async def server(school_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A running bot without its own worker (it receives Twilio's status callbacks), and the CLI's env."""
    async with running_bot(school_url, SKOLEBOT_OUTBOX_WORKER=False) as bot:
        for key, value in {
            "SKOLEBOT_DATABASE_URL": school_url,
            "SKOLEBOT_PUBLIC_URL": bot.url,
            "TWILIO_ACCOUNT_SID": bot.twilio.account_sid,
            "TWILIO_AUTH_TOKEN": bot.twilio.auth_token,
            "TWILIO_FROM_NUMBER": "+4759440000",
            "SKOLEBOT_TWILIO_API_URL": bot.twilio.base_url or "",
            "SKOLEBOT_SMS_RATE": "50",
        }.items():
            monkeypatch.setenv(key, value)
        yield bot


async def run(*argv: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> int:
    if stdin is not None and monkeypatch is not None:
        import io
        import sys

        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return await asyncio.to_thread(main, list(argv))


async def test_broadcast_yes_sends_with_a_progress_bar_and_the_report_is_json(
    server: Running, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(
        "broadcast",
        "--audience",
        "guardians:class:5B",
        "--channels",
        "sms",
        "--message",
        "Skolen stenger kl 12 i dag",
        "--yes",
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Til: foresatte i 5B" in out and "Mottakere: 4 personer, 4 adresser" in out
    assert "SMS: 4 SMS à 1 segment = 4 segmenter" in out
    queued = next(line for line in out.splitlines() if line.startswith("broadcast "))
    broadcast_id = int(queued.split()[1])
    assert "4/4 ended" in err  # the progress bar ran until every delivery ended
    assert len(server.twilio.messages) == 4 and server.phone.inbox(GUARDIAN_ONE_KID) == [
        "Skolen stenger kl 12 i dag\nHilsen Solbakken skole"  # signed by the school
    ]

    await settle(server, broadcast_id)  # Twilio's receipts reach the server
    code = await run("report", "broadcast", str(broadcast_id), "--json")
    out, err = capsys.readouterr()
    assert code == 0, err
    answer = json.loads(out)
    assert isinstance(answer, list) and len(answer) == 1
    report = answer[0]
    assert report["id"] == broadcast_id and report["recipients"] == 4 and report["audience"] == "guardians:class:5B"
    assert report["by_status"]["delivered"] == 4 and report["by_status"]["pending"] == 0
    assert {"sent", "failed", "skipped"} <= set(report["by_status"]) and report["not_reached"] == []


async def test_broadcast_drill_from_the_shell_lists_who_was_not_reached(
    server: Running, capsys: pytest.CaptureFixture[str]
) -> None:
    await server.services.people.set_sms_opt_out("g-berg", True)
    await Broadcasts(server.services.db).set_overrides_opt_out(False)
    code = await run(
        "broadcast",
        "--audience",
        "guardians:class:5B",
        "--channels",
        "sms,teams",
        "--message",
        "Brannøvelse nå",
        "--drill",
        "--yes",
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "BEREDSKAPSØVELSE" in out and "respekterer reservasjon" in out
    assert all(m.body.startswith("ØVELSE: Brannøvelse nå (ØVELSE)") for m in server.twilio.messages)
    assert len(server.twilio.messages) == 3
    assert "Anne Berg (+4790000002): reservert mot SMS" in out  # the office can phone her
    code = await run("report", "broadcast", "999")
    assert code == 1 and "no broadcast 999" in capsys.readouterr().err


async def test_bad_options_are_named(server: Running, capsys: pytest.CaptureFixture[str]) -> None:
    assert await run("broadcast", "--audience", "klasse 5B", "--message", "x", "--yes") == 2
    assert "--audience" in capsys.readouterr().err
    assert await run("broadcast", "--audience", "class:9Z", "--message", "x", "--yes") == 1
    assert "no class '9Z'" in capsys.readouterr().err
    assert server.twilio.messages == []


async def test_pin_set_reads_stdin_and_stores_only_a_hash(
    server: Running, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert await run("pin", "set", "--person", "a-rektor", stdin="4821\n", monkeypatch=monkeypatch) == 0
    assert "PIN set for a-rektor" in capsys.readouterr().out
    broadcasts = Broadcasts(server.services.db)
    assert (await broadcasts.check_pin(LEADER_PHONE, "a-rektor", "4821", server.services.deps.clock())).result == "ok"
    assert await run("pin", "set", "--person", "a-rektor", "--pin", "1234") == 1
    assert "too easy" in capsys.readouterr().err
    assert await run("pin", "set", "--person", "t-kari", "--pin", "4821") == 1  # not a leader
    assert "only an active leader" in capsys.readouterr().err
