"""Absence: guardians report it in a sentence; teachers see and register it; the school follows
up unexplained absence the same day; leave applications go to the office (see issue 4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    Dialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from bot.flows import Flow, FlowDeps
from bot.texts import t
from bot.turn import known_turn, turn_info
from bot.understanding import REASONS, Understanding
from bot.understanding.answers import Option
from dialogs.absence import confirm, not_yours, off_days, render
from dialogs.absence.answer_details import keep_answer
from dialogs.absence.cards import register_card
from dialogs.absence.child_prompt import NONE_INDEX, ChildAnswerPrompt
from dialogs.absence.correction_dialogs import correction_dialogs
from dialogs.absence.correction_render import reported
from dialogs.absence.corrections import Corrections
from dialogs.absence.results import Caller, DayList, Listing, Notice, Registered, RegisterRefused
from dialogs.absence.service import AbsencePolicy, AbsenceService, as_child, week_monday
from dialogs.absence.understand import DECIDE, FOLLOWUP, LEAVE, REGISTER_CARD, REPORT, TEACHER
from dialogs.absence.understand import classify as classify_message
from dialogs.card import card_attachment
from dialogs.common import AnswerChoicePrompt, OneStepDialog, choice_options, message, reply
from dialogs.main import Route
from storage.absences import Absences
from storage.corrections import AbsenceCorrections
from storage.people import ChildInfo


def _caller(context: TurnContext) -> Caller:
    """Who asks on this turn, for the service (the dialogs run only once SchoolBot identified the caller)."""
    turn = known_turn(context)
    return Caller(person=turn.person, now=turn.now, channel=turn.channel_id)


async def _answer(context: TurnContext, service: AbsenceService, text: str, notices: Sequence[Notice] = ()) -> None:
    """The caller's reply first, then the notices to teachers, the office or guardians."""
    await context.send_activity(message(context, text))
    await service.deliver(notices)


async def _send_listing(context: TurnContext, result: Listing) -> None:
    """The day's list; in Teams with one class, the class list card to tick who is missing."""
    info = turn_info(context)
    listing = message(context, render.listing(info.language, result))
    if isinstance(result, DayList) and len(result.classes) == 1 and not info.is_sms and result.day == info.now.date():
        card = register_card(info.language, listing.text, result.classes[0][0], list(result.pupils))
        listing.attachments = [card_attachment(card)]
    await context.send_activity(listing)


async def _register(context: TurnContext, service: AbsenceService, result: Registered | RegisterRefused) -> None:
    """Tell the teacher what was registered, then ask the guardians of the newly unexplained."""
    await context.send_activity(message(context, render.registered(turn_info(context).language, result)))
    if isinstance(result, Registered):
        await service.follow_up(result)


async def ask_which_child(step: WaterfallStepContext, service: AbsenceService, prompt_id: str) -> DialogTurnResult:
    """ "Gjelder det Ola eller Emma?" unless the message said; "Begge"/"Alle" as the last choice."""
    kids = await service.children(_caller(step.context).person)
    if not kids:
        await step.context.send_activity(reply(step.context, "absence.no_children"))
        return await step.end_dialog()
    if step.values["u"]["students"]:
        return await step.next(None)
    lang = turn_info(step.context).language
    names_only = [k.person.given_name for k in kids]
    step.values["asked_child"] = True
    if step.options.get("named_other"):
        name = not_yours.name_in(step.context.activity.text or "", kids, await service.people.pupil_first_names())
        if name:  # "Jeg finner ingen Sofie blant barna dine. Gjelder det Ola?" (yes/no for an only child)
            step.values["not_yours"] = True
            labels, answers = not_yours.choices(lang, kids)
            options = render.either(lang, names_only)
            opts = choice_options(
                step.context, "perchild.not_your_child", labels, meanings=answers, name=name, options=options
            )
            return await step.prompt(prompt_id, opts)
    titles = list(names_only)
    if len(kids) > 1:
        titles.append(t(lang, "absence.both_children" if len(kids) == 2 else "absence.all_children"))
    key = "absence.not_your_child" if step.options.get("named_other") else "absence.which_child"
    meanings: list[Option | None] = [Option(label=k.person.given_name, child=as_child(k)) for k in kids]
    return await step.prompt(
        prompt_id,
        choice_options(step.context, key, titles, meanings=meanings, options=render.either(lang, names_only)),
    )


