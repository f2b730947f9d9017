"""Rows arranged straight in the database: users, listing pages, targets, channels and offers,
for tests about what happens next rather than about how the rows are made."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.db.models import (
    Notification,
    NotificationConfig,
    Offer,
    ScrapingTarget,
    ScrapingUrl,
    TargetChannel,
    TargetUrl,
    User,
)


class World:
    """Arranges rows directly: the Telegram linking API is another part's work."""

    def __init__(self, db: AsyncSession) -> None:
        self.db = db
        self._chat = 1000

    async def user(self, username: str = "ada", tier: str = "free") -> User:
        user = User(username=username, email=f"{username}@example.com", password_hash="x", tier=tier)
        self.db.add(user)
        await self.db.commit()
        return user

    async def page(
        self,
        url: str = "https://shop.example/list",
        *,
        baseline_done: bool = True,
        due_in: float = -1,
        **fields: Any,
    ) -> ScrapingUrl:
        page = ScrapingUrl(
            url=url,
            fingerprint=f"{url}|{fields.get('render_js', False)}",
            baseline_done=baseline_done,
            next_check_at=utcnow() + dt.timedelta(seconds=due_in),
            **fields,
        )
        self.db.add(page)
        await self.db.commit()
        return page

    async def target(
        self,
        user: User,
        *pages: ScrapingUrl,
        name: str = "bikes",
        include: list[str] | None = None,
        exclude: list[str] | None = None,
        min_price: str | None = None,
        max_price: str | None = None,
        is_active: bool = True,
        watching_since: dt.datetime | None = None,
    ) -> ScrapingTarget:
        target = ScrapingTarget(
            user_id=user.id,
            name=name,
            is_active=is_active,
            include_words=include or [],
            exclude_words=exclude or [],
            min_price=Decimal(min_price) if min_price else None,
            max_price=Decimal(max_price) if max_price else None,
        )
        self.db.add(target)
        await self.db.flush()
        for page in pages:
            link = TargetUrl(target_id=target.id, scraping_url_id=page.id)
            if watching_since is not None:
                link.created_at = watching_since
            self.db.add(link)
        await self.db.commit()
        return target

    async def channel(
        self,
        user: User,
        *targets: ScrapingTarget,
        is_active: bool = True,
        is_paused: bool = False,
        is_muted: bool = False,
        snoozed_until: dt.datetime | None = None,
        chat_id: int | None = None,
    ) -> NotificationConfig:
        self._chat += 1
        channel = NotificationConfig(
            user_id=user.id,
            kind="telegram",
            address=str(self._chat if chat_id is None else chat_id),
            is_active=is_active,
            is_paused=is_paused,
        )
        self.db.add(channel)
        await self.db.flush()
        for target in targets:
            self.db.add(
                TargetChannel(
                    target_id=target.id, channel_id=channel.id, is_muted=is_muted, snoozed_until=snoozed_until
                )
            )
        await self.db.commit()
        return channel

    async def watcher(
        self,
        username: str = "ada",
        page: ScrapingUrl | None = None,
        chat_id: int | None = None,
        **target: Any,
    ) -> Watch:
        """A user with one target on `page` and one Telegram channel (`chat_id`) for it."""
        page = page or await self.page()
        user = await self.user(username)
        watched = await self.target(user, page, **target)
        channel = await self.channel(user, watched, chat_id=chat_id)
        return Watch(user, page, watched, channel)

    async def offer(self, page: ScrapingUrl, url: str, title: str = "Road bike", **fields: Any) -> Offer:
        """An offer already stored for `page` (first seen now)."""
        now = utcnow()
        offer = Offer(
            scraping_url_id=page.id, url=url, title=title, first_seen_at=now, last_seen_at=now, **fields
        )
        self.db.add(offer)
        await self.db.commit()
        return offer

    async def notifications(self, **where: Any) -> list[Notification]:
        query = (
            select(Notification)
            .filter_by(**where)
            .order_by(Notification.created_at, Notification.id)
            .execution_options(populate_existing=True)
        )
        return list(await self.db.scalars(query))

    async def count(self, model: type[Any], **where: Any) -> int:
        return int(await self.db.scalar(select(func.count()).select_from(model).filter_by(**where)) or 0)

    async def reload(self, row: Any) -> Any:
        await self.db.refresh(row)
        return row


class Watch:
    def __init__(
        self, user: User, page: ScrapingUrl, target: ScrapingTarget, channel: NotificationConfig
    ) -> None:
        self.user, self.page, self.target, self.channel = user, page, target, channel
