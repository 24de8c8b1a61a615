"""Booking requests in bokmål, nynorsk and English: what the person wants, which resource, when.

Pure: the text, the school's resources, the lesson periods and "now" in, a BookingRequest (or
None when the message is not about booking) out. Reads "book musikkrommet fredag 10–11",
"trenger iPadskapet i morgen 3. time", "er møterom 1 ledig nå?", "avbestill bookingen min på
fredag", "mine bookinger", "hva er ledig i morgen 12–13", "vis musikkrommet fredag" and weekly
bookings ("hver fredag", "fast hver uke").

Resolution rules: a bare weekday is the next such day (today when today is that day); "neste
fredag" is the Friday of next week; a date without a year is the next one to come; a bare hour
1–6 is the afternoon (13–18), so "halv to" is 13:30; clock times in words ("kvart på tolv",
"quarter to twelve", "fra ti til halv ett") are read as digits first; a start without an end lasts
DEFAULT_LENGTH; times without a day are today. A word for a pool of equipment ("PC-vogna", "laptops",
"nettbrettene") or an indefinite article ("et grupperom") means any one of the kind will do (`any_one`);
the kind's own name ("grupperom", "meeting room") asks which.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.periods import PeriodTable
from bot.understanding.normalise import WEEKDAY_NUMBERS
from bot.understanding.numbers import NUMBER_WORDS

__all__ = [
    "ACTIONS",
    "DEFAULT_LENGTH",
    "BookingRequest",
    "ResourceRef",
    "When",
    "clock_words",
    "normalise",
    "parse_booking",
    "parse_when",
]

ACTIONS = ("book", "cancel", "mine", "availability", "resource_day", "feed")
DEFAULT_LENGTH = timedelta(hours=1)

_WEEKDAYS: dict[str, int] = WEEKDAY_NUMBERS
_MONTHS: dict[str, int] = {
    "januar": 1,
    "january": 1,
    "jan": 1,
    "februar": 2,
    "february": 2,
    "feb": 2,
    "mars": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}
_ORDINAL_WORDS: dict[str, int] = {
    "første": 1,
    "fyrste": 1,
    "first": 1,
    "andre": 2,
    "second": 2,
    "tredje": 3,
    "third": 3,
    "fjerde": 4,
    "fourth": 4,
    "femte": 5,
    "fifth": 5,
    "sjette": 6,
    "sixth": 6,
    "sjuende": 7,
    "syvende": 7,
    "seventh": 7,
}
_COUNT_WORDS: dict[str, float] = {
    "en": 1,
    "ei": 1,
    "ein": 1,
    "ett": 1,
    "eitt": 1,
    "one": 1,
    "an": 1,
    "a": 1,
    "to": 2,
    "two": 2,
    "tre": 3,
    "three": 3,
    "fire": 4,
    "four": 4,
    "halvannen": 1.5,
    "halvanna": 1.5,
    "halv": 0.5,
}
# English names for the kinds Norwegian rosters use: the kind itself, as "grupperom" is (the dialog asks which one).
_KIND_NAMES: dict[str, str] = {
    "meeting room": "møterom",
    "music room": "musikkrom",
    "group room": "grupperom",
    "ipad cabinet": "ipadskap",
    "computer cabinet": "dataskap",
    "laptop cabinet": "dataskap",
    "pc cabinet": "dataskap",
    "pcskap": "dataskap",
    "gym": "gymsal",
    "kitchen": "skolekjøkken",
}
# What staff call the equipment in the corridor (written as `normalise` leaves it: "PC-vogna" → "pcvogna"). These
# name a pool, not one of it: with a day and time any free one of the kind will do, as with "et grupperom".
# A word here that no resource of its kind exists for is ignored.
_POOL_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "laptop cart",
            "laptops",
            "pcer",
            "pcvogn",
            "pcvogna",
            "pcvognen",
            "pctralle",
            "pctralla",
            "pctrallen",
            "datavogn",
            "datavogna",
            "datavognen",
            "laptopvogn",
            "laptopvogna",
            "chromebookvogn",
            "chromebookvogna",
            "chromebooks",
            "pcene",
            "pcane",
            "laptoper",
            "laptopene",
            "laptopane",
            "datamaskiner",
            "datamaskinene",
            "datamaskinar",
            "datamaskinane",
            "bærbare",
            "berbare",
        ),
        "dataskap",
    ),
    **dict.fromkeys(
        (
            "ipad cart",
            "ipad trolley",
            "ipads",
            "ipadvogn",
            "ipadvogna",
            "ipadtralle",
            "ipadtralla",
            "ipader",
            "ipadene",
            "ipadane",
            "nettbrett",
            "nettbrettene",
            "nettbretta",
        ),
        "ipadskap",
    ),
}
_KIND_SYNONYMS: dict[str, str] = {**_KIND_NAMES, **_POOL_WORDS}

_WD = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_MN = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORD = "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
_COUNT = "|".join(sorted(_COUNT_WORDS, key=len, reverse=True))
_HHMM = r"(\d{1,2})(?:[:.](\d{2}))?"
_KL = r"(?:kl|klokka|klokken|at)\.?\s*"

_PERIOD_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"(?<![\d:.])(\d{1,2})\s*\.?\s*(?:-|til|og|to|and)\s*(\d{1,2})\s*\.\s*"
        r"(?:time|timen|timane|timene|økt|økta|økter)\b"
    ),
    re.compile(r"(?<![\d:.])(\d{1,2})\s*\.\s*(?:time|timen|økt|økta)\b()"),
    re.compile(rf"\b({_ORD})\s*(?:(?:-|og|til|and|to)\s*({_ORD})\s*)?(?:time|timen|timane|økt|period|lesson)s?\b"),
    re.compile(r"\b(?:period|lesson)s?\s+(\d{1,2})(?:\s*(?:-|and|to)\s*(\d{1,2}))?\b"),
    re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\s*(?:(?:-|and|to)\s*(\d{1,2})(?:st|nd|rd|th)\s*)?(?:period|lesson)s?\b"),
)
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DMY = re.compile(r"(?<![\d.:])\b(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})\b(?![.:/]?\d)")
_D_MONTH = re.compile(rf"\b(\d{{1,2}})\.?\s*(?:of\s+)?({_MN})\b\.?(?:\s+(\d{{4}})\b)?")
_MONTH_D = re.compile(rf"\b({_MN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?![.:]\d)")
_DM = re.compile(r"(?<![\d.:/])\b(\d{1,2})([./])(\d{1,2})\b\.?(?![\d:/]|\.\d|\s*(?:-|til|to)\s*\d)")
_RELATIVE = re.compile(
    r"\b(i\s*dag|today|i\s*overmorgen|i\s*overmorgon|overmorgen|the\s+day\s+after\s+tomorrow|"
    r"i\s*morgen|i\s*morgon|tomorrow)\b"
)
_EVERY_WEEKDAY = re.compile(rf"\b(?:hver|kvar|every|alle)\s+({_WD})(?:er|ar|ane|ene|s)?\b")
_PLURAL_WEEKDAY = re.compile(rf"\b(?:på\s+|on\s+)?({_WD})(?:er|ar|s)\b")
_WEEKDAY = re.compile(rf"\b(?:(?:på|on)\s+)?(?:(neste|next|kommende)\s+)?({_WD})\b")
_WEEKLY = re.compile(
    r"\b(?:fast\s+|faste\s+)?(?:hver|kvar|every)\s+(?:uke|veke|week)\b|\bukentlig\w*|\bvekentleg\w*|"
    r"\bweekly\b|\bfast(?:e)?\s+booking\w*|\bresten\s+av\s+(?:semesteret|terminen|halvåret)\b|"
    r"\bgjennom\s+(?:semesteret|terminen|halvåret)\b|\brest\s+of\s+the\s+term\b"
)
_DURATION = re.compile(
    rf"\b(?:i|for)\s+(\d{{1,3}}|{_COUNT})\s*(timer|timar|time|hours?|min|mins|minutt|minutter|"
    r"minutes?)\b"
)
_HALF_HOUR = re.compile(r"\b(?:i\s+)?(?:en|ei|a)\s+halvtime\b|\bhalf\s+an\s+hour\b")
_RANGE = re.compile(
    rf"(?:\b(?:kl|klokka|klokken|fra|from)\.?\s*)?(?<![\d.:])\b{_HHMM}\s*(?:-|til|to|until)\s*"
    rf"(?:{_KL})?{_HHMM}\b(?![.:]?\d)"
)
_BETWEEN = re.compile(rf"\b(?:mellom|between)\s+(?:{_KL})?{_HHMM}\s*(?:og|and)\s*(?:{_KL})?{_HHMM}\b")
_SINGLE_CLOCKS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_KL}(\d{{1,2}})(?:[:.]?(\d{{2}}))?\b"),
    re.compile(r"(?<![\d.:])\b(\d{1,2}):(\d{2})\b"),
    re.compile(r"\b(?:fra|from)\s+(\d{1,2})(?:[.:](\d{2}))?\b"),
)
_NOW = re.compile(r"\b(?:akkurat\s+nå|right\s+now|nå|now)\b|\b(?<=ledig )no\b|\b(?<=ledige )no\b")

_CANCEL = re.compile(r"\b(?:avbestill\w*|avlys\w*|slett\w*|kanseller\w*|cancel\w*|fjern\w*|avbook\w*|unbook\w*)")
# A cancel word and a pronoun only ("avlys den", "slett det", "cancel it"): the booking just listed or made.
_CANCEL_IT = re.compile(
    r"^\s*(?:kan du\s+|can you\s+|please\s+)?(?:avbestill|avlys|slett|kanseller|cancel|fjern)\w*\s+"
    r"(?:den|det|denne|dette|den der|it|that|that one|this|this one)\s*(?:takk|please|for meg)?[.!?]*\s*$"
)
_BOOKING_WORD = re.compile(r"\b(?:booking\w*|reservasjon\w*|reservation\w*)")
_MINE = re.compile(
    r"\b(?:mine|my)\s+(?:bookinger|bookingar|bookings|reservasjoner|reservasjonar|reservations)\b|"
    r"\bbooking(?:ene|ane)\s+(?:mine|mine)\b|\bhva\s+har\s+jeg\s+booket\b|"
    r"\bkva\s+har\s+eg\s+booka\b|\bwhat\s+have\s+i\s+booked\b|\bmine\s+booking\b"
)
_PLURAL_BOOKINGS = re.compile(r"^\s*(?:bookinger|bookingar|bookings|bookingene|bookingane)\s*$")
_FEED = re.compile(
    r"\b(?:kalenderlenke\w*|kalender\s*lenke\w*|calendar\s+link|icalendar|ical|ics)\b|"
    r"\b(?:min|mi|my)\s+(?:kalender|calendar)\b|"
    r"\b(?:abonner\w*|subscribe\w*)\b.*\b(?:kalender\w*|calendar\w*|booking\w*)"
)
_AVAILABLE = re.compile(r"\b(?:ledig\w*|free|available|availability|opptatt|busy)\b|^\s*(?:er|is)\b.*\bbooke[dt]\b")
_BOOK_STRONG = re.compile(r"\b(?:book|booke|booker|booka|bookar|reserve|reserver\w*)\b")
_BOOK_WEAK = re.compile(r"\b(?:trenger|treng|trengs|låne|lån|bestill\w*|need|needs|borrow|vil\s+ha|ønsker|få)\b")
# Things one "trenger" at a time that are no resource: time off, a substitute, help ("trenger fri i morgen 10-12").
# "trenger å gå hjem halv to", "kan Ola få gå kl 13", "need to leave at 2": something to do, not a thing to borrow.
_NOT_A_THING = re.compile(
    r"\b(?:fri|fri\w+|permisjon|vikar\w*|hjelp|help|time\s+off|a\s+substitute|cover|skyss|møte|mote)\b|"
    r"\b(?:trenger|treng|trengs|need|needs|ønsker|ønskjer|vil|want|wants)\s+(?:å|to)\b|"
    r"\bfå\s+(?:gå|dra|komme|kome|reise|slutte|slutta|slippe|sleppe|være|vere|bli|ta)\b"
)
_SHOW = re.compile(
    r"\b(?:vis|syn|show|se|sjå|oversikt|oversyn|timeplan|kalender|calendar|schedule|"
    r"hva\s+skjer|kva\s+skjer|what'?s\s+on|hvem\s+har|kven\s+har|who\s+has)\b"
)
_SERIES = re.compile(r"\b(?:hele\s+serien|heile\s+serien|serien|faste|fast|hver|kvar|every|series|recurring)\b")
_EVERY = re.compile(r"\b(?:alle|all|every\s+one)\b")
_ANY = re.compile(r"\b(?:hva|kva|what|noe|noko|any)\b")
_BOOKING_NOUN = re.compile(r"\b(?:booking|bookingen)\b")
_FILLERS = frozenset(
    {
        "i",
        "på",
        "for",
        "til",
        "er",
        "hva",
        "kva",
        "what",
        "on",
        "in",
        "the",
        "at",
        "om",
        "den",
        "det",
        "dag",
        "skjer",
        "is",
        "and",
        "og",
        "med",
        "with",
        "s",
        "'s",
    }
)
_WORDS = re.compile(r"[\wæøå']+")


@dataclass(frozen=True)
class ResourceRef:
    """A bookable resource as the parser needs it: its names."""

    sourced_id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class When:
    """The day and clock times a message names; any part may be missing."""

    day: date | None = None
    start: time | None = None
    end: time | None = None
    weekly: bool = False
    now: bool = False

    @property
    def has_times(self) -> bool:
        return self.start is not None and self.end is not None


@dataclass(frozen=True)
class BookingRequest:
    """What a booking message asks for. `resource_id` wins over `kind` when both are known."""

    action: str
    resource_id: str | None = None
    kind: str | None = None
    day: date | None = None
    start: time | None = None
    end: time | None = None
    weekly: bool = False
    now: bool = False
    series: bool = False  # cancel: the whole weekly series
    every: bool = False  # cancel: every booking that matches, without asking
    explicit: bool = False  # unmistakable booking words: claimed even from people who may not book
    any_one: bool = False  # "et grupperom", "a group room", "PC-vogna": any free one of the kind will do

    @property
    def when(self) -> When:
        return When(self.day, self.start, self.end, self.weekly, self.now)

    def with_when(self, when: When) -> BookingRequest:
        """This request completed by a later answer ("fredag 10–11")."""
        return replace(
            self,
            day=when.day or self.day,
            start=when.start or self.start,
            end=when.end or self.end,
            weekly=self.weekly or when.weekly,
            now=self.now or when.now,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able values, for dialog state."""
        data = asdict(self)
        data["day"] = self.day.isoformat() if self.day else None
        data["start"] = self.start.strftime("%H:%M") if self.start else None
        data["end"] = self.end.strftime("%H:%M") if self.end else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BookingRequest:
        values = dict(data)
        values["day"] = date.fromisoformat(values["day"]) if values.get("day") else None
        values["start"] = time.fromisoformat(values["start"]) if values.get("start") else None
        values["end"] = time.fromisoformat(values["end"]) if values.get("end") else None
        return cls(**values)


