"""Which messages are questions about the school calendar, and what they ask.

Pure: the text, "now" and the school calendar in, a CalendarQuestion (or None) out. Reads
"er det skole i morgen?", "har de fri fredag?", "når begynner juleferien?", "når er siste
skoledag før jul?", "kva dag startar skulen etter jul?", "is there school tomorrow?" in bokmål,
nynorsk and English. Only a message that *starts* as such a question is claimed, so a report
("Ola er syk i dag, er det skole i morgen?") still goes to the absence flow.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from bot.understanding.dates import date_spans_for
from bot.understanding.normalise import canonical, clean
from storage.calendar import SchoolCalendar

__all__ = ["BREAK_NAMES", "CalendarQuestion", "QuestionKind", "read_question"]

QuestionKind = Literal["day", "days", "break_start", "break_end", "break_span", "last_day", "first_day"]
BREAK_NAMES = ("christmas", "easter", "summer", "winter", "autumn")

# The breaks people name, in the three languages (canonical text is lower case bokmål-ish).
_BREAK_WORDS: dict[str, re.Pattern[str]] = {
    "christmas": re.compile(
        r"\b(?:jul|jula|julen|juleferie|juleferien|juleferia|romjul\w*|christmas|xmas)\b(?:\s+(?:holidays?|break))?"
    ),
    "easter": re.compile(r"\b(?:påske|påsken|påska|påskeferie\w*|paske\w*|easter)\b"),
    "summer": re.compile(r"\b(?:sommer|sommeren|sommerferie\w*|sumar|sumarferie\w*|summer)\b"),
    "winter": re.compile(r"\b(?:vinterferie\w*|winter\s+(?:holidays?|break|vacation))\b"),
    "autumn": re.compile(r"\b(?:høstferie\w*|haustferie\w*|hostferie\w*|(?:autumn|fall)\s+(?:holidays?|break))\b"),
}
# How a calendar question starts (after an optional greeting).
_GREETING = r"^(?:(?:hei|hallo|hi|hello|god morgen)\b[\s,!.]*)?"
_ASKS_WHEN = re.compile(
    _GREETING + r"(?:når|naar|nå\s+r|hva\s+tid|kva\s+tid|hvilken\s+dag|hva\s+dag|kva\s+dag|når\s+er|"
    r"when|what\s+day|which\s+day|what\s+date)\b"
)
_ASKS_DAY = re.compile(
    _GREETING + r"(?:er\s+det|blir\s+det|er\s+skolen|blir\s+skolen|skal\s+\w+\s+på\s+skolen|"
    r"går\s+\w+\s+på\s+skolen|is\s+there|are\s+there|is\s+it|is\s+(?:the\s+)?(?:school|skolen)|"
    r"do\s+(?:they|we|the\s+kids|the\s+children|kids|children)|does\s+school|will\s+there\s+be)\b"
)
# "har de fri?": V1 with a subject is a question; "har fri i dag" (no subject) is a guardian's statement.
_HAS = re.compile(_GREETING + r"har\s+(?P<who>\w+)\b")
_SUBJECTS = frozenset({"de", "dei", "vi", "barna", "ungene", "elevene", "elevane", "klassen", "han", "hun", "ho", "eg"})
_SCHOOL = re.compile(
    r"\b(?:skolen|skole|skule|skulen|school|skolestart|skulestart|skoledag\w*|skuledag\w*|school\s*days?)\b"
)
_FREE = re.compile(r"\b(?:fri|fridag|free|off|day\s+off|holiday|stengt|closed|ferie)\b")
_DAY_QUESTION = re.compile(r"\b(?:skolen|skole|skule|school|skoledag\w*|skuledag\w*|fri|fridag|off|stengt|closed)\b")
_LAST = re.compile(r"\b(?:siste|last)\b")
_FIRST = re.compile(r"\b(?:første|fyrste|first|skolestart|skulestart|neste\s+skoledag|next\s+school\s+day)\b")
_SCHOOL_WORD = r"(?:skolen|skole|skule|skulen|school)"
# "starter skolen (igjen)", "skolen begynner", "when does school start", "skole igjen etter jul", "back to school"
_SCHOOL_STARTS = re.compile(
    rf"\b(?:starter|begynner|startar|byrjar|start|begin|går)\s+(?:\w+\s+)?{_SCHOOL_WORD}\b|"
    rf"\b{_SCHOOL_WORD}\s+(?:starter|begynner|startar|byrjar|starts?|begins?|igjen|again)\b|\bback\s+to\s+school\b"
)
_SCHOOL_ENDS = re.compile(
    rf"\b(?:slutter|sluttar|slutt|ends?|finish\w*)\s+(?:\w+\s+)?{_SCHOOL_WORD}\b|"
    rf"\b{_SCHOOL_WORD}\s+(?:slutter|sluttar|ends?|finish\w*)\b"
)
_STARTS = re.compile(
    r"\b(?:begynner|begynne|byrjar|byrje|starter|starte|startar|start|starts|begin|begins|tar\s+til)\b"
)
_ENDS = re.compile(r"\b(?:slutter|slutte|sluttar|slutt|ferdig|end|ends|finish\w*|før|before)\b")
_NEXT_BREAK = re.compile(r"\b(?:neste\s+ferie\w*|next\s+(?:holiday|break|vacation)s?)\b")
_BREAK_WORDS_OR_SCHOOL = re.compile(
    "|".join(p.pattern for p in _BREAK_WORDS.values()) + r"|\b(?:skolestart|skulestart|siste\s+skoledag)\b"
)


@dataclass(frozen=True)
class CalendarQuestion:
    """What a calendar question asks: about one day (or a few), or about a break (None: the next one)."""

    kind: QuestionKind
    first: dt.date | None = None
    last: dt.date | None = None
    asks_free: bool = False  # "har de fri?" rather than "er det skole?": the answer's yes/no flips
    break_name: str | None = None


def _break_named(text: str) -> str | None:
    for name, pattern in _BREAK_WORDS.items():
        if pattern.search(text):
            return name
    return None


def _about_break(text: str, name: str | None) -> QuestionKind | None:
    """The kind of a question about a break or the school's first and last days; None when it is not one."""
    school = bool(_SCHOOL.search(text))
    if _LAST.search(text) and (school or name):
        return "last_day"
    if _FIRST.search(text) and (school or name):
        return "first_day"
    if _SCHOOL_STARTS.search(text):
        return "first_day"
    if _SCHOOL_ENDS.search(text):
        return "last_day"
    if name is None:
        return "break_span" if _NEXT_BREAK.search(text) else None
    if _STARTS.search(text):
        return "break_start"
    if _ENDS.search(text):
        return "break_end"
    return "break_span"


