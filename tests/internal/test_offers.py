"""POST /api/internal/offers (+ /batch) and GET /api/internal/offers: validation and idempotency."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from core.db.models import Notification, Offer
from tests.internal.conftest import BATCH, OFFERS, Handoff, World, offer


async def post_offer(internal: AsyncTestClient[Litestar], page_id: Any, **fields: Any) -> Any:
    return await internal.post(OFFERS, json={"scraping_url_id": str(page_id), **offer(**fields)})


async def test_a_new_offer_answers_201_with_the_stored_offer(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    response = await internal.post(
        OFFERS,
        json={
            "scraping_url_id": str(page.id),
            "url": "HTTPS://Shop.Example/item/7?b=2&a=1#photos",
            "title": "  Carbon\n\t road   bike ",
            "price": 19.99,
            "currency": "eur",
            "image_url": "https://cdn.example/7.jpg",
            "extra": {"seller": "bikes4u"},
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["url"] == "https://shop.example/item/7?a=1&b=2"
    assert body["title"] == "Carbon road bike"
    assert Decimal(body["price"]) == Decimal("19.99")
    assert body["currency"] == "EUR"
    assert body["image_url"] == "https://cdn.example/7.jpg"
    assert body["extra"] == {"seller": "bikes4u"}
    assert body["first_seen_at"] == body["last_seen_at"]
    assert await world.count(Offer) == 1


async def test_posting_a_known_offer_again_answers_200_and_adds_nothing(
    internal: AsyncTestClient[Litestar], world: World, enqueued: Handoff
) -> None:
    watch = await world.watcher()
    first = await post_offer(internal, watch.page.id)
    again = await post_offer(internal, watch.page.id)

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["first_seen_at"] == first.json()["first_seen_at"]
    assert await world.count(Offer) == 1
    assert await world.count(Notification) == 1
    assert len(enqueued.ids) == 1


async def test_concurrent_posts_of_one_offer_store_and_notify_once(
    app: Litestar, internal: AsyncTestClient[Litestar], world: World
) -> None:
    watch = await world.watcher()
    responses = await asyncio.gather(*(post_offer(internal, watch.page.id) for _ in range(5)))
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 200, 201]
    assert len({r.json()["id"] for r in responses}) == 1
    assert await world.count(Offer) == 1
    assert await world.count(Notification) == 1


async def test_lookup_by_url_finds_the_offer_or_answers_404(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    created = (await post_offer(internal, page.id, url="https://shop.example/item/9?b=2&a=1")).json()

    found = await internal.get(
        OFFERS, params={"scraping_url_id": str(page.id), "url": "https://SHOP.example/item/9?a=1&b=2"}
    )
    missing = await internal.get(
        OFFERS, params={"scraping_url_id": str(page.id), "url": "https://shop.example/item/10"}
    )
    elsewhere = await internal.get(
        OFFERS, params={"scraping_url_id": str(uuid.uuid4()), "url": created["url"]}
    )

    assert found.status_code == 200
    assert found.json()["id"] == created["id"]
    assert missing.status_code == 404
    assert elsewhere.status_code == 404


async def test_an_offer_for_an_unknown_page_answers_404(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    response = await post_offer(internal, uuid.uuid4())
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "scraping_url_id"
    assert await world.count(Offer) == 0


BAD_ITEMS = [
    ({"url": "/item/1"}, "url"),
    ({"url": "ftp://shop.example/item/1"}, "url"),
    ({"url": "https://"}, "url"),
    ({"url": "https://shop.example:99999/x"}, "url"),
    ({"url": 42}, "url"),
    ({"title": ""}, "title"),
    ({"title": " \n\t "}, "title"),
    ({"title": "x" * 501}, "title"),
    ({"price": "-1"}, "price"),
    ({"price": -0.5}, "price"),
    ({"price": "cheap"}, "price"),
    ({"price": "NaN"}, "price"),
    ({"price": "1e15"}, "price"),
    ({"currency": "EU"}, "currency"),
    ({"currency": "XYZ"}, "currency"),
    ({"currency": "€"}, "currency"),
    ({"image_url": "javascript:alert(1)"}, "image_url"),
    ({"image_url": "data:image/png;base64,AAAA"}, "image_url"),
    ({"extra": ["not", "an", "object"]}, "extra"),
    ({"extra": {"blob": "x" * 20_000}}, "extra"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_ITEMS)
async def test_a_bad_offer_answers_400_naming_the_field_and_stores_nothing(
    internal: AsyncTestClient[Litestar], world: World, fields: dict[str, Any], field: str
) -> None:
    page = await world.page()
    response = await post_offer(internal, page.id, **fields)
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["field"] == field
    assert await world.count(Offer) == 0


async def test_an_unknown_field_answers_400_naming_it(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    response = await post_offer(internal, page.id, colour="red")
    assert response.status_code == 400
    assert "unknown field `colour`" in response.json()["detail"]
    batch = {"scraping_url_id": str(page.id), "offers": [offer()], "unexpected": 1}
    response = await internal.post(BATCH, json=batch)
    assert response.status_code == 400
    assert "unknown field `unexpected`" in response.json()["detail"]


async def test_a_missing_title_or_url_answers_400(internal: AsyncTestClient[Litestar], world: World) -> None:
    page = await world.page()
    for missing in ("url", "title"):
        body = {"scraping_url_id": str(page.id), **offer()}
        del body[missing]
        response = await internal.post(OFFERS, json=body)
        assert response.status_code == 400
        assert missing in response.text


async def test_a_long_title_with_whitespace_runs_is_accepted_once_collapsed(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    title = "   ".join(["word"] * 120)  # 1,078 characters raw, 599 collapsed: too long
    assert (await post_offer(internal, page.id, title=title)).status_code == 400
    title = "    ".join(["word"] * 100)  # 796 raw, 499 collapsed
    response = await post_offer(internal, page.id, title=title)
    assert response.status_code == 201
    assert len(response.json()["title"]) == 499


async def test_price_and_currency_are_optional(internal: AsyncTestClient[Litestar], world: World) -> None:
    page = await world.page()
    body = {"scraping_url_id": str(page.id), "url": "https://shop.example/a", "title": "Price on request"}
    response = await internal.post(OFFERS, json=body)
    assert response.status_code == 201
    assert response.json()["price"] is None
    assert response.json()["currency"] is None


async def test_a_batch_reports_each_item_and_keeps_the_good_ones(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    await post_offer(internal, page.id, url="https://shop.example/item/1")
    items = [
        offer(1),
        offer(2),
        offer(3, price="-4"),
        {"url": "https://shop.example/item/4"},
        offer(5, currency="ABC"),
        offer(6, title="Fine one"),
        "not even an object",
    ]

    response = await internal.post(BATCH, json={"scraping_url_id": str(page.id), "offers": items})

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["new"], body["known"], body["invalid"]) == (2, 1, 4)
    statuses = [(item["index"], item["status"]) for item in body["items"]]
    assert statuses == [
        (0, "known"),
        (1, "new"),
        (2, "invalid"),
        (3, "invalid"),
        (4, "invalid"),
        (5, "new"),
        (6, "invalid"),
    ]
    errors = {item["index"]: item["errors"][0] for item in body["items"] if item["status"] == "invalid"}
    assert errors[2]["field"] == "price"
    assert errors[3]["field"] == "title"
    assert errors[4]["field"] == "currency"
    assert "object" in errors[6]["message"]
    assert body["items"][1]["url"] == "https://shop.example/item/2"
    assert await world.count(Offer) == 3


async def test_a_retried_batch_creates_no_second_row_or_notification(
    internal: AsyncTestClient[Litestar], world: World, enqueued: Handoff
) -> None:
    watch = await world.watcher()
    body = {"scraping_url_id": str(watch.page.id), "offers": [offer(1), offer(2)]}
    first = (await internal.post(BATCH, json=body)).json()
    again = (await internal.post(BATCH, json=body)).json()

    assert (first["new"], again["new"], again["known"]) == (2, 0, 2)
    assert [i["offer_id"] for i in first["items"]] == [i["offer_id"] for i in again["items"]]
    assert await world.count(Offer) == 2
    assert await world.count(Notification) == 2
    assert len(enqueued.ids) == 2


async def test_the_same_url_twice_in_one_batch_is_one_offer(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    items = [offer(1), offer(1, title="Same page, other spelling", url="https://SHOP.example/item/1#top")]
    body = (await internal.post(BATCH, json={"scraping_url_id": str(page.id), "offers": items})).json()
    assert body["items"][0]["offer_id"] == body["items"][1]["offer_id"]
    assert [item["status"] for item in body["items"]] == ["new", "known"]
    assert (body["new"], body["known"]) == (1, 1)
    assert await world.count(Offer) == 1


@pytest.mark.parametrize(
    ("envelope", "field"),
    [
        ({"offers": []}, "offers"),
        ({"offers": [offer(n) for n in range(501)]}, "offers"),
        ({"offers": "nope"}, "offers"),
        ({"scraping_url_id": "nope"}, "scraping_url_id"),
    ],
)
async def test_a_bad_batch_envelope_answers_400(
    internal: AsyncTestClient[Litestar], world: World, envelope: dict[str, Any], field: str
) -> None:
    page = await world.page()
    body = {"scraping_url_id": str(page.id), "offers": [offer()], **envelope}
    response = await internal.post(BATCH, json=body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert await world.count(Offer) == 0


async def test_a_full_batch_of_500_is_accepted(internal: AsyncTestClient[Litestar], world: World) -> None:
    page = await world.page()
    items = [offer(n) for n in range(500)]
    body = (await internal.post(BATCH, json={"scraping_url_id": str(page.id), "offers": items})).json()
    assert body["new"] == 500
    assert await world.count(Offer) == 500


async def test_a_batch_for_an_unknown_page_answers_404(internal: AsyncTestClient[Litestar]) -> None:
    for items in ([offer()], [{"title": "only bad items"}]):
        response = await internal.post(BATCH, json={"scraping_url_id": str(uuid.uuid4()), "offers": items})
        assert response.status_code == 404
