"""The codes in Telegram buttons' callback data, `<code>:<object id in hex>`: written by the
notifier's keyboards and the bot's /unlink keyboard, read by the bot's button handler
(api/channels/bot.py). One place, so the two sides cannot drift apart."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID


class Button(StrEnum):
    MUTE = "m"  # an offer message's "Mute this target" (the id: the notification's)
    SNOOZE = "s"  # "Snooze 1 h" (the notification's)
    EXCLUDE_SELLER = "x"  # "Exclude seller …" (the notification's)
    UNLINK = "u"  # /unlink's keyboard (the id: the target-channel route's)


def callback_data(button: Button, object_id: UUID) -> str:
    """What Telegram sends back when the button is pressed (well within its 64 bytes)."""
    return f"{button}:{object_id.hex}"


def parse_callback_data(data: str) -> tuple[Button, UUID] | None:
    """The button and object id of callback data, or None when it is not one of ours."""
    code, _, ident = data.partition(":")
    try:
        return Button(code), UUID(hex=ident)
    except ValueError:
        return None
