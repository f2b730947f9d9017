"""Helpers for tests: service checks, signing up, client setup."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", "") not in {"", "0", "false"}
PASSWORD = "correct horse battery staple"


def service_missing(name: str, reason: str) -> None:
    """Skip, or fail under REQUIRE_SERVICES=1, because a service the test needs is down."""
    message = f"{name} is not reachable: {reason}"
    if REQUIRE_SERVICES:
        pytest.fail(f"{message} (REQUIRE_SERVICES=1: services must run)", pytrace=False)
    pytest.skip(message)


def _csrf_hook(client: httpx.AsyncClient) -> Any:
    async def add_csrf_header(request: httpx.Request) -> None:
        token = client.cookies.get("csrftoken")
        if token and request.method not in {"GET", "HEAD", "OPTIONS"}:
            request.headers.setdefault("x-csrftoken", token)

    return add_csrf_header


async def new_client(app: Litestar) -> AsyncTestClient[Litestar]:
    client = AsyncTestClient(app, base_url="https://testserver.local")
    await client.__aenter__()
    client.event_hooks["request"].append(_csrf_hook(client))
    await client.get("/health")  # sets the csrftoken cookie, as a frontend's first GET would
    return client


@asynccontextmanager
async def browser(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A frontend-like client (CSRF handled), closed when the block ends."""
    client = await new_client(app)
    try:
        yield client
    finally:
        await client.__aexit__(None, None, None)


async def sign_up(client: httpx.AsyncClient, username: str = "ada", **extra: str) -> dict[str, Any]:
    body = {"username": username, "email": f"{username}@example.com", "password": PASSWORD, **extra}
    response = await client.post("/api/public/auth/signup", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def set_tier(db: AsyncSession, username: str, tier: str) -> None:
    await db.execute(
        text("UPDATE user_account SET tier = :tier WHERE username = :u"), {"tier": tier, "u": username}
    )
    await db.commit()
