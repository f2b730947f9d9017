"""Buttons on offer messages: mute, snooze, exclude seller; verified against the linked chat."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.channels import texts
from core.db.models import Notification, Offer, ScrapingUrl, TargetChannel
from notifier.dispatch import enqueue_notifications
from tests.channels import telegram_updates as tg
from tests.channels.conftest import ADA_CHAT, BOB_CHAT, PostUpdate
from tests.channels.test_linking import fresh
from tests.fakes.telegram_server import FakeTelegram


async def sent_offer(
    db: AsyncSession,
    linked: dict[str, Any],
    *,
    seller: str | None = "Bike Barn",
    kind: str = "new_offer",
    status: str = "sent",
) -> uuid.UUID:
    """An offer message already delivered to the linked chat (or, `status` "pending", about to
    be); answers the notification id."""
    now = dt.datetime.now(dt.UTC)
    page = ScrapingUrl(url="https://shop.example/bikes", fingerprint=uuid.uuid4().hex, next_check_at=now)
    db.add(page)
    await db.flush()
    offer = Offer(
        scraping_url_id=page.id,
        url=f"https://shop.example/bike/{uuid.uuid4().hex[:6]}",
        title="Carbon road bike",
        extra={"seller": seller} if seller else {},
        first_seen_at=now,
        last_seen_at=now,
    )
    db.add(offer)
    await db.flush()
    target_id = uuid.UUID(linked["targets"][0]["target_id"])
    notification = Notification(
        dedupe_key=f"offer:{offer.id}:{target_id}:{linked['id']}",
        kind=kind,
        channel_id=uuid.UUID(linked["id"]),
        target_id=target_id,
        offer_id=offer.id,
        payload={},
        status=status,
        sent_at=now if status == "sent" else None,
    )
    db.add(notification)
    await db.commit()
    return notification.id


async def press(post_update: PostUpdate, chat_id: int, data: str, **kwargs: Any) -> dict[str, Any]:
    response = await post_update(tg.callback(chat_id, data, **kwargs))
    assert response.status_code == 200, response.text
    return response.json()


async def channel_target(client: httpx.AsyncClient) -> dict[str, Any]:
    [channel] = (await client.get("/api/public/channels")).json()
    [target] = channel["targets"]
    return target


async def test_mute_button_mutes_the_target_in_this_chat(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    notification_id = await sent_offer(db, linked)
    update = tg.callback(ADA_CHAT, f"m:{notification_id.hex}")

    answer = (await post_update(update)).json()

    assert answer == {
        "method": "answerCallbackQuery",
        "callback_query_id": update["callback_query"]["id"],
        "text": texts.muted("Road bikes"),
    }
    assert (await channel_target(client))["is_muted"] is True
    assert "- muted (/resume)" in (await post_update(tg.text_message(ADA_CHAT, "/list"))).json()["text"]


async def test_snooze_button_snoozes_for_an_hour(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    notification_id = await sent_offer(db, linked)
    before = dt.datetime.now(dt.UTC)

    answer = await press(post_update, ADA_CHAT, f"s:{notification_id.hex}")

    until = dt.datetime.fromisoformat((await channel_target(client))["snoozed_until"])
    assert dt.timedelta(minutes=59) < until - before <= dt.timedelta(hours=1, seconds=5)
    assert answer["text"] == texts.snoozed("Road bikes", until)
    assert (await channel_target(client))["is_muted"] is False


async def test_exclude_seller_button_adds_the_seller_to_the_filter(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    notification_id = await sent_offer(db, linked, seller="  Bike   Barn ")

    answer = await press(post_update, ADA_CHAT, f"x:{notification_id.hex}")
    again = await press(post_update, ADA_CHAT, f"x:{notification_id.hex}")

    assert answer["text"] == texts.seller_excluded("Bike Barn")
    assert again["text"] == texts.seller_already_excluded("Bike Barn")
    target = (await client.get(f"/api/public/targets/{linked['targets'][0]['target_id']}")).json()
    assert target["filters"]["exclude_words"] == ["bike barn"]


async def test_exclude_button_without_a_seller_changes_nothing(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    notification_id = await sent_offer(db, linked, seller=None)
    assert (await press(post_update, ADA_CHAT, f"x:{notification_id.hex}"))["text"] == texts.NO_SELLER
    target = (await client.get(f"/api/public/targets/{linked['targets'][0]['target_id']}")).json()
    assert target["filters"]["exclude_words"] == []


async def test_buttons_pressed_in_another_chat_are_refused(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    notification_id = await sent_offer(db, linked)
    for data in (f"m:{notification_id.hex}", f"s:{notification_id.hex}", f"x:{notification_id.hex}"):
        # The same callback data on a message in Bob's chat (forged or forwarded).
        answer = await press(post_update, BOB_CHAT, data)
        assert answer["text"] == texts.ACTION_REFUSED
        assert answer["show_alert"] is True
    target = await channel_target(client)
    assert (target["is_muted"], target["snoozed_until"]) == (False, None)
    [route] = await fresh(db, TargetChannel)
    assert route.is_muted is False
    target_body = (await client.get(f"/api/public/targets/{linked['targets'][0]['target_id']}")).json()
    assert target_body["filters"]["exclude_words"] == []


async def test_unknown_or_garbled_buttons_are_answered_harmlessly(
    post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    notification_id = await sent_offer(db, linked)
    assert (await press(post_update, ADA_CHAT, f"m:{uuid.uuid4().hex}"))["text"] == texts.ACTION_REFUSED
    assert (await press(post_update, ADA_CHAT, "m:not-hex"))["text"] == texts.ACTION_UNKNOWN
    assert (await press(post_update, ADA_CHAT, f"z:{notification_id.hex}"))["text"] == texts.ACTION_UNKNOWN
    [route] = await fresh(db, TargetChannel)
    assert route.is_muted is False


async def test_mute_after_the_route_was_removed_says_so(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    notification_id = await sent_offer(db, linked)
    target_id = linked["targets"][0]["target_id"]
    assert (
        await client.delete(f"/api/public/targets/{target_id}/channels/{linked['id']}")
    ).status_code == 204
    assert (await press(post_update, ADA_CHAT, f"m:{notification_id.hex}"))["text"] == texts.TARGET_NOT_HERE


async def test_the_notifiers_offer_buttons_work_here(
    client: httpx.AsyncClient,
    post_update: PostUpdate,
    linked: dict[str, Any],
    db: AsyncSession,
    fake_telegram: FakeTelegram,
) -> None:
    """The contract end to end: the notifier sends an offer with its keyboard, the buttons'
    data comes back in callback queries, and the webhook acts on it."""
    notification_id = await sent_offer(db, linked, seller="Bike Barn", status="pending")
    await fake_telegram.await_messages(1)  # the link confirmation
    enqueue_notifications([notification_id])
    [_, offer_message] = await fake_telegram.await_messages(2)
    buttons = [b for row in offer_message.params["reply_markup"]["inline_keyboard"] for b in row]
    data = {b["text"]: b["callback_data"] for b in buttons if "callback_data" in b}
    assert set(data) == {"Mute this target", "Snooze 1 h", "Exclude seller Bike Barn"}

    for text in ("Snooze 1 h", "Exclude seller Bike Barn", "Mute this target"):
        answer = await press(post_update, ADA_CHAT, data[text])
        assert answer["method"] == "answerCallbackQuery"
        assert answer.get("show_alert") is None, answer

    target = await channel_target(client)
    assert target["is_muted"] is True
    assert target["snoozed_until"] is not None
    target_body = (await client.get(f"/api/public/targets/{target['target_id']}")).json()
    assert target_body["filters"]["exclude_words"] == ["bike barn"]


async def test_a_button_without_its_message_is_refused(
    post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    # Inline-mode buttons, or messages too old for Telegram to include, arrive without
    # `message`: the chat cannot be checked, so nothing is done.
    notification_id = await sent_offer(db, linked)
    update = tg.callback(ADA_CHAT, f"m:{notification_id.hex}")
    del update["callback_query"]["message"]
    update["callback_query"]["inline_message_id"] = "AAAAAIx"
    response = await post_update(update)
    assert response.status_code == 200, response.text
    assert response.json()["text"] == texts.ACTION_REFUSED
    [route] = await fresh(db, TargetChannel)
    assert route.is_muted is False
