"""Skolebot started in each configuration an operator can write: Teams only, SMS only, both, neither.

Production here is the real thing but for the addresses: Twilio's API is a FakeTwilio and Microsoft's
Bot Connector keys come from a BotConnectorIssuer, both on loopback, so SKOLEBOT_MODE=production forces
the mode that those loopback addresses would otherwise make local. The issuer is put where botbuilder's
public-cloud validation looks for the keys (`ChannelValidation.open_id_metadata_endpoint`, the hook
botframework-connector has for this), so the exact code path of a production deployment runs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from botframework.connector.auth import ChannelValidation
from sqlalchemy import MetaData, select

from storage.db import Database
from tests.e2e.harness import Running, running_bot
from tests.security.bot_connector_issuer import BotConnectorIssuer

APP_ID = "6f1c2d3e-0000-4000-8000-00000000b07a"
TENANT = "8a7b6c5d-1111-4222-8333-5c0015cb0001"
OTHER_TENANT = "0bad0bad-2222-4333-8444-a77ac0e00001"
PUBLIC_URL = "https://skolebot.solbakken.example"

NO_TEAMS = {"MICROSOFT_APP_ID": "", "MICROSOFT_APP_PASSWORD": "", "SKOLEBOT_TENANT_ID": ""}
NO_SMS = {"TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "", "TWILIO_FROM_NUMBER": "", "SKOLEBOT_TWILIO_API_URL": ""}
CONFIGURATIONS = ("teams", "sms", "teams,sms", "neither")


def environment(configuration: str) -> dict[str, Any]:
    """The settings of one configuration, on top of the harness's (which has Twilio on a FakeTwilio)."""
    teams = {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "app-password", "SKOLEBOT_TENANT_ID": TENANT}
    production = {"SKOLEBOT_MODE": "production", "SKOLEBOT_PUBLIC_URL": PUBLIC_URL}
    if configuration == "teams":
        return {**teams, **NO_SMS, **production}
    if configuration == "sms":
        return {**NO_TEAMS, **production}
    if configuration == "teams,sms":
        return {**teams, **production}
    return {**NO_TEAMS, **NO_SMS}  # neither: local mode, the built-in fake Twilio


@asynccontextmanager
async def deployment(
    database_url: str, configuration: str, **overrides: Any
) -> AsyncIterator[tuple[Running, BotConnectorIssuer]]:
    """A running Skolebot in `configuration`, and the issuer whose tokens its production Teams trusts."""
    issuer = BotConnectorIssuer()
    ChannelValidation.open_id_metadata_endpoint = issuer.start()
    try:
        async with running_bot(database_url, **{**environment(configuration), **overrides}) as bot:
            yield bot, issuer
    finally:
        ChannelValidation.open_id_metadata_endpoint = None
        issuer.stop()


async def database_rows(database_url: str) -> dict[str, list[str]]:
    """Every row of every table (reflected, so a new table is covered too), for before/after comparisons."""
    db = Database(database_url)
    try:
        async with db.engine.connect() as conn:
            meta = MetaData()
            await conn.run_sync(meta.reflect)
            return {
                name: sorted(repr(tuple(row)) for row in (await conn.execute(select(table))).all())
                for name, table in meta.tables.items()
            }
    finally:
        await db.dispose()


def teams_activity(
    bot: Running,
    upn: str,
    text: str,
    *,
    tenant: str = TENANT,
    channel: str = "msteams",
    aad_object_id: str | None = None,
) -> dict[str, Any]:
    """A Teams personal-chat message as the Bot Connector posts it."""
    user = bot.user(upn, channel_id=channel, aad_object_id=aad_object_id)
    body = bot.client.activity(user, text=text)
    body["channelData"] = {"tenant": {"id": tenant}}
    body["conversation"]["tenantId"] = tenant
    return body
