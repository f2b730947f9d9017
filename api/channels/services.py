"""Channels: Telegram deep-link tokens, linking a chat to a target, routing targets to chats,
and the chat-side state changes the bot's commands and buttons make."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.channels.schemas import ChannelOut, ChannelTargetOut, TelegramLinkOut
from api.errors import NotFound, TooManyRequests
from api.targets.schemas import MAX_WORDS
from api.targets.services import clean_words, owned_target
from core.clock import utcnow
from core.config import Settings
from core.db.models import (
    Notification,
    NotificationConfig,
    Offer,
    RegisterToken,
    ScrapingTarget,
    TargetChannel,
    User,
)
from notifier.channels.telegram.channel import TELEGRAM

log = logging.getLogger(__name__)

# Telegram passes at most 64 characters of [A-Za-z0-9_-] as a deep-link start parameter.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
TOKEN_BYTES = 32  # token_urlsafe(32) is 43 characters
SNOOZE = dt.timedelta(hours=1)
# Unused, unexpired links a user may hold at once (each is a row until it expires).
MAX_OPEN_LINKS = 10


def hash_token(token: str) -> str:
    """What is stored of a link token: its hex SHA-256 (the token itself is shown once)."""
    return hashlib.sha256(token.encode()).hexdigest()


class ChannelRepository(SQLAlchemyAsyncRepository[NotificationConfig]):
    model_type = NotificationConfig


class ChannelService(SQLAlchemyAsyncRepositoryService[NotificationConfig, ChannelRepository]):
    """The public API's side: link tokens, the user's channels, routing targets to them."""

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
        return await _route(self.session, target.id, channel.id)

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


async def _route(session: AsyncSession, target_id: UUID, channel_id: UUID) -> TargetChannel:
    link = await session.scalar(
        select(TargetChannel).where(
            TargetChannel.target_id == target_id, TargetChannel.channel_id == channel_id
        )
    )
    if link is None:
        link = TargetChannel(target_id=target_id, channel_id=channel_id, is_muted=False)
        # A concurrent request may route the same pair: the savepoint keeps our transaction.
        try:
            async with session.begin_nested():
                session.add(link)
            return link
        except IntegrityError:
            link = await session.scalar(
                select(TargetChannel).where(
                    TargetChannel.target_id == target_id, TargetChannel.channel_id == channel_id
                )
            )
            assert link is not None
    link.is_muted, link.snoozed_until = False, None
    await session.flush()
    return link


# --- the chat side: what the bot's commands and buttons do ------------------------------------


@dataclass(frozen=True)
class LinkResult:
    status: Literal["linked", "already_linked", "unknown", "expired", "used"]
    target: ScrapingTarget | None = None
    channel: NotificationConfig | None = None


async def redeem_register_token(
    session: AsyncSession, token_text: str, chat_id: int, chat_title: str | None
) -> LinkResult:
    """Link the chat to the token's target: the user's channel for the chat is created or
    reused, routed to the target, and the token is spent; nothing changes for a bad token."""
    if not TOKEN_PATTERN.fullmatch(token_text):
        return LinkResult("unknown")
    # The row lock makes a concurrent second /start with the same token wait and see it used.
    token = await session.scalar(
        select(RegisterToken).where(RegisterToken.token_hash == hash_token(token_text)).with_for_update()
    )
    if token is None:
        return LinkResult("unknown")
    now = utcnow()
    target = await session.get_one(ScrapingTarget, token.target_id)
    if token.used_at is not None:
        # Opening the same link again (Telegram sends /start <token> once more) is no error.
        if await _chat_receives(session, token.user_id, target.id, chat_id):
            return LinkResult("already_linked", target)
        return LinkResult("used")
    if token.expires_at <= now:
        return LinkResult("expired")
    channel = await _channel_for_chat(session, token.user_id, chat_id, chat_title)
    await _route(session, target.id, channel.id)
    token.used_at = now
    await session.flush()
    return LinkResult("linked", target, channel)


async def _chat_receives(session: AsyncSession, user_id: UUID, target_id: UUID, chat_id: int) -> bool:
    link = await session.scalar(
        select(TargetChannel.id)
        .join(NotificationConfig, NotificationConfig.id == TargetChannel.channel_id)
        .where(
            TargetChannel.target_id == target_id,
            NotificationConfig.user_id == user_id,
            NotificationConfig.kind == TELEGRAM,
            NotificationConfig.address == str(chat_id),
        )
    )
    return link is not None


async def _channel_for_chat(
    session: AsyncSession, user_id: UUID, chat_id: int, chat_title: str | None
) -> NotificationConfig:
    where = (
        NotificationConfig.user_id == user_id,
        NotificationConfig.kind == TELEGRAM,
        NotificationConfig.address == str(chat_id),
    )
    channel = await session.scalar(select(NotificationConfig).where(*where))
    if channel is None:
        channel = NotificationConfig(
            user_id=user_id, kind=TELEGRAM, address=str(chat_id), chat_title=chat_title, is_active=True
        )
        # A concurrent link of the same chat by the same user: reuse the row it created.
        try:
            async with session.begin_nested():
                session.add(channel)
        except IntegrityError:
            channel = await session.scalar(select(NotificationConfig).where(*where))
            assert channel is not None
    channel.is_active = True
    if chat_title:
        channel.chat_title = chat_title
    return channel


@dataclass(frozen=True)
class ChatRoute:
    """A target routed to one of the channels of a chat."""

    link: TargetChannel
    channel: NotificationConfig
    target: ScrapingTarget


async def chat_routes(session: AsyncSession, chat_id: int, *where: Any) -> list[ChatRoute]:
    """Every target sent to this chat (those matching `where`), whichever user linked it."""
    rows = await session.execute(
        select(TargetChannel, NotificationConfig, ScrapingTarget)
        .join(NotificationConfig, NotificationConfig.id == TargetChannel.channel_id)
        .join(ScrapingTarget, ScrapingTarget.id == TargetChannel.target_id)
        .where(*_chat_channels(chat_id), *where)
        .order_by(ScrapingTarget.name, TargetChannel.id)
    )
    return [ChatRoute(link, channel, target) for link, channel, target in rows]


def _chat_channels(chat_id: int) -> Any:
    return (NotificationConfig.kind == TELEGRAM, NotificationConfig.address == str(chat_id))


async def set_chat_paused(session: AsyncSession, chat_id: int, paused: bool) -> int:
    """/pause and /resume: returns how many channels the chat has. Resuming also lifts the
    chat's mutes and snoozes, so everything stopped from the chat can be restarted from it."""
    values: dict[str, Any] = {"is_paused": paused}
    if not paused:
        values["is_active"] = True
    result = await session.execute(
        update(NotificationConfig).where(*_chat_channels(chat_id)).values(**values)
    )
    if not paused:
        channel_ids = select(NotificationConfig.id).where(*_chat_channels(chat_id)).scalar_subquery()
        await session.execute(
            update(TargetChannel)
            .where(TargetChannel.channel_id.in_(channel_ids))
            .values(is_muted=False, snoozed_until=None)
        )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def set_chat_active(session: AsyncSession, chat_id: int, active: bool) -> int:
    """The bot was blocked/removed (False) or started again (True); returns channels changed."""
    result = await session.execute(
        update(NotificationConfig)
        .where(*_chat_channels(chat_id), NotificationConfig.is_active.is_not(active))
        .values(is_active=active)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def route_in_chat(session: AsyncSession, link_id: UUID, chat_id: int) -> ChatRoute | None:
    """The route `link_id` if it belongs to this chat, else None."""
    routes = await chat_routes(session, chat_id, TargetChannel.id == link_id)
    return routes[0] if routes else None


async def unroute(session: AsyncSession, route: ChatRoute) -> None:
    await session.delete(route.link)
    await session.flush()


@dataclass(frozen=True)
class OfferButtonTarget:
    """What an offer message's button acts on, once verified to come from the message's chat."""

    notification: Notification
    link: TargetChannel | None
    target: ScrapingTarget


async def button_target(
    session: AsyncSession, notification_id: UUID, chat_id: int | None
) -> OfferButtonTarget | None:
    """The notification's target and route, or None when the button is not this chat's."""
    row = (
        await session.execute(
            select(Notification, NotificationConfig)
            .join(NotificationConfig, NotificationConfig.id == Notification.channel_id)
            .where(Notification.id == notification_id)
        )
    ).first()
    if row is None or chat_id is None:
        return None
    notification, channel = row
    if (channel.kind, channel.address) != (TELEGRAM, str(chat_id)) or notification.target_id is None:
        return None
    target = await session.get_one(ScrapingTarget, notification.target_id)
    link = await session.scalar(
        select(TargetChannel).where(
            TargetChannel.target_id == notification.target_id, TargetChannel.channel_id == channel.id
        )
    )
    return OfferButtonTarget(notification, link, target)


async def offer_seller(session: AsyncSession, notification: Notification) -> str | None:
    if notification.offer_id is None:
        return None
    offer = await session.get(Offer, notification.offer_id)
    seller = offer.extra.get("seller") if offer is not None and offer.extra else None
    if not isinstance(seller, str):
        return None
    return " ".join(seller.split())[:100] or None


def exclude_word(target: ScrapingTarget, word: str) -> Literal["added", "present", "full"]:
    """Add a word (cleaned as the targets API cleans it) to the target's exclude filter."""
    words = clean_words([*target.exclude_words, word])
    if words == target.exclude_words:
        return "present"
    if len(words) > MAX_WORDS:
        return "full"
    target.exclude_words = words  # a new list, so the JSON change is seen
    return "added"
