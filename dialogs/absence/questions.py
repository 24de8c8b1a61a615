"""Staff asking about the day's absence in plain words, in bokmål, nynorsk and English.

"hvem er borte i dag?", "hvem mangler i 5B?", "kven er borte i dag", "who is absent today?" → the
day's list; "hvor mange er syke i dag?", "hvor mange er borte", "how many are absent?" → a count by
reason category with the list; "er Ola meldt borte?", "er Emma Nordli syk i dag?", "kommer Nora i dag?"
→ that pupil's day (a PupilQuestion). Pure: text in, a StaffQuestion / PupilQuestion (or None) out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["PupilQuestion", "StaffQuestion", "read_pupil_question", "read_staff_question"]

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
    r"(?:(?:er|e|is|are|har\s+vi|har\s+me|har|have\s+we|do\s+we\s+have)\s+)?(?:det\s+som\s+(?:er\s+)?)?"
    r"(?:" + _AWAY + r"|mangler|manglar|fravær\w*|fråvær\w*)\b",
    re.I,
)
# "hvem er ikke forklart i dag?", "hvem mangler forklaring?", "uforklart fravær", "who is unexplained today?"
_UNEXPLAINED = re.compile(
    r"^(?:(?:hvem|kven|kem|who|hvilke|kva\s+for\s+nokre)\s+(?:elever\s+|elevar\s+|pupils\s+)?"
    r"(?:(?:er|e|is|are|har|has|have)\s+)?(?:det\s+som\s+(?:er\s+)?)?"
    r"(?:ikke\s+forklart|ikkje\s+forklart|uforklart\w*|uten\s+forklaring|utan\s+forklaring|"
    r"ikke\s+(?:meldt|gitt\s+beskjed)|ikkje\s+(?:meldt|gitt\s+beskjed)|mangler\s+forklaring|manglar\s+forklaring|"
    r"unexplained|not\s+(?:been\s+)?explained|not\s+reported|no\s+explanation|"
    r"(?:vi|me|eg|jeg|we)\s+(?:ikke|ikkje|not|still\s+not|fortsatt\s+ikke|enno\s+ikkje|ennå\s+ikke)\s+"
    r"(?:fått|fenge|fengje|got|had|received|heard)\s+(?:noen\s+|nokon\s+|any\s+|an\s+)?"
    r"(?:forklaring\w*|beskjed|melding|svar|explanation|word|notice)(?:\s+(?:på|om|for|fra|frå|from|about))?|"
    r"(?:(?:vi|me|we)\s+(?:mangler|manglar|are\s+missing)|(?:mangler|manglar)\s+(?:vi|me))\s+(?:forklaring\w*|beskjed|melding|svar|"
    r"an\s+explanation|explanations)(?:\s+(?:på|om|for|fra|frå|from|about))?)"
    r"|(?:vis\s+|show\s+|sjå\s+|se\s+|(?:er|finnes|fins|har)\s+(?:det|vi|me)\s+|(?:is|are)\s+there\s+)?"
    r"(?:noen\s+|nokon\s+|nokre\s+|any\s+)?(?:dagens\s+|today'?s\s+)?(?:uforklart\w*\s+fravær\w*|uforklart\w*\s+fråvær\w*|"
    r"unexplained\s+absences?|udokumentert\w*\s+fravær\w*))\b",
    re.I,
)
# "hei, hvem er borte?", "ok så, who is away?": a greeting or filler before the question.
_OPENER = re.compile(
    r"^(?:(?:hei|hey|hi|hallo|hello|ok|okay|okei|så|so|og|and|god\s+morgen|good\s+morning)\s*[,.!:]?\s+)+"
)
_WHO_IS = re.compile(r"\bwho'?s\s+")  # "who's absent today?"
_OVERVIEW = re.compile(
    r"^(?:vis\s+|show\s+|se\s+|sjå\s+)?(?:dagens\s+|today'?s\s+)?(?:fravær|fråvær|fraværet|fråværet|fraværsliste\w*|"
    r"fråværsliste\w*|absences?|absence\s+list|oversikt\s+over\s+fraværet?)\b",
    re.I,
)
_CLASS = re.compile(r"(?<![\w])(?:klasse\s+|class\s+)?(?P<klass>\d{1,2}\s?[a-zæøå])(?![\w])", re.I)
_OTHER_DAY = re.compile(r"\b(?:neste|forrige|last|next|uke|veke|week)\b")
# "denne uka", "this week", "neste veke", "last week": a week's list (0 this week, 1 next, -1 last).
_WEEKS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(?:neste|nest|kommende|komande|next|the\s+coming)\s+(?:uke|uka|uken|veke|veka|week)\b"), 1),
    (
        re.compile(
            r"\b(?:forrige|førre|sist|siste|last|the\s+last|past|the\s+past)\s+(?:uke|uka|uken|veke|veka|week)\b"
        ),
        -1,
    ),
    (
        re.compile(
            r"\b(?:(?:hele\s+|heile\s+)?(?:denne|dette)\s+(?:uka|uken|uke|veka|veke)|i\s+(?:uke|veke)|hele\s+uka|"
            r"heile\s+veka|(?:the\s+rest\s+of\s+|all\s+)?this\s+week|the\s+week|uka|veka)\b"
        ),
        0,
    ),
)
# "og i dag?", "and tomorrow?", "hva med i går?": staff asking again about another day, the list of that day.
_ANOTHER_DAY = re.compile(
    r"^(?:og|and|men|but|hva\s+med|kva\s+med|ka\s+med|what\s+about|how\s+about|then)\s+"
    r"(?P<day>i\s*dag|today|i\s*morgen|i\s*morgon|tomorrow|i\s*går|igår|yesterday|i\s*overmorgen|"
    r"(?:denne|neste|forrige)\s+(?:uka|uke|veka|veke)|(?:this|next|last)\s+week)\s*[?.!]*$"
)
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

    action: Literal["list", "count", "unexplained"]
    klass: str | None = None
    days_ahead: int = 0  # 1 for "i morgen", -1 for "i går"
    week: int | None = None  # 0 "denne uka", 1 "neste uke", -1 "forrige uke": the school days of that week


def read_staff_question(text: str | None, *, follow_up: bool = True) -> StaffQuestion | None:
    """A staff question about the absence today (or tomorrow, or yesterday); None for anything else.

    `follow_up=False` leaves out "og i morgen?" on its own, which only staff who just asked mean as a list."""
    raw = " ".join((text or "").strip().split())
    if not raw or len(raw) > 100:
        return None
    low = _WHO_IS.sub("who is ", raw.lower().replace("’", "'"))
    if follow_up and (again := _ANOTHER_DAY.match(low)):  # "og i morgen?" after a list: that day's list
        low = "hvem er borte " + again.group("day")
    low = _OPENER.sub("", low)
    week = None
    for pattern, offset in _WEEKS:
        if pattern.search(low):
            week, low = offset, pattern.sub(" ", low)
            break
    if _OTHER_DAY.search(low):
        return None
    days_ahead = 0
    for pattern, offset in _DAYS_AHEAD:
        if pattern.search(low):
            days_ahead, low = offset, pattern.sub(" ", low)
            break
    match = _UNEXPLAINED.match(low) or _HOW_MANY.match(low) or _WHO.match(low) or _OVERVIEW.match(low)
    if match is None:
        return None
    action: Literal["list", "count", "unexplained"] = "count" if match.re is _HOW_MANY else "list"
    action = "unexplained" if match.re is _UNEXPLAINED else action
    rest = low[match.end() :]
    klass_match = _CLASS.search(rest)
    klass = klass_match.group("klass").replace(" ", "").upper() if klass_match else None
    if klass_match:
        rest = rest[: klass_match.start()] + " " + rest[klass_match.end() :]
    rest = _TODAY.sub(" ", rest)
    if _FILLERS.sub(" ", rest).strip(" ?!.,"):
        return None  # more words than a question about today: leave it to the other flows
    return StaffQuestion(action, klass, days_ahead, week)


@dataclass(frozen=True)
class PupilQuestion:
    """Staff asking about named pupils' day ("er Ola meldt borte?"): the names as written, and which day."""

    names: tuple[str, ...]
    days_ahead: int = 0


