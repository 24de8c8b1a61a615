"""How sure a parse is, 0-1: named factors over the evidence the grammars leave behind.

A parse starts fully sure and each doubt that applies multiplies it by its factor (`FACTORS`):
the intent had no cue of its own or competed with cues of other intents, a child was found by a
typo or a description rather than by name, the days were a default, anchored on the school
calendar or a word of time was left unread, several reason categories matched or a stated cause
was left unread, words were corrected for typos or are named by no grammar (`lexicon`), an
absence was asked as a question. The factors were set on the development part: the parser as it
was before issue 17's grammar work (commit 76c02f3) read generalisation/development.jsonl, which it
had not been written from, and each factor follows how often its doubt came with a wrong parse
there. bench/understanding.py prints the calibration of today's parser on the development part.
Below `DEFAULT_CONFIRM_BELOW` the absence and leave dialogs ask one yes/no question before they act.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from . import children as children_module
from . import clock, dates, intents, normalise, perchild, planned, reasons, typos, usage
from .children import child_mentions, named_children
from .dates import DateSpan
from .intents import Cues, cues_of, intent_signals, is_keyword_message
from .normalise import Message, mask
from .types import AWAY_INTENTS, CHILD_INTENTS, Child, Understanding
from .typos import correct_key_words, correct_relative_days

__all__ = ["DEFAULT_CONFIRM_BELOW", "FACTORS", "Evidence", "confidence", "doubts", "evidence_of"]

# The dialogs confirm an absence or leave parse below this (SKOLEBOT_CONFIRM_BELOW overrides it).
DEFAULT_CONFIRM_BELOW = 0.65

# Each doubt and what it multiplies the confidence by.
FACTORS: dict[str, float] = {
    "intent_without_cue": 0.6,  # the intent was a fallback: no cue of its own
    "intent_rival": 0.85,  # per other intent with a cue of its own (at most three counted)
    "child_by_typo": 0.85,  # a name one typo away
    "child_described": 0.9,  # "gutten", "den minste", a pronoun or the signature
    "child_unresolved": 0.9,  # the dialog will ask which child
    "dates_default": 0.9,  # no day named: today or the next school day
    "dates_unread": 0.8,  # a word of time (a weekday, a break, "uke") outside every day phrase read
    "dates_set_aside": 0.85,  # day phrases read as not about the absence (a presence clause, a past story)
    "dates_calendar": 0.9,  # anchored on the school calendar ("første skoledag etter jul"), or by dateparser
    "dates_many_phrases": 0.9,  # three or more day phrases combined
    "reason_several": 0.85,  # cues of more than one reason category
    "reason_guessed": 0.8,  # "pga <unknown word>": other, by guess
    "reason_unread": 0.75,  # a cause word ("pga", "fordi", "because") but no category
    "typo": 0.9,  # per key word corrected for a typo (at most two counted)
    "long": 0.9,  # more than 30 words
    "unread_word": 0.8,  # per word no grammar names (at most three counted)
    "report_doubted": 0.8,  # an absence asked as a question, or its away word negated ("var ikke borte")
}

_CALENDAR_KINDS = frozenset({"holiday", "breakdays", "breakpoint", "dateparser"})
_CAUSE_WORD = re.compile(r"\b(?:pga|fordi|grunnet|på\s+grunn\s+av|because|due\s+to|since|årsak\w*|grunn)\b")
_WORD = re.compile(r"[^\W\d_]+")
# Words of time a day phrase is built from; one left outside every phrase read means a day was missed.
_TIME_WORD = re.compile(
    r"\b(?:mandag|tirsdag|onsdag|torsdag|fredag|\w*ferie\w*|jul|julen|påske\w*|uke|uka|veke|veka|week|weeks|"
    r"christmas|easter|break|holidays?|term|semester|i\s+går|yesterday|\d{1,2}\.\s*\w+)\b"
)
_DOUBT = re.compile(r"\?|\b(?:ikke|not)\s+(?:\w+\s+)?(?:borte|fravær\w*|absent|away)\b")


@dataclass(frozen=True)
class Evidence:
    """What the reading of one message rests on (see `doubts` for what each field costs)."""

    intent: str
    keyword: bool = False  # the whole message is a keyword (STOPP, HJELP)
    supported: bool = True  # some cue points at the chosen intent
    rivals: int = 0  # other intents some cue points at
    children: str = "na"  # "named", "typo", "described", "only_child", "unresolved", "na"
    dates: str = "na"  # "named", "default", "none", "na"
    date_phrases: int = 0
    set_aside: bool = False
    calendar: bool = False
    reason: str = "na"  # "word", "several", "guessed", "unread", "none", "na"
    typos: int = 0
    words: int = 0
    unread: int = 0  # words no grammar names
    time_words: bool = False  # a word of time outside the day phrases read
    doubted: bool = False  # an absence asked as a question, or with its away word negated


def doubts(e: Evidence) -> tuple[str, ...]:
    """The names of the factors that apply, a rival or typo once per occurrence."""
    if e.keyword:
        return ()
    out: list[str] = []
    if not e.supported:
        out.append("intent_without_cue")
    out += ["intent_rival"] * min(e.rivals, 3)
    out += {"typo": ["child_by_typo"], "described": ["child_described"], "unresolved": ["child_unresolved"]}.get(
        e.children, []
    )
    if e.dates == "default":
        out.append("dates_default")
    if e.time_words:
        out.append("dates_unread")
    if e.set_aside:
        out.append("dates_set_aside")
    if e.calendar:
        out.append("dates_calendar")
    if e.date_phrases >= 3:
        out.append("dates_many_phrases")
    out += {"several": ["reason_several"], "guessed": ["reason_guessed"], "unread": ["reason_unread"]}.get(e.reason, [])
    out += ["typo"] * min(e.typos, 2)
    if e.words > 30:
        out.append("long")
    out += ["unread_word"] * min(e.unread, 3)
    if e.doubted:
        out.append("report_doubted")
    return tuple(out)


def confidence(e: Evidence) -> float:
    """The product of the factors that apply, rounded to two decimals."""
    return round(float(math.prod(FACTORS[name] for name in doubts(e))), 2)


def _children(u: Understanding, msg: Message, children: Sequence[Child], names: frozenset[str]) -> str:
    """How the students were found: by exact name (or "begge"), by a typo, by description, or not at all."""
    if u.intent not in CHILD_INTENTS:
        return "na"
    if not u.students:
        return "unresolved"
    words = set(_WORD.findall(msg.body.lower()))
    if any(w in words or w + "s" in words for c in children for w in re.split(r"[\s-]+", c.given_name.lower())):
        return "named"
    if child_mentions(msg.body, children):  # "begge", "barna", "alle tre"
        return "named"
    if named_children(msg.body, children, names):
        return "typo"
    return "only_child" if len(children) == 1 else "described"


def _reason(u: Understanding, cues: Cues, text: str) -> str:
    """How the reason was found: one category's word, several, a guess from "pga X", or a cause left unread."""
    if u.intent not in AWAY_INTENTS:
        return "na"
    categories = sum((cues.illness, cues.appointment, cues.family or cues.trip, cues.other_reason))
    if u.reason is None:
        return "unread" if _CAUSE_WORD.search(text) else "none"
    if categories == 0:
        return "guessed"
    return "several" if categories > 1 else "word"


