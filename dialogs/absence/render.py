"""Pure rendering of absence messages: which days, which children, which reason, in any language.

Replies render the service's results for the person who asked; notices are the texts the service
sends teachers, the office and guardians. The words themselves are in the catalogues (bot/texts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.texts import day, t
from bot.understanding import Understanding
from dialogs.absence import perchild_render
from dialogs.absence.results import (
    DayList,
    Explained,
    LeaveDecision,
    LeaveSent,
    Listing,
    NoClasses,
    PupilDay,
    Recorded,
    Registered,
    RegisterRefused,
    UnknownClass,
)
from storage.absences import AbsenceRow, LeaveRecord
from storage.people import ChildInfo


def when(lang: str | None, dates: Sequence[dt.date], today: dt.date) -> str:
    """The days in words: "i dag, mandag 30. november", "fredag 4. desember",
    "mandag 7. desember til onsdag 9. desember (3 skoledager)"."""
    if not dates:
        return ""
    if len(dates) == 1:
        d = dates[0]
        if d == today:
            return t(lang, "absence.today", day=day(lang, d))
        if d == today + dt.timedelta(days=1):
            return t(lang, "absence.tomorrow", day=day(lang, d))
        return t(lang, "absence.on_day", day=day(lang, d))
    return t(lang, "absence.days", first=day(lang, min(dates)), last=day(lang, max(dates)), count=len(dates))


def reason_suffix(lang: str | None, reason: str | None) -> str:
    return f", {t(lang, 'absence.reason.' + reason)}" if reason else ""


def names(lang: str | None, labels: Sequence[str]) -> str:
    """ "Ola (5B)", "Ola (5B) og Emma (2A)"."""
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + (" and " if lang == "en" else " og ") + labels[-1]


def hhmm(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def window(lang: str | None, start: dt.time | None, end: dt.time | None) -> str:
    """ "fra 12:00" (leaves) or "til 10:00" (arrives) in the reader's language; "" for a whole day."""
    if start:
        return t(lang, "absence.window.from", time=hhmm(start))
    if end:
        return t(lang, "absence.window.to", time=hhmm(end))
    return ""


def label(child: ChildInfo) -> str:
    """ "Ola (5B)", or the first name alone when the pupil has no class."""
    return f"{child.person.given_name} ({child.class_name})" if child.class_name else child.person.given_name


def either(lang: str, titles: list[str]) -> str:
    """ "Ola eller Emma": the children a question offers."""
    return names(lang, titles).replace(" og ", " eller ").replace(" and ", " or ")


def _channel(lang: str | None, channel_id: str) -> str:
    """How a report came in, as a teacher reads it ("SMS", "Teams")."""
    return t(lang, "absence.channel." + channel_id) if channel_id in ("sms", "msteams", "emulator") else channel_id


def _reason_title(lang: str | None, reason: str | None) -> str:
    return t(lang, f"absence.reason.{reason}") if reason else "-"


# ------------------------------------------------------------ replies to the person who asked


def recorded(lang: str, result: Recorded, today: dt.date) -> str:
    """ "Registrert: Ola (5B) borte i dag, ..." (or moved, or leaving/arriving at a time)."""
    u = result.understanding
    if not result.correction and (u.parts or u.arrives_later or (u.start_time and u.end_time)):
        return _recorded_per_child(lang, result, today)
    if result.correction:
        key = "absence.moved"
    elif u.start_time:
        key = "absence.recorded_partial_leaves"
    elif u.end_time:
        key = "absence.recorded_partial_arrives"
    else:
        key = "absence.recorded"
    return t(
        lang,
        key,
        children=names(lang, [label(c) for c in result.children]),
        when=when(lang, u.dates, today),
        reason=reason_suffix(lang, u.reason),
        time=hhmm(u.start_time or u.end_time),
        told=teachers_told(lang, result.children),
    )


def teachers_told(lang: str | None, children: Sequence[ChildInfo]) -> str:
    """ "Kontaktlærer er varslet", or "Kontaktlærerne er varslet" when the children are in different classes."""
    classes = {c.class_name or c.person.sourced_id for c in children}
    return t(lang, "absence.teachers_told", count=max(len(classes), 1))


def _recorded_per_child(lang: str, result: Recorded, today: dt.date) -> str:
    """Each child's own days, times and reason in one confirmation (one line per group with the same details)."""
    lines = []
    for one in result.understanding.per_child():
        kids = [label(c) for c in result.children if c.person.sourced_id in one.students]
        if kids:
            when_text = when(lang, one.dates, today)
            lines.append(perchild_render.part(lang, one, names(lang, kids), when_text, reason_suffix(lang, one.reason)))
    return perchild_render.recorded(lang, lines, teachers_told(lang, result.children))