_NAME = r"[^\W\d_][\w\-]*(?:\s+[^\W\d_][\w\-]*)??"
_NAMES = _NAME + r"(?:\s*(?:,|\bog\b|\band\b|&)\s*" + _NAME + r")*?"
# "er Ola meldt borte?", "er Emma Nordli syk i dag?", "is Ola absent today?", "hvorfor er Nora borte?"
_PUPIL_IS = re.compile(
    r"^(?:(?:vet|veit|veyt)\s+(?:du|vi|me)\s+om\s+|(?:hvorfor|kvifor|korfor|why)\s+)?(?:er|e|is|are)\s+"
    r"(?P<names>" + _NAMES + r")\s+(?:meldt\s+|melde\s+|reported\s+|registrert\s+)?"
    r"(?:" + _AWAY + r"|fraværende|fråverande)\b",
    re.I,
)
# "vet du om Ola er syk?", "do you know if Ola is sick?"
_PUPIL_KNOW = re.compile(
    r"^(?:(?:vet|veit)\s+(?:du|vi|me)\s+om|do\s+you\s+know\s+if)\s+(?P<names>" + _NAMES + r")\s+(?:er|e|is|are)\s+"
    r"(?:meldt\s+|melde\s+|reported\s+)?(?:" + _AWAY + r"|fraværende|fråverande)\b",
    re.I,
)
# "Ola er meldt borte?" (a question mark needed without a question word)
_PUPIL_TOLD = re.compile(
    r"^(?P<names>" + _NAMES + r")\s+(?:er|e|is|are)\s+"
    r"(?:meldt\s+|melde\s+|reported\s+)(?:" + _AWAY + r"|fraværende|fråverande)\b",
    re.I,
)
# "har Ola meldt fravær?", "har foreldrene til Ola meldt fravær i dag?", "has Ola been reported absent?"
_PUPIL_HAS = re.compile(
    r"^(?:har|has)\s+(?:(?:foreldrene|foresatte|føresette|mor|far|mamma|pappa|noen|nokon)\s+(?:til|åt)\s+)?"
    r"(?P<names>" + _NAMES + r")\s+(?:meldt|melde|fått\s+meldt|been\s+reported)\s+"
    r"(?:fravær|fråvær|forfall|borte|syk|sjuk|absent|sick|ill|noe|noko)\b",
    re.I,
)
# "kommer Ola i dag?", "kjem Nora på skulen i dag?", "is Ola coming in today?"
_PUPIL_COMES = re.compile(
    r"^(?:kommer|kjem|is)\s+(?P<names>"
    + _NAMES
    + r")\s*(?:coming(?:\s+in)?\b|på\s+skolen\b|på\s+skulen\b|til\s+skolen\b)?",
    re.I,
)
# "og Ola? hva var grunnen der", "what about Nora?", "hva med Emma?": asking about a pupil after a list.
_PUPIL_AGAIN = re.compile(
    r"^(?:og|and|hva\s+med|kva\s+med|ka\s+med|what\s+about|how\s+about)\s+(?P<names>" + _NAMES + r")\s*[?.!,]*"
    r"(?:\s*(?:hva|kva|ka|what)\s+(?:var|er|is|was)\s+(?:grunnen|årsaka|årsaken|grunnen\s+til\s+det|the\s+reason)"
    r"(?:\s+(?:der|dar|to\s+that|there|for\s+that))?|\s*(?:hvorfor|kvifor|korfor|why)(?:\s+(?:det|er\s+han\s+borte|"
    r"er\s+hun\s+borte|er\s+ho\s+borte))?|\s*(?:er\s+(?:han|hun|ho)\s+(?:meldt\s+)?(?:borte|syk|sjuk))|"
    r"\s*(?:is\s+(?:he|she)\s+(?:away|absent|off|sick)))?\s*[?.!]*$",
    re.I,
)
_PUPIL_STOP_WORDS = (
    "det du han hun ho de dei vi me noen nokon alle ingen elevene elevane klassen there it he she they you any "
    "everyone anyone someone the"
)
_PUPIL_STOP = frozenset(_PUPIL_STOP_WORDS.split())


