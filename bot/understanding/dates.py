"""Norwegian date grammar: which calendar days a message talks about.

Our own grammar reads relative days ("i dag", "i morgen", "i går"), weekdays ("fredag",
"neste fredag", "forrige mandag"), explicit dates ("4. desember", "4.12", "4/12", "04.12.2026"),
ranges and lists ("fra mandag til onsdag", "3.-5. des", "mandag og tirsdag", "til og med onsdag"),
weeks ("ut uka", "hele uka", "neste uke", "uke 49"), durations ("i tre dager", "en uke") and
returns ("kommer tilbake på onsdag" = away until Tuesday). dateparser is the fallback for
month-name dates the grammar does not know ("on December the 4th").

Days that are not said name no day, so the dialog asks: an uncertain count ("noen dager", "nokre dagar",
"a few days") and a count or a bit of a week ("et par dager neste uke", "litt denne uka", "some days next
week"); "et par dager", "i tre dager" (from the default day) and "hele uka" are days said (`vague_days`).

Resolution rules (documented because dialogs rely on them):
- a bare weekday is the next such day, today when today is that day; in a past-tense clause
  ("var syk på mandag") it is the last such day before today;
- "neste fredag" is the Friday of next week; "forrige/sist fredag" the last Friday before today;
- a date without a year is the one at most 60 days back or else ahead;
- "uke N" is ISO week N of this year, or of next year once this year's week N is over;
- open ranges ("til og med onsdag", "i tre dager", "kommer tilbake onsdag") start at the
  default day (`default_day`): today while school is on, else the next school day;
- a return day is after the start: "kommer tilbake mandag" said on a Monday is next Monday;
- "forrige uke" is last week, "neste uke mandag" the Monday of next week, "Dec 7-9" a range,
  "ut skoleåret"/"resten av semesteret" up to the end of the term;
- school breaks are the gaps between the calendar's terms, named by season (`named_break`):
  "første skoledag etter jul", "uka etter vinterferien", "the last day before the Easter break",
  "de to første dagene etter juleferien" resolve through them, "til høstferien" is up to the break;
- "kommer ikke før torsdag" / "won't be back before Thursday" is a return day (away up to Wednesday),
  and so are "kommer (tilbake) etter vinterferien", "vi ses etter høstferien", "see you on Monday" and,
  after a day away or an away word, "(hun) er på skolen torsdag"; a bare "etter jul" is context, no day;
  "ikke hjem før mandag kveld" keeps Monday away; a return on a weekday after a break ("kjem ikkje før onsdag
  etter vinterferien") is away from that school week's Monday, not from before the break, unless a day before it
  is named;
- "resten av uka/uga/veka", "rest of the week" and (not told in the past) "hele denne uka" run from the
  default day to Friday; "ikke mer skole før jul", "no more school before the Christmas holidays",
  "kommer ikke før neste år" run up to the break; "for the rest of the school year" to the end of the term;
  such a run starts on the day a trip begins when the message names one ("vi flyr i morgen");
- "de to første skoledagene" without a break borrows the break named elsewhere in the message
  ("hytta etter påske, ..."), else it is the first school days of the next term ("første skoledag");
  in a past clause a named break is the one just over ("var syk siste dag før påske også");
- "tirsdag neste uke og hjemme til og med torsdag" runs from that Tuesday; "neste uke, fra mandag til
  onsdag" is only those days; "torsdag den 18." is the next 18th that is a Thursday;
- "syk siden fredag" runs from Friday to the default day, "feber siden mandag kveld" from Tuesday; the day the
  family gets home ("vi kommer fra Pakistan tirsdag", "we land on Friday") is no day away beside days stated;
- "var syk i går også" / "was ill yesterday too" is the past school day and the default day; which past
  days count beside today's, and which days are denied ("i morgen, ikke i dag") or only hedged
  ("kanskje i morgen også"), is `absence_spans`' choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from storage.calendar import SchoolCalendar

from .clock import find_clocks
from .normalise import WEEKDAYS, canonical, clean, mask
from .numbers import NUMBER_WORD_RE, number_value

__all__ = [
    "SCHOOL_DAY_END",
    "DateSpan",
    "absence_spans",
    "default_day",
    "in_past_story",
    "find_date_spans",
    "mask_dates",
    "named_break",
    "parse_dates",
    "school_days_of",
    "told_in_past",
    "vague_days",
    "week_monday",
]

# After this local time a message without date words is about the next school day.
SCHOOL_DAY_END = time(16, 0)
# A date without a year may lie this many days back (a late note about last week's absence).
_PAST_TOLERANCE_DAYS = 60

_MONTHS: dict[str, int] = {
    "januar": 1,
    "jan": 1,
    "january": 1,
    "februar": 2,
    "feb": 2,
    "february": 2,
    "mars": 3,
    "mar": 3,
    "march": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "may": 5,
    "juni": 6,
    "jun": 6,
    "june": 6,
    "juli": 7,
    "jul": 7,
    "july": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "desember": 12,
    "des": 12,
    "december": 12,
    "dec": 12,
}
_ORDINALS: dict[str, int] = {
    "første": 1,
    "fyrste": 1,
    "andre": 2,
    "tredje": 3,
    "fjerde": 4,
    "femte": 5,
    "sjette": 6,
    "sjuende": 7,
    "syvende": 7,
    "åttende": 8,
    "niende": 9,
    "tiende": 10,
    "ellevte": 11,
    "tolvte": 12,
    "trettende": 13,
    "fjortende": 14,
    "femtende": 15,
    "sekstende": 16,
    "syttende": 17,
    "attende": 18,
    "nittende": 19,
    "tjuende": 20,
    "tjueførste": 21,
    "tjueandre": 22,
    "tjuetredje": 23,
    "tjuefjerde": 24,
    "tjuefemte": 25,
    "tjuesjette": 26,
    "tjuesjuende": 27,
    "tjueåttende": 28,
    "tjueniende": 29,
    "trettiende": 30,
    "trettiførste": 31,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORD_RE = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_DAY_RE = rf"(?:\d{{1,2}}|{_ORD_RE})"
_WD_RE = "|".join(WEEKDAYS)

# School breaks by name (canonical text), in bokmål, nynorsk, dialect and English.
_BREAK_RE = (
    r"(?:the\s+)?(?P<brk>jul|jula|julen|juleferie\w*|juleferia|nyttår\w*|new\s+year|"
    r"christmas(?:\s+(?:break|holidays?|vacation))?|"
    r"vinterferie\w*|vinterferia|winter\s+(?:break|holidays?|vacation)|påske|påsken|påska|påskeferie\w*|påskeferia|"
    r"easter(?:\s+(?:break|holidays?|vacation))?|høstferie\w*|haustferie\w*|haustferia|"
    r"(?:autumn|fall)\s+(?:break|holidays?|vacation)|half-term|sommerferie\w*|sommarferie\w*|sumarferie\w*|"
    r"sommarferia|summer(?:\s+(?:break|holidays?|vacation))?|ferien|feria|holidays?)\b"
)
_AFTER_RE = r"(?:etter|ætter|etta|after|efter)"
# "de to første skoledagene", "dæm to førrste skoledagan", "the last two days": the words of a counted edge.
_DET = r"(?:de|dei|dem|dæm|dæ|the)"
_FIRST = r"(?:første|førrste|føste|først|fyrste|fysste|first)"
_LAST = r"(?:siste|sist|last)"
_EDGE_UNIT = r"(?:dagene|dagane|dagan|dagar|daga|dager|dagen|dag|ukene|ukane|ukan|uker|uka|uke)"
# "uka" in canonical text, with the dialect spellings the rewrites leave alone.
_WEEK_WORD = r"(?:uka|uga|ukå|uke|week)"
_BEFORE_RE = r"(?:før|innan|before)"

# Ordered by priority: an earlier pattern wins where two overlap.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(p))
    for kind, p in (
        # "første skoledag etter jul", "de to første dagene etter juleferien", "uka etter vinterferien",
        # "siste skuledagen før vinterferien", "the first week after the winter break".
        (
            "breakdays",
            rf"\b(?:(?:hele|heile|all|whole)\s+)?(?:{_DET}\s+)?(?:(?P<n>\d|{NUMBER_WORD_RE})\s+)?"
            rf"(?:(?P<pos>{_FIRST}|{_LAST})\s+(?:(?P<n2>\d|{NUMBER_WORD_RE})\s+)?"
            rf"(?:skole|skule|skolen\s+|school\s+)?(?P<unit>{_EDGE_UNIT})"
            r"|(?<!resten\sav\s)(?<!\but\s)(?:skole|skule)?(?P<unit2>uka|uke|dagen|dagene|dager|ukene|uker)"
            # "mandag etter vinterferien": that weekday in the first (or last) school week.
            rf"|(?P<wd>{_WD_RE}))(?:\s+tilbake)?"
            rf"\s+(?P<rel>{_AFTER_RE}|{_BEFORE_RE})\s+{_BREAK_RE}",
        ),
        # "(kommer ikke før / tilbake) etter vinterferien": the first school day after the break.
        ("breakpoint", rf"\b{_AFTER_RE}\s+{_BREAK_RE}"),
        # "de to første skoledagene" with the break named elsewhere ("vi er på hytta etter påske, ..."),
        # or "første skoledag": the first (or last) school days of the term.
        (
            "edgedays",
            rf"\b(?:{_DET}\s+)?(?:(?P<n>\d|{NUMBER_WORD_RE})\s+)?(?P<pos>{_FIRST}|{_LAST})\s+"
            rf"(?:(?P<n2>\d|{NUMBER_WORD_RE})\s+)?(?P<school>skole|skule|skolen\s+|school\s+)?(?P<unit>{_EDGE_UNIT})\b",
        ),
        # "alle fredagene i januar", "hver fredag i februar", "kvar tysdag i mars", "every Friday in February":
        # that weekday in every week of the month.
        (
            "everywd",
            rf"\b(?:alle|hver|hvær|kvar|kver|kvær|every|each|all)\s+(?:the\s+)?(?P<wd>{_WD_RE})(?:ene|er|ane|ar|an|s|en)?"
            rf"\s+(?:i|in|of|gjennom|through|throughout)\s+(?:hele\s+)?(?P<mn>{_MONTH_RE})\b",
        ),
        ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
        ("dmy", r"\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./-](?P<y>\d{4}|\d{2})\b(?![./:]\d)"),
        ("dmn", rf"\b(?P<d>{_DAY_RE})\.?\s*(?:av\s+|of\s+)?(?P<mn>{_MONTH_RE})\b\.?(?:\s+(?P<y>20\d\d)\b)?"),
        # "Dec 7-9", "desember 7.-9.": one month, two days.
        ("mndrange", rf"\b(?P<mn>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})\.?\s*-\s*(?P<d2>\d{{1,2}})\b\.?(?![./:]?\d)"),
        (
            "mnd",
            rf"\b(?P<mn>{_MONTH_RE})\.?\s+(?:the\s+)?(?P<d>{_DAY_RE})\b(?!\s*(?:dager|uker|[.:]\d))(?:,?\s+(?P<y>20\d\d)\b)?",
        ),
        ("dm", r"(?<![\d.:/])\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})\b\.?(?![./:]?\d)"),
        (
            "week",
            r"\b(?:uke|u|week)\.?\s*(?P<w>\d{1,2})(?:\s*(?:-|og|til|to)\s*(?:uke\s*)?(?P<w2>\d{1,2}))?\b(?![./]\d)",
        ),
        (
            "weekday",
            rf"\b(?P<wd>{_WD_RE})\s+"
            r"(?P<post>neste\s+uke|forrige\s+uke|i\s+neste\s+uke|i\s+forrige\s+uke|denne\s+uk[ae])\b",
        ),
        # "resten av uka/uga", "resten tå veka", "ut uka", "rest of the week".
        (
            "restweek",
            rf"\b(?:resten\s+(?:av|tå|ta|a|o|på)|ut|rest\s+of)\s+(?:denne\s+|this\s+|the\s+)?{_WEEK_WORD}\b(?!\s*\d)",
        ),
        # "hele uka" is the school week; "hele denne uka" (sent mid-week) is the rest of it.
        ("wholeweek", rf"\b(?:hele|all)\s+(?:of\s+)?(?:(?P<this>denne|this)\s+)?{_WEEK_WORD}\b(?!\s*\d)"),
        # "neste uke mandag": the week first, then the day in it.
        ("weekday", rf"\b(?P<post>neste\s+uke|forrige\s+uke)\s+(?:på\s+)?(?P<wd>{_WD_RE})\b"),
        ("nextweek", r"\b(?:hele\s+|resten\s+av\s+)?neste\s+uke\b|\buka\s+etter\b"),
        ("lastweek", r"\b(?:hele\s+)?forrige\s+uke\b|\buka\s+før\b(?!\s+(?:jul|påske|\w*ferien|\w*ferie))"),
        ("thisweek", r"\bdenne\s+uk[ae]\b"),
        ("weekend", r"\b(?:i\s+)?(?:helga|helgen|helgå|weekend|weekenden)\b"),
        # "var syk i går også", "was ill yesterday too": the past school day as well as today.
        ("alsoyesterday", r"\bi\s+går\s+(?:også|og|too|as\s+well)(?=\s*(?:[,.!?;\n]|$))"),
        ("rel", r"\bi\s+(?P<rel>overmorgen|morgen|dag|går|forgårs|morges)\b"),
        ("in_days", rf"\bom\s+(?P<n>\d{{1,2}}|{NUMBER_WORD_RE})\s+(?P<u>dager|uker)\b"),
        (
            "duration",
            rf"\b(?:i\s+|for\s+|de\s+neste\s+|neste\s+)?(?P<n>\d{{1,2}}|{NUMBER_WORD_RE}|et\s+par|ett\s+par|par|noen|a\s+few)\s+(?:skole)?(?P<u>dager|dag|uker|uke)\b(?!\s*\d)",
        ),
        (
            "weekday",
            rf"\b(?:(?P<mod>neste|forrige|sist|siste|denne|kommende|førstkommende|this)\s+)?(?P<wd>{_WD_RE})\b"
            r"(?:\s+(?P<post>neste\s+uke|forrige\s+uke|denne\s+uka|i\s+neste\s+uke|i\s+forrige\s+uke))?",
        ),
        (
            "dayonly",
            r"\b(?P<d>\d{1,2})\.?(?=\s*(?:-|til\b|og\b|,|to\b)\s*(?:den\s+)?\d{1,2}\.?\s*(?:[./]\s*\d|"
            + _MONTH_RE
            + r"))",
        ),
        ("dayonly", r"\b(?P<d>\d{1,2})\.(?=\s*(?:-|til\b|og\b|,))"),
        ("den", r"\bden\s+(?P<d>\d{1,2})\.?(?![\d./:])"),
        # "on the 18th", "Thursday the 18th" (the ordinal ending is gone in canonical text).
        ("den", r"\b(?:on\s+)?the\s+(?P<d>\d{1,2})\b(?=\s*(?:[,.!?;]|$|og\b|and\b|til\b|-))"),
        # "10. og 11.", "10.-11.": a day number after a joined day number.
        ("den", r"(?:(?<=\bog\s)|(?<=-)|(?<=-\s)|(?<=\btil\s)|(?<=,\s))(?P<d>\d{1,2})\.(?![\d./:])"),
        # "til jul", "fram til juleferien", "til sommerferien": up to the break.
        ("holiday", rf"\b(?:til|until|till)\s+{_BREAK_RE.replace('brk', 'hol')}"),
        # "fra 14.12 og over jul", "from the 14th and through Christmas": from the day named up to the break.
        ("holiday", rf"\b(?:og|and)\s+(?:over|gjennom|through|across)\s+{_BREAK_RE.replace('brk', 'hol')}"),
        # "ut skoleåret", "resten av semesteret", "for the rest of the school year": up to the end of the term.
        (
            "holiday",
            r"\b(?:resten\s+(?:av|tå|a)|ut|rest\s+of)\s+(?:the\s+|this\s+|dette\s+)?"
            r"(?P<hol>skoleåret|skuleåret|skoleåre|(?:skolen|school)\s+year|semesteret|semester|terminen|term|halvåret|"
            r"året|year)\b",
        ),
        # "ikke noe mer skole før jul", "no more school before the Christmas holidays", "kommer ikke før neste år":
        # up to the break (a bare "før jul" is context).
        (
            "beforebreak",
            rf"\b(?:før|innan|before)\s+(?:{_BREAK_RE.replace('brk', 'hol')}|(?P<ny>neste\s+år|next\s+year)\b)",
        ),
        # "borte 14.": a bare day number right after an away word.
        ("den", r"(?:(?<=\bborte\s)|(?<=\bfri\s)|(?<=\bhjemme\s))(?P<d>\d{1,2})\.(?![\d./:])"),
    )
)

_RANGE_GAP = re.compile(r"^\s*,?\s*(?:-+|til og med|til|to|through)\s*(?:den\s+|på\s+)?$")
_LIST_GAP = re.compile(r"^\s*(?:,|og|\+|&|/|samt|or|eller)?\s*(?:,|og)?\s*(?:den\s+|på\s+|i\s+)?$")
_OPEN_RANGE_GAP = re.compile(r"(?:^|\s)(?:til og med|til|innen)\s+(?:den\s+|på\s+)?$")
_SINCE_GAP = re.compile(r"(?:^|\s)(?:siden|sidan|since)\s+(?:på\s+|den\s+)?$")
# "vi ses (igjen) etter høstferien", "see you on Monday": the day the child is back.
_SEE_YOU = r"\b(?:see\s+(?:you|dere|deg)|(?:vi|me)\s+(?:ses|sees|sjåast|sjås)|ser\s+(?:dere|dokk|dykk|deg))(?:\s+(?:igjen|again|all))?"
_RETURN_GAP = re.compile(
    r"\b(?:tilbake|igjen|att)\b(?:\s+fra\s+\w+)?(?:\s+(?:på|til|i|skolen|on|at|den|kl))*\s*$|"
    + _SEE_YOU
    + r"(?:\s+(?:på|on|den))?\s*$|"
    # "kommer ikke før torsdag", "won't be back before Thursday" (a masked clock time in between does not count).
    r"\bikke\s+(?:[\w]+\s+){0,3}?(?:før|before)\s?(?:(?:over|etter|after)\s+(?:the\s+)?|på\s|den\s)?$"
)
# "(syk i dag ...) hun er på skolen torsdag": after a day away, the day the child is at school again.
_BACK_AT_SCHOOL_GAP = re.compile(
    r"\b(?:er|kommer|is|be|will\s+be)\s+på\s+skolen(?:\s+igjen)?(?:\s+(?:på|on|den|fra))?\s*$"
)
# "kommer ikke før etter vinterferien", "tilbake etter påske": what makes "etter <break>" a return day.
_RETURN_BEFORE_BREAK = re.compile(
    r"(?:\b(?:tilbake|igjen|att)(?:\s+(?:til|på|i|skolen|før|before|until|on|at))*|" + _SEE_YOU + "|"
    r"\bikke\s+(?:[\w]+\s+){0,3}?(?:før|before|til|until))\s?$"
)
_CLAUSE_BOUNDARY = re.compile(r"(?<!\d)\.(?=\s|$)|[!?;,\n](?=\s|$)|\n|\b(?:og|men|but)\b")
# "var", "har ikke vært", "kom ikke", "did ikke" ("didn't" in canonical text): the clause tells of the past.
_PAST = re.compile(
    r"\b(?:var|va|vart|(?:har|hadde|has|have)\s+(?:\w+\s+){0,2}?(?:vært|hatt)|hadde|was|were|missed|gikk glipp|"
    r"kom|did|lå|låg)\b"
)
# Wider past tense: clauses that tell how an illness started ("fikk vondt i magen i går kveld").
_PAST_STORY = re.compile(
    r"\b(?:var|va|vart|har (?:\w+ )?vært|hadde|ble|blei|fikk|fekk|kastet|kasta|spydde|begynte|starta|startet|was|were|had|"
    r"got|became|started|did|kom)\b"
)
_EXPLICIT = frozenset({"iso", "dmy", "dmn", "mnd", "dm"})


@dataclass(frozen=True)
class DateSpan:
    """An inclusive run of calendar days that one phrase of the message names."""

    first: date
    last: date
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class _Item:
    kind: str
    start: int
    end: int
    groups: tuple[tuple[str, str | None], ...]

    def get(self, key: str) -> str | None:
        return dict(self.groups).get(key)


def default_day(now: datetime, calendar: SchoolCalendar) -> date | None:
    """The day a message without date words is about.

    Today while today is a school day and school is still on (before 16:00); otherwise the
    next school day (evenings, weekends, holidays and breaks). None past the last term.
    """
    today = now.date()
    if calendar.is_school_day(today) and now.time() < SCHOOL_DAY_END:
        return today
    return calendar.next_school_day(today, include_today=False)


def week_monday(d: date) -> date:
    """The Monday of the ISO week `d` falls in."""
    return d - timedelta(days=d.weekday())


def _scan(text: str) -> list[_Item]:
    """All date phrases in reading order; earlier patterns win overlaps."""
    taken: list[tuple[int, int]] = []
    items: list[_Item] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            span = (m.start(), m.end())
            if any(span[0] < e and s < span[1] for s, e in taken):
                continue
            if kind == "dm" and _clock_like(text, m):
                continue
            taken.append(span)
            if kind == "mndrange":
                items.extend(_split_month_range(m))
                continue
            items.append(_Item(kind, span[0], span[1], tuple(m.groupdict().items())))
    return sorted(items, key=lambda it: it.start)


def _split_month_range(m: re.Match[str]) -> tuple[_Item, _Item]:
    """ "Dec 7-9" as two month dates joined by a dash, so the range rules read them like "7.-9. des"."""
    month = m.group("mn")
    first = _Item("mnd", m.start(), m.end("d"), (("mn", month), ("d", m.group("d")), ("y", None)))
    second = _Item("mnd", m.start("d2"), m.end(), (("mn", month), ("d", m.group("d2")), ("y", None)))
    return first, second


_CLOCK_VERB_BEFORE = re.compile(
    r"\b(?:går\s+hjem|gå\s+hjem|hentes|henter\s+\w+|hente\s+\w+|må\s+gå|må\s+dra|kommer|drar|slutter|"
    r"går|mellom|rundt|etter|før)\s+$"
)


def _clock_like(text: str, m: re.Match[str]) -> bool:
    """'11.30' is no date at all, and '12.10' after 'går hjem' is ten past twelve, not 12 October."""
    day, month = int(m.group("d")), int(m.group("m"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return True
    before = text[max(0, m.start() - 25) : m.start()]
    return bool(_CLOCK_VERB_BEFORE.search(before)) and 6 <= day <= 17 and len(m.group("m")) == 2


def _guess_year(month: int, day: int, today: date) -> date | None:
    """The date with this day and month nearest to today, at most 60 days back."""
    for year in (today.year, today.year + 1, today.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if (
            today - timedelta(days=_PAST_TOLERANCE_DAYS)
            <= candidate
            <= today + timedelta(days=366 - _PAST_TOLERANCE_DAYS)
        ):
            return candidate
    return None


def _explicit(item: _Item, today: date) -> date | None:
    raw_day = item.get("d") or ""
    day = _ORDINALS.get(raw_day) or number_value(raw_day)
    month_name = item.get("mn")
    month = _MONTHS.get(month_name) if month_name else number_value(item.get("m") or "")
    if day is None or month is None:
        return None
    year_text = item.get("y")
    if year_text:
        year = int(year_text)
        year = year + 2000 if year < 100 else year
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return _guess_year(month, day, today)


# "det var fint om ...", "it would be great if ...": a polite wish, not the past tense.
_POLITE_WISH = re.compile(r"\b(?:var|hadde vært|would be)\s+(?:fint|greit|flott|kjekt|supert|bra|nice|great|good)\b")


def _in_past_clause(text: str, pos: int) -> bool:
    left = 0
    for b in _CLAUSE_BOUNDARY.finditer(text, 0, pos):
        left = b.end()
    return bool(_PAST.search(_POLITE_WISH.sub(" ", text[left:pos])))


_STORY_BOUNDARY = re.compile(
    r"(?<!\d)\.(?=\s|$)|[!?;,\n](?=\s|$)|\n|\bmen\b|\bog\s+(?=(?:\w+\s+)?(?:blir|er|kommer|skal|må|holder|har|is|will)\b)"
)


def in_past_story(text: str, pos: int) -> bool:
    """True when the clause before `pos` is told in the past tense (var, ble, fikk, kastet ...)."""
    left = 0
    for b in _STORY_BOUNDARY.finditer(text, 0, pos):
        left = b.end()
    return bool(_PAST_STORY.search(text[left:pos]))


_PERFECT = re.compile(r"\b(?:har|hadde|has|had|have)\s+(?:\w+\s+)?(?:vært|hatt|been)\b")


def told_in_past(text: str) -> bool:
    """True when canonical text tells anything in the past tense ("var", "ble", "fikk", "har vært", "did")."""
    return bool(_PAST_STORY.search(text) or _PERFECT.search(text))


# The clause around a date phrase: punctuation and "men/but" bound it ("og" does not: "i går og i dag").
_SPAN_CLAUSE_BOUNDARY = re.compile(
    r"(?<!\d)\.(?=\s|$)|[!?;,:\n]|\b(?:men|but)\b|"
    # "fell off his bike yesterday and is staying home today": "og" before a new verb starts a clause.
    r"\bog\s+(?=(?:\w+\s+)?(?:blir|er|kommer|skal|må|holder|har|is|will|e|bli)\b)"
)
# Words that say the child was away (or ill) on the day named in the same clause.
_AWAY_STATE = re.compile(
    r"\b(?:syk|dårlig|dårli|borte|hjemme|fri|fravær|fraværende|absent|(?:was|were|been|be)\s+off|missed|"
    r"ikke\s+(?:på\s+)?skolen|"
    r"ikke\s+(?:kommet|komme)|kom\s+ikke|blir\s+hjemme|feber|forkjølet)\b"
)
# "var ikke på skolen i går", "ikkje på skulen", "did ikke kommer på skolen" (didn't come), "kom ikke", "har ikke
# vært på skolen": a clause that denies the child was at school reports that day as a day away.
_NOT_AT_SCHOOL = re.compile(
    r"\bikke\s+(?:\w+\s+){0,2}?(?:på\s+|i\s+|til\s+)?skolen\b|\bkom\s+(?:\w+\s+)?ikke\b|\bikke\s+kom\b|"
    r"\bmissed\s+skolen\b|\ber\s+borte\s+fra\s+skolen\b"
)
# "var syk fredag også", "was also off yesterday", "va sjuk på mandag og": one more day than the report names.
_ALSO = re.compile(r"\b(?:også|òg|óg|too|also|as\s+well|au|likeså)\b|\bog\s*$")
# "glemte å melde", "forgot to tell you", "sen beskjed": a late report of a day already past.
_FORGOT = re.compile(
    r"\b(?:glem\w*|gløm\w*|gløym\w*|forgot\w*|sen\s+(?:beskjed|melding)|late\s+(?:notice|message))\b|"
    r"\bikke\s+(?:get|got|fikk|rakk)\s+(?:to\s+|å\s+)?(?:send|sende|si|sagt|melde|meldt|tell)"
)
# "i går kveld", "yesterday evening": a past evening holds no school.
_EVENING_AFTER = re.compile(
    r"\s*(?:om\s+)?(?:kveld|kvelden|kvelds|ettermiddag|ettermiddagen|natt|natta|evening|night)\b"
)
_NIGHT_AFTER = re.compile(r"\s*(?:om\s+)?(?:kveld|kvelden|kvelds|natt|natta|evening|night)\b")
# "kanskje i morgen også", "maybe tomorrow too", "gir beskjed om i morgen", "will let you know about tomorrow":
# a day the guardian will confirm later. "probably/trolig/nok" say the day is likely, so it counts.
_HEDGE = re.compile(
    r"\b(?:kanskje|kanskj|kansje|kanskei|kanskji|maybe|perhaps|possibly|muligens|mulig|evt|eventuelt|kan\s+hende)\b|"
    r"\b(?:let\s+(?:you|u)\s+know|keep\s+(?:you|u)\s+(?:posted|updated)|update\s+(?:you|u)|get\s+back\s+to\s+(?:you|u)|"
    r"(?:gir|gi|gje|gjev|gev|sender|sende|sier|si|seie|melder|melde)\s+(?:deg\s+|dere\s+|dokk\s+|dykk\s+)?"
    r"(?:beskjed|melding|fra|ifra|ifrå|frå|nærmere\s+beskjed)|(?:ser|sjå|sjår)\s+an)\s+"
    r"(?:(?:about|on|for|regarding|om|for|angående|ang|til)\s+)?$"
)
# "ikke (noe) mer skole før jul", "no more school before", "kommer ikke før": the words that make "før <break>" a span.
_NO_MORE = re.compile(r"\b(?:ikke|ingen|no|not|never|aldri)\b")
# "i morgen, ikke i dag", "on Friday, not Thursday": a day named only to say it is not the one.
_NOT_BEFORE = re.compile(r"(?:^|[,.;:!?\n]|\b(?:og|men|but|and))\s*(?:ikke|not)\s+(?:på\s+|on\s+|den\s+)?$")
_NOT_AFTER = re.compile(r"\s*(?:[,.;:!?\n]|$|\b(?:men|but|og|and)\b)")
_NOT_AFTER_DAY = re.compile(r"\s*[,;:]?\s*(?:(?:og|men|but|and)\s+)?(?:ikke|not)\s+(?:på\s+|on\s+|den\s+)?")


def _clause_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause that holds text[start:end]."""
    left = 0
    for b in _SPAN_CLAUSE_BOUNDARY.finditer(text, 0, start):
        left = b.end()
    after = _SPAN_CLAUSE_BOUNDARY.search(text, end)
    return left, after.start() if after else len(text)


