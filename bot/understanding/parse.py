"""`understand`: one message in, one `Understanding` out. Glue only; the grammars live elsewhere.

Default date rule for an absence that names no day: today while today is a school day and
the message arrives before 16:00; otherwise (evening, weekend, holiday, break) the next school
day. A leave request that names no day has no dates and "dates" in `missing`.

Planned absences are leave requests: explicit leave words ("søker fri", "permisjon"), a trip
("ferie", "reise", "hytta", "skal til Spania"), or a family matter on days still to come that is
3 or more school days, a whole day of travel, or asked for ("kan X få fri"); the rule, both ways, is
`planned.leave_or_absence`. A one-day family event nearby ("borte fredag pga begravelse") stays an
absence notice. The grammar's intent may then be changed by the learned model (`learned.second_opinion`).

Days named in a clause that only puts the child back at school ("hjemme i dag, men kommer i
morgen") are not absence days. A sibling said to be well or at school ("Henrik fine", "og Henrik er frisk",
"Henrik går på skolen") is no part of the report. "Var syk i går også" beside a clause that puts the child at
school or well today ("glemte å si fra. Hun er frisk igjen i dag") is a late note about the past day only. A week plan asked for a week without school days (Christmas)
is the plan of the next school week.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from storage.calendar import SchoolCalendar

from .children import named_children, names_another_pupil, resolve_from_parts, subject_children
from .clock import ClockMention, arrives_later, day_window, find_clocks
from .confidence import confidence, evidence_of
from .dates import (
    DateSpan,
    absence_spans,
    date_spans_for,
    default_day,
    school_days_of,
    told_in_past,
    vague_days,
    week_monday,
)
from .intents import classify_intent, clause_spans, cues_of, is_presence_clause, talks_about_an_absence
from .learned import intent_model, second_opinion
from .normalise import Message, canonical, mask, split_message
from .perchild import Details, per_child_parts
from .planned import leave_or_absence, undated_plan
from .reasons import reason_of
from .types import AWAY_INTENTS, CHILD_INTENTS, Child, Part, Understanding

__all__ = ["LEAVE_DAYS", "understand", "understand_answer"]

# Planned family absences of at least this many school days are leave requests, not notices.
LEAVE_DAYS = 3


def _weekplan_dates(spans: list[DateSpan], now: datetime, calendar: SchoolCalendar) -> tuple[date, ...]:
    """The Monday of the week asked about: the named day's week, else the week of the next school day."""
    today = now.date()
    if spans:
        monday = week_monday(spans[0].last)
        if calendar.school_days(monday, monday + timedelta(days=4)) or monday < week_monday(today):
            return (monday,)
        # A week without school (Christmas, a holiday week): the plan of the next school week.
        day = calendar.next_school_day(monday)
        return (week_monday(day),) if day else (monday,)
    day = calendar.next_school_day(today)
    if day is None:  # after the last term: plain weekday logic, weekend means the coming week
        day = today + timedelta(days=(7 - today.weekday()) if today.weekday() >= 5 else 0)
    return (week_monday(day),)


# A clause of its own that says when the child comes back: "..., men kommer i morgen".
_COMES_ON_DAY = re.compile(
    r"^\s*(?:[^\W\d_]+\s+)?kommer\s+(?:(?!ikke\b)[^\W\d_]+\s+)?(?:på\s+skolen\s+)?(?:igjen\s+)?"
    r"(?:i\s+morgen|i\s+overmorgen|(?:på\s+)?\w+dag)\b"
    r"(?!\s+(?:kl|ca|rundt|\d|halv|kvart|etter|senere|sent))"
)


def _outside_presence(spans: list[DateSpan], norm: str) -> list[DateSpan]:
    """Drop days named in a clause that only puts the child at school ("hjemme i dag, men kommer i morgen")."""
    at_school = [
        (a, b)
        for a, b in clause_spans(norm)
        if (is_presence_clause(norm[a:b]) or _COMES_ON_DAY.match(norm[a:b])) and not cues_of(norm[a:b]).away_cue
    ]
    # A return ("kommer på skolen torsdag" after "syk") holds the days away before it, not the day back.
    kept = [s for s in spans if s.kind == "return" or not any(a <= s.start and s.end <= b for a, b in at_school)]
    if at_school and any(s.kind == "alsoyesterday" for s in kept) and not _away_now(norm, at_school):
        # "var syk i går også, glemte å si fra. Hun er frisk igjen i dag": a late note about the past day only.
        kept = [replace(s, last=s.first) if s.kind == "alsoyesterday" else s for s in kept]
    return kept


