"""What a week plan message asks for: which week or day, which class or grade, homework or the plan.

Pure and self-contained (bokmål, nynorsk and English words), so the week plan flow does not wait
for bot.understanding. "ukeplan" means this week, or the coming week at the weekend.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.understanding.normalise import WEEKDAY_NUMBERS

WEEKDAYS: dict[str, int] = WEEKDAY_NUMBERS

_PLAN_WORD = re.compile(
    r"\b(?:ukeplan\w*|vekeplan\w*|lekseplan\w*|week[\s-]?plan\w*|weekly\s+plan\w*|arbeidsplan\w*)\b"
)
_HOMEWORK_WORD = re.compile(r"\b(?:hjemme|heime)?leks(?:e|a|en|er|ene|ane|ar|ene)\b|\bhomework\b")
# A complaint or a wish to talk to someone about homework is for a person (dialogs.contact), not the plan.
_FOR_A_PERSON = re.compile(
    r"\b(?:hvorfor|kvifor|why|klage\w*|complain\w*|(?:så|altfor|for) (?:mye|mange|lite)|too much|so much|"
    r"snakke med|snakka med|ringe meg|ringje meg|talk to|call me)\b"
)
_WEEK_NUMBER = re.compile(r"\b(?:uke|uka|veke|veka|week|u)\s*(\d{1,2})\b")
_NEXT_WEEK = re.compile(r"\b(?:neste|kommende|komande|next)\s+(?:uke|uka|veke|veka|week)\b")
_THIS_WEEK = re.compile(r"\b(?:denne|this)\s+(?:uke|uka|uken|veke|veka|week)\b")
_LAST_WEEK = re.compile(r"\b(?:forrige|førre|last)\s+(?:uke|uka|veke|veka|week)\b")
_TODAY = re.compile(r"\b(?:i\s?dag|today)\b")
_TOMORROW = re.compile(r"\b(?:i\s?morgen|i\s?morgon|tomorrow)\b")
_DAY_AFTER = re.compile(r"\b(?:i\s?overmorgen|overi\s?morgen|i\s?overmorgon|day after tomorrow)\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")(?:en|a)?\b")
_CLASS = re.compile(r"(?<![\w.])(\d{1,2})([a-zæøå])(?![\w])", re.IGNORECASE)
_GRADE = re.compile(r"\b(\d{1,2})\.?\s*(?:trinn|klasse|grade)\b|\b(?:trinn|grade)\s*(\d{1,2})\b")
_EVERYONE = re.compile(r"\b(?:begge|alle|barna|ungane|borna|both|all)\b")
_AT_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE)
_ONLY_WEEK = re.compile(
    r"^(?:(?:hva|kva|what)\s+(?:er|is)\s+)?(?:(?:neste|denne|forrige|kommende|next|this|last)\s+)?"
    r"(?:uke|uka|veke|veka|week)(?:\s*\d{1,2})?(?:\s+for\s+[\wæøå ]+)?\s*[?.!]*$"
)


@dataclass(frozen=True)
class WeekplanRequest:
    """One message about week plans, read without looking anything up."""

    year: int  # ISO year of the asked week
    week: int  # ISO week
    day: dt.date | None  # one day asked for ("lekser i morgen"), else None for the whole week
    homework: bool  # the person asked for homework ("lekser", "leksa")
    explicit_week: bool  # a week or day was named (not just the default)
    class_title: str | None  # "5B" when a class was named
    grade: int | None  # 5 for "5. trinn"
    everyone: bool  # "begge", "alle": every child of the guardian
    header: str  # the first line
    body: str  # the lines after the first: a plan being published

    @property
    def week_start(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)


def clean(text: str | None) -> str:
    """Line endings normalised, Teams @mentions removed."""
    return _AT_MENTION.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


def split_message(text: str | None) -> tuple[str, str]:
    """(first line, the rest): "ukeplan 5B uke 49" and the plan text below it."""
    cleaned = clean(text)
    head, _, rest = cleaned.partition("\n")
    return head.strip(), rest.strip()


def is_weekplan_message(text: str | None) -> bool:
    """True for messages this flow answers: "ukeplan …", "lekser i morgen", "uke 50"."""
    head, _ = split_message(text)
    lowered = head.lower()
    if _FOR_A_PERSON.search(lowered):
        return False
    if _PLAN_WORD.search(lowered) or _HOMEWORK_WORD.search(lowered):
        return True
    return bool(_ONLY_WEEK.match(lowered))


def is_plan_header(text: str | None) -> bool:
    """True when the first line starts with the plan word: how a teacher begins publishing."""
    head, _ = split_message(text)
    return bool(re.match(r"^\W*(?:ukeplan|vekeplan|week\s?plan)", head.lower()))


_PUBLISH_LEAD = re.compile(
    r"^\W*(?:(?:publiser|publisér|publish|post|legg\s+ut|last\s+opp|her\s+er|here\s+is|here'?s)\s+)?"
    r"(?:(?:en|ei|et|eit|ny|nye|new|oppdatert|updated|the|a)\s+)*(?=ukeplan|vekeplan|week\s?plan)",
    re.I,
)


def publish_text(text: str | None) -> str | None:
    """A teacher's plan to publish as "header\nbody", or None: "ukeplan 5B uke 49" with the plan on the next
    lines, and also "publiser ukeplan for 2A uke 51: Norsk: …" or "ny ukeplan 5B:" with the plan after the colon.
    A short tail after a colon ("ukeplan: neste uke?") stays a question, not a plan."""
    head, body = split_message(text)
    lead = _PUBLISH_LEAD.match(head)
    if lead is None:
        return None
    head = head[lead.end() :]
    if ":" in head:
        head, _, tail = head.partition(":")
        tail = tail.strip()
        if tail and not body and (len(tail.split()) < 4 or tail.endswith("?")):
            return None
        body = f"{tail}\n{body}".strip()
    return f"{head.strip()}\n{body}".strip()


def default_week(today: dt.date) -> tuple[int, int]:
    """This ISO week; at the weekend the coming one."""
    monday = today - dt.timedelta(days=today.weekday())
    if today.weekday() >= 5:
        monday += dt.timedelta(days=7)
    iso = monday.isocalendar()
    return iso.year, iso.week


def nearest_year_of_week(week: int, today: dt.date) -> tuple[int, int] | None:
    """The (ISO year, week) numbered `week` nearest to today, e.g. "uke 2" in December is next year's."""
    this_monday = today - dt.timedelta(days=today.weekday())
    best: tuple[int, dt.date] | None = None
    for year in (today.isocalendar().year - 1, today.isocalendar().year, today.isocalendar().year + 1):
        try:
            monday = dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            continue
        if best is None or abs((monday - this_monday).days) < abs((best[1] - this_monday).days):
            best = (year, monday)
    return (best[0], week) if best else None