# ---------------------------------------------------------------------- text helpers


def normalise(text: str | None) -> str:
    """Lower case, dashes as "-", hyphens inside words dropped ("iPad-skapet" = "ipadskapet")."""
    s = (text or "").lower()
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"(?<=[a-zæøåéü])-(?=[a-zæøåéü])", "", s)
    s = re.sub(r"[?!,;«»\"()\[\]]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


# ---------------------------------------------------------------------- resources


def _kind_forms(kind: str) -> set[str]:
    """Inflected forms of a kind noun: "møterom" → "møterommet", "møterommene", ..."""
    k = normalise(kind)
    forms = {k, k + "et", k + "en", k + "a", k + "er", k + "ene", k + "ane", k + "ar", k + "s"}
    if k.endswith("m"):
        forms |= {k + "met", k + "mene", k + "mane", k + "mer", k + "mar"}
    return forms


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\wæøå]){re.escape(phrase)}(?![\wæøå])")


def _names_of(resource: ResourceRef) -> set[str]:
    """A resource's name and aliases, and their English forms ("møterom 1" → "meeting room 1")."""
    names = {normalise(resource.name), *(normalise(a) for a in resource.aliases)} - {""}
    kind = normalise(resource.kind)
    for synonym, of_kind in _KIND_SYNONYMS.items():
        if of_kind == kind and " " in synonym:
            names |= {n.replace(kind, synonym) for n in names if kind in n}
    return names


