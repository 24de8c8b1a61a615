"""Booking rooms and equipment in one sentence: check, confirm once, book — or offer alternatives.

"book musikkrommet fredag 10–11" → "… er ledig. Skal jeg booke?" → "Ja" → "Booket: …". The row is
inserted only on "Ja"; when someone else got the slot meanwhile the database refuses it and the
dialog says who has it and offers the nearest free alternatives (the same resource earlier or
later that day, other free resources of the same kind). Picking an alternative books it at once:
the pick names the resource and the time, so it is the confirmation. A word for a pool of equipment
("trenger PC-vogna i morgen 10-12") or "et grupperom" with a time offers the first free one of the
kind, naming the others free; "den lille" or "ta Dataskap 2" to that question books that one instead.
Answers in own words ("ja, ta den fyrste", "siste", "hvilken som helst") are read by
dialogs.booking.picks on top of what every question reads. Weekly bookings run through
the end of the current term, skip holidays and breaks, list the clashing dates and ask once
before the rest is booked in one transaction. Cancel, "mine bookinger", a resource's day, what
is free, and calendar links. Only staff book; anyone else is told so politely.

This module asks and remembers; the operations are dialogs.booking.service's (no TurnContext there)
and every text is dialogs.booking.render's.
"""

from __future__ import annotations

import datetime as dt
import time as monotonic_time
from collections.abc import Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

from botbuilder.core import TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.choices import Choice, FoundChoice, ListStyle
from botbuilder.dialogs.prompts import (
    PromptOptions,
    PromptRecognizerResult,
    PromptValidatorContext,
)
from botbuilder.schema import Activity

from bot.flows import Flow, FlowDeps
from bot.periods import PeriodTable
from bot.texts import day as day_words
from bot.texts import t
from bot.turn import known_turn, turn_info
from bot.understanding.answers import Option
from dialogs.booking.cards import card_activity, choice_card, submitted_choice
from dialogs.booking.links import feed_url
from dialogs.booking.picks import pick, pool_pick
from dialogs.booking.render import (
    also_free_line,
    alternative_title,
    booking_line,
    cancelled_text,
    confirm_text,
    day_listing,
    feed_text,
    free_text,
    kind_title,
    mine_text,
    outcome_text,
    resource_now_text,
    resource_question,
    taken_text,
    weekly_all_taken_text,
    weekly_confirm_text,
    weekly_details,
)
from dialogs.booking.results import (
    Booked,
    Caller,
    Cancelled,
    Raced,
    ResourceNow,
    SlotFree,
    Taken,
    UnknownResource,
    WeeklyBooked,
    WeeklyCheck,
)
from dialogs.booking.service import BookingService, CheckResult
from dialogs.booking.understand import (
    DEFAULT_LENGTH,
    BookingRequest,
    ResourceRef,
    normalise,
    parse_booking,
    parse_when,
)
from dialogs.common import AnswerChoicePrompt, OpenAnswerPrompt, answer_options, list_style_for, message, reply
from dialogs.main import Route
from storage.bookings import Bookings, Slot

BOOKING_DIALOG = "BookingDialog"
MAIN = "booking.main"
BOOK = "booking.book"
CANCEL = "booking.cancel"
CHOICE = "booking.choice"
WHEN = "booking.when"

MAX_CHOICES = 6  # more than this is unreadable as "Svar 1 for …" by SMS
MAX_ALSO_FREE = 3  # "Også ledig: …" under an offer of one of a kind
PICKS_KEY = "booking"  # in PromptOptions.validations: how many things are offered, whether any will do, the pool
MINE_LINES = {"sms": 4}
MINE_LINES_DEFAULT = 10
RESOURCE_CACHE_SECONDS = 30.0
YES_WORDS = ["ja", "jo", "jepp", "japp", "ok", "okei", "yes", "yep", "sure", "gjer det", "gjør det"]
NO_WORDS = ["nei", "nope", "no", "ikke", "ikkje", "nei takk", "no thanks", "avbryt"]


# ---------------------------------------------------------------------- prompts


