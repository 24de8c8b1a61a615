"""SchoolBot: one bot for Teams and SMS: who is this, continue or begin a dialog, save state once.

Only in a one-to-one conversation: a Teams team channel or group chat gets one line pointing to a direct message.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from botbuilder.core import ConversationState, MessageFactory, TurnContext, UserState
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.dialogs import ComponentDialog, Dialog, DialogContext, DialogSet, DialogTurnStatus
from botbuilder.dialogs.choices import Choice, ChoiceRecognizers
from botbuilder.dialogs.prompts import ChoicePrompt, ConfirmPrompt, Prompt, PromptOptions
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount

from bot.identity import Identifier
from bot.keyed_lock import KeyedLocks
from bot.keywords import keyword
from bot.language import chosen_language, guess_language
from bot.logs import request_scope
from bot.metrics import Metrics
from bot.texts import normalise_language, t
from bot.turn import TURN_KEY, KnownTurn, TurnInfo
from bot.understanding.answers import Option, is_whole_answer, options_from
from dialogs.common import answer_options, help_text, is_cancel, is_help, message, reply
from dialogs.main import ROUTE_KEY, Route
from storage.conversations import ConversationRefs, is_personal
from storage.people import People, PersonInfo
from storage.roster_cache import roster_turn
from storage.state import ETagConflict

log = logging.getLogger(__name__)


async def _always(_context: TurnContext) -> bool:
    return True


YES_NO = (Choice("ja"), Choice("nei"), Choice("yes"), Choice("no"))


def answers_question(text: str, choices: list[Choice], *, yes_no: bool, answers: Sequence[Option] = ()) -> bool:
    """Does the message answer the waiting question, and nothing more?

    In the person's own words first (bot.understanding.answers: "den minste", "ja takk", "Emma
    Nordmann", a reason in a sentence); then botbuilder's recogniser, by number or name: a message
    that is mostly the choice ("2", "Emma", "Musikkrom 2 10:00-11:00"). Not a new request that
    happens to name one of them ("Emma har tannlege i morgen kl 10", "nei, book rom 2 i stedet").
    """
    options = list(answers) or options_from([c.value for c in choices], [list(c.synonyms or []) for c in choices])
    if yes_no and not any(o.yes is not None for o in options):
        options = options_from(["ja", "nei"])
    if is_whole_answer(text, options):
        return True
    found = ChoiceRecognizers.recognize_choices(text, choices) if choices and not yes_no else []
    if not found:
        return False
    covered = sum(r.end - r.start + 1 for r in found)
    return covered * 2 >= len(text.strip())


@dataclass(frozen=True)
class Pending:
    """The question waiting for an answer: its choices, whether it is yes/no, and what each choice means."""

    choices: list[Choice]
    yes_no: bool
    answers: list[Option]
    request: tuple[str, object] | None = None  # the flow dialog that asks, and the options it was started with
    own_requests: bool = False  # the prompt tells its own flow's new requests from answers (tells_new_requests)


def _flow_request(dc: DialogContext) -> tuple[str, object] | None:
    """The flow dialog under the main dialog (e.g. "AbsenceReportDialog") and the options it began with."""
    main = dc.active_dialog
    stack = getattr((main.state or {}).get("dialogs") if main else None, "dialog_stack", None) or []
    if len(stack) < 2:
        return None
    flow = stack[-2]  # the bottom is the main waterfall; the flow it began sits on top of it
    inner = getattr((flow.state or {}).get("dialogs"), "dialog_stack", None) or []
    return flow.id, ((inner[-1].state or {}).get("options") if inner else None)


async def pending_choices(dc: DialogContext) -> Pending | None:
    """The choice question waiting for an answer (or a free-word one a new request may interrupt); None when
    no such question waits."""
    instance = dc.active_dialog
    dialog = dc.find_dialog_sync(instance.id) if instance else None
    while isinstance(dialog, ComponentDialog) and instance is not None:
        inner = (instance.state or {}).get("dialogs")
        stack = getattr(inner, "dialog_stack", None) or []
        instance = stack[0] if stack else None
        dialog = await dialog.find_dialog(instance.id) if instance else None
    if isinstance(dialog, ConfirmPrompt):
        return Pending(list(YES_NO), True, options_from(["ja", "nei"]), _flow_request(dc))
    if isinstance(dialog, ChoicePrompt) and instance is not None:
        options = (instance.state or {}).get(Prompt.persisted_options)
        answers = answer_options(options if isinstance(options, PromptOptions) else None)
        yes_no = any(o.yes is not None for o in answers)
        own = bool(getattr(dialog, "tells_new_requests", False))
        return Pending(list(getattr(options, "choices", None) or []), yes_no, answers, _flow_request(dc), own)
    if getattr(dialog, "new_requests_win", False):  # a free-word question (day, time): another flow's request wins
        return Pending([], False, [], _flow_request(dc), own_requests=True)
    return None


def one_to_one(activity: Activity) -> bool:
    """A person's own chat with the bot (Teams personal scope, the Emulator, SMS), not a team or group chat.

    Fails closed (storage.conversations.is_personal); an activity that carries a Teams team or
    channel in its channelData is shared whatever its conversation says.
    """
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    if any(data.get(key) for key in ("team", "channel", "teamsChannelId")):
        return False
    return is_personal(activity.channel_id, activity.conversation)


def shared_reply_key(activity: Activity) -> str | None:
    """What a team channel or group chat is told: the direct-message line for every message (a card
    submit too) and, once, for the install; nothing for any other event."""
    if activity.type == ActivityTypes.message:
        return "scope.direct_message"
    if activity.type == ActivityTypes.installation_update and activity.action == "add":
        return "scope.installed"
    return None


class SchoolBot(TeamsActivityHandler):
    """The same bot behind /api/messages and /api/sms."""

    def __init__(
        self,
        *,
        conversation_state: ConversationState,
        user_state: UserState,
        main_dialog: Dialog,
        identifier: Identifier,
        people: People,
        refs: ConversationRefs,
        zone: ZoneInfo,
        default_language: str = "nb",
        clock: Callable[[], dt.datetime] | None = None,
        answer_unknown: Callable[[TurnContext], Awaitable[bool]] | None = None,
        metrics: Metrics | None = None,
        router: Callable[[TurnContext], Awaitable[Route]] | None = None,
        school_phone: Callable[[], Awaitable[str | None]] | None = None,
        undo: Callable[[TurnContext], Awaitable[Route | None]] | None = None,
    ) -> None:
        super().__init__()
        self.conversation_state = conversation_state
        self.user_state = user_state
        self._dialog_state = conversation_state.create_property("DialogState")
        self._dialogs = DialogSet(self._dialog_state)
        self._dialogs.add(main_dialog)
        self._main_id = main_dialog.id
        self._identifier = identifier
        self._people = people
        self._refs = refs
        self._zone = zone
        self._default_language = default_language
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._answer_unknown = answer_unknown or _always
        self._router = router
        self._metrics = metrics or Metrics()
        self._conversations = KeyedLocks()
        self._school_phone = school_phone
        self._undo = undo  # a flow's offer to undo its last act ("avbryt" right after a report)

    async def on_turn(self, turn_context: TurnContext) -> None:
        """Every turn under a request id and its channel, timed for /metrics."""
        channel = turn_context.activity.channel_id or ""
        started = time.perf_counter()
        conversation = turn_context.activity.conversation
        key = f"{channel}/{conversation.id if conversation else ''}"
        with request_scope(channel=channel):
            try:
                async with self._conversations.hold(key):  # a quick second message waits for the first
                    with roster_turn():  # the roster is checked for changes once per turn, not per look-up
                        await self._on_turn(turn_context)
            finally:
                seconds = time.perf_counter() - started
                self._metrics.observe_turn(channel, seconds)
                kind = turn_context.activity.type
                log.debug("turn took %.0f ms (%s)", seconds * 1000, getattr(kind, "value", kind))

    async def _on_turn(self, turn_context: TurnContext) -> None:
        if not one_to_one(turn_context.activity):
            await self._shared_conversation(turn_context)
            return
        info = TurnInfo(
            person=None,
            language=self._default_language,
            now=self._clock().astimezone(self._zone),
            channel_id=turn_context.activity.channel_id or "",
        )
        try:
            info = await self._turn_info(turn_context)
            turn_context.turn_state[TURN_KEY] = info
            # every reply takes its locale from the incoming activity (botbuilder's conversation reference),
            # so the SMS answer line ("Reply 1 for …") is worded in the person's language, not the default
            turn_context.activity.locale = info.language
            await super().on_turn(turn_context)
        except Exception:
            log.exception("turn failed on channel %s", turn_context.activity.channel_id)
            self._metrics.turn_failed(turn_context.activity.channel_id)
            await self._recover(turn_context, info)
            return
        try:
            await self.conversation_state.save_changes(turn_context)
            await self.user_state.save_changes(turn_context)
        except ETagConflict:  # another replica answered this conversation at the same moment
            log.warning("conversation state changed elsewhere during this turn; this turn's change is dropped")

    async def _shared_conversation(self, context: TurnContext) -> None:
        """A team channel or group chat: one neutral line in the person's language, nothing else.

        Children's data is only for one-to-one conversations, so no dialog starts or continues here,
        no state is loaded or saved, and no conversation is kept for notices.
        """
        activity = context.activity
        key = shared_reply_key(activity)
        kind = activity.conversation.conversation_type if activity.conversation else None
        log.info(
            "%s in a shared conversation (%s): %s",
            activity.type,
            kind or "no type",
            "pointed to a direct message" if key else "ignored",
        )
        if key is None:
            return
        try:
            language = await self._shared_language(context)
            line = MessageFactory.text(t(language, key))
            line.locale = language
            await context.send_activity(line)
        except Exception:
            log.exception("could not answer in a shared conversation on channel %s", activity.channel_id)
            self._metrics.turn_failed(activity.channel_id)

    async def _shared_language(self, context: TurnContext) -> str:
        """The writer's stored language (or the one their words show), read without writing anything."""
        person = None
        if context.activity.type == ActivityTypes.message:
            try:
                person = await self._identifier.identify(context)
            except Exception:
                log.warning("could not identify the writer in a shared conversation", exc_info=True)
        text = context.activity.text
        return normalise_language(
            (person.language if person else None)
            or chosen_language(text)
            or guess_language(text)
            or self._default_language
        )

    async def _recover(self, context: TurnContext, info: TurnInfo) -> None:
        """A short apology, and this conversation's state reset so the next message starts clean."""
        try:
            await context.send_activity(t(info.language, "error.apology"))
        except Exception:
            log.exception("could not send the apology")
        try:
            await self.conversation_state.load(context)  # delete() needs the state in the turn's cache
            await self.conversation_state.delete(context)
        except Exception:
            log.exception("could not reset the conversation state")

    async def _turn_info(self, context: TurnContext) -> TurnInfo:
        activity = context.activity
        person = None
        if activity.type in ("message", "conversationUpdate", "installationUpdate", "invoke"):
            person = await self._identifier.identify(context)
        language = normalise_language(person.language if person and person.language else self._default_language)
        if person is not None and activity.type == "message":
            chosen = chosen_language(activity.text)
            guessed = None if person.language else guess_language(activity.text)
            if chosen or guessed:
                language = chosen or guessed or language
                await self._people.set_language(person.sourced_id, language)
        elif person is None and activity.type == "message":  # an unknown writer: answered in their words' language
            language = normalise_language(chosen_language(activity.text) or guess_language(activity.text) or language)
        now = self._clock().astimezone(self._zone)
        if person is None:
            return TurnInfo(person=None, language=language, now=now, channel_id=activity.channel_id or "")
        return KnownTurn(person=person, language=language, now=now, channel_id=activity.channel_id or "")

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        turn = KnownTurn.of(turn_context.turn_state[TURN_KEY])
        if turn is None:
            if await self._answer_unknown(turn_context):
                await turn_context.send_activity(await self._unknown_reply(turn_context))
            return
        if turn.is_sms and await self._sms_keyword(turn_context, turn):
            return
        await self._remember_conversation(turn_context, turn.person)
        if chosen_language(turn_context.activity.text):  # stored by _turn_info; confirmed in the new language
            await turn_context.send_activity(reply(turn_context, "language.changed"))
            return
        dc = await self._dialogs.create_context(turn_context)
        text = turn_context.activity.text
        if is_cancel(text):
            waiting = dc.active_dialog is not None
            await dc.cancel_all_dialogs()
            undo = None if waiting or self._undo is None else await self._undo(turn_context)
            if undo is None:
                await turn_context.send_activity(reply(turn_context, "cancelled"))
                return
            turn_context.turn_state[ROUTE_KEY] = undo  # nothing was waiting: the flow asks what to undo
            await dc.begin_dialog(self._main_id)
            return
        if is_help(text) and dc.active_dialog is not None:
            await turn_context.send_activity(message(turn_context, help_text(turn_context)))
            await dc.reprompt_dialog()
            return
        if await self._starts_something_new(dc, turn_context):
            await dc.cancel_all_dialogs()
        result = await dc.continue_dialog()
        if result.status == DialogTurnStatus.Empty:
            await dc.begin_dialog(self._main_id)

    async def _unknown_reply(self, context: TurnContext) -> Activity:
        """Someone not in the roster: who we are not, and the school's number to call when there is one."""
        phone = await self._school_phone() if self._school_phone is not None else None
        return reply(context, "contact.unknown_person", phone=phone) if phone else reply(context, "unknown_person")

    async def _starts_something_new(self, dc: DialogContext, context: TurnContext) -> bool:
        """A new request while a choice question waits ("fravær", "borte: Ola", "Emma er syk i dag"
        instead of "1") starts over instead of being answered with the question again; an answer
        in the person's own words ("den minste", "ja takk") stays an answer."""
        router = self._router
        pending = await pending_choices(dc) if router is not None else None
        if router is None or pending is None:
            return False
        text = context.activity.text or ""
        if not text.strip() or answers_question(text, pending.choices, yes_no=pending.yes_no, answers=pending.answers):
            return False  # a card's submit, or an answer ("den minste", "ja takk", "Musikkrom 2 10:00-11:00")
        route = await router(context)
        context.turn_state[ROUTE_KEY] = route  # the main dialog will not classify it again
        if route.dialog_id is None or route.fallback:
            return False  # not a request of its own: the question gets it, and asks again in other words
        if pending.own_requests and pending.request is not None and pending.request[0] == route.dialog_id:
            return False  # its own flow's question decides ("Møterom 1" from a list of free rooms is an answer)
        # The same request again ("vet ikke" to the same follow-up) is not a new one.
        return pending.request != (route.dialog_id, dict(route.options))

    async def _sms_keyword(self, context: TurnContext, turn: KnownTurn) -> bool:
        """STOP / START / HJELP by SMS; True when the message was one of them."""
        word = keyword(context.activity.text)
        if word is None:
            return False
        if word == "stop":
            await self._people.set_sms_opt_out(turn.person.sourced_id, True)
            await context.send_activity(reply(context, "sms.stopped"))
        elif word == "start":
            await self._people.set_sms_opt_out(turn.person.sourced_id, False)
            await context.send_activity(reply(context, "sms.started"))
        else:
            await context.send_activity(message(context, help_text(context)))
        return True

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self._welcome(turn_context)

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        turn = KnownTurn.of(turn_context.turn_state[TURN_KEY])
        if turn is not None:  # only a personal scope gets here: a team's uninstall blocks nothing
            await self._people.set_teams_blocked(turn.person.sourced_id, True)

    async def on_members_added_activity(self, members_added: list[ChannelAccount], turn_context: TurnContext) -> None:
        if turn_context.activity.channel_id == "msteams":
            return  # Teams sends an installationUpdate for the same install, and that one welcomes
        recipient = turn_context.activity.recipient
        if any(m.id == (recipient.id if recipient else None) for m in members_added):
            await self._welcome(turn_context)

    async def _welcome(self, context: TurnContext) -> None:
        """Greet by name in the person's language in their own chat; someone unknown gets the plain welcome."""
        turn = KnownTurn.of(context.turn_state[TURN_KEY])
        if turn is None:
            await context.send_activity(reply(context, "welcome.installed"))
            return
        await self._remember_conversation(context, turn.person)
        text = t(turn.language, "greeting", name=turn.person.given_name) + " " + t(turn.language, "greeting.help_hint")
        await context.send_activity(message(context, text))

    async def _remember_conversation(self, context: TurnContext, person: PersonInfo) -> None:
        """Keep this chat for proactive notices; a person writing or installing here has not blocked the bot."""
        await self._refs.save(person.sourced_id, TurnContext.get_conversation_reference(context.activity))
        if person.teams_blocked and context.activity.channel_id != "sms":
            await self._people.set_teams_blocked(person.sourced_id, False)
