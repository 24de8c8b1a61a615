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
    "dialogs.booking.commands",
    "dialogs.broadcast.commands",
    "dialogs.weekplan.commands",
    "dialogs.absence.commands",
    "bot.commands.privacy",
    "dialogs.stats.commands",
    "bot.commands.links",
]


def register_all(subparsers: Any) -> None:
    for name in MODULES:
        import_module(name).register(subparsers)
