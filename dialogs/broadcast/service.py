"""The broadcast operations the dialogs and the CLI share, with no TurnContext in sight.

Each operation takes the person, the time and what they asked for, and returns a result: a
`Prepared` broadcast, a broadcast id, a `Report`, or a `Refusal` naming the text to show. The
dialogs render those (render.py, cards.py) and send them; the messages to the audience go out
through the outbox, never through the sender's turn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.flows import FlowDeps
from bot.settings import Settings
from dialogs.broadcast.render import (
    MAX_SMS_CHARS,
    PreviewNumbers,
    SmsCommand,
    audience_label,
    outgoing_text,
    preview_numbers,
    signature,
    sms_text,
)
from storage.audiences import Audience, UnknownAudience, parse_audience
from storage.broadcasts import Broadcasts, Message, Plan, Report
from storage.outbox import Outbox
from storage.people import People, PersonInfo
from storage.segments import count_segments

PREVIEW_TTL = dt.timedelta(minutes=30)
STATUS_NAMES = 50  # people not reached fetched for a status answer (SMS shows what fits)
_PIN_REFUSALS = {"wrong": "broadcast.pin_wrong", "locked": "broadcast.pin_locked"}


@dataclass(frozen=True)
class Prepared:
    """A broadcast ready to preview and to send."""

    plan: Plan
    message: Message
    numbers: PreviewNumbers


@dataclass(frozen=True)
class Refusal:
    """Why a step did not go ahead: the catalogue key to tell the sender, and its values."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class BroadcastRequest:
    """What a sender asked for: the words, to whom (an audience string), by which channels, and what kind."""

    text: str
    audience: str
    channels: str
    emergency: bool
    drill: bool
    language: str
    sender: PersonInfo | None = None  # who signs it; None: the school


class TooLong(ValueError):
    """The SMS body would pass Twilio's limit (MAX_SMS_CHARS)."""

    def __init__(self, length: int) -> None:
        super().__init__(f"{length} characters")
        self.length = length


def text_refusal(text: str, *, drill: bool, emergency: bool, language: str) -> Refusal | None:
    """Refuse a text whose SMS (with the added emergency/drill words) would be too long; None when it fits."""
    length = len(sms_text(text, drill=drill, emergency=emergency, language=language))
    return Refusal("broadcast.too_long", {"length": length, "max": MAX_SMS_CHARS}) if length > MAX_SMS_CHARS else None


def preview_expired(previewed_at: dt.datetime, now: dt.datetime) -> bool:
    """True when the preview is older than PREVIEW_TTL, so a late "yes" must not send it."""
    return now - previewed_at > PREVIEW_TTL


