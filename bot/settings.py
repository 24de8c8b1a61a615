"""The operator contract's environment, validated once at start-up (pydantic-settings)."""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.host_patterns import parse_host_patterns
from bot.periods import DEFAULT_PERIODS, PeriodTable, parse_periods
from bot.school_phone import is_phone_number
from bot.understanding.confidence import DEFAULT_CONFIRM_BELOW


class SettingsError(Exception):
    """A bad setting; the message names the environment variable."""


class Settings(BaseSettings):
    """Everything an operator can set, read from the environment and `.env`."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True)

    database_url: str = Field("sqlite+aiosqlite:///./skolebot.db", alias="SKOLEBOT_DATABASE_URL")
    public_url: str = Field("http://127.0.0.1:3978", alias="SKOLEBOT_PUBLIC_URL")
    timezone: str = Field("Europe/Oslo", alias="SKOLEBOT_TIMEZONE")
    microsoft_app_id: str = Field("", alias="MICROSOFT_APP_ID")
    microsoft_app_password: str = Field("", alias="MICROSOFT_APP_PASSWORD")
    microsoft_app_tenant_id: str = Field("", alias="MICROSOFT_APP_TENANT_ID")
    microsoft_app_type: str = Field("", alias="MICROSOFT_APP_TYPE")
    twilio_account_sid: str = Field("", alias="TWILIO_ACCOUNT_SID")
    twilio_auth_token: str = Field("", alias="TWILIO_AUTH_TOKEN")
    twilio_from_number: str = Field("", alias="TWILIO_FROM_NUMBER")
    twilio_messaging_service_sid: str = Field("", alias="TWILIO_MESSAGING_SERVICE_SID")
    twilio_api_url: str = Field("", alias="SKOLEBOT_TWILIO_API_URL")
    sms_rate: float = Field(10.0, alias="SKOLEBOT_SMS_RATE", gt=0)
    teams_rate: float = Field(40.0, alias="SKOLEBOT_TEAMS_RATE", gt=0)
    outbox_worker: bool = Field(True, alias="SKOLEBOT_OUTBOX_WORKER")  # false: serve runs no outbox worker
    # Extensions beyond PRODUCT.md (documented in the README).
    sms_max_segments: int = Field(3, alias="SKOLEBOT_SMS_MAX_SEGMENTS", ge=1, le=10)
    sms_replies_per_minute: int = Field(10, alias="SKOLEBOT_SMS_REPLIES_PER_MINUTE", ge=1)
    # No longer used: guardians' words are not kept at all (see the README). Still accepted, so old .env files load.
    raw_text_retention_days: int = Field(30, alias="SKOLEBOT_RAW_TEXT_RETENTION_DAYS", ge=0)
    # An SMS whose turn never finished (a crash) keeps its body this long, to be finished on restart; then it goes.
    unfinished_body_minutes: int = Field(15, alias="SKOLEBOT_UNFINISHED_BODY_MINUTES", ge=1, le=24 * 60)
    # Phone numbers in the SMS records (sent SMS, broadcast deliveries, inbound hashes, SMS conversations).
    number_retention_days: int = Field(30, alias="SKOLEBOT_NUMBER_RETENTION_DAYS", ge=1)
    default_language: str = Field("nb", alias="SKOLEBOT_DEFAULT_LANGUAGE")
    # The school's phone number, given in SMS replies ("Haster det, ring skolen på …") and to unknown numbers.
    # Empty: the number the demo school keeps in the database, if any; else the line is left out.
    school_phone: str = Field("", alias="SKOLEBOT_SCHOOL_PHONE")
    # Signs links (e.g. week plan pages). Empty: a random key is made once and kept in
    # the school_settings table under "secret_key" (see bot.link_secret).
    secret_key: str = Field("", alias="SKOLEBOT_SECRET_KEY", repr=False)
    # Days a new calendar feed link and a new leaders' stats link stay valid (bot.signed_links).
    feed_link_days: int = Field(365, alias="SKOLEBOT_FEED_LINK_DAYS", ge=1, le=3650)
    stats_link_days: int = Field(30, alias="SKOLEBOT_STATS_LINK_DAYS", ge=1, le=3650)
    jobs_interval: float = Field(30.0, alias="SKOLEBOT_JOBS_INTERVAL", ge=0)  # 0: periodic jobs off
    state_retention_days: int = Field(30, alias="SKOLEBOT_STATE_RETENTION_DAYS", ge=1)
    followup_minutes: int = Field(60, alias="SKOLEBOT_FOLLOWUP_MINUTES", ge=1)
    leave_principal_over_days: int = Field(3, alias="SKOLEBOT_LEAVE_PRINCIPAL_OVER_DAYS", ge=0)
    # An absence or leave parse less sure than this (0-1) is confirmed with one yes/no question; 0: never asked.
    confirm_below: float = Field(DEFAULT_CONFIRM_BELOW, alias="SKOLEBOT_CONFIRM_BELOW", ge=0, le=1)
    # Lesson periods for "3. time" in bookings: "1=08:30-09:15,2=09:20-10:05,..." (bot.periods).
    periods: str = Field(DEFAULT_PERIODS, alias="SKOLEBOT_PERIODS")
    # Logging (bot.logs): "text" for a terminal, "json" (one object a line) for a log collector.
    log_format: Literal["text", "json"] = Field("text", alias="SKOLEBOT_LOG_FORMAT")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", alias="SKOLEBOT_LOG_LEVEL")
    # Security (bot.mode decides local or production from these; see the README's "Two modes").
    # "production" forces production mode even where everything is on loopback (e.g. behind a local proxy).
    mode: Literal["", "auto", "local", "production"] = Field("", alias="SKOLEBOT_MODE")
    channels: str = Field("", alias="SKOLEBOT_CHANNELS")  # "teams", "sms", "teams,sms"; empty: the configured ones
    tenant_id: str = Field("", alias="SKOLEBOT_TENANT_ID")  # the Microsoft 365 tenant Teams activities must come from
    # Hosts a week plan file may be fetched from (dialogs.weekplan.attachments): "host" or "*.domain" (any subdomain),
    # each optionally ":port" (else 443). Teams hands a bot a file uploaded in a personal chat as a pre-authorised
    # OneDrive/SharePoint downloadUrl (<tenant>-my.sharepoint.com); nothing else is fetched without a token.
    attachment_hosts: str = Field("*.sharepoint.com", alias="SKOLEBOT_ATTACHMENT_HOSTS")
    attachment_max_bytes: int = Field(10 * 1024 * 1024, alias="SKOLEBOT_ATTACHMENT_MAX_BYTES", ge=1)
    attachment_timeout: float = Field(20.0, alias="SKOLEBOT_ATTACHMENT_TIMEOUT", gt=0)
    # /metrics: a bearer token it asks for, and/or a separate port (bound to loopback) it is served on instead.
    metrics_token: str = Field("", alias="SKOLEBOT_METRICS_TOKEN", repr=False)
    metrics_port: int = Field(0, alias="SKOLEBOT_METRICS_PORT", ge=0, le=65535)  # 0: on the main port

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not (value.startswith("sqlite+aiosqlite://") or value.startswith("postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST/DB")
        return value

    @field_validator("public_url", "twilio_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not (value.startswith("http://") or value.startswith("https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("attachment_hosts")
    @classmethod
    def _attachment_hosts(cls, value: str) -> str:
        parse_host_patterns(value)  # raises ValueError naming the bad entry
        return value

    @field_validator("periods")
    @classmethod
    def _periods(cls, value: str) -> str:
        parse_periods(value)  # raises ValueError naming the bad entry
        return value

    @field_validator("log_format", "log_level", "mode", mode="before")
    @classmethod
    def _log_word(cls, value: object, info: ValidationInfo) -> object:
        if not isinstance(value, str):
            return value
        return value.strip().upper() if info.field_name == "log_level" else value.strip().lower()

    @field_validator("school_phone")
    @classmethod
    def _school_phone(cls, value: str) -> str:
        value = value.strip()
        if value and not is_phone_number(value):
            raise ValueError("not a phone number (e.g. 22 12 34 56 or +4722123456)")
        return value

    @field_validator("default_language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in ("nb", "nn", "en"):
            raise ValueError("must be nb, nn or en")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def period_table(self) -> PeriodTable:
        return parse_periods(self.periods)

    @property
    def twilio_configured(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token)


def load_settings(**overrides: object) -> Settings:
    """Read settings; a bad value raises SettingsError naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "?"
            problems.append(f"{name}: {err['msg']}")
        raise SettingsError("bad setting: " + "; ".join(problems)) from exc
