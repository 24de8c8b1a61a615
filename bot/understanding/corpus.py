"""Scoring `understand` against hand-labelled message corpora, plus a naive baseline to compare.

Corpus format: one JSON object per line,
  {"text": ..., "now": ISO datetime, "family": NAME | "children": [Child fields ...],
   "expected": {the Understanding.to_json() shape}, optional "terms": [[start, end], ...],
   optional "group": one of GROUPS (default "everyday"), optional "lang": one of LANGS}.

Run `python -m bot.understanding.corpus [FILE ...]` to print accuracy, per-field accuracy, the
baseline's accuracy and each failing message with expected and got.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from storage.calendar import SchoolCalendar
from storage.domain import Reason

from .dates import default_day
from .parse import understand
from .types import Child, Understanding

__all__ = [
    "CALENDAR",
    "DEVELOPMENT_FILES",
    "HELDOUT_FILES",
    "FAMILIES",
    "FIELDS",
    "GROUPS",
    "LANGS",
    "OSLO",
    "SCHOOL_FIRST_NAMES",
    "Case",
    "Failure",
    "Score",
    "baseline_score",
    "baseline_understand",
    "load_case",
    "main",
    "parse_case",
    "score",
]

OSLO = ZoneInfo("Europe/Oslo")
_CORPORA = Path(__file__).resolve().parents[2] / "tests" / "understanding"
# Issue 17's split, made once: every corpus the team has seen is the development part; the held-out
# part (generalisation/heldout.jsonl, another hand's) is never read while the parser or model change.
DEVELOPMENT_FILES: tuple[Path, ...] = tuple(
    _CORPORA / name
    for name in (
        "corpus.jsonl",
        "blind.jsonl",
        "blind2.jsonl",
        "heldout.jsonl",
        "generalisation/development.jsonl",
        "generalisation/development2.jsonl",
        "generalisation/development3.jsonl",
        "generalisation/development4.jsonl",
        "generalisation/development5.jsonl",
        "generalisation/development6.jsonl",
        "generalisation/development7.jsonl",
    )
)
# The held-out part: issue 17's first split (heldout.jsonl, 352) and two later additions by other hands
# that keep it at 30% or more of the whole as the development part grew. Only aggregate figures of it
# are ever printed.
HELDOUT_FILES: tuple[Path, ...] = tuple(
    _CORPORA / "generalisation" / name
    for name in (
        "heldout.jsonl",
        "heldout2.jsonl",
        "heldout3.jsonl",
        "heldout4.jsonl",
        "heldout5.jsonl",
        "heldout6.jsonl",
    )
)
FIELDS: tuple[str, ...] = ("intent", "students", "dates", "start_time", "end_time", "reason", "missing")
# The families of messages a line may name as its "group" (issue 17), and the languages as its "lang".
GROUPS: tuple[str, ...] = (
    "help_words",
    "stop_start_words",
    "reasons",
    "calendar_dates",
    "english_mixed",
    "not_a_report",
    "everyday",
)
LANGS: tuple[str, ...] = ("nb", "nn", "en", "dialect", "immigrant", "mixed")

# The school year the corpora are written against: autumn and spring terms with Christmas between.
CALENDAR = SchoolCalendar(
    terms=(
        (date(2026, 8, 17), date(2026, 12, 18)),
        (date(2027, 1, 4), date(2027, 6, 18)),
    )
)

FAMILIES: dict[str, tuple[Child, ...]] = {
    # One boy.
    "one": (Child("s-ola", "Ola", "Nordmann", "5B", 5, "male", date(2015, 3, 10)),),
    # A girl and a boy in different grades.
    "two": (
        Child("s-emma", "Emma", "Hansen", "3A", 3, "female", date(2018, 2, 1)),
        Child("s-jonas", "Jonas", "Hansen", "6C", 6, "male", date(2015, 6, 20)),
    ),
    # Three children: two girls and a boy.
    "three": (
        Child("s-nora", "Nora", "Berg", "7A", 7, "female", date(2013, 5, 5)),
        Child("s-liam", "Liam", "Berg", "4B", 4, "male", date(2016, 9, 9)),
        Child("s-ella", "Ella", "Berg", "1A", 1, "female", date(2019, 11, 11)),
    ),
    # Twin boys: "gutten" cannot tell them apart.
    "twins": (
        Child("s-filip", "Filip", "Olsen", "2A", 2, "male", date(2018, 4, 4)),
        Child("s-henrik", "Henrik", "Olsen", "2A", 2, "male", date(2018, 4, 4)),
    ),
    # An only child who shares her given name with a child of the "three" family.
    "namesake": (Child("s-nora-lie", "Nora", "Lie", "2C", 2, "female", date(2018, 8, 8)),),
    # Roster without sex or birth date: age falls back to grade.
    "nosex": (
        Child("s-aksel", "Aksel", "Dahl", "3B", 3),
        Child("s-mina", "Mina", "Dahl", "5A", 5),
    ),
    # An only girl whose parents often write English.
    "girl": (Child("s-sofie", "Sofie", "Ahmed", "4A", 4, "female", date(2016, 1, 15)),),
    # A boy whose name is also a Norwegian word ("i dag").
    "dag": (Child("s-dag", "Dag", "Moen", "6A", 6, "male", date(2014, 10, 10)),),
    # A double given name.
    "double": (Child("s-anne", "Anne-Marie", "Strand", "6B", 6, "female", date(2014, 12, 1)),),
}

SCHOOL_FIRST_NAMES: frozenset[str] = frozenset(
    {c.given_name.lower() for kids in FAMILIES.values() for c in kids}
    | set(
        [
            "per",
            "kari",
            "lars",
            "ingrid",
            "sara",
            "ali",
            "maja",
            "emil",
            "oskar",
            "jakob",
            "olivia",
            "leah",
            "noah",
            "william",
            "lucas",
            "isak",
            "sander",
            "amalie",
            "hedda",
            "tiril",
            "mohammed",
            "fatima",
            "yusuf",
            "liv",
            "tobias",
            "vilde",
            "mathias",
            "selma",
            "henrik",
            "elias",
            "aurora",
        ]
    )
)


@dataclass(frozen=True)
class Case:
    """One labelled message with everything `understand` needs."""

    text: str
    now: datetime
    children: tuple[Child, ...]
    expected: Mapping[str, Any]
    calendar: SchoolCalendar = CALENDAR
    group: str = "everyday"
    lang: str | None = None


@dataclass(frozen=True)
class Failure:
    """A message whose parse differs from its label in at least one field."""

    text: str
    now: str
    expected: Mapping[str, Any]
    got: Mapping[str, Any]

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for f in FIELDS if self.expected.get(f) != self.got.get(f))


@dataclass(frozen=True)
class Score:
    """Exact-match accuracy over all fields, and per field."""

    total: int
    exact: int
    field_hits: Mapping[str, int]
    failures: tuple[Failure, ...] = field(default=())

    @property
    def accuracy(self) -> float:
        return self.exact / self.total if self.total else 0.0

    def field_accuracy(self, name: str) -> float:
        return self.field_hits.get(name, 0) / self.total if self.total else 0.0


def _child(data: Mapping[str, Any]) -> Child:
    born = data.get("birth_date")
    return Child(
        sourced_id=str(data["sourced_id"]),
        given_name=str(data["given_name"]),
        family_name=str(data.get("family_name", "")),
        class_name=str(data.get("class_name", "")),
        grade=int(data.get("grade", 0)),
        sex=data.get("sex"),
        birth_date=date.fromisoformat(born) if born else None,
    )


def load_case(line: str | Mapping[str, Any]) -> Case:
    """A Case from one corpus line (JSON text or an already parsed object)."""
    data: Mapping[str, Any] = json.loads(line) if isinstance(line, str) else line
    now = datetime.fromisoformat(data["now"])
    now = now.replace(tzinfo=OSLO) if now.tzinfo is None else now.astimezone(OSLO)
    if "children" in data:
        children = tuple(_child(c) for c in data["children"])
    else:
        children = FAMILIES[data["family"]]
    calendar = CALENDAR
    if "terms" in data:
        calendar = SchoolCalendar(tuple((date.fromisoformat(a), date.fromisoformat(b)) for a, b in data["terms"]))
    return Case(
        text=data["text"],
        now=now,
        children=children,
        expected=data["expected"],
        calendar=calendar,
        group=str(data.get("group", "everyday")),
        lang=data.get("lang"),
    )


Parser = Callable[[Case], Understanding]


def _ours(case: Case) -> Understanding:
    return understand(
        case.text, children=case.children, now=case.now, calendar=case.calendar, school_first_names=SCHOOL_FIRST_NAMES
    )


def parse_case(case: Case) -> Understanding:
    """`understand` on one case, as `score` runs it (the corpus calendar and school names)."""
    return _ours(case)


def _score_with(lines: Iterable[str | Mapping[str, Any]], parser: Parser) -> Score:
    total = exact = 0
    hits = {f: 0 for f in FIELDS}
    failures: list[Failure] = []
    for line in lines:
        if isinstance(line, str) and not line.strip():
            continue
        case = load_case(line)
        got = parser(case).to_json()
        total += 1
        same = [f for f in FIELDS if got[f] == case.expected.get(f)]
        for f in same:
            hits[f] += 1
        if len(same) == len(FIELDS):
            exact += 1
        else:
            failures.append(Failure(case.text, case.now.isoformat(), dict(case.expected), got))
    return Score(total=total, exact=exact, field_hits=hits, failures=tuple(failures))


def score(lines: Iterable[str | Mapping[str, Any]]) -> Score:
    """Score `understand` on corpus lines: exact match of every field of the JSON contract."""
    return _score_with(lines, _ours)


# --- baseline: dateparser search_dates plus keyword spotting -------------------------------

_B_INTENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("stop", re.compile(r"^\s*(?:stop|stopp|avslutt|unsubscribe|cancel|end|quit|stopall)\s*$", re.I)),
    ("start", re.compile(r"^\s*(?:start|unstop)\s*$", re.I)),
    ("help", re.compile(r"^\s*(?:hjelp|help|\?)\s*$", re.I)),
    ("broadcast", re.compile(r"beredskap|varsel", re.I)),
    ("booking", re.compile(r"\bbook|reserv|avbestill|ledig", re.I)),
    ("leave_request", re.compile(r"søknad|søker|permisjon|\bfri\b", re.I)),
    ("weekplan", re.compile(r"ukeplan|vekeplan|lekse|week plan|homework", re.I)),
    ("absence", re.compile(r"syk|sjuk|sick|hjemme|heime|borte|kommer ikke|feber|tannlege|lege", re.I)),
)
_B_REASONS: tuple[tuple[Reason, re.Pattern[str]], ...] = (
    (Reason.ILLNESS, re.compile(r"syk|sjuk|sick|feber|fever|kast|vondt", re.I)),
    (Reason.APPOINTMENT, re.compile(r"tannlege|lege|doctor|dentist|time hos", re.I)),
    (Reason.FAMILY, re.compile(r"begravelse|bryllup|familie|ferie", re.I)),
)


def baseline_understand(
    text: str, *, children: Sequence[Child], now: datetime, calendar: SchoolCalendar, school_first_names: frozenset[str]
) -> Understanding:
    """A naive reading for comparison: keywords for intent and reason, dateparser for dates."""
    from dateparser.search import search_dates

    intent = next((name for name, pattern in _B_INTENTS if pattern.search(text)), "unknown")
    if intent not in {"absence", "leave_request", "weekplan"}:
        return Understanding(intent=intent)
    lowered = text.lower()
    named = tuple(c.sourced_id for c in children if c.given_name.lower() in lowered)
    students = named or ((children[0].sourced_id,) if len(children) == 1 else ())
    settings = {"PREFER_DATES_FROM": "future", "RELATIVE_BASE": now.replace(tzinfo=None)}
    try:
        found = search_dates(text, languages=["nb", "en"], settings=settings) or []
    except Exception:
        found = []
    days = sorted({d.date() for _, d in found if calendar.is_school_day(d.date())})
    if intent == "weekplan":
        base = days[0] if days else now.date()
        return Understanding(
            intent=intent, students=students, dates=(base.fromordinal(base.toordinal() - base.weekday()),)
        )
    if not days and intent == "absence":
        day = default_day(now, calendar)
        days = [day] if day else []
    reason = next((name.value for name, pattern in _B_REASONS if pattern.search(text)), None)
    missing = [m for m, empty in (("student", not students), ("dates", not days)) if empty]
    if intent == "leave_request" and reason is None:
        missing.append("reason")
    return Understanding(intent, students, tuple(days), None, None, reason, tuple(missing))


def baseline_score(lines: Iterable[str | Mapping[str, Any]]) -> Score:
    """Score the naive baseline on corpus lines, for comparison with `score`."""

    def parser(case: Case) -> Understanding:
        return baseline_understand(
            case.text,
            children=case.children,
            now=case.now,
            calendar=case.calendar,
            school_first_names=SCHOOL_FIRST_NAMES,
        )

    return _score_with(lines, parser)


# --- command line ---------------------------------------------------------------------------

DEFAULT_FILES = (
    Path(__file__).resolve().parents[2] / "tests" / "understanding" / "corpus.jsonl",
    Path(__file__).resolve().parents[2] / "tests" / "understanding" / "heldout.jsonl",
)


def _report(name: str, ours: Score, base: Score | None) -> list[str]:
    out = [f"== {name}: {ours.exact}/{ours.total} exact = {ours.accuracy:.1%}"]
    if base is not None:
        out.append(f"   baseline (dateparser + keywords): {base.exact}/{base.total} = {base.accuracy:.1%}")
    out.append("   per field: " + ", ".join(f"{f} {ours.field_accuracy(f):.1%}" for f in FIELDS))
    for failure in ours.failures:
        out.append(f"-- {failure.text!r} (now {failure.now}) wrong: {', '.join(failure.fields)}")
        out.append(f"   expected {json.dumps(failure.expected, ensure_ascii=False)}")
        out.append(f"   got      {json.dumps(failure.got, ensure_ascii=False)}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Print scores for the given corpus files (default: the corpus and the held-out set)."""
    args = list(sys.argv[1:] if argv is None else argv)
    with_baseline = "--no-baseline" not in args
    files = [Path(a) for a in args if not a.startswith("--")] or [p for p in DEFAULT_FILES if p.exists()]
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        ours = score(lines)
        base = baseline_score(lines) if with_baseline else None
        print("\n".join(_report(str(path), ours, base)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
