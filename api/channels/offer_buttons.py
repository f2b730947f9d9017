"""What the buttons under an offer message act on (mute the target here, snooze it for an
hour, exclude the offer's seller from it), once the button is known to come from the chat the
message went to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.targets.schemas import MAX_WORDS
from api.targets.services import clean_words
from core.db.models import Notification, NotificationConfig, Offer, ScrapingTarget, TargetChannel
from notifier.channels.telegram.channel import TELEGRAM

SNOOZE = dt.timedelta(hours=1)


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
