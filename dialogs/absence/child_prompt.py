"""The "which child?" question of a report or a leave application, which takes answers that carry details.

"Ola, han har tannlege kl 9 og kommer kl 11" answering "Gjelder det Ola eller Emma?" is an answer (Ola)
whose time and reason the dialog keeps (answer_details), not a new report that would forget the day
the first message gave. SchoolBot leaves such messages of the absence flow to this prompt. "ingen av
dem" is an answer too: none of the children, so nothing is recorded.
"""

from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.dialogs.choices import FoundChoice
from botbuilder.dialogs.prompts import PromptOptions, PromptRecognizerResult
from botbuilder.schema import ActivityTypes

from bot.understanding.answers import says_none
from dialogs.common import AnswerChoicePrompt, answer_options

NONE_INDEX = -1  # the answer "ingen av dem" when the question has no such choice


class ChildAnswerPrompt(AnswerChoicePrompt):
    """An AnswerChoicePrompt whose own flow's reports count as answers to it (see `tells_new_requests`)."""

    tells_new_requests = True

    async def on_recognize(
        self, turn_context: TurnContext, state: dict[str, object], options: PromptOptions
    ) -> PromptRecognizerResult:
        result = await super().on_recognize(turn_context, state, options)
        activity = turn_context.activity
        text = activity.text if activity.type == ActivityTypes.message else None
        if result.succeeded or not says_none(text):
            return result
        no = [i for i, o in enumerate(answer_options(options)) if o.yes is False]
        index = no[0] if no else NONE_INDEX
        found = PromptRecognizerResult()
        found.succeeded = True
        found.value = FoundChoice(value="", index=index, score=1.0, synonym=text)
        return found
