"""Week plan text: read what teachers write into days and subjects; write it for SMS and the web.

Pure functions only. Teachers write either one line per day ("Mandag: Norsk: les s. 12. Matte:
gange 7"), a heading per day with the subjects below it, or days as sentences in one line
("Mandag juleverksted. Onsdag kino."); lines before the first day, and "Beskjeder:"-style
sections, are notes for the whole week. The text is stored as written and
read again each time it is shown, so a better reader improves old plans too.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from dataclasses import dataclass

from bot.texts import day as day_name
from bot.texts import normalise_language, t
from bot.texts.wording import join_sentences
from storage.segments import count_segments, is_gsm7, to_gsm_safe

DAY_WORDS: dict[str, int] = {
    "mandag": 0,
    "måndag": 0,
    "monday": 0,
    "man": 0,
    "mån": 0,
    "mon": 0,
    "tirsdag": 1,
    "tysdag": 1,
    "tuesday": 1,
    "tir": 1,
    "tirs": 1,
    "tys": 1,
    "tysd": 1,
    "tue": 1,
    "tues": 1,
    "onsdag": 2,
    "wednesday": 2,
    "ons": 2,
    "wed": 2,
    "torsdag": 3,
    "thursday": 3,
    "tor": 3,
    "tors": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fredag": 4,
    "friday": 4,
    "fre": 4,
    "fri": 4,
    "lørdag": 5,
    "laurdag": 5,
    "saturday": 5,
    "lør": 5,
    "lau": 5,
    "sat": 5,
    "søndag": 6,
    "sundag": 6,
    "sunday": 6,
    "søn": 6,
    "sun": 6,
}
# Whole names: only these start a day without a colon ("Mandag juleverksted"); "Man skal ha med" is no day.
FULL_DAY_NAMES = frozenset(word for word in DAY_WORDS if len(word) >= 6)
# Words that are a day only with a colon, dash or date after them: "Fri." alone is a day off, not Friday.
_NEEDS_MARK = frozenset({"fri", "sun", "sat"})
MULTI_WORD_SUBJECTS = frozenset(
    {
        "mat og helse",
        "kunst og håndverk",
        "ukas ord",
        "ukens ord",
        "vekas ord",
        "arts and crafts",
        "food and health",
        "physical education",
        "ukas mål",
        "ukens mål",
        "vekas mål",
    }
)
_DATE = r"(?:\s+\(?\d{1,2}\s*[./]\s*(?:\d{1,2}\.?(?:\s*\d{2,4})?|[^\W\d_]{3,9}\.?)?\)?)?"
_DAY = "|".join(sorted(DAY_WORDS, key=len, reverse=True))
_JOIN = r"\s*(?P<join>og|and|&|,|/|-|–|—|til|to)\s*"
# "Mandag:", "Man 14.12 -", "Torsdag og fredag: leirskole", "Mon–Wed:", "Tirsdag" alone on its line.
_DAY_HEADING = re.compile(
    rf"^(?P<word>{_DAY})(?!\w)\.?(?:{_JOIN}(?P<last>{_DAY})(?!\w)\.?)?(?P<date>{_DATE})\s*"
    r"(?:(?P<mark>[:\-–—])\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
# "Mandag juleverksted", "Onsdag 16.12 kino": a whole day name, then the day's text (not "Mandag og tirsdag").
_PROSE_DAY = re.compile(
    rf"^(?P<word>{_DAY})(?!\w)(?P<date>{_DATE})\s+(?!(?:og|eller|til|and|or|to|&)\b)(?P<rest>[^\W\d_].*)$",
    re.IGNORECASE,
)
# A prose day sentence that starts with a verb keeps its day word: "Fredag er det prøve", not "er det prøve".
_PROSE_VERB = re.compile(
    r"^(?:er|blir|vert|har|skal|kommer|kjem|får|går|må|starter|startar|begynner|byrjar|slutter|sluttar|"
    r"is|are|we|there|det|vi|me|eg|jeg)\b",
    re.IGNORECASE,
)
# A sentence about the whole week, after a day written as prose, is a note for the week.
_WEEK_SCOPE = re.compile(
    r"\b(?:denne|hele|heile|resten\s+av|i|this|all|the\s+whole)\s+(?:uka|uken|veka|veke|week)\b",
    re.IGNORECASE,
)
_SENTENCE_GAP = re.compile(r"(?<=[.!?;])\s+")
_NOTE_HEADING = re.compile(
    r"^(?P<word>beskjed(?:er)?|info(?:rmasjon)?|ukas mål|ukens mål|vekas mål|mål|notes?|messages?|goals?)"
    r"\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_TITLE = re.compile(r"^(?:ukeplan|vekeplan|week\s?plan|uke|veke|week)\b", re.IGNORECASE)
_MARKUP = re.compile(r"^[\s*_#>•·\-–]+|[\s*_]+$")
_LABEL = r"[^\W\d_][\w&/+\-]*"
_SUBJECT_AT_START = re.compile(rf"^(?P<subject>{_LABEL}(?: {_LABEL}){{0,2}}):\s+")
_SUBJECT_AFTER_STOP = re.compile(rf"(?<=[.;!?])\s+(?P<subject>{_LABEL}(?: {_LABEL}){{0,2}}):\s+")
_SPACES = re.compile(r"[ \t]+")
_EMPHASIS = re.compile(r"\*\*|__")
ELLIPSIS = "..."


@dataclass(frozen=True)
class Entry:
    subject: str | None
    text: str


@dataclass(frozen=True)
class DayPlan:
    weekday: int  # 0 = Monday
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class ParsedPlan:
    days: tuple[DayPlan, ...]
    notes: tuple[str, ...]

    def day(self, weekday: int) -> DayPlan | None:
        return next((d for d in self.days if d.weekday == weekday), None)


@dataclass(frozen=True)
class PlanView:
    """Everything a rendering needs about one published plan."""

    class_title: str | None  # "5B", or None for a grade plan
    grade: int | None
    year: int
    week: int
    version: int
    plan: ParsedPlan
    link: str  # the page
    file_name: str | None = None
    file_size: int | None = None
    file_link: str | None = None

    @property
    def week_start(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    def date_of(self, weekday: int) -> dt.date:
        return self.week_start + dt.timedelta(days=weekday)

    def label(self, lang: str | None) -> str:
        """ "5B", or "5. trinn" for a plan made for the whole grade."""
        if self.class_title:
            return self.class_title
        return t(lang, "weekplan.grade_label", grade=self.grade)


# ------------------------------------------------------------------ parsing


def _strip_markup(line: str) -> str:
    """A line without bullets and bold/italic marks: "**Mandag**: norsk" → "Mandag: norsk"."""
    return _SPACES.sub(" ", _MARKUP.sub("", _EMPHASIS.sub("", line))).strip()


def _is_subject(label: str, at_start: bool) -> bool:
    if at_start:
        return True
    if label.lower() in MULTI_WORD_SUBJECTS:
        return True
    return " " not in label and label[:1].isupper()


def split_entries(text: str) -> list[Entry]:
    """ "Norsk: les s. 12. Matte: gange 7" -> [Norsk: les s. 12, Matte: gange 7]."""
    text = text.strip()
    if not text:
        return []
    marks: list[tuple[int, int, str]] = []  # (start, text start, subject)
    first = _SUBJECT_AT_START.match(text)
    if first:
        marks.append((0, first.end(), first.group("subject")))
    for match in _SUBJECT_AFTER_STOP.finditer(text):
        if _is_subject(match.group("subject"), at_start=False):
            marks.append((match.start(), match.end(), match.group("subject")))
    entries: list[Entry] = []
    lead = text[: marks[0][0]] if marks else text
    if lead.strip():
        entries.append(Entry(None, _tidy(lead)))
    for i, (_, begin, subject) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        body = _tidy(text[begin:end])
        entries.append(Entry(subject[:1].upper() + subject[1:], body))
    return [e for e in entries if e.text or e.subject]


def _tidy(text: str) -> str:
    return text.strip().rstrip(".;").strip()


@dataclass(frozen=True)
class DayHeading:
    """A day heading found at the start of a line or sentence: which days, the text after it, how it was written."""

    weekdays: tuple[int, ...]
    rest: str
    marked: bool  # a colon, dash or date after the day word(s): unmistakably a heading
    prose: bool  # "Mandag juleverksted": a whole day name starting a sentence


def _weekdays(first: str, join: str | None, last: str | None) -> tuple[int, ...]:
    """ "Torsdag og fredag" → (3, 4); "Man–ons" → (0, 1, 2)."""
    a = DAY_WORDS[first.lower()]
    if last is None:
        return (a,)
    b = DAY_WORDS[last.lower()]
    if join in ("-", "–", "—", "til", "to") and a < b:
        return tuple(range(a, b + 1))
    return tuple(sorted({a, b}))


def day_heading(line: str, *, prose: bool = True) -> DayHeading | None:
    """The day heading a line (or sentence) starts with, in any usual form; None when it starts with none.
    Abbreviations need a colon, dash or date unless they stand alone; `prose` allows "Mandag juleverksted"."""
    match = _DAY_HEADING.match(line)
    if match:
        marked = bool(match.group("mark") or match.group("date"))
        if match.group("word").lower() in _NEEDS_MARK and not marked:
            return None
        days = _weekdays(match.group("word"), match.group("join"), match.group("last"))
        return DayHeading(days, (match.group("rest") or "").strip(), marked, prose=False)
    match = _PROSE_DAY.match(line) if prose else None
    if match is None or match.group("word").lower() not in FULL_DAY_NAMES:
        return None
    rest = match.group("rest").strip()
    text = line.strip() if _PROSE_VERB.match(rest) else rest
    return DayHeading((DAY_WORDS[match.group("word").lower()],), text, bool(match.group("date")), prose=True)


def split_day_sentences(line: str) -> list[str]:
    """ "Mandag juleverksted. Onsdag kino." → each day's sentences apart; a line with one day or none stays whole."""
    cuts = [0]
    for gap in _SENTENCE_GAP.finditer(line):
        found = day_heading(line[gap.end() :])
        if found is not None and (found.marked or found.prose):
            cuts.append(gap.end())
    bounds = [*cuts, len(line)]
    return [line[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False) if line[a:b].strip()]