async def apply_child_choice(step: WaterfallStepContext, service: AbsenceService) -> dict[str, Any]:
    """The answer to ask_which_child, written into the understanding kept in step.values["u"]."""
    u: dict[str, Any] = step.values["u"]
    if step.result is not None:
        kids = await service.children(_caller(step.context).person)
        index = step.result.index
        if index == NONE_INDEX:  # "ingen av dem": nothing to record
            u["students"] = []
            return u
        u["students"] = [k.person.sourced_id for k in kids] if index >= len(kids) else [kids[index].person.sourced_id]
        if step.values.get("not_yours"):
            u["students"] = not_yours.students_for(index, kids)
            if not u["students"]:
                return u  # "nei": nothing to record
        await keep_answer(service, u, step.context.activity.text, _caller(step.context).now, kids)
    return u


class AbsenceReportDialog(ComponentDialog):
    """A guardian's report: ask for the child and the day when the message did not say."""

    def __init__(
        self, service: AbsenceService, corrections: Corrections | None = None, *, confirm_below: float = 0.0
    ) -> None:
        super().__init__(REPORT)
        self._service = service
        self._corrections = corrections  # merges a report of days a guardian already reported
        self._confirm_below = confirm_below  # a less sure reading is confirmed first (SKOLEBOT_CONFIRM_BELOW)
        self.add_dialog(ChildAnswerPrompt("AbsenceChildPrompt"))  # details in the answer are kept
        self.add_dialog(TextPrompt("AbsenceDayPrompt", self._valid_day))
        self.add_dialog(AnswerChoicePrompt("AbsenceConfirmPrompt"))
        self.add_dialog(WaterfallDialog("report", [self._confirm, self._child, self._day, self._record]))
        self.initial_dialog_id = "report"

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = step.options
        if state.get("refuse"):
            await step.context.send_activity(reply(step.context, "absence.only_guardians"))
            return await step.end_dialog()
        step.values["u"] = state["u"]
        step.values["off_days"] = await off_days.names_only_days_off(
            self._service, step.context.activity.text, _caller(step.context).now
        )
        if confirm.needs_confirmation(state["u"], self._confirm_below):
            kids = await self._service.children(_caller(step.context).person)
            return await confirm.ask(step, "AbsenceConfirmPrompt", kids)
        return await step.next(None)

    async def _child(self, step: WaterfallStepContext) -> DialogTurnResult:
        if await confirm.refused(step):
            return await step.end_dialog()
        return await ask_which_child(step, self._service, "AbsenceChildPrompt")

    async def _day(self, step: WaterfallStepContext) -> DialogTurnResult:
        u = await apply_child_choice(step, self._service)
        if not u["students"]:
            await step.context.send_activity(reply(step.context, "perchild.nothing_recorded"))
            return await step.end_dialog()
        if u["dates"]:
            return await step.next(None)
        if step.values.get("off_days"):
            await step.context.send_activity(reply(step.context, off_days.KEY))
            return await step.end_dialog()
        return await step.prompt(
            "AbsenceDayPrompt",
            PromptOptions(
                prompt=reply(step.context, "absence.which_day"),
                retry_prompt=reply(step.context, "absence.which_day_retry"),
            ),
        )

    async def _valid_day(self, prompt: PromptValidatorContext) -> bool:
        return bool(await self._service.days_in(prompt.recognized.value or "", turn_info(prompt.context).now))

    async def _record(self, step: WaterfallStepContext) -> DialogTurnResult:
        u = step.values["u"]
        caller = _caller(step.context)
        kids = await self._service.children(caller.person)
        if step.result is not None:
            u["dates"] = [d.isoformat() for d in await self._service.days_in(step.result, caller.now)]
            await keep_answer(self._service, u, step.result, caller.now, kids)  # its times and reason too
        if self._corrections is not None:
            result = await self._corrections.report(caller, kids, _from_json(u))
        else:
            result = await self._service.record_report(caller, kids, _from_json(u))
        lang = turn_info(step.context).language
        await _answer(step.context, self._service, reported(lang, result, caller.today), result.notices)
        return await step.end_dialog()


