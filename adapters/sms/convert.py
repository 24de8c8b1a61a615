"""Pure conversions between Twilio's SMS world and Bot Framework activities.

No I/O here: inbound webhook forms become Activities, bot replies become SMS texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from botbuilder.schema import (
    Activity,
    ActivityTypes,
    Attachment,
    ChannelAccount,
    ConversationAccount,
)

from storage.phones import mask_phone as mask_phone  # re-exported: the SMS form's numbers are masked in logs
from storage.phones import normalise_phone
from storage.segments import to_gsm_safe, truncate_to_segments

SMS_CHANNEL_ID = "sms"

_ADAPTIVE = "application/vnd.microsoft.card.adaptive"
_BUTTON_CARDS = frozenset(
    {
        "application/vnd.microsoft.card.hero",
        "application/vnd.microsoft.card.thumbnail",
    }
)
_MEDIA_URL_KEY = re.compile(r"^MediaUrl(\d+)$")
_SSML_TAG = re.compile(r"<[^>]+>")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_SUBMIT_ACTIONS = frozenset({"Action.Submit", "Action.Execute"})


class InvalidForm(ValueError):
    """A Twilio webhook form that cannot become an activity (the reason says why)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------- inbound


def _media_attachments(form: Mapping[str, str]) -> list[Attachment]:
    """MediaUrlN / MediaContentTypeN pairs, in index order, as attachments."""
    indexed: list[tuple[int, str]] = []
    for key in form:
        match = _MEDIA_URL_KEY.match(key)
        if match and form[key]:
            indexed.append((int(match.group(1)), key))
    attachments = []
    for index, key in sorted(indexed):
        content_type = form.get(f"MediaContentType{index}") or "application/octet-stream"
        attachments.append(Attachment(content_type=content_type, content_url=form[key]))
    return attachments


def form_to_activity(
    form: Mapping[str, str],
    *,
    service_url: str,
    default_region: str = "NO",
    now: datetime | None = None,
) -> Activity:
    """Turn Twilio's inbound message webhook form into a Bot Framework message activity.

    The conversation is keyed by the sender's E.164 number. Raises InvalidForm when
    MessageSid, From or To is missing or From is not a phone number.
    """
    message_sid = (form.get("MessageSid") or "").strip()
    if not message_sid:
        raise InvalidForm("missing MessageSid")
    raw_from = (form.get("From") or "").strip()
    if not raw_from:
        raise InvalidForm("missing From")
    raw_to = (form.get("To") or "").strip()
    if not raw_to:
        raise InvalidForm("missing To")
    sender = normalise_phone(raw_from, default_region)
    if sender is None:
        raise InvalidForm("From is not a phone number")
    # Our own side may be a short code or sender id; keep it as given if so.
    recipient = normalise_phone(raw_to, default_region) or raw_to

    channel_data: dict[str, str] = {"MessageSid": message_sid}
    for key in ("AccountSid", "MessagingServiceSid"):
        if form.get(key):
            channel_data[key] = form[key]

    return Activity(
        type=ActivityTypes.message,
        channel_id=SMS_CHANNEL_ID,
        id=message_sid,
        service_url=service_url,
        timestamp=now or datetime.now(UTC),
        conversation=ConversationAccount(id=sender, is_group=False),
        from_property=ChannelAccount(id=sender),
        recipient=ChannelAccount(id=recipient),
        text=form.get("Body") or "",
        attachments=_media_attachments(form),
        channel_data=channel_data,
    )


# --------------------------------------------------------------------------- outbound


def _as_dict(value: Any) -> dict[str, Any]:
    """Card content may be a plain dict or a msrest model (HeroCard); give a dict."""
    if isinstance(value, Mapping):
        return dict(value)
    serialize = getattr(value, "serialize", None)
    if callable(serialize):
        result = serialize()
        return result if isinstance(result, dict) else {}
    return {}


def _action_title(action: Any) -> str:
    data = _as_dict(action)
    title = data.get("title") or data.get("text") or data.get("value") or ""
    return str(title).strip()


def _numbered(titles: Iterable[str]) -> list[str]:
    return [f"{n}. {title}" for n, title in enumerate(titles, start=1)]


def _already_listed(titles: list[str], text: str) -> bool:
    """True when the message text already names every option."""
    lowered = text.lower()
    return bool(titles) and all(title.lower() in lowered for title in titles)


def _render_adaptive_elements(elements: Any) -> Iterator[str]:
    """Yield text lines for an Adaptive Card body, depth first, skipping hidden items."""
    if not isinstance(elements, list):
        return
    for element in elements:
        if not isinstance(element, Mapping) or element.get("isVisible") is False:
            continue
        kind = element.get("type")
        render = _ELEMENT_LINES.get(kind) if isinstance(kind, str) else None
        if render is not None:
            yield from render(element)
        elif kind and str(kind).startswith("Input.") and element.get("label"):
            yield str(element["label"]).strip()


def _text_block(element: Mapping[str, Any]) -> Iterator[str]:
    if element.get("text"):
        yield str(element["text"]).strip()


