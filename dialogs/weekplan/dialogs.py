"""Week plans in conversation: teachers publish ("ukeplan 5B uke 49" + the plan, or a file);
guardians, pupils and teachers fetch ("ukeplan", "neste uke", "lekser i morgen").

Guardians only ever see their own children's classes' plans. A guardian with children in several
classes who names none gets, for a week, every child's plan that exists, each headed by the child's
name and class ("Ukeplan Ola (5B) uke 51:"), and one line naming the children without a plan yet:
in Teams in one card, by SMS in one message when all of it fits SKOLEBOT_SMS_MAX_SEGMENTS (else
they are asked which child). One day's homework ("lekser i morgen") still asks which child, and
"begge" gets each class's plan in turn. SMS gets the compact plan and a link; Teams a card.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.choices import FoundChoice
from botbuilder.dialogs.prompts import PromptOptions
from botbuilder.schema import Activity

from bot.flows import Flow, FlowDeps
from bot.texts import and_list, t
from bot.texts import day as day_name
from bot.turn import turn_info
from bot.understanding.answers import Option
from dialogs.card import card_activity
from dialogs.common import AnswerChoicePrompt, child_meaning, choice_options, message, reply
from dialogs.main import Route
from dialogs.weekplan.attachments import AttachmentError, AttachmentRefused, AttachmentTimeout, AttachmentTooLarge
from dialogs.weekplan.cards import children_card, homework_card, weekplan_card
from dialogs.weekplan.render import parse_plan, render_sms, render_sms_day, render_sms_several
from dialogs.weekplan.request import (
    is_weekplan_message,
    named_children,
    parse_request,
    publish_text,
    split_message,
)
from dialogs.weekplan.service import WeekplanService, send_to_class_guardians
from storage.models_weekplan import MAX_FILE_BYTES
from storage.people import PersonInfo
from storage.weekplans import ClassRef, PlanFile, PlanInfo, PlanRejected, accepted_file_type

log = logging.getLogger(__name__)

TEAMS_FILE = "application/vnd.microsoft.teams.file.download.info"
_NOT_FILES = ("text/html", "text/plain", "application/vnd.microsoft.card.")
MAX_FILE_MB = MAX_FILE_BYTES // (1024 * 1024)
_YES_SYNONYMS = ["ja", "j", "jada", "yes", "y", "ok", "send"]
_NO_SYNONYMS = ["nei", "n", "no", "ikke", "ikkje"]


# ------------------------------------------------------------------ attachments (pure)


def file_refs(activity: Activity) -> list[dict[str, Any]]:
    """Files attached to a message, as plain dicts (kept in dialog state): Teams' and the Emulator's forms."""
    refs: list[dict[str, Any]] = []
    for attachment in activity.attachments or []:
        kind = (attachment.content_type or "").lower()
        content = attachment.content if isinstance(attachment.content, dict) else {}
        if kind == TEAMS_FILE:
            url = content.get("downloadUrl")
            ext = str(content.get("fileType") or "").lower().lstrip(".")
        elif kind.startswith(_NOT_FILES) or kind.startswith("image/"):
            continue
        else:
            url = attachment.content_url
            ext = ""
        if not url:
            continue
        name = attachment.name or "ukeplan"
        if not ext and "." in name:
            ext = name.rsplit(".", 1)[-1].lower()
        refs.append({"url": url, "name": name, "content_type": accepted_file_type(ext, kind)})
    return refs


# ------------------------------------------------------------------ shared helpers


def _lang(context: TurnContext) -> str:
    return turn_info(context).language


def _card_activity(context: TurnContext, card: dict[str, Any]) -> Activity:
    """A card from cards.py as a Teams message in the person's language."""
    return card_activity(card, _lang(context))


def _yes_no(context: TurnContext, prompt_key: str, label: str) -> PromptOptions:
    lang = _lang(context)
    return choice_options(
        context, prompt_key, [t(lang, "yes"), t(lang, "no")], synonyms=[_YES_SYNONYMS, _NO_SYNONYMS], label=label
    )