def _strings(value: object) -> Iterable[str]:
    """The text inside a grammar constant: a pattern's source, a string, the strings of a collection."""
    if isinstance(value, re.Pattern):
        yield value.pattern
    elif isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.items():
            yield from _strings(item)
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _strings(item)


_GRAMMARS: tuple[ModuleType, ...] = (
    intents,
    reasons,
    dates,
    clock,
    normalise,
    children_module,
    planned,
    perchild,
    typos,
    usage,
)


# Courtesy and filler that carry no meaning for a parse, though no grammar names them.
_FILLER = frozenset(
    {
        *("beklager", "sorry", "orsak", "unnskyld", "dessverre", "unfortunately", "hilsen", "regards"),
        *("veldig", "very", "really", "just", "bare", "takk", "tusen", "thanks", "thank", "vennligst", "please"),
        *("håper", "hope", "ønsker", "wish", "fin", "fint", "flott", "good", "nice"),
    }
)


@cache
def lexicon() -> frozenset[str]:
    """Every word the grammars name in a pattern, rewrite or word list (built once, on first use), and filler."""
    words: set[str] = set(_FILLER)
    for module in _GRAMMARS:
        for name, value in vars(module).items():
            if name.startswith("__"):
                continue
            for text in _strings(value):
                words.update(_LEX_WORD.findall(re.sub(r"\\[a-zA-Z]", " ", text).lower()))
    return frozenset(words)


