"""FakeTwilio answers like Twilio's Messages API, so code tested against it works for real."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import aiohttp
import pytest
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from adapters.sms.fake_twilio import FakeMessage, FakeTwilio

PARENT = "+4791234567"
SCHOOL = "+4740001234"


def _messages_url(fake: FakeTwilio, account_sid: str | None = None) -> str:
    return f"{fake.base_url}/2010-04-01/Accounts/{account_sid or fake.account_sid}/Messages.json"


async def _post(
    fake: FakeTwilio, data: dict[str, str], *, auth: tuple[str, str] | None = None, account_sid: str | None = None
) -> tuple[int, dict]:
    login, password = auth or (fake.account_sid, fake.auth_token)
    headers = {"Authorization": aiohttp.encode_basic_auth(login, password)}
    async with aiohttp.ClientSession() as session:
        async with session.post(_messages_url(fake, account_sid), data=data, headers=headers) as response:
            return response.status, await response.json()


async def test_created_message_resource_looks_like_twilios(fake_twilio: FakeTwilio) -> None:
    status, payload = await _post(fake_twilio, {"To": PARENT, "From": SCHOOL, "Body": "a" * 161})
    assert status == 201
    assert re.fullmatch(r"SM[0-9a-f]{32}", payload["sid"])
    assert payload["status"] == "queued"
    assert (payload["to"], payload["from"], payload["body"]) == (PARENT, SCHOOL, "a" * 161)
    assert payload["num_segments"] == "2"
    assert payload["account_sid"] == fake_twilio.account_sid
    assert payload["api_version"] == "2010-04-01"
    assert payload["direction"] == "outbound-api"
    assert payload["uri"] == f"/2010-04-01/Accounts/{fake_twilio.account_sid}/Messages/{payload['sid']}.json"
    assert payload["date_created"].endswith("GMT")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"From": SCHOOL, "Body": "Hei"}, 21604),
        ({"To": PARENT, "Body": "Hei"}, 21603),
        ({"To": PARENT, "From": SCHOOL}, 21602),
        ({"To": "hei", "From": SCHOOL, "Body": "Hei"}, 21211),
        ({"To": PARENT, "From": SCHOOL, "Body": "x" * 1601}, 21617),
    ],
)
async def test_invalid_requests_get_twilios_error_codes(
    fake_twilio: FakeTwilio, data: dict[str, str], code: int
) -> None:
    status, payload = await _post(fake_twilio, data)
    assert status == 400
    assert payload["code"] == code
    assert payload["status"] == 400
    assert payload["more_info"] == f"https://www.twilio.com/docs/errors/{code}"
    assert payload["message"]
    assert fake_twilio.messages == []


async def test_media_only_message_is_accepted(fake_twilio: FakeTwilio) -> None:
    status, payload = await _post(fake_twilio, {"To": PARENT, "From": SCHOOL, "MediaUrl": "https://example.org/a.png"})
    assert status == 201
    assert payload["num_media"] == "1"


async def test_wrong_password_is_401_20003(fake_twilio: FakeTwilio) -> None:
    status, payload = await _post(
        fake_twilio, {"To": PARENT, "From": SCHOOL, "Body": "Hei"}, auth=(fake_twilio.account_sid, "feil")
    )
    assert (status, payload["code"], payload["message"]) == (401, 20003, "Authenticate")


async def test_other_accounts_path_is_not_found(fake_twilio: FakeTwilio) -> None:
    status, payload = await _post(
        fake_twilio, {"To": PARENT, "From": SCHOOL, "Body": "Hei"}, account_sid="AC" + "9" * 32
    )
    assert (status, payload["code"]) == (404, 20404)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # plain twilio + aiohttp 3.14
async def test_listing_works_with_the_real_twilio_client(fake_twilio: FakeTwilio) -> None:
    for body in ("første", "andre"):
        await _post(fake_twilio, {"To": PARENT, "From": SCHOOL, "Body": body})
    await _post(fake_twilio, {"To": "+4741234567", "From": SCHOOL, "Body": "tredje"})

    http = AsyncTwilioHttpClient()
    client = Client(fake_twilio.account_sid, fake_twilio.auth_token, http_client=http)
    client.api.base_url = fake_twilio.base_url  # the plain twilio way to aim at another host
    try:
        listed = await client.messages.list_async(to=PARENT)
        fetched = await client.messages(listed[0].sid).fetch_async()
    finally:
        await http.close()
    assert [m.body for m in listed] == ["andre", "første"]  # newest first, filtered by To
    assert fetched.body == "andre"


async def test_messages_reach_their_final_status_without_a_callback(fake_twilio: FakeTwilio) -> None:
    fake_twilio.final_status_for[PARENT] = "failed"
    await _post(fake_twilio, {"To": PARENT, "From": SCHOOL, "Body": "Hei"})
    await _post(fake_twilio, {"To": "+4741234567", "From": SCHOOL, "Body": "Hei"})
    await fake_twilio.wait_until(lambda: all(m.status in ("failed", "delivered") for m in fake_twilio.messages))
    assert [m.status for m in fake_twilio.messages] == ["failed", "delivered"]
    assert fake_twilio.callbacks == []


async def test_wait_for_times_out_with_a_clear_message(fake_twilio: FakeTwilio) -> None:
    with pytest.raises(TimeoutError, match="expected 1 messages, got 0"):
        await fake_twilio.wait_for(1, timeout=0.1)


async def test_wait_for_returns_once_enough_messages_arrived(fake_twilio: FakeTwilio) -> None:
    await _post(fake_twilio, {"To": PARENT, "From": SCHOOL, "Body": "Hei"})
    messages = await fake_twilio.wait_for(1, timeout=1)
    assert [m.body for m in messages] == ["Hei"]


def test_fake_message_repr_hides_number_and_body() -> None:
    message = FakeMessage("SM1", PARENT, SCHOOL, None, "hemmelig", "queued", None, datetime.now(UTC))
    assert PARENT not in repr(message) and "hemmelig" not in repr(message)
