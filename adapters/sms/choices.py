"""Choices for a phone: "Svar 1 for Ola, 2 for Emma." in the person's language (pure)."""

from __future__ import annotations

from botbuilder.schema import Activity

from bot.texts import t


def choices_line(titles: list[str], lang: str | None) -> str:
    options = [t(lang, "choice.sms_option", number=n, title=title) for n, title in enumerate(titles, start=1)]
    if len(options) > 1:
        joined = ", ".join(options[:-1]) + t(lang, "choice.or") + options[-1]
    else:
        joined = options[0] if options else ""
    return t(lang, "choice.sms_prompt", options=joined)


def inline_suggested_actions(activity: Activity) -> Activity:
    """Fold suggested actions into the text as a numbered answer line; ChoicePrompt still recognises them."""
    actions = getattr(activity.suggested_actions, "actions", None) or []
    titles = [str(a.title or a.value) for a in actions if (a.title or a.value)]
    if not titles:
        return activity
    text = (activity.text or "").rstrip()
    line = choices_line(titles, activity.locale)
    activity.text = f"{text} {line}".strip() if text else line
    activity.suggested_actions = None
    return activity
