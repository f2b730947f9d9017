"""A chat that blocked the bot: deliveries stop; the chat's next message says why they had
stopped and turns them back on (the user has unblocked the bot to send it)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.channels import texts
from core.db.models import Notification, NotificationConfig
from notifier.dispatch import enqueue_notifications
from tests.channels import telegram_updates as tg
from tests.channels.conftest import ADA_CHAT, PostUpdate
from tests.channels.test_buttons import sent_offer
from tests.channels.test_linking import eventually, fresh, note_status
from tests.fakes.telegram_server import FakeTelegram


async def channel_active(db: AsyncSession) -> bool:
    [channel] = await fresh(db, NotificationConfig)
    return bool(channel.is_active)


async def blocked_by_a_403(db: AsyncSession, linked: dict[str, Any], fake_telegram: FakeTelegram) -> None:
    """The link confirmation went out; then the user blocked the bot and an offer got a 403."""
    await fake_telegram.await_messages(1)
    fake_telegram.fail_chat(ADA_CHAT, 403, "Forbidden: bot was blocked by the user")
    offer_id = await sent_offer(db, linked, status="pending")
    enqueue_notifications([offer_id])
    await eventually(lambda: note_status(db, offer_id), "failed")
    assert await channel_active(db) is False
    fake_telegram.clear_failures()  # the user unblocks the bot


async def test_list_after_a_block_says_why_deliveries_stopped_and_turns_them_back_on(
    post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession, fake_telegram: FakeTelegram
) -> None:
    await blocked_by_a_403(db, linked, fake_telegram)

    reply = (await post_update(tg.text_message(ADA_CHAT, "/list"))).json()

    assert reply["text"].startswith(texts.BACK_ON)
    assert "blocked" in reply["text"]
    assert "<b>Road bikes</b> - active" in reply["text"]
    assert await channel_active(db) is True
    # …and the next offer really goes to the chat.
    offer_id = await sent_offer(db, linked, status="pending")
    enqueue_notifications([offer_id])
    await eventually(lambda: note_status(db, offer_id), "sent")
    assert fake_telegram.messages[-1].chat_id == str(ADA_CHAT)


async def test_start_after_a_block_welcomes_back_and_says_why(
    post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession, fake_telegram: FakeTelegram
) -> None:
    await blocked_by_a_403(db, linked, fake_telegram)

    reply = (await post_update(tg.text_message(ADA_CHAT, "/start"))).json()

    assert reply["text"] == texts.WELCOME_BACK
    assert texts.BACK_ON in reply["text"]
    assert await channel_active(db) is True


async def test_any_message_from_a_blocked_chat_turns_it_back_on(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    await post_update(tg.my_chat_member(ADA_CHAT, "member", "kicked"))
    await post_update(tg.my_chat_member(ADA_CHAT, "kicked", "member"))
    assert await channel_active(db) is False

    reply = (await post_update(tg.text_message(ADA_CHAT, "hello again"))).json()

    assert reply["text"] == f"{texts.BACK_ON}\n\n{texts.NOT_A_COMMAND}"
    assert await channel_active(db) is True
    assert (await client.get("/api/public/channels")).json()[0]["is_active"] is True


async def test_a_chat_that_never_blocked_the_bot_gets_the_usual_replies(
    post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    reply = (await post_update(tg.text_message(ADA_CHAT, "/list"))).json()
    assert reply["text"] == "This chat receives:\n• <b>Road bikes</b> - active"
    assert [n.kind for n in await fresh(db, Notification)] == ["text"]  # only the confirmation
