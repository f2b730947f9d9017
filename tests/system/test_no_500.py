"""Inputs that used to answer 500 now answer a 4xx in the one JSON error shape."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
from sqlalchemy import text

from api.app import create_app
from tests.conftest import make_settings
from tests.live_server import serve
from tests.support import PASSWORD

TARGETS = "/api/public/targets"
SHAPE = {"status_code", "detail", "errors"}


def assert_4xx_shape(response: httpx.Response, status: int = 400) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == SHAPE
    assert body["status_code"] == status
    return body


async def test_deeply_nested_json_answers_400(client, user):
    body = b'{"name": "x", "urls": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    response = await client.post(TARGETS, content=body, headers={"Content-Type": "application/json"})
    assert_4xx_shape(response)


async def test_deeply_nested_json_without_an_account_answers_400(client):
    body = b'{"login": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    response = await client.post(
        "/api/public/auth/login", content=body, headers={"Content-Type": "application/json"}
    )
    assert_4xx_shape(response)


async def test_invalid_utf8_body_answers_400(client, user):
    response = await client.post(
        TARGETS, content=b'{"name": "\xff\xfe bikes"}', headers={"Content-Type": "application/json"}
    )
    assert_4xx_shape(response)
    response = await client.post(
        "/api/public/auth/login",
        content=b'{"login": "\xc3\x28", "password": "x"}',
        headers={"Content-Type": "application/json"},
    )
    assert_4xx_shape(response)


@pytest.mark.parametrize(
    "url",
    ["https://[::1/list", "http://[fe80::1", "https://shop\x00.example/", "https://shop.example\x00/x"],
    ids=["ipv6-unclosed", "ipv6-unclosed-no-path", "nul-in-host", "nul-after-host"],
)
async def test_bad_urls_answer_400_naming_the_field(client, user, url):
    response = await client.post(TARGETS, json={"name": "t", "urls": [{"url": url}]})
    body = assert_4xx_shape(response)
    assert body["errors"][0]["field"].startswith("urls")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "bikes\x00"}, "name"),
        ({"name": "t", "filters": {"include_words": ["road\x00"]}}, "filters.include_words[0]"),
        ({"name": "t", "filters": {"exclude_words": ["\x00"]}}, "filters.exclude_words[0]"),
        (
            {"name": "t", "urls": [{"url": "https://shop.example/", "selectors": {"item": "div\x00"}}]},
            "urls[0].selectors.item",
        ),
    ],
    ids=["name", "include-word", "exclude-word", "selector"],
)
async def test_nul_in_text_fields_answers_400_naming_the_field(client, user, body, field):
    response = await client.post(TARGETS, json=body)
    assert assert_4xx_shape(response)["errors"][0]["field"] == field


async def test_nul_in_a_login_answers_400(client):
    response = await client.post("/api/public/auth/login", json={"login": "ada\x00", "password": "x" * 20})
    assert assert_4xx_shape(response)["errors"][0]["field"] == "login"


@pytest.mark.parametrize("offset", [2**63, 10**30, 2**63 - 1])
async def test_offsets_beyond_bigint_answer_400(client, user, offset):
    response = await client.get(TARGETS, params={"offset": offset})
    assert_4xx_shape(response)
    target = (await client.post(TARGETS, json={"name": "t"})).json()["id"]
    response = await client.get(f"{TARGETS}/{target}/offers", params={"offset": offset})
    assert_4xx_shape(response)


async def test_framework_errors_use_the_json_shape(client, raw_client, user):
    assert_4xx_shape(await client.get("/api/public/nothing-here"), 404)
    assert_4xx_shape(await client.put(TARGETS, json={}), 405)
    assert_4xx_shape(await raw_client.post(TARGETS, json={"name": "t"}), 401)  # no session
    assert_4xx_shape(
        await client.post(TARGETS, content=b"not json", headers={"Content-Type": "application/json"})
    )
    assert_4xx_shape(await client.get(f"{TARGETS}/not-a-uuid"), 404)


async def test_parallel_duplicate_sign_ups_answer_one_201_and_409s(postgres_url):
    settings = make_settings(postgres_url, COOKIE_SECURE="false", SIGNUP_MAX_PER_ADDRESS="50")
    with serve(create_app(settings)) as root:
        async with httpx.AsyncClient(base_url=root, timeout=60) as http:
            await http.get("/health")
            http.headers["x-csrftoken"] = http.cookies["csrftoken"]
            body = {"username": "ada", "email": "ada@example.com", "password": PASSWORD}
            responses = await asyncio.gather(
                *(http.post("/api/public/auth/signup", json=body) for _ in range(8))
            )
    assert Counter(r.status_code for r in responses) == {201: 1, 409: 7}
    for response in responses:
        if response.status_code == 409:
            assert_4xx_shape(response, 409)


async def test_parallel_sign_ups_differing_only_in_case_answer_one_201_and_409s(postgres_url, db):
    settings = make_settings(postgres_url, COOKIE_SECURE="false", SIGNUP_MAX_PER_ADDRESS="50")
    names = ["ada", "Ada", "ADA", "aDa", "adA", "AdA", "aDA", "ADa"]
    with serve(create_app(settings)) as root:
        async with httpx.AsyncClient(base_url=root, timeout=60) as http:
            await http.get("/health")
            http.headers["x-csrftoken"] = http.cookies["csrftoken"]
            responses = await asyncio.gather(
                *(
                    http.post(
                        "/api/public/auth/signup",
                        json={"username": name, "email": f"{index}@example.com", "password": PASSWORD},
                    )
                    for index, name in enumerate(names)
                )
            )
    assert Counter(r.status_code for r in responses) == {201: 1, 409: 7}, [r.text for r in responses]
    for response in responses:
        if response.status_code == 409:
            assert assert_4xx_shape(response, 409)["errors"][0]["field"] == "username"
    assert (await db.execute(text("SELECT count(*) FROM user_account"))).scalar_one() == 1
