"""The public API's channel service: a target's Telegram deep link, the user's channels (listed
and removed), and routing targets to them. (Channels added by address: address_channels.py;
what the bot's commands and buttons change: chat_linking.py, chats.py, offer_buttons.py.)"""

from __future__ import annotations

import datetime as dt
import secrets
from uuid import UUID

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.channels.link_tokens import TOKEN_BYTES, hash_token
from api.channels.routing import route
from api.channels.schemas import ChannelOut, ChannelTargetOut, TelegramLinkOut
from api.errors import NotFound, TooManyRequests
from api.targets.services import owned_target
from core.clock import utcnow
from core.config import Settings
from core.db.models import NotificationConfig, RegisterToken, ScrapingTarget, TargetChannel, User

# Unused, unexpired links a user may hold at once (each is a row until it expires).
MAX_OPEN_LINKS = 10


class ChannelRepository(SQLAlchemyAsyncRepository[NotificationConfig]):
    model_type = NotificationConfig


class ChannelService(SQLAlchemyAsyncRepositoryService[NotificationConfig, ChannelRepository]):
    """The public API's side: deep links, the user's channels, routing targets to them."""

    repository_type = ChannelRepository

    @property
    def session(self) -> AsyncSession:
        return self.repository.session  # type: ignore[return-value]

    async def owned_target(self, target_id: UUID, user: User) -> ScrapingTarget:
        return await owned_target(self.session, target_id, user)

    async def owned_channel(self, channel_id: UUID, user: User) -> NotificationConfig:
        channel = await self.get_one_or_none(
            NotificationConfig.id == channel_id, NotificationConfig.user_id == user.id
        )
        if channel is None:
            raise NotFound("Channel not found")
        return channel

    async def issue_link_token(self, target: ScrapingTarget, settings: Settings) -> TelegramLinkOut:
        """A fresh single-use token for the deep link; the user's dead tokens are cleared."""
        now = utcnow()
        await self.session.execute(
            delete(RegisterToken).where(
                RegisterToken.user_id == target.user_id,
                or_(RegisterToken.used_at.is_not(None), RegisterToken.expires_at <= now),
            )
        )
        open_links = await self.session.scalar(
            select(func.count(RegisterToken.id)).where(RegisterToken.user_id == target.user_id)
        )
        if (open_links or 0) >= MAX_OPEN_LINKS:
            raise TooManyRequests(
                f"{MAX_OPEN_LINKS} Telegram links are still open; use one or wait until they expire",
                headers={"Retry-After": str(settings.telegram_register_token_ttl_seconds)},
            )
        secret = secrets.token_urlsafe(TOKEN_BYTES)
        token = RegisterToken(
            token_hash=hash_token(secret),
            user_id=target.user_id,
            target_id=target.id,
            expires_at=now + dt.timedelta(seconds=settings.telegram_register_token_ttl_seconds),
        )
        self.session.add(token)
        await self.session.flush()
        bot = settings.telegram_bot_username.lstrip("@")
        return TelegramLinkOut(
            token=secret,
            url=f"https://t.me/{bot}?start={secret}",
            group_url=f"https://t.me/{bot}?startgroup={secret}",
            start_command=f"/start {secret}",
            expires_at=token.expires_at,
        )

    async def list_channels(self, user: User) -> list[ChannelOut]:
        channels = list(
            await self.session.scalars(
                select(NotificationConfig)
                .where(NotificationConfig.user_id == user.id)
                .order_by(NotificationConfig.created_at, NotificationConfig.id)
            )
        )
        routed = await self.session.execute(
            select(TargetChannel, ScrapingTarget)
            .join(ScrapingTarget, ScrapingTarget.id == TargetChannel.target_id)
            .where(TargetChannel.channel_id.in_([c.id for c in channels]))
            .order_by(ScrapingTarget.name, TargetChannel.id)
        )
        targets: dict[UUID, list[ChannelTargetOut]] = {c.id: [] for c in channels}
        for link, target in routed:
            targets[link.channel_id].append(_channel_target_out(link, target))
        return [_channel_out(c, targets[c.id]) for c in channels]

    async def channel_out(self, channel: NotificationConfig) -> ChannelOut:
        routed = await self.session.execute(
            select(TargetChannel, ScrapingTarget)
            .join(ScrapingTarget, ScrapingTarget.id == TargetChannel.target_id)
            .where(TargetChannel.channel_id == channel.id)
            .order_by(ScrapingTarget.name, TargetChannel.id)
        )
        return _channel_out(channel, [_channel_target_out(link, target) for link, target in routed])

    async def delete_channel(self, channel: NotificationConfig) -> None:
        await self.session.delete(channel)
        await self.session.flush()

    async def route_target(self, target: ScrapingTarget, channel: NotificationConfig) -> TargetChannel:
        """Send the target's offers to the channel too; an existing route is unmuted."""
        return await route(self.session, target.id, channel.id)

    async def stop_route(self, target: ScrapingTarget, channel: NotificationConfig) -> None:
        result = await self.session.execute(
            delete(TargetChannel).where(
                TargetChannel.target_id == target.id, TargetChannel.channel_id == channel.id
            )
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            raise NotFound("This target does not send to this channel")


def _channel_target_out(link: TargetChannel, target: ScrapingTarget) -> ChannelTargetOut:
    return ChannelTargetOut(
        target_id=target.id,
        name=target.name,
        target_is_active=target.is_active,
        is_muted=link.is_muted,
        snoozed_until=link.snoozed_until,
        linked_at=link.created_at,
    )


def _channel_out(channel: NotificationConfig, targets: list[ChannelTargetOut]) -> ChannelOut:
    return ChannelOut(
        id=channel.id,
        kind=channel.kind,
        address=channel.address,
        chat_title=channel.chat_title,
        is_active=channel.is_active,
        is_paused=channel.is_paused,
        is_verified=channel.is_verified,
        options=channel.options,
        created_at=channel.created_at,
        targets=targets,
    )