def _rich_text_block(element: Mapping[str, Any]) -> Iterator[str]:
    inlines = element.get("inlines") or []
    text = "".join(str(i.get("text", "")) if isinstance(i, Mapping) else str(i) for i in inlines).strip()
    if text:
        yield text


def _fact_set(element: Mapping[str, Any]) -> Iterator[str]:
    for fact in element.get("facts") or []:
        if isinstance(fact, Mapping):
            yield f"{fact.get('title', '')}: {fact.get('value', '')}".strip()


def _choice_set(element: Mapping[str, Any]) -> Iterator[str]:
    """The question's label, then its choices numbered (an SMS answer is the number)."""
    label = element.get("label") or element.get("placeholder")
    if label:
        yield str(label).strip()
    titles = [
        str(c.get("title", "")).strip()
        for c in element.get("choices") or []
        if isinstance(c, Mapping) and c.get("title")
    ]
    yield from _numbered(titles)


def _container(element: Mapping[str, Any]) -> Iterator[str]:
    yield from _render_adaptive_elements(element.get("items"))


def _column_set(element: Mapping[str, Any]) -> Iterator[str]:
    for column in element.get("columns") or []:
        if isinstance(column, Mapping):
            yield from _render_adaptive_elements(column.get("items"))


# The element types with text of their own; any other "Input.*" shows its label.
_ELEMENT_LINES: dict[str, Callable[[Mapping[str, Any]], Iterator[str]]] = {
    "TextBlock": _text_block,
    "RichTextBlock": _rich_text_block,
    "FactSet": _fact_set,
    "Input.ChoiceSet": _choice_set,
    "Container": _container,
    "Column": _container,
    "ColumnSet": _column_set,
}


def _has_choice_set(elements: Any) -> bool:
    if not isinstance(elements, list):
        return False
    for element in elements:
        if not isinstance(element, Mapping):
            continue
        if element.get("type") == "Input.ChoiceSet":
            return True
        nested = [element.get("items")]
        nested += [c.get("items") for c in element.get("columns") or [] if isinstance(c, Mapping)]
        if any(_has_choice_set(n) for n in nested):
            return True
    return False


def _render_adaptive(card: Mapping[str, Any], text_so_far: str) -> list[str]:
    """Adaptive Card → lines. Submit buttons count as choices only when no ChoiceSet does."""
    body = card.get("body")
    lines = list(_render_adaptive_elements(body))
    if not _has_choice_set(body):
        titles = [
            _action_title(a)
            for a in card.get("actions") or []
            if isinstance(a, Mapping) and a.get("type") in _SUBMIT_ACTIONS
        ]
        titles = [t for t in titles if t]
        if titles and not _already_listed(titles, text_so_far + "\n" + "\n".join(lines)):
            lines.extend(_numbered(titles))
    return lines


def _render_button_card(card: Mapping[str, Any], text_so_far: str) -> list[str]:
    """Hero/thumbnail card → title, subtitle, text and numbered buttons."""
    lines = [str(card[k]).strip() for k in ("title", "subtitle", "text") if card.get(k)]
    titles = [t for t in (_action_title(b) for b in card.get("buttons") or []) if t]
    if titles and not _already_listed(titles, text_so_far + "\n" + "\n".join(lines)):
        lines.extend(_numbered(titles))
    return lines


def _main_text(activity: Activity) -> str:
    if activity.text and activity.text.strip():
        return activity.text.strip()
    if activity.speak and activity.speak.strip():
        return _SSML_TAG.sub("", activity.speak).strip()
    return ""


def render_activity_text(activity: Activity) -> str:
    """The full plain text of a bot reply before any SMS shortening."""
    if activity.type not in (ActivityTypes.message, "message"):
        return ""
    blocks: list[str] = []
    text = _main_text(activity)
    if text:
        blocks.append(text)

    for attachment in activity.attachments or []:
        content = _as_dict(attachment.content)
        so_far = "\n\n".join(blocks)
        if attachment.content_type == _ADAPTIVE:
            lines = _render_adaptive(content, so_far)
        elif attachment.content_type in _BUTTON_CARDS:
            lines = _render_button_card(content, so_far)
        else:
            lines = []
        if lines:
            blocks.append("\n".join(lines))

    suggested = activity.suggested_actions
    actions = getattr(suggested, "actions", None) or []
    titles = [t for t in (_action_title(a) for a in actions) if t]
    if titles and not _already_listed(titles, "\n\n".join(blocks)):
        blocks.append("\n".join(_numbered(titles)))

    return _MANY_BLANK_LINES.sub("\n\n", "\n\n".join(blocks)).strip()


def activity_to_sms_texts(activity: Activity, *, max_segments: int) -> list[str]:
    """Render a bot reply as SMS text: one GSM-7-friendly message within max_segments.

    Returns [] when there is nothing to send (non-message activity or empty reply).
    """
    text = render_activity_text(activity)
    if not text:
        return []
    return [truncate_to_segments(to_gsm_safe(text), max_segments)]
