"""Settings from the environment or `.env`, validated once at start-up."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.logs.formatting import LogFormat

_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
# Telegram's rule for setWebhook's secret_token.
_WEBHOOK_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]

TELEGRAM_API_URL = "https://api.telegram.org/bot"
TELEGRAM_FILE_URL = "https://api.telegram.org/file/bot"


class ConfigError(Exception):
    """A setting has a value Coach cannot use; the message names the setting."""


class StartupError(Exception):
    """Coach cannot start: the message says why and what to do, on one line, naming the
    settings involved but never a secret's value."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    telegram_bot_token: SecretStr | None = Field(
        default=None,
        description="Token from @BotFather; without it `coach run` starts the local chat.",
    )
    data_dir: Path = Field(default=Path("data"), description="Where the default SQLite file lives.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy async URL; default: SQLite in DATA_DIR."
    )
    database_pool_size: int = Field(
        default=10,
        ge=1,
        le=500,
        description="PostgreSQL connections per instance (doubled for bursts).",
    )
    telegram_base_url: str = TELEGRAM_API_URL
    telegram_base_file_url: str = TELEGRAM_FILE_URL
    log_level: LogLevel = "INFO"
    telegram_rate_limit: float = Field(
        default=30, ge=0, description="Messages per second to Telegram overall; 0: no limit."
    )
    telegram_paid_broadcast: bool = Field(
        default=False,
        description="Send reminders as Telegram's paid broadcasts (allow_paid_broadcast, "
        "billed in Stars per message), at TELEGRAM_PAID_BROADCAST_RATE instead of "
        "TELEGRAM_RATE_LIMIT.",
    )
    telegram_paid_broadcast_rate: float = Field(
        default=1000, gt=0, le=1000, description="Messages per second with paid broadcasts."
    )
    reminder_poll_seconds: float = Field(default=5, gt=0, le=300)
    instance_beat_seconds: float = Field(
        default=10,
        gt=0,
        le=300,
        description="How often each instance on PostgreSQL says it runs: the instances "
        "share TELEGRAM_RATE_LIMIT, and one silent for three beats is counted out.",
    )
    reminder_grace_minutes: float = Field(default=120, ge=0)
    reminder_send_ahead_minutes: float = Field(
        default=15,
        ge=0,
        le=60,
        description="How early a reminder may go when its slot is too crowded to send on "
        "time at the rate limit; 0: never early.",
    )
    webhook_url: str | None = Field(
        default=None,
        description="Public HTTPS URL Telegram posts updates to; set, the bot serves a "
        "webhook instead of polling. Its path is the path the server listens on.",
    )
    webhook_secret: SecretStr | None = Field(
        default=None,
        # Validated even when unset, so a WEBHOOK_URL without it is refused.
        validate_default=True,
        description="Token Telegram sends with every webhook request; needed with WEBHOOK_URL.",
    )
    webhook_listen: str = Field(
        default="0.0.0.0",
        description="Address the bot's HTTP server binds: the webhook's, and the Mini App's.",
    )
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webapp_url: str | None = Field(
        default=None,
        description="Public HTTPS URL Telegram opens the Mini App at: the bot's public base "
        "and /webapp/. Set, the bot serves the app (on its webhook server, or on "
        "WEBHOOK_LISTEN:WEBHOOK_PORT when polling) and offers it with a Start workout button.",
    )
    webapp_rate_limit: int = Field(
        default=30,
        ge=0,
        description="Mini App requests a person may make at once, and per 10 s after that; "
        "0: no limit.",
    )
    webapp_auth_max_age: timedelta = Field(
        default=timedelta(hours=24),
        gt=timedelta(0),
        description="How long the Mini App's launch data stays valid: seconds, or ISO 8601 "
        "(PT24H).",
    )
    handle_updates_concurrently: bool = Field(
        default=True, description="Different people's updates at once; one person's in order."
    )
    max_concurrent_updates: int = Field(default=64, ge=1, le=4096)
    flood_limit: int = Field(
        default=20, ge=0, description="Updates a person may send per window; 0: no guard."
    )
    flood_window_seconds: float = Field(default=10, gt=0)
    log_format: LogFormat = Field(default="text", description="text, or json: one object a line.")
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), description="Telegram user ids allowed to use /admin, comma-separated."
    )
    default_timezone: str = "UTC"

    @field_validator(
        "telegram_bot_token", "webhook_url", "webhook_secret", "webapp_url", mode="before"
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # The message must never echo the value: it is a secret even when malformed.
        if value is not None and not _TOKEN_SHAPE.fullmatch(value.get_secret_value().strip()):
            raise ValueError("does not look like a bot token from @BotFather (digits:letters)")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError("not a URL, e.g. https://coach.example.com/telegram")
        return value

    @field_validator("webapp_auth_max_age", mode="before")
    @classmethod
    def _seconds(cls, value: object) -> object:
        # "86400" as .env.example writes it; pydantic reads only ISO 8601 from a string.
        if isinstance(value, str) and value.strip().replace(".", "", 1).isdigit():
            return float(value)
        return value

    @field_validator("webapp_url")
    @classmethod
    def _webapp_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        # Telegram opens Mini Apps over HTTPS only.
        if parts.scheme != "https" or not parts.hostname:
            raise ValueError("not an HTTPS URL, e.g. https://coach.example.com/webapp/")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        # The messages must never echo the value.
        if value is None:
            if info.data.get("webhook_url"):
                raise ValueError("required when WEBHOOK_URL is set")
            return None
        if not _WEBHOOK_SECRET_SHAPE.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_log_format(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: object) -> object:
        # "123, 456" as people write it; empty means no admins.
        return value.replace(",", " ").split() if isinstance(value, str) else value

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
            raise ValueError(f"unknown IANA timezone {value!r}") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _parsable_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError("not a database URL, e.g. sqlite+aiosqlite:///data/coach.db") from exc
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ValueError("only sqlite and postgresql databases are supported")
        return value

    @field_validator("telegram_base_url", "telegram_base_file_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @property
    def telegram_send_rate(self) -> float:
        """Messages per second to Telegram overall; 0: no limit."""
        if self.telegram_paid_broadcast:
            return self.telegram_paid_broadcast_rate
        return self.telegram_rate_limit

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'coach.sqlite3'}"


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning a validation failure into one line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "settings"
        reason = error["msg"].removeprefix("Value error, ")
        raise ConfigError(f"Invalid setting {name}: {reason}") from None
