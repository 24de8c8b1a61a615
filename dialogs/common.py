"""What every dialog shares: recognising cancel/help/greetings, choices per channel, replies."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.choices import Choice, FoundChoice, ListStyle
from botbuilder.dialogs.prompts import ChoicePrompt, PromptOptions, PromptRecognizerResult, TextPrompt
from botbuilder.schema import Activity, ActivityTypes

from bot.texts import t
from bot.turn import turn_info
from bot.understanding.answers import Option, candidates, options_from
from bot.understanding.learned import usage_of
from bot.understanding.types import Child
from bot.understanding.usage import usage_request
from storage.people import ChildInfo

_WORDS = re.compile(r"[\wæøåÆØÅ]+", re.UNICODE)
CANCEL_WORDS = frozenset({"avbryt", "avslutt dialog", "cancel", "nullstill", "glem det", "start på nytt", "reset"})
HELP_WORDS = frozenset({"hjelp", "help", "hjelp meg", "?", "meny", "menu", "hva kan du", "kva kan du"})
GREETING_WORDS = frozenset({"hei", "hallo", "heisann", "hello", "hi", "hey", "god morgen", "goddag", "morn", "hei hei"})
# "hva kan du hjelpe meg med?", "kva kan du gjere?", "what can you do?", "hvordan bruker jeg deg?"
_HELP_QUESTION = re.compile(
    r"^(?:(?:hva|kva|what)\s+(?:kan|can)\s+(?:du|you)(?:\s+(?:hjelpe|hjelpa|help)\s+(?:meg|oss|me|us)\s+med|"
    r"\s+hjelpe\s+med|\s+help\s+(?:me|us)\s+with|\s+gjøre|\s+gjere|\s+do|\s+brukes\s+til)?(?:\s+for\s+meg)?|"
    r"(?:hvordan|korleis|how)\s+(?:bruker|brukar|use|do\s+i\s+use)\s+(?:jeg|eg)?\s*(?:deg|this\s+bot|you|boten))"
    r"(?:\s+(?:egentlig|eigentleg|nå|da|då|actually))?\s*[?!.]*\s*$",
    re.I,
)


def _plain(text: str | None) -> str:
    return " ".join(_WORDS.findall((text or "").lower())) or (text or "").strip().lower()


def is_cancel(text: str | None) -> bool:
    return _plain(text) in CANCEL_WORDS


def is_help(text: str | None) -> bool:
    """A help keyword, or a question about how to use the service ("hva kan jeg skrive her?", "how does this work?")."""
    if _plain(text) in HELP_WORDS or (text or "").strip() == "?" or bool(_HELP_QUESTION.match((text or "").strip())):
        return True
    return usage_request(text) == "help"


def wants_help(text: str | None) -> bool:
    """`is_help`, or a sentence the understanding (grammar and learned model) reads as a usage question; for a
    new message, not for an answer to a waiting question (which `is_help` alone reads)."""
    return is_help(text) or usage_of(text or "") == "help"


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
    meanings: list[Option | None] | None = None,
    **values: object,
) -> PromptOptions:
    """PromptOptions for a ChoicePrompt, with the prompt text from the catalogue.

    Each choice answers to its number, its title and the given synonyms ("familie" for "familiære årsaker"),
    and, with an AnswerChoicePrompt, to what its meaning says: a child by name, age or sex, a reason in
    a sentence (see bot.understanding.answers).
    """
    choices = [Choice(value=title, synonyms=(synonyms[i] if synonyms else None)) for i, title in enumerate(titles)]
    return PromptOptions(
        prompt=reply(context, prompt_key, **values),
        retry_prompt=reply(context, retry_key or prompt_key, **values),
        choices=choices,
        style=list_style_for(context.activity.channel_id),
        validations={ANSWERS_KEY: [o.to_json() for o in options_from(titles, synonyms, meanings)]},
    )


ANSWERS_KEY = "answers"  # in PromptOptions.validations: each choice's meaning as JSON (Option.to_json)


def child_meaning(child: ChildInfo) -> Option:
    """A choice that stands for one of the sender's children: answered by name, surname, age or sex."""
    p = child.person
    return Option(
        label=p.given_name,
        child=Child(
            sourced_id=p.sourced_id,
            given_name=p.given_name,
            family_name=p.family_name,
            class_name=child.class_name or "",
            grade=child.grade or 0,
            sex=p.sex,
            birth_date=p.birth_date,
        ),
    )


