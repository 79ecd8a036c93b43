"""Configuration problems stop start-up with one clear line that names the setting."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

SECRET_LOOKING = "not a token but secret-ish"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(
            ("TELEGRAM_", "DATABASE_", "LOG_", "DEFAULT_", "DATA_DIR", "REMINDER_", "WEBAPP_")
        ):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_defaults_use_sqlite_in_the_data_directory() -> None:
    settings = load_settings()
    assert settings.telegram_bot_token is None
    assert settings.resolved_database_url == "sqlite+aiosqlite:///data/coach.sqlite3"
    assert settings.telegram_base_url == "https://api.telegram.org/bot"


def test_settings_are_read_from_dotenv(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=debug\nDEFAULT_TIMEZONE=Asia/Kolkata\n")
    settings = load_settings()
    assert settings.log_level == "DEBUG"
    assert settings.default_timezone == "Asia/Kolkata"


def test_paid_broadcasts_raise_the_send_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().telegram_send_rate == 30
    monkeypatch.setenv("TELEGRAM_PAID_BROADCAST", "true")
    assert load_settings().telegram_send_rate == 1000
    monkeypatch.setenv("TELEGRAM_PAID_BROADCAST_RATE", "400")
    assert load_settings().telegram_send_rate == 400


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus", "DEFAULT_TIMEZONE"),
        ("DEFAULT_TIMEZONE", "Europe", "DEFAULT_TIMEZONE"),
        ("TELEGRAM_RATE_LIMIT", "-1", "TELEGRAM_RATE_LIMIT"),
        ("TELEGRAM_PAID_BROADCAST_RATE", "5000", "TELEGRAM_PAID_BROADCAST_RATE"),
        ("REMINDER_SEND_AHEAD_MINUTES", "-5", "REMINDER_SEND_AHEAD_MINUTES"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL"),
        ("DATABASE_URL", "::not a url::", "DATABASE_URL"),
        ("TELEGRAM_BASE_URL", "ftp://example", "TELEGRAM_BASE_URL"),
        ("TELEGRAM_BOT_TOKEN", SECRET_LOOKING, "TELEGRAM_BOT_TOKEN"),
    ],
)
def test_a_bad_value_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, named: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(f"Invalid setting {named}:")
    assert "\n" not in message
    assert SECRET_LOOKING not in message


def test_the_token_is_a_secret_in_reprs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abcDEF_ghi")
    settings = load_settings()
    assert "abcDEF" not in repr(settings)
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123:abcDEF_ghi"


def test_the_command_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    env.update(LOG_LEVEL="chatty", TELEGRAM_BOT_TOKEN=SECRET_LOOKING)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Invalid setting ")
    assert "Traceback" not in result.stderr
    assert SECRET_LOOKING not in result.stderr


def test_the_mini_app_opens_over_https_only() -> None:
    assert load_settings().webapp_url is None
    assert load_settings(webapp_url=" ").webapp_url is None
    url = "https://coach.example.com/webapp/"
    assert load_settings(webapp_url=url).webapp_url == url
    for refused in ("http://coach.example.com/webapp/", "coach.example.com", "https://"):
        with pytest.raises(ConfigError, match="WEBAPP_URL: not an HTTPS URL"):
            load_settings(webapp_url=refused)


def test_the_mini_apps_launch_data_lasts_a_day_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().webapp_auth_max_age == timedelta(hours=24)
    monkeypatch.setenv("WEBAPP_AUTH_MAX_AGE", "3600")
    assert load_settings().webapp_auth_max_age == timedelta(hours=1)
    monkeypatch.setenv("WEBAPP_AUTH_MAX_AGE", "0")
    with pytest.raises(ConfigError, match="WEBAPP_AUTH_MAX_AGE"):
        load_settings()