def find_resource(norm: str, resources: Sequence[ResourceRef]) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """(resource id, kind, span) of the longest resource name, alias or kind word in the text."""
    best: tuple[int, int, ResourceRef] | None = None
    for resource in resources:
        for phrase in _names_of(resource):
            if not phrase:
                continue
            match = _phrase_pattern(phrase).search(norm)
            if match and (best is None or len(phrase) > best[1] - best[0]):
                best = (match.start(), match.end(), resource)
    if best is not None:
        return best[2].sourced_id, best[2].kind, (best[0], best[1])
    kinds = sorted({r.kind for r in resources})
    words: list[tuple[str, str]] = [(form, kind) for kind in kinds for form in _kind_forms(kind)]
    words += [(syn + suffix, kind) for syn, kind in _KIND_SYNONYMS.items() if kind in kinds for suffix in ("", "s")]
    found: tuple[int, int, str] | None = None
    for phrase, kind in words:
        match = _phrase_pattern(phrase).search(norm)
        if match and (found is None or len(phrase) > found[1] - found[0]):
            found = (match.start(), match.end(), kind)
    if found is None:
        return None, None, None
    of_kind = [r for r in resources if r.kind == found[2]]
    resource_id = of_kind[0].sourced_id if len(of_kind) == 1 else None
    return resource_id, found[2], (found[0], found[1])


