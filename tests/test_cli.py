"""The operator contract's commands, run as an operator would (bot.cli.main)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

REPO = Path(__file__).resolve().parents[1]


def _env(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("SKOLEBOT_DATABASE_URL", url)


@pytest.fixture
def demo_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    _env(monkeypatch, url)
    assert main(["db", "upgrade"]) == 0
    assert main(["demo"]) == 0
    return url


def test_serve_on_unmigrated_database_says_how_to_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _env(monkeypatch, f"sqlite+aiosqlite:///{tmp_path / 'new.db'}")
    assert main(["serve", "--port", "0"]) == 2
    assert "skolebot db upgrade" in capsys.readouterr().err


def test_bad_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SKOLEBOT_SMS_RATE", "fast")
    assert main(["db", "upgrade"]) == 2
    assert "SKOLEBOT_SMS_RATE" in capsys.readouterr().err
    monkeypatch.setenv("SKOLEBOT_SMS_RATE", "10")
    monkeypatch.setenv("SKOLEBOT_TIMEZONE", "Mars/Olympus")
    assert main(["db", "upgrade"]) == 2
    assert "SKOLEBOT_TIMEZONE" in capsys.readouterr().err


def test_demo_is_idempotent_and_if_empty_leaves_a_roster_alone(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert " 0 added" in out and " 0 updated" in out
    assert main(["demo", "--if-empty"]) == 0
    assert "already has a roster" in capsys.readouterr().out


def test_parse_prints_the_contract_json(demo_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from storage.demo_school import DEMO_GUARDIAN_PHONE

    capsys.readouterr()
    assert main(["parse", "--from", DEMO_GUARDIAN_PHONE, "--now", "2026-11-30T08:00", "begge er syke i dag"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer == {
        "intent": "absence",
        "students": ["s-ola", "s-emma"],
        "dates": ["2026-11-30"],
        "start_time": None,
        "end_time": None,
        "reason": "illness",
        "missing": [],
        "confidence": 1.0,
    }


def test_parse_confidence_is_lower_when_unsure(demo_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from storage.demo_school import DEMO_GUARDIAN_PHONE

    capsys.readouterr()
    text = "Ola ligger på sofaen med pledd, han er dårlig"
    assert main(["parse", "--from", DEMO_GUARDIAN_PHONE, "--now", "2026-11-30T08:00", text]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["intent"] == "absence" and answer["students"] == ["s-ola"]
    assert 0.0 < answer["confidence"] < 0.65
    assert answer["confidence"] == round(answer["confidence"], 2)


def test_parse_batch_answers_each_line_in_order(
    demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from storage.demo_school import DEMO_GUARDIAN_PHONE, DEMO_SINGLE_CHILD_GUARDIAN_PHONE

    lines = [
        {"from": DEMO_SINGLE_CHILD_GUARDIAN_PHONE, "now": "2026-11-30T08:00", "text": "Nora går hjem kl 12"},
        {"from": DEMO_GUARDIAN_PHONE, "now": "2026-11-30T08:00+01:00", "text": "ukeplan"},
        {"from": "+4700000000", "now": "2026-11-30T08:00", "text": "STOPP"},
    ]
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("\n".join(json.dumps(x) for x in lines) + "\n"))
    capsys.readouterr()
    assert main(["parse", "--batch"]) == 0
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [a["intent"] for a in answers] == ["absence", "weekplan", "stop"]
    assert all(isinstance(a["confidence"], float) and 0.0 <= a["confidence"] <= 1.0 for a in answers)
    assert answers[2]["confidence"] == 1.0  # a whole-message keyword is never in doubt
    assert answers[0]["start_time"] == "12:00" and answers[0]["students"] == ["s-nora"]
    assert answers[1]["dates"] == ["2026-11-30"]


def test_absences_json_has_the_contract_fields(demo_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from storage.absences import Absences
    from storage.db import Database

    async def report() -> None:
        db = Database(demo_url)
        import datetime as dt

        await Absences(db).report(
            student_ids=["s-ola"],
            dates=[dt.date(2026, 11, 30)],
            start_time=None,
            end_time=None,
            reason="illness",
            channel="sms",
            reported_by="g-hilde-nordli",
        )
        await db.dispose()

    asyncio.run(report())
    capsys.readouterr()
    assert main(["absences", "--date", "2026-11-30", "--class", "5B", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert len(items) == 1
    item = items[0]
    assert {
        k: item[k] for k in ("student", "date", "start_time", "end_time", "reason", "status", "channel", "reported_by")
    } == {
        "student": "s-ola",
        "date": "2026-11-30",
        "start_time": None,
        "end_time": None,
        "reason": "illness",
        "status": "reported",
        "channel": "sms",
        "reported_by": "g-hilde-nordli",
    }


def test_import_roster_reports_file_and_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _env(monkeypatch, f"sqlite+aiosqlite:///{tmp_path / 'r.db'}")
    assert main(["db", "upgrade"]) == 0
    bundle = tmp_path / "bundle"
    assert main(["demo", "--write", str(bundle)]) == 0
    users = (bundle / "users.csv").read_text(encoding="utf-8").splitlines()
    fields = users[5].split(",")
    header = users[0].split(",")
    fields[header.index("sms")] = "12ab"
    users[5] = ",".join(fields)
    (bundle / "users.csv").write_text("\n".join(users) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import-roster", str(bundle)]) == 1
    err = capsys.readouterr().err
    assert "users.csv:6:" in err and "nothing was written" in err
    assert main(["demo", "--if-empty"]) == 0  # still empty: the demo loads
    assert "added" in capsys.readouterr().out


def test_wheel_install_runs_db_upgrade(tmp_path: Path) -> None:
    """A plain, non-editable install carries migrations, catalogues, the demo and the manifest."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(REPO)],
        check=True,
        cwd=tmp_path,
    )
    wheel = next(wheels.glob("skolebot-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    # The dependencies come from this test run's environment (a path, so its editable install stays off).
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = next(p for p in sys.path if p.endswith("site-packages"))
    Path(site, "skolebot-test-deps.pth").write_text(deps + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    env = {
        "PATH": f"{venv / 'bin'}",
        "SKOLEBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'w.db'}",
        "HOME": str(tmp_path),
    }

    def run(*a: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(venv / "bin" / "skolebot"), *a], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )

    up = run("db", "upgrade")
    assert up.returncode == 0, up.stderr
    demo = run("demo")
    assert demo.returncode == 0, demo.stderr
    out = tmp_path / "app.zip"
    built = run("manifest", "build", "--bot-id", "9f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "--out", str(out))
    assert built.returncode == 0, built.stderr
    where = subprocess.run(
        [str(py), "-c", "import bot; print(bot.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(site), where  # the installed copy ran, not the checkout
