"""Conversation references, kept in the database so proactive messages survive restarts.

Only one-to-one conversations are kept or handed out: the school's notices name children, so they
must never travel into a Teams team channel or group chat (see `is_personal`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from botbuilder.schema import ConversationAccount, ConversationReference
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from storage.db import Database
from storage.models import ConversationRef

log = logging.getLogger(__name__)

REWRITE_AFTER = dt.timedelta(minutes=10)

# Teams names channels and group chats "19:…@thread.tacv2" / "@thread.skype" / "@thread.v2", and a
# channel post's reply chain adds ";messageid=…". A one-to-one chat with a bot is "a:…".
_SHARED_ID_MARKERS = ("@thread.", ";messageid=")


def is_personal(channel_id: str | None, conversation: ConversationAccount | None) -> bool:
    """Is this clearly a one-to-one conversation (Teams personal scope, SMS, the Emulator)? Fails closed.

    Shared: no conversation or id; `isGroup` anything but absent/false; a Teams thread id; a
    `conversationType` other than "personal" (Teams sends "channel" and "groupChat"). Without a
    type, a Teams conversation counts as personal only with a personal-chat id ("a:…"), and any
    other channel only when its id is not a Teams "19:…" id.
    """
    if conversation is None or not conversation.id:
        return False
    if conversation.is_group not in (None, False):
        return False
    cid = str(conversation.id).lower()
    if any(marker in cid for marker in _SHARED_ID_MARKERS):
        return False
    kind = str(conversation.conversation_type or "").strip().lower()
    if kind:
        return kind == "personal"
    if channel_id == "msteams":
        return cid.startswith("a:")
    return not cid.startswith("19:")


def is_personal_reference(reference: ConversationReference | None) -> bool:
    """May a proactive message go to this stored reference? Only into a one-to-one conversation."""
    return reference is not None and is_personal(reference.channel_id, reference.conversation)


class ConversationRefs:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._written: dict[tuple[str, str], tuple[tuple[str, str | None, str], dt.datetime]] = {}

    async def save(self, person_id: str, reference: ConversationReference) -> None:
        """Insert or replace this person's reference on that channel.

        Every message carries the same reference (but for its activity id), so a write this process
        made in the last few minutes for the same conversation is not repeated. A team channel or group
        chat is never kept: the person's notices would be read there by everyone.
        """
        if not is_personal_reference(reference):
            log.warning("not keeping a %s conversation for notices: it is not one-to-one", reference.channel_id)
            return
        data = json.dumps(reference.serialize(), ensure_ascii=False)
        now = dt.datetime.now(dt.UTC)
        signature = (
            reference.conversation.id if reference.conversation else "",
            reference.service_url,
            reference.bot.id if reference.bot else "",
        )
        recent = self._written.get((person_id, reference.channel_id or ""))
        if recent is not None and recent[0] == signature and now - recent[1] < REWRITE_AFTER:
            return
        values = {
            "person_id": person_id,
            "channel_id": reference.channel_id or "",
            "conversation_id": reference.conversation.id if reference.conversation else "",
            "reference": data,
            "updated_at": now,
        }
        insert = postgresql.insert if not self._db.is_sqlite else sqlite.insert
        stmt = insert(ConversationRef).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[ConversationRef.person_id, ConversationRef.channel_id],
            set_={"conversation_id": values["conversation_id"], "reference": data, "updated_at": now},
        )
        async with self._db.transaction() as s:
            await s.execute(stmt)
        self._written[(person_id, reference.channel_id or "")] = (signature, now)

    async def get(self, person_id: str, channel_id: str) -> ConversationReference | None:
        """This person's one-to-one conversation on that channel, or None."""
        async with self._db.read() as s:
            row = (
                await s.execute(
                    select(ConversationRef.reference).where(
                        ConversationRef.person_id == person_id, ConversationRef.channel_id == channel_id
                    )
                )
            ).scalar_one_or_none()
        reference = ConversationReference().deserialize(json.loads(row)) if row else None
        if reference is not None and not is_personal_reference(reference):
            log.warning("ignoring a stored %s conversation that is not one-to-one", channel_id)
            return None  # kept before the personal-only rule: never used for a notice
        return reference