class CardChoicePrompt(AnswerChoicePrompt):
    """A choice prompt that also takes a booking card's submit (activity.value, no text) and the booking
    answers of dialogs.booking.picks. A pick from the pool under a yes/no offer has the index
    len(choices) + its place in the pool."""

    tells_new_requests = True  # BookingDialog._choice_validator tells a new booking from an answer

    async def on_recognize(
        self, turn_context: TurnContext, state: dict[str, object], options: PromptOptions
    ) -> PromptRecognizerResult:
        picked = submitted_choice(turn_context.activity.value)
        if picked is None:
            own = _own_words(turn_context.activity.text, options)
            if own is None:
                return await super().on_recognize(turn_context, state, options)
            result = PromptRecognizerResult()
            result.succeeded = True
            result.value = FoundChoice(value=own[1], index=own[0], score=1.0, synonym=turn_context.activity.text)
            return result
        result = PromptRecognizerResult()
        for index, choice in enumerate(options.choices or []):
            if choice.value == picked:
                result.succeeded = True
                result.value = FoundChoice(value=choice.value, index=index, score=1.0, synonym=choice.value)
        return result


def _picks_spec(offered: int | None, any_will_do: bool, pool: Sequence[Option]) -> dict[str, object] | None:
    """What PromptOptions.validations keeps for dialogs.booking.picks (None: only the shared reading)."""
    if offered is None and not pool:
        return None
    return {PICKS_KEY: {"offered": offered or 0, "any": any_will_do, "pool": [o.to_json() for o in pool]}}


def _own_words(text: str | None, options: PromptOptions) -> tuple[int, str] | None:
    """(index, value) of a booking answer dialogs.booking.picks reads ("ja, ta den fyrste", "den lille"), or None."""
    spec = options.validations.get(PICKS_KEY) if isinstance(options.validations, dict) else None
    if not text or not isinstance(spec, dict):
        return None
    choices = list(options.choices or [])
    pool = [Option.from_json(o) for o in spec.get("pool") or [] if isinstance(o, dict)]
    if pool:
        k = pool_pick(text, pool)
        return (len(choices) + k, pool[k].label) if k is not None else None
    offered = int(spec.get("offered") or 0)
    index = pick(text, answer_options(options), offered=offered, any_will_do=bool(spec.get("any")))
    return (index, choices[index].value) if index is not None and index < len(choices) else None


def _answered_before(prompt: PromptValidatorContext) -> bool:
    """True on the second miss (botbuilder's attempt_count stays 0 for these prompts; options count)."""
    return getattr(prompt.options, "number_of_attempts", 0) >= 1


def _is_new_request(text: str | None, resources: Sequence[ResourceRef], now: dt.datetime, periods: PeriodTable) -> bool:
    """True when an answer to a question is really a new booking message ("book møterom 1 i morgen 9–10")."""
    if not text or len(text.split()) < 2:
        return False
    request = parse_booking(text, now=now, resources=resources, periods=periods)
    return request is not None and bool(request.resource_id or request.kind or request.action != "book")


# ---------------------------------------------------------------------- the flow


class ResourceCache:
    """The school's resources as the parser needs them, re-read every RESOURCE_CACHE_SECONDS."""

    def __init__(self, bookings: Bookings) -> None:
        self._bookings = bookings
        self._refs: list[ResourceRef] = []
        self._read_at = -RESOURCE_CACHE_SECONDS

    async def refs(self) -> list[ResourceRef]:
        if monotonic_time.monotonic() - self._read_at >= RESOURCE_CACHE_SECONDS:
            resources = await self._bookings.resources()
            self._refs = [ResourceRef(r.sourced_id, r.name, r.kind, r.aliases) for r in resources]
            self._read_at = monotonic_time.monotonic()
        return self._refs


def make_flow(deps: FlowDeps) -> Flow:
    """The booking flow: its service, its dialog and its classifier (no periodic jobs)."""
    bookings = Bookings(deps.db)
    cache = ResourceCache(bookings)
    periods = deps.settings.period_table
    zone = deps.settings.zone

    async def links(kind: str, sourced_id: str, *, now: dt.datetime) -> str:
        return await feed_url(deps.db, deps.settings, kind, sourced_id, now=now)

    service = BookingService(bookings, zone=zone, calendar=deps.calendar, links=links)

    async def classify(context: TurnContext) -> Route | None:
        text = context.activity.text
        if not text or not text.strip():
            return None
        info = turn_info(context)
        request = parse_booking(text, now=info.now, resources=await cache.refs(), periods=periods)
        if request is None:
            return None
        if not (info.person is not None and info.person.is_staff) and not request.explicit:
            return None  # "Ola trenger gymsalen" from a guardian is not a booking
        return Route(intent="booking", dialog_id=BOOKING_DIALOG, options={"request": request.to_dict()})

    return Flow(
        name="booking", dialogs=[BookingDialog(service, cache, periods, zone)], classify=classify, service=service
    )


