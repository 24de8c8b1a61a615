"""The key that signs the school's secret links (week plan pages, calendar feeds)."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError

from bot.settings import Settings
from storage.db import Database
from storage.models import SchoolSetting

SECRET_SETTING = "secret_key"


async def link_secret(db: Database, settings: Settings) -> bytes:
    """SKOLEBOT_SECRET_KEY, or the school's own random key: made once, kept in school_settings, race-safe."""
    if settings.secret_key:
        return settings.secret_key.encode("utf-8")
    async with db.transaction() as s:
        row = await s.get(SchoolSetting, SECRET_SETTING)
        if row is not None:
            return row.value.encode("utf-8")
    try:
        async with db.transaction() as s:
            s.add(SchoolSetting(key=SECRET_SETTING, value=secrets.token_urlsafe(32)))
    except IntegrityError:
        pass  # another process made it first: use theirs
    async with db.transaction() as s:
        row = await s.get(SchoolSetting, SECRET_SETTING)
        assert row is not None
        return row.value.encode("utf-8")