def _megabytes(size: int, lang: str) -> str:
    """A size cap for the "too large" message: whole MB, or one decimal below 1 MB ("0,5" in Norwegian)."""
    mb = size / (1024 * 1024)
    if mb >= 1:
        return str(int(mb))
    shown = f"{max(mb, 0.1):.1f}"
    return shown if lang == "en" else shown.replace(".", ",")


def children_label(lang: str | None, choices: list[dict[str, Any]]) -> str:
    """The children of these choices with their classes: "Ola (5B)", "Per og Pål (5B) og Emma (2A)"."""
    by_class: dict[str, list[str]] = {}
    for choice in choices:
        by_class.setdefault(choice.get("label") or "", []).append(choice["title"])
    return and_list(
        lang,
        [
            t(lang, "weekplan.child_label", name=and_list(lang, names), label=label) if label else and_list(lang, names)
            for label, names in by_class.items()
        ],
    )


def _asked(req_day: dt.date | None, year: int, week: int, homework: bool) -> dict[str, Any]:
    return {"day": req_day.isoformat() if req_day else None, "year": year, "week": week, "homework": homework}


# ------------------------------------------------------------------ fetch


class FetchWeekplanDialog(ComponentDialog):
    """ "ukeplan", "ukeplan neste uke", "uke 50", "lekser i morgen": the right class's plan, or one day of it."""

    def __init__(self, service: WeekplanService) -> None:
        super().__init__(FetchWeekplanDialog.__name__)
        self._service = service
        self.add_dialog(AnswerChoicePrompt(AnswerChoicePrompt.__name__))
        self.add_dialog(WaterfallDialog("weekplan.fetch", [self._choose_step, self._show_step]))
        self.initial_dialog_id = "weekplan.fetch"

    async def _choose_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        context = step.context
        info = turn_info(context)
        person = info.person
        text = (step.options or {}).get("text") or context.activity.text
        if isinstance(step.options, dict):
            step.options.pop("text", None)  # the asker's words are not kept while "which child?" waits
        req = parse_request(text, info.now.date())
        step.values["asked"] = _asked(req.day, req.year, req.week, req.homework)
        if person is None:
            return await step.end_dialog()
        if person.is_guardian:
            choices = await self._guardian_targets(context, person, text, req.class_title, req.grade, req.everyone)
        elif person.is_student:
            choices = await self._student_targets(context, person, req.class_title)
        elif person.is_staff:
            choices = await self._staff_targets(context, person, req.class_title, req.grade)
        else:
            await context.send_activity(reply(context, "not_allowed"))
            return await step.end_dialog()
        if choices is None:
            return await step.end_dialog()
        several = person.is_guardian and len(choices) > 1 and req.day is None  # a week, no child named
        if several and await self._answer_for_all(context, choices, req.year, req.week):
            return await step.end_dialog()
        if len(choices) == 1:
            step.values["classes"] = choices[0]["class_ids"]
            return await step.next(None)
        step.values["choices"] = choices
        key = "weekplan.which_child" if person.is_guardian else "weekplan.which_class"
        meanings = [Option.from_json(c["child"]) if c.get("child") else None for c in choices]
        return await step.prompt(
            AnswerChoicePrompt.__name__,
            choice_options(context, key, [c["title"] for c in choices], meanings=meanings),
        )

    async def _guardian_targets(
        self,
        context: TurnContext,
        person: PersonInfo,
        text: str | None,
        class_title: str | None,
        grade: int | None,
        everyone: bool,
    ) -> list[dict[str, Any]] | None:
        children = await self._service.deps.people.children_of(person.sourced_id)
        if not children:
            await context.send_activity(reply(context, "weekplan.no_children"))
            return None
        if class_title or grade is not None:
            children = [
                c
                for c in children
                if (class_title and (c.class_name or "").upper() == class_title)
                or (grade is not None and c.grade == grade)
            ]
            if not children:
                await context.send_activity(reply(context, "weekplan.not_your_class_guardian"))
                return None
        named = named_children(text, {c.person.given_name.lower(): c.person.sourced_id for c in children})
        if named:
            children = [c for c in children if c.person.sourced_id in named]
        without_class = [c for c in children if not c.class_id]
        if without_class:
            await context.send_activity(reply(context, "weekplan.no_class", name=without_class[0].person.given_name))
            return None
        if everyone or named or len({c.class_id for c in children}) == 1:
            return [{"title": "", "class_ids": list(dict.fromkeys(c.class_id for c in children))}]
        return [
            {
                "title": c.person.given_name,
                "label": c.class_name or "",
                "class_ids": [c.class_id],
                "child": child_meaning(c).to_json(),
            }
            for c in children
        ]

    async def _answer_for_all(self, context: TurnContext, choices: list[dict[str, Any]], year: int, week: int) -> bool:
        """Every child's plan for the week, headed by the child, and who has none yet; False (nothing sent)
        when by SMS they do not fit together, so the guardian is asked which child."""
        service = self._service
        lang = _lang(context)
        found: dict[int, tuple[PlanInfo, list[dict[str, Any]]]] = {}
        missing: list[dict[str, Any]] = []
        for choice in choices:
            plan = await service.plans.latest_for_class(choice["class_ids"][0], year, week)
            if plan is None:
                missing.append(choice)
            else:
                found.setdefault(plan.id, (plan, []))[1].append(choice)  # a grade plan: siblings share it
        if not found:
            await context.send_activity(
                reply(context, "weekplan.none_published_children", names=children_label(lang, missing), week=week)
            )
            return True
        note = t(lang, "weekplan.others_none", names=children_label(lang, missing)) if missing else None
        parts = [(children_label(lang, kids), await service.view(plan)) for plan, kids in found.values()]
        if not turn_info(context).is_sms:
            await context.send_activity(_card_activity(context, children_card(parts, lang, note)))
            return True
        segments = service.deps.settings.sms_max_segments
        if len(parts) == 1:
            text: str | None = render_sms(parts[0][1], lang, segments, who=parts[0][0], note=note)
        else:
            text = render_sms_several(parts, lang, segments, note=note)
        if text is None:
            return False
        await context.send_activity(message(context, text))
        return True

    async def _student_targets(
        self, context: TurnContext, person: PersonInfo, class_title: str | None
    ) -> list[dict[str, Any]] | None:
        me = await self._service.deps.people.child(person.sourced_id)
        if me is None or not me.class_id:
            await context.send_activity(reply(context, "weekplan.no_class", name=person.given_name))
            return None
        if class_title and (me.class_name or "").upper() != class_title:
            await context.send_activity(reply(context, "weekplan.not_your_class_student"))
            return None
        return [{"title": me.class_name or "", "class_ids": [me.class_id]}]

    async def _staff_targets(
        self, context: TurnContext, person: PersonInfo, class_title: str | None, grade: int | None
    ) -> list[dict[str, Any]] | None:
        plans = self._service.plans
        if class_title:
            found = await plans.find_class(class_title)
            if found is None:
                await context.send_activity(reply(context, "weekplan.unknown_class", name=class_title))
                return None
            return [{"title": found.title, "class_ids": [found.class_id]}]
        if grade is not None:
            in_grade = await plans.classes_in_grade(grade)
            if not in_grade:
                await context.send_activity(
                    reply(
                        context, "weekplan.unknown_class", name=t(_lang(context), "weekplan.grade_label", grade=grade)
                    )
                )
                return None
            return [{"title": "", "class_ids": [c.class_id for c in in_grade]}]
        taught = await self._service.deps.people.classes_taught(person.sourced_id)
        if not taught:
            await context.send_activity(reply(context, "weekplan.staff_ask_class"))
            return None
        return [{"title": title, "class_ids": [class_id]} for class_id, title in taught]

    async def _show_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        context = step.context
        if isinstance(step.result, FoundChoice):
            class_ids = step.values["choices"][step.result.index]["class_ids"]
        else:
            class_ids = step.values.get("classes") or []
        asked = step.values["asked"]
        day = dt.date.fromisoformat(asked["day"]) if asked["day"] else None
        year, week = asked["year"], asked["week"]
        if day is not None:
            day = await self._school_day(context, day)
            if day is None:
                return await step.end_dialog()
            iso = day.isocalendar()
            year, week = iso.year, iso.week
        shown: set[int] = set()
        for class_id in class_ids:
            await self._show_class(context, class_id, year, week, day, shown)
        return await step.end_dialog()

    async def _school_day(self, context: TurnContext, day: dt.date) -> dt.date | None:
        """The asked day, or the next school day after it (and say so) when there is no school then."""
        calendar = await self._service.deps.calendar()
        if calendar.is_school_day(day):
            return day
        following = calendar.next_school_day(day, include_today=False)
        if following is None:
            return day
        lang = _lang(context)
        await context.send_activity(
            reply(context, "weekplan.no_school_day", day=day_name(lang, day), next=day_name(lang, following))
        )
        return following

    async def _show_class(
        self, context: TurnContext, class_id: str, year: int, week: int, day: dt.date | None, shown: set[int]
    ) -> None:
        service = self._service
        plan = await service.plans.latest_for_class(class_id, year, week)
        if plan is None:
            ref = await service.plans.class_ref(class_id)
            label = ref.title if ref else class_id
            latest = await service.plans.latest_week_for_class(class_id)
            if latest is None:
                await context.send_activity(reply(context, "weekplan.not_published_none", label=label, week=week))
            else:
                shown_week = str(latest[1]) if latest[0] == year else f"{latest[1]} ({latest[0]})"
                await context.send_activity(
                    reply(context, "weekplan.not_published", label=label, week=week, latest=shown_week)
                )
            return
        if plan.id in shown:  # a grade plan already shown for a sibling's class
            return
        shown.add(plan.id)
        view = await service.view(plan)
        lang = _lang(context)
        if turn_info(context).is_sms:
            segments = service.deps.settings.sms_max_segments
            text = render_sms_day(view, day, lang, segments) if day else render_sms(view, lang, segments)
            await context.send_activity(message(context, text))
        else:
            card = homework_card(view, day, lang) if day else weekplan_card(view, lang)
            await context.send_activity(_card_activity(context, card))


