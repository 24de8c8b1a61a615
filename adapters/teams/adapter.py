"""Teams and the Emulator: botbuilder's CloudAdapter, configured from the Azure Bot registration."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import requests
from aiohttp import web
from aiohttp.web_exceptions import HTTPException
from botbuilder.core import Bot, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity

from adapters.teams.admission import refusal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _BotConfig:
    """The attribute names ConfigurationBotFrameworkAuthentication reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str


def make_cloud_adapter(*, app_id: str, app_password: str, app_type: str, app_tenant_id: str) -> CloudAdapter:
    """A CloudAdapter: JWT checked when `app_id` is set, Emulator-style local mode when not."""
    config = _BotConfig(
        APP_ID=app_id,
        APP_PASSWORD=app_password,
        APP_TYPE=app_type or ("MultiTenant" if not app_tenant_id else "SingleTenant"),
        APP_TENANTID=app_tenant_id,
    )
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(config))

    async def on_error(context: TurnContext, error: Exception) -> None:
        if isinstance(error, ActivityRefused):
            raise error  # not a fault: handle_messages answers 403
        log.error("unhandled error in a Bot Framework turn: %s", type(error).__name__, exc_info=error)

    adapter.on_turn_error = on_error
    return adapter


class ActivityRefused(Exception):
    """An authenticated activity this deployment does not serve (another channel or tenant)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Admitted(Bot):
    """The bot behind the checks that run after botbuilder has validated the JWT, before the turn.

    `started` tells handle_messages whether an exception came from authentication (the turn never
    began: 401) or from the turn itself. With `tenant_id` (production), only that Teams tenant gets in.
    """

    def __init__(self, bot: Bot, tenant_id: str | None) -> None:
        self._bot = bot
        self._tenant_id = tenant_id
        self.started = False

    async def on_turn(self, context: TurnContext) -> None:
        if self._tenant_id is not None:
            reason = refusal(context.activity.serialize(), self._tenant_id)
            if reason is not None:
                raise ActivityRefused(reason)
        self.started = True
        await self._bot.on_turn(context)


async def handle_messages(
    request: web.Request,
    adapter: CloudAdapter,
    bot: Bot,
    on_refused: Callable[[str], None] | None = None,
    tenant_id: str | None = None,
) -> web.Response:
    """POST /api/messages: clear 4xx answers for bad requests, 401 for every authentication failure.

    With `tenant_id` (production), only Teams activities from that tenant get in; others are a 403.
    `on_refused(reason)` hears of every 4xx (for /metrics): bad_content_type, bad_json,
    bad_activity, unauthorized, wrong_channel, wrong_tenant.
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
    admitted = _Admitted(bot, tenant_id)
    try:
        response = await adapter.process(request, admitted)
    except ActivityRefused as exc:
        refused(exc.reason)
        log.warning("refused an authenticated Bot Framework activity: %s", exc.reason)
        return web.json_response({"error": "this bot serves one school's Microsoft Teams only"}, status=403)
    except HTTPException as exc:
        if 400 <= exc.status < 500:
            refused("unauthorized" if exc.status == 401 else "bad_activity")
        raise
    except Exception as exc:
        if admitted.started:
            raise  # the turn's own fault (a database outage is a 503 in bot.middleware)
        if isinstance(exc, requests.RequestException):  # Microsoft's signing keys could not be fetched
            log.error("could not fetch the Bot Framework signing keys: %s", type(exc).__name__)
            return web.json_response(
                {"error": "cannot verify the token now, try again"}, status=503, headers={"Retry-After": "5"}
            )
        # Whatever the JWT validators raise (PermissionError, jwt errors, an unknown key id's IndexError,
        # a bare Exception for a bad endorsement): the token was not accepted.
        log.info("refused a Bot Framework activity: token not accepted (%s)", type(exc).__name__)
        refused("unauthorized")
        return web.json_response({"error": "unauthorized"}, status=401)
    return response or web.Response(status=201)
