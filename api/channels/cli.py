"""Operating the bot: register the webhook with Telegram, remove it, show it.

litestar --app api.app:app telegram set-webhook [--drop-pending-updates]
python -m api.channels.cli set-webhook [--drop-pending-updates]     (same commands)
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import click
from litestar.plugins import CLIPlugin
from telegram.error import TelegramError

from api.channels.bot import ALLOWED_UPDATES
from api.channels.telegram_api import build_bot
from core.config import Settings, SettingsError, get_settings

WEBHOOK_PATH = "/api/webhooks/telegram"
# What Telegram accepts as secret_token.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")


def webhook_url(settings: Settings) -> str:
    """PUBLIC_BASE_URL + the webhook path; Telegram only calls https URLs."""
    base = settings.public_base_url.rstrip("/")
    if not base:
        raise SettingsError("PUBLIC_BASE_URL is not set (without it the bot runs in polling mode)")
    if not base.startswith("https://"):
        raise SettingsError(f"PUBLIC_BASE_URL must be an https:// URL for Telegram, got {base!r}")
    return base + WEBHOOK_PATH


async def register_webhook(settings: Settings, *, drop_pending_updates: bool = False) -> str:
    """setWebhook with our URL, secret and update kinds; answers the URL registered."""
    url = webhook_url(settings)
    if not SECRET_PATTERN.fullmatch(settings.telegram_webhook_secret):
        raise SettingsError("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
    async with build_bot(settings) as bot:
        await bot.set_webhook(
            url=url,
            secret_token=settings.telegram_webhook_secret,
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=drop_pending_updates,
        )
    return url


async def remove_webhook(settings: Settings, *, drop_pending_updates: bool = False) -> None:
    async with build_bot(settings) as bot:
        await bot.delete_webhook(drop_pending_updates=drop_pending_updates)


async def webhook_info(settings: Settings) -> dict[str, Any]:
    async with build_bot(settings) as bot:
        info = await bot.get_webhook_info()
    return {
        "url": info.url,
        "pending_update_count": info.pending_update_count,
        "last_error": info.last_error_message,
    }


def _run(coroutine: Any) -> Any:
    try:
        return asyncio.run(coroutine)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    except TelegramError as exc:
        raise click.ClickException(f"Telegram refused: {exc.message}") from None


DROP_OPTION = click.option(
    "--drop-pending-updates", is_flag=True, help="Discard updates Telegram has queued for the bot."
)


@click.group("telegram", help="Register or remove the Telegram webhook.")
def telegram_group() -> None:
    pass


@telegram_group.command("set-webhook", help="Point Telegram at PUBLIC_BASE_URL/api/webhooks/telegram.")
@DROP_OPTION
def set_webhook_command(drop_pending_updates: bool) -> None:
    url = _run(register_webhook(get_settings(), drop_pending_updates=drop_pending_updates))
    click.echo(f"webhook set: {url}")


@telegram_group.command("delete-webhook", help="Stop webhook delivery (e.g. to use polling).")
@DROP_OPTION
def delete_webhook_command(drop_pending_updates: bool) -> None:
    _run(remove_webhook(get_settings(), drop_pending_updates=drop_pending_updates))
    click.echo("webhook removed")


@telegram_group.command("webhook-info", help="Show what Telegram has registered.")
def webhook_info_command() -> None:
    info = _run(webhook_info(get_settings()))
    for key, value in info.items():
        click.echo(f"{key}: {value if value not in (None, '') else '-'}")


class TelegramCLIPlugin(CLIPlugin):
    """Adds the `telegram` group to the `litestar` command."""

    def on_cli_init(self, cli: click.Group) -> None:
        cli.add_command(telegram_group)


if __name__ == "__main__":
    telegram_group()
