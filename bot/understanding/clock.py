"""Norwegian clock expressions and the partial-day window they describe.

Reads "kl 12", "kl. 12.30", "12:30", "kl 1230", "klokka ni", "ni-tiden", "halv tolv" (11:30),
"kvart over ti" (10:15), "kvart på ni" (08:45), "ti over halv ni" (08:40), "fem på halv tolv"
(11:25), "2 pm". School runs 08:00-16:00, so a bare hour 1-6 means the afternoon (13:00-18:00).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from .normalise import canonical, clean
from .numbers import NUMBER_WORDS
from .reasons import APPOINTMENT

__all__ = ["ClockMention", "arrives_later", "clock_window", "day_window", "find_clocks", "parse_clock", "school_hour"]

# Dialect spellings of hours the canonical rewrites leave alone ("rundt ellevå").
_DIALECT_HOURS = {"ellevå": 11, "ellve": 11, "ølve": 11, "elve": 11, "tolve": 12, "tålv": 12, "åtta": 8}
_HOUR_WORDS = "ellevå|ellve|ølve|elve|tolve|tålv|åtta|elleve|tolv|eitt|ett|ein|en|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_EN_HOURS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_H = rf"(?P<h>\d{{1,2}}|{_HOUR_WORDS})"
_MINUTE_WORDS = {
    "fem": 5,
    "ti": 10,
    "kvart": 15,
    "tjue": 20,
    "tyve": 20,
    "quarter": 15,
    "half": 30,
    "five": 5,
    "ten": 10,
    "twenty": 20,
}

# Patterns that are clocks wherever they stand.
_STRICT: tuple[re.Pattern[str], ...] = (
    # "ti over halv ni", "kvart på ni", "fem på halv tolv", "10 over 11"
    re.compile(rf"\b(?P<m>fem|ti|kvart|tjue|tyve|\d{{1,2}})\s+(?P<dir>over|på)\s+(?P<half>halv\s+)?{_H}\b"),
    # "halv tolv"
    re.compile(rf"\b(?P<half>halv)\s+{_H}\b"),
    # "half past ten", "quarter to nine", "ten past nine"
    # (word minutes only: "from 7 to 9 December" is a date range, not 08:53)
    re.compile(rf"\b(?P<m>half|quarter|five|ten|twenty)\s+(?P<dir>past|to)\s+{_H}\b"),
    # British "half one", "half 9": half past the hour (Norwegian "halv ett" is half before it, above)
    re.compile(
        rf"\b(?P<halfpast>half)\s+(?P<h>\d{{1,2}}|{_EN_HOURS})\b(?![.:/]?\d)(?!\s+(?:hour|an|a|of|day|dag|term|time))"
    ),
    # "2 pm", "10.30am"
    re.compile(r"\b(?P<h>\d{1,2})(?:[.:](?P<mm>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)(?!\w)"),
    # "kl 12", "kl 12.30", "kl 12:30", "kl 1230", "kl ni"
    re.compile(rf"\bkl\s*(?:(?P<h>\d{{1,2}})(?:[.:]?(?P<mm>\d{{2}}))?\b|(?P<hw>{_HOUR_WORDS})\b)"),
    # "12:30"
    re.compile(r"\b(?P<h>\d{1,2}):(?P<mm>\d{2})\b"),
    # "ni-tiden", "10-tida", "ved ti tiden"
    re.compile(rf"\b{_H}\s*-?\s*(?:tiden|tida|tia|tien|tidå)\b"),
    # "ca 10", "rundt 10.30", "omkring 11" (not "ca 3 dager")
    re.compile(
        r"\b(?:ca|rundt|omkring)\s+(?P<h>\d{1,2})(?:[.:](?P<mm>\d{2}))?\b"
        r"(?![.:/]\d)(?!\s*(?:dager|dag|uker|uke|timer|time|min\w*|år|\.\s*\w))"
    ),
    # "rundt ti", "ca elleve", "omkring ellevå" (one and two are too often other words: "rundt to dager")
    re.compile(
        r"\b(?:ca|rundt|omkring|around|about)\s+(?P<hw>tre|fire|fem|seks|sju|syv|åtte|åtta|ni|ti|elleve|ellevå|ellve|"
        r"ølve|elve|tolv|tolve|tålv|eight|nine|ten|eleven|twelve)\b"
        r"(?!\s*(?:dager|dag|days?|uker|uke|weeks?|timer|time|hours?|min\w*|år|years?|barn|elever|kids|children|"
        r"personer|people|over|på|past|to)\b)"
    ),
)

# Bare numbers that are clocks only when a clock cue stands right before them; run after dates.
_LOOSE: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<![\d.:/])\b(?P<h>\d{1,2})\.(?P<mm>\d{2})\b(?![.:/]?\d)"),
    re.compile(
        r"\b(?:fra|til|etter|før|innen|mellom|og|hjem|gå|går|drar|dra|hentes|hentet|henter\s+\w+|hente\s+\w+|"
        r"kommer|komme|slutter|møter|tilbake|plass|skolen|leaves|arrives|borte|fri|by|ved|"
        r"collect\w*\s+\w+|fetch\w*\s+\w+)\s+(?P<h>\d{1,2})\b"
        r"(?![.:/]?\d)(?!\s*(?:dager|dag|uker|uke|timer|time|min\w*|år|barn|elever|\.))"
    ),
    # English hours in words after "at"/"by" ("collect her at two", "in by ten"); "at one of" is no clock.
    re.compile(rf"\b(?:at|by)\s+(?P<h>{_EN_HOURS})\b(?!\s+(?:of|or|point|another|time|stage|day|week|and\s+a))"),
)


@dataclass(frozen=True)
class ClockMention:
    """A clock time found in canonical text, with its character span."""

    start: int
    end: int
    value: time
    strict: bool


def school_hour(hour: int) -> int:
    """Read an hour the way a school means it: 1-6 without am/pm are afternoon hours."""
    return hour + 12 if 1 <= hour <= 6 else hour


def _hour(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token, _DIALECT_HOURS.get(token))


def _minutes(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return _MINUTE_WORDS.get(token)


def _to_time(total_minutes: int) -> time | None:
    if not 0 <= total_minutes < 24 * 60:
        return None
    return time(total_minutes // 60, total_minutes % 60)


def _value(m: re.Match[str]) -> time | None:
    """Turn one regex match into a time, or None when the numbers are no clock."""
    groups = m.groupdict()
    raw_hour = groups.get("h") or groups.get("hw")
    if raw_hour is None:
        return None
    hour = _hour(raw_hour)
    if hour is None or hour > 24:
        return None
    ampm = groups.get("ampm")
    if ampm:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    elif hour <= 12:
        hour = school_hour(hour)
    if hour == 24:
        hour = 0
    direction = groups.get("dir")
    if direction in {"past", "to"}:
        # English: "half past ten" = 10:30, "quarter to nine" = 08:45.
        minutes = _minutes(groups["m"] or "")
        if minutes is None or minutes >= 60:
            return None
        base = hour * 60
        return _to_time(base + minutes if direction == "past" else base - minutes)
    total = hour * 60
    if groups.get("half"):
        total -= 30
    if groups.get("halfpast"):
        total += 30
    if direction in {"over", "på"}:
        minutes = _minutes(groups["m"] or "")
        if minutes is None or minutes >= 30:
            return None
        total += minutes if direction == "over" else -minutes
    mm = groups.get("mm")
    if mm is not None:
        if int(mm) >= 60:
            return None
        total += int(mm)
    return _to_time(total)


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def find_clocks(text: str, *, loose: bool = False) -> list[ClockMention]:
    """Clock mentions in canonical text, in reading order.

    With loose=False only unambiguous forms are read; loose=True reads bare "11.30" and
    cue-led numbers ("går hjem 12", "fra 11") too, which is safe only after dates are masked.
    """
    found: list[ClockMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _STRICT:
        for m in pattern.finditer(text):
            span = (m.start(), m.end())
            value = _value(m)
            if value is None or _overlaps(span, taken):
                continue
            taken.append(span)
            found.append(ClockMention(span[0], span[1], value, True))
    if loose:
        for pattern in _LOOSE:
            for m in pattern.finditer(text):
                span = (m.start("h"), m.end())
                if _overlaps(span, taken):
                    continue
                value = _value(m)
                if value is None or not time(7, 0) <= value <= time(17, 0):
                    continue
                taken.append(span)
                found.append(ClockMention(span[0], span[1], value, False))
    if loose:
        found.extend(_range_ends(text, found, taken))
    return sorted(found, key=lambda c: c.start)


_RANGE_END = re.compile(r"\s*-\s*(?P<h>\d{1,2})(?:[.:](?P<mm>\d{2}))?\b(?![.:/]?\d)")


def _range_ends(text: str, found: list[ClockMention], taken: list[tuple[int, int]]) -> list[ClockMention]:
    """The bare second half of a clock range: "12" in "borte 10-12", "kl 10.30-11"."""
    ends: list[ClockMention] = []
    for mention in found:
        m = _RANGE_END.match(text, mention.end)
        if not m:
            continue
        span = (m.start("h"), m.end())
        value = _value(m)
        if _overlaps(span, taken) or value is None or not mention.value < value <= time(17, 0):
            continue
        taken.append(span)
        ends.append(ClockMention(span[0], span[1], value, False))
    return ends


# --- which end of the school day a time belongs to -----------------------------------------

# A period after a number ends a sentence when a word other than a month follows ("kl 11. Jeg henter ...").
_MONTH_WORD = r"(?:jan|feb|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|des|dec)"
_BOUNDARY = re.compile(
    r"(?<!\d)\.(?=\s|$)|(?<=\d)\.(?=\s+(?!" + _MONTH_WORD + r")[^\W\d_])|[!?;,\n](?=\s|$)|\n|"
    r"\b(?:og|men|but|så|so|then)\b"
)
# The child is fetched or leaves: bokmål, nynorsk, dialect and English ("I'm collecting her at half one").
_LEAVE_CUES = re.compile(
    r"\b(?:går\s+hjem|gå\s+hjem|dra\s+hjem|drar\s+hjem|går|gå|gikk|drar|dra|reiser|reise|hentes|hentet|henta|hentar|henter|hente|"
    r"hent|hænte|hænter|hæinte|hentast|slutter|slutte|sluttar|forlater|går\s+tidlig|leaves|leave|leaving|borte\s+fra|fri\s+fra|"
    r"hjemme\s+fra|gå\s+fra|collect|collects|collecting|collected|fetch|fetches|fetching|"
    r"(?:tar|ta|tek|take|takes|taking)\s+(?:\w+\s+)?(?:ut|out)|sign\w*\s+(?:\w+\s+)?out)\b|"
    # "I take him 10.30", "tar henne kl 12": taking the child at a time, read on the words just before it ("take him
    # to school at 10" arrives).
    r"\b(?:tar|ta|tek|take|takes|taking|took)\s+[^\W\d_]+\s+(?:(?:kl|ca|at)\s+)?$"
)
# The child comes in: "kommer", "møter", "er på skolen", English "he'll be in", "in by 10", "be there by 10",
# "drop him off", "levere" (dropping the child at school).
_ARRIVE_CUES = re.compile(
    r"\b(?:kommer|komme|kom|møter|møte|tilbake|på\s+skolen|på\s+plass|ankommer|være\s+der|er\s+der|arrives|arrive|"
    r"(?:be|get|gets|getting|kommer|komme)\s+in(?!\s+(?:bed|senga|hospital|the\s+hospital|pain|touch))|"
    r"(?:be|get|gets|getting)\s+there|in\s+by|drop\w*\s+(?:\w+\s+)?off|lever(?:e|er|a|ar|te)\s+(?:\w+\s+)?"
    r"(?:på\s+skolen|kl|ca|\d)|"
    # "expect him around quarter past ten", "regn med henne ca 10": when the school may expect the child.
    r"(?:expect|expecting|regn|regne|rekn|rekne)\s+(?:med\s+)?(?:at\s+)?(?:han|hun|henne|ham|dem|de|him|her|them|\w+))\b"
)
_PRESENCE = re.compile(r"\b(?:på\s+skolen|kommer|komme|møter|være\s+der|tilbake)\b")
_PREP_BEFORE = re.compile(r"\b(?P<p>fra|til|før|innen|etter|from|until|by)\s+(?:kl\s+|ca\s+)?$")
_WHOLE_DAY = re.compile(
    r"\bhele\s+dagen\b|\bkommer\s+ikke\b(?!\s+(?:før|til|tilbake))|\bikke\s+(?:\w+\s+)?(?:på\s+)?skolen\b|"
    r"\bblir\s+hjemme\b|\bikke\s+komme\b|\bhjemme\s+i\s+dag\b"
)
# Away for the day with no time given ("Ola er borte i morgen", "will be off tomorrow" -> "er borte i morgen").
_AWAY_ALL_DAY = re.compile(
    r"\b(?:er|blir|is|be|will\s+be)\s+(?:\w+\s+)?borte\b(?!\s+(?:fra|til|etter|før|kl|ca|rundt|\d|halv|kvart))"
)
_NEGATED_BEFORE = re.compile(r"\bikke\s+(?:\w+\s+){0,2}$")
# An event of the family's whose time a clause gives ("begravelsen er kl 12", "the funeral is at 12", "flyet går
# kl 14"): the time is the event's, not when the child leaves or arrives.
_EVENT = (
    r"(?:begravels\w*|bisettels\w*|gravferd\w*|minnestund\w*|funeral\w*|bryllup\w*|vielse\w*|wedding\w*|"
    r"konfirmasjon\w*|dåp\w*|dåpen|christening|baptism|seremoni\w*|ceremony|feiring\w*|fest\w*|party|selskap\w*|"
    r"bursdag\w*|birthday\w*|flyet|flight|plane|toget|train|ferja|ferry|bussen|coach|avreise|departure|kampen|match|"
    r"konsert\w*|concert|forestilling\w*|show|gudstjeneste\w*|service|mass|bønn\w*|prayers?)"
)
_EVENT_BEFORE = re.compile(
    rf"\b{_EVENT}\s+(?:[\w']+\s+){{0,2}}?(?:er|e|is|was|starts?|starter|begynner|byrjar|går|gjekk|leaves|departs|"
    r"lander|lands|blir|takes\s+off|tar\s+av)?\s*(?:(?:at|on|fra|from|kl|ca|rundt|allerede|already)\s+){0,2}$"
)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a span: from the last boundary before it to the next one after it."""
    left = 0
    for b in _BOUNDARY.finditer(text, 0, start):
        left = b.end()
    nxt = _BOUNDARY.search(text, end)
    right = nxt.start() if nxt else len(text)
    return left, right


