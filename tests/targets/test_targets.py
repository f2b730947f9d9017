"""Targets: create, list, get, patch, delete, deactivate/activate, URLs as a sub-resource."""

from __future__ import annotations

from sqlalchemy import func, select

from core.db.models import ScrapingTarget, ScrapingUrl, TargetUrl

BIKES = {
    "name": "Road bikes",
    "urls": [
        {"url": "https://shop.example/bikes?sort=new&page=1"},
        {
            "url": "https://market.example/search?q=bike",
            "render_js": True,
            "selectors": {"item": "article", "title": "h2", "price": ".price", "link": "a"},
        },
    ],
    "filters": {
        "include_words": ["Carbon", " steel  frame "],
        "exclude_words": ["broken"],
        "min_price": "50",
        "max_price": 500,
    },
}


async def create(client, body=None):
    response = await client.post("/api/public/targets", json=body or BIKES)
    assert response.status_code == 201, response.text
    return response.json()


async def test_create_target_with_urls_and_filters(client, user):
    target = await create(client)
    assert target["name"] == "Road bikes"
    assert target["is_active"] is True
    assert target["filters"] == {
        "include_words": ["carbon", "steel frame"],
        "exclude_words": ["broken"],
        "min_price": "50.00",
        "max_price": "500.00",
    }
    urls = target["urls"]
    assert [u["url"] for u in urls] == [
        "https://shop.example/bikes?page=1&sort=new",
        "https://market.example/search?q=bike",
    ]
    assert urls[1]["render_js"] is True
    assert urls[1]["selectors"] == {"item": "article", "title": "h2", "price": ".price", "link": "a"}
    assert urls[0]["check_interval_seconds"] == 900
    assert urls[0]["last_status"] is None


async def test_a_new_url_is_due_at_once(client, user, db):
    await create(client)
    due = await db.scalar(select(func.count(ScrapingUrl.id)).where(ScrapingUrl.next_check_at <= func.now()))
    assert due == 2


async def test_list_is_paginated_newest_first_with_url_count(client, user):
    for name in ("one", "two", "three"):
        await create(client, {"name": name, "urls": [{"url": f"https://shop.example/{name}"}]})
    page = (await client.get("/api/public/targets", params={"limit": 2})).json()
    assert page["total"] == 3
    assert [t["name"] for t in page["items"]] == ["three", "two"]
    assert page["items"][0]["url_count"] == 1
    assert page["items"][0]["last_status"] is None
    rest = (await client.get("/api/public/targets", params={"limit": 2, "offset": 2})).json()
    assert [t["name"] for t in rest["items"]] == ["one"]


async def test_list_rejects_bad_pagination(client, user):
    for params in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "many"}):
        response = await client.get("/api/public/targets", params=params)
        assert response.status_code == 400, params


async def test_get_patch_and_delete(client, user, db):
    target = await create(client)
    tid = target["id"]
    assert (await client.get(f"/api/public/targets/{tid}")).json()["name"] == "Road bikes"

    patched = await client.patch(
        f"/api/public/targets/{tid}", json={"name": "Bikes", "filters": {"max_price": None}}
    )
    assert patched.status_code == 200
    body = patched.json()
    assert body["name"] == "Bikes"
    assert body["filters"]["max_price"] is None
    assert body["filters"]["min_price"] == "50.00"  # untouched

    assert (await client.delete(f"/api/public/targets/{tid}")).status_code == 204
    assert (await client.get(f"/api/public/targets/{tid}")).status_code == 404
    assert await db.scalar(select(func.count(TargetUrl.id))) == 0


async def test_patch_rejects_inverted_price_range_and_keeps_the_old_filters(client, user):
    tid = (await create(client))["id"]
    response = await client.patch(f"/api/public/targets/{tid}", json={"filters": {"min_price": "900"}})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "filters.max_price"
    assert (await client.get(f"/api/public/targets/{tid}")).json()["filters"]["min_price"] == "50.00"


