"""The login and sign-up throttle: one counter per account whatever the spelling, atomic under
parallel guesses, delays that grow but stay short for a known account."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import select, update

from api.app import create_app
from core.db.models import ThrottleCounter
from tests.conftest import make_settings
from tests.live_server import serve
from tests.support import PASSWORD, sign_up

LOGIN = "/api/public/auth/login"
WRONG = "w" * 20


async def guess(client, login: str, password: str = WRONG) -> int:
    return (await client.post(LOGIN, json={"login": login, "password": password})).status_code


@pytest.mark.parametrize(
    "spellings",
    [
        ["ada", " ada", "ada ", "ADA", "Ada"],
        ["ada@example.com", "ADA@example.com", " Ada@Example.COM ", "ada", "ada@EXAMPLE.com"],
        ["nobody", " nobody", "NOBODY ", "NoBody", "  nobody  "],
        [
            "nobody@example.com",
            "NOBODY@EXAMPLE.COM",
            " nobody@example.com",
            "Nobody@Example.com",
            "nobody@example.com ",
        ],
    ],
    ids=["username", "email-and-username", "unknown-login", "unknown-email"],
)
async def test_every_spelling_of_one_login_counts_against_one_limit(client, spellings):
    await sign_up(client, "ada")
    assert [await guess(client, login) for login in spellings] == [401] * 5
    for login in spellings:
        assert await guess(client, login, PASSWORD) == 429, login


async def test_a_blocked_account_answers_429_with_a_retry_after_within_the_account_cap(client):
    await sign_up(client, "ada")
    for _ in range(5):
        await guess(client, "ada")
    response = await client.post(LOGIN, json={"login": "ada", "password": PASSWORD})
    assert response.status_code == 429
    assert 0 < int(response.headers["retry-after"]) <= 300


async def test_the_delay_doubles_and_stops_at_the_account_cap(client, db):
    await sign_up(client, "ada")
    seen = []
    for _ in range(14):
        await guess(client, "ada")
        await db.execute(update(ThrottleCounter).values(blocked_until=0))  # wait it out
        await db.commit()
        row = await db.scalar(select(ThrottleCounter).where(ThrottleCounter.key.like("account:%")))
        db.expunge_all()
        seen.append(row.delay_seconds)
    assert seen[:4] == [0, 0, 0, 0]
    assert seen[4:9] == [15, 30, 60, 120, 240]
    assert seen[9:] == [300] * 5


@pytest.fixture
def live_root(postgres_url: str):
    with serve(create_app(make_settings(postgres_url, COOKIE_SECURE="false"))) as root:
        yield root


async def test_thirty_parallel_guesses_get_exactly_the_limit_evaluated(live_root):
    async with httpx.AsyncClient(base_url=live_root, timeout=60) as http:
        await http.get("/health")
        http.headers["x-csrftoken"] = http.cookies["csrftoken"]
        body = {"username": "ada", "email": "ada@example.com", "password": PASSWORD}
        assert (await http.post("/api/public/auth/signup", json=body)).status_code == 201
        statuses = await asyncio.gather(*(guess(http, "ada") for _ in range(30)))
    assert sorted(statuses) == [401] * 5 + [429] * 25


async def test_sign_ups_from_one_address_are_limited(client):
    for index in range(10):
        await sign_up(client, f"user{index}")
    response = await client.post(
        "/api/public/auth/signup",
        json={"username": "user10", "email": "user10@example.com", "password": PASSWORD},
    )
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert "Too many sign-ups" in response.json()["detail"]
