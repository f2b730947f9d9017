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
    """A Telegram chat that receives offers; `is_active` false once the bot was blocked (or
    removed from the chat), until the chat's next message to the bot turns it back on."""

    id: UUID
    kind: str
    chat_id: int
    chat_title: str | None
    is_active: bool
    is_paused: bool
    created_at: datetime
    targets: list[ChannelTargetOut]
