"""Which Bot Framework activities a production deployment lets in: Teams, from the school's own tenant.

The JWT (checked by botbuilder) proves an activity came through Microsoft's Bot Connector, not which
organisation sent it: any Microsoft 365 tenant can install a Teams app whose bot id it knows. So the
tenant the connector reports must be the school's. Pure function over the posted JSON.
"""

from __future__ import annotations

from typing import Any

TEAMS_CHANNEL = "msteams"


def _tenants(body: dict[str, Any]) -> set[str]:
    """Every tenant id the activity names (conversation.tenantId and channelData.tenant.id), lower case."""
    found: set[str] = set()
    conversation = body.get("conversation")
    if isinstance(conversation, dict) and isinstance(conversation.get("tenantId"), str):
        found.add(conversation["tenantId"].strip().lower())
    channel_data = body.get("channelData")
    tenant = channel_data.get("tenant") if isinstance(channel_data, dict) else None
    if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
        found.add(tenant["id"].strip().lower())
    return found


def refusal(body: dict[str, Any], tenant_id: str) -> str | None:
    """Why a production deployment refuses this activity (`wrong_channel`, `wrong_tenant`), or None."""
    if body.get("channelId") != TEAMS_CHANNEL:
        return "wrong_channel"
    tenants = _tenants(body)
    if not tenants or tenants != {tenant_id.strip().lower()}:
        return "wrong_tenant"
    return None
