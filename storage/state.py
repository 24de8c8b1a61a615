"""SqlStorage: the Bot Framework `Storage` (read/write/delete with eTags) on SQLAlchemy.

Both channels' ConversationState and UserState live here, so a conversation the school
starts over SMS can be continued in Teams and the other way round. Items are serialised
with jsonpickle, as botbuilder's own BlobStorage does, so dialog state objects round-trip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from botbuilder.core import Storage
from jsonpickle import encode
from jsonpickle.unpickler import Unpickler
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database, rowcount
from storage.models import BotState


class ETagConflict(KeyError):
    """A write carried an eTag that no longer matches the stored item."""


def key_hash(key: str) -> str:
    """A fixed-length primary key for any key, however long or odd."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _printable_key(key: str) -> str:
    """The key as text any database stores (PostgreSQL refuses NUL); lookups use the hash."""
    return key.replace("\x00", "\\u0000")


def _etag_of(item: Any) -> str | None:
    if isinstance(item, dict):
        return item.get("e_tag")
    return getattr(item, "e_tag", None)


def _serialise(item: Any) -> str:
    """jsonpickle JSON of the item without its eTag (the eTag lives in its own column)."""
    data = json.loads(encode(item))
    if isinstance(data, dict):
        data.pop("e_tag", None)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _deserialise(data: str, etag: str) -> Any:
    raw = json.loads(data)
    if isinstance(raw, dict):
        raw["e_tag"] = etag
    return Unpickler().restore(raw)


class SqlStorage(Storage):
    """Bot Framework storage in the `bot_state` table; usable after `skolebot db upgrade`."""

    def __init__(self, url_or_db: str | Database) -> None:
        self._owns_db = isinstance(url_or_db, str)
        self._db = Database(url_or_db) if isinstance(url_or_db, str) else url_or_db

    async def close(self) -> None:
        if self._owns_db:
            await self._db.dispose()

    async def read(self, keys: Iterable[str] | None) -> dict[str, Any]:
        if keys is None:
            raise Exception("Keys are required when reading")
        keys = list(keys)
        if not keys:
            return {}
        by_hash = {key_hash(k): k for k in keys}
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(BotState.key_hash, BotState.data, BotState.etag).where(BotState.key_hash.in_(by_hash))
                )
            ).all()
        return {by_hash[h]: _deserialise(data, etag) for h, data, etag in rows}

    async def write(self, changes: Mapping[str, Any] | None) -> None:
        if changes is None:
            raise Exception("Changes are required when writing")
        if not changes:
            return
        prepared = []
        for key, item in dict(changes).items():
            etag = _etag_of(item)
            if etag == "":
                raise Exception("SqlStorage.write(): etag missing")
            prepared.append((key, None if etag == "*" else etag, _serialise(item)))
        async with self._db.transaction() as session:
            for key, expected, data in prepared:
                await self._write_one(session, key, expected, data)

    async def _write_one(self, session: AsyncSession, key: str, expected: str | None, data: str) -> None:
        """Unconditional upsert without an eTag; otherwise compare-and-set in one statement."""
        h, new_etag, now = key_hash(key), uuid.uuid4().hex, dt.datetime.now(dt.UTC)
        values = {"key_hash": h, "key": _printable_key(key), "data": data, "etag": new_etag, "updated_at": now}
        if expected is None:
            stmt = self._insert(session).values(**values)
            stmt = stmt.on_conflict_do_update(
                index_elements=[BotState.key_hash], set_={"data": data, "etag": new_etag, "updated_at": now}
            )
            await session.execute(stmt)
            return
        result = await session.execute(
            update(BotState)
            .where(BotState.key_hash == h, BotState.etag == expected)
            .values(data=data, etag=new_etag, updated_at=now)
        )
        if rowcount(result) == 1:
            return
        inserted = await session.execute(
            self._insert(session).values(**values).on_conflict_do_nothing(index_elements=[BotState.key_hash])
        )
        if rowcount(inserted) != 1:
            raise ETagConflict(f"Etag conflict for key {key[:80]!r}")

    @staticmethod
    def _insert(session: AsyncSession) -> Any:
        dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
        return postgresql.insert(BotState) if dialect == "postgresql" else sqlite.insert(BotState)

    async def delete(self, keys: Iterable[str] | None) -> None:
        if keys is None:
            raise Exception("Keys are required when deleting")
        hashes = [key_hash(k) for k in keys]
        if not hashes:
            return
        async with self._db.transaction() as session:
            await session.execute(delete(BotState).where(BotState.key_hash.in_(hashes)))


__all__ = ["SqlStorage", "ETagConflict", "key_hash"]
