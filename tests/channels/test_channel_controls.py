"""PATCH /api/public/channels/{id} (pause, resume) and PATCH /api/public/targets/{t}/channels/{c}
(mute, snooze) for a channel of every kind: what they answer, what they refuse, and that the
crawler's next offer then makes no row for the channel."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.db.models import Notification, NotificationConfig, ScrapingTarget, ScrapingUrl, TargetChannel, User
from tests.channels.conftest import PostUpdate, create_target, link_chat
from tests.conftest import TEST_INTERNAL_TOKEN
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.fakes.webhook_receiver import webhook_receiver as webhook_receiver  # the fixture
from tests.world import World

CHANNELS = "/api/public/channels"
KINDS = ["telegram", "email", "webhook"]


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, str]) -> dict[str, str]:
    """The Telegram fakes of the package, and the local webhook receiver allowed."""
    return {**settings_overrides, "ALLOWED_PRIVATE_HOSTS": "127.0.0.1"}


async def add_channel(
    kind: str,
    client: httpx.AsyncClient,
    target_id: str,
    post_update: PostUpdate,
    receiver: WebhookReceiver,
    db: AsyncSession,
) -> dict[str, Any]:
    """A channel of `kind` (an e-mail one already confirmed) receiving the target."""
    if kind == "telegram":
        return await link_chat(client, post_update, target_id)
    address = "ada@example.com" if kind == "email" else receiver.url()
    added = await client.post(CHANNELS, json={"kind": kind, "address": address})
    assert added.status_code == 201, added.text
    channel_id = added.json()["id"]
    await db.execute(
        update(NotificationConfig)
        .where(NotificationConfig.id == uuid.UUID(channel_id))
        .values(is_verified=True)
    )
    await db.commit()
    routed = await client.post(f"/api/public/targets/{target_id}/channels/{channel_id}")
    assert routed.status_code == 200, routed.text
    return dict(routed.json())


@pytest.fixture(params=KINDS)
async def channel(
    request: pytest.FixtureRequest,
    client: httpx.AsyncClient,
    post_update: PostUpdate,
    webhook_receiver: WebhookReceiver,
    db: AsyncSession,
    page: ScrapingUrl,
    watched: ScrapingTarget,
) -> dict[str, Any]:
    """Ada's channel of each kind, receiving her watched target."""
    return await add_channel(request.param, client, str(watched.id), post_update, webhook_receiver, db)


@pytest.fixture
async def page(db: AsyncSession) -> ScrapingUrl:
    return await World(db).page(f"https://shop.example/bikes/{uuid.uuid4().hex[:8]}", last_status="ok")


@pytest.fixture
async def watched(db: AsyncSession, user: dict[str, Any], page: ScrapingUrl) -> ScrapingTarget:
    """Ada's target "Bikes", watching `page` for an hour (so offers found now are new)."""
    ada = await db.scalar(select(User).where(User.username == "ada"))
    assert ada is not None
    return await World(db).target(ada, page, name="Bikes", watching_since=utcnow() - dt.timedelta(hours=1))


@pytest.fixture
async def internal(app: Litestar) -> Any:
    async with AsyncTestClient(app, base_url="https://testserver.local") as crawler:
        crawler.headers["Authorization"] = f"Bearer {TEST_INTERNAL_TOKEN}"
        yield crawler


async def offer_rows_after_an_offer(
    internal: httpx.AsyncClient, db: AsyncSession, page: ScrapingUrl, channel_id: str
) -> int:
    """The crawler finds a new offer: how many rows the fan-out wrote for the channel."""
    found = {
        "scraping_url_id": str(page.id),
        "url": f"https://shop.example/item/{uuid.uuid4().hex[:8]}",
        "title": "Road bike",
        "price": "120.50",
        "currency": "EUR",
    }
    response = await internal.post("/api/internal/offers", json=found)
    assert response.status_code == 201, response.text
    rows = await db.scalars(
        select(Notification).where(
            Notification.channel_id == uuid.UUID(channel_id),
            Notification.offer_id == uuid.UUID(response.json()["id"]),
        )
    )
    return len(list(rows))