def _away_now(norm: str, at_school: list[tuple[int, int]]) -> bool:
    """Whether some clause outside `at_school` says, not only in the past, that the child is away."""
    for a, b in clause_spans(norm):
        if (a, b) in at_school:
            continue
        cues = cues_of(norm[a:b])
        if cues.away_cue and not cues.past_only:
            return True
    return False


# "Henrik e på skolen", "Nora is fine and will be at school": a named sibling is at school (only a clause that
# names the child counts, so "syk i dag, er på skolen torsdag" stays a report).
_NAMED_AT_SCHOOL = re.compile(
    r"\b(?:er|e|æ|is|will\s+be|blir|bli|skal\s+være|går|goes|drar|dreg)\s+(?:\w+\s+)?på\s+skolen\b(?!\s+(?:(?:rett|like|straks|direkte|omtrent|cirka|right|straight|directly)\s+)?(?:fra|etter|after|later|kl|ca|rundt|\d))|"
    r"\b(?:er|e|is|are)\s+(?:helt\s+)?(?:fine|ok|okay|frisk|fin|good|well|healthy)\b|"
    # Without a verb, the whole clause: "henrik fine", "Henrik ok", "og Henrik på skolen som vanlig".
    r"^\s*(?:og\s+|and\s+|mens\s+|while\s+)?[^\W\d_][\w-]*\s+(?:(?:helt|heilt|all|totally|perfectly)\s+)?"
    r"(?:fine|ok|okay|frisk|fin|good|well|healthy|bra|alright|all\s+right|på\s+skolen(?:\s+som\s+vanlig)?)\s*$"
)


# "..., og Henrik er frisk", "and henrik is well": the last "and" of a clause may begin a sibling's own clause.
_AND = re.compile(r"\s(?:og|and|&)\s+(?=\S)", re.IGNORECASE)
# The words such a tail needs before it is read closely (raw text: "frisk", "fine", "på skulen").
_WELL_HINT = re.compile(r"fine|ok|frisk|fin\b|good|well|healthy|bra\b|right|sko|sku|school", re.IGNORECASE)


