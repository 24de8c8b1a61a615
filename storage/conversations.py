"""Conversation references, kept in the database so proactive messages survive restarts."""

from __future__ import annotations

import datetime as dt
import json

from botbuilder.schema import ConversationReference
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from storage.db import Database
from storage.models import ConversationRef


REWRITE_AFTER = dt.timedelta(minutes=10)


class ConversationRefs:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._written: dict[tuple[str, str], tuple[tuple[str, str | None, str], dt.datetime]] = {}

    async def save(self, person_id: str, reference: ConversationReference) -> None:
        """Insert or replace this person's reference on that channel.

        Every message carries the same reference (but for its activity id), so a write this process
        made in the last few minutes for the same conversation is not repeated.
        """
        data = json.dumps(reference.serialize(), ensure_ascii=False)
        now = dt.datetime.now(dt.timezone.utc)
        signature = (reference.conversation.id if reference.conversation else "", reference.service_url,
                     reference.bot.id if reference.bot else "")
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
        async with self._db.read() as s:
            row = (
                await s.execute(
                    select(ConversationRef.reference).where(
                        ConversationRef.person_id == person_id, ConversationRef.channel_id == channel_id
                    )
                )
            ).scalar_one_or_none()
        return ConversationReference().deserialize(json.loads(row)) if row else None

    async def channels_of(self, person_id: str) -> set[str]:
        async with self._db.read() as s:
            rows = (
                await s.execute(select(ConversationRef.channel_id).where(ConversationRef.person_id == person_id))
            ).scalars().all()
        return set(rows)