def week_notes_after(text: str) -> tuple[str, list[str]]:
    """(the day's text, trailing sentences about the whole week): "kino. Ingen lekser denne uka!" splits in two."""
    sentences = [p for p in re.split(r"(?<=[.!?])\s+(?=[^\W\d_])", text) if p]
    notes: list[str] = []
    while len(sentences) > 1 and _WEEK_SCOPE.search(sentences[-1]):
        notes.insert(0, sentences.pop())
    return " ".join(sentences), notes


def parse_plan(text: str | None) -> ParsedPlan:
    """Days (in week order, a day written twice merged) with their entries, and the week's notes.
    Days are found as headings on their own line, at the start of a line, or sentence by sentence in one line."""
    days: dict[int, list[Entry]] = {}
    notes: list[str] = []
    current: tuple[int, ...] = ()  # the day(s) being read; (): notes
    in_notes = False  # after "Beskjeder:": only a marked heading starts a day again
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = _strip_markup(raw)
        if not line:
            continue
        pieces = [line] if in_notes or _NOTE_HEADING.match(line) else split_day_sentences(line)
        for piece in pieces:
            heading = day_heading(piece, prose=not in_notes)
            if heading is not None:
                current, in_notes = heading.weekdays, False
                rest = heading.rest
                if heading.prose:
                    rest, week = week_notes_after(rest)
                    notes.extend(week)
                for weekday in current:
                    days.setdefault(weekday, []).extend(split_entries(rest))
                continue
            note = _NOTE_HEADING.match(piece)
            if note is not None:
                current, in_notes = (), True
                if note.group("rest").strip():
                    notes.append(piece)
                continue
            if not current:
                if not days and not notes and _TITLE.match(piece) and len(piece) < 60:
                    continue  # "Ukeplan 5B uke 49": the title, shown anyway
                notes.append(piece)
            else:
                for weekday in current:
                    days[weekday].extend(split_entries(piece))
    return ParsedPlan(
        days=tuple(DayPlan(weekday, tuple(entries)) for weekday, entries in sorted(days.items())),
        notes=tuple(notes),
    )


