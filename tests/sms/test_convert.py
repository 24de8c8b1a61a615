"""Inbound Twilio forms → activities, and bot replies → SMS text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from botbuilder.core import CardFactory
from botbuilder.schema import (
    ActionTypes,
    Activity,
    ActivityTypes,
    CardAction,
    HeroCard,
    SuggestedActions,
)

from adapters.sms.convert import (
    InvalidForm,
    activity_to_sms_texts,
    form_to_activity,
    mask_phone,
    normalise_phone,
)
from storage.segments import count_segments

SERVICE_URL = "http://127.0.0.1:3978/api/sms"
Form = Callable[[str], dict[str, str]]


# ------------------------------------------------------------------ phone numbers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+4791234567", "+4791234567"),
        ("912 34 567", "+4791234567"),
        ("0047 912 34 567", "+4791234567"),
        (" +47 412 34 567 ", "+4741234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("12345", None),
        ("", None),
        ("hei", None),
        (None, None),
    ],
)
def test_normalise_phone(raw: str | None, expected: str | None) -> None:
    assert normalise_phone(raw) == expected


def test_mask_phone_keeps_country_code_and_last_three_digits() -> None:
    assert mask_phone("+4791234678") == "+47*****678"
    assert mask_phone("+46701234567") == "+46******567"
    assert "91234678" not in mask_phone("91234678")


# ------------------------------------------------------------------ inbound


def test_plain_sms_becomes_a_message_activity(form: Form) -> None:
    payload = form("inbound_sms_plain.txt")
    activity = form_to_activity(payload, service_url=SERVICE_URL)

    assert activity.type == ActivityTypes.message
    assert activity.channel_id == "sms"
    assert activity.id == payload["MessageSid"]
    assert activity.conversation.id == "+4791234567"
    assert activity.from_property.id == "+4791234567"
    assert activity.recipient.id == "+4740001234"
    assert activity.text == "Hei! Lise er syk i dag og blir hjemme. Hilsen Kari Ødegård"
    assert activity.service_url == SERVICE_URL
    assert activity.attachments == []
    assert activity.channel_data["MessageSid"] == payload["MessageSid"]
    assert activity.channel_data["AccountSid"] == payload["AccountSid"]


def test_channel_data_never_carries_the_body(form: Form) -> None:
    payload = form("inbound_sms_plain.txt")
    activity = form_to_activity(payload, service_url=SERVICE_URL)
    assert "Body" not in activity.channel_data
    assert payload["Body"] not in repr(activity.channel_data)


def test_timestamp_is_now_in_utc(form: Form) -> None:
    activity = form_to_activity(form("inbound_sms_plain.txt"), service_url=SERVICE_URL)
    assert activity.timestamp.tzinfo is not None
    assert abs(datetime.now(UTC) - activity.timestamp) < timedelta(seconds=5)


def test_mms_with_two_images_becomes_two_attachments_in_order(form: Form) -> None:
    payload = form("inbound_mms_two_images.txt")
    activity = form_to_activity(payload, service_url=SERVICE_URL)

    assert activity.text == "Bilder fra turen"
    assert [(a.content_type, a.content_url) for a in activity.attachments] == [
        ("image/jpeg", payload["MediaUrl0"]),
        ("image/png", payload["MediaUrl1"]),
    ]


def test_media_only_message_has_empty_text(form: Form) -> None:
    payload = form("inbound_mms_two_images.txt") | {"Body": ""}
    activity = form_to_activity(payload, service_url=SERVICE_URL)
    assert activity.text == ""
    assert len(activity.attachments) == 2


def test_unicode_and_emoji_body_is_kept_exactly(form: Form) -> None:
    payload = form("inbound_sms_unicode_emoji.txt")
    activity = form_to_activity(payload, service_url=SERVICE_URL)
    assert activity.text == "Takk for i går 😀👍 – «supert»! Ça va? Zoë"


def test_missing_from_is_rejected(form: Form) -> None:
    with pytest.raises(InvalidForm) as caught:
        form_to_activity(form("inbound_sms_missing_from.txt"), service_url=SERVICE_URL)
    assert "From" in caught.value.reason


@pytest.mark.parametrize("key", ["MessageSid", "To"])
def test_missing_required_field_is_rejected(form: Form, key: str) -> None:
    payload = form("inbound_sms_plain.txt")
    del payload[key]
    with pytest.raises(InvalidForm) as caught:
        form_to_activity(payload, service_url=SERVICE_URL)
    assert key in caught.value.reason


@pytest.mark.parametrize("sender", ["whatsapp:hei", "12", "Skolen"])
def test_from_that_is_not_a_phone_number_is_rejected(form: Form, sender: str) -> None:
    payload = form("inbound_sms_plain.txt") | {"From": sender}
    with pytest.raises(InvalidForm):
        form_to_activity(payload, service_url=SERVICE_URL)


# ------------------------------------------------------------------ outbound


def _reply(**fields: object) -> Activity:
    return Activity(type=ActivityTypes.message, **fields)


def test_plain_reply_becomes_one_sms() -> None:
    assert activity_to_sms_texts(_reply(text="Takk, beskjeden er registrert."), max_segments=3) == [
        "Takk, beskjeden er registrert."
    ]


def test_typographic_reply_is_made_gsm7() -> None:
    [sms] = activity_to_sms_texts(_reply(text="Det går fint – vi sees «i morgen»…"), max_segments=3)
    assert sms == 'Det går fint - vi sees "i morgen"...'
    assert count_segments(sms).encoding == "GSM-7"


def test_speak_is_used_when_text_is_missing() -> None:
    reply = _reply(speak="<speak>Skolen er stengt i dag.</speak>")
    assert activity_to_sms_texts(reply, max_segments=1) == ["Skolen er stengt i dag."]


def test_suggested_actions_are_listed_with_numbers() -> None:
    reply = _reply(
        text="Gjelder fraværet i dag?",
        suggested_actions=SuggestedActions(
            actions=[
                CardAction(type=ActionTypes.im_back, title="Ja", value="ja"),
                CardAction(type=ActionTypes.im_back, title="Nei", value="nei"),
            ]
        ),
    )
    assert activity_to_sms_texts(reply, max_segments=2) == ["Gjelder fraværet i dag?\n\n1. Ja\n2. Nei"]


def test_suggested_actions_already_in_the_text_are_not_repeated() -> None:
    reply = _reply(
        text="Svar Ja eller Nei.",
        suggested_actions=SuggestedActions(
            actions=[
                CardAction(type=ActionTypes.im_back, title="Ja", value="ja"),
                CardAction(type=ActionTypes.im_back, title="Nei", value="nei"),
            ]
        ),
    )
    assert activity_to_sms_texts(reply, max_segments=2) == ["Svar Ja eller Nei."]


def test_hero_card_buttons_become_a_numbered_list() -> None:
    card = HeroCard(
        title="Melde fravær",
        text="Hvem gjelder det?",
        buttons=[
            CardAction(type=ActionTypes.im_back, title="Lise (3A)", value="lise"),
            CardAction(type=ActionTypes.im_back, title="Per (5B)", value="per"),
        ],
    )
    reply = _reply(attachments=[CardFactory.hero_card(card)])
    assert activity_to_sms_texts(reply, max_segments=2) == [
        "Melde fravær\nHvem gjelder det?\n1. Lise (3A)\n2. Per (5B)"
    ]


def test_adaptive_card_renders_text_facts_and_choices_not_buttons() -> None:
    card = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [
            {"type": "TextBlock", "text": "Foreldremøte", "weight": "Bolder"},
            {"type": "TextBlock", "text": "Skjult", "isVisible": False},
            {
                "type": "FactSet",
                "facts": [{"title": "Når", "value": "tirsdag 18.00"}, {"title": "Hvor", "value": "Gymsalen"}],
            },
            {
                "type": "Container",
                "items": [
                    {
                        "type": "Input.ChoiceSet",
                        "id": "svar",
                        "label": "Kommer du?",
                        "choices": [{"title": "Ja", "value": "ja"}, {"title": "Nei", "value": "nei"}],
                    }
                ],
            },
        ],
        "actions": [
            {"type": "Action.Submit", "title": "Send svar"},
            {"type": "Action.OpenUrl", "title": "Les mer", "url": "https://example.org"},
        ],
    }
    [sms] = activity_to_sms_texts(_reply(attachments=[CardFactory.adaptive_card(card)]), max_segments=2)
    assert sms == "Foreldremøte\nNår: tirsdag 18.00\nHvor: Gymsalen\nKommer du?\n1. Ja\n2. Nei"


def test_adaptive_card_submit_buttons_are_choices_when_there_is_no_choice_set() -> None:
    card = {
        "type": "AdaptiveCard",
        "body": [{"type": "TextBlock", "text": "Er Lise syk i dag?"}],
        "actions": [
            {"type": "Action.Submit", "title": "Ja, syk", "data": {"svar": "ja"}},
            {"type": "Action.Submit", "title": "Nei", "data": {"svar": "nei"}},
            {"type": "Action.OpenUrl", "title": "Åpne Teams", "url": "https://teams.microsoft.com"},
        ],
    }
    [sms] = activity_to_sms_texts(_reply(attachments=[CardFactory.adaptive_card(card)]), max_segments=2)
    assert sms == "Er Lise syk i dag?\n1. Ja, syk\n2. Nei"


def test_long_reply_is_cut_to_the_segment_budget() -> None:
    text = "Dette er en lang melding om skoleturen. " * 30
    [sms] = activity_to_sms_texts(_reply(text=text), max_segments=2)
    assert count_segments(sms).segments <= 2
    assert sms.endswith("...")


@pytest.mark.parametrize(
    "activity",
    [
        Activity(type=ActivityTypes.message, text=""),
        Activity(type=ActivityTypes.message, text="   "),
        Activity(type=ActivityTypes.typing),
        Activity(type=ActivityTypes.event, name="x", text="ikke til SMS"),
    ],
)
def test_nothing_to_send_gives_no_sms(activity: Activity) -> None:
    assert activity_to_sms_texts(activity, max_segments=3) == []
