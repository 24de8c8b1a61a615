"""Each child's own details in words: the guardian's confirmation lists every child's days and times,
a teacher's notice says when that child leaves or arrives ("kommer kl. 11:00", not "til 11:00").
"""

from __future__ import annotations

import datetime as dt

from bot.texts import t
from bot.understanding import Understanding


def _hhmm(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _shape(u: Understanding) -> str:
    """Which kind of partial day: "", "leaves", "arrives", "arrives_after", "arrives_later" or "between"."""
    if u.start_time and u.end_time:
        return "between"
    if u.start_time:
        return "leaves"
    if u.arrives_later:
        return "arrives_after" if u.end_time else "arrives_later"
    if u.end_time:
        return "arrives"
    return ""


def span(lang: str | None, u: Understanding) -> str:
    """ " (går kl. 12:00)", " (kommer kl. 11:00)", " (kommer senere)" for a teacher's notice; "" for a whole day."""
    shape = _shape(u)
    if not shape:
        return ""
    text = t(
        lang,
        f"perchild.window.{shape}",
        time=_hhmm(u.end_time if shape.startswith("arrives") else u.start_time),
        start=_hhmm(u.start_time),
        end=_hhmm(u.end_time),
    )
    return f" ({text})"


def part(lang: str, u: Understanding, child: str, when: str, reason: str) -> str:
    """ "Ola (5B) borte i dag, mandag 30. november, sykdom": one group of children with the same details."""
    shape = _shape(u) or "away"
    return t(
        lang,
        f"perchild.part.{shape}",
        child=child,
        when=when,
        reason=reason,
        time=_hhmm(u.end_time if shape.startswith("arrives") else u.start_time),
        start=_hhmm(u.start_time),
        end=_hhmm(u.end_time),
    )


def recorded(lang: str, parts: list[str], told: str) -> str:
    """ "Registrert: Ola (5B) borte i dag og i morgen ...; Emma (2A) borte i dag ... Kontaktlærerne er varslet."

    `told` is the closing sentence about the teachers (render.teachers_told).
    """
    return t(lang, "perchild.recorded", parts=t(lang, "perchild.part_separator").join(parts), told=told)