# "dårlig etter vaksinen i går", "sore after his fall yesterday": the day of what caused it, not a day away.
_AFTER_EVENT = re.compile(r"\b(?:etter|after)\s+(?:[^\W\d_]+\s+){1,3}$")


def _past_day_reported(text: str, span: DateSpan) -> bool:
    """A past day beside today's report is an absence day too only when its own clause says the child was
    away then: "var syk fredag også, glemte å melde" is; "brakk armen i går", "takk for at dere ringte
    i går" and "ble syk i går kveld" are the story of today's absence."""
    left, right = _clause_of(text, span.start, span.end)
    clause = text[left:right]
    if _EVENING_AFTER.match(text, span.end) or _AFTER_EVENT.search(text, left, span.start):
        return False
    if _NOT_AT_SCHOOL.search(clause):
        return True
    if not _AWAY_STATE.search(clause):
        return False
    if _PAST_STORY.search(clause):
        return bool(_ALSO.search(clause) or _FORGOT.search(text))
    return True


def _away_now_undated(text: str, spans: list[DateSpan]) -> bool:
    """A clause that names no day and says, in the present, that the child is away ("keeping him home",
    "blir hjemme", "han er heime")."""
    pos = 0
    for b in [*_SPAN_CLAUSE_BOUNDARY.finditer(text), None]:
        right = b.start() if b else len(text)
        clause = text[pos:right]
        if (
            not any(pos <= s.start < right for s in spans)
            and (_AWAY_STATE.search(clause) or _NOT_AT_SCHOOL.search(clause))
            and not _PAST_STORY.search(clause)
            and not _PAST.search(clause)
        ):
            return True
        if b:
            pos = b.end()
    return False