class BookingDialog(ComponentDialog):
    """Every booking conversation: dispatch by action, then book, cancel or answer."""

    def __init__(self, service: BookingService, cache: ResourceCache, periods: PeriodTable, zone: ZoneInfo) -> None:
        super().__init__(BOOKING_DIALOG)
        self._service = service
        self._periods = periods
        self._cache = cache
        self._zone = zone
        self.add_dialog(CardChoicePrompt(CHOICE, self._choice_validator))
        self.add_dialog(OpenAnswerPrompt(WHEN, self._when_validator))
        self.add_dialog(WaterfallDialog(MAIN, [self._dispatch_step, self._picked_free_step]))
        self.add_dialog(
            WaterfallDialog(
                BOOK, [self._kind_step, self._resource_step, self._when_step, self._check_step, self._act_step]
            )
        )
        self.add_dialog(WaterfallDialog(CANCEL, [self._cancel_step, self._cancel_chosen_step]))
        self.initial_dialog_id = MAIN

    # ------------------------------------------------------------------ helpers

    async def _new_request(self, context: TurnContext) -> bool:
        return _is_new_request(context.activity.text, await self._cache.refs(), turn_info(context).now, self._periods)

    async def _choice_validator(self, prompt: PromptValidatorContext) -> bool:
        """A recognised choice; or give up (value None) on a new request or after two misses."""
        text = prompt.context.activity.text
        said = normalise(text)
        choices = prompt.options.choices or []
        if prompt.recognized.succeeded and any(normalise(c.value) == said for c in choices):
            return True  # a choice typed out in full ("Møterom 1") names a resource, but is an answer
        if prompt.recognized.succeeded and prompt.recognized.value.index >= len(choices):
            when = parse_when(text, turn_info(prompt.context).now, self._periods)
            if when.day is None and when.start is None:
                return True  # one of the pool named without a time ("Dataskap 2") is an answer, not a new request
        if await self._new_request(prompt.context):
            prompt.recognized.value = None  # "book møterom 1 …" must not count as "Ja"
            return True
        return prompt.recognized.succeeded or _answered_before(prompt)

    async def _when_validator(self, prompt: PromptValidatorContext) -> bool:
        """A day with times; or give up on a new request (with a resource) or after two misses."""
        if await self._new_request(prompt.context):
            prompt.recognized.value = None  # the step starts over with the new request
            return True
        info = turn_info(prompt.context)
        if parse_when(prompt.recognized.value, info.now, self._periods).has_times:
            return True
        return _answered_before(prompt)

    async def _ask(
        self,
        step: WaterfallStepContext,
        text: str,
        titles: list[str],
        *,
        details: Sequence[str] = (),
        yes_no: bool = False,
        offered: int | None = None,
        any_will_do: bool = False,
        pool: Sequence[Option] = (),
    ) -> DialogTurnResult:
        """A question with choices: an Adaptive Card in Teams, buttons or "Svar 1 for …" elsewhere.

        `offered`: how many of the titles are things offered (the rest decline), for "siste" and "ja, den
        andre"; `any_will_do`: "hvilken som helst" is the first; `pool`: the resources of the kind a yes/no
        offer may be answered with instead ("den lille")."""
        context = step.context
        lang = turn_info(context).language
        choices = [Choice(value=title) for title in titles]
        if yes_no:
            choices = [Choice(value=titles[0], synonyms=YES_WORDS), Choice(value=titles[1], synonyms=NO_WORDS)]
        validations = _picks_spec(offered, any_will_do, pool)
        if context.activity.channel_id == "msteams":
            prompt = card_activity(choice_card(text, titles, details=details), lang)
            return await step.prompt(
                CHOICE,
                PromptOptions(
                    prompt=prompt, retry_prompt=prompt, choices=choices, style=ListStyle.none, validations=validations
                ),
            )
        full = "\n".join([text, *details])
        return await step.prompt(
            CHOICE,
            PromptOptions(
                prompt=message(context, full),
                retry_prompt=message(context, full),
                choices=choices,
                style=list_style_for(context.activity.channel_id),
                validations=validations,
            ),
        )

    async def _ask_yes_no(
        self, step: WaterfallStepContext, text: str, *, details: Sequence[str] = (), pool: Sequence[Option] = ()
    ) -> DialogTurnResult:
        """A Ja/Nei question that also takes "ok", "gjer det", "nei takk" and the like (and one of `pool`)."""
        lang = self._lang(step)
        return await self._ask(step, text, [t(lang, "yes"), t(lang, "no")], details=details, yes_no=True, pool=pool)

    async def _say(self, step: WaterfallStepContext, key: str, **values: object) -> None:
        await step.context.send_activity(reply(step.context, key, **values))

    async def _send(self, step: WaterfallStepContext, text: str) -> None:
        await step.context.send_activity(message(step.context, text))

    async def _stop_or_restart(self, step: WaterfallStepContext) -> DialogTurnResult:
        """No usable answer: start over when it was a new booking request, else let it be."""
        info = turn_info(step.context)
        text = step.context.activity.text
        request = (
            parse_booking(text, now=info.now, resources=await self._cache.refs(), periods=self._periods)
            if text
            else None
        )
        if request is not None:
            return await step.replace_dialog(MAIN, {"request": request.to_dict()})
        await self._say(step, "booking.not_changed")
        return await step.end_dialog()

    def _lang(self, step: WaterfallStepContext) -> str:
        return turn_info(step.context).language

    def _caller(self, step: WaterfallStepContext) -> Caller:
        """Who asks, for the service: dialogs past the staff check run only for an identified person."""
        turn = known_turn(step.context)
        return Caller(turn.person, turn.now, turn.channel_id)

    # ------------------------------------------------------------------ dispatch

    async def _dispatch_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Staff only; then book, cancel, list what is free, or answer in one message."""
        info = turn_info(step.context)
        request = BookingRequest.from_dict(dict(step.options["request"]))
        if info.person is None or not info.person.is_staff:
            await self._say(step, "booking.staff_only")
            return await step.end_dialog()
        if request.action == "book":
            return await step.begin_dialog(BOOK, {"request": request.to_dict()})
        if request.action == "cancel":
            return await step.begin_dialog(CANCEL, {"request": request.to_dict()})
        if request.action == "availability" and request.resource_id and not request.now and request.start:
            return await step.begin_dialog(BOOK, {"request": replace(request, action="book").to_dict()})
        if request.action == "availability" and not request.resource_id:
            return await self._free_list(step, request)
        await self._send(step, await self._answer(step, request))
        return await step.end_dialog()

    async def _picked_free_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """After "what is free": the resource picked from the list is booked at that time."""
        if "free" not in step.values:  # a booking or cancel dialog has finished
            return await step.end_dialog(step.result)
        offered: list[str] = step.values["free"]
        request = BookingRequest.from_dict(step.values["request"])
        if step.result is not None and step.result.index >= len(offered):
            await self._say(step, "booking.not_booked")
            return await step.end_dialog()
        if step.result is not None:
            chosen = offered[step.result.index]
        else:  # a free resource named without its button ("Møterom 1"), or something new
            named = await self._named_resource(step)
            if named not in step.values["free_all"]:
                return await self._stop_or_restart(step)
            chosen = named
        picked = replace(request, action="book", resource_id=chosen)
        return await step.begin_dialog(BOOK, {"request": picked.to_dict(), "direct": True})

    async def _named_resource(self, step: WaterfallStepContext) -> str | None:
        """The resource a short answer names, when it names nothing else (no time, no other action)."""
        text = step.context.activity.text
        request = (
            parse_booking(
                text, now=turn_info(step.context).now, resources=await self._cache.refs(), periods=self._periods
            )
            if text
            else None
        )
        if request is None or request.start is not None or request.action not in ("resource_day", "book"):
            return None
        return request.resource_id

    # ------------------------------------------------------------------ answers

    async def _answer(self, step: WaterfallStepContext, request: BookingRequest) -> str:
        """The one-message answers: my bookings, a calendar link, a resource right now, a resource's day."""
        caller = self._caller(step)
        lang = self._lang(step)
        if request.action == "mine":
            limit = MINE_LINES.get(caller.channel, MINE_LINES_DEFAULT)
            return mine_text(lang, await self._service.mine(caller), limit, self._zone)
        if request.action == "feed":
            return feed_text(lang, await self._service.feed(caller, request.resource_id))
        if request.action == "availability" and request.now:
            status = await self._service.right_now(request.resource_id or "", caller.now)
            if isinstance(status, ResourceNow):
                return resource_now_text(lang, status, self._zone)
            return t(lang, "booking.unknown_resource")
        listings = await self._service.day(request, caller.now.date())
        if not listings:
            return t(lang, "booking.unknown_resource")
        return "\n\n".join(day_listing(lang, d.resource, d.day, d.bookings, self._zone) for d in listings)

    async def _free_list(self, step: WaterfallStepContext, request: BookingRequest) -> DialogTurnResult:
        """What is free at a time (or now, or all day); picking one books it."""
        lang = self._lang(step)
        found = await self._service.free(request, turn_info(step.context).now)
        text = free_text(lang, found, self._zone, now=request.now, all_day=request.start is None)
        if request.now or request.start is None or not found.free:
            await self._send(step, text)
            return await step.end_dialog()
        shown = found.free[: MAX_CHOICES - 1]
        step.values["request"] = replace(request, day=found.day).to_dict()
        step.values["free"] = [r.sourced_id for r in shown]
        step.values["free_all"] = [r.sourced_id for r in found.free]
        titles = [r.name for r in shown] + [t(lang, "booking.no_thanks")]
        return await self._ask(step, text, titles, offered=len(shown), any_will_do=True)

    # ------------------------------------------------------------------ booking

    def _request(self, step: WaterfallStepContext) -> BookingRequest:
        if "request" not in step.values:
            step.values["request"] = dict(step.options["request"])
        return BookingRequest.from_dict(step.values["request"])

    def _keep(self, step: WaterfallStepContext, request: BookingRequest) -> BookingRequest:
        step.values["request"] = request.to_dict()
        return request

    async def _kind_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Which kind of thing, when the message named none."""
        request = self._request(step)
        if request.resource_id or request.kind:
            return await step.next(None)
        kinds = await self._service.kinds()
        if not kinds:
            await self._say(step, "booking.no_resources")
            return await step.end_dialog()
        if len(kinds) == 1:
            self._keep(step, replace(request, kind=kinds[0]))
            return await step.next(None)
        step.values["kinds"] = kinds
        titles = [kind_title(k) for k in kinds]
        return await self._ask(step, t(self._lang(step), "booking.ask_kind"), titles, offered=len(kinds))

    async def _resource_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Which one of the kind: free ones first when the time is known."""
        request = self._request(step)
        if "kinds" in step.values:
            if step.result is None:
                return await self._stop_or_restart(step)
            request = self._keep(step, replace(request, kind=step.values.pop("kinds")[step.result.index]))
        if request.resource_id:
            return await step.next(None)
        if request.any_one and request.start is not None and not request.weekly:
            return await self._offer_one_of_kind(step, request)
        candidates = await self._service.candidates(request)
        if not candidates:
            await self._say(step, "booking.unknown_resource")
            return await step.end_dialog()
        if len(candidates) == 1:
            self._keep(step, replace(request, resource_id=candidates[0].sourced_id))
            return await step.next(None)
        shown = candidates[:MAX_CHOICES]
        step.values["candidates"] = [r.sourced_id for r in shown]
        question = resource_question(self._lang(step), request.day, request.start, request.end)
        return await self._ask(step, question, [r.name for r in shown], offered=len(shown), any_will_do=True)

    async def _offer_one_of_kind(self, step: WaterfallStepContext, request: BookingRequest) -> DialogTurnResult:
        """ "trenger PC-vogna i morgen 10-12", "et grupperom fredag 12-13": the first free one of the kind is
        checked (the check offers the others when it is taken); the rest of the kind is kept as the pool
        the offer may be answered with ("den lille")."""
        pool = await self._service.pool(request)
        if not pool:
            await self._say(step, "booking.unknown_resource")
            return await step.end_dialog()
        step.values["pool"] = [
            {"id": r.sourced_id, "free": free, "option": Option(label=r.name, synonyms=tuple(r.aliases)).to_json()}
            for r, free in pool[:MAX_CHOICES]
        ]
        self._keep(step, replace(request, resource_id=pool[0][0].sourced_id))
        return await step.next(None)

    async def _when_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """When, if the message did not say (a day and a time, or a lesson period)."""
        request = self._request(step)
        if "candidates" in step.values:
            if step.result is None:
                return await self._stop_or_restart(step)
            request = self._keep(step, replace(request, resource_id=step.values.pop("candidates")[step.result.index]))
        if request.now and request.start is None:
            start = turn_info(step.context).now.replace(second=0, microsecond=0)
            end = start + DEFAULT_LENGTH
            request = self._keep(
                step,
                replace(
                    request,
                    day=start.date(),
                    start=start.time(),
                    end=end.time() if end.date() == start.date() else dt.time(23, 59),
                ),
            )
        if request.day and request.start and request.end:
            return await step.next(None)
        step.values["asked_when"] = True
        prompt = await self._when_question(step.context, request)
        return await step.prompt(WHEN, PromptOptions(prompt=prompt, retry_prompt=prompt))

    async def _when_question(self, context: TurnContext, request: BookingRequest) -> Activity:
        """ "Musikkrommet torsdag 10. desember: fra når til når?" – what is known, then what is missing."""
        found = await self._service.bookings.resource(request.resource_id) if request.resource_id else None
        if found is None:
            return reply(context, "booking.ask_when")
        if request.day is not None:
            return reply(
                context,
                "booking.ask_when_day",
                resource=found.name,
                day=day_words(turn_info(context).language, request.day),
            )
        return reply(context, "booking.ask_when_resource", resource=found.name)

    async def _check_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Free → confirm; taken → who has it and the alternatives; weekly → dates and clashes."""
        caller = self._caller(step)
        request = self._request(step)
        if step.values.pop("asked_when", False):
            when = parse_when(step.result, caller.now, self._periods, default_day=request.day)
            if not when.has_times:
                return await self._stop_or_restart(step)
            request = self._keep(step, request.with_when(when))
        result = await self._service.check(caller, request, direct=bool(step.options.get("direct")))
        return await self._show_check(step, result)

    async def _show_check(self, step: WaterfallStepContext, result: CheckResult) -> DialogTurnResult:
        """Ask to confirm a free slot or weekly series, offer alternatives to a taken one, or say how it ended."""
        lang = self._lang(step)
        if isinstance(result, SlotFree):
            step.values["mode"] = "confirm"
            pool = step.values.get("pool") or []
            if len(pool) < 2 or pool[0]["id"] != result.resource.sourced_id:
                return await self._ask_yes_no(step, confirm_text(lang, result, self._zone))
            options = [Option.from_json(p["option"]) for p in pool]
            also = [o.label for o, p in zip(options[1:], pool[1:], strict=True) if p["free"]][:MAX_ALSO_FREE]
            details = [also_free_line(lang, also)] if also else []
            return await self._ask_yes_no(step, confirm_text(lang, result, self._zone), details=details, pool=options)
        if isinstance(result, Taken):
            return await self._offer_alternatives(step, result)
        if isinstance(result, WeeklyCheck):
            return await self._confirm_weekly(step, result)
        await self._send(step, outcome_text(lang, result, self._zone))
        return await step.end_dialog()

    async def _offer_alternatives(self, step: WaterfallStepContext, taken: Taken) -> DialogTurnResult:
        """Who has the slot, and the nearest free alternatives as choices (or that there are none)."""
        lang = self._lang(step)
        text = taken_text(lang, taken, self._zone)
        options = taken.options[: MAX_CHOICES - 1]
        if not options:
            await self._send(step, text + " " + t(lang, "booking.no_alternatives"))
            return await step.end_dialog()
        titles = [alternative_title(lang, o, self._zone) for o in options]
        step.values["mode"] = "alternatives"
        step.values["alternatives"] = [
            [o.resource_id, o.slot.start.isoformat(), o.slot.end.isoformat()] for o in options
        ]
        return await self._ask(
            step,
            text + " " + t(lang, "booking.alternatives"),
            titles + [t(lang, "booking.no_thanks")],
            offered=len(options),
            any_will_do=True,
        )

    async def _confirm_weekly(self, step: WaterfallStepContext, check: WeeklyCheck) -> DialogTurnResult:
        """Ask once before booking the series' free dates, listing the skipped and taken ones."""
        lang = self._lang(step)
        if not check.free:
            await self._send(step, weekly_all_taken_text(lang, check, self._zone))
            return await step.end_dialog()
        step.values["mode"] = "weekly"
        step.values["slots"] = [[s.start.isoformat(), s.end.isoformat()] for s in check.free]
        return await self._ask_yes_no(
            step, weekly_confirm_text(lang, check, self._zone), details=weekly_details(lang, check, self._zone)
        )

    async def _act_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Book on "Ja"; book a picked alternative; start over when the database said no."""
        request = self._request(step)
        mode = step.values.get("mode")
        if step.result is None:
            return await self._stop_or_restart(step)
        if mode == "alternatives":
            return await self._book_alternative(step, request, step.result.index)
        index = step.result.index
        if mode == "confirm" and index >= 2:  # one of the pool named or described ("den lille", "Dataskap 2")
            chosen = str(step.values["pool"][index - 2]["id"])
            if chosen != request.resource_id:  # another one: the pick is the confirmation, as with an alternative
                picked = replace(request, resource_id=chosen)
                return await step.replace_dialog(BOOK, {"request": picked.to_dict(), "direct": True})
            index = 0  # the one offered, described ("den store"): a yes
        if index != 0:
            await self._say(step, "booking.not_booked")
            return await step.end_dialog()
        caller = self._caller(step)
        outcome: Booked | WeeklyBooked | Raced | UnknownResource
        if mode == "weekly":
            slots = [Slot(dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)) for a, b in step.values["slots"]]
            outcome = await self._service.book_weekly(caller, request.resource_id or "", slots)
        else:
            outcome = await self._service.confirm(caller, request)
        if isinstance(outcome, Raced):  # someone else got it since we asked: the check step says who
            if mode == "weekly":
                await self._say(step, "booking.weekly_race")
            return await step.replace_dialog(BOOK, {"request": request.to_dict()})
        await self._send(step, outcome_text(self._lang(step), outcome, self._zone))
        return await step.end_dialog()

    async def _book_alternative(
        self, step: WaterfallStepContext, request: BookingRequest, index: int
    ) -> DialogTurnResult:
        """The picked alternative names the resource and the time, so it is booked at once ("direct")."""
        offered = step.values["alternatives"]
        if index >= len(offered):
            await self._say(step, "booking.not_booked")
            return await step.end_dialog()
        rid, start, end = offered[index]
        start_at = dt.datetime.fromisoformat(start).astimezone(self._zone)
        end_at = dt.datetime.fromisoformat(end).astimezone(self._zone)
        picked = replace(
            request, resource_id=rid, day=start_at.date(), start=start_at.time(), end=end_at.time(), now=False
        )
        return await step.replace_dialog(BOOK, {"request": picked.to_dict(), "direct": True})

    # ------------------------------------------------------------------ cancelling

    async def _cancel_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Cancel the matching booking(s) at once, or ask which one."""
        lang = self._lang(step)
        result = await self._service.cancel(self._caller(step), self._request(step))
        if isinstance(result, Cancelled):
            return await self._cancelled(step, result)
        shown = result.candidates[: MAX_CHOICES - 1]
        step.values["candidates"] = [b.id for b in shown]
        titles = [booking_line(lang, b, self._zone) for b in shown] + [t(lang, "booking.cancel_none_of_them")]
        return await self._ask(step, t(lang, "booking.cancel_which"), titles, offered=len(shown))

    async def _cancel_chosen_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Cancel the one picked, or leave everything as it was."""
        if step.result is None:
            return await self._stop_or_restart(step)
        ids: list[int] = step.values["candidates"]
        if step.result.index >= len(ids):
            await self._say(step, "booking.not_changed")
            return await step.end_dialog()
        return await self._cancelled(step, await self._service.cancel_one(self._caller(step), ids[step.result.index]))

    async def _cancelled(self, step: WaterfallStepContext, cancelled: Cancelled) -> DialogTurnResult:
        await self._send(step, cancelled_text(self._lang(step), cancelled, self._zone))
        return await step.end_dialog()