def _role(text: str, mention: ClockMention) -> str | None:
    """'start' when the child leaves at this time, 'end' when it arrives, None when unclear."""
    left, right = _clause(text, mention.start, mention.end)
    before = text[left : mention.start]
    after = text[mention.end : right]
    clause = text[left:right]
    presence = bool(_PRESENCE.search(clause))
    if _EVENT_BEFORE.search(before):
        return "event"  # "the funeral is at 12": the family's event, not the child's leaving or arriving
    prep = _PREP_BEFORE.search(before)
    if prep:
        p = prep.group("p")
        if p == "by":  # "in by 10.15", "be there by 10"; "has to leave by 1" is leaving then
            return "start" if _LEAVE_CUES.search(before) and not _ARRIVE_CUES.search(before) else "end"
        if p in {"til", "før", "innen", "until"}:
            if p == "til" and presence and "ikke" not in clause and not _ARRIVE_CUES.search(before):
                return "start"
            return "end"
        if p in {"fra", "from"}:
            return "end" if presence and not _LEAVE_CUES.search(clause) else "start"
    cues: list[tuple[int, str]] = []
    for m in _LEAVE_CUES.finditer(before):
        cues.append((m.end(), "start"))
    for m in _ARRIVE_CUES.finditer(before):
        cues.append((m.end(), "end"))
    if cues:
        return max(cues)[1]
    later: list[tuple[int, str]] = []
    for m in _LEAVE_CUES.finditer(after):
        later.append((m.start(), "start"))
    for m in _ARRIVE_CUES.finditer(after):
        later.append((m.start(), "end"))
    if later:
        return min(later)[1]
    if APPOINTMENT.search(clause):
        return "appointment"  # "will be late, doctor at 8 and comes 10:30": 8 is the appointment, not the arrival
    # "kommer senere i dag, ca 10": a bare time takes its cue from earlier in the message; a negated
    # arrival ("won't be at school tomorrow, ... at 12") is no cue.
    earlier = text[:left]
    cues = [(m.end(), "start") for m in _LEAVE_CUES.finditer(earlier)]
    cues += [
        (m.end(), "end")
        for m in _ARRIVE_CUES.finditer(earlier)
        if not _NEGATED_BEFORE.search(earlier, 0, m.start()) or _NOT_UNTIL.match(earlier, m.end())
    ]
    if cues:
        return "end_soft" if max(cues)[1] == "end" else "start"
    return None


