"""The one place the API side builds python-telegram-bot's Bot: from Settings, against
TELEGRAM_API_BASE_URL (the fake server in tests)."""

from __future__ import annotations

from telegram import Bot
from telegram.request import HTTPXRequest

from core.config import Settings, SettingsError

# getUpdates holds the connection for its long-poll timeout on top of this.
READ_TIMEOUT_SECONDS = 10.0


def build_bot(settings: Settings) -> Bot:
    """A Bot for the configured token; SettingsError when TELEGRAM_BOT_TOKEN is not set."""
    if not settings.telegram_bot_token:
        raise SettingsError("TELEGRAM_BOT_TOKEN is not set")
    root = settings.telegram_api_base_url.rstrip("/")
    return Bot(
        settings.telegram_bot_token,
        base_url=f"{root}/bot",
        base_file_url=f"{root}/file/bot",
        request=HTTPXRequest(read_timeout=READ_TIMEOUT_SECONDS),
        get_updates_request=HTTPXRequest(read_timeout=READ_TIMEOUT_SECONDS),
    )