# ------------------------------------------------------------------ SMS


def gsm_clean(text: str) -> str:
    """Keep SMS text in GSM-7: typography mapped, accents dropped where needed, emoji removed."""
    out: list[str] = []
    for ch in to_gsm_safe(text):
        if is_gsm7(ch):
            out.append(ch)
            continue
        plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if is_gsm7(c))
        out.append(plain)
    return _SPACES.sub(" ", "".join(out)).strip()


def fit_sms(main: str, tail: str, max_segments: int = 3) -> str:
    """`main`, cut on a word with "..." when needed, then `tail` (the link) whole: within max_segments."""
    main, tail = gsm_clean(main), gsm_clean(tail)
    full = f"{main}\n{tail}" if main else tail
    if count_segments(full).segments <= max_segments:
        return full

    def fits(n: int) -> bool:
        return count_segments(f"{main[:n].rstrip()}{ELLIPSIS}\n{tail}").segments <= max_segments

    low, high = 0, len(main)
    while low < high:
        mid = (low + high + 1) // 2
        if fits(mid):
            low = mid
        else:
            high = mid - 1
    cut = low
    if 0 < cut < len(main) and not main[cut].isspace():
        boundary = max(main.rfind(" ", 0, cut), main.rfind("\n", 0, cut))
        if boundary > 0:
            cut = boundary
    head = main[:cut].rstrip(" \t\n,;:-.")
    start = head.rfind("\n") + 1
    line_end = main.find("\n", start)
    whole_line = main[start:] if line_end < 0 else main[start:line_end]
    if start > 0 and ": " in whole_line and ": " not in head[start:]:
        head = head[:start].rstrip(" \t\n,;:-.")  # never a bare "Fre..." with none of the day's text
    return f"{head}{ELLIPSIS}\n{tail}"