# "won't be in til after lunch, about 12:30", "kommer ikke før ...": a denied arrival up to a point is an arrival.
_NOT_UNTIL = re.compile(r"\s*(?:før|til|till|until|before)\b")
# The child does not come at all that day, or has the day off: an appointment's time is no window.
_NOT_COMING = re.compile(
    r"\b(?:kommer\s+ikke|ikke\s+kommer|ikke\s+komme)\b(?!\s+(?:før|til|tilbake|etter|senere|sent))|"
    r"\bikke\s+(?:\w+\s+)?(?:på\s+)?skolen\b|\bhele\s+dagen\b|"
    r"\b(?:få|ha|ta|har|gi)\s+(?:\w+\s+)?fri\b(?!\s+(?:fra|etter|før|kl|ca|rundt|\d|halv|kvart|til))"
)


# A late arrival at an unstated time: "kommer etterpå", "kommer senere", "kjem etter tannlegen", "is coming later".
# ("kommer tilbake etterpå" is a return after leaving, not a late start.)
_LATE = re.compile(
    r"\b(?:kommer|komme|kjem|kome|møter|møte|er\s+på\s+skolen|is\s+coming|will\s+come|will\s+be|coming|arrives?)"
    r"(?:\s+(?:nok|litt|noe|først|forst|inn|in|a\s+bit|a\s+little|på\s+skolen|til\s+skolen|to\s+skolen|to\s+school))*"
    r"\s+(?:etterpå|ettepå|etterpaa|senere|seinere|seinare|senare|sent|sein|seint|late|later|"
    r"(?:etter|after)\b(?!\s+(?:the\s+)?(?:helg\w*|weekend|ferie\w*|holiday\w*|jul\w*|påske\w*|\w+dag\w*|"
    r"\w+day|uke\w*|veke\w*|week|neste|next|det|at|dette)\b))\b"
)


