"""Kinds of delivery channel behind one seam (base.py): Telegram, e-mail, webhook.

`KINDS` is the registry: a kind's name (NotificationConfig.kind) and how a notifier process
builds its Channel from the settings. Adding a kind is its module and one line here.
"""

from __future__ import annotations

from collections.abc import Callable

from core.config import Settings
from notifier.channels.base import Channel
from notifier.channels.telegram.channel import TelegramChannel

KINDS: dict[str, Callable[[Settings], Channel]] = {
    TelegramChannel.kind: TelegramChannel.from_settings,
}


def build_channels(settings: Settings) -> dict[str, Channel]:
    """One Channel per registered kind, for one notifier process."""
    return {kind: build(settings) for kind, build in KINDS.items()}