def entries_line(entries: tuple[Entry, ...] | list[Entry]) -> str:
    """ "Norsk: les s. 12. Gym: husk håndkle! Matte: gange 7": one sentence each, never "håndkle!."."""
    return join_sentences(f"{e.subject}: {e.text}" if e.subject and e.text else (e.subject or e.text) for e in entries)


def _short_day(lang: str | None, weekday: int) -> str:
    return t(lang, "weekplan.days_short").split(",")[weekday].strip()


def _sms_plan_lines(view: PlanView, lang: str | None) -> list[str]:
    """The plan's lines under its heading: a line per day, the notes (or that it is a file)."""
    lines = [f"{_short_day(lang, day.weekday)}: {entries_line(day.entries)}" for day in view.plan.days if day.entries]
    lines.extend(view.plan.notes)
    if not lines and view.file_name:
        lines.append(t(lang, "weekplan.sms_file_only", file=view.file_name))
    return lines


def render_sms(
    view: PlanView, lang: str | None, max_segments: int = 3, *, who: str | None = None, note: str | None = None
) -> str:
    """The compact week plan: a line per day, the notes, and the link, within max_segments.

    `who` heads it with the children it is for ("Ola (5B)") instead of the class; `note` (one short
    line, e.g. that a sibling has no plan yet) is kept whole before the link while the plan is cut."""
    head = t(lang, "weekplan.sms_head", label=who or view.label(lang), week=view.week)
    tail = t(lang, "weekplan.sms_link", url=view.link)
    if note:
        tail = f"{note}\n{tail}"
    return fit_sms("\n".join([head, *_sms_plan_lines(view, lang)]), tail, max_segments)


