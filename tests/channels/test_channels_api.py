"""GET/DELETE /api/public/channels and routing targets to linked chats."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import NotificationConfig, TargetChannel
from tests.channels.conftest import ADA_CHAT, PostUpdate, create_target, link_chat
from tests.channels.test_linking import fresh


async def test_no_channels_before_linking(client: httpx.AsyncClient, user: dict[str, Any]) -> None:
    response = await client.get("/api/public/channels")
    assert response.status_code == 200
    assert response.json() == []


async def test_channels_list_shows_each_chat_with_its_targets(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], target: dict[str, Any]
) -> None:
    assert linked["kind"] == "telegram"
    assert (linked["address"], linked["chat_title"]) == (str(ADA_CHAT), "Ada Lovelace")
    assert (linked["is_active"], linked["is_paused"], linked["is_verified"]) == (True, False, True)
    [routed] = linked["targets"]
    assert routed["target_id"] == target["id"]
    assert routed["name"] == "Road bikes"
    assert routed["target_is_active"] is True
    assert (routed["is_muted"], routed["snoozed_until"]) == (False, None)

    other_chat = await link_chat(client, post_update, target["id"], chat_id=5_555_555)
    channels = (await client.get("/api/public/channels")).json()
    assert [c["id"] for c in channels] == [linked["id"], other_chat["id"]]


async def test_routing_another_target_to_a_linked_chat_and_stopping_it(
    client: httpx.AsyncClient, linked: dict[str, Any], db: AsyncSession
) -> None:
    gravel = await create_target(client, "Gravel bikes")
    path = f"/api/public/targets/{gravel['id']}/channels/{linked['id']}"

    response = await client.post(path)
    assert response.status_code == 200, response.text
    assert sorted(t["name"] for t in response.json()["targets"]) == ["Gravel bikes", "Road bikes"]
    assert (await client.post(path)).status_code == 200  # idempotent
    assert len(await fresh(db, TargetChannel)) == 2

    assert (await client.delete(path)).status_code == 204
    [channel] = (await client.get("/api/public/channels")).json()
    assert [t["name"] for t in channel["targets"]] == ["Road bikes"]

    again = await client.delete(path)
    assert again.status_code == 404
    assert again.json()["detail"] == "This target does not send to this channel"


async def test_routing_again_lifts_a_mute(
    client: httpx.AsyncClient, linked: dict[str, Any], db: AsyncSession
) -> None:
    [route] = await fresh(db, TargetChannel)
    route.is_muted = True
    await db.commit()
    target_id = linked["targets"][0]["target_id"]
    response = await client.post(f"/api/public/targets/{target_id}/channels/{linked['id']}")
    assert response.json()["targets"][0]["is_muted"] is False


async def test_deleting_a_channel_removes_its_routes(
    client: httpx.AsyncClient, linked: dict[str, Any], db: AsyncSession
) -> None:
    response = await client.delete(f"/api/public/channels/{linked['id']}")
    assert response.status_code == 204
    assert (await client.get("/api/public/channels")).json() == []
    assert await fresh(db, NotificationConfig) == []
    assert await fresh(db, TargetChannel) == []
    assert (await client.delete(f"/api/public/channels/{linked['id']}")).status_code == 404


async def test_other_users_channels_and_targets_answer_404(
    client: httpx.AsyncClient,
    other_client: httpx.AsyncClient,
    post_update: PostUpdate,
    linked: dict[str, Any],
    db: AsyncSession,
) -> None:
    ada_target = linked["targets"][0]["target_id"]
    bob_target = await create_target(other_client, "Bob's bikes")
    bob_channel = await link_chat(other_client, post_update, bob_target["id"], chat_id=2_222_222)

    assert (await other_client.get("/api/public/channels")).json() == [bob_channel]
    for response in (
        await other_client.delete(f"/api/public/channels/{linked['id']}"),
        await other_client.post(f"/api/public/targets/{bob_target['id']}/channels/{linked['id']}"),
        await other_client.delete(f"/api/public/targets/{ada_target}/channels/{linked['id']}"),
    ):
        assert response.status_code == 404, response.text
    # Ada's own target cannot be routed to Bob's chat either.
    response = await client.post(f"/api/public/targets/{ada_target}/channels/{bob_channel['id']}")
    assert (response.status_code, response.json()["detail"]) == (404, "Channel not found")

    assert len(await fresh(db, NotificationConfig)) == 2
    assert len(await fresh(db, TargetChannel)) == 2
    [ada_channel] = (await client.get("/api/public/channels")).json()
    assert [t["name"] for t in ada_channel["targets"]] == ["Road bikes"]


async def test_unknown_ids_answer_404(client: httpx.AsyncClient, linked: dict[str, Any]) -> None:
    missing = uuid.uuid4()
    assert (await client.delete(f"/api/public/channels/{missing}")).status_code == 404
    target_id = linked["targets"][0]["target_id"]
    assert (await client.post(f"/api/public/targets/{target_id}/channels/{missing}")).status_code == 404
    assert (await client.post(f"/api/public/targets/{missing}/channels/{linked['id']}")).status_code == 404
    assert (await client.post(f"/api/public/targets/{missing}/telegram-link")).status_code == 404
    assert (await client.delete("/api/public/channels/not-a-uuid")).status_code in {400, 404}


async def test_channel_routes_need_csrf(
    raw_client: httpx.AsyncClient, client: httpx.AsyncClient, linked: dict[str, Any]
) -> None:
    raw_client.cookies.update(client.cookies)
    response = await raw_client.delete(f"/api/public/channels/{linked['id']}")
    assert response.status_code == 403
    assert len((await client.get("/api/public/channels")).json()) == 1
