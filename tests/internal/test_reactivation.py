"""Reactivating a target: what appeared on its pages while nobody checked them is a new
baseline, unless the user asks to catch up."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Notification, ScrapingTarget, ScrapingUrl, TargetUrl, User
from tests.internal.conftest import OFFERS, World, offer

TARGETS = "/api/public/targets"


async def watched_then_deactivated(client: httpx.AsyncClient, world: World, db: AsyncSession) -> UUID:
    """ada's target (linked to her chat) has crawled its page before, and is deactivated now;
    returns the page's id."""
    created = await client.post(TARGETS, json={"name": "Bikes", "urls": [{"url": "https://shop.example/b"}]})
    assert created.status_code == 201, created.text
    target = await db.get_one(ScrapingTarget, UUID(created.json()["id"]))
    page_id = await db.scalar(select(TargetUrl.scraping_url_id).where(TargetUrl.target_id == target.id))
    assert page_id is not None
    await db.execute(update(ScrapingUrl).where(ScrapingUrl.id == page_id).values(baseline_done=True))
    await db.commit()
    await world.channel(await db.get_one(User, target.user_id), target)
    assert (await client.post(f"{TARGETS}/{target.id}/deactivate")).status_code == 200
    return page_id


async def post_offer(internal: AsyncTestClient[Litestar], page_id: UUID) -> None:
    response = await internal.post(OFFERS, json={"scraping_url_id": str(page_id), **offer(7)})
    assert response.status_code == 201, response.text


async def activate(client: httpx.AsyncClient, page_id: UUID, **body: Any) -> dict[str, Any]:
    target_id = (await client.get(TARGETS)).json()["items"][0]["id"]
    response = await client.post(f"{TARGETS}/{target_id}/activate", json=body or None)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_reactivation_rebaselines_a_page_nobody_checked_silently(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    internal: AsyncTestClient[Litestar],
    world: World,
    db: AsyncSession,
) -> None:
    page_id = await watched_then_deactivated(client, world, db)

    assert (await activate(client, page_id))["is_active"] is True
    # The first crawl after reactivation records what appeared meanwhile as the baseline.
    await post_offer(internal, page_id)

    assert await world.notifications() == []
    page = await db.get_one(ScrapingUrl, page_id, populate_existing=True)
    assert page.baseline_done is False


async def test_reactivation_with_catch_up_announces_what_appeared_meanwhile(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    internal: AsyncTestClient[Litestar],
    world: World,
    db: AsyncSession,
) -> None:
    page_id = await watched_then_deactivated(client, world, db)

    await activate(client, page_id, catch_up=True)
    await post_offer(internal, page_id)

    [row] = await world.notifications()
    assert (row.kind, row.status) == ("new_offer", "pending")


async def test_reactivation_leaves_a_page_another_target_kept_checking_alone(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    internal: AsyncTestClient[Litestar],
    world: World,
    db: AsyncSession,
) -> None:
    page_id = await watched_then_deactivated(client, world, db)
    page = await db.get_one(ScrapingUrl, page_id)
    await world.watcher("bob", page)  # bob's active target kept the page crawled

    await activate(client, page_id)
    await post_offer(internal, page_id)

    # Both are told: ada's target was active again when the offer first appeared.
    assert len(await world.notifications(kind="new_offer")) == 2


@pytest.mark.parametrize(
    ("body", "field"), [({"catch_up": "yes"}, "catch_up"), ({"catch_up": True, "colour": 1}, "colour")]
)
async def test_a_bad_activate_body_answers_400_naming_the_field(
    client: httpx.AsyncClient, user: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    created = await client.post(TARGETS, json={"name": "Bikes"})
    response = await client.post(f"{TARGETS}/{created.json()['id']}/activate", json=body)
    assert response.status_code == 400, response.text
    assert field in response.text


async def test_notifications_are_untouched_by_activation_alone(
    client: httpx.AsyncClient, user: dict[str, Any], world: World, db: AsyncSession
) -> None:
    page_id = await watched_then_deactivated(client, world, db)
    await activate(client, page_id)
    assert await world.count(Notification) == 0
