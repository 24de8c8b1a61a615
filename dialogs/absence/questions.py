"""Staff asking about the day's absence in plain words, in bokmål, nynorsk and English.

"hvem er borte i dag?", "hvem mangler i 5B?", "kven er borte i dag", "who is absent today?" → the
day's list; "hvor mange er syke i dag?", "hvor mange er borte", "how many are absent?" → a count by
reason category with the list. Pure: text in, a StaffQuestion (or None) out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["StaffQuestion", "read_staff_question"]

_AWAY = (
    r"(?:borte|bortе|fraværende|fraværande|fråverande|fravarende|syk|syke|sjuk|sjuke|hjemme|heime|"
    r"ikke\s+(?:her|på\s+skolen|til\s+stede|kommet)|ikkje\s+(?:her|på\s+skulen|til\s+stades|komne?)|"
    r"absent|away|missing|off\s+sick|sick|ill|off|out|not\s+(?:here|in|in\s+school|at\s+school))"
)
_WHO = re.compile(
    r"^(?:hvem|kven|kem|who)\s+(?:(?:er|e|is|are|har\s+vært|var|was|were)\s+)?(?:det\s+som\s+(?:er\s+)?)?"
    r"(?:" + _AWAY + r"|mangler|manglar|melde\w*\s+(?:syk|syke|sjuk|borte)|har\s+meldt\s+\w+)\b",
    re.I,
)
_HOW_MANY = re.compile(
    r"^(?:hvor|kor|how)\s+(?:mange|many)\s+(?:elever\s+|elevar\s+|pupils\s+|students\s+|children\s+|barn\s+)?"
    r"(?:(?:er|e|is|are|har)\s+)?(?:det\s+som\s+(?:er\s+)?)?(?:" + _AWAY + r"|mangler|manglar|fravær\w*|fråvær\w*)\b",
    re.I,
)
_OVERVIEW = re.compile(
    r"^(?:vis\s+|show\s+|se\s+|sjå\s+)?(?:dagens\s+|today'?s\s+)?(?:fravær|fråvær|fraværet|fråværet|fraværsliste\w*|"
    r"fråværsliste\w*|absences?|absence\s+list|oversikt\s+over\s+fraværet?)\b",
    re.I,
)
_CLASS = re.compile(r"(?<![\w])(?:klasse\s+|class\s+)?(?P<klass>\d{1,2}\s?[a-zæøå])(?![\w])", re.I)
_OTHER_DAY = re.compile(r"\b(?:neste|forrige|last|next|uke|veke|week)\b")
_DAYS_AHEAD: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(?:i\s*overmorgen|i\s*overmorgon|the\s+day\s+after\s+tomorrow)\b"), 2),
    (re.compile(r"\b(?:i\s*morgen|i\s*morgon|tomorrow)\b"), 1),
    (re.compile(r"(?:\bi\s*går|\bigår|\byesterday)(?![\wæøå])"), -1),
)
_TODAY = re.compile(r"\b(?:i\s*dag|today|akkurat\s+nå|nå|now|right\s+now)\b")
_FILLERS = re.compile(
    r"\b(?:i|på|in|for|of|at|klassen|klasse|class|min|mi|my|mine|hos\s+meg|totalt|in\s+total|i\s+alt|"
    r"fravær|fråvær|absence|the|skolen|skulen|school)\b"
)


@dataclass(frozen=True)
class StaffQuestion:
    """The list of today's absences (`list`), or their count by reason (`count`); `klass` when one is named."""

    action: Literal["list", "count"]
    klass: str | None = None
    days_ahead: int = 0  # 1 for "i morgen", -1 for "i går"


def read_staff_question(text: str | None) -> StaffQuestion | None:
    """A staff question about the absence today (or tomorrow, or yesterday); None for anything else."""
    raw = " ".join((text or "").strip().split())
    if not raw or len(raw) > 100:
        return None
    low = raw.lower()
    if _OTHER_DAY.search(low):
        return None
    days_ahead = 0
    for pattern, offset in _DAYS_AHEAD:
        if pattern.search(low):
            days_ahead, low = offset, pattern.sub(" ", low)
            break
    match = _HOW_MANY.match(low) or _WHO.match(low) or _OVERVIEW.match(low)
    if match is None:
        return None
    action: Literal["list", "count"] = "count" if match.re is _HOW_MANY else "list"
    rest = low[match.end() :]
    klass_match = _CLASS.search(rest)
    klass = klass_match.group("klass").replace(" ", "").upper() if klass_match else None
    if klass_match:
        rest = rest[: klass_match.start()] + " " + rest[klass_match.end() :]
    rest = _TODAY.sub(" ", rest)
    if _FILLERS.sub(" ", rest).strip(" ?!.,"):
        return None  # more words than a question about today: leave it to the other flows
    return StaffQuestion(action, klass, days_ahead)