def answer_options(options: PromptOptions | None) -> list[Option]:
    """What each choice of a waiting question stands for: the meanings choice_options stored, or the
    titles and synonyms alone (yes/no and "Begge" read from the title)."""
    if options is None:
        return []
    stored = options.validations.get(ANSWERS_KEY) if isinstance(options.validations, dict) else None
    choices = list(options.choices or [])
    meant = [Option.from_json(o) for o in stored if isinstance(o, dict)] if isinstance(stored, list) else []
    if meant and len(meant) == len(choices):
        return meant
    return options_from([c.value for c in choices], [list(c.synonyms or []) for c in choices])


class OpenAnswerPrompt(TextPrompt):
    """A question answered in free words (which day, what time) that a new request of another flow
    interrupts: "fravær 5B" while a booking asks "fra når til når?" lists the absences. SchoolBot reads
    `new_requests_win`; answers routed to the prompt's own flow stay answers."""

    new_requests_win = True


class AnswerChoicePrompt(ChoicePrompt):
    """A ChoicePrompt that takes answers in the person's own words, and asks again in other words.

    "den minste", "Emma Nordmann", "jenta", "nr 2", "vi skal i gravferd", "jepp", "nei takk": the
    answer matcher decides first (one choice, or none when it fits several), botbuilder's recogniser
    after it. A retry never repeats the question word for word: it says what went wrong, shows the
    numbered choices and gives an example, and a later retry offers «avbryt».
    """

    # True when the prompt's validator itself tells a new request of its own flow from an answer
    # (booking: "Møterom 1" from a list of free rooms); SchoolBot then leaves such messages to it.
    tells_new_requests = False

    async def on_recognize(
        self, turn_context: TurnContext, state: dict[str, object], options: PromptOptions
    ) -> PromptRecognizerResult:
        activity = turn_context.activity
        text = activity.text if activity.type == ActivityTypes.message else None
        found = candidates(text, answer_options(options)) if text else set()
        state["ambiguous"] = len(found) > 1
        if len(found) == 1:
            index = next(iter(found))
            choice = (options.choices or [])[index]
            result = PromptRecognizerResult()
            result.succeeded = True
            result.value = FoundChoice(value=choice.value, index=index, score=1.0, synonym=text)
            return result
        if found:
            return PromptRecognizerResult()  # several fit: never guess, ask again
        return await super().on_recognize(turn_context, state, options)

    async def on_prompt(
        self, turn_context: TurnContext, state: dict[str, object], options: PromptOptions, is_retry: bool
    ) -> None:
        if not is_retry or not options.choices:
            await super().on_prompt(turn_context, state, options, is_retry)
            return
        misses = int(str(state.get("misses") or 0)) + 1
        state["misses"] = misses
        info = turn_info(turn_context)
        lang = info.language
        choices = list(options.choices)
        yes_no = any(o.yes is not None for o in answer_options(options))
        style = ListStyle.suggested_action if info.is_sms else ListStyle.list_style
        if misses > 1:
            text = t(lang, "answers.retry_again")
        elif state.get("ambiguous"):
            text = t(lang, "answers.ambiguous", example=choices[0].value)
        elif yes_no:  # "Svar «ja» eller «nei»." says it all; buttons in Teams, no number line by SMS
            text = t(lang, "answers.retry_yes_no")
            style = ListStyle.none if info.is_sms else ListStyle.hero_card
        else:
            text = t(lang, "answers.retry", example=choices[0].value)
        retry = self.append_choices(message(turn_context, text), info.channel_id, choices, style)
        await turn_context.send_activity(retry)


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
