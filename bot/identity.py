"""Channel user -> roster person, as PRODUCT.md's "Who is who" says."""

from __future__ import annotations

import datetime as dt
import logging

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from storage.people import People, PersonInfo
from storage.sms_log import SmsLog

log = logging.getLogger(__name__)


class Identifier:
    """Finds the roster person behind an activity; remembers Teams' AAD object id once matched."""

    def __init__(self, people: People, *, local_mode: bool) -> None:
        self._people = people
        self._local_mode = local_mode

    async def identify(self, context: TurnContext) -> PersonInfo | None:
        activity = context.activity
        sender = activity.from_property
        if sender is None or not sender.id:
            return None
        if activity.channel_id == "sms":
            return await self._people.by_phone(sender.id)
        if activity.channel_id == "msteams" and sender.aad_object_id:  # never taken from another channel
            person = await self._people.by_aad_object_id(sender.aad_object_id)
            if person is not None:
                return person
        if activity.channel_id == "msteams":
            person = await self._from_teams_member(context)
            if person is not None:
                return person
        if self._local_mode:
            return await self._people.by_account(sender.id, sender.name)
        return None

    async def _from_teams_member(self, context: TurnContext) -> PersonInfo | None:
        """Teams member lookup: userPrincipalName or email against the roster's username/email."""
        try:
            member = await TeamsInfo.get_member(context, context.activity.from_property.id)
        except Exception as exc:  # the connector may be down or the user unknown to it
            log.warning("teams member lookup failed: %s", type(exc).__name__)
            return None
        person = await self._people.by_account(
            getattr(member, "user_principal_name", None), getattr(member, "email", None)
        )
        aad = getattr(member, "aad_object_id", None) or context.activity.from_property.aad_object_id
        if person is not None and aad:
            await self._people.remember_aad_object_id(person.sourced_id, aad)
        return person


class AnswerUnknownDaily:
    """Whether to answer someone not in the roster: unknown phone numbers get one polite answer a day,
    never a conversation (a stranger's texts cost the school money); other channels always get one."""

    def __init__(self, sms_log: SmsLog) -> None:
        self._sms_log = sms_log

    async def __call__(self, context: TurnContext) -> bool:
        if context.activity.channel_id != "sms":
            return True
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        return await self._sms_log.recent_from(context.activity.from_property.id, since) <= 1