# ---------------------------------------------------------------------- clock times in words

# Hours in words: the shared number words up to twelve (not "ei"/"én", which are never hours here), and
# the dialect forms people write in a booking ("åtta", "ellve").
_HOUR_VALUES: dict[str, int] = {w: h for w, h in NUMBER_WORDS.items() if h <= 12 and w not in ("ei", "én")} | {
    "åtta": 8,
    "ellve": 11,
    "elve": 11,
}
# "en"/"ein"/"one" are articles and pronouns too often to be an hour outside "halv ett"-style phrases.
_RANGE_HOURS = {w: h for w, h in _HOUR_VALUES.items() if w not in ("en", "ein", "one")}
_MINUTE_VALUES: dict[str, int] = {
    "fem": 5,
    "ti": 10,
    "kvart": 15,
    "tjue": 20,
    "tyve": 20,
    "tjuefem": 25,
    "five": 5,
    "ten": 10,
    "quarter": 15,
    "twenty": 20,
    "twentyfive": 25,
    "half": 30,
}
_HW = "|".join(sorted(_HOUR_VALUES, key=len, reverse=True))
_RHW = "|".join(sorted(_RANGE_HOURS, key=len, reverse=True))
# An hour: a word, or a number that is not the day of a date ("på 10. desember") nor a count ("ti på en dag").
_UNIT = r"dag|dager|dagar|time|timer|timar|uke|uker|veke|veker|gang|ganger|gonger|min\w*|days?|hours?|weeks?|times"
_H_WORD = rf"(?P<h>{_HW}|\d{{1,2}}(?![.:/]?\d)(?!\.?\s*(?:{_MN})\b))(?!\s+(?:{_UNIT})\b)"
_NO_MINUTES = r"fem|ti|kvart|tjue|tyve|tjuefem|\d{1,2}"
_EN_MINUTES = r"five|ten|quarter|twenty|twentyfive|half"
_NO_RELATIVE = re.compile(rf"\b(?P<m>{_NO_MINUTES})\s+(?P<dir>over|på)\s+(?P<half>halv\s+)?{_H_WORD}\b")
_NO_HALF = re.compile(rf"\bhalv\s+{_H_WORD}\b")
_EN_RELATIVE = re.compile(
    rf"(?P<lead>\b(?:from|between|fra|mellom)\s+)?\b(?P<m>{_EN_MINUTES})\s+(?P<dir>past|to)\s+{_H_WORD}\b"
)
_EN_HALF = re.compile(rf"\bhalf\s+{_H_WORD}\b(?!\s+(?:hour|an|a|of|day|term|time))")
_CUED_WORD = re.compile(rf"\b(?P<cue>kl\.?|klokka|klokken|at)\s*(?P<h>{_RHW})\b(?!\s+(?:of|the|a|an)\b)")
_O_CLOCK = re.compile(rf"\b(?P<h>{_HW}|\d{{1,2}})\s+o'?clock\b")
_CLOCK_OR_WORD = rf"(?:{_RHW}|\d{{1,2}}(?::\d{{2}})?)"
_WORD_RANGE = re.compile(
    rf"\b(?P<lead>fra|from|mellom|between)\s+(?P<a>(?:kl\.?\s*)?{_CLOCK_OR_WORD})\s*(?P<sep>-|til|to|until|og|and)\s*"
    rf"(?P<b>(?:kl\.?\s*)?{_CLOCK_OR_WORD})\b(?!\s+(?:{_UNIT})\b)"
)
_TAIL_WORD = re.compile(
    rf"(?P<a>(?<![\d.:])\b\d{{1,2}}(?::\d{{2}})?)\s*(?P<sep>-|til|to|until)\s*(?P<b>{_RHW})\b(?!\s+(?:{_UNIT})\b)"
)
_LONE_WORD = re.compile(rf"\b(?:{_RHW})\b")


