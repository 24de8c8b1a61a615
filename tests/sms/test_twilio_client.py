"""TwilioSender over real HTTP against FakeTwilio: what gets sent and how failures look."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from adapters.sms.fake_twilio import FakeTwilio
from adapters.sms.twilio_client import (
    SentMessage,
    TwilioSender,
    TwilioSendError,
    parse_retry_after,
    send_with_retry,
)

PARENT = "+4791234567"
SCHOOL = "+4740001234"
BODY = "Hei! Husk matpakke og gode sko i morgen."
MakeSender = Callable[..., TwilioSender]


async def test_send_delivers_body_and_sender_to_twilio(fake_twilio: FakeTwilio, make_sender: MakeSender) -> None:
    sent = await make_sender().send(PARENT, BODY)

    [message] = fake_twilio.messages
    assert (message.to, message.from_, message.body) == (PARENT, SCHOOL, BODY)
    assert message.messaging_service_sid is None
    assert sent == SentMessage(sid=message.sid, status="queued")
    assert sent.sid.startswith("SM") and len(sent.sid) == 34


async def test_send_through_a_messaging_service(fake_twilio: FakeTwilio, make_sender: MakeSender) -> None:
    service = "MG" + "ab" * 16
    sent = await make_sender(from_number=None, messaging_service_sid=service).send(PARENT, BODY)

    [message] = fake_twilio.messages
    assert message.messaging_service_sid == service
    assert sent.status == "accepted"  # what Twilio answers when it picks the sender


async def test_status_callback_url_is_passed_to_twilio(fake_twilio: FakeTwilio, make_sender: MakeSender) -> None:
    url = "https://skolebot.example.no/api/sms/status"
    await make_sender(status_callback_url=url).send(PARENT, BODY)
    assert fake_twilio.messages[0].status_callback == url


async def test_redirect_survives_twilio_edge_and_region_settings(
    fake_twilio: FakeTwilio, make_sender: MakeSender, monkeypatch: pytest.MonkeyPatch
) -> None:
    # twilio rewrites hostnames for edge/region; the redirected base URL must win.
    monkeypatch.setenv("TWILIO_EDGE", "dublin")
    monkeypatch.setenv("TWILIO_REGION", "ie1")
    await make_sender().send(PARENT, BODY)
    assert len(fake_twilio.messages) == 1


async def test_wrong_credentials_give_a_clear_non_retryable_error(
    fake_twilio: FakeTwilio, make_sender: MakeSender
) -> None:
    with pytest.raises(TwilioSendError) as caught:
        await make_sender(auth_token="not-the-token").send(PARENT, BODY)
    error = caught.value
    assert (error.status, error.code) == (401, 20003)
    assert "credentials" in str(error)
    assert not error.retryable and not error.permanent
    assert fake_twilio.messages == []


async def test_429_with_retry_after_is_retryable_with_the_delay(
    fake_twilio: FakeTwilio, make_sender: MakeSender
) -> None:
    fake_twilio.fail_next(1, 429, retry_after=2)
    with pytest.raises(TwilioSendError) as caught:
        await make_sender().send(PARENT, BODY)
    assert caught.value.status == 429
    assert caught.value.retryable and not caught.value.permanent
    assert caught.value.retry_after == 2.0


async def test_rate_limit_answers_429_with_retry_after(fake_twilio: FakeTwilio, make_sender: MakeSender) -> None:
    fake_twilio.rate_limit_per_second = 2
    sender = make_sender()
    await sender.send(PARENT, BODY)
    await sender.send(PARENT, BODY)
    with pytest.raises(TwilioSendError) as caught:
        await sender.send(PARENT, BODY)
    assert (caught.value.status, caught.value.code) == (429, 20429)
    assert caught.value.retry_after is not None and caught.value.retry_after >= 1
    assert len(fake_twilio.messages) == 2


@pytest.mark.parametrize("status", [500, 503])
async def test_server_errors_are_retryable(fake_twilio: FakeTwilio, make_sender: MakeSender, status: int) -> None:
    fake_twilio.fail_next(1, status)
    with pytest.raises(TwilioSendError) as caught:
        await make_sender().send(PARENT, BODY)
    assert caught.value.status == status
    assert caught.value.retryable and not caught.value.permanent
    assert caught.value.retry_after is None


@pytest.mark.parametrize("code", [21610, 21211, 21614, 21408, 21612])
async def test_recipient_errors_are_permanent(fake_twilio: FakeTwilio, make_sender: MakeSender, code: int) -> None:
    fake_twilio.fail_next(1, 400, code=code)
    with pytest.raises(TwilioSendError) as caught:
        await make_sender().send(PARENT, BODY)
    assert caught.value.code == code
    assert caught.value.permanent and not caught.value.retryable


async def test_invalid_number_reported_by_twilio_is_permanent(make_sender: MakeSender) -> None:
    with pytest.raises(TwilioSendError) as caught:
        await make_sender().send("91234567", BODY)  # not E.164: the fake, like Twilio, says 21211
    assert (caught.value.status, caught.value.code, caught.value.permanent) == (400, 21211, True)


async def test_slow_twilio_beyond_timeout_is_a_retryable_timeout(
    fake_twilio: FakeTwilio, make_sender: MakeSender
) -> None:
    fake_twilio.slow_seconds = 3
    started = time.monotonic()
    with pytest.raises(TwilioSendError) as caught:
        await make_sender(timeout=0.3).send(PARENT, BODY)
    assert time.monotonic() - started < 2  # the timeout was applied, not twilio's default
    assert caught.value.timed_out and caught.value.retryable
    assert caught.value.status is None


async def test_unreachable_twilio_is_retryable(make_sender: MakeSender) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(TwilioSendError) as caught:
        await make_sender(api_base_url=f"http://127.0.0.1:{port}").send(PARENT, BODY)
    assert caught.value.retryable and not caught.value.timed_out


async def test_logs_never_contain_the_number_or_the_body(
    fake_twilio: FakeTwilio, make_sender: MakeSender, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sender = make_sender()
    await sender.send(PARENT, BODY)
    fake_twilio.fail_next(1, 400, code=21610)
    with pytest.raises(TwilioSendError) as caught:
        await sender.send(PARENT, BODY)
    assert "+47*****567" in caplog.text
    assert PARENT not in caplog.text and PARENT[3:] not in caplog.text
    assert BODY not in caplog.text
    assert PARENT not in str(caught.value)
    assert fake_twilio.auth_token not in caplog.text
    assert "Authorization" not in caplog.text


async def test_send_after_close_is_refused(make_sender: MakeSender) -> None:
    sender = make_sender()
    await sender.send(PARENT, BODY)
    await sender.close()
    await sender.close()  # twice is harmless
    with pytest.raises(RuntimeError):
        await sender.send(PARENT, BODY)


@pytest.mark.parametrize(
    "overrides",
    [
        {"from_number": None, "messaging_service_sid": None},
        {"auth_token": ""},
        {"account_sid": ""},
        {"timeout": 0},
        {"api_base_url": "127.0.0.1:8099"},
    ],
)
def test_bad_configuration_is_refused_at_startup(overrides: dict[str, object]) -> None:
    options: dict[str, object] = {
        "account_sid": "AC" + "0" * 32,
        "auth_token": "token",
        "from_number": SCHOOL,
        "messaging_service_sid": None,
        "api_base_url": None,
        "status_callback_url": None,
    } | overrides
    with pytest.raises(ValueError):
        TwilioSender(**options)  # type: ignore[arg-type]


# ------------------------------------------------------------------ send_with_retry


async def test_retry_succeeds_after_transient_failures(
    fake_twilio: FakeTwilio, make_sender: MakeSender, sleep_recorder
) -> None:
    fake_twilio.fail_next(2, 503)
    sent = await send_with_retry(make_sender(), PARENT, BODY, attempts=3, sleep=sleep_recorder)
    assert fake_twilio.request_count == 3
    assert [m.sid for m in fake_twilio.messages] == [sent.sid]
    # exponential backoff with jitter: 0.5 * [0.5, 1.0], then 1.0 * [0.5, 1.0]
    first, second = sleep_recorder.delays
    assert 0.25 <= first <= 0.5 and 0.5 <= second <= 1.0


async def test_retry_honours_retry_after(fake_twilio: FakeTwilio, make_sender: MakeSender, sleep_recorder) -> None:
    fake_twilio.fail_next(1, 429, retry_after=3)
    await send_with_retry(make_sender(), PARENT, BODY, sleep=sleep_recorder)
    assert sleep_recorder.delays == [3.0]
    assert len(fake_twilio.messages) == 1


async def test_retry_waits_for_real(fake_twilio: FakeTwilio, make_sender: MakeSender) -> None:
    fake_twilio.fail_next(1, 429, retry_after=0.3)
    started = time.monotonic()
    await send_with_retry(make_sender(), PARENT, BODY)
    assert time.monotonic() - started >= 0.3


async def test_permanent_errors_are_not_retried(
    fake_twilio: FakeTwilio, make_sender: MakeSender, sleep_recorder
) -> None:
    fake_twilio.fail_next(3, 400, code=21610)
    with pytest.raises(TwilioSendError) as caught:
        await send_with_retry(make_sender(), PARENT, BODY, sleep=sleep_recorder)
    assert caught.value.permanent
    assert fake_twilio.request_count == 1
    assert sleep_recorder.delays == []


async def test_retry_gives_up_after_the_attempts(
    fake_twilio: FakeTwilio, make_sender: MakeSender, sleep_recorder
) -> None:
    fake_twilio.fail_next(5, 500)
    with pytest.raises(TwilioSendError):
        await send_with_retry(make_sender(), PARENT, BODY, attempts=3, sleep=sleep_recorder)
    assert fake_twilio.request_count == 3
    assert fake_twilio.messages == []


async def test_retry_gives_up_when_twilio_asks_for_a_long_wait(
    fake_twilio: FakeTwilio, make_sender: MakeSender, sleep_recorder
) -> None:
    fake_twilio.fail_next(1, 429, retry_after=120)
    with pytest.raises(TwilioSendError) as caught:
        await send_with_retry(make_sender(), PARENT, BODY, max_delay=30, sleep=sleep_recorder)
    assert caught.value.retry_after == 120
    assert sleep_recorder.delays == []
    assert fake_twilio.request_count == 1


# ------------------------------------------------------------------ Retry-After parsing


def test_parse_retry_after_accepts_seconds_and_http_dates() -> None:
    now = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True), now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
