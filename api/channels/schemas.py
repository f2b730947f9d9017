"""Response bodies of the channel routes (they take no request bodies)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec


class TelegramLinkOut(msgspec.Struct):
    """A single-use deep link that links the chat pressing START to the target; `group_url`
    lets the user pick a group to add the bot to instead."""

    token: str
    url: str
    group_url: str
    start_command: str
    expires_at: datetime


class ChannelTargetOut(msgspec.Struct):
    """A target routed to a channel, with the chat's mute/snooze state for it."""

    target_id: UUID
    name: str
    target_is_active: bool
    is_muted: bool
    snoozed_until: datetime | None
    linked_at: datetime


class ChannelOut(msgspec.Struct):
    """A channel that receives offers: `kind` says what `address` is (telegram: the chat id, as
    text). `is_active` false once the address takes no more messages (a Telegram chat that
    blocked or removed the bot, until its next message to the bot turns it back on);
    `is_verified` false until the owner confirmed the address (e-mail)."""

    id: UUID
    kind: str
    address: str
    chat_title: str | None
    is_active: bool
    is_paused: bool
    is_verified: bool
    created_at: datetime
    targets: list[ChannelTargetOut]