def _day_question(text: str, now: dt.datetime, calendar: SchoolCalendar) -> CalendarQuestion | None:
    """ "Er det skole i morgen?", "har de fri fredag?": the day(s) asked about (today when none is named)."""
    if not _DAY_QUESTION.search(text):
        return None
    asks_free = bool(_FREE.search(text)) and not _SCHOOL.search(text.replace("skolen stengt", ""))
    if re.search(r"\b(?:stengt|closed)\b", text):
        asks_free = True
    spans = date_spans_for(text, now, calendar)
    if not spans:
        return CalendarQuestion("day", now.date(), now.date(), asks_free=asks_free)
    first, last = spans[0].first, max(s.last for s in spans)
    return CalendarQuestion("day" if first == last else "days", first, last, asks_free=asks_free)


def _asks_with_has(norm: str, raw: str) -> bool:
    """ "Har de fri i morgen?" (a subject, or any word and a question mark), not "har fri i dag"."""
    match = _HAS.search(norm)
    if match is None:
        return False
    who = match.group("who")
    return who in _SUBJECTS or (raw.endswith("?") and who not in {"fri", "skole", "skolen", "vondt", "feber"})


def read_question(text: str | None, now: dt.datetime, calendar: SchoolCalendar) -> CalendarQuestion | None:
    """The calendar question a message asks, or None when it is something else."""
    raw = (text or "").strip()
    if not raw or len(raw) > 160:
        return None
    norm = canonical(clean(raw))
    when_question = bool(_ASKS_WHEN.search(norm))
    day_question = bool(_ASKS_DAY.search(norm)) or _asks_with_has(norm, raw)
    if not (when_question or day_question or (raw.endswith("?") and _BREAK_WORDS_OR_SCHOOL.search(norm))):
        return None
    words = norm + "\n" + raw.lower()  # canonical text reads "last" as "forrige": look at both
    name = _break_named(words)
    if when_question or name is not None or _NEXT_BREAK.search(words):
        kind = _about_break(words, name)
        if kind is not None:
            return CalendarQuestion(kind, break_name=name)
    if day_question:
        return _day_question(norm, now, calendar)
    return None
