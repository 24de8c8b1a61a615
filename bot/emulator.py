"""Talk to /api/messages the way the Bot Framework Emulator and Teams do, over real HTTP.

Used by `skolebot chat --teams`, the playground and the end-to-end tests: it posts activities
to the bot and receives the bot's replies on a FakeConnector playing the connector service.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from adapters.teams.fake_connector import FakeConnector


@dataclass
class EmulatorUser:
    """One person's conversation with the bot."""

    user_id: str
    name: str
    channel_id: str = "emulator"
    conversation_id: str = field(default_factory=lambda: f"conv-{uuid.uuid4().hex[:12]}")
    aad_object_id: str | None = None
    locale: str = "nb-NO"


class EmulatorClient:
    def __init__(
        self, bot_url: str, connector: FakeConnector, connector_url: str, session: aiohttp.ClientSession
    ) -> None:
        self._bot_url = bot_url.rstrip("/")
        self._connector = connector
        self._connector_url = connector_url
        self._session = session
        self._ids = itertools.count(1)

    def activity(self, user: EmulatorUser, **fields: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": "message",
            "id": f"in-{next(self._ids)}-{uuid.uuid4().hex[:6]}",
            "channelId": user.channel_id,
            "serviceUrl": self._connector_url,
            "from": {"id": user.user_id, "name": user.name, "aadObjectId": user.aad_object_id},
            "recipient": {"id": "skolebot", "name": "Skolebot"},
            "conversation": {"id": user.conversation_id, "conversationType": "personal"},
            "locale": user.locale,
            "timestamp": "2026-11-30T08:00:00.000Z",
        }
        if user.channel_id == "msteams":  # Teams always sends its tenant
            body["channelData"] = {"tenant": {"id": "tenant-skolebot-test"}}
            body["from"]["aadObjectId"] = user.aad_object_id
        body.update(fields)
        return body

    async def post(self, body: dict[str, Any], headers: dict[str, str] | None = None) -> aiohttp.ClientResponse:
        async with self._session.post(f"{self._bot_url}/api/messages", json=body, headers=headers or {}) as resp:
            await resp.read()
            return resp

    async def say(self, user: EmulatorUser, text: str | None = None, *, value: Any = None) -> list[dict[str, Any]]:
        """Send a message (or a card submit, with `value` and no text); return the bot's replies."""
        before = len(self._connector.activities)
        fields: dict[str, Any] = {"text": text} if text is not None else {}
        if value is not None:
            fields["value"] = value
        resp = await self.post(self.activity(user, **fields))
        if resp.status >= 400:
            raise RuntimeError(f"/api/messages answered {resp.status}")
        return [
            a
            for a in self._connector.activities[before:]
            if a.get("conversation", {}).get("id") == user.conversation_id
        ]


def reply_text(activity: dict[str, Any]) -> str:
    """The readable text of a bot reply: its text plus any card's text blocks and buttons."""
    parts = [activity.get("text") or ""]
    for attachment in activity.get("attachments") or []:
        content = attachment.get("content") or {}
        parts.extend(_card_texts(content))
    actions = (activity.get("suggestedActions") or {}).get("actions") or []
    parts.extend(f"[{a.get('title')}]" for a in actions)
    return "\n".join(p for p in parts if p)


def _card_texts(node: Any) -> list[str]:
    out: list[str] = []
    if isinstance(node, dict):
        if node.get("type") in ("TextBlock",) and node.get("text"):
            out.append(node["text"])
        elif node.get("type") == "Fact" or ("title" in node and "value" in node and "type" not in node):
            out.append(f"{node.get('title')}: {node.get('value')}")
        for key in ("title", "text") if "buttons" in node else ():
            if node.get(key):
                out.append(str(node[key]))
        for key in ("body", "items", "columns", "facts", "actions", "buttons", "choices"):
            for child in node.get(key) or []:
                if isinstance(child, dict) and key in ("actions", "buttons", "choices"):
                    out.append(f"[{child.get('title')}]")
                else:
                    out.extend(_card_texts(child))
    return out
