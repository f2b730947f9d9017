"""The bot's commands and membership updates, through the webhook."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.channels import texts
from core.db.models import Notification, NotificationConfig, ScrapingTarget, TargetChannel
from tests.channels import telegram_updates as tg
from tests.channels.conftest import ADA_CHAT, PostUpdate, create_target, link_chat
from tests.channels.test_linking import eventually, fresh, note_status


async def reply_to(post_update: PostUpdate, text: str, chat_id: int = ADA_CHAT) -> dict[str, Any]:
    response = await post_update(tg.text_message(chat_id, text))
    assert response.status_code == 200, response.text
    return response.json()


async def test_start_without_token_introduces_the_bot(post_update: PostUpdate) -> None:
    reply = await reply_to(post_update, "/start")
    assert reply["method"] == "sendMessage"
    assert reply["chat_id"] == ADA_CHAT
    assert reply["parse_mode"] == "HTML"
    assert reply["text"] == texts.welcome("https://offerwatch.example/signup")
    assert 'href="https://offerwatch.example/signup"' in reply["text"]


async def test_help_lists_the_commands(post_update: PostUpdate) -> None:
    reply = await reply_to(post_update, "/help")
    assert reply["text"] == texts.HELP
    for command in ("/list", "/pause", "/resume", "/unlink", "/help"):
        assert command in reply["text"]


async def test_unknown_command_and_plain_text_get_a_hint(post_update: PostUpdate) -> None:
    assert (await reply_to(post_update, "/frobnicate"))["text"] == texts.UNKNOWN_COMMAND
    assert (await reply_to(post_update, "hello bot"))["text"] == texts.NOT_A_COMMAND


async def test_in_groups_only_commands_for_this_bot_are_answered(post_update: PostUpdate) -> None:
    group = tg.group_chat(-4_000_123)
    for text, expected in [
        ("/help@some_other_bot", None),
        ("just chatting", None),
        ("/frobnicate", None),
        (f"/help@{tg.BOT_USERNAME}", texts.HELP),
        ("/help", texts.HELP),
    ]:
        response = await post_update(tg.text_message(-4_000_123, text, chat=group))
        assert response.status_code == 200
        assert response.json().get("text") == expected, text


async def test_list_in_an_unlinked_chat_explains_how_to_link(post_update: PostUpdate) -> None:
    assert (await reply_to(post_update, "/list"))["text"] == texts.NOTHING_LINKED


async def test_list_shows_targets_with_their_state(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    gravel = await create_target(client, "Gravel & <mud>")
    await link_chat(client, post_update, gravel["id"])
    reply = await reply_to(post_update, "/list")
    assert reply["text"] == (
        "This chat receives:\n• <b>Gravel &amp; &lt;mud&gt;</b> - active\n• <b>Road bikes</b> - active"
    )

    until = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=30)
    await db.execute(
        update(TargetChannel).where(TargetChannel.target_id == gravel["id"]).values(snoozed_until=until)
    )
    await db.execute(
        update(ScrapingTarget).where(ScrapingTarget.name == "Road bikes").values(is_active=False)
    )
    await db.commit()
    reply = await reply_to(post_update, "/list")
    assert f"<b>Gravel &amp; &lt;mud&gt;</b> - snoozed until {until:%H:%M} UTC" in reply["text"]
    assert "<b>Road bikes</b> - target deactivated" in reply["text"]


async def test_pause_and_resume_stop_and_restart_the_chat(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    assert (await reply_to(post_update, "/pause"))["text"] == texts.PAUSED
    [channel] = await fresh(db, NotificationConfig)
    assert channel.is_paused is True
    assert (await client.get("/api/public/channels")).json()[0]["is_paused"] is True
    assert "- paused (/resume)" in (await reply_to(post_update, "/list"))["text"]

    assert (await reply_to(post_update, "/resume"))["text"] == texts.RESUMED
    [channel] = await fresh(db, NotificationConfig)
    assert channel.is_paused is False
    assert (await client.get("/api/public/channels")).json()[0]["is_paused"] is False


async def test_resume_also_lifts_mutes_and_snoozes(
    post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    await db.execute(
        update(TargetChannel).values(
            is_muted=True, snoozed_until=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        )
    )
    await db.commit()
    assert "- muted (/resume)" in (await reply_to(post_update, "/list"))["text"]
    await reply_to(post_update, "/resume")
    [route] = await fresh(db, TargetChannel)
    assert (route.is_muted, route.snoozed_until) == (False, None)


async def test_pause_in_an_unlinked_chat_changes_nothing(
    post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    assert (await reply_to(post_update, "/pause", chat_id=9_999_999))["text"] == texts.NOTHING_LINKED
    [channel] = await fresh(db, NotificationConfig)
    assert channel.is_paused is False


async def test_unlink_by_name_stops_that_target_only(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    gravel = await create_target(client, "Gravel bikes")
    await link_chat(client, post_update, gravel["id"])

    reply = await reply_to(post_update, "/unlink  gravel BIKES ")

    assert reply["text"] == texts.unlinked("Gravel bikes")
    channels = (await client.get("/api/public/channels")).json()
    assert [t["name"] for t in channels[0]["targets"]] == ["Road bikes"]


async def test_unlink_without_a_name_offers_a_keyboard_that_unlinks(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    reply = await reply_to(post_update, "/unlink")
    assert reply["text"] == texts.PICK_TARGET_TO_UNLINK
    [[button]] = reply["reply_markup"]["inline_keyboard"]
    [route] = await fresh(db, TargetChannel)
    assert button == {"text": "Road bikes", "callback_data": f"u:{route.id.hex}"}

    # Someone in another chat cannot use the button's data.
    refused = await post_update(tg.callback(9_999_999, button["callback_data"]))
    assert refused.json()["text"] == texts.TARGET_NOT_HERE
    assert len(await fresh(db, TargetChannel)) == 1

    pressed = await post_update(tg.callback(ADA_CHAT, button["callback_data"]))
    assert pressed.json()["method"] == "answerCallbackQuery"
    assert pressed.json()["text"] == "Unlinked Road bikes."
    assert await fresh(db, TargetChannel) == []


async def test_unlink_with_an_unknown_name_offers_the_keyboard(
    post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    reply = await reply_to(post_update, "/unlink <nope>")
    assert reply["text"] == texts.no_such_target("<nope>")
    assert "&lt;nope&gt;" in reply["text"]
    assert len(reply["reply_markup"]["inline_keyboard"]) == 1
    assert len(await fresh(db, TargetChannel)) == 1


async def test_blocking_the_bot_deactivates_the_channel_and_start_brings_it_back(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    response = await post_update(tg.my_chat_member(ADA_CHAT, "member", "kicked"))
    assert response.status_code == 200
    [channel] = await fresh(db, NotificationConfig)
    assert channel.is_active is False
    assert (await client.get("/api/public/channels")).json()[0]["is_active"] is False

    # Unblocking alone does not restart deliveries; the user's /start does.
    await post_update(tg.my_chat_member(ADA_CHAT, "kicked", "member"))
    [channel] = await fresh(db, NotificationConfig)
    assert channel.is_active is False

    assert (await reply_to(post_update, "/start"))["text"] == texts.WELCOME_BACK
    [channel] = await fresh(db, NotificationConfig)
    assert channel.is_active is True
    assert (await client.get("/api/public/channels")).json()[0]["is_active"] is True


async def test_a_group_upgraded_to_a_supergroup_keeps_its_targets(
    client: httpx.AsyncClient, post_update: PostUpdate, target: dict[str, Any], db: AsyncSession
) -> None:
    old_group, new_group = tg.group_chat(-4_000_123), tg.supergroup_chat(-1_001_234_567_890)
    token = (await client.post(f"/api/public/targets/{target['id']}/telegram-link")).json()["token"]
    await post_update(tg.text_message(-4_000_123, f"/start {token}", chat=old_group))

    # Telegram posts both service messages; the second finds nothing left to move.
    await post_update(tg.service_message(old_group, migrate_to_chat_id=new_group["id"]))
    await post_update(tg.service_message(new_group, migrate_from_chat_id=old_group["id"]))

    [channel] = await fresh(db, NotificationConfig)
    assert channel.address == str(new_group["id"])
    reply = (await post_update(tg.text_message(new_group["id"], "/list", chat=new_group))).json()
    assert "<b>Road bikes</b> - active" in reply["text"]


async def test_a_group_upgraded_into_a_supergroup_already_linked_merges_into_that_channel(
    client: httpx.AsyncClient, post_update: PostUpdate, target: dict[str, Any], db: AsyncSession
) -> None:
    old_group, new_group = tg.group_chat(-4_000_123), tg.supergroup_chat(-1_001_234_567_890)
    gravel = await create_target(client, "Gravel bikes")
    for chat, target_id in [(old_group, target["id"]), (new_group, target["id"]), (new_group, gravel["id"])]:
        token = (await client.post(f"/api/public/targets/{target_id}/telegram-link")).json()["token"]
        await post_update(tg.text_message(chat["id"], f"/start {token}", chat=chat))
    old_channel = next(c for c in await fresh(db, NotificationConfig) if c.address == str(old_group["id"]))
    [pending] = [n for n in await fresh(db, Notification) if n.channel_id == old_channel.id]
    # Its message is spent first (the link confirmation went out), so nothing sends it meanwhile.
    await eventually(lambda: note_status(db, pending.id), "sent")
    await db.execute(update(Notification).where(Notification.id == pending.id).values(status="pending"))
    await db.commit()

    await post_update(tg.service_message(old_group, migrate_to_chat_id=new_group["id"]))

    [channel] = await fresh(db, NotificationConfig)
    assert channel.address == str(new_group["id"])
    routes = await fresh(db, TargetChannel)
    assert sorted(str(r.target_id) for r in routes) == sorted([target["id"], gravel["id"]])
    assert {r.channel_id for r in routes} == {channel.id}
    [moved] = await fresh(db, Notification, Notification.id == pending.id)
    assert (moved.channel_id, moved.status) == (channel.id, "pending")


async def test_linking_into_a_paused_chat_says_how_to_resume(
    client: httpx.AsyncClient, post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    await reply_to(post_update, "/pause")
    gravel = await create_target(client, "Gravel bikes")
    await link_chat(client, post_update, gravel["id"])
    [confirmation] = [n for n in await fresh(db, Notification) if "Gravel" in n.payload["text"]]
    assert confirmation.payload["text"] == texts.linked("Gravel bikes", True, chat_paused=True)
    assert "/resume" in confirmation.payload["text"]


async def test_a_long_list_stays_within_one_telegram_message(
    post_update: PostUpdate, linked: dict[str, Any], db: AsyncSession
) -> None:
    channel_id = uuid.UUID(linked["id"])
    owner = (await fresh(db, NotificationConfig))[0].user_id
    for n in range(99):
        extra = ScrapingTarget(user_id=owner, name=f"{n:02d} " + "x" * 97, include_words=[], exclude_words=[])
        db.add(extra)
        await db.flush()
        db.add(TargetChannel(target_id=extra.id, channel_id=channel_id))
    await db.commit()

    text = (await reply_to(post_update, "/list"))["text"]

    assert len(text) <= texts.LIST_BUDGET + 40
    shown = text.count("\n• ")
    assert 10 < shown < 100
    assert text.endswith(f"… and {100 - shown} more.")
    keyboard = (await reply_to(post_update, "/unlink"))["reply_markup"]["inline_keyboard"]
    assert len(keyboard) == 50
