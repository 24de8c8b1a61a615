"""SMS keywords in Norwegian and English (and Twilio's list), recognised on the whole message."""

from __future__ import annotations

# CANCEL and YES from Twilio's list are left out on purpose: they answer our own dialogs
# ("cancel" stops a dialog, "yes" confirms), so they must not opt a guardian out or in.
STOP_WORDS = frozenset({"stop", "stopp", "avslutt", "stopall", "unsubscribe", "end", "quit", "meld av"})
START_WORDS = frozenset({"start", "unstop", "meld på"})
HELP_WORDS = frozenset({"hjelp", "help", "info"})


def keyword(text: str | None) -> str | None:
    """'stop', 'start' or 'help' when the whole message is one of those keywords."""
    plain = " ".join((text or "").strip().lower().strip(".!").split())
    if plain in STOP_WORDS:
        return "stop"
    if plain in START_WORDS:
        return "start"
    if plain in HELP_WORDS:
        return "help"
    return None