def _split_named_tail(
    body: str, spans: list[tuple[int, int]], named_at_school: Callable[[int, int], bool]
) -> list[tuple[int, int]]:
    """Clauses with a tail after their last "og"/"and" made a clause of its own when it puts a named child at school."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        tails = list(_AND.finditer(body, a, b))
        if tails and _WELL_HINT.search(body, tails[-1].end(), b) and named_at_school(tails[-1].end(), b):
            out += [(a, tails[-1].start()), (tails[-1].end(), b)]
        else:
            out.append((a, b))
    return out


def _without_presence(
    body: str, children: Sequence[Child], school_first_names: frozenset[str], *, past_only: bool
) -> tuple[str, bool]:
    """Handle clauses that put a child at school ("Jonas kommer som vanlig", "men kommer på skolen").

    Returns the body with those clauses blanked (their names are not about the absence) and
    whether they cancel the absence: they do when they name no other child than the rest of
    the message, e.g. "Ola er litt dårlig, men kommer på skolen". A note about days already
    past ("var syk i går, men er tilbake nå") is not cancelled.
    """

    def named_at_school(a: int, b: int) -> bool:
        text = canonical(body[a:b])
        return bool(
            _NAMED_AT_SCHOOL.search(text)
            and not cues_of(text).away_cue
            and subject_children(body[a:b], text, children, school_first_names)[0]
        )

    spans = _split_named_tail(body, clause_spans(body), named_at_school)
    presence = [(a, b) for a, b in spans if is_presence_clause(canonical(body[a:b])) or named_at_school(a, b)]
    if not presence or len(presence) == len(spans):
        return body, False
    rest = mask(body, presence)
    at_school: set[str] = set()
    someone = False  # a presence clause with its own subject ("storesøster kommer som vanlig")
    for a, b in presence:
        ids, has_subject = subject_children(body[a:b], canonical(body[a:b]), children, school_first_names)
        at_school |= ids
        someone = someone or has_subject
    away = set(named_children(rest, children, school_first_names))
    cancelled = not past_only and ((not at_school and not someone) or (bool(away) and away <= at_school))
    return rest, cancelled


@dataclass(frozen=True)
class _Reading:
    """What the grammars find in one message before its intent is decided."""

    msg: Message
    all_spans: list[DateSpan]  # every date phrase
    spans: list[DateSpan]  # the ones about being away
    school_days: tuple[date, ...]
    masked: str  # canonical text with the date phrases blanked
    clocks: list[ClockMention]  # clock times, read loosely in `masked`
    intent: str
    has_past_dates: bool


def _read(text: str, now: datetime, calendar: SchoolCalendar) -> _Reading:
    """Split, find the dates and clock times, and classify the intent."""
    msg = split_message(text)
    norm = msg.text
    today = now.date()
    all_spans = date_spans_for(norm, now, calendar)
    strict = find_clocks(norm)
    masked = mask(norm, [(s.start, s.end) for s in all_spans])
    spans = _outside_presence(absence_spans(all_spans, norm, today, calendar), norm)
    clocks = find_clocks(masked, loose=True)
    school_days = school_days_of(spans, calendar)
    has_past_dates = bool(spans) and all(s.last < today for s in spans)
    intent = classify_intent(
        norm,
        has_past_dates=has_past_dates,
        has_dates=bool(school_days) or any(s.last >= today for s in spans),
        has_clock=bool(strict) or bool(clocks),
    )
    return _Reading(msg, all_spans, spans, school_days, masked, clocks, intent, has_past_dates)


# Sentences: the model's doubt about a message is not a doubt about each of its sentences.
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n")
_THANKS = re.compile(r"\b(?:takk|thanks|thank\s+you)\b")
_PRONOUN_SUBJECT = re.compile(r"(?:^|[,;:]\s*)(?:han|hun|hen)\b")


def _plain_report(
    body: str, children: Sequence[Child], now: datetime, calendar: SchoolCalendar, school_first_names: frozenset[str]
) -> bool:
    """Whether some sentence of a message, read alone by the grammar, plainly reports a named child away.

    Plainly: no question (except leave asked for named days: "Går det an at Ola får fri torsdag?"), no thanks, the
    child named (or "han"/"hun" in a message of one sentence), no other family's child named, no day that is all
    past, and not told in the past tense unless some clause of it reports in the present ("Jonas er syk.", "Stopp, ikkje regn med Sofie i dag likevel", "Ella kastet opp i
    morges, så hun blir hjemme"). The learned model may not take such a report away, unless the grammar sees a
    clause about an absence too (`understand`). Measured leave-one-file-out on the development part (train the
    model on eight files, score the ninth; 1,719 messages): the take-aways this blocks were 12 wrong and none
    right; the model's wrong take-aways of reports fell from 14 to 2.
    """
    sentences = [s for s in _SENTENCES.split(body) if s.strip()]
    for sentence in sentences:
        r = _read(sentence, now, calendar)
        if "?" in sentence and not (r.intent == "leave_request" and r.school_days and cues_of(r.msg.text).leave_words):
            continue  # a question, unless it asks leave for named days ("Is it ok if we take Ola out on Friday?")
        if _THANKS.search(r.msg.text) or r.intent not in AWAY_INTENTS:
            continue
        if told_in_past(r.msg.text) and not any(
            not told_in_past(r.msg.text[a:b]) and classify_intent(r.msg.text[a:b]) in AWAY_INTENTS
            for a, b in clause_spans(r.msg.text)
        ):
            continue  # a story ("Filip ble sendt hjem i går"), unless a clause is told now ("og hun er ikke frisk i dag")
        u = _understood(r, children=children, now=now, calendar=calendar, school_first_names=school_first_names)
        # The child named, or (a follow-up of one sentence: "han er bedre nå, han kommer likevel kl 11") "he"/"she".
        about = named_children(sentence, children, school_first_names) or (
            len(sentences) == 1 and bool(_PRONOUN_SUBJECT.search(r.msg.text))
        )
        if (
            u.intent in AWAY_INTENTS
            and u.students
            and about
            and not r.has_past_dates
            and not names_another_pupil(sentence, children, school_first_names)
        ):
            return True
    return False


def _away_dates(r: _Reading, now: datetime, calendar: SchoolCalendar) -> tuple[date, ...]:
    """The school days named; for an absence that names none, the default day."""
    if r.spans:
        return r.school_days
    if r.intent == "absence":
        if undated_plan(r.msg.text, reason=reason_of(r.msg.text), has_clock=bool(r.clocks)):
            return ()  # "Ola blir borte": ask which day rather than assume today
        if vague_days(r.msg.text):
            return ()  # "han er borte noen dager", "et par dager neste uke": days that are not said
        day = default_day(now, calendar)
        return (day,) if day else ()
    return ()


def _missing(intent: str, students: tuple[str, ...], dates: tuple[date, ...], reason: str | None) -> tuple[str, ...]:
    """What the dialog still has to ask: the child, the days, and a leave request's reason."""
    missing: list[str] = []
    if not students:
        missing.append("student")
    if not dates:
        missing.append("dates")
    if intent == "leave_request" and reason is None:
        missing.append("reason")
    return tuple(missing)


def understand(
    text: str,
    *,
    children: Sequence[Child],
    now: datetime,
    calendar: SchoolCalendar,
    school_first_names: frozenset[str] = frozenset(),
    learned: bool = True,
) -> Understanding:
    """What a guardian's (or staff member's) message means, in the JSON contract's terms.

    `now` is an aware datetime in Europe/Oslo; `school_first_names` holds the lower-cased given
    names of every pupil, so a message about another family's child is noticed. `learned=False`
    keeps the grammar's intent without the model's second opinion (an answer to "your child is not at
    school" is read by the grammar alone: safety rules are exact).
    """
    r = _read(text, now, calendar)
    intent = second_opinion(text, r.intent, intent_model()) if learned else r.intent
    if (
        intent != r.intent
        and r.intent in AWAY_INTENTS
        and not talks_about_an_absence(r.msg.text)
        and _plain_report(r.msg.body, children, now, calendar, school_first_names)
    ):
        intent = r.intent  # "Jonas er syk. Kan Emma ta med leksene hans hjem?": the report stands
    if intent != r.intent:
        r = replace(r, intent=intent)
    u = _understood(r, children=children, now=now, calendar=calendar, school_first_names=school_first_names)
    e = evidence_of(
        r.msg, u, all_spans=r.all_spans, spans=r.spans, children=children, school_first_names=school_first_names
    )
    return replace(u, confidence=confidence(e))


def _understood(
    r: _Reading,
    *,
    children: Sequence[Child],
    now: datetime,
    calendar: SchoolCalendar,
    school_first_names: frozenset[str],
) -> Understanding:
    """The parse of a read message (see `understand`), before its confidence is set."""
    msg, intent = r.msg, r.intent
    if intent not in CHILD_INTENTS:
        return Understanding(intent=intent)
    about = msg.body
    if intent == "absence":
        about, cancelled = _without_presence(msg.body, children, school_first_names, past_only=r.has_past_dates)
        if cancelled:
            return Understanding(intent="unknown")
    students = resolve_from_parts(about, msg.signature, msg.addressee, msg.text, children, school_first_names) or ()
    if intent == "weekplan":
        return Understanding(intent=intent, students=students, dates=_weekplan_dates(r.all_spans, now, calendar))
    dates = _away_dates(r, now, calendar)
    start_time, end_time, later = day_window(r.masked, r.clocks, late=arrives_later(msg.text))
    reason = reason_of(msg.text)
    intent = leave_or_absence(  # a planned family matter needs the school's leave; today's doctor does not
        intent,
        msg.text,
        reason=reason,
        dates=dates,
        today=now.date(),
        whole_day=start_time is None and end_time is None,
        leave_days=LEAVE_DAYS,
    )
    parts: tuple[Part, ...] = ()
    if intent in AWAY_INTENTS and dates and students:
        day = default_day(now, calendar)
        parts = per_child_parts(about, children, students, _reader(now, calendar), (day,) if day else dates)
    return Understanding(
        intent=intent,
        students=students,
        dates=dates,
        start_time=start_time,
        end_time=end_time,
        reason=reason,
        missing=_missing(intent, students, dates, reason),
        parts=parts,
        arrives_later=later,
    )


def _details(text: str, now: datetime, calendar: SchoolCalendar) -> Details:
    """What a piece of a message says outright: the away days it names, its time window and reason."""
    r = _read(text, now, calendar)
    start_time, end_time, later = day_window(r.masked, r.clocks, late=arrives_later(r.msg.text))
    return Details(r.school_days, start_time, end_time, later, reason_of(r.msg.text))


def _reader(now: datetime, calendar: SchoolCalendar) -> Callable[[str], Details]:
    return lambda text: _details(text, now, calendar)


def understand_answer(
    text: str,
    *,
    intent: str,
    children: Sequence[Child],
    now: datetime,
    calendar: SchoolCalendar,
    school_first_names: frozenset[str] = frozenset(),
) -> Understanding:
    """The details an answer to a dialog's question gives outright, read as part of an `intent` report.

    "i morgen fra kl 12, han skal til legen" answering "which day?" gives tomorrow, leaving at 12 and
    an appointment. Nothing is defaulted: no day when none is named, no child unless one is named.
    """
    r = _read(text, now, calendar)
    students, _ = subject_children(r.msg.body, r.msg.text, children, school_first_names)
    ordered = tuple(c.sourced_id for c in children if c.sourced_id in students)
    d = _details(text, now, calendar)
    parts = per_child_parts(r.msg.body, children, ordered, _reader(now, calendar), ()) if ordered else ()
    return Understanding(
        intent=intent,
        students=ordered,
        dates=d.dates,
        start_time=d.start_time,
        end_time=d.end_time,
        reason=d.reason,
        parts=parts,
        arrives_later=d.arrives_later,
    )