def _hour_value(token: str) -> int:
    """The hour a word or number names: "to" → 2, "12" → 12."""
    return int(token) if token.isdigit() else _HOUR_VALUES[token]


def _clock_text(total_minutes: int) -> str:
    """Minutes after midnight as "H:MM"; half past twelve at night reads as half past twelve by day."""
    if total_minutes < 60:
        total_minutes += 12 * 60
    return f"{total_minutes // 60}:{total_minutes % 60:02d}"


def _relative_minutes(match: re.Match[str], minute_words: dict[str, int]) -> int:
    """Minutes after midnight of "kvart på tolv", "ti over halv ni", "quarter to twelve"."""
    raw = match.group("m")
    minutes = int(raw) if raw.isdigit() else minute_words[raw]
    base = _hour_value(match.group("h")) * 60 - (30 if match.groupdict().get("half") else 0)
    return base + minutes if match.group("dir") in ("over", "past") else base - minutes


def _norwegian_relative(match: re.Match[str]) -> str:
    return _clock_text(_relative_minutes(match, _MINUTE_VALUES))


def _english_relative(match: re.Match[str]) -> str:
    """ "quarter to twelve" is 11:45, but "from ten to twelve" is a range, left for later."""
    if match.group("lead") and match.group("m") not in ("quarter", "half"):
        return match.group(0)
    return (match.group("lead") or "") + _clock_text(_relative_minutes(match, _MINUTE_VALUES))


