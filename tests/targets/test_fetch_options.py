"""Per-URL fetch options: validated at add time, stored encrypted, shown masked, never shared."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import AppError
from api.targets.fetch_options import FetchOptions, masked, parse_cookies, validate_headers
from api.targets.options_cipher import FetchOptionsCipher, UnreadableOptions
from core.db.models import ScrapingUrl
from tests.internal.conftest import AUTH

SECRETS = ("proxypass", "c00kie-secret", "Bearer tok3n")
OPTIONS = {
    "proxy": "http://alice:proxypass@proxy.example:3128",
    "headers": {"user-agent": "Mozilla/5.0", "Authorization": "Bearer tok3n", "X-Shop-Region": "de"},
    "cookies": "Cookie: session=c00kie-secret; consent=yes",
    "max_pages": 3,
}


async def new_target(client: httpx.AsyncClient, **url: Any) -> httpx.Response:
    return await client.post(
        "/api/public/targets", json={"name": "Bikes", "urls": [{"url": "https://shop.example/list", **url}]}
    )


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


async def test_options_are_accepted_and_shown_back_masked(client, user) -> None:
    response = await new_target(client, **OPTIONS)
    assert response.status_code == 201, response.text
    url = response.json()["urls"][0]
    assert url["fetch_options"] == {
        "proxy": "http://alice:****@proxy.example:3128",
        "headers": {"User-Agent": "Mozilla/5.0", "Authorization": "****", "X-Shop-Region": "de"},
        "cookies": {"session": "****", "consent": "****"},
    }
    assert url["max_pages"] == 3
    assert_no_secret(response.text)
    listed = await client.get(f"/api/public/targets/{response.json()['id']}")
    assert_no_secret(listed.text)


async def test_options_are_encrypted_at_rest(client, user, db: AsyncSession) -> None:
    assert (await new_target(client, **OPTIONS)).status_code == 201
    page = await db.scalar(select(ScrapingUrl))
    assert page is not None and page.fetch_options_encrypted
    assert_no_secret(page.fetch_options_encrypted)
    assert_no_secret(str(page.fetch_options_masked))
    assert_no_secret(page.fingerprint)


async def test_the_crawler_lease_gets_the_options_in_full(client, user, app) -> None:
    from litestar.testing import AsyncTestClient

    assert (await new_target(client, **OPTIONS)).status_code == 201
    async with AsyncTestClient(app) as internal:
        jobs = (await internal.get("/api/internal/scraping-jobs", params={"limit": 5}, headers=AUTH)).json()
    assert jobs[0]["proxy"] == "http://alice:proxypass@proxy.example:3128"
    assert jobs[0]["cookies"] == {"session": "c00kie-secret", "consent": "yes"}
    assert jobs[0]["headers"]["Authorization"] == "Bearer tok3n"
    assert jobs[0]["max_pages"] == 3


async def test_different_options_get_separate_pages_and_equal_ones_share(
    client, user, other_client, db: AsyncSession
) -> None:
    assert (await new_target(client, cookies={"session": "ada"})).status_code == 201
    assert (await new_target(other_client, cookies={"session": "bob"})).status_code == 201
    assert (await new_target(other_client)).status_code == 201
    assert (await new_target(client)).status_code == 201
    assert await db.scalar(select(func.count(ScrapingUrl.id))) == 3


async def test_another_user_cannot_read_the_options(client, user, other_client) -> None:
    created = (await new_target(client, **OPTIONS)).json()
    answer = await other_client.get(f"/api/public/targets/{created['id']}")
    assert answer.status_code == 404
    assert_no_secret(answer.text)
    mine = await other_client.get("/api/public/targets")
    assert_no_secret(mine.text)


async def test_options_on_the_add_url_endpoint(client, user) -> None:
    tid = (await client.post("/api/public/targets", json={"name": "x"})).json()["id"]
    added = await client.post(
        f"/api/public/targets/{tid}/urls",
        json={"url": "https://shop.example/a", "cookies": {"s": "c00kie-secret"}},
    )
    assert added.status_code == 201, added.text
    assert added.json()["fetch_options"]["cookies"] == {"s": "****"}
    assert_no_secret(added.text)


BAD = [
    ({"proxy": "ftp://proxy.example"}, "urls[0].proxy", "http://, https:// or socks5://"),
    ({"proxy": "socks4://proxy.example:1080"}, "urls[0].proxy", "socks5://"),
    ({"proxy": "socks5://10.0.0.5:1080"}, "urls[0].proxy", "private"),
    ({"proxy": "http://127.0.0.1:3128"}, "urls[0].proxy", "loopback"),
    ({"proxy": "http://10.0.0.5:3128"}, "urls[0].proxy", "private"),
    ({"proxy": "http://localhost:3128"}, "urls[0].proxy", "local"),
    ({"proxy": "http://proxy.example:99999"}, "urls[0].proxy", "invalid port"),
    ({"proxy": "http:///"}, "urls[0].proxy", "no host"),
    ({"headers": {"Host": "evil.example"}}, "urls[0].headers.Host", "'Host' cannot be set"),
    ({"headers": {"Connection": "close"}}, "urls[0].headers.Connection", "cannot be set"),
    ({"headers": {"Transfer-Encoding": "chunked"}}, "urls[0].headers.Transfer-Encoding", "cannot be set"),
    ({"headers": {"X-A": "a\r\nHost: b"}}, "urls[0].headers.X-A", "one line"),
    ({"cookies": "session"}, "urls[0].cookies", "no '=value'"),
    ({"cookies": {"bad name": "x"}}, "urls[0].cookies", "not a valid cookie name"),
]


@pytest.mark.parametrize(("options", "field", "message"), BAD)
async def test_bad_options_answer_400_naming_the_field(client, user, options, field, message) -> None:
    response = await new_target(client, **options)
    assert response.status_code == 400, response.text
    body = response.json()
    assert field in response.text and message in response.text, body


@pytest.mark.parametrize("max_pages", [0, 6, "two"])
async def test_max_pages_outside_one_to_five_is_refused(client, user, max_pages) -> None:
    response = await new_target(client, max_pages=max_pages)
    assert response.status_code == 400
    assert "max_pages" in response.text


def test_cookies_from_a_netscape_export() -> None:
    text = (
        "# Netscape HTTP Cookie File\n"
        ".shop.example\tTRUE\t/\tTRUE\t0\tsession\tabc\n"
        "#HttpOnly_.shop.example\tTRUE\t/\tTRUE\t0\tauth\txyz\n"
    )
    assert parse_cookies(text) == {"session": "abc", "auth": "xyz"}


def test_header_names_get_their_usual_spelling() -> None:
    assert validate_headers({"accept-language": "de", "x-api-key": "k"}) == {
        "Accept-Language": "de",
        "X-Api-Key": "k",
    }
    with pytest.raises(AppError):
        validate_headers({"Proxy-Authorization": "x"})


def test_a_different_secret_key_cannot_decrypt() -> None:
    options = FetchOptions(cookies={"s": "c00kie-secret"})
    token = FetchOptionsCipher("a" * 40).encrypt(options)
    assert FetchOptionsCipher("a" * 40).decrypt(token) == options
    with pytest.raises(UnreadableOptions):
        FetchOptionsCipher("b" * 40).decrypt(token)
    assert masked(options).cookies == {"s": "****"}


async def test_secrets_never_reach_the_logs(client, user, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    assert (await new_target(client, **OPTIONS)).status_code == 201
    assert (await new_target(client, proxy="http://u:proxypass@10.0.0.1:1")).status_code == 400
    assert_no_secret(caplog.text)


async def test_openapi_describes_the_options_with_examples(client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    url_in = next(v for k, v in schema["components"]["schemas"].items() if k.endswith("UrlIn"))
    properties = url_in["properties"]
    for name in ("proxy", "headers", "cookies", "max_pages"):
        assert name in properties, name
    text = str(properties)
    assert "http://user:secret@proxy.example:3128" in text
    assert "Accept-Language" in text and "Cookie: session=" in text
    assert "masked" in text and "encrypted" in text


async def test_options_the_key_cannot_read_fail_their_page_not_the_lease(client, user, app, db) -> None:
    from litestar.testing import AsyncTestClient
    from sqlalchemy import update

    assert (await new_target(client, cookies={"s": "c00kie-secret"})).status_code == 201
    tid = (await client.get("/api/public/targets")).json()["items"][0]["id"]
    added = await client.post(f"/api/public/targets/{tid}/urls", json={"url": "https://shop.example/plain"})
    assert added.status_code == 201
    stale = FetchOptionsCipher("z" * 40).encrypt(FetchOptions(cookies={"s": "x"}))
    await db.execute(
        update(ScrapingUrl)
        .where(ScrapingUrl.url == "https://shop.example/list")
        .values(fetch_options_encrypted=stale)
    )
    await db.commit()
    async with AsyncTestClient(app) as internal:
        jobs = await internal.get("/api/internal/scraping-jobs", params={"limit": 5}, headers=AUTH)
    assert jobs.status_code == 200
    assert [job["url"] for job in jobs.json()] == ["https://shop.example/plain"]
    urls = (await client.get(f"/api/public/targets/{tid}")).json()["urls"]
    broken = next(u for u in urls if u["url"] == "https://shop.example/list")
    assert broken["last_status"] == "error" and "add it again" in broken["last_error"]
