"""Channels added by their address (e-mail; webhooks plug in the same way): adding one, asking
an e-mail's owner to confirm it, and what the links in the mails do.

Each kind's own module says what its address may be (its entry in notifier/channels/__init__.py, KINDS); this
module stores the channel the same way for every kind. An e-mail channel starts unverified and
gets nothing but its confirmation mail (a `confirm` notification, through the outbox) until
the link in that mail is opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.channels.hourly_cap import within_hourly_cap
from api.channels.schemas import ChannelCreate
from api.errors import AppError, Conflict, Forbidden
from api.text import clean_json
from core.clock import utcnow
from core.config import Settings
from core.db.models import Notification, NotificationConfig, User
from notifier import outbox
from notifier.channels import ADDRESS_KINDS
from notifier.channels.addressing import AddressRejected
from notifier.channels.email import KIND as EMAIL
from notifier.channels.email.links import (
    LinkCheck,
    check_confirm_token,
    check_unsubscribe_token,
    token_channel_id,
)

# Channels added by address a user may hold (every kind but Telegram): each e-mail channel
# sends a confirmation mail to an address of the user's choosing, so the number is bounded.
MAX_ADDRESS_CHANNELS = 20
# Confirmation mails to one channel within an hour (asking again answers 429 beyond).
CONFIRMATIONS_PER_HOUR = 3
CONFIRM = "confirm"


@dataclass(frozen=True)
class AddedChannel:
    channel: NotificationConfig
    secret: str | None
    notification_ids: list[UUID]


async def _lock_user(session: AsyncSession, user: User) -> None:
    """The count and the write that follows happen under the user's row lock, so parallel
    requests cannot pass the limit (or add the same address) together."""
    await session.execute(select(User.id).where(User.id == user.id).with_for_update())


async def add_address_channel(
    session: AsyncSession, user: User, data: ChannelCreate, settings: Settings
) -> AddedChannel:
    """A new channel of `data.kind` at `data.address`: checked by the kind, stored, and (for a
    kind that confirms addresses) its confirmation queued; nothing is written when a check fails."""
    setup_address = ADDRESS_KINDS.get(data.kind)
    if setup_address is None:
        kinds = ", ".join(sorted(ADDRESS_KINDS))
        raise AppError(
            f"Unknown channel kind {data.kind!r}: one of {kinds} (Telegram chats are linked through the bot)",
            field="kind",
        )
    try:
        setup = await setup_address(data.address, clean_json(data.options), settings)
    except AddressRejected as exc:
        raise AppError(f"Invalid {exc.field}: {exc}", field=exc.field) from None
    await _lock_user(session, user)
    same = await session.scalar(
        select(NotificationConfig.id).where(
            NotificationConfig.user_id == user.id,
            NotificationConfig.kind == data.kind,
            NotificationConfig.address == setup.address,
        )
    )
    if same is not None:
        raise Conflict(f"{setup.address} is already one of your channels", field="address")
    held = await session.scalar(
        select(func.count(NotificationConfig.id)).where(
            NotificationConfig.user_id == user.id, NotificationConfig.kind.in_(ADDRESS_KINDS)
        )
    )
    if (held or 0) >= MAX_ADDRESS_CHANNELS:
        raise Forbidden(f"At most {MAX_ADDRESS_CHANNELS} channels can be added by address; remove one first")
    channel = NotificationConfig(
        user_id=user.id,
        kind=data.kind,
        address=setup.address,
        options=setup.options,
        secret_encrypted=setup.secret_encrypted,
        is_active=True,
        is_paused=False,
        is_verified=not setup.needs_confirmation,
    )
    try:
        async with session.begin_nested():
            session.add(channel)
    except IntegrityError:
        raise Conflict(f"{setup.address} is already one of your channels", field="address") from None
    ids = [queue_confirmation(session, channel.id).id] if setup.needs_confirmation else []
    await session.flush()
    return AddedChannel(channel, setup.secret, ids)


def queue_confirmation(session: AsyncSession, channel_id: UUID) -> Notification:
    """A `confirm` notification (the outbox's message to the channel itself): the notifier
    makes the mail, with a fresh link, and sends it after commit."""
    return outbox.add_to_channel_itself(session, channel_id, CONFIRM, {})


async def request_confirmation(session: AsyncSession, channel: NotificationConfig) -> list[UUID]:
    """Send an e-mail channel's confirmation again (lost, expired, or after an unsubscribe or
    bounce turned it off). Until the new link is opened the channel is unverified, so again it
    gets nothing else. Returns the notification ids to enqueue after commit."""
    if channel.kind != EMAIL:
        raise Conflict("Only e-mail channels are confirmed by mail", field="channel_id")
    if channel.is_verified and channel.is_active:
        raise Conflict(f"{channel.address} is confirmed and receives alerts already", field="channel_id")
    await within_hourly_cap(
        session,
        channel.id,
        Notification.kind == CONFIRM,
        CONFIRMATIONS_PER_HOUR,
        f"{CONFIRMATIONS_PER_HOUR} confirmation mails were sent to {channel.address} within the hour; "
        "look for them, or ask again later",
    )
    channel.is_verified, channel.is_active = False, True
    notification = queue_confirmation(session, channel.id)
    await session.flush()
    return [notification.id]


async def _linked_channel(session: AsyncSession, token: str) -> NotificationConfig | None:
    channel_id = token_channel_id(token)
    if channel_id is None:
        return None
    return await session.scalar(
        select(NotificationConfig)
        .where(NotificationConfig.id == channel_id, NotificationConfig.kind == EMAIL)
        .with_for_update()
    )


async def confirm_address(
    session: AsyncSession, token: str, settings: Settings
) -> tuple[LinkCheck, NotificationConfig | None]:
    """The confirmation link was opened: a valid token makes its channel verified and active."""
    channel = await _linked_channel(session, token)
    if channel is None:
        return LinkCheck.INVALID, None
    check = check_confirm_token(settings, token, channel, utcnow())
    if check == LinkCheck.VALID:
        channel.is_verified, channel.is_active = True, True
        await session.flush()
    return check, channel


async def unsubscribe_channel(
    session: AsyncSession, token: str, settings: Settings, *, act: bool
) -> NotificationConfig | None:
    """The channel an unsubscribe token names (None: no valid one); `act` turns it off."""
    channel = await _linked_channel(session, token)
    if channel is None or not check_unsubscribe_token(settings, token, channel):
        return None
    if act and channel.is_active:
        channel.is_active = False
        await session.flush()
    return channel
