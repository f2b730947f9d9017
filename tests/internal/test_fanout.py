"""What a posted offer writes to the outbox: who is told, once, and how."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from core.clock import utcnow
from core.db.models import Notification, Offer, OfferPriceChange
from tests.internal.conftest import BATCH, OFFERS, Handoff, World, offer


async def post(
    internal: AsyncTestClient[Litestar], page_id: Any, n: int = 1, **fields: Any
) -> dict[str, Any]:
    response = await internal.post(OFFERS, json={"scraping_url_id": str(page_id), **offer(n, **fields)})
    assert response.status_code in (200, 201), response.text
    return dict(response.json())


async def batch(
    internal: AsyncTestClient[Litestar], page_id: Any, items: list[dict[str, Any]]
) -> dict[str, Any]:
    response = await internal.post(BATCH, json={"scraping_url_id": str(page_id), "offers": items})
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_a_new_offer_writes_one_pending_row_and_hands_it_over_after_commit(
    internal: AsyncTestClient[Litestar], world: World, enqueued: Handoff
) -> None:
    watch = await world.watcher()
    created = await post(internal, watch.page.id)

    [row] = await world.notifications()
    assert row.kind == "new_offer"
    assert row.status == "pending"
    assert str(row.offer_id) == created["id"]
    assert row.target_id == watch.target.id
    assert row.channel_id == watch.channel.id
    assert row.dedupe_key == f"offer:{created['id']}:{watch.target.id}:{watch.channel.id}"
    assert enqueued.ids == [row.id]
    assert enqueued.committed_at_call == [True]


async def test_a_baseline_crawl_notifies_nobody(
    internal: AsyncTestClient[Litestar], world: World, enqueued: Handoff
) -> None:
    watch = await world.watcher(page=await world.page(baseline_done=False))
    await post(internal, watch.page.id, 1)
    await batch(internal, watch.page.id, [offer(n) for n in range(2, 12)])
    assert await world.count(Notification) == 0
    assert enqueued.ids == []


async def test_the_offer_is_stored_even_when_the_hand_off_fails(
    internal: AsyncTestClient[Litestar], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from notifier import dispatch

    def broker_down(ids: Any) -> None:
        raise ConnectionError("broker down")

    monkeypatch.setattr(dispatch, "enqueue_notifications", broker_down)
    watch = await world.watcher()
    response = await internal.post(OFFERS, json={"scraping_url_id": str(watch.page.id), **offer()})
    assert response.status_code == 201
    [row] = await world.notifications()
    assert row.status == "pending"  # the notifier's sweep picks it up


@pytest.mark.parametrize(
    ("filters", "fields", "told"),
    [
        ({"include": ["carbon", "steel"]}, {"title": "CARBON frame"}, True),
        ({"include": ["carbon", "steel"]}, {"title": "Aluminium frame"}, False),
        ({"exclude": ["broken"]}, {"title": "Bike, slightly Broken"}, False),
        ({"exclude": ["broken"]}, {"title": "Bike like new"}, True),
        ({"exclude": ["bikes4u"]}, {"title": "Bike", "extra": {"seller": "Bikes4U"}}, False),
        ({"include": ["bike"], "exclude": ["kids"]}, {"title": "Kids bike"}, False),
        ({"min_price": "50"}, {"price": "49.99"}, False),
        ({"min_price": "50"}, {"price": "50"}, True),
        ({"max_price": "500"}, {"price": "500.01"}, False),
        ({"max_price": "500"}, {"price": 500}, True),
        ({"min_price": "50", "max_price": "500"}, {"price": None}, True),
    ],
)
async def test_filters_decide_who_is_told(
    internal: AsyncTestClient[Litestar],
    world: World,
    filters: dict[str, Any],
    fields: dict[str, Any],
    told: bool,
) -> None:
    watch = await world.watcher(**filters)
    await post(internal, watch.page.id, **fields)
    assert len(await world.notifications(kind="new_offer")) == (1 if told else 0)


async def test_a_target_is_told_only_of_offers_first_seen_after_it_started_watching(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    early = await world.watcher("ada", page=page)
    # bob's link to the page is dated after the offer's first sighting.
    await world.watcher("bob", page=page, watching_since=utcnow() + dt.timedelta(minutes=5))
    await post(internal, page.id)
    assert [row.channel_id for row in await world.notifications()] == [early.channel.id]


async def test_one_shared_page_tells_every_watching_user(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    watches = [await world.watcher(name, page=page) for name in ("ada", "bob", "eve")]
    created = await post(internal, page.id)
    rows = await world.notifications()
    assert {(row.target_id, row.channel_id) for row in rows} == {(w.target.id, w.channel.id) for w in watches}
    assert {str(row.offer_id) for row in rows} == {created["id"]}


async def test_every_channel_of_a_target_is_told(internal: AsyncTestClient[Litestar], world: World) -> None:
    watch = await world.watcher()
    second = await world.channel(watch.user, watch.target)
    await post(internal, watch.page.id)
    assert {row.channel_id for row in await world.notifications()} == {watch.channel.id, second.id}


@pytest.mark.parametrize(
    "channel",
    [
        {"is_active": False},
        {"is_paused": True},
        {"is_muted": True},
        {"snoozed_until": utcnow() + dt.timedelta(hours=1)},
    ],
)
async def test_inactive_paused_muted_or_snoozed_channels_are_skipped(
    internal: AsyncTestClient[Litestar], world: World, channel: dict[str, Any]
) -> None:
    watch = await world.watcher()
    skipped = await world.channel(watch.user, watch.target, **channel)
    await post(internal, watch.page.id)
    channels = [row.channel_id for row in await world.notifications()]
    assert channels == [watch.channel.id]
    assert skipped.id not in channels


async def test_a_snooze_that_has_ended_no_longer_skips(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    user = await world.user()
    target = await world.target(user, page)
    await world.channel(user, target, snoozed_until=utcnow() - dt.timedelta(minutes=1))
    await post(internal, page.id)
    assert len(await world.notifications()) == 1


async def test_an_inactive_target_is_not_told(internal: AsyncTestClient[Litestar], world: World) -> None:
    page = await world.page()
    await world.watcher("ada", page=page, is_active=False)
    await post(internal, page.id)
    assert await world.count(Notification) == 0


async def test_more_new_offers_than_the_threshold_become_one_digest_per_chat(
    internal: AsyncTestClient[Litestar], world: World, enqueued: Handoff
) -> None:
    page = await world.page()
    flooded = await world.watcher("ada", page=page)
    picky = await world.watcher("bob", page=page, include=["number 1"])  # matches 1 and 10..15
    few = await world.watcher("eve", page=page, include=["number 2"])  # matches 2 only

    result = await batch(internal, page.id, [offer(n) for n in range(1, 16)])

    ids = sorted(item["offer_id"] for item in result["items"])
    [digest] = await world.notifications(kind="digest", channel_id=flooded.channel.id)
    assert digest.status == "pending"
    assert sorted(digest.payload["offer_ids"]) == ids
    assert digest.payload["target_ids"] == [str(flooded.target.id)]
    assert digest.target_id == flooded.target.id
    assert digest.scraping_url_id == page.id
    assert digest.dedupe_key == f"digest:{page.id}:{flooded.channel.id}:{min(ids)}"
    singles = await world.notifications(kind="new_offer", channel_id=flooded.channel.id)
    assert len(singles) == 15
    assert {row.status for row in singles} == {"digested"}

    [picky_digest] = await world.notifications(kind="digest", channel_id=picky.channel.id)
    assert len(picky_digest.payload["offer_ids"]) == 7
    [single] = await world.notifications(channel_id=few.channel.id)
    assert (single.kind, single.status) == ("new_offer", "pending")

    assert sorted(enqueued.ids) == sorted([digest.id, picky_digest.id, single.id])


async def test_up_to_the_threshold_offers_go_one_by_one(
    internal: AsyncTestClient[Litestar], world: World, enqueued: Handoff
) -> None:
    watch = await world.watcher()
    await batch(internal, watch.page.id, [offer(n) for n in range(5)])  # DIGEST_THRESHOLD is 5
    rows = await world.notifications()
    assert [row.kind for row in rows] == ["new_offer"] * 5
    assert {row.status for row in rows} == {"pending"}
    assert len(enqueued.ids) == 5


async def test_a_retried_digest_batch_sends_nothing_twice(
    internal: AsyncTestClient[Litestar], world: World, enqueued: Handoff
) -> None:
    watch = await world.watcher()
    items = [offer(n) for n in range(8)]
    await batch(internal, watch.page.id, items)
    await batch(internal, watch.page.id, items)
    assert len(await world.notifications(kind="digest")) == 1
    assert len(enqueued.ids) == 1


async def test_a_price_drop_is_recorded_and_told_once(
    internal: AsyncTestClient[Litestar], world: World, enqueued: Handoff
) -> None:
    watch = await world.watcher()
    created = await post(internal, watch.page.id, price="100.00")

    await post(internal, watch.page.id, price="80")
    await post(internal, watch.page.id, price="80.00")  # the same drop posted again

    [cut] = await world.notifications(kind="price_cut")
    [change] = await world.db.scalars(
        OfferPriceChange.__table__.select().where(OfferPriceChange.offer_id == cut.offer_id)
    )
    assert str(cut.offer_id) == created["id"]
    assert cut.price_change_id == change
    assert cut.payload == {"old_price": "100.00", "new_price": "80.00", "currency": "EUR"}
    assert cut.dedupe_key == f"price:{change}:{watch.target.id}:{watch.channel.id}"
    assert cut.id in enqueued.ids


async def test_a_rise_is_recorded_silently_and_the_next_drop_is_told_again(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    watch = await world.watcher()
    await post(internal, watch.page.id, price="100")
    await post(internal, watch.page.id, price="120")
    assert await world.notifications(kind="price_cut") == []
    await post(internal, watch.page.id, price="110")
    await post(internal, watch.page.id, price="90")
    cuts = await world.notifications(kind="price_cut")
    assert [row.payload["new_price"] for row in cuts] == ["110.00", "90.00"]
    assert await world.count(OfferPriceChange) == 3


async def test_price_cut_filters_look_at_the_new_price(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    await world.watcher("ada", page=page, max_price="75")
    await post(internal, page.id, price="100")
    await post(internal, page.id, price="80")
    assert await world.notifications(kind="price_cut") == []
    await post(internal, page.id, price="70")
    assert len(await world.notifications(kind="price_cut")) == 1


async def test_other_changes_update_the_offer_silently(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    watch = await world.watcher()
    first = await post(internal, watch.page.id, price="100")
    second = await post(
        internal, watch.page.id, title="Road bike, now with bell", image_url="https://cdn.example/b.jpg"
    )
    third = await post(internal, watch.page.id, price=None)  # a page without a price keeps ours
    assert second["title"] == "Road bike, now with bell"
    assert second["image_url"] == "https://cdn.example/b.jpg"
    assert third["price"] == "100.00"
    assert third["last_seen_at"] > first["last_seen_at"]
    assert [row.kind for row in await world.notifications()] == ["new_offer"]


async def test_a_price_in_another_currency_is_not_a_cut(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    watch = await world.watcher()
    await post(internal, watch.page.id, price="100", currency="EUR")
    changed = await post(internal, watch.page.id, price="90", currency="USD")
    assert (changed["price"], changed["currency"]) == ("90.00", "USD")
    assert await world.notifications(kind="price_cut") == []


async def test_a_drop_during_the_baseline_is_recorded_but_told_to_nobody(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    watch = await world.watcher(page=await world.page(baseline_done=False))
    await post(internal, watch.page.id, price="100")
    await post(internal, watch.page.id, price="50")
    assert await world.count(OfferPriceChange) == 1
    assert await world.count(Notification) == 0


async def test_a_batch_reports_which_known_offers_dropped_in_price(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    watch = await world.watcher()
    await batch(internal, watch.page.id, [offer(1, price="10"), offer(2, price="10")])
    result = await batch(internal, watch.page.id, [offer(1, price="9"), offer(2, price="10")])
    assert [item["price_cut"] for item in result["items"]] == [True, False]
    assert len(await world.notifications(kind="price_cut")) == 1


async def test_a_failure_while_fanning_out_leaves_no_offer_behind(
    internal: AsyncTestClient[Litestar], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.internal import offers

    async def fails(*args: Any, **kwargs: Any) -> list[Any]:
        raise RuntimeError("disk full")

    watch = await world.watcher()
    with monkeypatch.context() as patch:
        patch.setattr(offers, "notify_new_offers", fails)
        response = await internal.post(OFFERS, json={"scraping_url_id": str(watch.page.id), **offer()})
        assert response.status_code == 500
    assert await world.count(Offer) == 0
    # The crawler's retry then stores the offer and notifies, as if the first attempt never was.
    await post(internal, watch.page.id)
    assert await world.count(Offer) == 1
    assert len(await world.notifications(kind="new_offer")) == 1


async def test_concurrent_overlapping_batches_store_and_notify_each_offer_once(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    watch = await world.watcher()
    items = [offer(n) for n in range(40)]
    results = await asyncio.gather(
        batch(internal, watch.page.id, items),
        batch(internal, watch.page.id, list(reversed(items))),
        batch(internal, watch.page.id, items[10:30]),
    )
    assert sum(result["new"] for result in results) == 40
    assert await world.count(Offer) == 40
    singles = await world.notifications(kind="new_offer")
    assert len(singles) == 40
    assert len({row.offer_id for row in singles}) == 40


async def test_the_same_drop_posted_concurrently_is_told_once(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    watch = await world.watcher()
    await post(internal, watch.page.id, price="100")
    await asyncio.gather(*(post(internal, watch.page.id, price="80") for _ in range(4)))
    assert len(await world.notifications(kind="price_cut")) == 1
    assert await world.count(OfferPriceChange) == 1


async def test_prices_are_compared_in_cents_as_stored(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    watch = await world.watcher()
    await post(internal, watch.page.id, price="10.00")
    await post(internal, watch.page.id, price="9.999")  # stored as 10.00: no change at all
    assert await world.count(OfferPriceChange) == 0
    await post(internal, watch.page.id, price="9.994")  # 9.99: a cut
    cuts = await world.notifications(kind="price_cut")
    assert [row.payload["new_price"] for row in cuts] == ["9.99"]