async def patch(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.patch(path, json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


# --- pausing and resuming --------------------------------------------------------------------


async def test_a_channel_of_each_kind_is_paused_and_resumed(
    client: httpx.AsyncClient,
    internal: httpx.AsyncClient,
    db: AsyncSession,
    page: ScrapingUrl,
    channel: dict[str, Any],
) -> None:
    path = f"{CHANNELS}/{channel['id']}"

    paused = await patch(client, path, {"is_paused": True})
    assert (paused["id"], paused["is_paused"], paused["is_active"]) == (channel["id"], True, True)
    assert [t["name"] for t in paused["targets"]] == ["Bikes"]  # the routes stay
    [listed] = (await client.get(CHANNELS)).json()
    assert listed["is_paused"] is True
    assert await offer_rows_after_an_offer(internal, db, page, channel["id"]) == 0

    assert (await patch(client, path, {"is_paused": False}))["is_paused"] is False
    assert await offer_rows_after_an_offer(internal, db, page, channel["id"]) == 1


# --- muting and snoozing -----------------------------------------------------------------------


async def test_a_target_is_muted_and_unmuted_on_a_channel_of_each_kind(
    client: httpx.AsyncClient,
    internal: httpx.AsyncClient,
    db: AsyncSession,
    page: ScrapingUrl,
    watched: ScrapingTarget,
    channel: dict[str, Any],
) -> None:
    path = f"/api/public/targets/{watched.id}/channels/{channel['id']}"

    [route] = (await patch(client, path, {"is_muted": True}))["targets"]
    assert (route["target_id"], route["is_muted"], route["snoozed_until"]) == (str(watched.id), True, None)
    assert await offer_rows_after_an_offer(internal, db, page, channel["id"]) == 0

    [route] = (await patch(client, path, {"is_muted": False}))["targets"]
    assert route["is_muted"] is False
    assert await offer_rows_after_an_offer(internal, db, page, channel["id"]) == 1


async def test_a_snooze_holds_the_targets_news_back_until_lifted(
    client: httpx.AsyncClient,
    internal: httpx.AsyncClient,
    db: AsyncSession,
    page: ScrapingUrl,
    watched: ScrapingTarget,
    channel: dict[str, Any],
) -> None:
    path = f"/api/public/targets/{watched.id}/channels/{channel['id']}"
    until = (utcnow() + dt.timedelta(hours=3)).replace(microsecond=0)

    [route] = (await patch(client, path, {"snoozed_until": until.isoformat()}))["targets"]
    assert dt.datetime.fromisoformat(route["snoozed_until"]) == until
    assert route["is_muted"] is False
    assert await offer_rows_after_an_offer(internal, db, page, channel["id"]) == 0

    [route] = (await patch(client, path, {"snoozed_until": None}))["targets"]
    assert route["snoozed_until"] is None
    assert await offer_rows_after_an_offer(internal, db, page, channel["id"]) == 1


async def test_muting_and_snoozing_are_set_apart_and_a_left_out_field_is_kept(
    client: httpx.AsyncClient, linked: dict[str, Any], target: dict[str, Any]
) -> None:
    path = f"/api/public/targets/{target['id']}/channels/{linked['id']}"
    until = (utcnow() + dt.timedelta(days=2)).replace(microsecond=0)
    await patch(client, path, {"is_muted": True, "snoozed_until": until.isoformat().replace("+00:00", "Z")})

    [route] = (await patch(client, path, {"is_muted": False}))["targets"]
    assert (route["is_muted"], dt.datetime.fromisoformat(route["snoozed_until"])) == (False, until)
    [route] = (await patch(client, path, {"snoozed_until": None}))["targets"]
    assert (route["is_muted"], route["snoozed_until"]) == (False, None)


async def test_muting_one_target_leaves_the_channels_other_targets_alone(
    client: httpx.AsyncClient, linked: dict[str, Any], target: dict[str, Any]
) -> None:
    gravel = await create_target(client, "Gravel bikes")
    assert (
        await client.post(f"/api/public/targets/{gravel['id']}/channels/{linked['id']}")
    ).status_code == 200

    routes = (
        await patch(client, f"/api/public/targets/{gravel['id']}/channels/{linked['id']}", {"is_muted": True})
    )["targets"]
    assert {r["name"]: r["is_muted"] for r in routes} == {"Gravel bikes": True, "Road bikes": False}


# --- bad requests: a clear 4xx naming the problem, nothing written -----------------------------


@pytest.mark.parametrize(
    ("body", "field", "detail"),
    [
        ({}, "data", "missing required field `is_paused`"),
        ({"is_paused": "yes"}, "is_paused", "Expected `bool`"),
        ({"is_paused": None}, "is_paused", "Expected `bool`"),
        ({"is_paused": True, "is_muted": True}, "data", "unknown field `is_muted`"),
        ({"is_paused": True, "address": "x"}, "data", "unknown field `address`"),
    ],
)
async def test_a_bad_pause_is_refused_naming_the_field(
    client: httpx.AsyncClient, linked: dict[str, Any], db: AsyncSession, body: Any, field: str, detail: str
) -> None:
    response = await client.patch(f"{CHANNELS}/{linked['id']}", json=body)

    assert response.status_code == 400, response.text
    assert detail in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == field
    stored = await db.get(NotificationConfig, uuid.UUID(linked["id"]), populate_existing=True)
    assert stored is not None and stored.is_paused is False


def _in(**delta: float) -> str:
    return (utcnow() + dt.timedelta(**delta)).isoformat()


@pytest.mark.parametrize(
    ("body", "field", "detail"),
    [
        ({}, "data", "Nothing to change: give is_muted, snoozed_until or both"),
        ({"is_muted": 1}, "is_muted", "Expected `bool`"),
        ({"is_muted": None}, "is_muted", "Expected `bool`"),
        ({"is_muted": True, "is_paused": True}, "data", "unknown field `is_paused`"),
        ({"snoozed_until": "tomorrow"}, "snoozed_until", "Invalid request (snoozed_until)"),
        ({"snoozed_until": "2026-12-01T08:00:00"}, "snoozed_until", "timezone"),
        ({"is_muted": True, "snoozed_until": _in(hours=-1)}, "snoozed_until", "must be in the future"),
        (
            {"snoozed_until": _in(days=400)},
            "snoozed_until",
            "at most 365 days ahead; mute the target instead",
        ),
    ],
)
async def test_a_bad_mute_or_snooze_is_refused_naming_the_field(
    client: httpx.AsyncClient,
    linked: dict[str, Any],
    target: dict[str, Any],
    db: AsyncSession,
    body: Any,
    field: str,
    detail: str,
) -> None:
    response = await client.patch(f"/api/public/targets/{target['id']}/channels/{linked['id']}", json=body)

    assert response.status_code == 400, response.text
    assert detail in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == field
    route = await db.scalar(
        select(TargetChannel).where(TargetChannel.channel_id == uuid.UUID(linked["id"])),
        execution_options={"populate_existing": True},
    )
    assert route is not None and (route.is_muted, route.snoozed_until) == (False, None)


async def test_a_target_that_does_not_send_to_the_channel_cannot_be_muted_there(
    client: httpx.AsyncClient, linked: dict[str, Any]
) -> None:
    gravel = await create_target(client, "Gravel bikes")

    response = await client.patch(
        f"/api/public/targets/{gravel['id']}/channels/{linked['id']}", json={"is_muted": True}
    )

    assert response.status_code == 404
    assert response.json()["detail"] == "This target does not send to this channel"


async def test_another_users_channel_and_target_are_not_found(
    client: httpx.AsyncClient,
    linked: dict[str, Any],
    target: dict[str, Any],
    other_client: httpx.AsyncClient,
    db: AsyncSession,
) -> None:
    bobs_target = await create_target(other_client, "Bob's bikes")
    route = f"/api/public/targets/{target['id']}/channels/{linked['id']}"

    paused = await other_client.patch(f"{CHANNELS}/{linked['id']}", json={"is_paused": True})
    muted = await other_client.patch(route, json={"is_muted": True})
    mixed = await client.patch(
        f"/api/public/targets/{bobs_target['id']}/channels/{linked['id']}", json={"is_muted": True}
    )
    unknown = await client.patch(f"{CHANNELS}/{uuid.uuid4()}", json={"is_paused": True})

    assert [r.status_code for r in (paused, muted, mixed, unknown)] == [404] * 4
    assert [paused.json()["detail"], muted.json()["detail"], unknown.json()["detail"]] == [
        "Channel not found",
        "Target not found",
        "Channel not found",
    ]
    stored = await db.get(NotificationConfig, uuid.UUID(linked["id"]), populate_existing=True)
    assert stored is not None and stored.is_paused is False
    assert [t["is_muted"] for t in (await client.get(CHANNELS)).json()[0]["targets"]] == [False]


async def test_pausing_and_muting_need_a_login_and_the_csrf_token(
    raw_client: httpx.AsyncClient, client: httpx.AsyncClient, linked: dict[str, Any], target: dict[str, Any]
) -> None:
    anonymous = await raw_client.patch(f"{CHANNELS}/{linked['id']}", json={"is_paused": True})
    assert anonymous.status_code in (401, 403)

    no_csrf = await client.patch(
        f"{CHANNELS}/{linked['id']}", json={"is_paused": True}, headers={"x-csrftoken": "forged"}
    )
    assert no_csrf.status_code == 403
    assert (await client.get(CHANNELS)).json()[0]["is_paused"] is False
