"""Tier limits (403 saying which limit and how to lift it) and ownership (404 for others)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.db.models import ScrapingUrl
from core.tiers import Tier, limit_variable
from tests.support import set_tier


async def make(client, name, urls=()):
    return await client.post("/api/public/targets", json={"name": name, "urls": [{"url": u} for u in urls]})


async def test_free_plan_allows_three_active_targets(client, user):
    for index in range(3):
        assert (await make(client, f"t{index}")).status_code == 201
    response = await make(client, "t3")
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "3 active targets" in detail and "upgrade to pro" in detail


# The top tier's target limit lowered, so that reaching it takes two targets.
@pytest.mark.parametrize("settings_overrides", [{limit_variable(list(Tier)[-1], "max_targets"): "2"}])
async def test_the_top_tiers_limit_offers_no_upgrade(client, user, db):
    top = list(Tier)[-1]
    await set_tier(db, "ada", top)
    for index in range(2):
        assert (await make(client, f"t{index}")).status_code == 201
    response = await make(client, "t2")
    assert response.status_code == 403
    assert response.json()["detail"] == f"The {top} plan allows 2 active targets; deactivate one"


async def test_deactivated_targets_free_a_slot_and_reactivation_is_limited(client, user):
    ids = [(await make(client, f"t{i}")).json()["id"] for i in range(3)]
    await client.post(f"/api/public/targets/{ids[0]}/deactivate")
    assert (await make(client, "t3")).status_code == 201
    response = await client.post(f"/api/public/targets/{ids[0]}/activate")
    assert response.status_code == 403
    assert (await client.get(f"/api/public/targets/{ids[0]}")).json()["is_active"] is False


async def test_free_plan_allows_ten_urls_in_all(client, user):
    urls = [f"https://shop.example/{i}" for i in range(10)]
    assert (await make(client, "a", urls[:6])).status_code == 201
    tid = (await make(client, "b", urls[6:])).json()["id"]
    response = await client.post(f"/api/public/targets/{tid}/urls", json={"url": "https://shop.example/x"})
    assert response.status_code == 403
    assert "10 watched URLs" in response.json()["detail"]
    too_many = await make(client, "c", [f"https://other.example/{i}" for i in range(2)])
    assert too_many.status_code == 403


async def test_pro_plan_has_higher_limits_and_shorter_interval(client, user, db):
    await set_tier(db, "ada", "pro")
    for index in range(5):
        assert (await make(client, f"t{index}", [f"https://shop.example/{index}"])).status_code == 201
    me = (await client.get("/api/public/auth/me")).json()
    assert me["tier"] == "pro"
    assert me["limits"] == {"max_targets": 100, "max_urls": 500, "check_interval_seconds": 120}
    assert me["usage"] == {"targets": 5, "active_targets": 5, "urls": 5}
    intervals = set(await db.scalars(select(ScrapingUrl.interval_seconds)))
    assert intervals == {120}


async def test_shared_url_is_checked_at_the_shortest_interval_of_its_watchers(client, other_client, user, db):
    await set_tier(db, "bob", "pro")
    await make(client, "ada's", ["https://shop.example/shared"])
    assert set(await db.scalars(select(ScrapingUrl.interval_seconds))) == {900}
    await make(other_client, "bob's", ["https://shop.example/shared"])
    assert set(await db.scalars(select(ScrapingUrl.interval_seconds))) == {120}


async def test_another_users_target_url_and_offers_answer_404(client, other_client, user):
    target = (await make(client, "mine", ["https://shop.example/a"])).json()
    tid, url_id = target["id"], target["urls"][0]["id"]
    attempts = [
        other_client.get(f"/api/public/targets/{tid}"),
        other_client.patch(f"/api/public/targets/{tid}", json={"name": "stolen"}),
        other_client.delete(f"/api/public/targets/{tid}"),
        other_client.post(f"/api/public/targets/{tid}/deactivate"),
        other_client.post(f"/api/public/targets/{tid}/activate"),
        other_client.post(f"/api/public/targets/{tid}/urls", json={"url": "https://shop.example/b"}),
        other_client.delete(f"/api/public/targets/{tid}/urls/{url_id}"),
        other_client.get(f"/api/public/targets/{tid}/offers"),
    ]
    for attempt in attempts:
        response = await attempt
        assert response.status_code == 404
        assert response.json()["detail"] == "Target not found"
    assert (await other_client.get("/api/public/targets")).json()["total"] == 0
    mine = (await client.get(f"/api/public/targets/{tid}")).json()
    assert mine["name"] == "mine" and mine["is_active"] and len(mine["urls"]) == 1


async def test_a_url_id_of_another_target_answers_404(client, user):
    first = (await make(client, "a", ["https://shop.example/a"])).json()
    second = (await make(client, "b")).json()
    response = await client.delete(f"/api/public/targets/{second['id']}/urls/{first['urls'][0]['id']}")
    assert response.status_code == 404


async def test_unknown_and_malformed_ids(client, user):
    assert (await client.get("/api/public/targets/00000000-0000-0000-0000-000000000000")).status_code == 404
    assert (await client.get("/api/public/targets/not-a-uuid")).status_code in {400, 404}
