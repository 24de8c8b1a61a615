"""The `skolebot` command: the operator contract's commands (see README)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from bot.settings import Settings, SettingsError, load_settings

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="skolebot", description="Skolebot: the school's assistant in Teams and over SMS")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="web server and outbox worker in one process")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=3978)

    db = sub.add_parser("db", help="database commands")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply migrations to SKOLEBOT_DATABASE_URL")

    r = sub.add_parser("import-roster", help="import a OneRoster 1.1 CSV bundle (all or nothing)")
    r.add_argument("directory", type=Path)
    r.add_argument("--dry-run", action="store_true")

    d = sub.add_parser("demo", help="fill the database with the built-in demo school (idempotent)")
    d.add_argument("--if-empty", action="store_true", help="only when the database has no people yet")
    d.add_argument("--write", type=Path, help="only write the demo OneRoster bundle to this folder")

    c = sub.add_parser("chat", help="talk to the bot in the terminal through the real pipeline")
    who = c.add_mutually_exclusive_group(required=True)
    who.add_argument("--from", dest="phone", help="as this phone number, over the signed /api/sms path")
    who.add_argument("--teams", dest="upn", help="as this Teams user (UPN), over /api/messages")

    m = sub.add_parser("manifest", help="the Teams app package")
    m_sub = m.add_subparsers(dest="manifest_command", required=True)
    mb = m_sub.add_parser("build", help="build and validate the Teams app package")
    mb.add_argument("--bot-id", required=True)
    mb.add_argument("--out", required=True, type=Path)
    mb.add_argument("--version", default=None)
    return p


def _commands() -> dict[str, Command]:
    from bot import commands

    return {
        "serve": commands.serve,
        "db": commands.db,
        "import-roster": commands.import_roster,
        "demo": commands.demo,
        "chat": commands.chat,
        "manifest": commands.manifest,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"skolebot: {exc}", file=sys.stderr)
        return 2
    return asyncio.run(_commands()[args.command](args, settings))


if __name__ == "__main__":
    sys.exit(main())