def read_pupil_question(text: str | None) -> PupilQuestion | None:
    """Staff asking whether named pupils are away today (tomorrow, yesterday); the caller checks the names."""
    raw = " ".join((text or "").strip().split())
    if not raw or len(raw) > 100:
        return None
    low = raw.lower()
    if _OTHER_DAY.search(low):
        return None
    days_ahead = 0
    for pattern, offset in _DAYS_AHEAD:
        if pattern.search(low):
            days_ahead, low = offset, " ".join(pattern.sub(" ", low).split())
            break
    low = " ".join(_TODAY.sub(" ", low).split())
    patterns = (_PUPIL_IS, _PUPIL_HAS, _PUPIL_KNOW, _PUPIL_TOLD, _PUPIL_AGAIN) + ((_PUPIL_COMES,) if "?" in raw else ())
    for pattern in patterns:
        match = pattern.match(low)
        if match is None or (pattern is _PUPIL_TOLD and "?" not in raw):
            continue
        if _FILLERS.sub(" ", low[match.end() :]).strip(" ?!.,"):
            continue
        names = tuple(n for n in re.split(r"\s*,\s*|\s+og\s+|\s+and\s+|\s*&\s*", match.group("names")) if n)
        if names and not any(w in _PUPIL_STOP for n in names for w in n.split()):
            return PupilQuestion(names, days_ahead)
    return None
