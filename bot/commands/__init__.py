"""`skolebot` subcommands. Each module here has `register(subparsers)`; a parser sets `run`.

A new flow adds its own module and one line to MODULES, so flows never edit each other's commands.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Coroutine
from importlib import import_module
from typing import Any

from bot.settings import Settings

Run = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]

MODULES = [
    "bot.commands.core",
    "bot.commands.bookings",
    "bot.commands.broadcast",
    "bot.commands.weekplan",
    "bot.commands.absence",
    "bot.commands.privacy",
    "bot.commands.stats",
    "bot.commands.links",
]


def register_all(subparsers: Any) -> None:
    for name in MODULES:
        import_module(name).register(subparsers)