def render_sms_several(
    parts: list[tuple[str, PlanView]], lang: str | None, max_segments: int = 3, *, note: str | None = None
) -> str | None:
    """Several children's plans in one SMS, each headed by the children it is for and whole with its link,
    then `note`; None when they do not fit within max_segments together (nothing is cut)."""
    blocks = [
        "\n".join(
            [
                t(lang, "weekplan.sms_head", label=who, week=view.week),
                *_sms_plan_lines(view, lang),
                t(lang, "weekplan.sms_link", url=view.link),
            ]
        )
        for who, view in parts
    ]
    if note:
        blocks.append(note)
    text = "\n\n".join(gsm_clean(block) for block in blocks)
    return text if count_segments(text).segments <= max_segments else None


def render_sms_day(view: PlanView, date: dt.date, lang: str | None, max_segments: int = 3) -> str:
    """One day of the plan ("lekser i morgen"), and the link to the whole plan."""
    day = view.plan.day(date.weekday())
    when = day_name(lang, date)
    if day is None or not day.entries:
        key = "weekplan.sms_day_file" if view.file_name and not view.plan.days else "weekplan.sms_day_empty"
        main = t(lang, key, label=view.label(lang), day=when)
    else:
        main = t(lang, "weekplan.sms_day_head", label=view.label(lang), day=when) + " " + entries_line(day.entries)
    return fit_sms(main, t(lang, "weekplan.sms_link", url=view.link), max_segments)


# ------------------------------------------------------------------ web page

_STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24;"
    "line-height:1.45}main{max-width:40rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.5rem 0}"
    "h2{font-size:1.1rem;margin:0 0 .4rem}section{background:#fff;border-radius:.6rem;padding:.8rem 1rem;"
    "margin:.8rem 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}ul{margin:0;padding-left:1.1rem}li{margin:.2rem 0}"
    ".meta{color:#5b6470;font-size:.9rem;margin:0}.file a{display:inline-block;padding:.6rem 1rem;"
    "background:#2557a7;color:#fff;border-radius:.4rem;text-decoration:none}"
)


def _page(lang: str | None, title: str, inner: str) -> str:
    code = normalise_language(lang)
    return (
        f'<!doctype html>\n<html lang="{code}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex, nofollow">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{inner}</main></body></html>\n"
    )


def _size(lang: str | None, size: int | None) -> str:
    if not size:
        return ""
    if size < 1024 * 1024:
        return t(lang, "weekplan.size_kb", size=max(1, round(size / 1024)))
    return t(lang, "weekplan.size_mb", size=f"{size / (1024 * 1024):.1f}")


def render_html(view: PlanView, lang: str | None) -> str:
    """The whole plan as a small, mobile-friendly page; every text from the plan is escaped."""
    esc = html.escape
    title = t(lang, "weekplan.page_title", label=view.label(lang), week=view.week)
    meta = t(
        lang,
        "weekplan.page_meta",
        first=day_name(lang, view.week_start),
        last=day_name(lang, view.date_of(4)),
        version=view.version,
    )
    parts = [f"<h1>{esc(title)}</h1>", f'<p class="meta">{esc(meta)}</p>']
    for day in view.plan.days:
        items = "".join(
            f"<li><strong>{esc(e.subject)}:</strong> {esc(e.text)}</li>" if e.subject else f"<li>{esc(e.text)}</li>"
            for e in day.entries
        )
        parts.append(
            f"<section><h2>{esc(day_name(lang, view.date_of(day.weekday)))}</h2>"
            f"{f'<ul>{items}</ul>' if items else ''}</section>"
        )
    if view.plan.notes:
        notes = "".join(f"<p>{esc(n)}</p>" for n in view.plan.notes)
        parts.append(f"<section><h2>{esc(t(lang, 'weekplan.page_notes'))}</h2>{notes}</section>")
    if view.file_link and view.file_name:
        label = t(lang, "weekplan.page_download", file=view.file_name, size=_size(lang, view.file_size))
        parts.append(f'<p class="file"><a href="{esc(view.file_link, quote=True)}">{esc(label)}</a></p>')
    return _page(lang, title, "".join(parts))


def render_notice_html(lang: str | None, title_key: str, message_key: str) -> str:
    """A short page that says why there is no plan to show (expired or unknown link)."""
    title = t(lang, title_key)
    return _page(lang, title, f"<h1>{html.escape(title)}</h1><p>{html.escape(t(lang, message_key))}</p>")
