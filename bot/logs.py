"""Logging: text or JSON lines, a request id through every turn, and phone numbers masked in every record.

`configure(settings)` is what `skolebot` runs at start; `install(...)` is the same for tests that
capture a run's log. The request id lives in a context variable: an aiohttp middleware sets it for
every request (X-Request-Id when sane, else a new one) and answers with it; background work (SMS
turns, the outbox worker, periodic jobs) binds one with `request_scope`. Tasks created while it is
set inherit it, because asyncio copies the context into every new task.

Defence in depth: `PrivacyFilter` sits on every handler `install` attaches and masks anything that
looks like a phone number (keeping the last three digits) in the message, its arguments, extras
and tracebacks, drops query strings from logged request lines, and replaces the token of every
secret link path in them (/u/<token>, /stats/<token>, /calendar/…/<token>.ics). Library loggers
that would print SQL parameters or HTTP payloads at DEBUG are held at a level where they do not.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import traceback
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import IO, Any, TypeVar

from aiohttp import web

from adapters.request_context import CHANNEL, REQUEST_ID, new_request_id, request_scope, sane_request_id
from bot.signed_links import redact_links
from storage.phones import mask_phone

REQUEST_ID_HEADER = "X-Request-Id"
FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

# Loggers that print SQL with its parameters, HTTP bodies or per-call chatter when they inherit
# DEBUG/INFO: never below these levels, whatever the root level (SQLAlchemy's echo stays off too).
LIBRARY_LEVELS: Mapping[str, int] = {
    "sqlalchemy.engine": logging.WARNING,
    "sqlalchemy.pool": logging.WARNING,
    "sqlalchemy.orm": logging.WARNING,
    "aiosqlite": logging.INFO,  # DEBUG shows every statement with its parameters
    "asyncpg": logging.INFO,
    "msrest": logging.WARNING,  # DEBUG logs connector request bodies
    "msal": logging.WARNING,
    "botframework": logging.INFO,
    "twilio": logging.WARNING,  # INFO logs every REST request
    "urllib3": logging.WARNING,
    "asyncio": logging.INFO,
    "alembic": logging.INFO,
}


Job = TypeVar("Job", bound=Callable[[], Awaitable[object]])


def with_fresh_request_id(job: Job, prefix: str) -> Job:
    """Wrap a periodic job so each run logs under its own id, e.g. "job-3f2a9c1e0b7d4e21"."""

    @wraps(job)
    async def run() -> object:
        with request_scope(f"{prefix}-{new_request_id()}"):
            return await job()

    return run  # type: ignore[return-value]


def _channel_of(path: str) -> str | None:
    return "sms" if path.startswith("/api/sms") else None


@web.middleware
async def request_id_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Every request runs under a request id, answered in X-Request-Id.

    Not reset afterwards on purpose: aiohttp runs each request in its own task (a copied
    context), so the id also reaches the access log line written after the handler returns.
    """
    rid = sane_request_id(request.headers.get(REQUEST_ID_HEADER)) or new_request_id()
    REQUEST_ID.set(rid)
    channel = _channel_of(request.path)
    if channel is not None:
        CHANNEL.set(channel)
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers[REQUEST_ID_HEADER] = rid
        raise
    if not response.prepared:
        response.headers[REQUEST_ID_HEADER] = rid
    return response


# ---------------------------------------------------------------------------- masking (pure)


_PHONE = re.compile(
    r"""
    (?<![\w+%.])
    (?:
        (?P<intl>(?:\+|%2[bB]|\b00)[1-9](?:[ .\-]?\d){6,14})   # +4790000001, +47 900 00 001, %2B47..., 0047...
      | (?P<national>(?:47)?[2-9]\d{7}                          # 90000001, 4790000001
          | [2-9]\d{2}\x20\d{2}\x20\d{3}                        # 900 00 001
          | [2-9]\d(?:\x20\d{2}){3}                             # 90 00 00 01
          | [2-9]\d{3}\x20\d{4})                                # 9000 0001
    )
    (?!\w)
    """,
    re.VERBOSE,
)
_REQUEST_LINE_QUERY = re.compile(r"\b((?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) [^\s?\"]*)\?[^\s\"]*")
QUERY_REMOVED = "?<query removed>"


def _mask_match(match: re.Match[str]) -> str:
    text = match.group(0)
    if match.group("intl") is not None:
        number = text[3:] if text[:3].upper() == "%2B" else text[2:] if text.startswith("00") else text[1:]
        return mask_phone("+" + "".join(ch for ch in number if ch.isdigit()))
    digits = "".join(ch for ch in text if ch.isdigit())
    return "*" * (len(digits) - 3) + digits[-3:]


