"""The "which child?" question of a report or a leave application, which takes answers that carry details.

"Ola, han har tannlege kl 9 og kommer kl 11" answering "Gjelder det Ola eller Emma?" is an answer (Ola)
whose time and reason the dialog keeps (answer_details), not a new report that would forget the day
the first message gave. SchoolBot leaves such messages of the absence flow to this prompt.
"""

from __future__ import annotations

from dialogs.common import AnswerChoicePrompt


class ChildAnswerPrompt(AnswerChoicePrompt):
    """An AnswerChoicePrompt whose own flow's reports count as answers to it (see `tells_new_requests`)."""

    tells_new_requests = True
