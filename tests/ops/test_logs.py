"""Log lines an operator reads: masked numbers, no query strings, JSON with the request id."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logs import (
    REQUEST_ID_HEADER,
    Installed,
    configure,
    install,
    mask_phones,
    request_scope,
    sane_request_id,
    scrub_text,
)
from bot.settings import load_settings


@pytest.mark.parametrize(
    "text, expected",
    [
        ("from +4790000001 at 08:00", "from +47*****001 at 08:00"),
        ("ring 90000001.", "ring *****001."),
        ("ring 900 00 001 eller 90 00 00 01", "ring *****001 eller *****001"),
        ("From=%2B4790000123&Body=x", "From=+47*****123&Body=x"),
        ("tel 004790000001", "tel +47*****001"),
        ("svensk +46701234567", "svensk +46******567"),
        ("norsk uten pluss 4790000001", "norsk uten pluss *******001"),
    ],
)
def test_phone_numbers_are_masked_to_their_last_three_digits(text: str, expected: str) -> None:
    assert mask_phones(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "absence 2026-11-30 08:10:00+01:00 took 0.23456789 s",
        "SM0123456789abcdef0123456789abcdef delivered",
        "delivery 12345 attempt 3, port 3978, pid 40211, epoch 1764500000",
        "request 3f2a9c1e0b7d4e21",
    ],
)
def test_dates_ids_and_small_numbers_are_left_alone(text: str) -> None:
    assert mask_phones(text) == text


def test_request_lines_lose_their_query_string() -> None:
    line = '127.0.0.1 [30/Nov/2026:08:00:00 +0000] "GET /ukeplan?t=abc&to=+4790000001 HTTP/1.1" 200 5'
    assert scrub_text(line) == '127.0.0.1 [30/Nov/2026:08:00:00 +0000] "GET /ukeplan?<query removed> HTTP/1.1" 200 5'


def test_sane_request_ids_are_kept_and_others_refused() -> None:
    assert sane_request_id("abc-123_x.y:z") == "abc-123_x.y:z"
    for bad in (None, "", "has space", "a" * 65, "line\nbreak", "<script>", "-leading"):
        assert sane_request_id(bad) is None


@pytest.fixture
def captured() -> Iterator[tuple[io.StringIO, Installed]]:
    buffer = io.StringIO()
    installed = install(fmt="json", level="DEBUG", stream=buffer)
    try:
        yield buffer, installed
    finally:
        installed.close()


def _lines(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_json_lines_carry_request_id_channel_and_extras(captured) -> None:
    buffer, _ = captured
    log = logging.getLogger("skolebot.test")
    with request_scope("req-1", channel="sms"):
        log.info("turn for %s took %d ms", "+4790000001", 12, extra={"route": "/api/sms", "phone": "90000001"})
    log.warning("outside any request")
    first, second = _lines(buffer)
    assert first["message"] == "turn for +47*****001 took 12 ms"
    assert (first["level"], first["logger"], first["request_id"], first["channel"]) == (
        "INFO",
        "skolebot.test",
        "req-1",
        "sms",
    )
    assert first["route"] == "/api/sms" and first["phone"] == "*****001"
    assert first["timestamp"].endswith("+00:00")
    assert second["request_id"] is None and second["channel"] is None


def test_arguments_of_any_type_and_tracebacks_are_masked(captured) -> None:
    buffer, _ = captured
    log = logging.getLogger("skolebot.test")
    try:
        raise ValueError("no such number +4790000002")
    except ValueError as exc:
        log.exception("lookup failed: %r", {"to": "+4790000003", "err": exc})
    text = buffer.getvalue()
    assert "4790000002" not in text and "4790000003" not in text
    assert "+47*****002" in text and "+47*****003" in text
    assert "Traceback" in _lines(buffer)[0]["exception"]


def test_sql_with_parameters_is_not_logged_even_at_debug(captured) -> None:
    buffer, _ = captured
    logging.getLogger("sqlalchemy.engine.Engine").info("INSERT INTO people VALUES (?)")
    logging.getLogger("aiosqlite").debug("executing partial(execute, 'INSERT', ('Ola er syk',))")
    logging.getLogger("bot.school_bot").debug("a debug line of ours")
    assert [line["logger"] for line in _lines(buffer)] == ["bot.school_bot"]


def test_install_replaces_its_own_handler_and_close_restores_the_tree() -> None:
    root = logging.getLogger()
    level_before, handlers_before = root.level, list(root.handlers)
    first = install(fmt="text", level="INFO", stream=io.StringIO())
    second = install(fmt="json", level="DEBUG", stream=io.StringIO())
    assert first.handler not in root.handlers and second.handler in root.handlers
    second.close()
    assert root.level == level_before and root.handlers == handlers_before
    assert logging.getLogger("sqlalchemy.engine").level == logging.NOTSET


def test_text_format_shows_the_request_id() -> None:
    buffer = io.StringIO()
    installed = install(fmt="text", level="INFO", stream=buffer)
    try:
        with request_scope("abc123"):
            logging.getLogger("skolebot.test").info("hello %s", "+4790000001")
    finally:
        installed.close()
    assert buffer.getvalue().rstrip().endswith("skolebot.test [abc123] hello +47*****001")


def test_configure_leaves_a_host_s_logging_alone() -> None:
    """A host that set up logging itself (here: a handler of its own on the root logger) keeps it."""
    root = logging.getLogger()
    host = logging.StreamHandler(io.StringIO())
    root.addHandler(host)
    try:
        before = list(root.handlers)
        assert configure(load_settings(SKOLEBOT_LOG_FORMAT="json")) is None
        assert root.handlers == before
    finally:
        root.removeHandler(host)


def test_configure_installs_when_nobody_has(monkeypatch: pytest.MonkeyPatch) -> None:
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    buffer = io.StringIO()
    installed = configure(load_settings(SKOLEBOT_LOG_FORMAT="json", SKOLEBOT_LOG_LEVEL="warning"), stream=buffer)
    try:
        assert installed is not None and root.level == logging.WARNING
        logging.getLogger("skolebot.test").warning("to %s", "+4790000001")
    finally:
        installed.close()
    assert json.loads(buffer.getvalue())["message"] == "to +47*****001"


def test_log_format_setting_is_validated_and_named() -> None:
    from bot.settings import SettingsError

    assert load_settings(SKOLEBOT_LOG_FORMAT="JSON", SKOLEBOT_LOG_LEVEL="debug").log_level == "DEBUG"
    with pytest.raises(SettingsError, match="SKOLEBOT_LOG_FORMAT"):
        load_settings(SKOLEBOT_LOG_FORMAT="xml")
    assert REQUEST_ID_HEADER == "X-Request-Id"