_SENTENCE_END = re.compile(r"(?<!\d)[.!?](?=\s|$)|\n")


def _asked_about(text: str, span: DateSpan) -> bool:
    """The day sits in a question that says nothing about being away ("what should he bring for the trip on
    Friday?", "er det gym fredag?")."""
    left = 0
    for b in _SENTENCE_END.finditer(text, 0, span.start):
        left = b.end()
    after = _SENTENCE_END.search(text, span.end)
    if after is None or after.group() != "?":
        return False
    sentence = text[left : after.start()]
    return not (_AWAY_STATE.search(sentence) or _NOT_AT_SCHOOL.search(sentence) or _ASK_LEAVE.search(sentence))


# Words that ask for a day away or tell of one, which make a question about that day part of the report.
_ASK_LEAVE = re.compile(
    r"\b(?:fri|fritt|permisjon|perm|kommer|komme|kjem|kjæm|come|coming|være|vere|reise|reiser|blir|bli|"
    r"henter|hente|gå|går|gå\s+tidlig|leave|ha\s+fri|off)\b"
)


def _evening_departure(text: str, span: DateSpan) -> bool:
    """ "vi flyr til Vietnam 15. juni om kvelden": a trip that begins after school leaves that day a school day."""
    left, right = _clause_of(text, span.start, span.end)
    return (
        span.first == span.last
        and bool(_NIGHT_AFTER.match(text, span.end))
        and bool(_DEPARTURE.search(text, left, right))
        and not _HOMEWARD.search(text, left, right)
    )