def _from_json(u: dict[str, Any]) -> Understanding:
    return Understanding.from_json(u)  # with each child's own details ("parts") and a late arrival


class LeaveApplicationDialog(ComponentDialog):
    """Søknad om fri: child, days and reason, then to the office (or the principal when long)."""

    def __init__(self, service: AbsenceService, *, confirm_below: float = 0.0) -> None:
        super().__init__(LEAVE)
        self._service = service
        self._confirm_below = confirm_below  # a less sure reading is confirmed first (SKOLEBOT_CONFIRM_BELOW)
        self.add_dialog(ChildAnswerPrompt("LeaveChildPrompt"))
        self.add_dialog(TextPrompt("LeaveDaysPrompt", self._valid_days))
        self.add_dialog(AnswerChoicePrompt("LeaveReasonPrompt"))
        self.add_dialog(AnswerChoicePrompt("LeaveConfirmPrompt"))
        self.add_dialog(WaterfallDialog("leave", [self._confirm, self._child, self._days, self._reason, self._send]))
        self.initial_dialog_id = "leave"

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["u"] = step.options["u"]
        step.values["off_days"] = await off_days.names_only_days_off(
            self._service, step.context.activity.text, _caller(step.context).now
        )
        if confirm.needs_confirmation(step.values["u"], self._confirm_below):
            kids = await self._service.children(_caller(step.context).person)
            return await confirm.ask(step, "LeaveConfirmPrompt", kids)
        return await step.next(None)

    async def _child(self, step: WaterfallStepContext) -> DialogTurnResult:
        if await confirm.refused(step):
            return await step.end_dialog()
        return await ask_which_child(step, self._service, "LeaveChildPrompt")

    async def _days(self, step: WaterfallStepContext) -> DialogTurnResult:
        u = await apply_child_choice(step, self._service)
        if not u["students"]:
            await step.context.send_activity(reply(step.context, "perchild.nothing_recorded"))
            return await step.end_dialog()
        if u["dates"]:
            return await step.next(None)
        if step.values.get("off_days"):
            await step.context.send_activity(reply(step.context, off_days.KEY))
            return await step.end_dialog()
        return await step.prompt(
            "LeaveDaysPrompt",
            PromptOptions(
                prompt=reply(step.context, "absence.leave_which_days"),
                retry_prompt=reply(step.context, "absence.which_day_retry"),
            ),
        )

    async def _valid_days(self, prompt: PromptValidatorContext) -> bool:
        return bool(await self._service.days_in(prompt.recognized.value or "", turn_info(prompt.context).now))

    async def _reason(self, step: WaterfallStepContext) -> DialogTurnResult:
        u = step.values["u"]
        info = turn_info(step.context)
        if step.result is not None:
            u["dates"] = [d.isoformat() for d in await self._service.days_in(step.result, info.now)]
            kids = await self._service.children(_caller(step.context).person)
            await keep_answer(self._service, u, step.result, info.now, kids)  # "21.-23. des, bryllup" keeps the reason
        if u.get("reason"):
            return await step.next(None)
        titles = [t(info.language, f"absence.reason.{r}") for r in REASON_ORDER]
        return await step.prompt(
            "LeaveReasonPrompt",
            choice_options(
                step.context, "absence.leave_reason", titles, synonyms=REASON_SYNONYMS, meanings=REASON_MEANINGS
            ),
        )

    async def _send(self, step: WaterfallStepContext) -> DialogTurnResult:
        u = step.values["u"]
        if step.result is not None:
            u["reason"] = REASON_ORDER[step.result.index]
        await self._apply(step.context, _from_json(u))
        return await step.end_dialog()

    async def _apply_one(self, context: TurnContext, caller: Caller, child: ChildInfo, u: Understanding) -> None:
        result = await self._service.apply_leave(caller, child, u)
        text = render.leave_sent(turn_info(context).language, result, caller.today)
        await _answer(context, self._service, text, result.notices)

    async def _apply(self, context: TurnContext, u: Understanding) -> None:
        """One application per child with that child's own days ("Ola 14.-16. des og Emma bare 15. des"),
        each answered before the next is sent."""
        caller = _caller(context)
        kids = {c.person.sourced_id: c for c in await self._service.children(caller.person)}
        for one in u.per_child():
            own = replace(one, reason=one.reason or u.reason)
            for student_id in one.students:
                await self._apply_one(context, caller, kids[student_id], own)