def arrives_later(text: str) -> bool:
    """True when canonical text says the child comes to school later in the day ("kommer etterpå")."""
    return bool(_LATE.search(text))


def day_window(text: str, mentions: list[ClockMention], *, late: bool) -> tuple[time | None, time | None, bool]:
    """`clock_window`, plus whether the child arrives later than the end time says (or at an unstated time).

    `late` is `arrives_later` of the unmasked message. "tannlege kl 10, kommer etterpå" is a late arrival
    after 10: (None, 10:00, True), not leaving at 10; "kommer kl 11" is (None, 11:00, False);
    "går hjem kl 12" stays (12:00, None, False).
    """
    start, end = clock_window(text, mentions, late=late)
    if not late or start is not None:
        return start, end, False
    exact = end is not None and any(m.value == end and _arrival_time(text, m) for m in mentions)
    return start, end, not exact


def _arrival_time(text: str, mention: ClockMention) -> bool:
    """True when the child arrives at this time, not at an appointment then ("will be late, dentist at 10")."""
    if _role(text, mention) not in {"end", "end_soft"}:
        return False
    left, right = _clause(text, mention.start, mention.end)
    clause = text[left:right]
    if re.search(r"\b(?:etter|after)\b", text[left : mention.start]):
        return False  # "kommer etter kl 9", "kommer etter legetimen kl 9": some time after
    return not (APPOINTMENT.search(clause) and not _ARRIVE_CUES.search(clause))


