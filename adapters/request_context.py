"""The request id and channel of the work in hand, for log lines: bound where a request or job starts.

Lives with the channels because that is where requests arrive (the SMS adapter binds one per
inbound turn); bot.logs puts them on every log record.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Context variables must live at module level (PEP 567); they hold no state of their own.
REQUEST_ID: ContextVar[str | None] = ContextVar("skolebot_request_id", default=None)
CHANNEL: ContextVar[str | None] = ContextVar("skolebot_channel", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def sane_request_id(value: str | None) -> str | None:
    """A caller's X-Request-Id when it is short and plain (letters, digits, . _ : -); else None."""
    return value if value and _SANE_ID.fullmatch(value) else None


@contextmanager
def request_scope(request_id: str | None = None, *, channel: str | None = None) -> Iterator[str]:
    """Bind a request id (the given one, else the current one, else a new one) and the channel."""
    rid = request_id or REQUEST_ID.get() or new_request_id()
    rid_token = REQUEST_ID.set(rid)
    channel_token = CHANNEL.set(channel) if channel is not None else None
    try:
        yield rid
    finally:
        if channel_token is not None:
            CHANNEL.reset(channel_token)
        REQUEST_ID.reset(rid_token)
