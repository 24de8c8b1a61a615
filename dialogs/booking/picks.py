"""Answers to the booking questions in people's own words, on top of what every question reads (pure).

bot.understanding.answers reads numbers, ordinals, labels with typos and sizes ("den store") for every
choice question. A booking question adds:

- a yes before the pick: "ja, ta den fyrste", "yes, the second one", "ok, siste";
- "siste" / "last" is the last thing offered, not the «Nei takk» / «Ingen av dem» after it;
- where any of the things offered will do (a room of a kind, a free alternative), "hvilken som helst",
  "samme det", "kva som helst", "any", "either" is the first (the free ones come first);
- a yes when one thing only is offered ("ja" to one alternative and «Nei takk»);
- to "Dataskap 1 … er ledig. Skal jeg booke?" asked when the bot chose one of a kind itself ("trenger
  PC-vogna i morgen 10-12"), an answer that names or describes one of that kind ("den lille", "ta
  Dataskap 2", "nei, den andre", "the other one"): that one (`pool_pick`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.understanding.answers import Option, candidates, match_answer, ordinal_index, yes_or_no

__all__ = ["pick", "pool_pick", "says_any", "without_yes"]

# A yes (or an ok) that opens an answer and chooses nothing itself: "ja, ta den fyrste", "yes - the second".
_LEADING_YES = re.compile(
    r"^\W*(?:(?:ja|jo|jau|jepp|japp|jada|ok|okei|okey|okay|oki|greit|fint|gjerne|yes|yep|yeah|yup|sure)\b[\s,.!:;-]*)+",
    re.I,
)
# Any of them will do.
_ANY = re.compile(
    r"\b(?:hvilken|hvilket|hvilke|hvem|hva|kva|kven|kvar|kvarmed|kvart|kva\s+for\s+ein|kva\s+for\s+eit)\s+"
    r"(?:av\s+(?:dem|de|dei)\s+)?som\s+helst\b|"
    r"\b(?:samme|same)\s+(?:det|for\s+meg|kva|hva|hvilken)\b|\bdet\s+er\s+(?:det\s+)?(?:samme|same)\b|"
    r"\b(?:spiller|spelar|speler)\s+(?:ingen|inga|ikke\s+noen|ikkje\s+noka)\s+rolle\b|\begal\b|\buansett\b|"
    r"\b(?:any|either|whichever|whatever)\b|\b(?:doesn'?t|does\s+not|don'?t)\s+(?:matter|mind|care)\b|"
    r"\bno\s+preference\b",
    re.I,
)
# A no that opens a pick of another one: "nei, den andre", "no, the small one".
_LEADING_NO = re.compile(r"^\W*(?:nei|nope|no|nah|næ)\b[\s,.!:;-]*", re.I)
_NOT = re.compile(r"\b(?:ikke|ikkje|not|never|aldri|ingen|inga|none|neither)\b|n't\b", re.I)
_NOT_ANY = re.compile(r"\b(?:doesn'?t|does\s+not|don'?t)\s+(?:matter|mind|care)\b|\bingen\s+rolle\b|\binga\s+rolle\b")
# "the other one", "en annen", "ta den andre" when there are two: the one not offered.
_OTHER = re.compile(
    r"\b(?:(?:the\s+)?other(?:\s+one)?|another(?:\s+one)?|(?:en|ein)\s+annen|(?:ei|ein)\s+annan|hin|hine)\b", re.I
)
_DIGIT_ONLY = re.compile(r"^\W*(?:nr\.?|no\.?|nummer|number)?\s*\d+\W*$", re.I)


def without_yes(text: str) -> str:
    """The answer without the yes or ok that opens it: "ja, ta den fyrste" → "ta den fyrste"."""
    return _LEADING_YES.sub("", text or "", count=1).strip()


def says_any(text: str | None) -> bool:
    """ "hvilken som helst", "samme det", "det spiller ingen rolle", "any", "either one": any of them will do."""
    said = text or ""
    if not _ANY.search(said):
        return False
    return not _NOT.search(_NOT_ANY.sub(" ", said))  # "not any of them" is none; "doesn't matter" is any


def pick(text: str | None, options: Sequence[Option], *, offered: int, any_will_do: bool) -> int | None:
    """The index of the choice a booking answer names beyond the shared reading, or None to leave it to that.

    `offered` is how many of the choices are things offered (those after them decline: «Nei takk»);
    `any_will_do` is true where any of those things would do ("hvilken som helst" is the first).
    """
    said = (text or "").strip()
    if not said or offered < 1:
        return None
    body = without_yes(said)
    if any_will_do and says_any(body or said):
        return 0
    if not body:
        return 0 if offered == 1 and yes_or_no(said) is True else None
    number = ordinal_index(body, offered)
    if number is not None:
        return number
    if body != said:  # "ja, Musikkrommet 09:00–10:00": the rest read as an answer on its own
        return match_answer(body, options)
    return None


def pool_pick(text: str | None, pool: Sequence[Option]) -> int | None:
    """Which one of a kind an answer to "X er ledig. Skal jeg booke?" names or describes, or None.

    A number alone is left to the question ("1" for Ja by SMS), and so is anything with a not in it ("ikke den
    store"); "ja" and "nei" alone name none. The pool is in the order it was shown: the offered one first.
    """
    said = (text or "").strip()
    if not said or not pool or _DIGIT_ONLY.match(said) or _NOT.search(said):
        return None
    body = without_yes(_LEADING_NO.sub("", said, count=1))
    if not body:
        return None
    if says_any(body):
        return 0
    if len(pool) == 2 and _OTHER.search(body):
        return 1
    found = candidates(body, pool)
    return next(iter(found)) if len(found) == 1 else None
