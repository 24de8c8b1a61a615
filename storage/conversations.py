"""Conversation references, kept in the database so proactive messages survive restarts."""

from __future__ import annotations

import datetime as dt
import json

from botbuilder.schema import ConversationReference
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from storage.db import Database
from storage.models import ConversationRef


class ConversationRefs:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def save(self, person_id: str, reference: ConversationReference) -> None:
        """Insert or replace this person's reference on that channel."""
        data = json.dumps(reference.serialize(), ensure_ascii=False)
        now = dt.datetime.now(dt.timezone.utc)
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

    async def get(self, person_id: str, channel_id: str) -> ConversationReference | None:
        async with self._db.transaction() as s:
            row = (
                await s.execute(
                    select(ConversationRef.reference).where(
                        ConversationRef.person_id == person_id, ConversationRef.channel_id == channel_id
                    )
                )
            ).scalar_one_or_none()
        return ConversationReference().deserialize(json.loads(row)) if row else None

    async def channels_of(self, person_id: str) -> set[str]:
        async with self._db.transaction() as s:
            rows = (
                await s.execute(select(ConversationRef.channel_id).where(ConversationRef.person_id == person_id))
            ).scalars().all()
        return set(rows)