def _next_weekday(today: dt.date, weekday: int) -> dt.date:
    """That weekday on or after today."""
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def _next_weekday_after(today: dt.date) -> dt.date:
    """Tomorrow, or Monday when tomorrow is the weekend."""
    day = today + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _asked_week(text: str, today: dt.date) -> tuple[int, int] | None:
    this_monday = today - dt.timedelta(days=today.weekday())
    if _NEXT_WEEK.search(text):
        iso = (this_monday + dt.timedelta(days=7)).isocalendar()
        return iso.year, iso.week
    if _LAST_WEEK.search(text):
        iso = (this_monday - dt.timedelta(days=7)).isocalendar()
        return iso.year, iso.week
    if _THIS_WEEK.search(text):
        iso = this_monday.isocalendar()
        return iso.year, iso.week
    match = _WEEK_NUMBER.search(text)
    if match and 1 <= int(match.group(1)) <= 53:
        return nearest_year_of_week(int(match.group(1)), today)
    return None


def _asked_day(text: str, today: dt.date, week: tuple[int, int] | None) -> dt.date | None:
    if _DAY_AFTER.search(text):
        return today + dt.timedelta(days=2)
    if _TOMORROW.search(text):
        return today + dt.timedelta(days=1)
    if _TODAY.search(text):
        return today
    match = _WEEKDAY.search(text)
    if match:
        weekday = WEEKDAYS[match.group(1)]
        if week is not None:
            return dt.date.fromisocalendar(week[0], week[1], weekday + 1)
        return _next_weekday(today, weekday)
    return None


def parse_request(text: str | None, today: dt.date) -> WeekplanRequest:
    """Read a week plan message as of `today` (the school's local date)."""
    header, body = split_message(text)
    lowered = header.lower()
    homework = bool(_HOMEWORK_WORD.search(lowered))
    week = _asked_week(lowered, today)
    day = _asked_day(lowered, today, week)
    if day is None and homework and week is None:
        day = _next_weekday_after(today)  # "lekser": what is due next
        explicit = False
    else:
        explicit = week is not None or day is not None
    if day is not None:
        iso = day.isocalendar()
        year, number = iso.year, iso.week
    else:
        year, number = week or default_week(today)
    class_match = _CLASS.search(_WEEK_NUMBER.sub(" ", lowered))
    grade_match = _GRADE.search(lowered)
    grade = int(grade_match.group(1) or grade_match.group(2)) if grade_match else None
    class_title = None
    if class_match and grade is None:
        class_title = f"{int(class_match.group(1))}{class_match.group(2).upper()}"
    return WeekplanRequest(
        year=year,
        week=number,
        day=day,
        homework=homework,
        explicit_week=explicit,
        class_title=class_title,
        grade=grade,
        everyone=bool(_EVERYONE.search(lowered)),
        header=header,
        body=body,
    )


def named_children(text: str | None, names: dict[str, str]) -> list[str]:
    """Ids of the children whose first name (key: lower-case name) appears in the first line."""
    head, _ = split_message(text)
    words = set(re.findall(r"[\wæøå]+", head.lower()))
    return [sid for name, sid in names.items() if name in words]
