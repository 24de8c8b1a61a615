"""Pure rendering of corrections and merged reports: the new state, and what it was before, in any language.

The guardian's reply states the new state with the child and the day; the teacher's notice says what
changed ("Endret: Ola Nordmann (5B) er borte tirsdag 8. desember (ikke mandag 7. desember), meldt av …").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.texts import day, t
from dialogs.absence import render
from dialogs.absence.correction_results import (
    AskWithdraw,
    Changed,
    Corrected,
    DaysWithdrawn,
    Merged,
    Outcome,
    State,
    Unchanged,
)
from dialogs.absence.results import Recorded
from storage.people import ChildInfo


def state_text(lang: str | None, state: State, today: dt.date) -> str:
    """ "er borte i morgen, tirsdag 8. desember, sykdom", "kommer kl. 13:00 i dag, …", "går hjem kl. 11:00 …"."""
    values = {
        "when": render.when(lang, state.dates, today),
        "reason": render.reason_suffix(lang, state.reason),
        "time": render.hhmm(state.start_time or state.end_time),
    }
    if state.start_time:
        return t(lang, "corrections.state.leaves", **values)
    if state.end_time:
        return t(lang, "corrections.state.arrives", **values)
    return t(lang, "corrections.state.away", **values)


def _days(lang: str | None, dates: Sequence[dt.date], today: dt.date) -> str:
    """The old days in a "(ikke …)": one plain day, or a range."""
    return day(lang, dates[0]) if len(dates) == 1 else render.when(lang, dates, today)


def _old_time(lang: str | None, state: State) -> str:
    old = state.start_time or state.end_time
    return t(lang, "corrections.was_time", time=render.hhmm(old)) if old else t(lang, "corrections.was_whole_day")


def was_text(lang: str | None, change: Changed, today: dt.date) -> str:
    """ " (ikke mandag 7. desember, sykdom)": the old values of what changed; "" when only the state is news."""
    before, after = change.before, change.after
    parts: list[str] = []
    if change.was_child is not None:
        parts.append(change.was_child.person.given_name)
    if before.dates != after.dates:
        gone = tuple(d for d in before.dates if d not in after.dates)
        kept = len(gone) < len(before.dates)
        if gone or not kept:  # "feil, bare i dag": only the day taken out; a report made longer: nothing
            parts.append(_days(lang, gone if kept else before.dates, today))
    if (before.start_time, before.end_time) != (after.start_time, after.end_time):
        parts.append(_old_time(lang, before))
    if before.reason != after.reason and before.reason:
        parts.append(t(lang, f"absence.reason.{before.reason}"))
    return f" ({t(lang, 'corrections.was', what=', '.join(parts))})" if parts else ""


def _names(lang: str | None, children: Sequence[ChildInfo]) -> str:
    return render.names(lang, [render.label(c) for c in children])


# ------------------------------------------------------------ notices to the contact teachers


def teacher_changed(lang: str | None, change: Changed, today: dt.date, guardian: str) -> str:
    child = change.child
    return t(
        lang,
        "corrections.teacher_changed",
        child=child.person.name,
        klass=child.class_name or "-",
        state=state_text(lang, change.after, today),
        was=was_text(lang, change, today),
        guardian=guardian,
    )


def teacher_not_child(
    lang: str | None,
    child: ChildInfo,
    dates: Sequence[dt.date],
    others: Sequence[ChildInfo],
    today: dt.date,
    guardian: str,
) -> str:
    """The old child's teacher: the report was about another child."""
    return t(
        lang,
        "corrections.teacher_not_child",
        child=child.person.name,
        klass=child.class_name or "-",
        when=render.when(lang, dates, today),
        others=render.names(lang, [c.person.given_name for c in others]),
        guardian=guardian,
    )


# ------------------------------------------------------------ replies to the guardian


def confirm_question(lang: str | None, ask: AskWithdraw, today: dt.date) -> str:
    return t(
        lang,
        "corrections.confirm_withdraw",
        children=_names(lang, ask.children),
        when=render.when(lang, ask.dates, today),
    )


def kept(lang: str | None, ask: AskWithdraw, today: dt.date) -> str:
    return t(lang, "corrections.kept", children=_names(lang, ask.children), when=render.when(lang, ask.dates, today))


def _changed_lines(lang: str | None, changes: Sequence[Changed], today: dt.date) -> list[str]:
    return [
        t(
            lang,
            "corrections.changed",
            children=render.label(c.child),
            state=state_text(lang, c.after, today),
            was=was_text(lang, c, today),
        )
        for c in changes
    ]


def _withdrawn(lang: str | None, result: DaysWithdrawn, today: dt.date) -> str:
    lines = [
        t(lang, "corrections.withdrawn", children=render.label(child), when=render.when(lang, days, today))
        for child, days in result.taken
    ]
    lines += [
        t(lang, "corrections.still_reported", children=render.label(child), when=render.when(lang, days, today))
        for child, days in result.remaining
    ]
    return " ".join([*lines, t(lang, "corrections.teacher_told")])


def _unchanged(lang: str | None, result: Unchanged, today: dt.date) -> str:
    children = _names(lang, result.children)
    if result.why == "nothing_on_day":
        key = "corrections.nothing_on_day" if children else "corrections.nothing_on_day_any"
        return t(lang, key, children=children, when=render.when(lang, result.dates, today))
    if result.why in ("same", "what_to_change") and result.state is not None:
        key = "corrections.same" if result.why == "same" else "corrections.what_to_change_state"
        return t(lang, key, children=children, state=state_text(lang, result.state, today))
    if result.why == "not_school_day":
        return t(lang, "corrections.not_school_day")
    if result.why == "what_to_change":
        return t(lang, "corrections.what_to_change")
    return t(lang, "corrections.no_recent")


def outcome(lang: str | None, result: Outcome | Recorded | Merged, today: dt.date) -> str:
    """The guardian's reply to a correction: the new state, with the child and the day."""
    if isinstance(result, Recorded | Merged):  # "Emma også": the last report again, for Emma
        return reported(lang or "nb", result, today)
    if isinstance(result, Corrected):
        lines = _changed_lines(lang, result.changes, today)
        lines += [
            t(lang, "corrections.withdrawn", children=render.label(child), when=render.when(lang, days, today))
            for child, days in result.dropped
        ]
        lines += [
            t(lang, "corrections.still_reported", children=render.label(child), when=render.when(lang, days, today))
            for child, days in result.unchanged
        ]
        return " ".join([*lines, t(lang, "corrections.teacher_told")])
    if isinstance(result, DaysWithdrawn):
        return _withdrawn(lang, result, today)
    if isinstance(result, AskWithdraw):
        return confirm_question(lang, result, today)
    return _unchanged(lang, result, today)


def reported(lang: str, result: Recorded | Merged, today: dt.date) -> str:
    """A report's reply: recorded, or merged with what was reported before (and what this one added)."""
    if isinstance(result, Recorded):
        return render.recorded(lang, result, today)
    lines = [render.recorded(lang, r, today) for r in result.recorded]
    for known in result.already:
        when = render.when(lang, known.dates, today)
        if known.by is None:
            lines.append(t(lang, "corrections.already_self", children=render.label(known.child), when=when))
        else:
            lines.append(
                t(lang, "corrections.already", children=render.label(known.child), when=when, guardian=known.by)
            )
    if result.changed:
        lines += _changed_lines(lang, result.changed, today)
        if not result.recorded:  # a recorded line already says the teacher was told
            lines.append(t(lang, "corrections.teacher_told"))
    return " ".join(lines)
