"""Choices for a phone: suggested actions folded into the text as "Svar 1 for Ola, 2 for Emma." (pure).

The wording comes from the message catalogue through the shell (bot.sms_wording.choices_line),
so this channel knows no language.
"""

from __future__ import annotations

from collections.abc import Callable

from botbuilder.schema import Activity

ChoicesLine = Callable[[list[str], str | None], str]  # (titles, language) -> the answer line


def inline_suggested_actions(activity: Activity, choices_line: ChoicesLine) -> Activity:
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
