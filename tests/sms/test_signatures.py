"""Status callbacks from the fake are signed like Twilio's, and SignatureChecker agrees."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from twilio.request_validator import RequestValidator

from adapters.sms.fake_twilio import FakeTwilio
from adapters.sms.twilio_client import SignatureChecker, TwilioSender, sign

PARENT = "+4791234567"
MakeSender = Callable[..., TwilioSender]


async def test_status_callbacks_arrive_signed_sent_then_delivered(
    fake_twilio: FakeTwilio, make_sender: MakeSender, callback_server
) -> None:
    sent = await make_sender(status_callback_url=callback_server.url).send(PARENT, "Hei")
    await fake_twilio.wait_for_callbacks(2)

    received = callback_server.received
    assert [c.params["MessageStatus"] for c in received] == ["sent", "delivered"]
    assert all(c.path_qs == "/sms/status?school=skole1" for c in received)
    checker = SignatureChecker(fake_twilio.auth_token)
    for callback in received:
        assert callback.params["MessageSid"] == sent.sid
        assert callback.params["SmsSid"] == sent.sid
        assert callback.params["To"] == PARENT
        assert callback.params["AccountSid"] == fake_twilio.account_sid
        assert "ErrorCode" not in callback.params
        assert checker.valid(callback_server.url, callback.params, callback.headers["X-Twilio-Signature"])
    assert fake_twilio.messages[0].status == "delivered"


async def test_tampered_callback_fails_the_signature_check(
    fake_twilio: FakeTwilio, make_sender: MakeSender, callback_server
) -> None:
    await make_sender(status_callback_url=callback_server.url).send(PARENT, "Hei")
    await fake_twilio.wait_for_callbacks(2)
    callback = callback_server.received[-1]
    signature = callback.headers["X-Twilio-Signature"]
    checker = SignatureChecker(fake_twilio.auth_token)

    forged = callback.params | {"MessageStatus": "failed"}
    assert not checker.valid(callback_server.url, forged, signature)
    assert not checker.valid(callback_server.url.replace("skole1", "skole2"), callback.params, signature)
    assert not SignatureChecker("another-token").valid(callback_server.url, callback.params, signature)


async def test_undelivered_callback_carries_an_error_code(
    fake_twilio: FakeTwilio, make_sender: MakeSender, callback_server
) -> None:
    fake_twilio.final_status_for[PARENT] = "undelivered"
    await make_sender(status_callback_url=callback_server.url).send(PARENT, "Hei")
    await fake_twilio.wait_for_callbacks(2)
    final = callback_server.received[-1].params
    assert final["MessageStatus"] == final["SmsStatus"] == "undelivered"
    assert final["ErrorCode"] == "30003"


@pytest.mark.parametrize("signature", [None, ""])
def test_missing_signature_is_never_valid(signature: str | None) -> None:
    assert not SignatureChecker("token").valid("https://x.example/sms", {"A": "1"}, signature)


def test_empty_auth_token_never_validates_anything() -> None:
    url, params = "https://skolebot.example.no/api/sms", {"Body": "Hei"}
    signature_with_empty_key = RequestValidator("").compute_signature(url, params)
    assert not SignatureChecker("").valid(url, params, signature_with_empty_key)
    assert not SignatureChecker(None).valid(url, params, signature_with_empty_key)
    with pytest.raises(ValueError):
        sign("", url, params)


def test_signed_inbound_webhook_round_trips(form) -> None:
    url = "https://skolebot.example.no/api/sms/inbound"
    params = form("inbound_sms_unicode_emoji.txt")
    signature = sign("school-token", url, params)
    checker = SignatureChecker("school-token")
    assert checker.valid(url, params, signature)
    assert checker.valid("https://skolebot.example.no:443/api/sms/inbound", params, signature)
    assert not checker.valid(url, params | {"Body": "Noe annet"}, signature)
