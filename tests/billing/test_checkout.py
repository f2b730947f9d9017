"""Checkout, portal and subscription status, through the real stripe library and the fake Stripe API."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from core.tiers import PAID_TIERS, Tier
from tests.billing.conftest import (
    CHECKOUT,
    GRACE_DAYS,
    PORTAL,
    SUBSCRIPTION,
    deliver,
    load_user,
    subscription_event,
)
from tests.fakes.stripe_server import DEFAULT_KEY, DEFAULT_PRICE, PRICES, FakeStripeServer


async def test_checkout_session_request_carries_price_mode_customer_and_user(
    client: httpx.AsyncClient, user: dict[str, Any], fake_stripe: FakeStripeServer, db: AsyncSession
) -> None:
    response = await client.post(CHECKOUT)

    assert response.status_code == 200, response.text
    [customer_request] = fake_stripe.requests_to("/v1/customers")
    assert customer_request.params["email"] == "ada@example.com"
    assert customer_request.params["metadata"] == {"user_id": user["id"]}
    assert customer_request.headers["authorization"] == f"Bearer {DEFAULT_KEY}"
    customer_id = (await load_user(db)).stripe_customer_id
    assert customer_id is not None and customer_id.startswith("cus_")
    [session_request] = fake_stripe.requests_to("/v1/checkout/sessions")
    params = session_request.params
    assert params["mode"] == "subscription"
    assert params["line_items"] == [{"price": DEFAULT_PRICE, "quantity": "1"}]
    assert params["customer"] == customer_id
    assert params["client_reference_id"] == user["id"]
    assert params["success_url"] == "https://app.example/billing/success"
    assert params["cancel_url"] == "https://app.example/billing/cancel"
    assert params["metadata"] == {"user_id": user["id"], "tier": "pro"}
    assert params["subscription_data"] == {"metadata": {"user_id": user["id"], "tier": "pro"}}
    assert response.json()["url"].startswith("https://checkout.stripe.com/c/pay/cs_test_")


@pytest.mark.parametrize("tier", PAID_TIERS)
async def test_checkout_sells_the_paid_tier_asked_for_at_its_price(
    client: httpx.AsyncClient, user: dict[str, Any], fake_stripe: FakeStripeServer, tier: Tier
) -> None:
    response = await client.post(CHECKOUT, json={"tier": tier.value})

    assert response.status_code == 200, response.text
    [session_request] = fake_stripe.requests_to("/v1/checkout/sessions")
    assert session_request.params["line_items"] == [{"price": PRICES[tier], "quantity": "1"}]
    assert session_request.params["subscription_data"]["metadata"]["tier"] == tier.value


@pytest.mark.parametrize("tier", ["free", "gold", "", 1, None])
async def test_checkout_of_a_tier_that_is_not_sold_is_refused_naming_the_field(
    client: httpx.AsyncClient, user: dict[str, Any], fake_stripe: FakeStripeServer, tier: object
) -> None:
    response = await client.post(CHECKOUT, json={"tier": tier})

    assert response.status_code == 400
    assert "tier" in response.text
    assert fake_stripe.state.requests == []


async def test_second_checkout_reuses_the_customer(
    client: httpx.AsyncClient, user: dict[str, Any], fake_stripe: FakeStripeServer, db: AsyncSession
) -> None:
    first = await client.post(CHECKOUT)
    second = await client.post(CHECKOUT)

    assert first.status_code == second.status_code == 200
    assert first.json()["url"] != second.json()["url"]
    assert len(fake_stripe.requests_to("/v1/customers")) == 1
    customer_id = (await load_user(db)).stripe_customer_id
    sessions = fake_stripe.requests_to("/v1/checkout/sessions")
    assert [r.params["customer"] for r in sessions] == [customer_id, customer_id]


async def test_pro_user_gets_409_and_stripe_is_not_called(
    client: httpx.AsyncClient, subscriber: dict[str, Any], fake_stripe: FakeStripeServer
) -> None:
    sessions_before = len(fake_stripe.requests_to("/v1/checkout/sessions"))

    response = await client.post(CHECKOUT)

    assert response.status_code == 409
    assert "already on the pro plan" in response.json()["detail"]
    assert len(fake_stripe.requests_to("/v1/checkout/sessions")) == sessions_before


async def test_checkout_needs_a_login(client: httpx.AsyncClient, fake_stripe: FakeStripeServer) -> None:
    response = await client.post(CHECKOUT)

    assert response.status_code == 401
    assert fake_stripe.state.requests == []


async def test_checkout_without_csrf_token_is_refused(
    raw_client: httpx.AsyncClient, fake_stripe: FakeStripeServer
) -> None:
    await raw_client.get("/health")
    signup = {"username": "eve", "email": "eve@example.com", "password": "correct horse battery staple"}
    token = raw_client.cookies["csrftoken"]
    assert (
        await raw_client.post("/api/public/auth/signup", json=signup, headers={"x-csrftoken": token})
    ).status_code == 201

    response = await raw_client.post(CHECKOUT)

    assert response.status_code == 403
    assert fake_stripe.state.requests == []


async def test_stripe_failure_answers_503_and_the_retry_gets_the_same_customer(
    client: httpx.AsyncClient, user: dict[str, Any], fake_stripe: FakeStripeServer, db: AsyncSession
) -> None:
    fake_stripe.fail_next(
        "/v1/checkout/sessions", 400, "No such price: 'price_gone'", "invalid_request_error"
    )

    failed = await client.post(CHECKOUT)

    assert failed.status_code == 503
    assert failed.json()["detail"] == "Stripe could not complete the request; try again later"
    # The request's transaction rolled back: no customer id half-stored on the user.
    assert (await load_user(db)).stripe_customer_id is None

    retried = await client.post(CHECKOUT)

    assert retried.status_code == 200
    # Stripe replays the customer for the same idempotency key instead of creating a second one.
    assert len(fake_stripe.state.customers) == 1
    assert (await load_user(db)).stripe_customer_id == next(iter(fake_stripe.state.customers))


async def test_wrong_stripe_key_answers_503(
    client: httpx.AsyncClient, user: dict[str, Any], fake_stripe: FakeStripeServer
) -> None:
    fake_stripe.state.api_key = "sk_test_rotated"

    response = await client.post(CHECKOUT)

    assert response.status_code == 503
    assert "sk_test" not in response.text


async def test_portal_session_answers_the_portal_url(
    client: httpx.AsyncClient, customer: str, fake_stripe: FakeStripeServer
) -> None:
    response = await client.post(PORTAL)

    assert response.status_code == 200, response.text
    [request] = fake_stripe.requests_to("/v1/billing_portal/sessions")
    assert request.params == {"customer": customer, "return_url": "https://app.example/billing"}
    assert response.json()["url"].startswith("https://billing.stripe.com/p/session/bps_")


async def test_portal_without_a_customer_is_a_conflict(
    client: httpx.AsyncClient, user: dict[str, Any], fake_stripe: FakeStripeServer
) -> None:
    response = await client.post(PORTAL)

    assert response.status_code == 409
    assert "no subscription to manage" in response.json()["detail"]
    assert fake_stripe.state.requests == []


async def test_subscription_of_a_free_user(client: httpx.AsyncClient, user: dict[str, Any]) -> None:
    response = await client.get(SUBSCRIPTION)

    assert response.status_code == 200
    assert response.json() == {
        "tier": "free",
        "status": None,
        "current_period_end": None,
        "cancel_at_period_end": False,
        "pro_grace_until": None,
        "paused_by_downgrade": [],
    }


async def test_subscription_shows_status_period_end_and_pending_cancellation(
    client: httpx.AsyncClient, subscriber: dict[str, Any]
) -> None:
    created = subscriber["created"] + 60
    period_end = 1_900_000_000
    event = subscription_event(
        "updated", "sub_ada", subscriber["customer"], "active", created, period_end, cancel_at_period_end=True
    )
    assert (await deliver(client, event)).status_code == 200

    body = (await client.get(SUBSCRIPTION)).json()

    assert body["tier"] == "pro"
    assert body["status"] == "active"
    assert body["cancel_at_period_end"] is True
    assert body["current_period_end"].startswith("2030-03-17T17:46:40")


async def test_past_due_user_beyond_the_grace_period_is_sent_to_the_portal_not_a_second_checkout(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    customer: str,
    fake_stripe: FakeStripeServer,
    db: AsyncSession,
) -> None:
    long_ago = int(time.time()) - (GRACE_DAYS + 1) * 86400
    for status, at in (("active", long_ago), ("past_due", long_ago + 1)):
        assert (
            await deliver(client, subscription_event("updated", "sub_ada", customer, status, at))
        ).status_code == 200
    assert (await load_user(db)).tier == "free"
    sessions_before = len(fake_stripe.requests_to("/v1/checkout/sessions"))

    response = await client.post(CHECKOUT)

    assert response.status_code == 409
    assert "billing portal" in response.json()["detail"]
    assert len(fake_stripe.requests_to("/v1/checkout/sessions")) == sessions_before


async def test_transient_stripe_error_is_retried_with_the_same_idempotency_key(
    client: httpx.AsyncClient, user: dict[str, Any], fake_stripe: FakeStripeServer
) -> None:
    fake_stripe.fail_next("/v1/checkout/sessions", 500, "An unknown error occurred")

    response = await client.post(CHECKOUT)

    assert response.status_code == 200
    attempts = fake_stripe.requests_to("/v1/checkout/sessions")
    assert len(attempts) == 2
    assert attempts[0].headers["idempotency-key"] == attempts[1].headers["idempotency-key"]
