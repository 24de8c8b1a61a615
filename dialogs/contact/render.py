"""The contact flow's words: social answers, the guardian's promise line, the forward to staff and the
not-understood line. Pure functions from results to text in the reader's language (bot/texts/*/contact.json).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts import and_list, t
from storage.people import ChildInfo, PersonInfo


def social_line(language: str, kind: str, get_well: Sequence[str]) -> str:
    """The one-line answer to thanks, a parting wish or an acknowledgement; after an illness report today it
    wishes the child well ("Bare hyggelig! God bedring til Ola.")."""
    key = {
        "thanks": "contact.thanks",
        "farewell": "contact.farewell",
        "thanks_farewell": "contact.thanks_farewell",
    }.get(kind, "contact.ack")
    if get_well:
        return t(language, key + ".get_well", children=and_list(language, get_well))
    return t(language, key)


def with_phone(language: str, line: str, phone: str | None) -> str:
    """The line, followed by "Haster det, ring skolen på …" when the school has a number to give."""
    return line + " " + t(language, "contact.call_school", phone=phone) if phone else line


def _teacher_label(language: str, teacher: PersonInfo, classes: Sequence[str]) -> str:
    return t(language, "contact.teacher_of", name=teacher.name, klass=and_list(language, list(classes)))


def promise(language: str, kind: str, recipients: Sequence[PersonInfo], classes: dict[str, list[str]]) -> str:
    """Who got the message and will get back to the guardian ("… til Kari Nordmann, kontaktlærer i 5B, som …").

    `classes` maps a teacher's sourcedId to the classes they were told about.
    """
    if not recipients:
        return t(language, "contact.forward.failed")
    if kind == "teacher":
        if len(recipients) == 1:
            teacher = recipients[0]
            return t(
                language,
                "contact.forward.teacher",
                name=teacher.name,
                klass=and_list(language, classes.get(teacher.sourced_id, [])),
            )
        labels = [_teacher_label(language, r, classes.get(r.sourced_id, [])) for r in recipients]
        return t(language, "contact.forward.teachers", names=and_list(language, labels))
    names = and_list(language, [r.name for r in recipients])
    return t(language, f"contact.forward.{kind}", names=names)


def child_label(child: ChildInfo) -> str:
    """ "Ola Nordli (5B)", or the name alone when the child has no class."""
    name = child.person.name
    return f"{name} ({child.class_name})" if child.class_name else name


def staff_notice(
    language: str,
    *,
    sender: PersonInfo,
    children: Sequence[ChildInfo],
    channel: str,
    text: str | None,
    phone: str | None,
) -> str:
    """The forward to a teacher, the office or a leader: who wrote, about which child, by which channel,
    their words as written, and how to reach them."""
    labels = [child_label(c) for c in children]
    if sender.is_student:
        about = t(language, "contact.notice.pupil", klass=and_list(language, [c.class_name or "" for c in children]))
    elif labels and sender.is_guardian:
        about = t(language, "contact.notice.guardian_of", children=and_list(language, labels))
    elif labels:
        about = t(language, "contact.notice.relative_of", children=and_list(language, labels))
    else:
        about = ""
    head = t(
        language,
        "contact.notice" if about else "contact.notice.plain",
        sender=sender.name,
        about=about,
        channel="SMS" if channel == "sms" else "Teams",
        text=" ".join(text.split()) if text else t(language, "contact.notice.text_lost"),
    )
    reach = (
        t(language, "contact.notice.call", name=sender.given_name, phone=phone)
        if phone
        else t(language, "contact.notice.no_phone", name=sender.given_name)
    )
    return head + "\n" + reach


def not_understood(language: str, child: str | None) -> str:
    """The last resort, with two things one can write (using the person's own child when there is one)."""
    return t(language, "contact.not_understood", child=child or t(language, "contact.example_child"))


def either(language: str, names: Sequence[str]) -> str:
    """ "Ola eller Emma", "Ola, Emma eller Jonas", for "Gjelder det …?" """
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " " + t(language, "contact.or") + " " + names[-1]
