"""A burst of wrong logins against a real server must not starve everyone else of database
connections (argon2 runs with no connection held, the throttle takes one statement)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from api.app import create_app
from tests.conftest import make_settings
from tests.live_server import serve
from tests.support import PASSWORD

LOGIN = "/api/public/auth/login"
ME = "/api/public/auth/me"


@pytest.fixture
def live_root(postgres_url: str):
    settings = make_settings(postgres_url, COOKIE_SECURE="false")
    with serve(create_app(settings)) as root:
        yield root


async def logged_in(root: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=root, timeout=60)
    await client.get("/health")
    client.headers["x-csrftoken"] = client.cookies["csrftoken"]
    body = {"username": "ada", "email": "ada@example.com", "password": PASSWORD}
    assert (await client.post("/api/public/auth/signup", json=body)).status_code == 201
    return client


async def test_fifty_concurrent_wrong_logins_leave_a_logged_in_user_answered(live_root: str) -> None:
    ada = await logged_in(live_root)
    durations: list[float] = []
    statuses: list[int] = []

    async def keep_asking(stop: asyncio.Event) -> None:
        while not stop.is_set():
            start = time.perf_counter()
            response = await ada.get(ME)
            durations.append(time.perf_counter() - start)
            statuses.append(response.status_code)

    async with httpx.AsyncClient(base_url=live_root, timeout=60) as attacker:
        await attacker.get("/health")
        attacker.headers["x-csrftoken"] = attacker.cookies["csrftoken"]
        stop = asyncio.Event()
        asker = asyncio.create_task(keep_asking(stop))
        guesses = await asyncio.gather(
            *(attacker.post(LOGIN, json={"login": f"victim{n % 5}", "password": "w" * 20}) for n in range(50))
        )
        stop.set()
        await asker
    await ada.aclose()

    print(f"me: {len(durations)} requests, max {max(durations):.3f}s, statuses {set(statuses)}")
    assert {g.status_code for g in guesses} <= {401, 429}, [g.text for g in guesses if g.status_code >= 500]
    assert statuses and set(statuses) == {200}
