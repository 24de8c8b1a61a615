"""The `skolebot` command: the operator contract's commands (see README)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from bot.commands import register_all
from bot.logs import configure as configure_logging
from bot.mode import ModeError
from bot.settings import SettingsError, load_settings


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="skolebot", description="Skolebot: the school's assistant in Teams and over SMS")
    register_all(p.add_subparsers(dest="command", required=True))
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"skolebot: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings)  # SKOLEBOT_LOG_FORMAT / SKOLEBOT_LOG_LEVEL; numbers masked
    if args.command != "db":  # migration chatter only where migrations run
        logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        return asyncio.run(args.run(args, settings))
    except ModeError as exc:  # a half-configured channel: refuse, naming what is missing
        print(f"skolebot: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
