"""Fixtures for the e-mail channel: a real SMTP server (aiosmtpd) the system sends to, rows to
format, and helpers for the API's add / confirm / unsubscribe flow."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import Settings
from core.db.models import Notification, NotificationConfig, Offer, ScrapingTarget
from tests.conftest import TEST_INTERNAL_TOKEN, make_settings
from tests.fakes.smtp_server import FakeSmtp
from tests.fakes.smtp_server import fake_smtp as fake_smtp  # the fixture

PUBLIC = "https://offerwatch.example"
CHANNELS = "/api/public/channels"
ADA_MAIL = "ada.lovelace@example.com"


@pytest.fixture
def settings_overrides(fake_smtp: FakeSmtp) -> dict[str, str]:
    return {
        **fake_smtp.settings_overrides(),
        "PUBLIC_BASE_URL": PUBLIC,
        "NOTIFIER_RETRY_BACKOFF_SECONDS": "0.05",
        "NOTIFIER_MAX_BACKOFF_SECONDS": "0.2",
    }


@pytest.fixture
def mail_settings(fake_smtp: FakeSmtp) -> Settings:
    """Settings for formatting and sending alone (no database)."""
    return make_settings(
        "sqlite+aiosqlite:///unused.sqlite3", PUBLIC_BASE_URL=PUBLIC, **fake_smtp.settings_overrides()
    )


@pytest.fixture
async def internal(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """The crawler: a client that sends the internal bearer token."""
    async with AsyncTestClient(app, base_url="https://testserver.local") as client:
        client.headers.update({"Authorization": f"Bearer {TEST_INTERNAL_TOKEN}"})
        yield client


def path_of(url: str) -> str:
    """The path of a link from a mail, to follow it with a test client."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == PUBLIC, url
    return parts.path


async def add_email(client: httpx.AsyncClient, address: str = ADA_MAIL, **body: Any) -> dict[str, Any]:
    response = await client.post(CHANNELS, json={"kind": "email", "address": address, **body})
    assert response.status_code == 201, response.text
    return dict(response.json())


async def channel_row(db: AsyncSession, channel_id: str | uuid.UUID) -> NotificationConfig:
    channel = await db.scalar(
        select(NotificationConfig)
        .where(NotificationConfig.id == uuid.UUID(str(channel_id)))
        .execution_options(populate_existing=True)
    )
    assert channel is not None
    return channel


async def confirmations(db: AsyncSession, channel_id: str | uuid.UUID) -> list[Notification]:
    return list(
        await db.scalars(
            select(Notification)
            .where(Notification.channel_id == uuid.UUID(str(channel_id)), Notification.kind == "confirm")
            .order_by(Notification.created_at)
            .execution_options(populate_existing=True)
        )
    )


def email_channel(address: str = ADA_MAIL) -> NotificationConfig:
    """An e-mail channel row in memory (formatting needs no database)."""
    return NotificationConfig(id=uuid.uuid4(), kind="email", address=address, is_verified=True)


def notification(kind: str, **fields: Any) -> Notification:
    return Notification(id=uuid.uuid4(), kind=kind, payload=fields.pop("payload", {}), **fields)


def offer(n: int = 1, **fields: Any) -> Offer:
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "url": f"https://shop.example/item/{n}",
        "title": f"Road bike {n}",
        "price": Decimal("120.50"),
        "currency": "EUR",
        "image_url": f"https://img.shop.example/{n}.jpg",
        "extra": {},
        **fields,
    }
    return Offer(**values)


def target(name: str = "Bikes") -> ScrapingTarget:
    return ScrapingTarget(id=uuid.uuid4(), name=name)