# The family (not the child) coming home: "vi kommer fra Pakistan tirsdag", "we land on Tuesday", "me er heime att
# måndag" (a return of the child's own, "kommer tilbake onsdag", is read as one where it is found).
_FAMILY_HOMEWARD = re.compile(
    r"\b(?:vi|me|we|we're)\s+(?:(?:er|are|will|skal|først|ikke|are\s+not|probably|nok|trolig)\s+){0,2}"
    r"(?:kommer\s+(?:(?:hjem|hjemme|tilbake)\s+)?fra|kommer\s+(?:reiser\s+)?hjem|reiser\s+hjem|flyr\s+hjem|fly\s+hjem|"
    r"lander|landar|land|lands|landing|arriv\w*|er\s+hjemme\s+(?:igjen|att)|er\s+tilbake|are\s+tilbake|"
    r"get\s+tilbake)\b"
)


def _family_homeward(text: str, span: DateSpan) -> bool:
    """The day sits in a clause that tells of the family's journey home (see `_FAMILY_HOMEWARD`)."""
    left, _ = _clause_of(text, span.start, span.end)
    return span.kind != "return" and bool(_FAMILY_HOMEWARD.search(text, left, span.start))


def _hedged(text: str, span: DateSpan) -> bool:
    left, _ = _clause_of(text, span.start, span.end)
    return span.kind != "return" and bool(_HEDGE.search(text[left : span.start]))


def _negated(text: str, span: DateSpan, before: DateSpan | None) -> bool:
    """ "i morgen, ikke i dag", "tomorrow not today": the day after "ikke" is the wrong one."""
    if not _NOT_AFTER.match(text, span.end):
        return False
    if before is not None:
        left, _ = _clause_of(text, before.start, before.end)
        if _NO_MORE.search(text, left, before.start):
            return False  # "kan ikke komme i dag, og ikke i morgen": one more day, not a correction
        if _NOT_AFTER_DAY.fullmatch(text, before.end, span.start):
            return True
    return bool(_NOT_BEFORE.search(text, 0, span.start))


def _joined(text: str, first: DateSpan, second: DateSpan) -> bool:
    """ "i går og i dag": two days named as one list."""
    return first.end <= second.start and bool(_LIST_GAP.match(text[first.end : second.start]))


