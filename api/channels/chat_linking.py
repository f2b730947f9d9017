"""A chat linked to a target by the deep link's `/start <token>`: the token spent, the user's
channel for the chat made (or reused) and routed to the target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.channels.link_tokens import TOKEN_PATTERN, hash_token
from api.channels.routing import route
from core.clock import utcnow
from core.db.models import NotificationConfig, RegisterToken, ScrapingTarget, TargetChannel
from notifier.channels.telegram.channel import TELEGRAM


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
    await route(session, target.id, channel.id)
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
