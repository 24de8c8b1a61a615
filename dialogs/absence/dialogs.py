"""Absence: guardians report it in a sentence; teachers see and register it; the school follows
up unexplained absence the same day; leave applications go to the office (see issue 4)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import ChoicePrompt, PromptOptions, PromptValidatorContext, TextPrompt
from botbuilder.schema import Attachment

from dialogs.absence.cards import decision_card, register_card
from dialogs.absence.render import hhmm, names, reason_suffix, when
from bot.flows import Flow, FlowDeps
from bot.texts import day, t
from bot.turn import turn_info
from bot.understanding import Child, Understanding, classify_reason, parse_dates, resolve_children, understand
from dialogs.common import OneStepDialog, choice_options, message, reply
from dialogs.main import Route
from storage.absences import Absences
from storage.people import ChildInfo, PersonInfo

REPORT = "AbsenceReportDialog"
LEAVE = "LeaveApplicationDialog"
FOLLOWUP = "AbsenceFollowupDialog"
TEACHER = "AbsenceTeacherDialog"
CORRECT = "AbsenceCorrectionDialog"
DECIDE = "LeaveDecisionDialog"
REGISTER_CARD = "AbsenceRegisterCardDialog"

_LIST = re.compile(r"^\s*(?:/)?(?:fravær|fråvær|fravaer|absences?)\b\s*(?P<klass>\d[a-zæøå]?)?\s*$", re.I)
_REGISTER = re.compile(r"^\s*(?:borte|mangler|fraværende|fråverande|missing)\s*[:\-]\s*(?P<names>.+)$", re.I | re.S)
_DECIDE = re.compile(r"^\s*(?P<verb>innvilg|innvilge|godkjenn|avslå|avslaa|grant|refuse)\w*\s+(?:søknad\s*)?(?:nr\.?\s*)?(?P<id>\d+)\s*$", re.I)
_CORRECT = re.compile(r"^\s*(?:feil|oops|beklager|sorry|wrong|rettelse)\b", re.I)
_WITHDRAW = re.compile(r"\b(kommer likevel|trekk(?:er)? tilbake|glem (?:det|meldingen)|ikke borte|er på skolen likevel)\b", re.I)
_PASS_ON = frozenset({"weekplan", "booking", "broadcast", "help", "stop", "start"})


def _as_child(c: ChildInfo) -> Child:
    p = c.person
    return Child(sourced_id=p.sourced_id, given_name=p.given_name, family_name=p.family_name,
                 class_name=c.class_name or "", grade=c.grade or 0, sex=p.sex, birth_date=p.birth_date)


def _label(c: ChildInfo) -> str:
    return f"{c.person.given_name} ({c.class_name})" if c.class_name else c.person.given_name


class AbsenceFlow:
    """The absence flow's operations, shared by its dialogs; one per application."""

    def __init__(self, deps: FlowDeps) -> None:
        self.deps = deps
        self.absences = Absences(deps.db, deps.clock)

    def local_now(self) -> dt.datetime:
        return self.deps.clock().astimezone(self.deps.settings.zone)

    async def children(self, guardian: PersonInfo) -> list[ChildInfo]:
        return await self.deps.people.children_of(guardian.sourced_id)

    async def understand(self, context: TurnContext, kids: list[ChildInfo]) -> Understanding:
        return understand(context.activity.text or "", children=[_as_child(c) for c in kids],
                          now=turn_info(context).now, calendar=await self.deps.calendar(),
                          school_first_names=await self.deps.people.pupil_first_names())

    async def tell_teachers(self, child: ChildInfo, text_for: Any) -> None:
        """Each contact teacher of the child's class, in their own language (Teams first)."""
        if not child.class_id:
            return
        for teacher in await self.deps.people.contact_teachers(child.class_id):
            await self.deps.notifier.notify(teacher, text_for(teacher.language))

    async def record_report(self, context: TurnContext, kids: list[ChildInfo], u: Understanding,
                            *, correction: bool = False) -> None:
        info = turn_info(context)
        guardian = info.person
        assert guardian is not None
        chosen = [c for c in kids if c.person.sourced_id in u.students]
        await self.absences.report(student_ids=u.students, dates=u.dates, start_time=u.start_time,
                                   end_time=u.end_time, reason=u.reason, channel=info.channel_id,
                                   reported_by=guardian.sourced_id)
        today = info.now.date()
        lang = info.language
        labels = names(lang, [_label(c) for c in chosen])
        if correction:
            key = "absence.moved"
        elif u.start_time:
            key = "absence.recorded_partial_leaves"
        elif u.end_time:
            key = "absence.recorded_partial_arrives"
        else:
            key = "absence.recorded"
        await context.send_activity(message(context, t(lang, key, children=labels, when=when(lang, u.dates, today),
                                                       reason=reason_suffix(lang, u.reason),
                                                       time=hhmm(u.start_time or u.end_time))))
        for child in chosen:
            await self.tell_teachers(child, lambda tl, c=child: t(
                tl, "absence.teacher_notice", child=c.person.name, klass=c.class_name or "-",
                when=when(tl, u.dates, today) + (f" ({window(tl, u.start_time, u.end_time)})" if u.start_time or u.end_time else ""),
                reason=reason_suffix(tl, u.reason), guardian=guardian.name,
                channel=t(tl, "absence.channel." + info.channel_id) if info.channel_id in ("sms", "msteams", "emulator") else info.channel_id))


    async def apply_leave(self, context: TurnContext, u: Understanding) -> None:
        info = turn_info(context)
        guardian = info.person
        kids = {c.person.sourced_id: c for c in await self.children(guardian)}
        today = info.now.date()
        for student_id in u.students:
            child = kids[student_id]
            req = await self.absences.apply_leave(
                student_id=student_id, dates=u.dates, reason=u.reason, requested_by=guardian.sourced_id,
                channel=info.channel_id, principal_over_days=self.deps.settings.leave_principal_over_days)
            await context.send_activity(reply(context, "absence.leave_sent", child=_label(child),
                                              when=when(info.language, u.dates, today),
                                              to=t(info.language, f"absence.leave_to.{req.route}")))
            deciders = await self.deps.people.by_roles(("administrator",) if req.route == "principal" else ("aide",))
            for decider in deciders:
                lang = decider.language
                text = t(lang, "absence.leave_office_card", id=req.id, child=child.person.name,
                         klass=child.class_name or "-", when=when(lang, u.dates, today), days=req.school_days,
                         reason=t(lang, f"absence.reason.{u.reason}") if u.reason else "-", guardian=guardian.name)
                await self.deps.notifier.notify(decider, text, card=decision_card(lang, text, req.id), sms=False)

    async def decide_leave(self, context: TurnContext, request_id: int, granted: bool) -> None:
        info = turn_info(context)
        decider = info.person
        req = await self.absences.leave(request_id)
        if req is None:
            await context.send_activity(reply(context, "absence.leave_unknown", id=request_id))
            return
        allowed = decider.is_leader or (decider.is_office and req.route == "office")
        if not allowed:
            await context.send_activity(reply(context, "absence.leave_not_yours"))
            return
        decided = await self.absences.decide_leave(request_id, granted=granted, decided_by=decider.sourced_id)
        if decided is None:
            await context.send_activity(reply(context, "absence.leave_already_decided", id=request_id))
            return
        await context.send_activity(reply(context, "absence.leave_decided", id=request_id,
                                          decision=t(info.language, f"absence.leave_decision.{decided.status}")))
        guardian = await self.deps.people.get(decided.requested_by)
        child = await self.deps.people.child(decided.student_id)
        if guardian is None or child is None:
            return
        lang = guardian.language
        days = (await self.deps.calendar()).school_days(decided.first_date, decided.last_date)
        text = t(lang, f"absence.leave_{decided.status}_guardian", child=child.person.given_name,
                 when=when(lang, days, info.now.date()))
        on_sms = decided.channel == "sms"
        await self.deps.notifier.notify(guardian, text, teams=not on_sms, sms=True)

    async def explain(self, context: TurnContext, absence_id: int, reason: str) -> None:
        """The guardian's answer explains the absence with its reason category; their words are not kept."""
        info = turn_info(context)
        record = await self.absences.explain(absence_id, reason=reason, guardian_id=info.person.sourced_id,
                                             channel=info.channel_id)
        if record is None:
            await context.send_activity(reply(context, "absence.nothing_to_correct"))
            return
        child = await self.deps.people.child(record.student_id)
        name = child.person.given_name if child else ""
        await context.send_activity(reply(context, "absence.followup_thanks", child=name,
                                          reason=t(info.language, f"absence.reason.{reason}")))
        if child is not None:
            await self.tell_teachers(child, lambda tl: t(tl, "absence.followup_teacher", child=child.person.name,
                                                         klass=child.class_name or "-",
                                                         reason=t(tl, f"absence.reason.{reason}")))

    async def pupils_of_teacher(self, teacher: PersonInfo) -> list[tuple[str, str, str]]:
        """(sourcedId, first name, "Ola Nordmann (5B)") of every pupil in the teacher's classes."""
        out = []
        for class_id, title in await self.deps.people.classes_taught(teacher.sourced_id):
            for pupil in await self.deps.people.pupils_of(class_id):
                out.append((pupil.sourced_id, pupil.given_name, f"{pupil.name} ({title})"))
        return out

    async def send_list(self, context: TurnContext, klass: str | None) -> None:
        info = turn_info(context)
        classes = await self.deps.people.classes_taught(info.person.sourced_id)
        if info.person.is_leader or info.person.is_office:
            classes = await self.deps.people.all_classes()
        if not classes:
            await context.send_activity(reply(context, "absence.no_classes"))
            return
        if klass:
            chosen = [c for c in classes if c[1].lower() == klass.lower()]
            if not chosen:
                await context.send_activity(reply(context, "absence.unknown_class", klass=klass.upper(),
                                                  classes=", ".join(c[1] for c in classes)))
                return
            classes = chosen
        today = info.now.date()
        lang = info.language
        rows = await self.absences.for_day(today, [c[0] for c in classes])
        label = ", ".join(c[1] for c in classes)
        lines = [t(lang, "absence.list_header", day=day(lang, today), klass=label)] if rows else [
            t(lang, "absence.list_empty", day=day(lang, today), klass=label)]
        for row in rows:
            r = row.record
            span = f" ({window(lang, r.start_time, r.end_time)})" if (r.start_time or r.end_time) else ""
            lines.append(t(lang, "absence.list_line", name=f"{row.given_name} {row.family_name} ({row.class_name})",
                           status=t(lang, f"absence.status.{r.status}"), reason=reason_suffix(lang, r.reason),
                           time=span))
        listing = message(context, "\n".join(lines))
        if len(classes) == 1 and not info.is_sms:  # Teams: tick who is missing on the class list
            absent = {row.record.student_id for row in rows}
            pupils = [(p.sourced_id, p.name, p.sourced_id in absent) for p in await self.deps.people.pupils_of(classes[0][0])]
            listing.attachments = [Attachment(content_type="application/vnd.microsoft.card.adaptive",
                                              content=register_card(lang, listing.text, classes[0][0], pupils))]
        await context.send_activity(listing)

    async def register_from_card(self, context: TurnContext, class_id: str | None, missing: list[str]) -> None:
        """The class-list card: only pupils of a class the teacher has (leaders and the office: any)."""
        info = turn_info(context)
        allowed = {cid for cid, _ in (await self.deps.people.all_classes() if info.person.is_leader or info.person.is_office
                                      else await self.deps.people.classes_taught(info.person.sourced_id))}
        if class_id not in allowed:
            await context.send_activity(reply(context, "not_allowed"))
            return
        pupils = {p.sourced_id for p in await self.deps.people.pupils_of(class_id)}
        chosen = [sid for sid in missing if sid in pupils]
        if not chosen:
            await context.send_activity(reply(context, "absence.register_nobody"))
            return
        await self.register_missing(context, chosen)

    async def register_missing(self, context: TurnContext, student_ids: list[str]) -> None:
        info = turn_info(context)
        today = info.now.date()
        known, new = await self.absences.register_missing(teacher_id=info.person.sourced_id,
                                                          student_ids=student_ids, day=today)
        lang = info.language
        known_names = [((await self.deps.people.child(r.student_id)).person.given_name) for r in known]
        new_names = [((await self.deps.people.child(r.student_id)).person.given_name) for r in new]
        if new:
            await context.send_activity(reply(context, "absence.register_done", names=names(lang, new_names),
                                              known=names(lang, known_names) or "-"))
        else:
            await context.send_activity(reply(context, "absence.register_done_none_new",
                                              known=names(lang, known_names)))
        for record in new:
            await self.ask_next_guardian(record.id, record.student_id, stage=1)

    async def ask_next_guardian(self, absence_id: int, student_id: str, stage: int) -> bool:
        """SMS the next guardian with parental responsibility not yet asked; False when none is left."""
        asked = await self.absences.asked_guardians(absence_id)
        child = await self.deps.people.child(student_id)
        for guardian in await self.deps.people.guardians_of(student_id):
            if guardian.sourced_id in asked or not guardian.mobile:
                continue
            lang = guardian.language
            text = t(lang, "absence.followup_sms", child=child.person.given_name, klass=child.class_name or "-",
                     day=day(lang, self.local_now().date()), school=await self.deps.people.school_name())
            sent = await self.deps.notifier.notify(guardian, text, teams=False, sms=True, ignore_opt_out=True)
            await self.absences.ask(absence_id, guardian.sourced_id, stage, sent.channel)
            if sent.channel is not None:
                return True
        return False

    async def escalate(self) -> int:
        """Pass on questions nobody answered in time: the next guardian, then the office in Teams."""
        now = self.local_now()
        wait = dt.timedelta(minutes=self.deps.settings.followup_minutes)
        passed = 0
        for followup in await self.absences.due_followups(now - wait, now.date()):
            if not await self.absences.mark_passed_on(followup.id):
                continue
            passed += 1
            if await self.ask_next_guardian(followup.absence.id, followup.absence.student_id, followup.stage + 1):
                continue
            child = await self.deps.people.child(followup.absence.student_id)
            await self.absences.ask(followup.absence.id, None, followup.stage + 1, "office")
            for office in await self.deps.people.by_roles(("aide",)):
                lang = office.language
                await self.deps.notifier.notify(office, t(lang, "absence.office_unanswered", day=day(lang, now.date()),
                                                          child=child.person.name, klass=child.class_name or "-"),
                                                sms=False)
        return passed

    async def correct(self, context: TurnContext, student: str | None) -> None:
        info = turn_info(context)
        since = self.deps.clock() - dt.timedelta(hours=3)
        recent = await self.absences.recent_reports_by(info.person.sourced_id, since)
        if not recent:
            await context.send_activity(reply(context, "absence.nothing_to_correct"))
            return
        kids = {c.person.sourced_id: c for c in await self.children(info.person)}
        today = info.now.date()
        if student is None or student not in kids:
            await self.absences.withdraw([r.id for r in recent], info.person.sourced_id)
            await context.send_activity(reply(context, "absence.withdrawn"))
            for sid in {r.student_id for r in recent}:
                child = kids.get(sid)
                if child is not None:
                    dates = sorted(r.date for r in recent if r.student_id == sid)
                    await self.tell_teachers(child, lambda tl, c=child, ds=dates: t(
                        tl, "absence.withdraw_notice", child=c.person.name, klass=c.class_name or "-",
                        when=when(tl, ds, today), guardian=info.person.name))
            return
        dates = tuple(sorted({r.date for r in recent}))
        first = recent[0]
        await self.absences.withdraw([r.id for r in recent], info.person.sourced_id)
        u = Understanding(intent="absence", students=(student,), dates=dates, start_time=first.start_time,
                          end_time=first.end_time, reason=first.reason)
        await self.record_report(context, list(kids.values()), u, correction=True)