def leave_sent(lang: str, result: LeaveSent, today: dt.date) -> str:
    """ "Søknad om fri for Emma (2A) fredag 11. desember (familiære årsaker) er sendt til kontoret.": the reason
    understood is said back, so a wrong category can be corrected at once."""
    reason = f" ({t(lang, 'absence.reason.' + result.reason)})" if result.reason else ""
    return t(
        lang,
        "absence.leave_sent",
        child=label(result.child),
        when=when(lang, result.dates, today) + reason,
        to=t(lang, f"absence.leave_to.{result.route}"),
    )


def leave_decision(lang: str, result: LeaveDecision) -> str:
    """The decider's answer: decided, unknown, not theirs to decide, or decided before."""
    if result.outcome in ("none_for", "several_for"):
        ids = ", ".join(str(i) for i in result.candidates)
        first = result.candidates[0] if result.candidates else ""
        return t(lang, f"absence.leave_{result.outcome}", name=result.child, ids=ids, first=first)
    if result.outcome == "decided" and result.child:
        decision = t(lang, f"absence.leave_decision.{result.status}")
        return t(lang, "absence.leave_decided_for", name=result.child, id=result.request_id, decision=decision)
    if result.outcome == "decided":
        return t(
            lang,
            "absence.leave_decided",
            id=result.request_id,
            decision=t(lang, f"absence.leave_decision.{result.status}"),
        )
    if result.outcome == "not_yours":
        return t(lang, "absence.leave_not_yours")
    return t(lang, f"absence.leave_{result.outcome}", id=result.request_id)


def explained(lang: str, result: Explained | None) -> str:
    if result is None:
        return t(lang, "absence.nothing_to_correct")
    name = result.child.person.given_name if result.child else ""
    reason = t(lang, f"absence.reason.{result.reason}")
    if result.arrives:
        return t(lang, "absence.followup_thanks_late", child=name, reason=reason, time=hhmm(result.arrives))
    return t(lang, "absence.followup_thanks", child=name, reason=reason)


def listing(lang: str, result: Listing, header: str = "absence.list_header") -> str:
    """The day's absences, one line each, under `header` (the unexplained ones under their own); or why there
    is no list."""
    if isinstance(result, NoClasses):
        return t(lang, "absence.no_classes")
    if isinstance(result, UnknownClass):
        titles = ", ".join(c[1] for c in result.classes)
        return t(lang, "absence.unknown_class", klass=result.klass.upper(), classes=titles)
    title = ", ".join(c[1] for c in result.classes)
    key = header if result.rows else "absence.list_empty"
    lines = [t(lang, key, day=day(lang, result.day), klass=title)]
    lines += [_list_line(lang, row) for row in result.rows]
    return "\n".join(lines)


def week_listing(lang: str, week: dt.date, classes: str, lists: Sequence[DayList], action: str) -> str:
    """A week's absences day by day ("hvem er borte denne uka?"), only the days with any; `week` is its Monday,
    `lists` the day lists of its school days; `action` "unexplained" keeps only those nobody has explained."""
    unexplained_only = action == "unexplained"
    lines: list[str] = []
    for result in lists:
        rows = [r for r in result.rows if not unexplained_only or r.record.status in ("unexplained", "urgent")]
        if rows:
            lines.append(t(lang, "absence.week_day", day=_capitalised(day(lang, result.day))))
            lines += [_list_line(lang, row) for row in rows]
    number = week.isocalendar().week
    if not lines:
        key = "absence.week_none_unexplained" if unexplained_only else "absence.week_empty"
        return t(lang, key, week=number, klass=classes)
    header = "absence.week_unexplained_header" if unexplained_only else "absence.week_header"
    return "\n".join([t(lang, header, week=number, klass=classes), *lines])


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _list_line(lang: str, row: AbsenceRow) -> str:
    r = row.record
    span = f" ({window(lang, r.start_time, r.end_time)})" if (r.start_time or r.end_time) else ""
    return t(
        lang,
        "absence.list_line",
        name=f"{row.given_name} {row.family_name} ({row.class_name})",
        status=t(lang, f"absence.status.{r.status}"),
        reason=reason_suffix(lang, r.reason),
        time=span,
    )


def pupil_day(lang: str, result: PupilDay, today: dt.date) -> str:
    """ "er Ola meldt borte?": one line per pupil, away (how, why) or not; then the names nobody has."""
    on = when(lang, [result.day], today)
    lines = []
    for label, row in result.found:
        if row is None:
            lines.append(t(lang, "staff.pupil_not_away", name=label, when=on))
            continue
        r = row.record
        span = f" ({window(lang, r.start_time, r.end_time)})" if (r.start_time or r.end_time) else ""
        status = t(lang, f"absence.status.{r.status}")
        lines.append(
            t(
                lang,
                "staff.pupil_away",
                name=label,
                when=on,
                status=status,
                reason=reason_suffix(lang, r.reason),
                time=span,
            )
        )
    lines += [t(lang, "absence.register_unknown", name=name) for name in result.unknown]
    return "\n".join(lines)


