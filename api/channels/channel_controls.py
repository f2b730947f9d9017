"""/api/public: switching a channel or a route without deleting it (pause, mute, snooze; every
kind), and a webhook's own controls (rotate its secret, send a test event)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

from advanced_alchemy.extensions.litestar.providers import create_service_provider
from litestar import Controller, Request, patch, post
from litestar.di import Provide
from litestar.openapi.spec import Example
from litestar.params import Body, FromPath
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from api.channels.channel_switches import MAX_SNOOZE, set_paused, update_route
from api.channels.schemas import ChannelOut, ChannelPatch, QueuedEventOut, RoutePatch, SecretOut
from api.channels.services import ChannelService
from api.channels.webhook_channels import TEST_EVENTS_PER_HOUR, queue_test_event, rotate_channel_secret
from api.openapi import errors_of
from core.config import Settings
from core.db.models import User
from notifier.channels.webhook.payloads import event_id
from notifier.outbox import commit_then_enqueue


class ChannelControlController(Controller):
    tags = ["channels"]
    dependencies = {"channels": Provide(create_service_provider(ChannelService))}

    @patch(
        "/channels/{channel_id:uuid}",
        summary="Pause or resume a channel",
        description=(
            "`is_paused` true: the channel gets no offers and no page alerts of any target until it "
            "is resumed; what was queued for it meanwhile is dropped, not sent later. Works for every "
            "kind (a Telegram chat's /pause and /resume do the same from the chat). Answers the channel."
        ),
        responses=errors_of(400, 401, 403, 404),
    )
    async def update_channel(
        self,
        request: Request[User, Any, Any],
        channels: ChannelService,
        channel_id: FromPath[UUID],
        data: Annotated[ChannelPatch, Body(examples=[Example(value={"is_paused": True})])],
    ) -> ChannelOut:
        channel = await channels.owned_channel(channel_id, request.user)
        await set_paused(channels.session, channel, data.is_paused)
        return await channels.channel_out(channel)

    @patch(
        "/targets/{target_id:uuid}/channels/{channel_id:uuid}",
        summary="Mute or snooze a target on one of my channels",
        description=(
            "`is_muted` true: none of the target's news reaches the channel until unmuted. "
            "`snoozed_until`: none before that time (in the future, with a time zone, at most "
            f"{MAX_SNOOZE.days} days ahead); null lifts the snooze. A field left out keeps its "
            "value; the target's other channels are not affected. 404 when the target does not "
            "send to that channel. Answers the channel with its targets."
        ),
        responses=errors_of(400, 401, 403, 404),
    )
    async def update_route(
        self,
        request: Request[User, Any, Any],
        channels: ChannelService,
        target_id: FromPath[UUID],
        channel_id: FromPath[UUID],
        data: Annotated[
            RoutePatch,
            Body(
                examples=[
                    Example(summary="mute", value={"is_muted": True}),
                    Example(summary="snooze", value={"snoozed_until": "2026-12-01T08:00:00Z"}),
                ]
            ),
        ],
    ) -> ChannelOut:
        target = await channels.owned_target(target_id, request.user)
        channel = await channels.owned_channel(channel_id, request.user)
        await update_route(channels.session, target, channel, data)
        return await channels.channel_out(channel)

    @post(
        "/channels/{channel_id:uuid}/secret",
        status_code=HTTP_200_OK,
        summary="Rotate a webhook's signing secret",
        description=(
            "Answers a new `secret`, shown only here. For a day (until `previous_valid_until`) every "
            "event carries a second `v1=` signature made with the secret it replaced, so the receiver "
            "can switch over without losing an event; rotating again within that day ends the older "
            "secret at once. 409 for a channel that is not a webhook."
        ),
        responses=errors_of(401, 403, 404, 409),
    )
    async def rotate_secret(
        self,
        request: Request[User, Any, Any],
        channels: ChannelService,
        settings: Settings,
        channel_id: FromPath[UUID],
    ) -> SecretOut:
        channel = await channels.owned_channel(channel_id, request.user)
        secret = await rotate_channel_secret(channels.session, channel, settings)
        await channels.session.commit()  # the secret is shown only once it is stored
        until = secret.previous_until
        return SecretOut(
            secret=secret.shown,
            previous_valid_until=None if until is None else dt.datetime.fromtimestamp(until, dt.UTC),
        )

    @post(
        "/channels/{channel_id:uuid}/test",
        status_code=HTTP_202_ACCEPTED,
        summary="Send a webhook a test event",
        description=(
            "Queues a `test` event, signed like every other, and answers its `event_id` (the "
            "`Offerwatch-Event-Id` header the receiver gets). It is sent even while the channel is "
            "paused. 409 for a channel that is not a webhook, or one switched off because its URL "
            f"answered that it is gone; 429 after {TEST_EVENTS_PER_HOUR} test events within an hour."
        ),
        responses=errors_of(401, 403, 404, 409, 429),
    )
    async def send_test_event(
        self, request: Request[User, Any, Any], channels: ChannelService, channel_id: FromPath[UUID]
    ) -> QueuedEventOut:
        channel = await channels.owned_channel(channel_id, request.user)
        notification = await queue_test_event(channels.session, channel)
        await commit_then_enqueue(channels.session, [notification.id])
        return QueuedEventOut(event_id=event_id(notification))
