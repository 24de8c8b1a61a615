"""Pure rendering of absence messages: which days, which children, which reason, in any language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.texts import day, t


def when(lang: str, dates: Sequence[dt.date], today: dt.date) -> str:
    """ "i dag, mandag 30. november", "fredag 4. desember", "mandag 7. desember til onsdag 9. desember (3 skoledager)"."""
    if not dates:
        return ""
    if len(dates) == 1:
        d = dates[0]
        if d == today:
            return t(lang, "absence.today", day=day(lang, d))
        if d == today + dt.timedelta(days=1):
            return t(lang, "absence.tomorrow", day=day(lang, d))
        return t(lang, "absence.on_day", day=day(lang, d))
    return t(lang, "absence.days", first=day(lang, min(dates)), last=day(lang, max(dates)), count=len(dates))


def reason_suffix(lang: str, reason: str | None) -> str:
    return f", {t(lang, 'absence.reason.' + reason)}" if reason else ""


def names(lang: str, labels: Sequence[str]) -> str:
    """ "Ola (5B)", "Ola (5B) og Emma (2A)"."""
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + (" and " if lang == "en" else " og ") + labels[-1]


def hhmm(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""
