"""What every dialog shares: recognising cancel/help/greetings, choices per channel, replies."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.choices import Choice, ListStyle
from botbuilder.dialogs.prompts import PromptOptions
from botbuilder.schema import Activity

from bot.texts import t
from bot.turn import turn_info

_WORDS = re.compile(r"[\wæøåÆØÅ]+", re.UNICODE)
CANCEL_WORDS = frozenset({"avbryt", "avslutt dialog", "cancel", "nullstill", "glem det", "start på nytt", "reset"})
HELP_WORDS = frozenset({"hjelp", "help", "hjelp meg", "?", "meny", "menu", "hva kan du", "kva kan du"})
GREETING_WORDS = frozenset({"hei", "hallo", "heisann", "hello", "hi", "hey", "god morgen", "goddag", "morn", "hei hei"})


def _plain(text: str | None) -> str:
    return " ".join(_WORDS.findall((text or "").lower())) or (text or "").strip().lower()


def is_cancel(text: str | None) -> bool:
    return _plain(text) in CANCEL_WORDS


def is_help(text: str | None) -> bool:
    return _plain(text) in HELP_WORDS or (text or "").strip() == "?"


def is_greeting(text: str | None) -> bool:
    return _plain(text) in GREETING_WORDS


def help_text(context: TurnContext) -> str:
    info = turn_info(context)
    person = info.person
    if person is None:
        return t(info.language, "unknown_person")
    key = "help.staff" if person.is_staff else "help.student" if person.is_student else "help.guardian"
    text = t(info.language, key)
    if info.is_sms:
        text += " " + t(info.language, "help.sms_keywords")
    return text


def list_style_for(channel_id: str) -> ListStyle:
    """How choices look: numbered by the SMS adapter, buttons in Teams, suggested actions elsewhere."""
    if channel_id == "msteams":
        return ListStyle.hero_card
    return ListStyle.suggested_action


def message(context: TurnContext, text: str) -> Activity:
    """A text message marked with the person's language (the SMS adapter renders choices in it)."""
    activity = MessageFactory.text(text)
    activity.locale = turn_info(context).language
    return activity


def reply(context: TurnContext, key: str, **values: object) -> Activity:
    """A message from the catalogue in the person's language."""
    return message(context, t(turn_info(context).language, key, **values))


def choice_options(
    context: TurnContext,
    prompt_key: str,
    titles: list[str],
    *,
    retry_key: str | None = None,
    synonyms: list[list[str]] | None = None,
    **values: object,
) -> PromptOptions:
    """PromptOptions for a ChoicePrompt, with the prompt text from the catalogue.

    Each choice answers to its number, its title and the given synonyms ("familie" for "familiære årsaker").
    """
    choices = [Choice(value=title, synonyms=(synonyms[i] if synonyms else None)) for i, title in enumerate(titles)]
    return PromptOptions(
        prompt=reply(context, prompt_key, **values),
        retry_prompt=reply(context, retry_key or prompt_key, **values),
        choices=choices,
        style=list_style_for(context.activity.channel_id),
    )


class OneStepDialog(ComponentDialog):
    """A dialog that does one thing with its options and ends (commands that need no questions)."""

    def __init__(self, dialog_id: str, action: Callable[[TurnContext, dict[str, Any]], Awaitable[None]]) -> None:
        super().__init__(dialog_id)
        self._action = action
        self.add_dialog(WaterfallDialog("run", [self._run]))
        self.initial_dialog_id = "run"

    async def _run(self, step: WaterfallStepContext) -> DialogTurnResult:
        await self._action(step.context, dict(step.options or {}))
        return await step.end_dialog()