def window(lang: str | None, start: dt.time | None, end: dt.time | None) -> str:
    """ "fra 12:00" (leaves) or "til 10:00" (arrives) in the reader's language; "" for a whole day."""
    if start:
        return t(lang, "absence.window.from", time=hhmm(start))
    if end:
        return t(lang, "absence.window.to", time=hhmm(end))
    return ""


async def ask_which_child(step: WaterfallStepContext, flow: AbsenceFlow, prompt_id: str) -> DialogTurnResult:
    """ "Gjelder det Ola eller Emma?" unless the message said; "Begge"/"Alle" as the last choice."""
    kids = await flow.children(turn_info(step.context).person)
    if not kids:
        await step.context.send_activity(reply(step.context, "absence.no_children"))
        return await step.end_dialog()
    if step.values["u"]["students"]:
        return await step.next(None)
    lang = turn_info(step.context).language
    names_only = [k.person.given_name for k in kids]
    titles = list(names_only)
    if len(kids) > 1:
        titles.append(t(lang, "absence.both_children" if len(kids) == 2 else "absence.all_children"))
    key = "absence.not_your_child" if step.options.get("named_other") else "absence.which_child"
    return await step.prompt(prompt_id, choice_options(step.context, key, titles, options=_or(lang, names_only)))


async def apply_child_choice(step: WaterfallStepContext, flow: AbsenceFlow) -> dict[str, Any]:
    """The answer to ask_which_child, written into the understanding kept in step.values["u"]."""
    u = step.values["u"]
    if step.result is not None:
        kids = await flow.children(turn_info(step.context).person)
        index = step.result.index
        u["students"] = [k.person.sourced_id for k in kids] if index >= len(kids) else [kids[index].person.sourced_id]
    return u