async def test_deactivate_and_reactivate(client, user):
    tid = (await create(client))["id"]
    off = await client.post(f"/api/public/targets/{tid}/deactivate")
    assert off.status_code == 200
    assert off.json()["is_active"] is False
    listed = (await client.get("/api/public/targets")).json()["items"][0]
    assert listed["is_active"] is False
    on = await client.post(f"/api/public/targets/{tid}/activate")
    assert on.status_code == 200
    assert on.json()["is_active"] is True


async def test_add_and_remove_a_url(client, user, db):
    tid = (await create(client, {"name": "t"}))["id"]
    added = await client.post(f"/api/public/targets/{tid}/urls", json={"url": "https://shop.example/x"})
    assert added.status_code == 201
    url_id = added.json()["id"]
    again = await client.post(f"/api/public/targets/{tid}/urls", json={"url": "https://shop.example/x#frag"})
    assert again.status_code == 409
    assert (await client.delete(f"/api/public/targets/{tid}/urls/{url_id}")).status_code == 204
    assert (await client.get(f"/api/public/targets/{tid}")).json()["urls"] == []
    assert (await client.delete(f"/api/public/targets/{tid}/urls/{url_id}")).status_code == 404


async def test_identical_urls_share_one_scraping_url(client, other_client, user, db):
    await create(client, {"name": "a", "urls": [{"url": "https://shop.example/list?b=2&a=1"}]})
    await create(other_client, {"name": "b", "urls": [{"url": "HTTPS://SHOP.example/list?a=1&b=2#top"}]})
    assert await db.scalar(select(func.count(ScrapingUrl.id))) == 1
    assert await db.scalar(select(func.count(TargetUrl.id))) == 2


async def test_same_url_with_other_options_is_a_separate_scraping_url(client, user, db):
    await create(
        client,
        {
            "name": "a",
            "urls": [
                {"url": "https://shop.example/list"},
                {"url": "https://shop.example/list", "render_js": True},
                {"url": "https://shop.example/list", "selectors": {"item": "li"}},
            ],
        },
    )
    assert await db.scalar(select(func.count(ScrapingUrl.id))) == 3


async def test_offers_list_is_empty_until_the_crawler_finds_some(client, user):
    tid = (await create(client))["id"]
    page = (await client.get(f"/api/public/targets/{tid}/offers")).json()
    assert page == {"items": [], "total": 0, "limit": 20, "offset": 0}


async def test_create_rejects_bad_bodies_and_writes_nothing(client, user, db):
    bad_bodies = [
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "t", "colour": "red"}, None),
        ({"name": "t", "filters": {"min_price": "-1"}}, "filters"),
        ({"name": "t", "filters": {"min_price": "abc"}}, "filters.min_price"),
        ({"name": "t", "filters": {"min_price": "10", "max_price": "5"}}, "filters.max_price"),
        ({"name": "t", "filters": {"include_words": [""]}}, "filters.include_words[0]"),
        ({"name": "t", "urls": [{"url": "https://ok.example/", "selectors": {"title": "h2"}}]}, None),
        ({"name": "t", "urls": [{"url": "https://ok.example/"}, {"url": "ftp://x.example/"}]}, "urls[1].url"),
    ]
    for body, field in bad_bodies:
        response = await client.post("/api/public/targets", json=body)
        assert response.status_code == 400, body
        if field:
            assert response.json()["errors"][0]["field"] == field, (body, response.json())
    assert await db.scalar(select(func.count(ScrapingTarget.id))) == 0
    assert await db.scalar(select(func.count(ScrapingUrl.id))) == 0


async def test_routes_need_a_login(raw_client):
    await raw_client.get("/health")
    token = raw_client.cookies["csrftoken"]
    assert (await raw_client.get("/api/public/targets")).status_code == 401
    response = await raw_client.post(
        "/api/public/targets", json={"name": "t"}, headers={"x-csrftoken": token}
    )
    assert response.status_code == 401


async def test_price_filters_are_rounded_to_cents_half_up_like_offer_prices(client, user):
    tid = (await create(client))["id"]
    response = await client.patch(
        f"/api/public/targets/{tid}", json={"filters": {"min_price": "10.005", "max_price": "20.004"}}
    )
    assert response.status_code == 200, response.text
    assert response.json()["filters"]["min_price"] == "10.01"
    assert response.json()["filters"]["max_price"] == "20.00"
