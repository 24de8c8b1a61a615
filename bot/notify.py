"""Messages the school starts to one person: Teams when reachable there, else SMS.

This is the direct path used for one-to-one notifications (the contact teacher told of an
absence, a guardian asked about an unexplained absence). Broadcasts go through the outbox.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.core.teams import teams_notify_user
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, Attachment

from adapters.sms.adapter import SmsAdapter
from adapters.sms.convert import activity_to_sms_texts
from storage.conversations import ConversationRefs, is_personal_reference
from storage.people import People, PersonInfo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    channel: str | None  # "msteams", "sms" or None when the person could not be reached
    reason: str | None = None


def http_status(exc: BaseException) -> int | None:
    """The HTTP status behind a botframework connector error, when there is one."""
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None) or getattr(response, "status", None)


class Notifier:
    def __init__(
        self,
        *,
        people: People,
        refs: ConversationRefs,
        cloud_adapter: CloudAdapter,
        sms_adapter: SmsAdapter,
        app_id: str,
        max_segments: int = 3,
    ) -> None:
        self._people = people
        self._refs = refs
        self._cloud = cloud_adapter
        self._sms = sms_adapter
        self._app_id = app_id
        self._max_segments = max_segments

    async def notify(
        self,
        person: PersonInfo,
        text: str,
        *,
        card: dict[str, Any] | None = None,
        teams: bool = True,
        sms: bool = True,
        ignore_opt_out: bool = False,
        importance: str | None = None,
    ) -> Sent:
        """Teams first when the person has a Teams conversation; SMS otherwise or when Teams fails.

        `importance="high"` marks an urgent notice: the activity's importance, and a Teams alert in the activity feed.
        """
        activity = MessageFactory.text(text)
        activity.locale = person.language
        if importance is not None:
            activity.importance = importance
            teams_notify_user(activity)
        if card is not None:
            activity.attachments = [Attachment(content_type="application/vnd.microsoft.card.adaptive", content=card)]
        if teams and not person.teams_blocked and await self.send_teams(person, activity):
            return Sent("msteams")
        if sms and person.mobile and (ignore_opt_out or not person.sms_opted_out):
            sid = await self.send_sms(person.mobile, activity)
            if sid:
                return Sent("sms")
            return Sent(None, "sms failed")
        return Sent(None, "no channel")

    async def send_teams(self, person: PersonInfo, activity: Activity) -> bool:
        """Into the person's own chat with the bot; never a team channel or group chat (False: use SMS)."""
        reference = None
        for channel in ("msteams", "emulator", "webchat"):
            reference = await self._refs.get(person.sourced_id, channel)
            if is_personal_reference(reference):
                break
            reference = None
        if reference is None:
            return False

        failures: list[BaseException] = []

        async def send(context: TurnContext) -> None:
            # Caught here: CloudAdapter hands errors raised in the callback to on_turn_error and
            # swallows them, so a 403 would otherwise look like a delivered message.
            try:
                await context.send_activity(activity)
            except Exception as exc:
                failures.append(exc)

        try:
            await self._cloud.continue_conversation(reference, send, self._app_id)
            if failures:
                raise failures[0]
        except Exception as exc:
            status = http_status(exc)
            if status in (403, 404):
                await self._people.set_teams_blocked(person.sourced_id, True)
            log.warning("teams notification failed (%s, status %s)", type(exc).__name__, status)
            return False
        return True

    async def send_sms(self, phone: str, activity: Activity) -> str | None:
        sid = None
        for body in activity_to_sms_texts(activity, max_segments=self._max_segments):
            try:
                sid = await self._sms.send_text(phone, body, rate_limited=False)
            except Exception as exc:
                log.warning("sms notification failed: %s", type(exc).__name__)
                return None
        return sid
