"""Any input gets an answer or a clear refusal over HTTP: never an unhandled error or a 500."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.sms.twilio_client import sign
from tests.e2e.seed import GUARDIAN_TWO_KIDS, TEACHER_UPN
from tests.hardening.conftest import BackgroundBot

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
nasty_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400) | st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "<script>alert(1)</script>",
        "Robert'); DROP TABLE people;--",
        "🙂" * 300,
        "a" * 5000,
        "STOPP",
        "avbryt",
        "1",
        "begge",
        "\u202e\u0000\u0007",
        'Ola "O\'Neil" <b>syk</b>',
    ]
)


async def _post_sms(bot: BackgroundBot, form: dict[str, str], *, signed: bool = True) -> int:
    running = bot.running
    assert running is not None
    url = running.settings.public_url + "/api/sms"
    headers = {"X-Twilio-Signature": sign(running.twilio.auth_token, url, form)} if signed else {}
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    async with running.session.post(running.url + "/api/sms", data=urlencode(form).encode(), headers=headers) as resp:
        await resp.read()
        status = resp.status
    await running.services.sms_adapter.drain()
    return status


@FAST
@given(body=nasty_text)
def test_any_sms_text_from_a_guardian_is_answered(background_bot: BackgroundBot, body: str) -> None:
    running = background_bot.running
    form = running.phone.form(GUARDIAN_TWO_KIDS, body)
    assert background_bot.call(_post_sms(background_bot, form)) == 200


@FAST
@given(
    fields=st.dictionaries(
        st.sampled_from(
            ["MessageSid", "From", "To", "Body", "NumMedia", "MediaUrl0", "MediaContentType0", "AccountSid", "Junk"]
        ),
        nasty_text,
        max_size=8,
    )
)
def test_any_signed_form_is_200_or_400(background_bot: BackgroundBot, fields: dict[str, str]) -> None:
    assert background_bot.call(_post_sms(background_bot, fields)) in (200, 400)


@FAST
@given(
    fields=st.dictionaries(
        st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF), max_size=20), nasty_text, max_size=6
    )
)
def test_unsigned_forms_are_refused(background_bot: BackgroundBot, fields: dict[str, str]) -> None:
    assert background_bot.call(_post_sms(background_bot, fields, signed=False)) == 403


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | nasty_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)


async def _post_activity(bot: BackgroundBot, body: Any, raw: bytes | None = None) -> int:
    running = bot.running
    data = raw if raw is not None else json.dumps(body).encode()
    async with running.session.post(
        running.url + "/api/messages", data=data, headers={"Content-Type": "application/json"}
    ) as resp:
        await resp.read()
        return resp.status


@FAST
@given(
    overrides=st.dictionaries(
        st.sampled_from(
            [
                "type",
                "text",
                "value",
                "from",
                "conversation",
                "channelId",
                "serviceUrl",
                "recipient",
                "attachments",
                "entities",
                "id",
            ]
        ),
        json_values,
        max_size=5,
    )
)
def test_any_activity_gets_a_2xx_or_4xx(background_bot: BackgroundBot, overrides: dict[str, Any]) -> None:
    running = background_bot.running
    body = running.client.activity(running.user(TEACHER_UPN), text="hei")
    body.update(overrides)
    status = background_bot.call(_post_activity(background_bot, body))
    assert status < 500, (status, overrides)


def test_invalid_utf8_and_oversized_bodies(background_bot: BackgroundBot) -> None:
    assert background_bot.call(_post_activity(background_bot, None, raw=b'\xff\xfe{"type": "message"}')) == 400
    big = b'{"type": "message", "text": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    assert background_bot.call(_post_activity(background_bot, None, raw=big)) == 413
