"""Fixtures for the crawler's API: a bearer-token client, a recorder at the notifier hand-off,
and `world`, which arranges users, pages, targets and Telegram channels as rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterable
from decimal import Decimal
from typing import Any
from uuid import UUID

import psycopg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.models import (
    Notification,
    NotificationConfig,
    ScrapingTarget,
    ScrapingUrl,
    TargetChannel,
    TargetUrl,
    User,
)
from api.targets.scheduling import utcnow
from notifier import dispatch
from tests.conftest import TEST_INTERNAL_TOKEN
from tests.services import libpq_dsn

AUTH = {"Authorization": f"Bearer {TEST_INTERNAL_TOKEN}"}


@pytest.fixture
async def internal(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """The crawler: a client that sends the internal bearer token."""
    async with AsyncTestClient(app, base_url="https://testserver.local") as client:
        client.headers.update(AUTH)
        yield client


class Handoff:
    """What the API handed to the notifier, and whether those rows were committed by then."""

    def __init__(self, postgres_url: str) -> None:
        self.dsn = libpq_dsn(postgres_url)
        self.ids: list[UUID] = []
        self.committed_at_call: list[bool] = []

    def __call__(self, notification_ids: Iterable[UUID]) -> None:
        ids = list(notification_ids)
        # A separate connection sees only committed rows.
        with psycopg.connect(self.dsn) as conn:
            found = conn.execute("SELECT count(*) FROM notification WHERE id = ANY(%s)", (ids,)).fetchone()
        self.committed_at_call.append(found is not None and found[0] == len(ids))
        self.ids += ids


@pytest.fixture(autouse=True)
def enqueued(monkeypatch: pytest.MonkeyPatch, postgres_url: str) -> Handoff:
    """Delivery is the notifier's to test; here we check what is handed over, and when."""
    handoff = Handoff(postgres_url)
    monkeypatch.setattr(dispatch, "enqueue_notifications", handoff)
    return handoff


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
    ) -> NotificationConfig:
        self._chat += 1
        channel = NotificationConfig(
            user_id=user.id, kind="telegram", chat_id=self._chat, is_active=is_active, is_paused=is_paused
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

    async def watcher(self, username: str = "ada", page: ScrapingUrl | None = None, **target: Any) -> Watch:
        """A user with one target on `page` and one Telegram channel for it."""
        page = page or await self.page()
        user = await self.user(username)
        watched = await self.target(user, page, **target)
        channel = await self.channel(user, watched)
        return Watch(user, page, watched, channel)

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


@pytest.fixture
def world(db: AsyncSession) -> World:
    return World(db)


def offer(n: int = 1, **fields: Any) -> dict[str, Any]:
    """An offer item as the crawler posts it."""
    return {
        "url": f"https://shop.example/item/{n}",
        "title": f"Road bike number {n}",
        "price": "100.00",
        "currency": "EUR",
        **fields,
    }
