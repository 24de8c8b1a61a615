"""Pure rendering of the urgent case: the staff notice (text and Teams card), the guardian's one line,
additions, and the resolution — in each reader's language, from the catalogue (bot/texts/*/safety.json).

Staff read what the guardian said as categories ("dro til skolen", "ber skolen ringe"), never the words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.texts import t
from storage.people import ChildInfo, PersonInfo


def what(lang: str | None, signals: Sequence[str], reason: str | None = None) -> str:
    """The guardian's message in category terms: "barnet dro til skolen / skal være der; ber skolen ringe"."""
    parts = [t(lang, f"safety.signal.{s}") for s in signals]
    if reason is not None:
        parts.append(t(lang, "safety.signal.reason", reason=t(lang, f"absence.reason.{reason}")))
    return "; ".join(parts) or t(lang, "safety.signal.unclear")


def _phone(lang: str | None, person: PersonInfo) -> str:
    return person.mobile or t(lang, "safety.no_phone")


def _role(lang: str | None, person: PersonInfo) -> str:
    return t(lang, "safety.role.guardian" if person.is_guardian else "safety.role.relative")


def staff_notice(lang: str | None, child: ChildInfo, raiser: PersonInfo, signals: Sequence[str]) -> str:
    """The answer to the school's same-day question says the child should be at school."""
    return t(
        lang,
        "safety.staff_notice",
        marker=t(lang, "safety.marker"),
        child=child.person.name,
        klass=child.class_name or "-",
        first=child.person.given_name,
        who=raiser.name,
        what=what(lang, signals),
        phone=_phone(lang, raiser),
    )


def staff_alarm(lang: str | None, child: ChildInfo, raiser: PersonInfo, signals: Sequence[str]) -> str:
    """An alarm nobody asked for ("Ola har ikke kommet hjem!"), from a guardian or a relative."""
    return t(
        lang,
        "safety.staff_alarm",
        marker=t(lang, "safety.marker"),
        child=child.person.name,
        klass=child.class_name or "-",
        first=child.person.given_name,
        who=raiser.name,
        role=_role(lang, raiser),
        what=what(lang, signals),
        phone=_phone(lang, raiser),
    )


def staff_addition(
    lang: str | None, child: ChildInfo, raiser: PersonInfo, signals: Sequence[str], reason: str | None
) -> str:
    """A further message while the case is open ("Ring meg!", "har dere funnet ham?")."""
    return t(
        lang,
        "safety.staff_addition",
        marker=t(lang, "safety.marker"),
        child=child.person.name,
        klass=child.class_name or "-",
        who=raiser.name,
        what=what(lang, signals, reason),
        phone=_phone(lang, raiser),
    )


def resolved_staff(lang: str | None, child: ChildInfo, staff: PersonInfo) -> str:
    return t(
        lang,
        "safety.resolved_staff",
        marker=t(lang, "safety.resolved_marker"),
        child=child.person.name,
        klass=child.class_name or "-",
        staff=staff.name,
    )


def resolved_guardian(lang: str | None, child: ChildInfo, school: str) -> str:
    return t(lang, "safety.resolved_guardian", child=child.person.given_name, school=school)


def case_label(child: ChildInfo) -> str:
    """ "Ola Nordmann (5B)"."""
    return f"{child.person.name} ({child.class_name})" if child.class_name else child.person.name


def urgent_card(lang: str | None, text: str, case_id: int) -> dict[str, Any]:
    """The staff's card under the notice's text (not repeating it): one button that marks the child found."""
    prompt = t(lang, "safety.card_prompt")
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "fallbackText": text,
        "body": [{"type": "TextBlock", "text": prompt, "wrap": True, "weight": "Bolder", "color": "Attention"}],
        "actions": [
            {
                "type": "Action.Submit",
                "title": t(lang, "safety.card_resolve"),
                "style": "destructive",
                "data": {"skolebot": "urgent_resolve", "case_id": case_id},
            }
        ],
    }