def _half_before(match: re.Match[str]) -> str:
    """Norwegian "halv to" is half an hour before two: 1:30 (the afternoon, at school)."""
    return _clock_text(_hour_value(match.group("h")) * 60 - 30)


def _half_past(match: re.Match[str]) -> str:
    """British "half two" is half past two."""
    return _clock_text(_hour_value(match.group("h")) * 60 + 30)


def _digits(text: str) -> str:
    """Every hour word in one end of a range as its number: "kl ti" → "kl 10"."""
    return _LONE_WORD.sub(lambda m: str(_RANGE_HOURS[m.group(0)]), text)


def _range_digits(match: re.Match[str]) -> str:
    """A range with both ends in digits: "fra ti til tolv" → "fra 10 til 12" (the "to" between is no hour)."""
    lead = f"{match.group('lead')} " if match.groupdict().get("lead") else ""
    return f"{lead}{_digits(match.group('a'))} {match.group('sep')} {_digits(match.group('b'))}"


def clock_words(norm: str) -> str:
    """Clock times written in words as digits, so the clock patterns read them: "fra 12 til halv to" →
    "fra 12 til 1:30", "kvart på tolv" → "11:45", "quarter past ten" → "10:15", "fra ti til tolv" → "fra 10 til 12"."""
    text = _NO_RELATIVE.sub(_norwegian_relative, norm)
    text = _NO_HALF.sub(_half_before, text)
    text = _EN_RELATIVE.sub(_english_relative, text)
    text = _EN_HALF.sub(_half_past, text)
    text = _O_CLOCK.sub(lambda m: _clock_text(_hour_value(m.group("h")) * 60), text)
    text = _CUED_WORD.sub(lambda m: f"{m.group('cue')} {_RANGE_HOURS[m.group('h')]}", text)
    text = _WORD_RANGE.sub(_range_digits, text)
    return _TAIL_WORD.sub(_range_digits, text)


# ---------------------------------------------------------------------- times and days


def _hour(raw_h: str, raw_m: str | None) -> time | None:
    h, m = int(raw_h), int(raw_m or 0)
    if 1 <= h <= 6:  # school runs 08-16: "1-2" is the afternoon
        h += 12
    if h > 23 or m > 59:
        return None
    return time(h, m)


def _plus(t: time, delta: timedelta) -> time | None:
    moved = datetime.combine(date(2000, 1, 1), t) + delta
    return moved.time() if moved.date() == date(2000, 1, 1) else None