REASON_ORDER = REASONS  # the categories in the order a question offers them (plain strings, for dialog state)
# Words a guardian may answer a reason question with, besides the number and the title.
REASON_SYNONYMS = [
    ["syk", "sjuk", "sykdom", "sjukdom", "sick", "illness", "ill", "feber"],
    ["lege", "tannlege", "legetime", "time", "doctor", "dentist", "appointment"],
    ["familie", "familien", "family", "begravelse", "bryllup"],
    ["annet", "anna", "other"],
]
# What each reason choice stands for: an answer in a sentence ("vi skal i gravferd") is matched by its category.
REASON_MEANINGS: list[Option | None] = [Option(label=r, reason=r) for r in REASON_ORDER]


class AbsenceFollowupDialog(ComponentDialog):
    """A guardian's answer to the school's same-day SMS: it explains that absence, on any channel."""

    def __init__(self, service: AbsenceService) -> None:
        super().__init__(FOLLOWUP)
        self._service = service
        self.add_dialog(AnswerChoicePrompt("FollowupReasonPrompt"))
        self.add_dialog(WaterfallDialog("followup", [self._ask, self._explain]))
        self.initial_dialog_id = "followup"

    async def _ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values.update(step.options)
        if step.options.get("reason"):
            return await step.next(None)
        lang = turn_info(step.context).language
        titles = [t(lang, f"absence.reason.{r}") for r in REASON_ORDER]
        return await step.prompt(
            "FollowupReasonPrompt",
            choice_options(
                step.context,
                "absence.followup_ask_reason",
                titles,
                synonyms=REASON_SYNONYMS,
                meanings=REASON_MEANINGS,
                child=step.options["child_name"],
            ),
        )

    async def _explain(self, step: WaterfallStepContext) -> DialogTurnResult:
        reason = step.values.get("reason") or REASON_ORDER[step.result.index]
        arrives = step.values.get("end_time")
        end_time = dt.time.fromisoformat(arrives) if arrives else None
        result = await self._service.explain(_caller(step.context), step.values["absence_id"], reason, end_time)
        text = render.explained(turn_info(step.context).language, result)
        await _answer(step.context, self._service, text, result.notices if result else ())
        return await step.end_dialog()