def absence_spans(spans: list[DateSpan], text: str, today: date, calendar: SchoolCalendar) -> list[DateSpan]:
    """The spans that say when a child is away, without the story around them.

    Days already past that hold no school day ("var syk i helga") are context. When the message
    also names current days, a past day counts only when its clause reports the child away then
    ("var syk fredag også, glemte å melde"), not when it tells what happened ("fikk feber i går
    kveld, blir hjemme i dag"); a day named only to be denied ("i morgen, ikke i dag") or only as
    a maybe ("kanskje i morgen også") is dropped beside the days that are sure.
    """
    kept = [s for s in spans if not (s.last < today and not calendar.school_days(s.first, s.last))]
    if not any(s.last >= today for s in kept):
        if (
            kept
            and not _FORGOT.search(text)
            and _away_now_undated(text, kept)
            and not any(_past_day_reported(text, s) for s in kept)
        ):
            # "feeling rough after his vaccine yesterday, keeping him home": the past day is the story,
            # the undated clause is today's absence (the default day).
            return []
        return kept
    kept = [
        s
        for i, s in enumerate(kept)
        if s.last >= today
        or _past_day_reported(text, s)
        or any(_joined(text, s, later) and later.last >= today for later in kept[i + 1 : i + 2])
    ]
    asked = [s for s in kept if _asked_about(text, s)]
    if asked and len(asked) < len(kept):
        # "Hva skal han ha med på turen fredag? Han er syk i dag": the day asked about is no day away.
        kept = [s for s in kept if s not in asked]
    sure = [
        s
        for i, s in enumerate(kept)
        if not _negated(text, s, kept[i - 1] if i else None)
        and not _hedged(text, s)
        and not _evening_departure(text, s)
    ]
    stated = [s for s in sure if not _family_homeward(text, s)]
    if len(stated) < len(sure) and any(s.last >= today for s in stated):
        # "Ola ikke skole første dag etter vinterferie, vi kommer fra Pakistan tirsdag": the days away are the
        # ones stated; the day the family gets back is the story of why.
        sure = stated
    return sure if any(s.last >= today for s in sure) else kept


def _weekday(item: _Item, text: str, today: date, ref: date | None) -> date:
    target = WEEKDAYS.index(item.get("wd") or "mandag")
    mod, post = item.get("mod"), (item.get("post") or "").replace("i ", "")
    if mod == "neste" or post == "neste uke":
        return week_monday(today) + timedelta(days=7 + target)
    if post == "forrige uke":
        return week_monday(today) - timedelta(days=7 - target)
    since = bool(_SINCE_GAP.search(text[max(0, item.start - 12) : item.start]))
    if mod in {"forrige", "sist", "siste"} or since or (ref is None and _in_past_clause(text, item.start)):
        back = (today.weekday() - target) % 7 or 7
        return today - timedelta(days=back)
    base = ref or today
    return base + timedelta(days=(target - base.weekday()) % 7)


def _iso_week(week: int, today: date) -> tuple[date, date] | None:
    for year in (today.year, today.year + 1):
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            continue
        if monday + timedelta(days=4) >= today:
            return monday, monday + timedelta(days=4)
    return None


def _count(raw: str) -> int | None:
    raw = re.sub(r"\s+", " ", raw)
    if raw in {"et par", "ett par", "par"}:
        return 2
    if raw in {"noen", "a few"}:
        return None
    return number_value(raw)


def _n_school_days(start: date, n: int, calendar: SchoolCalendar, step: int = 1) -> date:
    """The last of the `n` school days that begin at `start`, walking forward (`step` 1) or back (-1);
    a non-school day does not count."""
    d, counted, last = start, 0, start
    for _ in range(n * 7 + 60):
        if calendar.is_school_day(d):
            counted += 1
            last = d
            if counted >= n:
                break
        d += timedelta(days=step)
    return last


_REL_OFFSETS = {"overmorgen": 2, "morgen": 1, "dag": 0, "morges": 0, "går": -1, "forgårs": -2}
_WEEK_KINDS = frozenset({"restweek", "thisweek", "wholeweek", "nextweek", "lastweek", "weekend"})


def _resolve(
    item: _Item, text: str, today: date, ref: date | None, calendar: SchoolCalendar, start_for: date
) -> tuple[date, date] | None:
    """The calendar days one date phrase stands for, or None when it names no real day."""
    kind = item.kind
    if kind in _EXPLICIT:
        d = _explicit(item, today)
        return (d, d) if d else None
    if kind == "rel":
        d = today + timedelta(days=_REL_OFFSETS[item.get("rel") or "dag"])
        return d, d
    if kind == "weekday":
        d = _weekday(item, text, today, ref)
        return d, d
    if kind == "week":
        return _iso_weeks(item, today)
    if kind in _WEEK_KINDS:
        return _week_phrase(item, text, today, start_for)
    if kind in {"in_days", "duration"}:
        return _counted_days(item, today, calendar, start_for)
    if kind in _BREAK_KINDS:
        return _break_phrase(item, text, today, calendar)
    if kind == "alsoyesterday":
        before = calendar.previous_school_day(today, include_today=False)
        return (before or today - timedelta(days=1), today)
    if kind in {"dayonly", "den"}:
        return _day_number(item, text, today)
    return None


_BREAK_KINDS = frozenset({"holiday", "beforebreak", "breakdays", "edgedays", "breakpoint"})


def _break_phrase(item: _Item, text: str, today: date, calendar: SchoolCalendar) -> tuple[date, date] | None:
    """Phrases read through the school breaks: "til jul", "ikke mer skole før jul", "de to første dagene
    etter vinterferien", "første skoledag", "kommer tilbake etter påske"."""
    kind = item.kind
    if kind == "holiday":
        end = _day_before_break(item.get("hol") or "", today, calendar)
        return (end, end) if end else None
    if kind == "beforebreak":
        left = 0
        for b in _SPAN_CLAUSE_BOUNDARY.finditer(text, 0, item.start):
            left = b.end()
        if not _NO_MORE.search(text, left, item.start):
            return None  # "vi reiser før jul": when, not how long
        if item.get("ny") and today.month not in (10, 11, 12):
            return None  # "før neste år" is the Christmas break only late in the year
        end = _day_before_break(item.get("hol") or "nyttår", today, calendar)
        return (end, end) if end else None
    if kind == "breakdays":
        return _break_days(item, today, calendar, past=_in_past_clause(text, item.start))
    if kind == "edgedays":
        return _edge_days(item, text, today, calendar)
    if not _RETURN_BEFORE_BREAK.search(text[max(0, item.start - 40) : item.start]):
        return None  # "fortsatt syk etter jul": when the illness began, not a day away
    found = named_break(item.get("brk") or "", today, calendar)
    first = calendar.next_school_day(found[1], include_today=False) if found else None
    return (first, first) if first else None


def _iso_weeks(item: _Item, today: date) -> tuple[date, date] | None:
    """ "uke 49", "uke 49-50": Monday to Friday of the week(s)."""
    first = _iso_week(int(item.get("w") or 0), today)
    if first is None:
        return None
    if item.get("w2"):
        second = _iso_week(int(item.get("w2") or 0), first[0])
        if second and second[1] >= first[0]:
            return first[0], second[1]
    return first


def _week_phrase(item: _Item, text: str, today: date, start_for: date) -> tuple[date, date] | None:
    """ "ut uka", "hele uka", "neste uke", "forrige uke", "i helga": school weeks and weekends."""
    kind = item.kind
    this_week_on = kind == "wholeweek" and item.get("this") and not _in_past_clause(text, item.start)
    monday = week_monday(today)
    if kind == "thisweek" and monday < today and _in_past_clause(text, item.start):
        # "har ikke vært på skolen denne uka": the school days of this week before today.
        return monday, today - timedelta(days=1)
    if kind in {"restweek", "thisweek"} or this_week_on:
        friday = week_monday(start_for) + timedelta(days=4)
        return (start_for, friday) if start_for <= friday else None
    if kind == "weekend":
        saturday = week_monday(today) + timedelta(days=5)
        if saturday > today and _in_past_clause(text, item.start):
            saturday -= timedelta(days=7)
        return saturday, saturday + timedelta(days=1)
    weeks_ahead = {"wholeweek": 1 if today.weekday() >= 5 else 0, "nextweek": 1, "lastweek": -1}[kind]
    monday = week_monday(today) + timedelta(days=7 * weeks_ahead)
    return monday, monday + timedelta(days=4)


def _counted_days(item: _Item, today: date, calendar: SchoolCalendar, start_for: date) -> tuple[date, date] | None:
    """ "om tre dager" (one day, that far ahead) and "i tre dager", "en uke" (a run from `start_for`)."""
    n = _count(item.get("n") or "")
    weeks = (item.get("u") or "").startswith("uke")
    if item.kind == "in_days":
        if n is None:
            return None
        d = today + timedelta(days=n * (7 if weeks else 1))
        return d, d
    if n is None or n <= 0 or n > 60:
        return None
    if weeks:
        return start_for, start_for + timedelta(days=7 * n - 1)
    return start_for, _n_school_days(start_for, n, calendar)


def _day_number(item: _Item, text: str, today: date) -> tuple[date, date] | None:
    """ "den 4." is the coming 4th: this month unless that day is already past (or told in the past)."""
    day = number_value(item.get("d") or "")
    if day is None or not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    past = _in_past_clause(text, item.start)
    if day < today.day and not past:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    weekday = item.get("wd")
    for _ in range(12 if weekday else 1):
        try:
            d = date(year, month, day)
        except ValueError:
            d = None
        if d is not None and (not weekday or d.weekday() == WEEKDAYS.index(weekday)):
            return d, d
        # "torsdag den 18.": the nearest month (ahead, or back in a past clause) whose 18th is a Thursday.
        step = -1 if past else 1
        month += step
        year, month = (year + 1, 1) if month > 12 else (year - 1, 12) if month < 1 else (year, month)
    return None


_TERM_NAMES: dict[str, str] = {
    "skoleåret": "skoleåret",
    "skuleåret": "skoleåret",
    "skoleåre": "skoleåret",
    "skolen year": "skoleåret",
    "school year": "skoleåret",
    "semesteret": "semesteret",
    "semester": "semesteret",
    "terminen": "semesteret",
    "term": "semesteret",
    "halvåret": "semesteret",
    "året": "året",
    "year": "året",
}


