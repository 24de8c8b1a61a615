"""Details a guardian gives in an answer are kept: "i morgen fra kl 12, han skal til legen" answering
"which day?" sets the day, the time and the reason of the pending report, not the day alone; "Ola i dag
og i morgen, Emma bare i dag" answering "which child?" gives each child its own days.

The pending report is the dialog's JSON copy of an `Understanding`; the answer's words are read here
and dropped, only their structured details are kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.understanding import Understanding
from bot.understanding.parse import understand_answer
from bot.understanding.types import Part
from dialogs.absence.service import AbsenceService, as_child
from storage.people import ChildInfo


async def read_answer(
    service: AbsenceService, text: str, now: dt.datetime, kids: list[ChildInfo], intent: str
) -> Understanding:
    """What the answer says outright, read as part of a report of `intent` (no default day, no implied child)."""
    return understand_answer(
        text,
        intent=intent,
        children=[as_child(k) for k in kids],
        now=now,
        calendar=await service.calendar(),
        school_first_names=await service.people.pupil_first_names(),
    )


def merge(pending: dict[str, Any], answer: Understanding) -> dict[str, Any]:
    """The pending report (dialog JSON) with what the answer adds or changes: children, days, times, reason."""
    out = dict(pending)
    if answer.students:
        out["students"] = list(answer.students)
    if answer.dates:
        out["dates"] = [d.isoformat() for d in answer.dates]
    if answer.start_time or answer.end_time or answer.arrives_later:
        fresh = answer.to_json()
        out["start_time"], out["end_time"] = fresh["start_time"], fresh["end_time"]
        out["arrives_later"] = answer.arrives_later
    if answer.reason:
        out["reason"] = answer.reason
    if answer.parts:
        # a part without its own time takes the pending report's, not another child's from this answer
        window = {k: pending.get(k) for k in ("start_time", "end_time", "arrives_later")}
        flat = Understanding.from_json({**out, **window})
        out["parts"] = [_completed(p, flat).to_json() for p in answer.parts]
    elif answer.students or answer.dates or answer.start_time or answer.end_time or answer.reason:
        out.pop("parts", None)  # the answer restated the report: one set of details for everyone
    return out


def _completed(part: Part, report: Understanding) -> Part:
    """A part of the answer takes what it does not say from the report: its days, reason and times."""
    own_window = part.start_time or part.end_time or part.arrives_later
    return Part(
        students=part.students,
        dates=part.dates or report.dates,
        start_time=part.start_time if own_window else report.start_time,
        end_time=part.end_time if own_window else report.end_time,
        reason=part.reason or report.reason,
        arrives_later=part.arrives_later if own_window else report.arrives_later,
    )


async def keep_answer(
    service: AbsenceService, pending: dict[str, Any], text: str | None, now: dt.datetime, kids: list[ChildInfo]
) -> dict[str, Any]:
    """`merge` of the answer `text` into `pending`, in place (the dialog keeps `pending` in its values)."""
    if not text or not text.strip():
        return pending
    answer = await read_answer(service, text, now, kids, pending.get("intent") or "absence")
    merged = merge(pending, answer)
    pending.clear()
    pending.update(merged)
    return pending
