"""What a chat's commands and membership changes do to its channels: the targets it receives
(/list, /unlink), /pause and /resume, and stopping when the bot is blocked or removed (turned
back on by the chat's next message). Every user's channel for the chat counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import NotificationConfig, ScrapingTarget, TargetChannel
from notifier.channels.telegram.channel import TELEGRAM


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
