"""How a choice reads on a phone: "Svar 1 for Ola, 2 for Emma eller 3 for Begge." in the person's language."""

from __future__ import annotations

from bot.texts import t


def choices_line(titles: list[str], lang: str | None) -> str:
    """The answer line for numbered choices, from the message catalogue (pure)."""
    options = [t(lang, "choice.sms_option", number=n, title=title) for n, title in enumerate(titles, start=1)]
    if len(options) > 1:
        joined = ", ".join(options[:-1]) + t(lang, "choice.or") + options[-1]
    else:
        joined = options[0] if options else ""
    return t(lang, "choice.sms_prompt", options=joined)
