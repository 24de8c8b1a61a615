"""A name that is none of the sender's children ("Sofie er syk" from Ola's mother) is asked about, never
silently replaced: "Jeg finner ingen Sofie blant barna dine. Gjelder det Ola?" The question is the same
whether Sofie is a pupil of another family or no pupil at all, so nothing about other families shows.
"""

from __future__ import annotations

from bot.texts import t
from bot.understanding.answers import Option
from bot.understanding.children import stranger_name
from bot.understanding.normalise import split_message
from dialogs.absence.service import as_child
from storage.people import ChildInfo


def name_in(text: str, kids: list[ChildInfo], school_first_names: frozenset[str]) -> str | None:
    """The name as the sender wrote it, when it is none of their children; None when there is none."""
    msg = split_message(text)
    return stranger_name(msg.body, [as_child(k) for k in kids], school_first_names, skip=msg.addressee)


def choices(lang: str, kids: list[ChildInfo]) -> tuple[list[str], list[Option | None]]:
    """The question's choices: "Ja"/"Nei" for an only child; the names, "Begge"/"Alle" and "Ingen av dem" otherwise."""
    no_label = t(lang, "perchild.no" if len(kids) == 1 else "perchild.none_of_them")
    no = Option(label=no_label, yes=False)
    if len(kids) == 1:
        yes_label = t(lang, "perchild.yes")
        return [yes_label, no_label], [Option(label=yes_label, yes=True, child=as_child(kids[0])), no]
    titles = [k.person.given_name for k in kids]
    meanings: list[Option | None] = [Option(label=k.person.given_name, child=as_child(k)) for k in kids]
    titles.append(t(lang, "absence.both_children" if len(kids) == 2 else "absence.all_children"))
    meanings.append(None)
    return [*titles, no_label], [*meanings, no]


def students_for(index: int, kids: list[ChildInfo]) -> list[str]:
    """The children the answer to `choices` means; [] for "Nei" / "Ingen av dem"."""
    if len(kids) == 1:
        return [kids[0].person.sourced_id] if index == 0 else []
    if index < len(kids):
        return [kids[index].person.sourced_id]
    return [k.person.sourced_id for k in kids] if index == len(kids) else []