def registered(lang: str, result: Registered | RegisterRefused) -> str:
    if isinstance(result, RegisterRefused):
        return t(lang, "not_allowed" if result.why == "not_allowed" else "absence.register_nobody")
    if result.new_names and not result.known_names:
        return t(lang, "absence.register_done_all_new", names=names(lang, result.new_names))
    if result.new_names:
        return t(
            lang,
            "absence.register_done",
            names=names(lang, result.new_names),
            known=names(lang, result.known_names),
        )
    return t(lang, "absence.register_done_none_new", known=names(lang, result.known_names))


# ------------------------------------------------------------ notices to teachers, the office and guardians


def teacher_notice(
    lang: str | None, child: ChildInfo, u: Understanding, today: dt.date, guardian: str, channel_id: str
) -> str:
    """A contact teacher learns of a guardian's report: who, when (and the time window), why, from whom."""
    span = perchild_render.span(lang, u)  # "kommer kl. 11:00", "går kl. 12:00", "kommer senere"
    return t(
        lang,
        "absence.teacher_notice",
        child=child.person.name,
        klass=child.class_name or "-",
        when=when(lang, u.dates, today) + span,
        reason=reason_suffix(lang, u.reason),
        guardian=guardian,
        channel=_channel(lang, channel_id),
    )


def withdraw_notice(lang: str | None, child: ChildInfo, dates: Sequence[dt.date], today: dt.date, guardian: str) -> str:
    return t(
        lang,
        "absence.withdraw_notice",
        child=child.person.name,
        klass=child.class_name or "-",
        when=when(lang, dates, today),
        guardian=guardian,
    )


def followup_teacher(lang: str | None, child: ChildInfo, reason: str, arrives: dt.time | None = None) -> str:
    """The teacher's notice that a guardian explained an absence (and when the child comes, if said)."""
    return t(
        lang,
        "absence.followup_teacher_late" if arrives else "absence.followup_teacher",
        child=child.person.name,
        klass=child.class_name or "-",
        reason=t(lang, f"absence.reason.{reason}"),
        time=hhmm(arrives),
    )


def leave_office_card(
    lang: str | None, leave: LeaveRecord, child: ChildInfo, u: Understanding, today: dt.date, guardian: str
) -> str:
    """The text of the decider's card: the application, its school days and reason."""
    return t(
        lang,
        "absence.leave_office_card",
        id=leave.id,
        child=child.person.name,
        klass=child.class_name or "-",
        when=when(lang, u.dates, today),  # several days carry their count of school days
        reason=_reason_title(lang, u.reason),
        guardian=guardian,
    )


def leave_guardian(lang: str | None, status: str, child: ChildInfo, days: Sequence[dt.date], today: dt.date) -> str:
    return t(lang, f"absence.leave_{status}_guardian", child=child.person.given_name, when=when(lang, days, today))


def followup_sms(lang: str | None, child: ChildInfo, today: dt.date, school: str) -> str:
    """The same-day question to a guardian about an unexplained absence."""
    return t(
        lang,
        "absence.followup_sms",
        child=child.person.given_name,
        klass=child.class_name or "-",
        day=day(lang, today),
        school=school,
    )


def office_unanswered(lang: str | None, child: ChildInfo, today: dt.date) -> str:
    return t(
        lang, "absence.office_unanswered", day=day(lang, today), child=child.person.name, klass=child.class_name or "-"
    )


def _count_category(row: AbsenceRow) -> str:
    """The category a row counts under: its reason, or why it has none (unexplained, or no reason given)."""
    if row.record.reason:
        return f"absence.reason.{row.record.reason}"
    return "staff.count.unexplained" if row.record.status == "unexplained" else "staff.count.no_reason"


def counted(lang: str, result: Listing) -> str:
    """ "Mandag 7. desember, 5B: 3 elever borte – 2 sykdom, 1 ikke meldt." and the list, one line each."""
    if not isinstance(result, DayList):
        return listing(lang, result)
    titles = [c[1] for c in result.classes]
    klass = ", ".join(titles) if len(titles) <= 3 else t(lang, "staff.count.classes", n=len(titles))
    when_text = day(lang, result.day)
    when_text = when_text[:1].upper() + when_text[1:]
    if not result.rows:
        return t(lang, "staff.count_none", day=when_text, klass=klass)
    counts: dict[str, int] = {}
    for row in result.rows:
        key = _count_category(row)
        counts[key] = counts.get(key, 0) + 1
    parts = ", ".join(f"{n} {t(lang, key)}" for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    key = "staff.count_one" if len(result.rows) == 1 else "staff.count_many"
    lines = [t(lang, key, day=when_text, klass=klass, count=len(result.rows), parts=parts)]
    lines += [_list_line(lang, row) for row in result.rows]
    return "\n".join(lines)
