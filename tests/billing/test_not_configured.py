"""Without Stripe settings the billing routes answer 503 and everything else works."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.billing.conftest import CHECKOUT, PORTAL, SUBSCRIPTION, WEBHOOK, signature_header


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    return {}


@pytest.mark.parametrize(("method", "path"), [("POST", CHECKOUT), ("POST", PORTAL), ("GET", SUBSCRIPTION)])
async def test_billing_routes_answer_503(
    client: httpx.AsyncClient, user: dict[str, Any], method: str, path: str
) -> None:
    response = await client.request(method, path)

    assert response.status_code == 503
    assert response.json()["detail"] == "billing is not configured"


async def test_webhook_answers_503(raw_client: httpx.AsyncClient) -> None:
    payload = b'{"id": "evt_1", "object": "event", "type": "checkout.session.completed"}'

    response = await raw_client.post(
        WEBHOOK, content=payload, headers={"Stripe-Signature": signature_header(payload)}
    )

    assert response.status_code == 503
    assert response.json()["detail"] == "billing is not configured"


async def test_the_rest_of_the_system_works(client: httpx.AsyncClient, user: dict[str, Any]) -> None:
    created = await client.post(
        "/api/public/targets", json={"name": "bikes", "urls": [{"url": "https://shop.example/b"}]}
    )
    me = await client.get("/api/public/auth/me")

    assert created.status_code == 201
    assert me.status_code == 200
    assert me.json()["tier"] == "free"


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        (CHECKOUT, "OPTIONS, POST"),
        (PORTAL, "OPTIONS, POST"),
        (SUBSCRIPTION, "GET, OPTIONS"),
        (WEBHOOK, "OPTIONS, POST"),
    ],
)
async def test_options_is_answered_without_billing(
    raw_client: httpx.AsyncClient, path: str, allow: str
) -> None:
    response = await raw_client.options(path, headers={"Origin": "https://app.example"})

    assert response.status_code == 204, response.text
    assert response.headers["allow"] == allow
