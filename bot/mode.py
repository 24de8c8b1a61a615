"""Local or production, decided once from the settings: which channels are on, and what is missing.

*Local*: no Microsoft app id, and SMS either the built-in fake Twilio or a Twilio API on loopback,
so nothing can leave the machine. The Emulator and tests may act as anyone, which is why a local
server binds to loopback only and refuses requests that come through a proxy (bot.local_guard).

*Production*: everything else. Each channel is fully configured or switched off; a half-configured
one stops start-up with a message naming the missing variable. Pure functions, no I/O.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from bot.settings import Settings

Channel = Literal["teams", "sms"]
CHANNELS: tuple[Channel, ...] = ("teams", "sms")
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


class ModeError(Exception):
    """The configuration is not fully set up; the message names what is missing."""


@dataclass(frozen=True)
class Mode:
    """How this deployment runs: `local` or `production`, and the channels that are on."""

    name: Literal["local", "production"]
    channels: frozenset[Channel]

    @property
    def local(self) -> bool:
        return self.name == "local"

    def serves(self, channel: Channel) -> bool:
        return channel in self.channels

    def describe(self) -> str:
        """The one line `serve` prints at start-up."""
        on = ",".join(c for c in CHANNELS if c in self.channels) or "none"
        if self.local:
            return f"mode: local (loopback only, no authentication, channels {on}; nothing leaves this machine)"
        return f"mode: production (channels {on}; every request authenticated)"


def is_loopback_host(host: str) -> bool:
    """True for localhost names and loopback addresses (127.0.0.0/8, ::1), with or without [brackets]."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _url_on_loopback(url: str) -> bool:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return bool(host) and is_loopback_host(host or "")


def _twilio_vars(settings: Settings) -> dict[str, str]:
    return {
        "TWILIO_ACCOUNT_SID": settings.twilio_account_sid,
        "TWILIO_AUTH_TOKEN": settings.twilio_auth_token,
        "TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID": settings.twilio_from_number
        or settings.twilio_messaging_service_sid,
    }


def _sms_stays_local(settings: Settings) -> bool:
    """SMS is the built-in fake (no Twilio credentials), or a Twilio API on this machine."""
    if not any(_twilio_vars(settings).values()):
        return True
    return bool(settings.twilio_api_url) and _url_on_loopback(settings.twilio_api_url)


def is_local(settings: Settings) -> bool:
    """Local mode: no Microsoft app id or tenant, SMS cannot leave the machine, production not forced."""
    if settings.mode == "production":
        return False
    return not settings.microsoft_app_id and not settings.tenant_id and _sms_stays_local(settings)


def _requested(settings: Settings) -> frozenset[Channel] | None:
    """SKOLEBOT_CHANNELS as a set, or None when it is empty (then: the configured ones)."""
    words = [w.strip().lower() for w in settings.channels.replace(";", ",").split(",") if w.strip()]
    if not words:
        return None
    unknown = [w for w in words if w not in CHANNELS]
    if unknown:
        raise ModeError(f"SKOLEBOT_CHANNELS: unknown channel {unknown[0]!r} (use teams, sms or teams,sms)")
    return frozenset(w for w in words if w in CHANNELS)


def _missing_teams(settings: Settings) -> list[str]:
    missing = []
    if not settings.microsoft_app_id:
        missing.append("MICROSOFT_APP_ID")
    app_type = (settings.microsoft_app_type or "").lower()
    if not settings.microsoft_app_password and app_type != "userassignedmsi":
        missing.append("MICROSOFT_APP_PASSWORD")
    if app_type in ("singletenant", "userassignedmsi") and not settings.microsoft_app_tenant_id:
        missing.append("MICROSOFT_APP_TENANT_ID")
    if not settings.tenant_id:
        missing.append("SKOLEBOT_TENANT_ID")
    return missing


def _missing_sms(settings: Settings) -> list[str]:
    missing = [name for name, value in _twilio_vars(settings).items() if not value]
    if not settings.public_url.startswith("https://") or _url_on_loopback(settings.public_url):
        missing.append("SKOLEBOT_PUBLIC_URL (the https address Twilio posts to; signatures are checked against it)")
    return missing


def _configured(settings: Settings) -> frozenset[Channel]:
    """The channels the operator started to configure: these must then be complete."""
    on: set[Channel] = set()
    if settings.microsoft_app_id or settings.microsoft_app_password or settings.tenant_id:
        on.add("teams")
    if any(_twilio_vars(settings).values()):
        on.add("sms")
    return frozenset(on)


def decide(settings: Settings) -> Mode:
    """The deployment's mode; raises ModeError naming each missing variable of a half-configured channel."""
    requested = _requested(settings)
    if settings.mode == "local" and not is_local(settings):
        raise ModeError(
            "SKOLEBOT_MODE=local, but MICROSOFT_APP_ID, SKOLEBOT_TENANT_ID or a Twilio API off this "
            "machine is configured: local mode lets anyone act as anyone, so it is refused"
        )
    if is_local(settings):
        return Mode("local", requested if requested is not None else frozenset(CHANNELS))
    channels = requested if requested is not None else _configured(settings)
    if not channels:
        raise ModeError("no channel is configured: set the Teams or the Twilio variables, and SKOLEBOT_CHANNELS")
    for channel, missing in (("teams", _missing_teams(settings)), ("sms", _missing_sms(settings))):
        if channel in channels and missing:
            switch_off = ",".join(c for c in CHANNELS if c in channels and c != channel)
            hint = f", or switch it off with SKOLEBOT_CHANNELS={switch_off}" if switch_off else ""
            raise ModeError(
                f"production mode: the {channel} channel is half-configured; missing {', '.join(missing)}{hint}"
            )
    return Mode("production", channels)


def local_copy(settings: Settings, **updates: object) -> Settings:
    """The same school in local mode, for `skolebot chat`: no credentials, no outbox worker, no periodic jobs.

    Nothing started from it can reach Teams or Twilio, and it never claims the real outbox's deliveries.
    """
    cleared: dict[str, object] = {
        "microsoft_app_id": "",
        "microsoft_app_password": "",
        "microsoft_app_tenant_id": "",
        "tenant_id": "",
        "twilio_account_sid": "",
        "twilio_auth_token": "",
        "twilio_from_number": "",
        "twilio_messaging_service_sid": "",
        "twilio_api_url": "",
        "mode": "",
        "channels": "",
        "outbox_worker": False,
        "jobs_interval": 0.0,
    }
    cleared.update(updates)
    return settings.model_copy(update=cleared)
