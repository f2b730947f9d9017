"""/api/public: Telegram deep links for a target, the user's channels, routing targets to them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from advanced_alchemy.extensions.litestar.providers import create_service_provider
from litestar import Controller, Request, delete, get, post
from litestar.di import Provide
from litestar.params import FromPath
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.channels.schemas import ChannelOut, TelegramLinkOut
from api.channels.services import ChannelService
from api.openapi import errors_of
from core.config import Settings
from core.db.models import User


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

    @get(
        "/channels",
        summary="My linked Telegram chats",
        description="Each chat with the targets it receives and, per target, its mute/snooze state.",
        responses=errors_of(401),
    )
    async def list_channels(
        self, request: Request[User, Any, Any], channels: ChannelService
    ) -> list[ChannelOut]:
        return await channels.list_channels(request.user)

    @delete(
        "/channels/{channel_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove a linked chat",
        description="The chat stops receiving every target; its pending messages are dropped.",
        responses=errors_of(401, 403, 404),
    )
    async def delete_channel(
        self, request: Request[User, Any, Any], channels: ChannelService, channel_id: FromPath[UUID]
    ) -> None:
        await channels.delete_channel(await channels.owned_channel(channel_id, request.user))

    @post(
        "/targets/{target_id:uuid}/channels/{channel_id:uuid}",
        status_code=200,
        summary="Send a target's offers to an already linked chat",
        description="No new deep link is needed. Idempotent: an existing route is unmuted and un-snoozed. "
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
        summary="Stop sending a target's offers to a chat",
        description="404 when the target does not send to that chat.",
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