def _day_before_break(name: str, today: date, calendar: SchoolCalendar) -> date | None:
    """The last day before the named break: Christmas, winter, Easter, autumn, summer or the next one."""
    name = re.sub(r"\s+", " ", name)
    if name in _TERM_NAMES:
        return _term_end(_TERM_NAMES[name], today, calendar)
    found = named_break(name, today, calendar)
    return found[0] - timedelta(days=1) if found else None


def _easter(year: int) -> date:
    """Easter Sunday of a year (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def _break_season(start: date, end: date) -> str:
    """Which break a gap between terms is: christmas (holds 24 Dec), easter, winter, autumn or summer."""
    if any(start <= date(y, 12, 24) <= end for y in {start.year, end.year}):
        return "christmas"
    sunday = _easter(start.year)
    if start <= sunday + timedelta(days=1) and sunday - timedelta(days=3) <= end:
        return "easter"
    if start.month in (2, 3) and end.month in (2, 3):
        return "winter"
    if start.month in (9, 10, 11):
        return "autumn"
    if start.month in (6, 7, 8):
        return "summer"
    return "other"


def _season_of_name(name: str) -> str | None:
    """The season a break name means ("juleferien" -> christmas), None for a plain "ferien"."""
    name = re.sub(r"^the\s+", "", name)
    for season, prefixes in (
        ("christmas", ("jul", "christmas", "nyttår", "new year")),
        ("winter", ("vinter", "winter")),
        ("easter", ("påsk", "easter")),
        ("autumn", ("høst", "haust", "autumn", "fall", "half-term")),
        ("summer", ("sommer", "sommar", "sumar", "summer")),
    ):
        if name.startswith(prefixes):
            return season
    return None


def named_break(name: str, today: date, calendar: SchoolCalendar, *, past: bool = False) -> tuple[date, date] | None:
    """The (first, last) day of the break a name means: the current or next one of that season.

    Breaks are the gaps between the calendar's terms. The summer break starts after the term that
    ends in June; Easter, a public holiday, is Maundy Thursday to Easter Monday when no gap holds it.
    A plain "ferien" is the next break. None when the calendar has no such break. With `past`
    ("was sick the last day before Easter") it is the latest such break that is already over.
    """
    season = _season_of_name(name)
    breaks = calendar.breaks()
    if past:
        over = [b for b in breaks if b[1] < today and season in (None, _break_season(*b))]
        if over:
            return over[-1]
    if season == "summer":
        term = next((t for t in calendar.terms if t[1] >= today and t[1].month in (5, 6, 7)), None)
        if term is None:
            return None
        after = [t[0] for t in calendar.terms if t[0] > term[1]]
        return term[1] + timedelta(days=1), (min(after) if after else term[1] + timedelta(days=57)) - timedelta(days=1)
    ahead = [b for b in breaks if b[1] >= today]
    if season is None:
        return ahead[0] if ahead else None
    named = [b for b in ahead if _break_season(*b) == season]
    if named:
        return named[0]
    if season == "easter":
        for year in (today.year, today.year + 1):
            sunday = _easter(year)
            if sunday + timedelta(days=1) >= today:
                return sunday - timedelta(days=3), sunday + timedelta(days=1)
    return None


def _break_days(item: _Item, today: date, calendar: SchoolCalendar, *, past: bool = False) -> tuple[date, date] | None:
    """ "første skoledag etter jul", "uka etter vinterferien", "fredag før høstferien", "siste uka før sommerferien"."""
    found = named_break(item.get("brk") or "", today, calendar, past=past)
    if found is None:
        return None
    after = not re.match(_BEFORE_RE, item.get("rel") or "")
    pos = item.get("pos")
    if pos is not None and bool(re.fullmatch(_LAST, pos)) == after:
        return None  # "siste dag etter jul" names no clear day
    unit = item.get("unit") or item.get("unit2") or ""
    count = number_value(item.get("n") or item.get("n2") or "") or 1
    weekday = item.get("wd")
    if after:
        first = calendar.next_school_day(found[1], include_today=False)
        if first is None:
            return None
        if weekday:
            day = first + timedelta(days=(WEEKDAYS.index(weekday) - first.weekday()) % 7)
            return day, day
        if unit.startswith("uk"):
            monday = week_monday(first)
            return first, monday + timedelta(days=7 * count - 3)
        return first, _n_school_days(first, count, calendar)
    last = calendar.previous_school_day(found[0], include_today=False)
    if last is None:
        return None
    if weekday:
        day = last - timedelta(days=(last.weekday() - WEEKDAYS.index(weekday)) % 7)
        return day, day
    if unit.startswith("uk"):
        return week_monday(last) - timedelta(days=7 * (count - 1)), last
    return _n_school_days(last, count, calendar, step=-1), last


_BREAK_MENTION = re.compile(rf"\b(?P<rel>{_AFTER_RE}|{_BEFORE_RE})\s+{_BREAK_RE}")


def _edge_days(item: _Item, text: str, today: date, calendar: SchoolCalendar) -> tuple[date, date] | None:
    """ "de to første skoledagene" where the message names the break elsewhere ("hytta etter påske"),
    else "første/siste skoledag": the first school days of the next term or the last of this one."""
    past = _in_past_clause(text, item.start)
    mentions = list(_BREAK_MENTION.finditer(text))
    if mentions:
        nearest = min(mentions, key=lambda m: abs(m.start() - item.start))
        groups = dict(item.groups) | {"rel": nearest.group("rel"), "brk": nearest.group("brk")}
        return _break_days(_Item("breakdays", item.start, item.end, tuple(groups.items())), today, calendar, past=past)
    if not item.get("school"):
        return None  # "de to første dagene" of what?
    count = number_value(item.get("n") or item.get("n2") or "") or 1
    weeks = (item.get("unit") or "").startswith("uk")
    if re.fullmatch(_LAST, item.get("pos") or ""):
        terms = [t for t in calendar.terms if t[1] >= today]
        last = calendar.previous_school_day(terms[0][1], include_today=True) if terms else None
        if last is None:
            return None
        if weeks:
            return week_monday(last) - timedelta(days=7 * (count - 1)), last
        return _n_school_days(last, count, calendar, step=-1), last
    starts = [t[0] for t in calendar.terms if t[0] >= today]
    first = calendar.next_school_day(starts[0]) if starts else None
    if first is None:
        return None
    if weeks:
        return first, week_monday(first) + timedelta(days=7 * count - 3)
    return first, _n_school_days(first, count, calendar)


def _term_end(name: str, today: date, calendar: SchoolCalendar) -> date | None:
    """The last day of the current (or next) term; for "skoleåret" the term that ends the school year."""
    terms = [t for t in calendar.terms if t[1] >= today]
    if name == "skoleåret":
        terms = [t for t in terms if t[1].month in (5, 6, 7)]
    return terms[0][1] if terms else None


def _borrow_month(item: _Item, following: _Item | None, today: date) -> _Item:
    """ "3." in "3.-5. des" takes its month (and year) from the date it is joined to."""
    if item.kind != "dayonly" or following is None or following.kind not in _EXPLICIT:
        return item
    target = _explicit(following, today)
    if target is None:
        return item
    groups = dict(item.groups)
    day = int(groups.get("d") or 0)
    month, year = target.month, target.year
    if day > target.day:
        month, year = (month - 1, year) if month > 1 else (12, year - 1)
    groups.update({"m": str(month), "y": str(year), "mn": None})
    return _Item("dm", item.start, item.end, tuple(groups.items()))


def _drop_redundant_weekdays(items: list[_Item], text: str) -> list[_Item]:
    """ "fredag 4. desember" names one day: keep the explicit date, drop the weekday. A bare day
    number keeps the weekday to pick its month ("torsdag den 18." is the next 18th on a Thursday)."""
    kept: list[_Item] = []
    paired: dict[int, str] = {}
    for i, item in enumerate(items):
        if item.kind == "weekday" and not item.get("mod"):
            neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(items)]
            joined = [
                j
                for j in neighbours
                if items[j].kind in _EXPLICIT | {"den", "dayonly"}
                and re.fullmatch(
                    r"[\s,]*(?:den\s*)?", text[min(items[j].end, item.end) : max(items[j].start, item.start)]
                )
            ]
            if joined:
                if items[joined[0]].kind in {"den", "dayonly"}:
                    paired[joined[0]] = item.get("wd") or ""
                continue
        kept.append(item)
    return [
        _Item(it.kind, it.start, it.end, (*it.groups, ("wd", paired[i]))) if i in paired else it
        for i, it in enumerate(items)
        if it in kept
    ]


def _share_week(items: list[_Item], text: str) -> list[_Item]:
    """ "mandag og tirsdag neste uke", "tirsdag og onsdag etter vinterferien": a trailing week or
    break phrase applies to every weekday joined to it."""
    items = list(items)
    for i in range(len(items) - 1, 0, -1):
        anchor = items[i]
        post = anchor.get("post") if anchor.kind == "weekday" else None
        if not post and not (anchor.kind == "breakdays" and anchor.get("wd")):
            continue
        j = i
        while j > 0:
            before = items[j - 1]
            gap = text[before.end : items[j].start]
            if before.kind != "weekday" or before.get("mod") or before.get("post"):
                break
            if not (_RANGE_GAP.match(gap) or _LIST_GAP.match(gap)):
                break
            groups = dict(before.groups)
            if post:
                groups["post"] = post
                items[j - 1] = _Item(before.kind, before.start, before.end, tuple(groups.items()))
            else:
                shared = dict(anchor.groups) | {"wd": groups.get("wd")}
                items[j - 1] = _Item("breakdays", before.start, before.end, tuple(shared.items()))
            j -= 1
    return items


def _items_in_order(text: str) -> tuple[list[_Item], str]:
    """The date phrases to read, in order, and the text with the dropped weekdays masked."""
    scanned = _scan(text)
    kept = _drop_redundant_weekdays(scanned, text)
    # A dropped weekday ("fra mandag 14. til onsdag 16. des") must not break the range between dates.
    starts = {it.start for it in kept}
    text = mask(text, [(it.start, it.end) for it in scanned if it.start not in starts])
    items = _share_week(kept, text)
    # "3 dager fra mandag": read the start before the duration that counts from it.
    for i in range(len(items) - 1):
        if items[i].kind == "duration" and re.fullmatch(
            r"\s*fra\s+(?:på\s+|den\s+)?", text[items[i].end : items[i + 1].start]
        ):
            items[i], items[i + 1] = items[i + 1], items[i]
    return items, text


def _link(text: str, gap: str, prev_start: int) -> tuple[bool, bool]:
    """(joined as a range, joined as a list): how a phrase hangs on the one before it."""
    between = re.search(r"\b(?:mellom|between)\s+$", text[max(0, prev_start - 10) : prev_start])
    is_range = bool(_RANGE_GAP.match(gap)) or bool(between and re.fullmatch(r"\s*og\s*", gap))
    return is_range, not is_range and bool(_LIST_GAP.match(gap))


def _place_return(
    spans: list[DateSpan],
    item: _Item,
    first: date,
    prev: tuple[date, date] | None,
    connected: bool,
    anchor: date,
    *,
    evening: bool = False,
) -> tuple[date, date]:
    """ "kommer tilbake onsdag": away from the start up to the day before the return; "kommer ikke hjem
    før mandag kveld" (`evening`): away that day too."""
    if evening:
        first += timedelta(days=1)
    elif item.kind == "weekday" and not item.get("mod") and not item.get("post") and first <= anchor:
        # "kommer tilbake mandag" said on a Monday: the child returns next Monday.
        first = first + timedelta(days=7)
    start = prev[0] if prev and not connected else anchor
    rel = item.get("rel") or ""
    if start == anchor and item.kind == "breakdays" and item.get("wd") and re.fullmatch(_AFTER_RE, rel):
        # "kjem ikkje før onsdag etter vinterferien": away from the first school week after the break, not before it.
        start = max(anchor, week_monday(first))
    back = first - timedelta(days=1)
    if start <= back:
        spans.append(DateSpan(start, back, item.start, item.end, "return"))
    return first, first


