"""Request and response bodies of the channel routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.text import ONE_LINE


class TelegramLinkOut(msgspec.Struct):
    """A single-use deep link that links the chat pressing START to the target; `group_url`
    lets the user pick a group to add the bot to instead."""

    token: str
    url: str
    group_url: str
    start_command: str
    expires_at: datetime


class ChannelCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A channel added by its address (Telegram chats are linked through the bot instead)."""

    kind: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=16,
            pattern=ONE_LINE,
            description="A kind of channel added by address: `email` or `webhook`",
            examples=["email", "webhook"],
        ),
    ]
    address: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=2048,
            pattern=ONE_LINE,
            description="Where the kind delivers: for `email` an e-mail address (name@example.com), "
            "for `webhook` the http(s) URL events are POSTed to",
            examples=["ada@example.com", "https://hooks.example.com/offerwatch"],
        ),
    ]
    options: Annotated[
        dict[str, Any] | None,
        Meta(
            description="Settings of the kind, if it has any: `email` has none; `webhook` takes "
            "`preset` (`json`, `discord` or `slack`; guessed from the URL when left out)"
        ),
    ] = None


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
    `is_verified` false until the owner confirmed the address (an e-mail channel gets nothing but
    the confirmation mail before); `options` are the kind's settings (a webhook's preset)."""

    id: UUID
    kind: str
    address: str
    chat_title: str | None
    is_active: bool
    is_paused: bool
    is_verified: bool
    options: dict[str, Any] | None
    created_at: datetime
    targets: list[ChannelTargetOut]


class ChannelCreatedOut(ChannelOut):
    """The new channel; `secret` is shown only here, for kinds that make one (a webhook's
    signing key), and null for the others."""

    secret: str | None = None


class ChannelPatch(msgspec.Struct, forbid_unknown_fields=True):
    """`PATCH /channels/{id}`: pause the channel (it gets no offers or page alerts, of any
    target, until resumed; what was queued meanwhile is dropped) or resume it."""

    is_paused: Annotated[bool, Meta(description="true: pause the channel; false: resume it")]


class RoutePatch(msgspec.Struct, forbid_unknown_fields=True):
    """`PATCH /targets/{t}/channels/{c}`: mute one target on one channel, or snooze it until a
    time; a field left out keeps its value."""

    is_muted: Annotated[
        bool | UnsetType,
        Meta(description="true: the channel gets none of this target's news until unmuted"),
    ] = UNSET
    snoozed_until: Annotated[
        Annotated[datetime, Meta(tz=True)] | UnsetType | None,
        Meta(
            description="None of the target's news reaches the channel before this time (with a "
            "time zone, in the future, at most a year ahead); null lifts the snooze",
            examples=["2026-12-01T08:00:00Z"],
        ),
    ] = UNSET


class SecretOut(msgspec.Struct):
    """A webhook's new signing secret, shown only here. Until `previous_valid_until` events
    carry a second signature made with the secret it replaced (null: the old one is gone)."""

    secret: str
    previous_valid_until: datetime | None


class QueuedEventOut(msgspec.Struct):
    """A queued test event: `event_id` is what the receiver gets as `Offerwatch-Event-Id`."""

    event_id: str
