"""The application's own routes: Teams (/api/messages), SMS (/api/sms, /api/sms/status), /healthz, /readyz.

The flows' web pages add their routes in bot.web_weekplan, bot.web_calendar and bot.web_stats;
bot.app.create_app puts them all on one application.
"""

from __future__ import annotations

from aiohttp import web
from sqlalchemy import text

from adapters.teams.adapter import handle_messages
from bot.services import Services
from storage.db import Database
from storage.migrate import is_up_to_date


async def readiness(db: Database, database_url: str) -> tuple[int, dict[str, str]]:
    """GET /readyz's status and body: ready when the database answers and carries every migration."""
    try:
        async with db.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        migrated = await is_up_to_date(db.engine, database_url)
    except Exception as exc:
        return 503, {"status": "database unreachable", "error": type(exc).__name__}
    if not migrated:
        return 503, {"status": "migrations missing: run `skolebot db upgrade`"}
    return 200, {"status": "ready"}


async def healthz(_request: web.Request) -> web.Response:
    """GET /healthz: the process answers (nothing else is checked)."""
    return web.json_response({"status": "ok"})


class CoreRoutes:
    """The handlers of the channel and health routes, over one application's Services."""

    def __init__(self, services: Services) -> None:
        self._services = services

    async def messages(self, request: web.Request) -> web.Response:
        """POST /api/messages: a Teams (Bot Framework) activity; the tenant checked in production."""
        s = self._services
        return await handle_messages(
            request,
            s.cloud_adapter,
            s.bot,
            on_refused=s.metrics.refuser("/api/messages"),
            tenant_id=None if s.mode.local else s.settings.tenant_id,
        )

    async def sms(self, request: web.Request) -> web.Response:
        """POST /api/sms: Twilio's signed webhook for an incoming SMS."""
        return await self._services.sms_adapter.handle_webhook(request, self._services.bot)

    async def sms_status(self, request: web.Request) -> web.Response:
        """POST /api/sms/status: Twilio's delivery receipts, which also move the outbox's deliveries on."""
        return await self._services.sms_adapter.handle_status(
            request, on_change=self._services.deps.outbox.apply_sms_status
        )

    async def readyz(self, _request: web.Request) -> web.Response:
        """GET /readyz: 200 when the database is reachable and migrated, else 503 saying which."""
        status, body = await readiness(self._services.db, self._services.settings.database_url)
        return web.json_response(body, status=status)

    def add_to(self, app: web.Application) -> None:
        """The routes of the channels this deployment serves (a switched-off channel's are a 404), and health."""
        mode = self._services.mode
        if mode.serves("teams"):
            app.router.add_post("/api/messages", self.messages)
        if mode.serves("sms"):
            app.router.add_post("/api/sms", self.sms)
            app.router.add_post("/api/sms/status", self.sms_status)
        app.router.add_get("/healthz", healthz)
        app.router.add_get("/readyz", self.readyz)