def _place_holiday(
    spans: list[DateSpan], item: _Item, last: date, prev: tuple[date, date] | None, connected: bool, anchor: date
) -> tuple[date, date] | None:
    """ "til jul", "ut skoleåret": up to the break, from the day just named or else the default day."""
    if connected and prev is not None and spans:
        # "fra 16. juni og ut skoleåret": from the day just named.
        spans[-1] = DateSpan(spans[-1].first, max(last, spans[-1].last), spans[-1].start, item.end, "range")
        return spans[-1].first, spans[-1].last
    if anchor <= last:
        spans.append(DateSpan(anchor, last, item.start, item.end, "range"))
        return anchor, last
    return prev


def _plain_span(
    item: _Item, first: date, last: date, gap: str, connected: bool, anchor: date, *, evening: bool = False
) -> DateSpan:
    """A phrase on its own: "siden fredag" and "til og med onsdag" open ranges, else just its days."""
    if not connected and _SINCE_GAP.search(gap) and first <= anchor:
        # "syk siden fredag": from that day up to the default day (the child is still away); "feber sidan
        # måndag kveld", "ill since Sunday night" (`evening`): the illness began after school, so from the day after.
        if evening and first == last and first < anchor:
            first += timedelta(days=1)
        return DateSpan(first, max(anchor, last), item.start, item.end, "range")
    if not connected and _OPEN_RANGE_GAP.search(gap) and item.kind in _EXPLICIT | {"weekday", "rel", "den"}:
        return DateSpan(anchor if anchor <= first else first, last, item.start, item.end, "range")
    kind = "duration_from" if item.kind == "duration" and connected else item.kind
    if kind == "edgedays":
        kind = "breakdays"  # days counted from a term's edge, read like "de to første dagene etter jul"
    return DateSpan(first, last, item.start, item.end, kind)


def _place(
    spans: list[DateSpan],
    text: str,
    item: _Item,
    days: tuple[date, date],
    gap: str,
    is_range: bool,
    connected: bool,
    prev: tuple[date, date] | None,
    anchor: date,
) -> tuple[date, date] | None:
    """Add (or merge) the span a resolved phrase makes; returns the days the next phrase joins to."""
    first, last = days
    if is_range and prev is not None and spans:
        spans[-1] = DateSpan(spans[-1].first, max(last, spans[-1].first), spans[-1].start, item.end, "range")
        return spans[-1].first, spans[-1].last
    if item.kind == "beforebreak":
        return _place_holiday(spans, item, last, prev, False, anchor)
    # A break point is read only after a return cue ("kommer ikke før etter jul", "won't be in until after").
    if (_RETURN_GAP.search(gap) or item.kind == "breakpoint") and item.kind != "duration":
        evening = bool(_EVENING_AFTER.match(text, item.end))
        return _place_return(spans, item, first, prev, connected, anchor, evening=evening)
    if (
        not connected
        and _BACK_AT_SCHOOL_GAP.search(gap)
        and item.kind not in _WEEK_KINDS
        and (prev is not None or _AWAY_STATE.search(text, 0, item.start))
    ):
        # "kommer ikke første skoledag ... hun er på skolen torsdag", "syk, kommer på skolen torsdag":
        # away from the first day named (or the default day) up to the day before.
        start = min((s.first for s in spans if s.first >= anchor), default=anchor)
        return _place_return(spans, item, first, (start, start), False, anchor)
    if item.kind == "holiday":
        return _place_holiday(spans, item, last, prev, connected, anchor)
    span = _plain_span(item, first, last, gap, connected, anchor, evening=bool(_EVENING_AFTER.match(text, item.end)))
    spans.append(span)
    return span.first, span.last


_WEEK_THEN_GAP = re.compile(r"^\s*[,:]?\s*(?:fra\s+|på\s+|on\s+|den\s+)?$")


def _week_then_days(spans: list[DateSpan], item: _Item, gap: str, text: str) -> bool:
    """ "neste uke, fra mandag til onsdag", "uke 12: tirsdag og onsdag": one week narrowed to some of its
    days ("hele neste uke, fra mandag" stays the whole week)."""
    if item.kind != "weekday" or item.get("mod") or item.get("post") or not spans:
        return False
    week = spans[-1]
    return (
        week.kind in {"nextweek", "week", "thisweek"}
        and week.last - week.first <= timedelta(days=6)
        and not re.match(r"(?:hele|resten)\b", text[week.start : week.end])
        and bool(_WEEK_THEN_GAP.match(gap))
    )


def _up_to_after(prev: tuple[date, date] | None, item: _Item, gap: str, anchor: date) -> date | None:
    """ "(skal opereres) tirsdag neste uke og er hjemme til og med torsdag": an open range in the same
    sentence as a later day runs from that day, which it returns (None when the rule does not apply)."""
    if prev is None or prev[0] <= anchor or item.kind not in _EXPLICIT | {"weekday", "den"}:
        return None
    if item.get("mod") or item.get("post") or _RANGE_GAP.match(gap) or re.search(r"[.!?\n]", gap):
        return None
    return prev[0] if _OPEN_RANGE_GAP.search(gap) else None


_OPEN_KINDS = frozenset({"holiday", "beforebreak", "restweek"})
# "vi reiser/flyr/drar i morgen", "we fly to Pakistan tomorrow": the day a trip begins (not the way home).
# "vi reiser/flyr i morgen", "we fly to Lahore on Friday", "vi flytter": the day a trip or a move begins
# (canonical text already reads "drar/skal til <Place>" as "reiser til").
_DEPARTURE = re.compile(
    r"\b(?:reiser|reise|flyr|fly|flying|flies|flew|(?:leave|leaves|leaving)\s+for|flytter|flytte|flyttar|moving|"
    r"move|moves)\b"
)
# The way home, and trips that are only to an appointment, begin no days away.
_HOMEWARD = re.compile(
    r"\b(?:hjem|hjemme|home|tilbake|back|igjen|lander|landing|lands|lege\w*|tannleg\w*|doctor|dentist|sykehus\w*|"
    r"hospital|legevakt\w*|appointment)\b"
)


