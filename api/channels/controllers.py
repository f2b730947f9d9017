"""/api/public: Telegram deep links for a target, channels added by address (e-mail, webhook),
the user's channels, routing targets to them (pausing and muting: channel_controls.py)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from advanced_alchemy.extensions.litestar.providers import create_service_provider
from litestar import Controller, Request, delete, get, post
from litestar.di import Provide
from litestar.openapi.spec import Example
from litestar.params import Body, FromPath
from litestar.status_codes import HTTP_201_CREATED, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from api.channels.address_channels import (
    CONFIRMATIONS_PER_HOUR,
    MAX_ADDRESS_CHANNELS,
    add_address_channel,
    request_confirmation,
)
from api.channels.schemas import ChannelCreate, ChannelCreatedOut, ChannelOut, TelegramLinkOut
from api.channels.services import ChannelService
from api.openapi import errors_of
from core.config import Settings
from core.db.models import User
from notifier.outbox import commit_then_enqueue


class ChannelController(Controller):
    tags = ["channels"]
    dependencies = {"channels": Provide(create_service_provider(ChannelService))}

    @post(
        "/targets/{target_id:uuid}/telegram-link",
        status_code=HTTP_201_CREATED,
        summary="Get a Telegram deep link that links a chat to the target",
        description=(
            "Answers a single-use token valid for TELEGRAM_REGISTER_TOKEN_TTL_SECONDS (15 minutes by "
            "default), the `https://t.me/<bot>?start=<token>` URL to redirect to (`group_url` adds the "
            "bot to a group the user picks instead), and `start_command`, "
            "the text a user can send the bot instead (Telegram Desktop may drop the start parameter "
            "for a bot already started). Older used or expired tokens of the user are removed; "
            "at most 10 may be open at once (429). The token is shown only in this answer: the "
            "server keeps its SHA-256, so ask again for a new link rather than storing it."
        ),
        responses=errors_of(401, 403, 404, 429),
    )
    async def create_telegram_link(
        self,
        request: Request[User, Any, Any],
        channels: ChannelService,
        settings: Settings,
        target_id: FromPath[UUID],
    ) -> TelegramLinkOut:
        target = await channels.owned_target(target_id, request.user)
        return await channels.issue_link_token(target, settings)

    @post(
        "/channels",
        status_code=HTTP_201_CREATED,
        summary="Add a channel by its address (an e-mail address, a webhook URL)",
        description=(
            "The kind checks the address: for `email` one mailbox (name@domain; the domain is stored "
            "lower-cased, in its ASCII form). An e-mail channel starts with `is_verified` false and is "
            "sent a confirmation mail; it receives nothing else until the link in that mail is opened "
            "(`GET /api/public/channels/confirm/{token}`). For `webhook` an http(s) URL whose host "
            "resolves to public addresses only; `options.preset` is `json`, `discord` or `slack` "
            "(docs/webhooks.md). Route targets to it as to any channel. "
            f"At most {MAX_ADDRESS_CHANNELS} channels added by address (403); the same address twice "
            "answers 409. `secret` is set only for kinds that make one (a webhook's signing secret), "
            "and shown only here."
        ),
        responses=errors_of(400, 401, 403, 409),
    )
    async def add_channel(
        self,
        request: Request[User, Any, Any],
        channels: ChannelService,
        settings: Settings,
        data: Annotated[
            ChannelCreate, Body(examples=[Example(value={"kind": "email", "address": "ada@example.com"})])
        ],
    ) -> ChannelCreatedOut:
        added = await add_address_channel(channels.session, request.user, data, settings)
        out = await channels.channel_out(added.channel)
        await commit_then_enqueue(channels.session, added.notification_ids)
        return ChannelCreatedOut(**msgspec.structs.asdict(out), secret=added.secret)

    @post(
        "/channels/{channel_id:uuid}/confirmation",
        status_code=HTTP_202_ACCEPTED,
        summary="Send an e-mail channel's confirmation mail again",
        description=(
            "For a confirmation that was lost or expired, or to turn on an address that was "
            "unsubscribed or bounced: the channel is unverified (receives nothing else) until the "
            "new link is opened. 409 for a channel that is confirmed and on, or not an e-mail; "
            f"429 after {CONFIRMATIONS_PER_HOUR} confirmation mails within an hour."
        ),
        responses=errors_of(401, 403, 404, 409, 429),
    )
    async def send_confirmation(
        self, request: Request[User, Any, Any], channels: ChannelService, channel_id: FromPath[UUID]
    ) -> ChannelOut:
        channel = await channels.owned_channel(channel_id, request.user)
        notification_ids = await request_confirmation(channels.session, channel)
        out = await channels.channel_out(channel)
        await commit_then_enqueue(channels.session, notification_ids)
        return out

    @get(
        "/channels",
        summary="My channels: Telegram chats and addresses",
        description="Each channel with the targets it receives and, per target, its mute/snooze state.",
        responses=errors_of(401),
    )
    async def list_channels(
        self, request: Request[User, Any, Any], channels: ChannelService
    ) -> list[ChannelOut]:
        return await channels.list_channels(request.user)

    @delete(
        "/channels/{channel_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove a channel (a linked chat or an address)",
        description="The channel stops receiving every target; its pending messages are dropped.",
        responses=errors_of(401, 403, 404),
    )
    async def delete_channel(
        self, request: Request[User, Any, Any], channels: ChannelService, channel_id: FromPath[UUID]
    ) -> None:
        await channels.delete_channel(await channels.owned_channel(channel_id, request.user))

    @post(
        "/targets/{target_id:uuid}/channels/{channel_id:uuid}",
        status_code=200,
        summary="Send a target's offers to one of my channels",
        description="No new deep link is needed. Idempotent: an existing route is unmuted and un-snoozed. "
        "An unconfirmed e-mail channel receives the target's offers once confirmed. "
        "Answers the channel with its targets.",
        responses=errors_of(401, 403, 404),
    )
    async def route_target(
        self,
        request: Request[User, Any, Any],
        channels: ChannelService,
        target_id: FromPath[UUID],
        channel_id: FromPath[UUID],
    ) -> ChannelOut:
        target = await channels.owned_target(target_id, request.user)
        channel = await channels.owned_channel(channel_id, request.user)
        await channels.route_target(target, channel)
        return await channels.channel_out(channel)

    @delete(
        "/targets/{target_id:uuid}/channels/{channel_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Stop sending a target's offers to a channel",
        description="404 when the target does not send to that channel.",
        responses=errors_of(401, 403, 404),
    )
    async def stop_route(
        self,
        request: Request[User, Any, Any],
        channels: ChannelService,
        target_id: FromPath[UUID],
        channel_id: FromPath[UUID],
    ) -> None:
        target = await channels.owned_target(target_id, request.user)
        channel = await channels.owned_channel(channel_id, request.user)
        await channels.stop_route(target, channel)
