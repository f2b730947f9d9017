"""Billing fixtures: the fake Stripe API, Stripe settings pointing at it, signed webhook deliveries."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import User
from tests.fakes.stripe_server import DEFAULT_KEY, FakeStripeServer, price_settings

WEBHOOK_SECRET = "whsec_test_offerwatch_0123456789"
WEBHOOK = "/api/webhooks/stripe"
CHECKOUT = "/api/public/subscriptions/create-checkout-session"
PORTAL = "/api/public/subscriptions/portal-session"
SUBSCRIPTION = "/api/public/subscriptions"
GRACE_DAYS = 7
_event_ids = itertools.count(1)


@pytest.fixture
def fake_stripe() -> Iterator[FakeStripeServer]:
    with FakeStripeServer() as server:
        yield server


@pytest.fixture
def settings_overrides(fake_stripe: FakeStripeServer) -> dict[str, str]:
    return {
        "STRIPE_SECRET_KEY": DEFAULT_KEY,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        **price_settings(),
        "STRIPE_API_BASE": fake_stripe.root,
        "STRIPE_SUCCESS_URL": "https://app.example/billing/success",
        "STRIPE_CANCEL_URL": "https://app.example/billing/cancel",
        "STRIPE_PORTAL_RETURN_URL": "https://app.example/billing",
        "STRIPE_PAST_DUE_GRACE_DAYS": str(GRACE_DAYS),
    }


def signature_header(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """Stripe's documented scheme: t=<time>,v1=hex(HMAC-SHA256(secret, "<time>.<body>"))."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def stripe_event(kind: str, obj: dict[str, Any], created: int, event_id: str | None = None) -> dict[str, Any]:
    return {
        "id": event_id or f"evt_test_{next(_event_ids):06d}",
        "object": "event",
        "api_version": "2025-10-29.clover",
        "created": created,
        "livemode": False,
        "pending_webhooks": 1,
        "type": kind,
        "data": {"object": obj},
    }


def checkout_completed(
    user_id: str,
    customer: str,
    subscription: str,
    created: int,
    payment_status: str = "paid",
    metadata: dict[str, str] | None = None,
) -> dict[str, Any]:
    session = {
        "id": f"cs_test_{subscription}",
        "object": "checkout.session",
        "mode": "subscription",
        "status": "complete",
        "payment_status": payment_status,
        "client_reference_id": user_id,
        "customer": customer,
        "subscription": subscription,
        "metadata": {"user_id": user_id} if metadata is None else metadata,
    }
    return stripe_event("checkout.session.completed", session, created)


def subscription_event(
    kind: str,
    subscription: str,
    customer: str,
    status: str,
    created: int,
    period_end: int | None = None,
    cancel_at_period_end: bool = False,
    metadata: dict[str, str] | None = None,
    price: str | None = None,
) -> dict[str, Any]:
    """customer.subscription.<kind> with the current API's shape (period end on the items)."""
    end = period_end if period_end is not None else created + 30 * 86400
    item: dict[str, Any] = {"id": "si_1", "object": "subscription_item", "current_period_end": end}
    if price is not None:
        item["price"] = {"id": price, "object": "price", "recurring": {"interval": "month"}}
    obj = {
        "id": subscription,
        "object": "subscription",
        "customer": customer,
        "status": status,
        "cancel_at_period_end": cancel_at_period_end,
        "items": {
            "object": "list",
            "data": [item],
        },
        "metadata": metadata or {},
    }
    return stripe_event(f"customer.subscription.{kind}", obj, created)


def payment_failed(subscription: str, customer: str, created: int) -> dict[str, Any]:
    invoice = {
        "id": f"in_test_{created}",
        "object": "invoice",
        "customer": customer,
        "status": "open",
        "parent": {"type": "subscription_details", "subscription_details": {"subscription": subscription}},
    }
    return stripe_event("invoice.payment_failed", invoice, created)


async def deliver(
    client: httpx.AsyncClient,
    event: dict[str, Any] | bytes,
    *,
    secret: str = WEBHOOK_SECRET,
    timestamp: int | None = None,
) -> httpx.Response:
    """POST the event to the webhook signed as Stripe would sign it."""
    payload = event if isinstance(event, bytes) else json.dumps(event).encode()
    headers = {
        "Content-Type": "application/json",
        "Stripe-Signature": signature_header(payload, secret, timestamp),
    }
    return await client.post(WEBHOOK, content=payload, headers=headers)


async def load_user(db: AsyncSession, username: str = "ada") -> User:
    db.expire_all()
    user = await db.scalar(select(User).where(User.username == username))
    assert user is not None
    return user


@pytest.fixture
async def customer(client: httpx.AsyncClient, user: dict[str, Any], db: AsyncSession) -> str:
    """ada has started a checkout once, so she has a Stripe customer; answers its id."""
    response = await client.post(CHECKOUT)
    assert response.status_code == 200, response.text
    stored = (await load_user(db)).stripe_customer_id
    assert stored is not None
    return stored


@pytest.fixture
async def subscriber(
    client: httpx.AsyncClient, user: dict[str, Any], customer: str, db: AsyncSession
) -> dict[str, Any]:
    """ada on pro through a completed checkout of subscription sub_ada (event created 1h ago)."""
    created = int(time.time()) - 3600
    response = await deliver(client, checkout_completed(user["id"], customer, "sub_ada", created))
    assert response.json()["outcome"] == "processed", response.text
    assert (await load_user(db)).tier == "pro"
    return {"user_id": UUID(user["id"]), "customer": customer, "subscription": "sub_ada", "created": created}
