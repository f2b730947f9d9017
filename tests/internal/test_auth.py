"""The crawler's API admits only the bearer token."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.internal.conftest import World, offer

ROUTES = [
    ("GET", "/api/internal/scraping-jobs"),
    ("GET", "/api/internal/scraping-jobs/due-count"),
    ("POST", "/api/internal/scraping-jobs/00000000-0000-0000-0000-000000000001/complete"),
    (
        "GET",
        "/api/internal/offers?scraping_url_id=00000000-0000-0000-0000-000000000001&url=https://a.example/",
    ),
    ("POST", "/api/internal/offers"),
    ("POST", "/api/internal/offers/batch"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_missing_token_answers_401(
    raw_client: AsyncTestClient[Litestar], method: str, path: str
) -> None:
    response = await raw_client.request(method, path, json={})
    assert response.status_code == 401
    assert "internal API token" in response.json()["detail"]
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer wrong-token",
        "Bearer test-internal-token-and-more",
        "Bearer ",
        "Basic test-internal-token",
        "test-internal-token",
    ],
)
async def test_wrong_token_answers_401(raw_client: AsyncTestClient[Litestar], header: str) -> None:
    response = await raw_client.get("/api/internal/scraping-jobs", headers={"Authorization": header})
    assert response.status_code == 401


async def test_user_session_is_not_accepted(
    client: AsyncTestClient[Litestar], user: dict[str, Any], world: World
) -> None:
    page = await world.page()
    assert (await client.get("/api/public/auth/me")).status_code == 200  # the session works there
    response = await client.post("/api/internal/offers", json={"scraping_url_id": str(page.id), **offer()})
    assert response.status_code == 401
    assert (await client.get("/api/internal/scraping-jobs")).status_code == 401


async def test_right_token_is_admitted(internal: AsyncTestClient[Litestar]) -> None:
    response = await internal.get("/api/internal/scraping-jobs")
    assert response.status_code == 200
    assert response.json() == []


async def test_internal_routes_document_the_bearer_scheme(raw_client: AsyncTestClient[Litestar]) -> None:
    schema = (await raw_client.get("/schema/openapi.json")).json()
    checked = 0
    for path, operations in schema["paths"].items():
        if path.startswith("/api/internal"):
            for operation in operations.values():
                assert operation["security"] == [{"internalToken": []}], path
                assert "401" in operation["responses"], path
                checked += 1
    assert checked >= 6  # leasing, due count, completion, offers (get, post, batch)
