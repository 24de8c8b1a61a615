"""What a guardian's correction asks for: a new day, child, reason or time, one day back, or the whole report.

Pure functions over the text, the sender's children and the calendar. The new values are read with
the shared understanding (dates, children, reasons, clock times); this module only recognises that a
message corrects something, and blanks what it negates ("kl 13, ikke 12") before reading.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from bot.understanding import (
    Child,
    classify_reason,
    default_day,
    parse_clock,
    parse_dates,
    resolve_children,
    understand,
)
from bot.understanding.clock import arrival_time
from bot.understanding.dates import told_in_past
from bot.understanding.normalise import canonical, clean
from storage.calendar import SchoolCalendar

Kind = Literal["change", "withdraw_day", "withdraw_all", "ask_withdraw", "add", "details"]

# "feil, …", "oops", "rettelse:", "wrong day", "nei, det gjelder fredag", "sorry, I meant Emma".
_STRONG_START = re.compile(
    r"^\s*(?:feil|oops|ops|oi|rettelse|retting|korreksjon|korrigering|wrong|correction|mistake|my\s+bad)\b", re.I
)
# Dialect and interjections too: "næ, feil", "uff, det va i mårra", "oisann, mente fredag".
_SOFT_START = re.compile(
    r"^\s*(?:nei|neida|nope|no|næ|næi|nai|nej|uff|oisann|oj|beklager|sorry|unnskyld|orsak|excuse\s+me)\b", re.I
)
_SOFT_CUE = re.compile(
    r"\b(?:feil|mente|meinte|meint|meant|mener|meiner|mean|det\s+(?:var|gjelder|gjeld|skulle)|d(?:e|et)?\s+va"
    r"|it\s+(?:was|is)|it's|skulle\s+(?:stå|være|vere|vore|vært))\b",
    re.I,
)
# "nei, det var onsdag": the past tense speaks of the report, not of a past day (read as "det gjelder onsdag").
_CUE_TENSE = re.compile(r"\b(det|de|d|it)\s+(?:var|va|was)\b", re.I)
_WRONG_THING = re.compile(
    r"\b(?:feil|wrong)\s+(?:dag|dato|barn|unge|grunn|årsak|tid|tidspunkt|klokkeslett|day|date|child|kid|reason|time)\b"
    r"|\b(?:jeg|eg|i|æ|jæ|je)\s+(?:mente|meinte|meint|meant)\b|\b(?:mener|meiner)\s+(?:jeg|eg|æ)\b",
    re.I,
)
# A clause that says the old value was wrong: "det er ikke syk", ", ikke 12", "og ikke i dag", "not Monday".
_NEGATED = re.compile(r"\b(?:ikke|ikkje|not|\w+n't)\b[^,.;:!?\n]*?(?=(?:[,.;:!?\n]|\bmen\b|\bbut\b|$))", re.I)
_NEGATION_LEAD = re.compile(
    r"(?:^|[,.;:!?\n]\s*|\b(?:og|men|and|but)\s+)(?:det\s+(?:er|var|gjelder|gjeld)\s+|it\s+(?:is|was)\s+|it's\s+"
    r"|(?:han|hun|ho|he|she)\s+(?:er|var|is|was)\s+)?(?:ikke|ikkje|not)\b",
    re.I,
)
# A new value set against an old one without a comma: "1 pm not 12", "kl 13 ikke 12", "11 og ikkje 10".
_VALUE_NOT_VALUE = re.compile(
    r"\b\d{1,2}(?:[.:]\d{2})?\s*(?:pm|am|p\.m\.|a\.m\.)?\s+(?:(?:og|men|and|but)\s+)?(?:ikke|ikkje|not)\s+"
    r"(?:kl\.?\s*|at\s+)?\d{1,2}\b",
    re.I,
)
# The whole report back: "slett fraværet", "trekk tilbake meldingen", "glem det", "cancel that".
_WITHDRAW_ALL = re.compile(
    r"\b(?:slett\w*|fjern|delete|remove|withdraw|trekk(?:er)?\s+(?:tilbake|fraværet|fråværet|meldingen|meldinga)"
    r"|ta\s+tilbake|glem\s+(?:det|meldingen|meldinga|fraværet|fråværet)|gløym\s+(?:det|meldinga|fråværet)"
    r"|cancel\s+(?:that|it|this|the\s+(?:absence|report|message))|never\s*mind"
    r"|avbryt\s+(?:fraværet|fråværet|meldingen|meldinga|fraværsmeldingen)|angre\s+(?:fraværet|meldingen|meldinga))\b",
    re.I,
)
_ABOUT_ABSENCE = re.compile(r"\b(?:fravær\w*|fråvær\w*|meldingen|meldinga|det|that|it|this|absence|report)\b", re.I)
# The child is at school after all, on a day: "Ola kommer likevel i morgen", "ho er frisk og kjem i morgon".
_AT_SCHOOL_AFTER_ALL = re.compile(
    r"\b(?:kommer|kjem|er\s+på\s+(?:skolen|skulen)|møter|går\s+på\s+(?:skolen|skulen)|ikke\s+borte|ikkje\s+borte"
    r"|is\s+coming|comes|coming|is\s+at\s+school|will\s+be\s+at\s+school|be\s+at\s+school)\b"
    r"[^.!?\n]*\b(?:likevel|allikevel|likevæl|after\s+all|anyway)\b"
    r"|\b(?:frisk|friskt|frisk\s+igjen|bedre|i\s+form|better|well\s+again|recovered)\b[^.!?\n]*"
    r"\b(?:kommer|kjem|comes|coming|is\s+back|back\s+at\s+school)\b",
    re.I,
)
# A new value in place of the old: "han kommer heller halv elleve", "kl 13 i stedet", "Friday instead";
# not "heller ikke" (neither).
_INSTEAD = re.compile(
    r"\bheller\b(?!\s+(?:ikke|ikkje)\b)|\b(?:i\s+stedet|istedet|isteden|i\s+staden|istaden|instead|rather)\b", re.I
)
# Words that carry no value of their own in a correction, left out before its values are read.
_NO_VALUE = re.compile(
    r"\b(?:heller|i\s+stedet|istedet|isteden|i\s+staden|istaden|instead|rather|likevel|allikevel"
    r"|after\s+all|anyway)\b",
    re.I,
)
# More of the same right after a report: "Emma også", "og i morgen", "onsdag òg", "and tomorrow too".
_ALSO = re.compile(r"\b(?:også|ogsa|og\s+så|òg|too|as\s+well|also|i\s+tillegg)\b|^\s*(?:og|and|pluss|\+)\s", re.I)
# "angre" on its own (the cancel words reach the flow through SchoolBot's undo hook instead).
_NEGATION = re.compile(r"\b(?:ikke|ikkje|not|\w+n't)\b", re.I)
_NOT_AWAY = re.compile(r"\b(?:ikke|ikkje|not)\s+(?:borte|away|absent)\b", re.I)
_UNDO_ALONE = re.compile(r"^\s*(?:angre|angre\s+det|angr|undo|angrer)\s*[.!]*\s*$", re.I)
# Details for the report just made, about the child by pronoun or not at all: "han har omgangssjuke",
# "Han kommer nok rundt kl 11", "she has a fever", "beklager, hun kommer nok ikke før halv tolv", "vi skal i
# gravferd til bestefaren hans", "pga begravelse". A message naming a child by name is a report of its own.
_DETAIL_MAX_WORDS = 14
_BARE_REASON_MAX_WORDS = 4  # "omgangssyke", "tannlege", "begravelse i Polen": only the reason
# Words that may open a detail without being one: "ja", "forresten", an apology or an interjection.
_DETAIL_OPENER = (
    r"^\s*(?:(?:ja|ok|okei|og|and|forresten|btw|by\s+the\s+way|beklager|sorry|unnskyld|orsak|uff|oi|oj|åja|å\s+ja"
    r"|ah|oh)\s*[,.!]?\s+)*"
)
_PRONOUN_OR_NONE = re.compile(
    _DETAIL_OPENER + r"(?:han|hun|ho|hen|de|dei|begge|he|she|they|both|"
    r"det|it|vi|me|we|grunnen|årsaken|årsaka|the\s+reason|pga\.?|p\.g\.a\.?|på\s+grunn\s+av|fordi|because|due\s+to)\b",
    re.I,
)
_QUESTION = re.compile(r"\?")
# A wish to reach a person ("vi har time hos BUP, kan læreren ringe meg"): for a person, not a detail.
_TO_A_PERSON = re.compile(
    r"\b(?:ring\w*|call\w*|kontakt\w*|contact|snakke|snakka|prate|talk|speak|samtale|møte\s+med|meet)\b", re.I
)
# "glem det", "never mind" on their own: a wish to take the report back, asked before it is done.
_FORGET_IT = re.compile(
    r"^\s*(?:(?:nei|no|ok|uff|sorry)\s*[,.!]?\s+)?(?:glem\s+det|gløym\s+det|glem\s+det\s+der|never\s*mind|forget\s+it|"
    r"forget\s+about\s+it)\s*[.!]*\s*$",
    re.I,
)


@dataclass(frozen=True)
class CorrectionRequest:
    """What the message asks: the kind, and any new values it gives (None: not said).

    `negated_old` holds what the message says was wrong ("ikke syk" → the reason word, "ikke 12" → 12),
    so a message with no correction word still counts as one when it negates part of the last report.
    """

    kind: Kind
    students: tuple[str, ...] | None = None
    named: bool = False  # a child named by name (not only "han"/"hun" or the only child)
    dates: tuple[dt.date, ...] | None = None
    reason: str | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    clock: dt.time | None = None  # a bare time: its role (leaves/arrives) follows the report
    marked: bool = True  # a correction word opened it ("feil", "wrong", "nei, det gjelder …")
    negated: tuple[str, ...] = field(default_factory=tuple)  # the negated clauses, for matching the old report

    def to_json(self) -> dict[str, Any]:
        """Plain values for dialog state (reasons and dates, never the message)."""
        return {
            "kind": self.kind,
            "students": list(self.students) if self.students is not None else None,
            "named": self.named,
            "dates": [d.isoformat() for d in self.dates] if self.dates is not None else None,
            "reason": self.reason,
            "start_time": _hhmm(self.start_time),
            "end_time": _hhmm(self.end_time),
            "clock": _hhmm(self.clock),
            "marked": self.marked,
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> CorrectionRequest:
        return CorrectionRequest(
            kind=data["kind"],
            students=tuple(data["students"]) if data.get("students") is not None else None,
            named=bool(data.get("named")),
            dates=tuple(dt.date.fromisoformat(d) for d in data["dates"]) if data.get("dates") is not None else None,
            reason=data.get("reason"),
            start_time=_time(data.get("start_time")),
            end_time=_time(data.get("end_time")),
            clock=_time(data.get("clock")),
            marked=bool(data.get("marked", True)),
        )


def _hhmm(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def without_negated(text: str) -> tuple[str, tuple[str, ...]]:
    """The text with its negated clauses blanked, and those clauses: "kl 13, ikke 12" → ("kl 13, ", ("ikke 12",))."""
    found = tuple(m.group(0) for m in _NEGATED.finditer(text))
    return _NEGATED.sub(" ", text), found


def is_marked(text: str) -> bool:
    """Opened by a correction word: "feil, …", "wrong day", "nei, det gjelder fredag", "sorry, I meant Emma"."""
    if _STRONG_START.match(text) or _WRONG_THING.search(text) or _INSTEAD.search(text):
        return True
    soft = _SOFT_START.match(text)
    return bool(soft and _SOFT_CUE.search(text, soft.end()))


def at_school_after_all(text: str) -> bool:
    """ "Ola kommer likevel", "hun er frisk igjen og kommer i morgen"; not "Ola kommer ikke likevel"."""
    m = _AT_SCHOOL_AFTER_ALL.search(text)
    if m is None:
        return False
    said = text[max(0, m.start() - 12) : m.end()]
    return not _NEGATION.search(_NOT_AWAY.sub(" ", said))


def is_correction(text: str) -> bool:
    """Does the message correct (or take back) something, by its words alone?"""
    if is_marked(text) or _NEGATION_LEAD.search(text) or _VALUE_NOT_VALUE.search(text):
        return True
    return bool(_WITHDRAW_ALL.search(text) or at_school_after_all(text) or _UNDO_ALONE.match(text))


def adds_to_report(text: str) -> bool:
    """ "Emma også", "og i morgen", "and Friday too" (short): the last report again, for another child or day."""
    return len(text.split()) <= 8 and bool(_ALSO.search(text))


def _named(text: str, children: Sequence[Child]) -> bool:
    return any(re.search(rf"\b{re.escape(c.given_name)}\b", text, re.I) for c in children)


def read_correction(
    text: str,
    *,
    now: dt.datetime,
    calendar: SchoolCalendar,
    children: Sequence[Child],
    school_first_names: frozenset[str] = frozenset(),
) -> CorrectionRequest | None:
    """What a correction asks for, or None when the message corrects nothing."""
    if not is_correction(text) and not adds_to_report(text):
        return _details(text, now=now, calendar=calendar, children=children, school_first_names=school_first_names)
    kids = resolve_children(text, children, school_first_names) or None
    named = _named(text, children)
    if _UNDO_ALONE.match(text) or _FORGET_IT.match(text):
        return CorrectionRequest("ask_withdraw")
    late = at_school_after_all(text) and parse_clock(text) is not None  # "han kommer likevel kl 11": arrives late
    if at_school_after_all(text) and not late:
        days = parse_dates(text, now, calendar)
        if days is None:
            today = default_day(now, calendar)
            days = (today,) if today else ()
        return CorrectionRequest("withdraw_day", students=kids, named=named, dates=days)
    if adds_to_report(text) and not is_correction(text):
        return CorrectionRequest("add", students=kids, named=named, dates=parse_dates(text, now, calendar))
    if _WITHDRAW_ALL.search(text) and _ABOUT_ABSENCE.search(text):
        return CorrectionRequest("withdraw_all", students=kids, named=named, dates=parse_dates(text, now, calendar))
    rest, negated = without_negated(text)
    rest = _NO_VALUE.sub(" ", rest)
    # Read beside the report it corrects: the grammar alone (the learned model knows first messages only).
    u = understand(
        rest, children=children, now=now, calendar=calendar, school_first_names=school_first_names, learned=False
    )
    clock = parse_clock(rest) if not (u.start_time or u.end_time) else None
    start, end = u.start_time, u.end_time
    if late and clock is not None:  # "hun er bedre nå, kommer på skolen kl 11": she arrives then
        start, end, clock = None, arrival_time(rest) or clock, None
    marked = late or is_marked(text)
    rest_kids = resolve_children(rest, children, school_first_names) or None
    return CorrectionRequest(
        "change",
        students=rest_kids,
        named=_named(rest, children),
        dates=parse_dates(_CUE_TENSE.sub(r"\g<1> gjelder", rest), now, calendar),
        reason=classify_reason(rest),
        start_time=start,
        end_time=end,
        clock=clock,
        marked=marked,
        negated=negated,
    )


def _details(
    text: str,
    *,
    now: dt.datetime,
    calendar: SchoolCalendar,
    children: Sequence[Child],
    school_first_names: frozenset[str],
) -> CorrectionRequest | None:
    """A reason or a time for the report just made, or its day when the report's day was only assumed; None for
    anything else.

    Without a day: a few words that open with a pronoun, a cause word or an apology ("han har omgangssjuke",
    "beklager, hun kommer nok ikke før halv tolv", "vi skal i gravferd til bestefaren hans"), or the reason alone
    ("tannlege"). With a day: the day and a time, nothing else new ("i morgen kl 10, hun kommer igjen ca kl 11"),
    which `Corrections` only takes for a report whose day it assumed minutes ago. Never a child by name, and
    never a question (those are requests of their own).
    """
    words = len(text.split())
    if words > _DETAIL_MAX_WORDS or _QUESTION.search(text) or _TO_A_PERSON.search(text) or _named(text, children):
        return None
    u = understand(
        text, children=children, now=now, calendar=calendar, school_first_names=school_first_names, learned=False
    )
    if u.intent not in ("absence", "unknown"):  # a week plan, a booking, a leave application: not a detail
        return None
    dates = parse_dates(text, now, calendar)
    # A reason the report reads, or one in a sentence of its own about now or later ("vi skal i gravferd …"),
    # not a story of what happened ("hun tok bussen kl 8").
    reason = classify_reason(text) if u.reason or not told_in_past(canonical(clean(text))) else None
    clock = parse_clock(text) if not (u.start_time or u.end_time) else None
    if u.end_time is None and u.start_time is None and clock is not None and (arrives := arrival_time(text)):
        u, clock = replace(u, end_time=arrives), None  # "hun kommer nok ikke før halv tolv": an arrival
    timed = bool(u.start_time or u.end_time or clock)
    if dates is not None:
        if not dates or not timed:  # "han er syk i morgen": a report of its own
            return None
    elif not (_PRONOUN_OR_NONE.match(text) or (reason and words <= _BARE_REASON_MAX_WORDS)):
        return None
    if not (reason or timed):
        return None
    kids = resolve_children(text, children, school_first_names) or None  # "han": the boy, when one is
    return CorrectionRequest(
        "details",
        students=kids,
        dates=dates,
        reason=reason,
        start_time=u.start_time,
        end_time=u.end_time,
        clock=clock,
        marked=False,
    )


def negates(request: CorrectionRequest, old: OldReport) -> bool:
    """Does an unmarked correction negate part of the old report ("det er ikke syk", "ikke 12", "ikke mandag")?"""
    for clause in request.negated:
        bare = _NEGATION.sub(" ", clause)
        if old.reason and classify_reason(bare) == old.reason:
            return True
        if set(parse_dates(bare, old.now, old.calendar) or ()) & set(old.dates):
            return True
        hours = {int(h) for h in re.findall(r"\b(\d{1,2})(?:[.:]\d{2})?\b", bare)}
        times = [t for t in (old.start_time, old.end_time) if t]
        if any(t.hour in hours or t.hour - 12 in hours for t in times):
            return True
        if _named(bare, old.children):
            return True
    return False


@dataclass(frozen=True)
class OldReport:
    """What the report being corrected said, for `negates`."""

    now: dt.datetime
    calendar: SchoolCalendar
    children: tuple[Child, ...]
    dates: tuple[dt.date, ...]
    reason: str | None
    start_time: dt.time | None
    end_time: dt.time | None
