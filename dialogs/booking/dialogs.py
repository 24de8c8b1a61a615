"""Booking rooms and equipment in one sentence: check, confirm once, book — or offer alternatives.

"book musikkrommet fredag 10–11" → "… er ledig. Skal jeg booke?" → "Ja" → "Booket: …". The row is
inserted only on "Ja"; when someone else got the slot meanwhile the database refuses it and the
dialog says who has it and offers the nearest free alternatives (the same resource earlier or
later that day, other free resources of the same kind). Picking an alternative books it at once:
the pick names the resource and the time, so it is the confirmation. Weekly bookings run through
the end of the current term, skip holidays and breaks, list the clashing dates and ask once
before the rest is booked in one transaction. Cancel, "mine bookinger", a resource's day, what
is free, and calendar links. Only staff book; anyone else is told so politely.
"""

from __future__ import annotations

import datetime as dt
import time as monotonic_time
from collections.abc import Sequence
from dataclasses import replace

from botbuilder.core import TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.choices import Choice, FoundChoice, ListStyle
from botbuilder.dialogs.prompts import (
    ChoicePrompt,
    PromptOptions,
    PromptRecognizerResult,
    PromptValidatorContext,
    TextPrompt,
)

from dialogs.booking.cards import card_activity, choice_card, submitted_choice
from dialogs.booking.render import booking_line, clock, day_listing, kind_title, slot_values
from bot.flows import Flow, FlowDeps
from bot.periods import SCHOOL_CLOSE, SCHOOL_OPEN, PeriodTable
from bot.texts import day as day_text
from bot.texts import t
from bot.turn import turn_info
from dialogs.booking.understand import (
    DEFAULT_LENGTH,
    BookingRequest,
    ResourceRef,
    normalise,
    parse_booking,
    parse_when,
)
from bot.web_calendar import feed_url
from dialogs.common import list_style_for, message, reply
from dialogs.main import Route
from storage.bookings import (
    BookingInfo,
    Bookings,
    ResourceInfo,
    Slot,
    SlotTaken,
    local_slot,
    overlaps,
    weekly_plan,
)

BOOKING_DIALOG = "BookingDialog"
MAIN = "booking.main"
BOOK = "booking.book"
CANCEL = "booking.cancel"
CHOICE = "booking.choice"
WHEN = "booking.when"

MAX_CHOICES = 6  # more than this is unreadable as "Svar 1 for …" by SMS
MINE_LINES = {"sms": 4}
MINE_LINES_DEFAULT = 10
RESOURCE_CACHE_SECONDS = 30.0
YES_WORDS = ["ja", "jo", "jepp", "japp", "ok", "okei", "yes", "yep", "sure", "gjer det", "gjør det"]
NO_WORDS = ["nei", "nope", "no", "ikke", "ikkje", "nei takk", "no thanks", "avbryt"]


# ---------------------------------------------------------------------- prompts


class CardChoicePrompt(ChoicePrompt):
    """A ChoicePrompt that also takes a booking card's submit (activity.value, no text)."""

    async def on_recognize(self, turn_context: TurnContext, state: dict[str, object],
                           options: PromptOptions) -> PromptRecognizerResult:
        picked = submitted_choice(turn_context.activity.value)
        if picked is None:
            return await super().on_recognize(turn_context, state, options)
        result = PromptRecognizerResult()
        for index, choice in enumerate(options.choices or []):
            if choice.value == picked:
                result.succeeded = True
                result.value = FoundChoice(value=choice.value, index=index, score=1.0, synonym=choice.value)
        return result


def _answered_before(prompt: PromptValidatorContext) -> bool:
    """True on the second miss (botbuilder's attempt_count stays 0 for these prompts; options count)."""
    return getattr(prompt.options, "number_of_attempts", 0) >= 1


def _is_new_request(text: str | None, resources: Sequence[ResourceRef], now: dt.datetime,
                    periods: PeriodTable) -> bool:
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
            self._refs = [ResourceRef(r.sourced_id, r.name, r.kind, r.aliases) for r in await self._bookings.resources()]
            self._read_at = monotonic_time.monotonic()
        return self._refs


def make_flow(deps: FlowDeps) -> Flow:
    bookings = Bookings(deps.db)
    cache = ResourceCache(bookings)
    periods = deps.settings.period_table

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

    return Flow(name="booking", dialogs=[BookingDialog(deps, bookings, cache, periods)], classify=classify)