# ------------------------------------------------------------------ publish


class PublishWeekplanDialog(ComponentDialog):
    """A teacher's "ukeplan 5B uke 49" with the plan below (or a file): a new version, then maybe send it."""

    def __init__(self, service: WeekplanService) -> None:
        super().__init__(PublishWeekplanDialog.__name__)
        self._service = service
        self.add_dialog(AnswerChoicePrompt(AnswerChoicePrompt.__name__))
        self.add_dialog(WaterfallDialog("weekplan.publish", [self._publish_step, self._send_step]))
        self.initial_dialog_id = "weekplan.publish"

    async def _publish_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        context = step.context
        info = turn_info(context)
        person = info.person
        options = step.options or {}
        req = parse_request(options.get("text") or context.activity.text, info.now.date())
        if person is None:
            return await step.end_dialog()
        target = await self._target(context, req.class_title, req.grade)
        if target is None:
            return await step.end_dialog()
        label, class_ids, class_id, grade = target
        if not await self._service.may_publish(person, class_ids):
            await context.send_activity(reply(context, "weekplan.publish_not_allowed"))
            return await step.end_dialog()
        usable, file = await self._file(context, options.get("files") or [], has_text=bool(req.body))
        if not usable:
            return await step.end_dialog()
        try:
            plan = await self._service.plans.publish(
                year=req.year,
                week=req.week,
                class_id=class_id,
                grade=grade,
                body=req.body or None,
                file=file,
                published_by=person.sourced_id,
                now=self._service.deps.clock(),
            )
        except PlanRejected as exc:
            key = "weekplan.publish_too_large" if exc.reason == "too_large" else "weekplan.publish_no_target"
            await context.send_activity(reply(context, key, mb=MAX_FILE_MB))
            return await step.end_dialog()
        await context.send_activity(
            reply(context, "weekplan.published", label=label, week=plan.iso_week, version=plan.version)
        )
        if req.body and not parse_plan(req.body).days:
            await context.send_activity(reply(context, "weekplan.published_no_days"))
        step.values["plan_id"] = plan.id
        step.values["class_ids"] = class_ids
        step.values["label"] = label
        return await step.prompt(AnswerChoicePrompt.__name__, _yes_no(context, "weekplan.send_prompt", label=label))

    async def _target(
        self, context: TurnContext, class_title: str | None, grade: int | None
    ) -> tuple[str, list[str], str | None, int | None] | None:
        """(label, the classes it covers, class id, grade) for the header, or None after saying why not."""
        plans = self._service.plans
        if class_title:
            found: ClassRef | None = await plans.find_class(class_title)
            if found is None:
                await context.send_activity(reply(context, "weekplan.unknown_class", name=class_title))
                return None
            return found.title, [found.class_id], found.class_id, None
        if grade is not None:
            in_grade = await plans.classes_in_grade(grade)
            label = t(_lang(context), "weekplan.grade_label", grade=grade)
            if not in_grade:
                await context.send_activity(reply(context, "weekplan.unknown_class", name=label))
                return None
            return label, [c.class_id for c in in_grade], None, grade
        await context.send_activity(reply(context, "weekplan.publish_no_target"))
        return None

    async def _file(
        self, context: TurnContext, refs: list[dict[str, Any]], *, has_text: bool
    ) -> tuple[bool, PlanFile | None]:
        """(True, the attached file downloaded, or None when there is none), or (False, None) after saying why not."""
        accepted = [r for r in refs if r.get("content_type")]
        if not accepted:
            if refs and not has_text:
                await context.send_activity(reply(context, "weekplan.publish_bad_type"))
                return False, None
            return True, None
        ref = accepted[0]
        try:
            data = await self._service.fetch_file(ref["url"])
        except AttachmentError as exc:
            # The reason code only: the URL can carry a download token, or be an attacker's probe.
            log.warning("week plan file not fetched: %s (%s)", type(exc).__name__, exc.reason)
            await context.send_activity(self._fetch_refusal(context, exc))
            return False, None
        if not data:
            await context.send_activity(reply(context, "weekplan.publish_download_failed"))
            return False, None
        return True, PlanFile(name=ref["name"], content_type=ref["content_type"], data=data)

    def _fetch_refusal(self, context: TurnContext, exc: AttachmentError) -> Activity:
        """What the teacher is told when her file was not taken: why, and what to do instead."""
        if isinstance(exc, AttachmentRefused):
            return reply(context, "weekplan.publish_file_refused")
        if isinstance(exc, AttachmentTooLarge):
            mb = _megabytes(self._service.max_file_bytes, _lang(context))
            return reply(context, "weekplan.publish_too_large", mb=mb)
        if isinstance(exc, AttachmentTimeout):
            return reply(context, "weekplan.publish_file_timeout")
        return reply(context, "weekplan.publish_download_failed")

    async def _send_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        context = step.context
        result = step.result
        if not isinstance(result, FoundChoice) or result.index != 0:
            await context.send_activity(reply(context, "weekplan.not_sent"))
            return await step.end_dialog()
        plan = await self._service.plans.get(step.values["plan_id"])
        if plan is None:
            return await step.end_dialog()
        summary = await send_to_class_guardians(self._service, plan, step.values["class_ids"])
        if summary.guardians == 0:
            await context.send_activity(reply(context, "weekplan.no_guardians", label=step.values["label"]))
            return await step.end_dialog()
        text = t(_lang(context), "weekplan.sent", count=summary.guardians, teams=summary.teams, sms=summary.sms)
        if summary.unreached:
            text += " " + t(_lang(context), "weekplan.sent_unreached", count=summary.unreached)
        await context.send_activity(message(context, text))
        return await step.end_dialog()


# ------------------------------------------------------------------ the flow


def make_flow(deps: FlowDeps) -> Flow:
    service = WeekplanService(deps)

    async def classify(context: TurnContext) -> Route | None:
        activity = context.activity
        if activity.type != "message":
            return None
        info = turn_info(context)
        person = info.person
        if person is None:
            return None
        text = activity.text
        refs = file_refs(activity)
        plan = publish_text(text)  # "ukeplan 5B uke 49\n…", "publiser ukeplan for 2A uke 51: …", "ny ukeplan 5B: …"
        _, body = split_message(plan)
        if person.is_staff and plan is not None and (body or refs):
            return Route("weekplan_publish", PublishWeekplanDialog.__name__, {"text": plan, "files": refs})
        if text and is_weekplan_message(text):
            return Route("weekplan", FetchWeekplanDialog.__name__, {"text": text})
        return None

    return Flow(
        name="weekplan",
        dialogs=[FetchWeekplanDialog(service), PublishWeekplanDialog(service)],
        classify=classify,
        service=service,
    )
