"""NUL and other control characters in crawled offers: cleaned from free text, refused (for that
item alone) in URLs, so one seller's listing cannot drop a whole page's batch."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from core.db.models import Offer
from tests.internal.conftest import BATCH, OFFERS, World, offer


async def test_one_bad_offer_is_reported_invalid_and_the_rest_are_stored(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    items: list[dict[str, Any]] = [
        offer(url="https://shop.example/1", title="Road\x00 bike\x07"),
        offer(url="https://shop.example/2\x00evil"),
        offer(
            url="https://shop.example/3",
            extra={"sel\x00ler": "bikes\x00 4u", "tags": ["a\x00", {"k": "\x1b"}]},
        ),
        offer(url="https://shop.example/4", image_url="https://cdn.example/\x00.jpg"),
        offer(url="https://shop.example/5", title="\x00\x01\x02"),
        offer(url="https://shop.example/6"),
    ]
    response = await internal.post(BATCH, json={"scraping_url_id": str(page.id), "offers": items})

    assert response.status_code == 200, response.text
    body = response.json()
    statuses = {item["index"]: item["status"] for item in body["items"]}
    assert statuses == {0: "new", 1: "invalid", 2: "new", 3: "invalid", 4: "invalid", 5: "new"}
    fields = {item["index"]: item["errors"][0]["field"] for item in body["items"] if item["errors"]}
    assert fields == {1: "url", 3: "image_url", 4: "title"}
    stored = {o.url: o for o in (await world.db.scalars(select(Offer))).all()}
    assert sorted(stored) == ["https://shop.example/1", "https://shop.example/3", "https://shop.example/6"]
    assert stored["https://shop.example/1"].title == "Road bike"
    assert stored["https://shop.example/3"].extra == {"seller": "bikes 4u", "tags": ["a", {"k": ""}]}


async def test_a_single_offer_with_a_nul_in_its_title_is_stored_clean(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    response = await internal.post(
        OFFERS, json={"scraping_url_id": str(page.id), **offer(title="Bike\x00\x00 56\x0bcm")}
    )
    assert response.status_code == 201, response.text
    assert response.json()["title"] == "Bike 56 cm"


async def test_a_nul_in_a_lookup_or_a_report_is_a_400_or_cleaned(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    lookup = await internal.get(
        OFFERS, params={"scraping_url_id": str(page.id), "url": "https://a.example/\x00"}
    )
    assert lookup.status_code in {400, 404}
    lease = await internal.get("/api/internal/scraping-jobs", params={"worker": "w\x00"})
    assert lease.status_code == 400
    assert lease.json()["errors"][0]["field"] == "worker"
