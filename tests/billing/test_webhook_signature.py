"""The Stripe webhook accepts only bodies signed with STRIPE_WEBHOOK_SECRET within the tolerance."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import StripeEvent
from tests.billing.conftest import (
    WEBHOOK,
    checkout_completed,
    deliver,
    load_user,
    signature_header,
)


@pytest.fixture
def completed(user: dict[str, Any], customer: str) -> dict[str, Any]:
    return checkout_completed(user["id"], customer, "sub_ada", int(time.time()))


async def _nothing_changed(db: AsyncSession) -> None:
    user = await load_user(db)
    assert (user.tier, user.stripe_subscription_id, user.subscription_status) == ("free", None, None)
    assert await db.scalar(select(func.count(StripeEvent.id))) == 0


async def test_correctly_signed_event_is_applied(
    client: httpx.AsyncClient, completed: dict[str, Any], db: AsyncSession
) -> None:
    response = await deliver(client, completed)

    assert response.status_code == 200
    assert response.json() == {"event_id": completed["id"], "outcome": "processed"}
    assert (await load_user(db)).tier == "pro"


async def test_tampered_body_is_rejected(
    client: httpx.AsyncClient, completed: dict[str, Any], db: AsyncSession
) -> None:
    payload = json.dumps(completed).encode()
    header = signature_header(payload)
    tampered = payload.replace(b'"paid"', b'"PAID"').replace(b"sub_ada", b"sub_eve")

    response = await client.post(WEBHOOK, content=tampered, headers={"Stripe-Signature": header})

    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == "Stripe-Signature"
    assert "expected signature" in body["detail"]
    await _nothing_changed(db)


async def test_wrong_secret_is_rejected(
    client: httpx.AsyncClient, completed: dict[str, Any], db: AsyncSession
) -> None:
    response = await deliver(client, completed, secret="whsec_someone_else")

    assert response.status_code == 400
    await _nothing_changed(db)


async def test_stale_timestamp_is_rejected(
    client: httpx.AsyncClient, completed: dict[str, Any], db: AsyncSession
) -> None:
    # Signed correctly, but 6 minutes ago: outside Stripe's default 5-minute tolerance (replay).
    response = await deliver(client, completed, timestamp=int(time.time()) - 360)

    assert response.status_code == 400
    assert "tolerance" in response.json()["detail"]
    await _nothing_changed(db)


async def test_missing_signature_header_is_rejected(
    client: httpx.AsyncClient, completed: dict[str, Any], db: AsyncSession
) -> None:
    response = await client.post(WEBHOOK, content=json.dumps(completed).encode())

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Stripe-Signature"
    await _nothing_changed(db)


@pytest.mark.parametrize("header", ["garbage", "t=notanumber,v1=abc", "t=1700000000", "v1=abc"])
async def test_malformed_signature_header_is_rejected(
    client: httpx.AsyncClient, completed: dict[str, Any], db: AsyncSession, header: str
) -> None:
    response = await client.post(
        WEBHOOK, content=json.dumps(completed).encode(), headers={"Stripe-Signature": header}
    )

    assert response.status_code == 400
    await _nothing_changed(db)


async def test_signed_body_that_is_not_json_is_rejected(
    client: httpx.AsyncClient, user: dict[str, Any]
) -> None:
    for body in (b"not json at all", b'{"id": "evt_1"', b"\xff\xfe not utf-8"):
        response = await deliver(client, body)

        assert response.status_code == 400, body
        assert response.json()["errors"][0]["field"] == "body"


async def test_signed_event_without_required_fields_is_rejected(
    client: httpx.AsyncClient, user: dict[str, Any], db: AsyncSession
) -> None:
    response = await deliver(client, {"object": "event", "type": "customer.subscription.updated"})

    assert response.status_code == 400
    assert "Stripe event" in response.json()["detail"]
    assert await db.scalar(select(func.count(StripeEvent.id))) == 0


async def test_handled_event_with_malformed_object_is_rejected_and_not_recorded(
    client: httpx.AsyncClient, user: dict[str, Any], db: AsyncSession
) -> None:
    event = {
        "id": "evt_bad_object",
        "object": "event",
        "type": "customer.subscription.updated",
        "created": int(time.time()),
        "data": {"object": {"id": "sub_x", "status": 42}},
    }

    response = await deliver(client, event)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "data.object"
    assert await db.scalar(select(func.count(StripeEvent.id))) == 0


async def test_webhook_needs_no_session_or_csrf(
    raw_client: httpx.AsyncClient, completed: dict[str, Any], db: AsyncSession
) -> None:
    response = await deliver(raw_client, completed)

    assert response.status_code == 200
    assert (await load_user(db)).tier == "pro"
