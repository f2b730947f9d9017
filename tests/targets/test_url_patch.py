"""`PATCH /targets/{id}/urls/{url_id}`: changing how one URL is fetched."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import ScrapingUrl, TargetUrl
from tests.internal.conftest import AUTH
from tests.targets.test_fetch_options import OPTIONS, assert_no_secret


async def watched(client: httpx.AsyncClient, **url: Any) -> tuple[str, str, dict[str, Any]]:
    created = await client.post(
        "/api/public/targets", json={"name": "Bikes", "urls": [{"url": "https://shop.example/list", **url}]}
    )
    assert created.status_code == 201, created.text
    body = created.json()
    return body["id"], body["urls"][0]["id"], body["urls"][0]


def url_path(target_id: str, url_id: str) -> str:
    return f"/api/public/targets/{target_id}/urls/{url_id}"


async def leased_jobs(app: Any) -> list[dict[str, Any]]:
    async with AsyncTestClient(app) as internal:
        answer = await internal.get("/api/internal/scraping-jobs", params={"limit": 10}, headers=AUTH)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_options_are_set_on_an_existing_url_and_reach_the_crawler(client, user, app) -> None:
    target_id, url_id, before = await watched(client)
    answer = await client.patch(url_path(target_id, url_id), json=OPTIONS)
    assert answer.status_code == 200, answer.text
    url = answer.json()
    assert url["id"] == url_id and url["added_at"] == before["added_at"]
    assert url["fetch_options"]["proxy"] == "http://alice:****@proxy.example:3128"
    assert url["max_pages"] == 3
    assert_no_secret(answer.text)
    shown = (await client.get(f"/api/public/targets/{target_id}")).json()["urls"]
    assert [u["id"] for u in shown] == [url_id] and shown[0]["max_pages"] == 3
    jobs = await leased_jobs(app)
    assert [job["proxy"] for job in jobs] == ["http://alice:proxypass@proxy.example:3128"]
    assert jobs[0]["cookies"] == {"session": "c00kie-secret", "consent": "yes"}


async def test_fields_left_out_stay_and_null_removes(client, user, app) -> None:
    target_id, url_id, _ = await watched(client, **OPTIONS)
    answer = await client.patch(url_path(target_id, url_id), json={"max_pages": 5})
    assert answer.status_code == 200, answer.text
    assert answer.json()["fetch_options"]["cookies"] == {"session": "****", "consent": "****"}
    jobs = await leased_jobs(app)
    assert jobs[0]["proxy"] == "http://alice:proxypass@proxy.example:3128" and jobs[0]["max_pages"] == 5
    answer = await client.patch(url_path(target_id, url_id), json={"proxy": None, "cookies": None})
    assert answer.status_code == 200, answer.text
    options = answer.json()["fetch_options"]
    assert options["proxy"] is None and options["cookies"] == {}
    assert options["headers"]["Authorization"] == "****"


async def test_another_users_page_is_never_changed(client, user, other_client, db: AsyncSession) -> None:
    """Both watch the same plain page (one shared row); one adds a cookie: the other's page
    keeps no cookie, and going back to no options shares the plain page again."""
    target_id, url_id, _ = await watched(client)
    await watched(other_client)
    assert await db.scalar(select(func.count(ScrapingUrl.id))) == 1
    answer = await client.patch(url_path(target_id, url_id), json={"cookies": {"session": "mine"}})
    assert answer.status_code == 200, answer.text
    links = (await db.scalars(select(TargetUrl))).all()
    assert len({link.scraping_url_id for link in links}) == 2
    back = await client.patch(url_path(target_id, url_id), json={"cookies": None})
    assert back.status_code == 200, back.text
    db.expire_all()
    links = (await db.scalars(select(TargetUrl))).all()
    assert len({link.scraping_url_id for link in links}) == 1


BAD = [
    ({"proxy": "ftp://proxy.example"}, "proxy", "socks5://"),
    ({"proxy": "socks5://10.0.0.5:1080"}, "proxy", "private"),
    ({"headers": {"Host": "evil.example"}}, "headers.Host", "cannot be set"),
    ({"cookies": {"bad name": "x"}}, "cookies", "not a valid cookie name"),
    ({"max_pages": 6}, "max_pages", ""),
    ({"max_pages": None}, "max_pages", ""),
    ({"render_js": "yes"}, "render_js", ""),
    ({"url": "https://elsewhere.example"}, "url", ""),
]


@pytest.mark.parametrize(("body", "field", "message"), BAD)
async def test_bad_input_answers_400_naming_the_field_and_writes_nothing(
    client, user, db: AsyncSession, body, field, message
) -> None:
    target_id, url_id, before = await watched(client, cookies={"session": "keep"})
    # a valid change next to the bad one: nothing of it may be written
    answer = await client.patch(url_path(target_id, url_id), json={"max_pages": 2, "proxy": None, **body})
    assert answer.status_code == 400, answer.text
    assert field in answer.text and message in answer.text, answer.text
    after = (await client.get(f"/api/public/targets/{target_id}")).json()["urls"][0]
    assert after == before
    assert await db.scalar(select(func.count(ScrapingUrl.id))) == 1


async def test_another_users_url_is_not_found(client, user, other_client) -> None:
    target_id, url_id, before = await watched(client)
    answer = await other_client.patch(url_path(target_id, url_id), json={"max_pages": 2})
    assert answer.status_code == 404
    other_target, _, _ = await watched(other_client)
    answer = await other_client.patch(url_path(other_target, url_id), json={"max_pages": 2})
    assert answer.status_code == 404
    assert (await client.get(f"/api/public/targets/{target_id}")).json()["urls"][0] == before


async def test_the_same_options_as_another_url_of_the_target_conflict(client, user) -> None:
    target_id, url_id, _ = await watched(client)
    added = await client.post(
        f"/api/public/targets/{target_id}/urls", json={"url": "https://shop.example/list", "max_pages": 2}
    )
    assert added.status_code == 201, added.text
    answer = await client.patch(url_path(target_id, url_id), json={"max_pages": 2})
    assert answer.status_code == 409, answer.text


async def test_openapi_documents_the_url_patch_with_examples(client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    operation = schema["paths"]["/api/public/targets/{target_id}/urls/{url_id}"]["patch"]
    text = str(operation)
    assert "socks5://user:secret@proxy.example:1080" in text and "null" in text
    url_patch = next(v for k, v in schema["components"]["schemas"].items() if k.endswith("UrlPatch"))
    assert {"proxy", "headers", "cookies", "max_pages", "render_js", "selectors"} <= set(
        url_patch["properties"]
    )
