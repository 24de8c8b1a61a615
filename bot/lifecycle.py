"""What an application does when it starts and when it stops, besides answering requests."""

from __future__ import annotations

import datetime as dt
import logging

from aiohttp import web

from adapters.sms.playground import (
    PLAYGROUND_FROM,
    PLAYGROUND_TWILIO_SID,
    PLAYGROUND_TWILIO_TOKEN,
    LazyFakeTwilioSender,
)
from bot.logs import new_request_id, request_scope
from bot.outbox_worker import start_in_app as start_outbox
from bot.outbox_worker import stop_in_app as stop_outbox
from bot.services import Services
from bot.warm_up import warm_up

log = logging.getLogger(__name__)


async def start_sms_sender(services: Services) -> None:
    """Start the built-in fake Twilio when that is the sender (local mode without credentials)."""
    sender = services.sms_adapter.sender
    if isinstance(sender, LazyFakeTwilioSender):
        await sender.start(
            auth_token=PLAYGROUND_TWILIO_TOKEN, account_sid=PLAYGROUND_TWILIO_SID, from_number=PLAYGROUND_FROM
        )


class Lifecycle:
    """The application's on_startup and on_cleanup steps, over one application's Services."""

    def __init__(self, services: Services) -> None:
        self._services = services

    async def start(self, _app: web.Application) -> None:
        """Sender, warm-up, SMS turns a restart cut short, the outbox worker, the periodic jobs."""
        services = self._services
        await start_sms_sender(services)
        await self._warm_up_and_resume()
        with request_scope(f"outbox-{new_request_id()}"):  # the worker's tasks inherit this id
            await start_outbox(services)
        if services.settings.jobs_interval > 0:
            services.jobs.start()

    async def _warm_up_and_resume(self) -> None:
        """Warm up, then finish SMS turns accepted before a restart; a database not migrated yet only warns."""
        services = self._services
        try:
            await warm_up(services)
            await services.sms_adapter.resume_unprocessed(
                services.bot, within=dt.timedelta(minutes=services.settings.unfinished_body_minutes)
            )
        except Exception as exc:  # not migrated yet: /readyz says so
            log.warning("could not warm up or resume unfinished SMS turns: %s", type(exc).__name__)

    async def close(self, _app: web.Application) -> None:
        """Stop the worker and the jobs, let turns in flight finish, close the sender and the database."""
        services = self._services
        await stop_outbox(services)
        await services.jobs.stop()
        await services.sms_adapter.drain()
        await services.sms_adapter.sender.close()
        await services.db.dispose()

    def add_to(self, app: web.Application) -> None:
        app.on_startup.append(self.start)
        app.on_cleanup.append(self.close)