class BookingDialog(ComponentDialog):
    """Every booking conversation: dispatch by action, then book, cancel or answer."""

    def __init__(self, deps: FlowDeps, bookings: Bookings, cache: ResourceCache, periods: PeriodTable) -> None:
        super().__init__(BOOKING_DIALOG)
        self._deps = deps
        self._periods = periods
        self._bookings = bookings
        self._cache = cache
        self._zone = deps.settings.zone
        self.add_dialog(CardChoicePrompt(CHOICE, self._choice_validator))
        self.add_dialog(TextPrompt(WHEN, self._when_validator))
        self.add_dialog(WaterfallDialog(MAIN, [self._dispatch_step, self._picked_free_step]))
        self.add_dialog(WaterfallDialog(BOOK, [self._kind_step, self._resource_step, self._when_step,
                                               self._check_step, self._act_step]))
        self.add_dialog(WaterfallDialog(CANCEL, [self._cancel_step, self._cancel_chosen_step]))
        self.initial_dialog_id = MAIN

    # ------------------------------------------------------------------ helpers

    async def _new_request(self, context: TurnContext) -> bool:
        return _is_new_request(context.activity.text, await self._cache.refs(), turn_info(context).now, self._periods)

    async def _choice_validator(self, prompt: PromptValidatorContext) -> bool:
        """A recognised choice; or give up (value None) on a new request or after two misses."""
        said = normalise(prompt.context.activity.text)
        if prompt.recognized.succeeded and any(normalise(c.value) == said for c in prompt.options.choices or []):
            return True  # a choice typed out in full ("Møterom 1") names a resource, but is an answer
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

    async def _ask(self, step: WaterfallStepContext, text: str, titles: list[str], *,
                   details: Sequence[str] = (), yes_no: bool = False) -> DialogTurnResult:
        """A question with choices: an Adaptive Card in Teams, buttons or "Svar 1 for …" elsewhere."""
        context = step.context
        lang = turn_info(context).language
        choices = [Choice(value=title) for title in titles]
        if yes_no:
            choices = [Choice(value=titles[0], synonyms=YES_WORDS), Choice(value=titles[1], synonyms=NO_WORDS)]
        if context.activity.channel_id == "msteams":
            prompt = card_activity(choice_card(text, titles, details=details), lang)
            return await step.prompt(CHOICE, PromptOptions(prompt=prompt, retry_prompt=prompt, choices=choices,
                                                           style=ListStyle.none))
        full = "\n".join([text, *details])
        return await step.prompt(CHOICE, PromptOptions(prompt=message(context, full), retry_prompt=message(context, full),
                                                       choices=choices, style=list_style_for(context.activity.channel_id)))

    async def _say(self, step: WaterfallStepContext, key: str, **values: object) -> None:
        await step.context.send_activity(reply(step.context, key, **values))

    async def _stop_or_restart(self, step: WaterfallStepContext) -> DialogTurnResult:
        """No usable answer: start over when it was a new booking request, else let it be."""
        info = turn_info(step.context)
        text = step.context.activity.text
        request = parse_booking(text, now=info.now, resources=await self._cache.refs(),
                                periods=self._periods) if text else None
        if request is not None:
            return await step.replace_dialog(MAIN, {"request": request.to_dict()})
        await self._say(step, "booking.not_changed")
        return await step.end_dialog()

    def _lang(self, step: WaterfallStepContext) -> str:
        return turn_info(step.context).language

    # ------------------------------------------------------------------ dispatch

    async def _dispatch_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = turn_info(step.context)
        request = BookingRequest.from_dict(dict(step.options["request"]))
        if info.person is None or not info.person.is_staff:
            await self._say(step, "booking.staff_only")
            return await step.end_dialog()
        if request.action == "book":
            return await step.begin_dialog(BOOK, {"request": request.to_dict()})
        if request.action == "cancel":
            return await step.begin_dialog(CANCEL, {"request": request.to_dict()})
        if request.action == "mine":
            await self._mine(step)
            return await step.end_dialog()
        if request.action == "feed":
            await self._feed(step, request)
            return await step.end_dialog()
        if request.action == "availability":
            if request.resource_id and request.now:
                await self._status_now(step, request.resource_id)
                return await step.end_dialog()
            if request.resource_id and request.start:
                return await step.begin_dialog(BOOK, {"request": replace(request, action="book").to_dict()})
            if not request.resource_id:
                return await self._free_list(step, request)
        await self._resource_day(step, request)
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
        request = parse_booking(text, now=turn_info(step.context).now, resources=await self._cache.refs(),
                                periods=self._periods) if text else None
        if request is None or request.start is not None or request.action not in ("resource_day", "book"):
            return None
        return request.resource_id

    # ------------------------------------------------------------------ answers

    async def _mine(self, step: WaterfallStepContext) -> None:
        info = turn_info(step.context)
        lang = info.language
        assert info.person is not None
        rows = await self._bookings.mine(info.person.sourced_id, since=info.now)
        if not rows:
            await self._say(step, "booking.mine_none")
            return
        limit = MINE_LINES.get(info.channel_id, MINE_LINES_DEFAULT)
        lines = [t(lang, "booking.mine_header")]
        lines += [booking_line(lang, b, self._zone) for b in rows[:limit]]
        if len(rows) > limit:
            lines.append(t(lang, "booking.more", count=len(rows) - limit))
        if not info.is_sms:
            url = await feed_url(self._deps.db, self._deps.settings, "person", info.person.sourced_id, now=info.now)
            lines.append(t(lang, "booking.feed_hint", url=url))
        await step.context.send_activity(message(step.context, "\n".join(lines)))

    async def _feed(self, step: WaterfallStepContext, request: BookingRequest) -> None:
        info = turn_info(step.context)
        assert info.person is not None
        if request.resource_id:
            resource = await self._bookings.resource(request.resource_id)
            if resource is not None:
                url = await feed_url(self._deps.db, self._deps.settings, "resource", resource.sourced_id,
                                     now=info.now)
                await self._say(step, "booking.feed_resource", resource=resource.name, url=url)
                return
        url = await feed_url(self._deps.db, self._deps.settings, "person", info.person.sourced_id, now=info.now)
        await self._say(step, "booking.feed_person", url=url)

    async def _status_now(self, step: WaterfallStepContext, resource_id: str) -> None:
        info = turn_info(step.context)
        resource = await self._bookings.resource(resource_id)
        if resource is None:
            await self._say(step, "booking.unknown_resource")
            return
        current, upcoming = await self._bookings.status_at(resource_id, info.now, self._zone)
        if current is not None:
            await self._say(step, "booking.now_taken", resource=resource.name, name=current.booked_by_name,
                            time=clock(current.end, self._zone))
        elif upcoming is not None:
            await self._say(step, "booking.now_free_until", resource=resource.name, time=clock(upcoming.start, self._zone))
        else:
            await self._say(step, "booking.now_free", resource=resource.name)

    async def _resource_day(self, step: WaterfallStepContext, request: BookingRequest) -> None:
        info = turn_info(step.context)
        date = request.day or info.now.date()
        if request.resource_id:
            chosen = [await self._bookings.resource(request.resource_id)]
        else:
            chosen = await self._bookings.of_kind(request.kind) if request.kind else []
        listings = [day_listing(info.language, r, date, await self._bookings.day(r.sourced_id, date, self._zone),
                                self._zone) for r in chosen if r is not None]
        if not listings:
            await self._say(step, "booking.unknown_resource")
            return
        await step.context.send_activity(message(step.context, "\n\n".join(listings)))

    async def _free_list(self, step: WaterfallStepContext, request: BookingRequest) -> DialogTurnResult:
        """What is free at a time (or now, or all day); picking one books it."""
        info = turn_info(step.context)
        lang = info.language
        date = request.day or info.now.date()
        if request.now:
            moment = info.now.replace(second=0, microsecond=0)
            slot = Slot(moment, moment + dt.timedelta(minutes=1))
        elif request.start is not None and request.end is not None:
            slot = local_slot(date, request.start, request.end, self._zone)
        else:
            slot = local_slot(date, SCHOOL_OPEN, SCHOOL_CLOSE, self._zone)
        free = await self._bookings.free_resources(slot, request.kind)
        names = ", ".join(r.name for r in free)
        if request.now:
            await self._say(step, "booking.free_now" if free else "booking.free_none_now", names=names)
            return await step.end_dialog()
        if request.start is None:
            await self._say(step, "booking.free_all_day" if free else "booking.free_none_all_day",
                            names=names, day=day_text(lang, date))
            return await step.end_dialog()
        values = slot_values(lang, slot, self._zone)
        if not free:
            await self._say(step, "booking.free_none", **values)
            return await step.end_dialog()
        shown = free[:MAX_CHOICES - 1]
        step.values["request"] = replace(request, day=date).to_dict()
        step.values["free"] = [r.sourced_id for r in shown]
        step.values["free_all"] = [r.sourced_id for r in free]
        text = t(lang, "booking.free_pick", names=names, **values)
        return await self._ask(step, text, [r.name for r in shown] + [t(lang, "booking.no_thanks")])

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
        resources = await self._bookings.resources()
        kinds = sorted({r.kind for r in resources})
        if not kinds:
            await self._say(step, "booking.no_resources")
            return await step.end_dialog()
        if len(kinds) == 1:
            self._keep(step, replace(request, kind=kinds[0]))
            return await step.next(None)
        step.values["kinds"] = kinds
        return await self._ask(step, t(self._lang(step), "booking.ask_kind"), [kind_title(k) for k in kinds])

    async def _resource_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Which one of the kind: free ones first when the time is known."""
        request = self._request(step)
        if "kinds" in step.values:
            if step.result is None:
                return await self._stop_or_restart(step)
            request = self._keep(step, replace(request, kind=step.values.pop("kinds")[step.result.index]))
        if request.resource_id:
            return await step.next(None)
        candidates = await self._bookings.of_kind(request.kind or "")
        if request.day and request.start and request.end and not request.weekly:
            free = await self._bookings.free_resources(
                local_slot(request.day, request.start, request.end, self._zone), request.kind)
            candidates = free or candidates
        if not candidates:
            await self._say(step, "booking.unknown_resource")
            return await step.end_dialog()
        if len(candidates) == 1:
            self._keep(step, replace(request, resource_id=candidates[0].sourced_id))
            return await step.next(None)
        shown = candidates[:MAX_CHOICES]
        step.values["candidates"] = [r.sourced_id for r in shown]
        return await self._ask(step, t(self._lang(step), "booking.ask_resource"), [r.name for r in shown])

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
            request = self._keep(step, replace(request, day=start.date(), start=start.time(),
                                               end=end.time() if end.date() == start.date() else dt.time(23, 59)))
        if request.day and request.start and request.end:
            return await step.next(None)
        step.values["asked_when"] = True
        prompt = reply(step.context, "booking.ask_when")
        return await step.prompt(WHEN, PromptOptions(prompt=prompt, retry_prompt=reply(step.context, "booking.ask_when")))

    async def _check_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Free → confirm; taken → who has it and the alternatives; weekly → dates and clashes."""
        info = turn_info(step.context)
        request = self._request(step)
        if step.values.pop("asked_when", False):
            when = parse_when(step.result, info.now, self._periods, default_day=request.day)
            if not when.has_times:
                return await self._stop_or_restart(step)
            request = self._keep(step, request.with_when(when))
        resource = await self._bookings.resource(request.resource_id or "")
        if resource is None or request.day is None or request.start is None or request.end is None:
            await self._say(step, "booking.unknown_resource")
            return await step.end_dialog()
        if request.weekly:
            return await self._check_weekly(step, request, resource)
        slot = local_slot(request.day, request.start, request.end, self._zone)
        if slot.end <= info.now:
            await self._say(step, "booking.past")
            return await step.end_dialog()
        if step.options.get("direct"):
            try:
                booked = await self._bookings.book(resource.sourced_id, slot, info.person.sourced_id,
                                                   channel=info.channel_id)
            except SlotTaken as taken:
                return await self._offer_alternatives(step, resource, slot, taken.clashes)
            await self._say(step, "booking.booked", resource=resource.name, **slot_values(info.language, booked.slot,
                                                                                             self._zone))
            return await step.end_dialog()
        clashes = await self._bookings.conflicts(resource.sourced_id, slot)
        if clashes:
            return await self._offer_alternatives(step, resource, slot, clashes)
        step.values["mode"] = "confirm"
        lang = info.language
        text = t(lang, "booking.free_confirm", resource=resource.name, **slot_values(lang, slot, self._zone))
        return await self._ask(step, text, [t(lang, "yes"), t(lang, "no")], yes_no=True)

    async def _offer_alternatives(self, step: WaterfallStepContext, resource: ResourceInfo, slot: Slot,
                                  clashes: Sequence[BookingInfo]) -> DialogTurnResult:
        info = turn_info(step.context)
        lang = info.language
        text = (t(lang, "booking.taken", resource=resource.name, name=clashes[0].booked_by_name,
                  **slot_values(lang, clashes[0].slot, self._zone)) if clashes
                else t(lang, "booking.taken_meanwhile", resource=resource.name))
        found = await self._bookings.alternatives(resource, slot, zone=self._zone, opens=SCHOOL_OPEN,
                                                  closes=SCHOOL_CLOSE, not_before=info.now)
        options: list[tuple[str, Slot]] = []
        for nearby in (found.earlier, found.later):
            if nearby is not None:
                options.append((resource.sourced_id, nearby))
        options += [(other.sourced_id, slot) for other in found.others]
        options = options[:MAX_CHOICES - 1]
        if not options:
            await step.context.send_activity(message(step.context, text + " " + t(lang, "booking.no_alternatives")))
            return await step.end_dialog()
        names = {resource.sourced_id: resource.name, **{r.sourced_id: r.name for r in found.others}}
        titles = [t(lang, "booking.alt_slot", resource=names[rid], start=clock(s.start, self._zone),
                    end=clock(s.end, self._zone)) for rid, s in options]
        step.values["mode"] = "alternatives"
        step.values["alternatives"] = [[rid, s.start.isoformat(), s.end.isoformat()] for rid, s in options]
        return await self._ask(step, text + " " + t(lang, "booking.alternatives"),
                               titles + [t(lang, "booking.no_thanks")])

    async def _check_weekly(self, step: WaterfallStepContext, request: BookingRequest,
                            resource: ResourceInfo) -> DialogTurnResult:
        info = turn_info(step.context)
        lang = info.language
        assert request.day and request.start and request.end
        plan = weekly_plan(request.day, request.start, request.end, self._zone, await self._deps.calendar(),
                           not_before=info.now)
        if not plan.slots:
            await self._say(step, "booking.weekly_none")
            return await step.end_dialog()
        clashes = await self._bookings.clashes(resource.sourced_id, list(plan.slots))
        free = [s for s in plan.slots if not any(overlaps(s, c) for c in clashes)]
        taken = [(s, next(c for c in clashes if overlaps(s, c))) for s in plan.slots if s not in free]
        first = plan.slots[0]
        values = {"resource": resource.name, **slot_values(lang, first, self._zone)}
        details: list[str] = []
        if plan.skipped:
            details.append(t(lang, "booking.weekly_skipped", dates=", ".join(day_text(lang, d) for d in plan.skipped)))
        if taken:
            listed = ", ".join(t(lang, "booking.weekly_clash", day=day_text(lang, s.start.astimezone(self._zone).date()),
                                 name=c.booked_by_name) for s, c in taken)
            details.append(t(lang, "booking.weekly_clashes", dates=listed))
        if not free:
            await step.context.send_activity(message(step.context, "\n".join(
                [t(lang, "booking.weekly_all_taken", **values), *details])))
            return await step.end_dialog()
        first_day = day_text(lang, free[0].start.astimezone(self._zone).date())
        last_day = day_text(lang, free[-1].start.astimezone(self._zone).date())
        key = "booking.weekly_confirm_rest" if taken else "booking.weekly_confirm"
        text = t(lang, key, count=len(free), first=first_day, last=last_day, **values)
        step.values["mode"] = "weekly"
        step.values["slots"] = [[s.start.isoformat(), s.end.isoformat()] for s in free]
        return await self._ask(step, text, [t(lang, "yes"), t(lang, "no")], details=details, yes_no=True)

    async def _act_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Book on "Ja"; book a picked alternative; start over when the database said no."""
        info = turn_info(step.context)
        lang = info.language
        request = self._request(step)
        mode = step.values.get("mode")
        if step.result is None:
            return await self._stop_or_restart(step)
        index = step.result.index
        if mode == "alternatives":
            offered = step.values["alternatives"]
            if index >= len(offered):
                await self._say(step, "booking.not_booked")
                return await step.end_dialog()
            rid, start, end = offered[index]
            start_at = dt.datetime.fromisoformat(start).astimezone(self._zone)
            end_at = dt.datetime.fromisoformat(end).astimezone(self._zone)
            picked = replace(request, resource_id=rid, day=start_at.date(), start=start_at.time(), end=end_at.time(),
                             now=False)
            return await step.replace_dialog(BOOK, {"request": picked.to_dict(), "direct": True})
        if index != 0:
            await self._say(step, "booking.not_booked")
            return await step.end_dialog()
        assert info.person is not None and request.resource_id
        resource = await self._bookings.resource(request.resource_id)
        if resource is None:
            await self._say(step, "booking.unknown_resource")
            return await step.end_dialog()
        if mode == "weekly":
            slots = [Slot(dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)) for a, b in step.values["slots"]]
            try:
                booked = await self._bookings.book_recurring(resource.sourced_id, slots, info.person.sourced_id,
                                                             channel=info.channel_id)
            except SlotTaken:
                await self._say(step, "booking.weekly_race")
                return await step.replace_dialog(BOOK, {"request": request.to_dict()})
            await self._say(step, "booking.weekly_booked", resource=resource.name, count=len(booked),
                            first=day_text(lang, booked[0].start.astimezone(self._zone).date()),
                            last=day_text(lang, booked[-1].start.astimezone(self._zone).date()),
                            **slot_values(lang, booked[0].slot, self._zone))
            return await step.end_dialog()
        slot = local_slot(request.day, request.start, request.end, self._zone)  # type: ignore[arg-type]
        try:
            booked_one = await self._bookings.book(resource.sourced_id, slot, info.person.sourced_id,
                                                   channel=info.channel_id)
        except SlotTaken:  # someone else got it since we asked: the check step says who, with alternatives
            return await step.replace_dialog(BOOK, {"request": request.to_dict()})
        await self._say(step, "booking.booked", resource=resource.name,
                        **slot_values(lang, booked_one.slot, self._zone))
        return await step.end_dialog()

    # ------------------------------------------------------------------ cancelling

    async def _cancel_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = turn_info(step.context)
        lang = info.language
        assert info.person is not None
        request = self._request(step)
        rows = await self._bookings.mine(info.person.sourced_id, since=info.now)
        if request.day is not None:
            rows = [b for b in rows if b.start.astimezone(self._zone).date() == request.day]
        if request.resource_id is not None:
            rows = [b for b in rows if b.resource_id == request.resource_id]
        elif request.kind is not None:
            rows = [b for b in rows if b.resource_kind == request.kind]
        if request.start is not None:
            rows = [b for b in rows if b.start.astimezone(self._zone).time() <= request.start
                    < b.end.astimezone(self._zone).time()] or rows
        if not rows:
            await self._say(step, "booking.cancel_none")
            return await step.end_dialog()
        series = {b.series_id for b in rows}
        if request.series and len(series) == 1 and None not in series:
            cancelled = await self._bookings.cancel_series(rows[0].series_id or "", info.person.sourced_id,
                                                           since=rows[0].start)
            return await self._cancelled(step, cancelled)
        if len(rows) == 1 or request.every:
            cancelled = [c for c in [await self._bookings.cancel(b.id, info.person.sourced_id) for b in rows] if c]
            return await self._cancelled(step, cancelled)
        shown = rows[:MAX_CHOICES - 1]
        step.values["candidates"] = [b.id for b in shown]
        titles = [booking_line(lang, b, self._zone) for b in shown] + [t(lang, "booking.cancel_none_of_them")]
        return await self._ask(step, t(lang, "booking.cancel_which"), titles)

    async def _cancel_chosen_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        info = turn_info(step.context)
        assert info.person is not None
        if step.result is None:
            return await self._stop_or_restart(step)
        ids: list[int] = step.values["candidates"]
        if step.result.index >= len(ids):
            await self._say(step, "booking.not_changed")
            return await step.end_dialog()
        cancelled = await self._bookings.cancel(ids[step.result.index], info.person.sourced_id)
        return await self._cancelled(step, [cancelled] if cancelled else [])

    async def _cancelled(self, step: WaterfallStepContext, cancelled: Sequence[BookingInfo]) -> DialogTurnResult:
        lang = self._lang(step)
        if not cancelled:
            await self._say(step, "booking.cancel_none")
        elif len(cancelled) == 1:
            await self._say(step, "booking.cancelled", resource=cancelled[0].resource_name,
                            **slot_values(lang, cancelled[0].slot, self._zone))
        else:
            await self._say(step, "booking.cancelled_many", count=len(cancelled),
                            lines="; ".join(booking_line(lang, b, self._zone) for b in cancelled[:3])
                            + (" …" if len(cancelled) > 3 else ""))
        return await step.end_dialog()