class AbsenceTeacherDialog(ComponentDialog):
    """Teachers: "fravær [5B]" lists the day's absences; "borte: Ola, Nora" registers who is missing."""

    def __init__(self, service: AbsenceService) -> None:
        super().__init__(TEACHER)
        self._service = service
        self.add_dialog(AnswerChoicePrompt("RegisterWhichPrompt"))
        self.add_dialog(WaterfallDialog("teacher", [self._start, self._disambiguate, self._register]))
        self.initial_dialog_id = "teacher"

    async def _start(self, step: WaterfallStepContext) -> DialogTurnResult:
        opts = step.options
        if opts["action"] == "continue":
            step.values["resolved"], step.values["pending"] = opts["resolved"], opts["pending"]
            return await self._next_question(step)
        caller = _caller(step.context)
        if not caller.person.is_staff:  # a guardian is told what they can do instead
            key = "staff.guardian_no_absence_list" if caller.person.is_guardian else "absence.teacher_only"
            await step.context.send_activity(reply(step.context, key))
            return await step.end_dialog()
        day = caller.today + dt.timedelta(days=int(opts.get("days_ahead") or 0))  # "hvem er borte i morgen?"
        if opts.get("week") is not None and opts["action"] in ("list", "count", "unexplained"):  # "denne uka"
            await self._send_week(step.context, caller, opts.get("klass"), int(opts["week"]), opts["action"])
            return await step.end_dialog()
        if opts["action"] == "list":
            await _send_listing(step.context, await self._service.day_list(caller, opts.get("klass"), day))
            return await step.end_dialog()
        if opts["action"] == "unexplained":  # "hvem er ikke forklart i dag?": only those nobody has explained
            await self._send_unexplained(step.context, await self._service.day_list(caller, opts.get("klass"), day))
            return await step.end_dialog()
        if opts["action"] == "pupil":  # "er Ola meldt borte?": that pupil's day only
            asked = await self._service.pupils_day(caller, opts["names"], day)
            text = render.pupil_day(turn_info(step.context).language, asked, caller.today)
            await step.context.send_activity(message(step.context, text))
            return await step.end_dialog()
        if opts["action"] == "count":  # "hvor mange er syke i dag?": by reason category, then the list
            result = await self._service.day_list(caller, opts.get("klass"), day)
            text = render.counted(turn_info(step.context).language, result)
            await step.context.send_activity(message(step.context, text))
            return await step.end_dialog()
        pupils = await self._service.pupils_of_teacher(caller.person)
        resolved, pending, unknown = _match_names(pupils, opts["names"])
        if unknown is not None:
            await step.context.send_activity(reply(step.context, "absence.register_unknown", name=unknown))
            return await step.end_dialog()
        step.values["resolved"] = resolved
        step.values["pending"] = pending
        return await self._next_question(step)

    async def _send_week(
        self, context: TurnContext, caller: Caller, klass: str | None, weeks: int, action: str
    ) -> None:
        """ "hvem er borte denne uka?": the week's absences, day by day (the classes checked on today's list)."""
        today = await self._service.day_list(caller, klass, caller.today)
        if not isinstance(today, DayList):  # no classes, or one the caller does not teach
            await _send_listing(context, today)
            return
        days = await self._service.week_days(caller.today, weeks)
        lists = [await self._service.day_list(caller, klass, d) for d in days]
        monday = week_monday(caller.today, weeks)
        title = ", ".join(c[1] for c in today.classes)
        text = render.week_listing(
            turn_info(context).language, monday, title, [r for r in lists if isinstance(r, DayList)], action
        )
        await context.send_activity(message(context, text))

    @staticmethod
    async def _send_unexplained(context: TurnContext, result: Listing) -> None:
        """The day's list cut to the absences still without an explanation (and open urgent cases), under
        its own heading and without the class card (this is not the register)."""
        if not isinstance(result, DayList):
            await _send_listing(context, result)
            return
        rows = tuple(r for r in result.rows if r.record.status in _UNEXPLAINED)
        if not rows:
            await context.send_activity(reply(context, "absence.none_unexplained"))
            return
        text = render.listing(turn_info(context).language, replace(result, rows=rows), "absence.unexplained_header")
        await context.send_activity(message(context, text))

    async def _next_question(self, step: WaterfallStepContext) -> DialogTurnResult:
        pending = step.values["pending"]
        if not pending:
            return await step.next(None)
        name, matches = pending[0]
        titles = [label for _, label in matches]
        return await step.prompt(
            "RegisterWhichPrompt", choice_options(step.context, "absence.register_which", titles, name=name, options="")
        )

    async def _disambiguate(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result is not None:
            _, matches = step.values["pending"].pop(0)
            step.values["resolved"].append(matches[step.result.index][0])
            if step.values["pending"]:
                return await step.replace_dialog(
                    self.initial_dialog_id,
                    {"action": "continue", "resolved": step.values["resolved"], "pending": step.values["pending"]},
                )
        return await step.next(None)

    async def _register(self, step: WaterfallStepContext) -> DialogTurnResult:
        result = await self._service.register_missing(_caller(step.context), step.values["resolved"])
        await _register(step.context, self._service, result)
        return await step.end_dialog()


_UNEXPLAINED = frozenset({"unexplained", "urgent"})  # statuses no guardian has explained
_Pending = list[tuple[str, list[tuple[str, str]]]]  # (name as written, [(sourcedId, "Ola Nordmann (5B)")])


def _match_names(pupils: list[tuple[str, str, str]], wanted: list[str]) -> tuple[list[str], _Pending, str | None]:
    """The teacher's pupils each name means: (the certain, the ones to ask about, the first name nobody has)."""
    resolved: list[str] = []
    pending: _Pending = []
    for name in wanted:
        matches = [
            (sid, label)
            for sid, first, label in pupils
            if first.lower() == name.lower() or label.lower().startswith(name.lower())
        ]
        if not matches:
            return resolved, pending, name
        if len(matches) == 1:
            resolved.append(matches[0][0])
        else:
            pending.append((name, matches))
    return resolved, pending, None


def _one_step_dialogs(service: AbsenceService) -> list[Dialog]:
    """The commands that need no question: decide an application, the class-list card."""

    async def decide(context: TurnContext, options: dict[str, Any]) -> None:
        caller, granted = _caller(context), bool(options["granted"])
        if options.get("name"):  # "innvilg søknaden for Emma"
            result = await service.decide_leave_by_name(caller, str(options["name"]), granted)
        else:
            result = await service.decide_leave(caller, int(options["request_id"]), granted)
        await _answer(context, service, render.leave_decision(turn_info(context).language, result), result.notices)

    async def register_from_card(context: TurnContext, options: dict[str, Any]) -> None:
        missing = list(options.get("missing") or [])
        await _register(
            context, service, await service.register_from_card(_caller(context), options.get("class_id"), missing)
        )

    return [
        OneStepDialog(DECIDE, decide),
        OneStepDialog(REGISTER_CARD, register_from_card),
    ]


def make_service(deps: FlowDeps) -> AbsenceService:
    """The absence service over the application's database, roster, notifier and settings."""
    settings = deps.settings
    policy = AbsencePolicy(
        zone=settings.zone,
        followup_minutes=settings.followup_minutes,
        principal_over_days=settings.leave_principal_over_days,
    )
    return AbsenceService(
        absences=Absences(deps.db, deps.clock),
        people=deps.people,
        notifier=deps.notifier,
        calendar=deps.calendar,
        clock=deps.clock,
        policy=policy,
    )


def make_flow(deps: FlowDeps) -> Flow:
    """The absence flow: its dialogs, its classifier, and the same-day escalation as a periodic job."""
    service = make_service(deps)
    corrections = Corrections(service, AbsenceCorrections(deps.db, deps.clock))

    async def classify(context: TurnContext) -> Route | None:
        return await classify_message(service, context, corrections)

    async def undo(context: TurnContext) -> Route | None:
        """ "avbryt" with no question waiting: offer to withdraw the report just made."""
        turn = known_turn(context)
        return await corrections.undo_route(Caller(turn.person, turn.now, turn.channel_id))

    confirm_below = deps.settings.confirm_below
    dialogs: list[Dialog] = [
        AbsenceReportDialog(service, corrections, confirm_below=confirm_below),
        LeaveApplicationDialog(service, confirm_below=confirm_below),
        AbsenceFollowupDialog(service),
        AbsenceTeacherDialog(service),
        *_one_step_dialogs(service),
        *correction_dialogs(corrections),
    ]
    return Flow(name="absence", dialogs=dialogs, classify=classify, jobs=[service.escalate], service=service, undo=undo)