class BroadcastService:
    """Prepare (resolve, route, count) and send broadcasts, and answer acknowledgements and status requests."""

    def __init__(self, broadcasts: Broadcasts, outbox: Outbox, settings: Settings, people: People) -> None:
        self.broadcasts = broadcasts
        self.outbox = outbox
        self.settings = settings
        self.people = people

    # ------------------------------------------------------------ who may send what to whom

    async def compose_refusal(self, person: PersonInfo | None, *, emergency: bool) -> Refusal | None:
        """Why this person may not start a broadcast (an emergency is for leaders only); None when they may."""
        if person is not None and person.is_guardian:
            return Refusal("staff.guardian_no_broadcast")  # and what a guardian can do instead
        if person is None or not (person.is_leader or person.role == "teacher" or (emergency and person.is_staff)):
            return Refusal("broadcast.not_allowed")
        if emergency and not person.is_leader:  # staff asking for one are told who sends it
            await self.broadcasts.audit(person.sourced_id, "broadcast.refused", {"reason": "emergency_not_leader"})
            leaders = await self.leader_names()
            if leaders:  # a teacher is told whom to ask: the leaders are no secret among staff
                return Refusal("staff.emergency_leaders_only", {"leaders": ", ".join(leaders)})
            return Refusal("broadcast.emergency_leaders_only")
        return None

    async def leader_names(self) -> list[str]:
        """The school leaders' names, sorted: whom staff ask for an emergency alert."""
        return sorted(leader.name for leader in await self.people.by_roles(("administrator",)))

    async def who_sends(self, person: PersonInfo | None) -> Refusal | None:
        """The answer to staff asking who may send an alert (the leaders, by name); None for anyone else."""
        if person is None or not person.is_staff:
            return None
        leaders = await self.leader_names()
        if leaders:
            return Refusal("staff.who_sends", {"leaders": ", ".join(leaders)})
        return Refusal("staff.who_sends_unnamed")

    async def audience_known(self, audience: Audience) -> bool:
        """Whether the class, grade or person the audience names exists in the roster."""
        try:
            await self.broadcasts.audiences.check(audience)
        except UnknownAudience:
            return False
        return True

    async def audience_refusal(
        self, person: PersonInfo | None, audience: Audience, *, emergency: bool
    ) -> Refusal | None:
        """Why this person may not send to this audience (audited, with the classes they teach); None when they may."""
        refusal = await self.broadcasts.refusal(person, audience, emergency=emergency)
        if refusal is None:
            return None
        await self.broadcasts.audit(
            person.sourced_id if person else None, "broadcast.refused", {"reason": refusal, "audience": str(audience)}
        )
        classes = ", ".join(await self.class_titles(person.sourced_id)) if person else ""
        return Refusal(refusal, {"classes": classes or "-"})

    async def own_class_audience(self, person: PersonInfo | None, audience: Audience) -> Audience:
        """A teacher's "alle foresatte" / "alle elever" means their own class when they have just one (the preview
        shows it before anything is sent); any other audience, and a leader's, stays as asked."""
        if person is None or person.role != "teacher" or audience.scope != "school" or audience.members == "all":
            return audience
        titles = await self.class_titles(person.sourced_id)
        return Audience("class", audience.members, titles[0]) if len(titles) == 1 else audience

    async def class_titles(self, teacher_id: str) -> list[str]:
        """The titles of the classes a teacher teaches ("5B"), for suggestions and refusals."""
        return [title for _, title in await self.people.classes_taught(teacher_id)]

    async def audience_name(self, audience: str) -> str | None:
        """The person's name when the audience is one person; None for any other audience."""
        parsed = parse_audience(audience)
        if parsed is None or parsed.scope != "person":
            return None
        person = await self.people.get(audience)
        return person.name if person else None

    async def sms_sender_refusal(
        self,
        person: PersonInfo | None,
        command: SmsCommand | None,
        *,
        phone: str,
        now: dt.datetime,
        inbound_id: str | None,
    ) -> Refusal | None:
        """Why a "VARSEL <PIN> text" by SMS is not taken (not a leader, no command, PIN refused); None when it is.

        The inbound message's stored body is forgotten first: it carries the PIN.
        """
        if command is not None and inbound_id:
            await self.broadcasts.forget_inbound_body(inbound_id)
        if person is None or not person.is_leader:
            return Refusal("broadcast.sms_not_allowed")
        if command is None:
            return Refusal("broadcast.sms_usage")
        return await self.sms_pin_refusal(person, command.pin, phone=phone, now=now, inbound_id=None)

    def sms_request_refusal(self, person: PersonInfo | None, text: str | None) -> Refusal | None:
        """Why a broadcast asked for in plain words by SMS ("send til foresatte i 5B: …") is not taken before the
        PIN is asked for (not a leader, or no text to send); None when the PIN is to be asked for."""
        if person is None or not person.is_leader:
            return Refusal("broadcast.sms_not_allowed")
        if not (text or "").strip():
            return Refusal("broadcast.sms_usage")
        return None

    async def sms_pin_refusal(
        self, person: PersonInfo, pin: str, *, phone: str, now: dt.datetime, inbound_id: str | None
    ) -> Refusal | None:
        """Check a leader's PIN sent from `phone`, with the same lockout as "VARSEL <PIN> …" (three wrong PINs in 15
        minutes lock the number for an hour); None when it is right. A message that carried it is forgotten first."""
        if inbound_id:
            await self.broadcasts.forget_inbound_body(inbound_id)
        check = await self.broadcasts.check_pin(phone, person.sourced_id, pin, now)
        if check.result == "ok":
            return None
        await self.broadcasts.audit(person.sourced_id, f"broadcast.pin_{check.result}", {"channel": "sms"})
        return Refusal(_PIN_REFUSALS.get(check.result, "broadcast.pin_missing"), {"left": check.attempts_left})

    # ------------------------------------------------------------ prepare and send

    async def sender_line(self, sender: PersonInfo | None, *, emergency: bool, language: str) -> str:
        """The sender line: the school for leaders, the shell and every emergency; the teacher's name and the
        school for a teacher's own message."""
        teacher = sender.name if sender is not None and not sender.is_leader and not emergency else None
        return signature(language, await self.people.school_name(), teacher=teacher)

    async def prepare(
        self,
        audience: Audience,
        channels: str,
        text: str,
        *,
        emergency: bool,
        drill: bool,
        language: str,
        sender: PersonInfo | None = None,
    ) -> Prepared:
        """Raises UnknownAudience, or TooLong when the SMS would pass Twilio's 1600 characters.

        Both bodies end with the sender line, so the preview's segment count is what the SMS costs.
        """
        emergency = emergency or drill
        signed = await self.sender_line(sender, emergency=emergency, language=language)
        body = sms_text(text, drill=drill, emergency=emergency, language=language, signature=signed)
        if len(body) > MAX_SMS_CHARS:
            raise TooLong(len(body))
        plan = await self.broadcasts.plan(audience, channels, emergency=emergency)
        msg = Message(
            text=text.strip(),
            sms_body=body,
            teams_body=outgoing_text(text, drill=drill, emergency=emergency, language=language, signature=signed),
            segments=count_segments(body).segments,
            drill=drill,
            language=language,
        )
        numbers = preview_numbers(
            plan.routes,
            plan.opted_out,
            sms_body=body,
            sms_rate=self.settings.sms_rate,
            teams_rate=self.settings.teams_rate,
        )
        return Prepared(plan, msg, numbers)

    async def prepare_request(self, request: BroadcastRequest) -> Prepared | Refusal:
        """The broadcast's plan, or why not (unknown audience, too long, nobody in it)."""
        audience = parse_audience(request.audience)
        try:
            if audience is None:
                raise UnknownAudience(request.audience)
            prepared = await self.prepare(
                audience,
                request.channels,
                request.text,
                emergency=request.emergency,
                drill=request.drill,
                language=request.language,
                sender=request.sender,
            )
        except UnknownAudience:
            return Refusal(
                "broadcast.unknown_audience", {"audience": audience_label(request.language, request.audience)}
            )
        except TooLong as exc:
            return Refusal("broadcast.too_long", {"length": exc.length, "max": MAX_SMS_CHARS})
        if not prepared.plan.recipients:  # the group in words ("foresatte i 9Z"), not as stored
            return Refusal("broadcast.no_recipients", {"audience": audience_label(request.language, request.audience)})
        return prepared

    async def confirm(
        self, request: BroadcastRequest, *, send: bool, previewed_at: dt.datetime, now: dt.datetime
    ) -> Prepared | Refusal:
        """The broadcast to send when the sender said yes within PREVIEW_TTL of the preview; otherwise why not."""
        if not send:
            return Refusal("broadcast.cancelled")
        if preview_expired(previewed_at, now):
            return Refusal("broadcast.expired")
        return await self.prepare_request(request)

    async def send(
        self, prepared: Prepared, *, sender_id: str | None, actor: str | None, origin: str, now: dt.datetime
    ) -> int:
        """Queue it (broadcast, deliveries and audit entry in one transaction) and wake the workers."""
        broadcast_id = await self.broadcasts.create(
            prepared.plan, prepared.message, sender_id=sender_id, actor=actor, origin=origin, now=now
        )
        self.outbox.wake()
        return broadcast_id

    # ------------------------------------------------------------ reports and acknowledgements

    async def report(self, broadcast_id: int, *, limit: int | None = None) -> Report | None:
        """Where a broadcast stands; `limit` caps the people not reached that are listed."""
        return await self.broadcasts.report(broadcast_id, limit=limit)

    async def remember_report(self, broadcast_id: int, reference: str, activity_id: str) -> None:
        """Where the sender's live report card is (a conversation reference as JSON), so it can be updated."""
        await self.broadcasts.set_report(broadcast_id, reference, activity_id)

    async def status_report(self, person: PersonInfo, broadcast_id: int | None) -> Report | None:
        """The report `person` asked for ("status [id]"), or None when there is none they may see."""
        visible = await self.broadcasts.visible_to(person, broadcast_id)
        return await self.broadcasts.report(visible, limit=STATUS_NAMES) if visible is not None else None

    async def awaiting_ack(self, person_id: str, now: dt.datetime) -> int | None:
        """The emergency this person has not acknowledged yet, if any."""
        return await self.broadcasts.awaiting_ack(person_id, now)

    async def acknowledge(
        self, person_id: str, channel: str, now: dt.datetime, broadcast_id: int | None = None
    ) -> int | None:
        """Record "OK" for that emergency (or the latest awaiting one); its id, or None when none fits."""
        return await self.broadcasts.acknowledge(person_id, channel, now, broadcast_id=broadcast_id)


def service_for(deps: FlowDeps) -> BroadcastService:
    """The flow's service, wired from the app's typed dependencies (the dialogs and the CLI use the same)."""
    return BroadcastService(Broadcasts(deps.db), deps.outbox, deps.settings, deps.people)