def clock_window(text: str, mentions: list[ClockMention], *, late: bool = False) -> tuple[time | None, time | None]:
    """The partial-day window (leaves at, arrives at) that the clock mentions describe.

    A time the child leaves at is the start of the absence; a time it arrives at is its end.
    "fra 10 til 12" away -> (10:00, 12:00); "på skolen fra 10 til 12" -> arrives 10, leaves 12.
    Times with no cue at all are ignored in a message that says the child is away all day.
    With `late` (the message says the child comes later), an appointment time is the earliest arrival.
    """
    start: time | None = None
    end: time | None = None
    weak: list[time] = []  # appointment or cue-less times: the child leaves then, unless a clearer time is given
    whole_day = bool(_WHOLE_DAY.search(text) or _NOT_COMING.search(text))
    soft_end: time | None = None  # an arrival read only from a cue earlier in the message: the last one wins
    # An event's time ("begravelsen er kl 12") is no window when the child is away all that day.
    event_day = whole_day or bool(_AWAY_ALL_DAY.search(text))
    i = 0
    while i < len(mentions):
        cur = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None:
            between = text[cur.end : nxt.start].strip()
            if between in {"til", "-", "og", "to", "until", "and"} and (
                between != "og" or re.search(r"\bmellom\s+(?:kl\s+)?$", text[: cur.start])
            ):
                left, right = _clause(text, cur.start, cur.start)
                presence = bool(_PRESENCE.search(text[left : nxt.end + 40])) and not _LEAVE_CUES.search(
                    text[left : cur.start]
                )
                first, second = (cur.value, nxt.value) if cur.value <= nxt.value else (nxt.value, cur.value)
                if presence:
                    end, start = end or first, start or second
                else:
                    start, end = start or first, end or second
                i += 2
                continue
        role = _role(text, cur)
        if role == "appointment" or (role is None and not whole_day) or (role == "event" and not event_day):
            weak.append(cur.value)
        elif role == "start" and start is None:
            start = cur.value
        elif role == "end" and end is None:
            end = cur.value
        elif role == "end_soft":
            soft_end = cur.value
        i += 1
    if end is None and soft_end is not None:
        end = soft_end
    if weak and start is None and end is None and _NOT_COMING.search(text):
        # "kommer ikke i dag, hun har tannlegetime kl 10": away all day, the time is the appointment's.
        weak = []
    if weak and start is None and end is None:
        if late:
            end = weak[-1]
        else:
            start = weak[0]
    return start, end


_BARE = re.compile(r"^\s*(?:kl\s*)?(?P<h>\d{1,2})(?:[.:]?(?P<mm>\d{2}))?\s*$")


def parse_clock(text: str) -> time | None:
    """The first clock time a text names ("halv tolv" -> 11:30, "kl 1" -> 13:00), else None.

    A reply that is only a number ("12", "11.30", "1230") is read as a clock, as a dialog expects,
    and so is "10.12" (a dialog asking for a time wants 10:12, not 10 December).
    """
    norm = canonical(clean(text))
    bare = _BARE.match(norm)
    if bare:
        return _value(bare)
    mentions = find_clocks(norm, loose=True)
    return mentions[0].value if mentions else None


def arrival_time(text: str) -> time | None:
    """The time a message says the child comes to school ("tannlegen, kommer kl 11" -> 11:00), else None.

    For an answer about a child already missing: a leaving time means nothing there, so only an arrival counts.
    """
    norm = canonical(clean(text))
    mentions = find_clocks(norm)
    _start, end, _later = day_window(norm, mentions, late=arrives_later(norm))
    return end