def _from_departure(spans: list[DateSpan], open_ended: set[int], text: str, anchor: date) -> list[DateSpan]:
    """ "ut skoleåret, vi reiser i morgen": a run up to a boundary starts on the day the trip begins
    (the day after, when it begins in the evening), not on the default day."""
    if not open_ended:
        return spans
    departure: date | None = None
    for s in spans:
        if s.start in open_ended or s.first != s.last or s.first <= anchor:
            continue
        left, right = _clause_of(text, s.start, s.end)
        if _DEPARTURE.search(text, left, right) and not _HOMEWARD.search(text, left, right):
            departure = s.first + timedelta(days=1) if _EVENING_AFTER.match(text, s.end) else s.first
            break
    if departure is None:
        return spans
    return [
        DateSpan(departure, s.last, s.start, s.end, s.kind) if s.start in open_ended and departure <= s.last else s
        for s in spans
    ]


def _every_weekday(item: _Item, today: date) -> list[date]:
    """The days of a month (this year's, or next year's once it is past) that fall on the weekday named,
    from today on."""
    month = _MONTHS[item.get("mn") or "januar"]
    year = today.year if month >= today.month else today.year + 1
    target = WEEKDAYS.index(item.get("wd") or "mandag")
    day = date(year, month, 1)
    day += timedelta(days=(target - day.weekday()) % 7)
    days: list[date] = []
    while day.month == month:
        if day >= today:
            days.append(day)
        day += timedelta(days=7)
    return days


def find_date_spans(text: str, today: date, anchor: date, calendar: SchoolCalendar) -> list[DateSpan]:
    """Every run of days the canonical text names (clock times must already be masked).

    `anchor` is where open ranges start ("til og med onsdag", "i tre dager").
    """
    items, text = _items_in_order(text)
    spans: list[DateSpan] = []
    prev: tuple[date, date] | None = None
    prev_end = prev_start = 0
    open_ended: set[int] = set()  # where the spans start that run from the default day to a boundary
    for i, raw in enumerate(items):
        following = items[i + 1] if i + 1 < len(items) else None
        gap_after = text[raw.end : following.start] if following else ""
        item = _borrow_month(
            raw, following if _RANGE_GAP.match(gap_after) or _LIST_GAP.match(gap_after) else None, today
        )
        gap = text[prev_end : item.start]
        is_range, is_list = _link(text, gap, prev_start) if prev is not None else (False, False)
        connected = is_range or is_list
        ref = prev[1] if connected and prev and item.kind == "weekday" else None
        start_for = prev[0] if connected and prev and item.kind in {"duration", "restweek"} else anchor
        open_from = _up_to_after(prev, item, gap, anchor) or anchor
        if _week_then_days(spans, item, gap, text):
            # "neste uke, fra mandag til onsdag": the days say which part of the week.
            ref, prev, connected = spans.pop().first - timedelta(days=1), None, False
        elif open_from != anchor and item.kind == "weekday" and prev is not None:
            # "tysdag neste veke og må vere heime til og med torsdag": the Thursday after that Tuesday.
            ref = prev[1]
        if item.kind == "everywd":
            days = _every_weekday(item, today)
            spans.extend(DateSpan(d, d, item.start, item.end, "everywd") for d in days)
            prev = (days[0], days[-1]) if days else prev
            prev_end, prev_start = max(prev_end, item.end), item.start
            continue
        resolved = _resolve(item, text, today, ref, calendar, start_for)
        prev_end, prev_start = max(prev_end, item.end), item.start
        if resolved is not None:
            prev = _place(spans, text, item, resolved, gap, is_range, connected, prev, open_from)
            if spans and spans[-1].start == item.start and spans[-1].first == anchor and item.kind in _OPEN_KINDS:
                open_ended.add(item.start)
    spans = _from_departure(spans, open_ended, text, anchor)
    if any(s.kind in _EXPLICIT or s.kind == "range" for s in spans):
        # "har ei veke ferie, søker fri 4.-8. januar": a loose duration only restates the dates.
        spans = [s for s in spans if s.kind != "duration"]
    return _without_vague(spans, text)


# Days that are not said (canonical text): an uncertain count ("noen dager", "nokre dagar", "a few days", "several
# days"), a count or a bit of a week that does not say which days ("et par dager neste uke", "en dag denne uka",
# "litt denne uka", "some of next week", "neste uke blir han borte to dager"). Such a phrase names no day: the
# dialog asks which. A run from a known day ("et par dager", "i tre dager", "tre dager fra onsdag") is a count
# of days, and "hele uka", "resten av uka" are whole weeks.
_VAGUE_COUNT_RE = (
    r"(?:noen|nokre|noen\s+få|nokre\s+få|flere|fleire|several|some|a\s+few|few|enkelte|somme|diverse)\s+"
    r"(?:(?:av\s+|of\s+)?(?:the\s+|de\s+|dei\s+)?)(?:skole|skule|school\s+)?(?:dager|dagene|dagane|dag|days?)"
)
_WEEK_COUNT_RE = (
    r"(?:et\s+par|ett\s+par|eit\s+par|par|to|tre|fire|2|3|4|two|three|four|en|ein|ei|ett|eitt|one|a|the\s+odd)\s+"
    r"(?:(?:av\s+|of\s+)?(?:the\s+|de\s+|dei\s+))?(?:skole|skule|school\s+)?(?:dager|dagene|dagane|dag|days?)"
    r"(?:\s+(?:eller|or)\s+(?:to|tre|two|three|2|3))?"
)
_SOME_WEEK_RE = r"(?:i\s+|in\s+|av\s+|of\s+)?(?:(?:denne|neste|this|next|the|den)\s+)?(?:uka|uke|veka|veke|week)\b"
_VAGUE_DAYS = re.compile(
    rf"\b(?:{_VAGUE_COUNT_RE}(?:\s+{_SOME_WEEK_RE})?|{_WEEK_COUNT_RE}\s+{_SOME_WEEK_RE}|"
    rf"(?:litt|noe|delvis|deler\s+av|part\s+of|parts\s+of|some\s+of|a\s+bit(?:\s+of)?|bits\s+of|"
    rf"av\s+og\s+til|on\s+(?:og|and)\s+off|innimellom)\s+{_SOME_WEEK_RE}|"
    # "neste uke blir han borte et par dager": the week first, the count later in the clause.
    rf"(?:denne|neste|this|next)\s+(?:uka|uke|veka|veke|week)\b[^.!?;\n]{{0,40}}?\b(?:{_WEEK_COUNT_RE}))\b"
)


def vague_days(text: str) -> bool:
    """Whether canonical text speaks of days away without saying which ("noen dager", "et par dager neste uke")."""
    return bool(_VAGUE_DAYS.search(text))


def _without_vague(spans: list[DateSpan], text: str) -> list[DateSpan]:
    """Drop the spans of phrases that do not say which days (`_VAGUE_DAYS`)."""
    vague = [m.span() for m in _VAGUE_DAYS.finditer(text)]
    return [s for s in spans if not any(a < s.end and s.start < b for a, b in vague)]


def mask_dates(text: str) -> str:
    """Canonical text with every date phrase blanked (used before reading bare clock numbers)."""
    return mask(text, [(it.start, it.end) for it in _scan(text)])


def school_days_of(spans: list[DateSpan], calendar: SchoolCalendar) -> tuple[date, ...]:
    """The school days the spans cover, ascending, without duplicates."""
    days: set[date] = set()
    for span in spans:
        days.update(calendar.school_days(span.first, span.last))
    return tuple(sorted(days))


def _dateparser_fallback(text: str, today: date) -> list[DateSpan]:
    """Month-name dates our grammar missed, read by dateparser (day and month both required)."""
    if not re.search(r"\d", text) or not re.search(rf"\b(?:{_MONTH_RE})", text):
        return []
    try:
        from dateparser.search import search_dates
    except ImportError:  # pragma: no cover - dateparser is a declared dependency
        return []
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime.combine(today, time(12, 0)),
        "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["day", "month"],
    }
    try:
        found = search_dates(text[:300], languages=["nb", "en"], settings=settings) or []
    except Exception:  # dateparser raises assorted errors on odd input; a miss is fine here
        return []
    spans: list[DateSpan] = []
    for phrase, value in found:
        if re.search(r"\d", phrase) and re.search(rf"\b(?:{_MONTH_RE})", phrase):
            pos = text.find(phrase)
            spans.append(DateSpan(value.date(), value.date(), pos, pos + len(phrase), "dateparser"))
    return spans


def date_spans_for(norm: str, now: datetime, calendar: SchoolCalendar) -> list[DateSpan]:
    """Date spans of canonical text, with clock times masked first and dateparser as fallback."""
    today = now.date()
    anchor = default_day(now, calendar) or today
    masked = mask(norm, [(c.start, c.end) for c in find_clocks(norm)])
    spans = find_date_spans(masked, today, anchor, calendar)
    if not spans:
        spans = _dateparser_fallback(masked, today)
    return spans


def parse_dates(text: str, now: datetime, calendar: SchoolCalendar) -> tuple[date, ...] | None:
    """The school days a text names, ascending; () when it names only non-school days; None when it names no day."""
    spans = date_spans_for(canonical(clean(text)), now, calendar)
    if not spans:
        return None
    return school_days_of(spans, calendar)
