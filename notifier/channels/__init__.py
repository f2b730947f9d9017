"""Kinds of delivery channel behind one seam (base.py): Telegram, e-mail, webhook.

`KINDS` is the registry: a kind's name (NotificationConfig.kind), how a notifier process builds
its Channel from the settings and, for a kind users add by address through the API
(`POST /api/public/channels`), its address check (notifier/channels/addressing.py). Adding a
kind is its module and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.config import Settings
from notifier.channels.addressing import SetupAddress
from notifier.channels.base import Channel
from notifier.channels.email.address import setup_email_address
from notifier.channels.email.channel import EmailChannel
from notifier.channels.telegram.channel import TelegramChannel
from notifier.channels.webhook import WebhookChannel, setup_webhook_address


@dataclass(frozen=True)
class ChannelKind:
    build: Callable[[Settings], Channel]
    # None: not added by address (a Telegram chat links itself through the bot's deep link).
    setup_address: SetupAddress | None = None


KINDS: dict[str, ChannelKind] = {
    "telegram": ChannelKind(TelegramChannel.from_settings),
    "email": ChannelKind(EmailChannel, setup_email_address),
    "webhook": ChannelKind(WebhookChannel.from_settings, setup_webhook_address),
}

ADDRESS_KINDS: dict[str, SetupAddress] = {
    name: kind.setup_address for name, kind in KINDS.items() if kind.setup_address is not None
}


def build_channels(settings: Settings) -> dict[str, Channel]:
    """One Channel per registered kind, for one notifier process."""
    return {name: kind.build(settings) for name, kind in KINDS.items()}