def _next_weekday(today: date, weekday: int, *, next_week: bool = False) -> date:
    if next_week:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
        return monday + timedelta(days=weekday)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _coming(today: date, month: int, day: int, year: int | None = None) -> date | None:
    try:
        if year is not None:
            return date(year if year > 99 else 2000 + year, month, day)
        candidate = date(today.year, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    except ValueError:
        return None


def _time_context_before(text: str, pos: int) -> bool:
    before = text[:pos].rstrip().split(" ")[-1:] or [""]
    return before[0].rstrip(".") in {"kl", "klokka", "klokken", "fra", "mellom", "til", "from", "at", "between"}


def _take_day(text: str, today: date) -> tuple[str, date | None, bool]:
    """(masked text, the day named, whether it repeats weekly)."""
    weekly = False
    day: date | None = None
    match = _EVERY_WEEKDAY.search(text) or _PLURAL_WEEKDAY.search(text)
    if match:
        day = _next_weekday(today, _WEEKDAYS[match.group(1)])
        return _mask(text, *match.span()), day, True
    for pattern in (_ISO, _DMY):
        match = pattern.search(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            day = _coming(today, b, c, a) if pattern is _ISO else _coming(today, b, a, c)
            return _mask(text, *match.span()), day, weekly
    match = _D_MONTH.search(text)
    if match:
        year = int(match.group(3)) if match.group(3) else None
        day = _coming(today, _MONTHS[match.group(2)], int(match.group(1)), year)
        return _mask(text, *match.span()), day, weekly
    match = _MONTH_D.search(text)
    if match:
        day = _coming(today, _MONTHS[match.group(1)], int(match.group(2)))
        return _mask(text, *match.span()), day, weekly
    for match in _DM.finditer(text):
        d, sep, m = int(match.group(1)), match.group(2), int(match.group(3))
        if m > 12 or d > 31 or (sep == "." and _time_context_before(text, match.start())):
            continue
        return _mask(text, *match.span()), _coming(today, m, d), weekly
    match = _RELATIVE.search(text)
    if match:
        word = re.sub(r"\s+", "", match.group(1))
        offset = 0 if word in ("idag", "today") else 2 if "over" in word or "after" in word else 1
        return _mask(text, *match.span()), today + timedelta(days=offset), weekly
    match = _WEEKDAY.search(text)
    if match:
        day = _next_weekday(today, _WEEKDAYS[match.group(2)], next_week=bool(match.group(1)))
        return _mask(text, *match.span()), day, weekly
    return text, None, weekly


def _take_period(text: str, periods: PeriodTable) -> tuple[str, tuple[time, time] | None]:
    for pattern in _PERIOD_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        first_raw, last_raw = match.group(1), match.group(2) or match.group(1)
        first = _ORDINAL_WORDS.get(first_raw) or int(first_raw)
        last = _ORDINAL_WORDS.get(last_raw) or int(last_raw)
        span = periods.span(min(first, last), max(first, last))
        return _mask(text, *match.span()), span
    return text, None


def _take_duration(text: str) -> tuple[str, timedelta | None]:
    match = _HALF_HOUR.search(text)
    if match:
        return _mask(text, *match.span()), timedelta(minutes=30)
    match = _DURATION.search(text)
    if not match:
        return text, None
    raw, unit = match.group(1), match.group(2)
    amount = float(raw) if raw.isdigit() else _COUNT_WORDS[raw]
    minutes = amount if unit.startswith("min") else amount * 60
    return _mask(text, *match.span()), timedelta(minutes=minutes) if minutes > 0 else None


def _take_clock(text: str, duration: timedelta | None) -> tuple[str, time | None, time | None]:
    for pattern in (_BETWEEN, _RANGE):
        match = pattern.search(text)
        if match:
            start, end = _hour(match.group(1), match.group(2)), _hour(match.group(3), match.group(4))
            if start and end and end <= start and end.hour < 12:  # "11-1" is 11:00-13:00 already
                end = None
            return _mask(text, *match.span()), start, end
    for pattern in _SINGLE_CLOCKS:
        match = pattern.search(text)
        if match:
            start = _hour(match.group(1), match.group(2))
            end = _plus(start, duration or DEFAULT_LENGTH) if start else None
            return _mask(text, *match.span()), start, end
    return text, None, None


def _scan_when(norm: str, now: datetime, periods: PeriodTable) -> tuple[str, When]:
    """(text with every date and time masked, what they say)."""
    today = now.date()
    text, period = _take_period(clock_words(norm), periods)
    text, day, weekly = _take_day(text, today)
    weekly_match = _WEEKLY.search(text)
    if weekly_match:
        weekly = True
        text = _mask(text, *weekly_match.span())
    text, duration = _take_duration(text)
    start: time | None
    end: time | None
    if period is not None:
        start, end = period
    else:
        text, start, end = _take_clock(text, duration)
    is_now = False
    now_match = _NOW.search(text)
    if now_match and start is None:
        is_now = True
        text = _mask(text, *now_match.span())
        day = day or today
    if start is not None and end is not None and end <= start:
        end = None
    return text, When(day=day, start=start, end=end, weekly=weekly, now=is_now)


# An indefinite article right before a kind of room: "trenger et grupperom", "en ledig pc-vogn", "a group room".
_ANY_ONE = re.compile(r"\b(?:et|en|ei|eit|ein|a|an|any|noe|noko|nokon|et\s+ledig|en\s+ledig|ei\s+ledig|a\s+free)\s*$")


def parse_when(text: str | None, now: datetime, periods: PeriodTable, *, default_day: date | None = None) -> When:
    """The day and times of an answer to "when?"; times without a day are on `default_day` (else today)."""
    _, when = _scan_when(normalise(text), now, periods)
    if when.day is None and (when.start is not None or when.now):
        when = replace(when, day=default_day or now.date())
    return when


# ---------------------------------------------------------------------- the request


def _any_one(norm: str, span: tuple[int, int]) -> bool:
    """Any one of the kind will do: an indefinite article before it ("et grupperom") or a word for the pool
    ("PC-vogna", "laptops", "nettbrettene")."""
    phrase = norm[span[0] : span[1]]
    return bool(_ANY_ONE.search(norm[: span[0]])) or phrase in _POOL_WORDS or phrase.removesuffix("s") in _POOL_WORDS


def _leftover(text: str) -> list[str]:
    return [w for w in _WORDS.findall(text) if w not in _FILLERS]


def parse_booking(
    text: str | None, *, now: datetime, resources: Iterable[ResourceRef], periods: PeriodTable
) -> BookingRequest | None:
    """The booking request in a message, or None when it is about something else."""
    norm = normalise(text)
    if not norm:
        return None
    resource_id, kind, span = find_resource(norm, list(resources))
    rest, when = _scan_when(_mask(norm, *span) if span else norm, now, periods)
    base = BookingRequest(
        action="book",
        resource_id=resource_id,
        kind=kind,
        day=when.day,
        start=when.start,
        end=when.end,
        weekly=when.weekly,
        now=when.now,
        any_one=resource_id is None and span is not None and _any_one(norm, span),
    )
    about_own = _about_own_bookings(norm, rest, base)
    if about_own is not None:
        return about_own
    found = resource_id is not None or kind is not None
    chosen = _resource_action(rest, has_time=when.start is not None) if found else _open_action(rest, when)
    if chosen is None:
        return None
    action, explicit = chosen
    return _defaults(replace(base, action=action, explicit=explicit), now.date())


def _about_own_bookings(norm: str, rest: str, base: BookingRequest) -> BookingRequest | None:
    """Cancel, a calendar link or "mine bookinger": unmistakable, so claimed from anyone, with no default day."""
    found = base.resource_id is not None or base.kind is not None
    if _CANCEL_IT.match(norm):  # "avlys den" after "mine bookinger": staff only (not explicit), asked which if several
        return replace(base, action="cancel", explicit=False)
    if _CANCEL.search(norm) and (_BOOKING_WORD.search(norm) or found):
        series = base.weekly or bool(_SERIES.search(rest))
        return replace(base, action="cancel", series=series, every=bool(_EVERY.search(rest)), explicit=True)
    if _FEED.search(norm):
        return replace(base, action="feed", explicit=True)
    if _MINE.search(norm) or _PLURAL_BOOKINGS.match(norm):
        return replace(base, action="mine", explicit=True)
    return None


def _resource_action(rest: str, *, has_time: bool) -> tuple[str, bool] | None:
    """(action, explicit) of a message naming a resource or kind; None when it says something else about it."""
    if _AVAILABLE.search(rest):
        return "availability", False
    if _BOOK_STRONG.search(rest):
        return "book", True
    if _BOOK_WEAK.search(rest):
        return "book", False
    if _SHOW.search(rest):
        return "resource_day", False
    if not _leftover(rest):  # just the resource (and a time): book it then, or show its day
        return ("book" if has_time else "resource_day"), False
    return None


def _open_action(rest: str, when: When) -> tuple[str, bool] | None:
    """(action, explicit) of a message naming no resource: what is free when, or booking something not yet named."""
    if _AVAILABLE.search(rest) and (when.day is not None or when.start is not None or when.now or _ANY.search(rest)):
        return "availability", False
    if _BOOK_STRONG.search(rest) or _BOOKING_NOUN.search(rest):
        return "book", True
    if _BOOK_WEAK.search(rest) and when.day is not None and when.start is not None and not _NOT_A_THING.search(rest):
        return "book", False  # "trenger <something we have no name for> i morgen 10-12" (staff): ask which
    return None


def _defaults(request: BookingRequest, today: date) -> BookingRequest:
    """Times without a day are today; a room's day and "what is free" without a day are today."""
    if request.day is None and (
        request.start is not None or request.now or request.action in ("resource_day", "availability")
    ):
        return replace(request, day=today)
    return request
