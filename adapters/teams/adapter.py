"""Teams and the Emulator: botbuilder's CloudAdapter, configured from our settings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from aiohttp.web_exceptions import HTTPException
from botbuilder.core import Bot, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity

from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _BotConfig:
    """The attribute names ConfigurationBotFrameworkAuthentication reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str


def make_cloud_adapter(settings: Settings) -> CloudAdapter:
    """A CloudAdapter: JWT checked when MICROSOFT_APP_ID is set, Emulator-style local mode when not."""
    config = _BotConfig(
        APP_ID=settings.microsoft_app_id,
        APP_PASSWORD=settings.microsoft_app_password,
        APP_TYPE=settings.microsoft_app_type or ("MultiTenant" if not settings.microsoft_app_tenant_id else "SingleTenant"),
        APP_TENANTID=settings.microsoft_app_tenant_id,
    )
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(config))

    async def on_error(context: TurnContext, error: Exception) -> None:
        log.error("unhandled error in a Bot Framework turn: %s", type(error).__name__, exc_info=error)

    adapter.on_turn_error = on_error
    return adapter


async def handle_messages(request: web.Request, adapter: CloudAdapter, bot: Bot,
                          on_refused: Callable[[str], None] | None = None) -> web.Response:
    """POST /api/messages: clear 4xx answers for bad requests, 401 for any auth failure.

    `on_refused(reason)` hears of every 4xx (for /metrics): bad_content_type, bad_json,
    bad_activity, unauthorized.
    """
    refused = on_refused or (lambda _reason: None)
    if "application/json" not in request.headers.get("Content-Type", ""):
        refused("bad_content_type")
        return web.json_response({"error": "Content-Type must be application/json"}, status=415)
    try:
        body = await request.json()
    except ValueError:
        refused("bad_json")
        return web.json_response({"error": "body is not JSON"}, status=400)
    if not isinstance(body, dict) or not body.get("type"):
        refused("bad_activity")
        return web.json_response({"error": "not a Bot Framework activity"}, status=400)
    try:
        Activity().deserialize(body)
    except Exception:
        refused("bad_activity")
        return web.json_response({"error": "not a Bot Framework activity"}, status=400)
    try:
        response = await adapter.process(request, bot)
    except HTTPException as exc:
        if 400 <= exc.status < 500:
            refused("unauthorized" if exc.status == 401 else "bad_activity")
        raise
    except PermissionError:
        refused("unauthorized")
        return web.json_response({"error": "unauthorized"}, status=401)
    except Exception as exc:
        if _is_auth_error(exc):
            refused("unauthorized")
            return web.json_response({"error": "unauthorized"}, status=401)
        raise
    return response or web.Response(status=201)


def _is_auth_error(exc: Exception) -> bool:
    """Token parsing errors from the JWT validators surface as various types; all mean 401."""
    module = type(exc).__module__ or ""
    return module.startswith(("jwt", "botframework.connector.auth")) or isinstance(exc, (KeyError, IndexError)) and (
        "auth" in str(exc).lower() or "bearer" in str(exc).lower()
    )
