"""Tier limits hold when one user's requests arrive at the same time (a real server: the test
client runs requests one after another, so it cannot show a race)."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
from sqlalchemy import func, select

from api.app import create_app
from core.db.models import ScrapingTarget, TargetUrl
from tests.conftest import make_settings
from tests.live_server import serve
from tests.support import PASSWORD

TARGETS = "/api/public/targets"


@pytest.fixture
async def ada(postgres_url: str):
    with serve(create_app(make_settings(postgres_url, COOKIE_SECURE="false"))) as root:
        async with httpx.AsyncClient(base_url=root, timeout=60) as http:
            await http.get("/health")
            http.headers["x-csrftoken"] = http.cookies["csrftoken"]
            body = {"username": "ada", "email": "ada@example.com", "password": PASSWORD}
            assert (await http.post("/api/public/auth/signup", json=body)).status_code == 201
            yield http


async def count(db, *where) -> int:
    db.expire_all()
    return await db.scalar(select(func.count()).select_from(ScrapingTarget).where(*where))


async def test_twenty_parallel_creates_make_exactly_the_three_allowed(ada, db):
    responses = await asyncio.gather(*(ada.post(TARGETS, json={"name": f"t{n}"}) for n in range(20)))
    assert Counter(r.status_code for r in responses) == {201: 3, 403: 17}
    assert await count(db) == 3


async def test_twenty_parallel_url_adds_make_exactly_the_ten_allowed(ada, db):
    target = (await ada.post(TARGETS, json={"name": "t"})).json()["id"]
    responses = await asyncio.gather(
        *(ada.post(f"{TARGETS}/{target}/urls", json={"url": f"https://shop.example/{n}"}) for n in range(20))
    )
    assert Counter(r.status_code for r in responses) == {201: 10, 403: 10}
    assert await db.scalar(select(func.count()).select_from(TargetUrl)) == 10


async def test_parallel_activations_fill_only_the_free_slot(ada, db):
    ids = [(await ada.post(TARGETS, json={"name": f"t{n}"})).json()["id"] for n in range(3)]
    for target in ids:
        assert (await ada.post(f"{TARGETS}/{target}/deactivate")).status_code == 200
    for n in range(2):
        assert (await ada.post(TARGETS, json={"name": f"new{n}"})).status_code == 201
    responses = await asyncio.gather(
        *(ada.post(f"{TARGETS}/{target}/activate") for target in ids for _ in range(3))
    )
    assert Counter(r.status_code for r in responses)[200] >= 1
    assert await count(db, ScrapingTarget.is_active.is_(True)) == 3
