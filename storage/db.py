"""The database engine: SQLite (WAL, busy timeout, BEGIN IMMEDIATE) or PostgreSQL (asyncpg)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any, cast

from sqlalchemy import CursorResult, Result, event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

SQLITE_BUSY_TIMEOUT_MS = 15000
READ_ONLY = "skolebot_read_only"
_IN_TRANSACTION: ContextVar[bool] = ContextVar("skolebot_in_sqlite_transaction", default=False)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _configure_sqlite(engine: AsyncEngine) -> None:
    """WAL for concurrent readers; BEGIN IMMEDIATE so two writers queue instead of deadlocking.

    A deferred SQLite transaction that reads and then writes can fail at once with
    SQLITE_BUSY when another connection upgraded first (the busy handler is not called
    in that case). Taking the write lock at BEGIN makes every transaction wait its turn.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


def rowcount(result: Result[Any]) -> int:
    """How many rows an INSERT, UPDATE or DELETE matched.

    The session's execute() is typed to return a plain Result, but for these statements it is a
    CursorResult; casting is SQLAlchemy's own advice (changelog 2.0.44).
    """
    return cast(CursorResult[Any], result).rowcount


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine for `url`, configured for safe concurrent writes."""
    if is_sqlite(url):
        engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)  # survive a database restart
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    return create_async_engine(url, **kwargs)


class Database:
    """The engine and its session factory; one per application, disposed on shutdown."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time. Queuing this process's transactions on an asyncio lock
        # is far quicker than letting SQLite's busy handler sleep-poll for the file lock; other
        # processes (a `skolebot worker`) still wait on the busy handler as before.
        self._sqlite_turn = asyncio.Lock() if is_sqlite(url) else None

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One operation, one transaction: committed on success, rolled back on error."""
        if self._sqlite_turn is None or _IN_TRANSACTION.get():
            async with self.sessions() as session, session.begin():
                yield session
            return
        async with self._sqlite_turn:
            token = _IN_TRANSACTION.set(True)
            try:
                async with self.sessions() as session, session.begin():
                    yield session
            finally:
                _IN_TRANSACTION.reset(token)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read-only transaction. On SQLite (WAL) it takes no write lock and does not queue behind
        writers, so lookups on the hot path of a turn run beside the writes."""
        if self._sqlite_turn is None or _IN_TRANSACTION.get():
            async with self.transaction() as session:
                yield session
            return
        async with self.sessions() as session:
            await session.connection(execution_options={READ_ONLY: True})  # begins: BEGIN (deferred)
            yield session  # closing the session returns the connection, which ends the read

    async def dispose(self) -> None:
        await self.engine.dispose()