_LEX_WORD = re.compile(r"[a-zæøåäöüé]{2,}")


def _known(word: str, words: frozenset[str]) -> bool:
    """A word some grammar names, or one of its inflections (a stem of four letters or more that it names)."""
    return word in words or any(word[:k] in words for k in range(4, len(word)))


def _unread(msg: Message, children: Sequence[Child], names: frozenset[str]) -> int:
    """Words of three letters or more that no grammar names, besides names (own children, pupils, capitalised)."""
    words = lexicon()
    skip = {w.lower() for w in re.findall(r"(?<=[\w,] )[A-ZÆØÅ]\w+", msg.body)} | set(names)
    skip |= {p for c in children for p in re.split(r"[\s-]+", c.given_name.lower())}
    return sum(1 for w in _LEX_WORD.findall(msg.text) if len(w) >= 3 and w not in skip and not _known(w, words))


def _typos(body: str) -> int:
    """Key words and relative days the parser corrected for a typo ("fæbr", "i mårrå"); spacing does not count."""
    lower = body.lower()
    words = _WORD.findall(lower)
    fixed = _WORD.findall(correct_key_words(correct_relative_days(lower)))
    if "".join(words) == "".join(fixed):
        return 0
    return sum(1 for w in set(words) if w not in fixed) or 1


def evidence_of(
    msg: Message,
    u: Understanding,
    *,
    all_spans: Sequence[DateSpan],
    spans: Sequence[DateSpan],
    children: Sequence[Child],
    school_first_names: frozenset[str] = frozenset(),
) -> Evidence:
    """The evidence a parse rests on, from the split message, its date phrases and the result."""
    text = msg.text
    if is_keyword_message(text):
        return Evidence(intent=u.intent, keyword=True)
    cues = cues_of(text)
    signals = intent_signals(text, cues)
    if u.intent == "unknown":
        supported = "unknown" in signals
    else:
        supported = u.intent in signals or (u.intent == "leave_request" and "absence" in signals)
    away = u.intent in AWAY_INTENTS
    outside = mask(text, [(s.start, s.end) for s in all_spans])
    return Evidence(
        intent=u.intent,
        supported=supported,
        rivals=len(signals - {u.intent, "unknown"}),
        children=_children(u, msg, children, school_first_names),
        dates=("named" if spans else "default" if u.dates else "none") if away else "na",
        date_phrases=len(all_spans),
        set_aside=away and len(spans) < len(all_spans),
        calendar=away and any(s.kind in _CALENDAR_KINDS for s in spans),
        reason=_reason(u, cues, text),
        typos=_typos(msg.body),
        words=len(text.split()),
        unread=_unread(msg, children, school_first_names),
        time_words=away and bool(_TIME_WORD.search(outside)),
        doubted=u.intent == "absence" and bool(_DOUBT.search(text)),
    )
