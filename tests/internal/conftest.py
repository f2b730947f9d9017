"""Fixtures for the crawler's API: a bearer-token client, a recorder at the notifier hand-off,
and `world`, which arranges users, pages, targets and Telegram channels as rows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any
from uuid import UUID

import psycopg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession

from notifier import dispatch
from tests.conftest import TEST_INTERNAL_TOKEN
from tests.services import libpq_dsn
from tests.world import World

AUTH = {"Authorization": f"Bearer {TEST_INTERNAL_TOKEN}"}

OFFERS = "/api/internal/offers"
BATCH = "/api/internal/offers/batch"


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
