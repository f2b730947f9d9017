"""Webhook channel fixtures: a local receiver, a fake resolver, settings that let the tests
reach 127.0.0.1, and notifications built in memory (the channel needs no database)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest

from core.config import Settings, load_settings
from core.db.models import Notification, NotificationConfig, Offer, ScrapingTarget, ScrapingUrl
from notifier.channels.base import Content
from notifier.channels.webhook import WebhookChannel, make_secret
from tests.fakes.dns import fake_dns as fake_dns  # the fixture
from tests.fakes.webhook_receiver import webhook_receiver as webhook_receiver  # the fixture

SECRET_KEY = "webhook-tests-secret-key-0123456789abcdef"
CREATED = dt.datetime(2026, 11, 29, 10, 15, 2, tzinfo=dt.UTC)


def webhook_settings(allowed: str = "127.0.0.1", **overrides: str) -> Settings:
    return load_settings({"SECRET_KEY": SECRET_KEY, "ALLOWED_PRIVATE_HOSTS": allowed, **overrides})


@pytest.fixture
def settings() -> Settings:
    """Embedded defaults with 127.0.0.1 allowed (no database: these tests need none)."""
    return webhook_settings()


@pytest.fixture
async def channel(settings: Settings) -> AsyncIterator[WebhookChannel]:
    webhook = WebhookChannel(settings, timeout=5.0)
    yield webhook
    await webhook.close()


def webhook_config(url: str, settings: Settings, preset: str = "json") -> tuple[NotificationConfig, str]:
    """A webhook channel row (not stored) and its secret as shown to its owner."""
    secret = make_secret(settings)
    config = NotificationConfig(
        id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        kind="webhook",
        address=url,
        options={"preset": preset},
        secret_encrypted=secret.sealed,
        is_active=True,
        is_paused=False,
        is_verified=True,
    )
    return config, secret.shown


def target(name: str = "Road bikes") -> ScrapingTarget:
    return ScrapingTarget(id=uuid.uuid4(), user_id=uuid.uuid4(), name=name, is_active=True)


def offer(
    title: str = "Road bike, 56 cm",
    price: str | None = "120.5",
    currency: str | None = "EUR",
    image_url: str | None = "https://shop.example/img/1.jpg",
    url: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Offer:
    offer_id = uuid.uuid4()
    return Offer(
        id=offer_id,
        scraping_url_id=uuid.uuid4(),
        url=url or f"https://shop.example/item/{offer_id.hex[:8]}",
        title=title,
        price=Decimal(price) if price is not None else None,
        currency=currency,
        image_url=image_url,
        extra=extra if extra is not None else {"seller": "alice"},
        first_seen_at=CREATED,
        last_seen_at=CREATED,
    )


def notification(
    kind: str, channel_id: uuid.UUID, payload: dict[str, Any] | None = None, **ids: Any
) -> Notification:
    return Notification(
        id=uuid.uuid4(),
        dedupe_key=f"{kind}:{uuid.uuid4()}",
        kind=kind,
        channel_id=channel_id,
        payload=payload or {},
        status="sending",
        created_at=CREATED,
        **ids,
    )


def new_offer_content(config: NotificationConfig, **offer_fields: Any) -> Content:
    watched, found = target(), offer(**offer_fields)
    row = notification("new_offer", config.id, target_id=watched.id, offer_id=found.id)
    return Content(notification=row, channel=config, target=watched, offer=found)


def digest_content(
    config: NotificationConfig, count: int, targets: list[ScrapingTarget] | None = None
) -> Content:
    targets = targets or [target("Road bikes"), target("Gravel bikes")]
    offers = [offer(title=f"Bike {n}", price=f"{100 + n}.00") for n in range(count)]
    offer_targets = {str(o.id): [str(targets[n % len(targets)].id)] for n, o in enumerate(offers)}
    row = notification(
        "digest",
        config.id,
        payload={
            "offer_ids": list(offer_targets),
            "target_ids": [str(t.id) for t in targets],
            "offer_targets": offer_targets,
        },
    )
    return Content(notification=row, channel=config, digest_offers=offers, digest_targets=targets)


def health_content(config: NotificationConfig, kind: str, reason: str = "") -> Content:
    watched = target()
    page = ScrapingUrl(id=uuid.uuid4(), url="https://shop.example/list?q=bike")
    row = notification(
        kind,
        config.id,
        payload={"url": page.url, "reason": reason},
        target_id=watched.id,
        scraping_url_id=page.id,
    )
    return Content(notification=row, channel=config, target=watched, scraping_url=page)