class AbsenceReportDialog(ComponentDialog):
    """A guardian's report: ask for the child and the day when the message did not say."""

    def __init__(self, flow: AbsenceFlow) -> None:
        super().__init__(REPORT)
        self._flow = flow
        self.add_dialog(ChoicePrompt("AbsenceChildPrompt"))
        self.add_dialog(TextPrompt("AbsenceDayPrompt", self._valid_day))
        self.add_dialog(WaterfallDialog("report", [self._child, self._day, self._record]))
        self.initial_dialog_id = "report"

    async def _child(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = step.options
        if state.get("refuse"):
            await step.context.send_activity(reply(step.context, "absence.only_guardians"))
            return await step.end_dialog()
        step.values["u"] = state["u"]
        return await ask_which_child(step, self._flow, "AbsenceChildPrompt")

    async def _day(self, step: WaterfallStepContext) -> DialogTurnResult:
        u = await apply_child_choice(step, self._flow)
        if u["dates"]:
            return await step.next(None)
        return await step.prompt("AbsenceDayPrompt", PromptOptions(
            prompt=reply(step.context, "absence.which_day"), retry_prompt=reply(step.context, "absence.which_day_retry")))

    async def _valid_day(self, prompt: PromptValidatorContext) -> bool:
        info = turn_info(prompt.context)
        days = parse_dates(prompt.recognized.value or "", info.now, await self._flow.deps.calendar())
        return bool(days)

    async def _record(self, step: WaterfallStepContext) -> DialogTurnResult:
        u = step.values["u"]
        info = turn_info(step.context)
        if step.result is not None:
            u["dates"] = [d.isoformat() for d in parse_dates(step.result, info.now, await self._flow.deps.calendar())]
        kids = await self._flow.children(info.person)
        understanding = _from_json(u)
        await self._flow.record_report(step.context, kids, understanding)
        return await step.end_dialog()


def _or(lang: str, titles: list[str]) -> str:
    return names(lang, titles).replace(" og ", " eller ").replace(" and ", " or ")


def _from_json(u: dict[str, Any]) -> Understanding:
    return Understanding(
        intent=u["intent"], students=tuple(u["students"]),
        dates=tuple(dt.date.fromisoformat(d) for d in u["dates"]),
        start_time=dt.time.fromisoformat(u["start_time"]) if u.get("start_time") else None,
        end_time=dt.time.fromisoformat(u["end_time"]) if u.get("end_time") else None,
        reason=u.get("reason"), missing=tuple(u.get("missing") or ()),
    )


class LeaveApplicationDialog(ComponentDialog):
    """Søknad om fri: child, days and reason, then to the office (or the principal when long)."""

    def __init__(self, flow: AbsenceFlow) -> None:
        super().__init__(LEAVE)
        self._flow = flow
        self.add_dialog(ChoicePrompt("LeaveChildPrompt"))
        self.add_dialog(TextPrompt("LeaveDaysPrompt", self._valid_days))
        self.add_dialog(ChoicePrompt("LeaveReasonPrompt"))
        self.add_dialog(WaterfallDialog("leave", [self._child, self._days, self._reason, self._send]))
        self.initial_dialog_id = "leave"

    async def _child(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["u"] = step.options["u"]
        return await ask_which_child(step, self._flow, "LeaveChildPrompt")

    async def _days(self, step: WaterfallStepContext) -> DialogTurnResult:
        u = await apply_child_choice(step, self._flow)
        if u["dates"]:
            return await step.next(None)
        return await step.prompt("LeaveDaysPrompt", PromptOptions(
            prompt=reply(step.context, "absence.leave_which_days"),
            retry_prompt=reply(step.context, "absence.which_day_retry")))

    async def _valid_days(self, prompt: PromptValidatorContext) -> bool:
        info = turn_info(prompt.context)
        return bool(parse_dates(prompt.recognized.value or "", info.now, await self._flow.deps.calendar()))

    async def _reason(self, step: WaterfallStepContext) -> DialogTurnResult:
        u = step.values["u"]
        info = turn_info(step.context)
        if step.result is not None:
            u["dates"] = [d.isoformat() for d in parse_dates(step.result, info.now, await self._flow.deps.calendar())]
        if u.get("reason"):
            return await step.next(None)
        titles = [t(info.language, f"absence.reason.{r}") for r in REASON_ORDER]
        return await step.prompt("LeaveReasonPrompt", choice_options(step.context, "absence.leave_reason", titles,
                                                                     synonyms=REASON_SYNONYMS))

    async def _send(self, step: WaterfallStepContext) -> DialogTurnResult:
        u = step.values["u"]
        if step.result is not None:
            u["reason"] = REASON_ORDER[step.result.index]
        await self._flow.apply_leave(step.context, _from_json(u))
        return await step.end_dialog()


REASON_ORDER = ("illness", "appointment", "family", "other")
# Words a guardian may answer a reason question with, besides the number and the title.
REASON_SYNONYMS = [
    ["syk", "sjuk", "sykdom", "sjukdom", "sick", "illness", "ill", "feber"],
    ["lege", "tannlege", "legetime", "time", "doctor", "dentist", "appointment"],
    ["familie", "familien", "family", "begravelse", "bryllup"],
    ["annet", "anna", "other"],
]


class AbsenceFollowupDialog(ComponentDialog):
    """A guardian's answer to the school's same-day SMS: it explains that absence, on any channel."""

    def __init__(self, flow: AbsenceFlow) -> None:
        super().__init__(FOLLOWUP)
        self._flow = flow
        self.add_dialog(ChoicePrompt("FollowupReasonPrompt"))
        self.add_dialog(WaterfallDialog("followup", [self._ask, self._explain]))
        self.initial_dialog_id = "followup"

    async def _ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values.update(step.options)
        if step.options.get("reason"):
            return await step.next(None)
        lang = turn_info(step.context).language
        titles = [t(lang, f"absence.reason.{r}") for r in REASON_ORDER]
        return await step.prompt("FollowupReasonPrompt", choice_options(
            step.context, "absence.followup_ask_reason", titles, synonyms=REASON_SYNONYMS,
            child=step.options["child_name"]))

    async def _explain(self, step: WaterfallStepContext) -> DialogTurnResult:
        reason = step.values.get("reason") or REASON_ORDER[step.result.index]
        await self._flow.explain(step.context, step.values["absence_id"], reason)
        return await step.end_dialog()


class AbsenceTeacherDialog(ComponentDialog):
    """Teachers: "fravær [5B]" lists the day's absences; "borte: Ola, Nora" registers who is missing."""

    def __init__(self, flow: AbsenceFlow) -> None:
        super().__init__(TEACHER)
        self._flow = flow
        self.add_dialog(ChoicePrompt("RegisterWhichPrompt"))
        self.add_dialog(WaterfallDialog("teacher", [self._start, self._disambiguate, self._register]))
        self.initial_dialog_id = "teacher"

    async def _start(self, step: WaterfallStepContext) -> DialogTurnResult:
        opts = step.options
        info = turn_info(step.context)
        if opts["action"] == "continue":
            step.values["resolved"], step.values["pending"] = opts["resolved"], opts["pending"]
            return await self._next_question(step)
        if not info.person.is_staff:
            await step.context.send_activity(reply(step.context, "absence.teacher_only"))
            return await step.end_dialog()
        if opts["action"] == "list":
            await self._flow.send_list(step.context, opts.get("klass"))
            return await step.end_dialog()
        pupils = await self._flow.pupils_of_teacher(info.person)
        resolved: list[str] = []
        pending: list[tuple[str, list[tuple[str, str]]]] = []
        for name in opts["names"]:
            matches = [(sid, label) for sid, first, label in pupils if first.lower() == name.lower()
                       or label.lower().startswith(name.lower())]
            if not matches:
                await step.context.send_activity(reply(step.context, "absence.register_unknown", name=name))
                return await step.end_dialog()
            if len(matches) == 1:
                resolved.append(matches[0][0])
            else:
                pending.append((name, matches))
        step.values["resolved"] = resolved
        step.values["pending"] = pending
        return await self._next_question(step)

    async def _next_question(self, step: WaterfallStepContext) -> DialogTurnResult:
        pending = step.values["pending"]
        if not pending:
            return await step.next(None)
        name, matches = pending[0]
        titles = [label for _, label in matches]
        return await step.prompt("RegisterWhichPrompt", choice_options(
            step.context, "absence.register_which", titles, name=name, options=""))

    async def _disambiguate(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result is not None:
            _, matches = step.values["pending"].pop(0)
            step.values["resolved"].append(matches[step.result.index][0])
            if step.values["pending"]:
                return await step.replace_dialog(self.initial_dialog_id, {
                    "action": "continue", "resolved": step.values["resolved"], "pending": step.values["pending"]})
        return await step.next(None)

    async def _register(self, step: WaterfallStepContext) -> DialogTurnResult:
        await self._flow.register_missing(step.context, step.values["resolved"])
        return await step.end_dialog()


async def _classify(flow: AbsenceFlow, context: TurnContext) -> Route | None:
    """Claims card submits and commands of the absence flow, follow-up answers, and reports."""
    info = turn_info(context)
    person = info.person
    if person is None:
        return None
    value = context.activity.value if isinstance(context.activity.value, dict) else {}
    text = context.activity.text or ""
    if value.get("skolebot") == "register_missing" and person.is_staff:
        missing = [key.split(":", 1)[1] for key, ticked in value.items()
                   if key.startswith("missing:") and str(ticked).lower() == "true"]
        return Route("absence_register", REGISTER_CARD, {"class_id": value.get("class_id"), "missing": missing})
    if value.get("skolebot") == "leave_decision":
        return Route("leave_decision", DECIDE, {"request_id": value.get("request_id"), "granted": bool(value.get("granted"))})
    if person.is_staff:
        if m := _DECIDE.match(text):
            granted = m.group("verb").lower().startswith(("innvilg", "godkjenn", "grant"))
            return Route("leave_decision", DECIDE, {"request_id": int(m.group("id")), "granted": granted})
        if m := _LIST.match(text):
            return Route("absence_list", TEACHER, {"action": "list", "klass": m.group("klass")})
        if m := _REGISTER.match(text):
            found = [n.strip() for n in re.split(r"[,;\n]| og | and ", m.group("names")) if n.strip()]
            return Route("absence_register", TEACHER, {"action": "register", "names": found})
        return None
    if not text.strip():
        return None
    if _LIST.match(text) or _REGISTER.match(text):  # a staff command from someone who is not staff
        return Route("absence_list", TEACHER, {"action": "list"})
    kids = await flow.children(person) if person.is_guardian else []
    if not kids:
        u = await flow.understand(context, [])
        if u.intent in ("absence", "leave_request"):
            return Route("absence_refused", REPORT, {"refuse": True})
        return None
    u = await flow.understand(context, kids)
    today_start = info.now.replace(hour=0, minute=0, second=0, microsecond=0)
    followup = await flow.absences.open_followup(person.sourced_id, [k.person.sourced_id for k in kids], today_start)
    if followup is not None and u.intent not in _PASS_ON:
        child = next(k for k in kids if k.person.sourced_id == followup.absence.student_id)
        return Route("absence_followup", FOLLOWUP, {  # kept in dialog state: the category, never the words
            "absence_id": followup.absence.id, "reason": classify_reason(text),
            "child_name": child.person.given_name})
    if _CORRECT.match(text) or _WITHDRAW.search(text):
        named = [c.person.sourced_id for c in kids if re.search(rf"\b{re.escape(c.person.given_name)}\b", text, re.I)]
        moving = _CORRECT.match(text) and len(named) == 1
        return Route("absence_correction", CORRECT, {"student": named[0] if moving else None})
    if u.intent in ("absence", "leave_request"):
        named_other = resolve_children(text, [_as_child(k) for k in kids], await flow.deps.people.pupil_first_names()) == ()
        return Route(u.intent, REPORT if u.intent == "absence" else LEAVE, {"u": u.to_json(), "named_other": named_other})
    return None


def make_flow(deps: FlowDeps) -> Flow:
    flow = AbsenceFlow(deps)
    deps.extras["absence"] = flow

    async def classify(context: TurnContext) -> Route | None:
        return await _classify(flow, context)

    async def decide(context: TurnContext, options: dict[str, Any]) -> None:
        await flow.decide_leave(context, int(options["request_id"]), bool(options["granted"]))

    async def correct(context: TurnContext, options: dict[str, Any]) -> None:
        await flow.correct(context, options.get("student"))

    async def register_from_card(context: TurnContext, options: dict[str, Any]) -> None:
        await flow.register_from_card(context, options.get("class_id"), list(options.get("missing") or []))

    dialogs = [AbsenceReportDialog(flow), LeaveApplicationDialog(flow), AbsenceFollowupDialog(flow),
               AbsenceTeacherDialog(flow), OneStepDialog(DECIDE, decide), OneStepDialog(CORRECT, correct),
               OneStepDialog(REGISTER_CARD, register_from_card)]
    return Flow(name="absence", dialogs=dialogs, classify=classify)
