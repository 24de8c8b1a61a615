"""An absence told in the future tense with no day ("Ola blir borte", "Emma will be away") is a plan.

"Ola er syk" with no day means today, but "Ola blir borte" says nothing about when: the dialog asks
which day instead of recording today (the default day is for the present tense and for illness).
"""

from __future__ import annotations

import re

# Canonical text: "will be away" reads "will be borte", nynorsk "vert borte" reads "blir borte".
_FUTURE_AWAY = re.compile(
    r"\b(?:blir|vil\s+bli|vil\s+være|vil\s+vere|skal\s+være|skal\s+vere|kommer\s+til\s+å\s+(?:være|vere)|will\s+be|"
    r"is\s+going\s+to\s+be)\s+(?:borte|borta|fraværende|fråverande|absent|away|off\s+school)\b",
    re.IGNORECASE,
)


def undated_plan(text: str, *, reason: str | None, has_clock: bool) -> bool:
    """True when canonical `text` tells of a coming absence without a day, a time or illness."""
    return reason != "illness" and not has_clock and bool(_FUTURE_AWAY.search(text))