def mask_phones(text: str) -> str:
    """Every phone-number-looking run (E.164, 8-digit Norwegian, spaced or URL-encoded) masked."""
    return _PHONE.sub(_mask_match, text)


def scrub_text(text: str) -> str:
    """What may be logged of a text: numbers masked, query strings of request lines removed, link tokens redacted."""
    return mask_phones(redact_links(_REQUEST_LINE_QUERY.sub(lambda m: m.group(1) + QUERY_REMOVED, text)))


def _scrub_value(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {k: _scrub_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_scrub_value(v) for v in value)
    return value


# ---------------------------------------------------------------------------- filters and formatters


_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}
_OURS = frozenset({"request_id", "channel"})


def extras_of(record: logging.LogRecord) -> dict[str, Any]:
    """The record's `extra=` fields (not LogRecord's own, not ours, not private)."""
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD and k not in _OURS and not k.startswith("_")}


class PrivacyFilter(logging.Filter):
    """Masks phone numbers in a record's message, arguments, extras and traceback text.

    The message is formatted once here and the arguments dropped, so an argument of any type
    (an exception, a dict, an object's repr) is masked too. Idempotent across handlers.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_skolebot_scrubbed", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what can be shown
            message = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = scrub_text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = scrub_text(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub_text(record.stack_info)
        for key, value in extras_of(record).items():
            setattr(record, key, _scrub_value(value))
        record._skolebot_scrubbed = True
        return True


class ContextFilter(logging.Filter):
    """Stamps the current request id and channel on the record ("-" when none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get() or "-"
        if not hasattr(record, "channel"):
            record.channel = CHANNEL.get() or "-"
        return True


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: timestamp (UTC), level, logger, message, request_id, channel, extras."""

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", "-")  # set by ContextFilter; "-" outside a request
        channel = getattr(record, "channel", "-")
        entry: dict[str, Any] = {
            "timestamp": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": None if request_id == "-" else request_id,
            "channel": None if channel == "-" else channel,
        }
        for key, value in extras_of(record).items():
            entry.setdefault(key, _jsonable(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


def make_formatter(fmt: str) -> logging.Formatter:
    if fmt == "json":
        return JsonFormatter()
    if fmt == "text":
        return logging.Formatter(TEXT_FORMAT)
    raise ValueError(f"unknown log format {fmt!r}: use one of {', '.join(FORMATS)}")


# ---------------------------------------------------------------------------- installing


_OURS_MARK = "_skolebot_handler"


@dataclass
class Installed:
    """What `install` changed on the (process-wide) logging tree, so `close` can put it back."""

    handler: logging.Handler
    root_level: int
    library_levels: dict[str, int] = field(default_factory=dict)

    def close(self) -> None:
        root = logging.getLogger()
        root.removeHandler(self.handler)
        root.setLevel(self.root_level)
        for name, level in self.library_levels.items():
            logging.getLogger(name).setLevel(level)


def install(*, fmt: str = "text", level: str | int = "INFO", stream: IO[str] | None = None) -> Installed:
    """Add our handler (privacy and context filters, chosen format) to the root logger.

    Records only pass filters of the handlers they reach (a logger's own filters apply to
    records logged on that logger, not to those propagated from children), so the filters
    sit on the handler. Earlier handlers of ours are removed, others' are left alone.
    """
    root = logging.getLogger()
    previous: Installed | None = None
    for old in [h for h in root.handlers if getattr(h, _OURS_MARK, None) is not None]:
        previous = getattr(old, _OURS_MARK)
        root.removeHandler(old)
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.addFilter(PrivacyFilter())
    handler.addFilter(ContextFilter())
    handler.setFormatter(make_formatter(fmt))
    installed = Installed(
        handler=handler,
        root_level=previous.root_level if previous else root.level,
        library_levels=dict(previous.library_levels) if previous else {},
    )
    setattr(handler, _OURS_MARK, installed)  # so a later install can restore what was there before us
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else logging.getLevelName(level.upper()))
    for name, floor in LIBRARY_LEVELS.items():
        logger = logging.getLogger(name)
        installed.library_levels.setdefault(name, logger.level)
        logger.setLevel(max(floor, root.level))
    return installed


def configure(settings: Any, *, stream: IO[str] | None = None) -> Installed | None:
    """The `skolebot` command's logging, from SKOLEBOT_LOG_FORMAT and SKOLEBOT_LOG_LEVEL.

    Like logging.basicConfig, it leaves a process whose root logger already has someone else's
    handlers (a host embedding Skolebot, the test runner) as it is, and returns None then.
    """
    root = logging.getLogger()
    if any(getattr(h, _OURS_MARK, None) is None for h in root.handlers):
        return None
    return install(fmt=settings.log_format, level=settings.log_level, stream=stream)
