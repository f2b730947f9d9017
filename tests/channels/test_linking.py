"""Linking a Telegram chat to a target: deep-link tokens, the webhook, /start <token>."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from litestar.testing import AsyncTestClient
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.app import create_app
from api.channels import texts
from api.channels.link_tokens import hash_token
from api.channels.services import MAX_OPEN_LINKS
from core.config import Settings
from core.db.models import Notification, NotificationConfig, RegisterToken, TargetChannel, TelegramUpdate
from tests.channels import telegram_updates as tg
from tests.channels.conftest import (
    ADA_CHAT,
    WEBHOOK,
    PostUpdate,
    create_target,
    link_chat,
    link_token,
)
from tests.fakes.telegram_server import FakeTelegram


async def note_status(db: AsyncSession, notification_id: Any) -> str:
    [note] = await fresh(db, Notification, Notification.id == notification_id)
    return str(note.status)


async def eventually(probe: Callable[[], Awaitable[Any]], expected: Any, timeout: float = 10.0) -> None:
    """Wait until `probe()` answers `expected` (another process's work lands a moment later)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while (value := await probe()) != expected:
        assert asyncio.get_running_loop().time() < deadline, f"still {value!r}, expected {expected!r}"
        await asyncio.sleep(0.02)


async def fresh(db: AsyncSession, model: Any, *where: Any) -> list[Any]:
    """Rows as committed by the app right now (not the session's cached copies)."""
    result = await db.scalars(select(model).where(*where).execution_options(populate_existing=True))
    return list(result)


async def test_link_answers_a_single_use_deep_link(client: httpx.AsyncClient, target: dict[str, Any]) -> None:
    before = dt.datetime.now(dt.UTC)
    response = await client.post(f"/api/public/targets/{target['id']}/telegram-link")
    assert response.status_code == 201, response.text
    body = response.json()
    token = body["token"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,64}", token)
    assert body["url"] == f"https://t.me/{tg.BOT_USERNAME}?start={token}"
    assert body["group_url"] == f"https://t.me/{tg.BOT_USERNAME}?startgroup={token}"
    assert body["start_command"] == f"/start {token}"
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(minutes=14) < expires - before <= dt.timedelta(minutes=15, seconds=5)


async def test_each_link_request_gets_a_different_token(
    client: httpx.AsyncClient, target: dict[str, Any]
) -> None:
    first = await link_token(client, target["id"])
    second = await link_token(client, target["id"])
    assert first != second


async def test_link_tokens_are_stored_only_as_their_sha256(
    client: httpx.AsyncClient, post_update: PostUpdate, target: dict[str, Any], db: AsyncSession
) -> None:
    token = await link_token(client, target["id"])

    [row] = (await db.execute(text("SELECT * FROM register_token"))).mappings().all()
    stored = " ".join(str(value) for value in row.values())
    assert token not in stored  # a database leak hands out no working link
    assert hashlib.sha256(token.encode()).hexdigest() in stored
    # Looked up by its hash, the token still links the chat.
    assert (await post_update(tg.start(ADA_CHAT, token))).json() == {}
    assert len(await fresh(db, TargetChannel)) == 1


async def test_another_users_target_gets_no_link(
    other_client: httpx.AsyncClient, target: dict[str, Any], db: AsyncSession
) -> None:
    response = await other_client.post(f"/api/public/targets/{target['id']}/telegram-link")
    assert response.status_code == 404
    assert response.json()["detail"] == "Target not found"
    assert await fresh(db, RegisterToken) == []


async def test_link_needs_a_login(raw_client: httpx.AsyncClient, target: dict[str, Any]) -> None:
    await raw_client.get("/health")
    csrf = raw_client.cookies.get("csrftoken")
    response = await raw_client.post(
        f"/api/public/targets/{target['id']}/telegram-link", headers={"x-csrftoken": csrf or ""}
    )
    assert response.status_code == 401


async def test_start_with_token_links_the_chat_and_confirms_through_the_notifier(
    client: httpx.AsyncClient,
    post_update: PostUpdate,
    target: dict[str, Any],
    db: AsyncSession,
    fake_telegram: FakeTelegram,
) -> None:
    token = await link_token(client, target["id"])
    update = tg.start(ADA_CHAT, token)

    response = await post_update(update)

    assert response.status_code == 200
    assert response.json() == {}  # the confirmation goes through the notifier, not the reply
    [channel] = await fresh(db, NotificationConfig)
    assert (channel.address, channel.kind, channel.is_active, channel.is_paused) == (
        str(ADA_CHAT),
        "telegram",
        True,
        False,
    )
    assert channel.chat_title == "Ada Lovelace"
    [route] = await fresh(db, TargetChannel)
    assert (str(route.target_id), route.channel_id) == (target["id"], channel.id)
    [used] = await fresh(db, RegisterToken)
    assert used.used_at is not None
    [note] = await fresh(db, Notification)
    assert (note.kind, note.channel_id) == ("text", channel.id)
    assert note.payload == {"text": texts.linked("Road bikes", True)}
    assert "<b>Road bikes</b>" in note.payload["text"]
    assert note.dedupe_key.startswith("text:")

    # The app's notifier worker delivers the confirmation to the chat.
    [message] = await fake_telegram.await_messages(1)
    assert message.method == "sendMessage"
    assert (message.chat_id, message.params["parse_mode"]) == (str(ADA_CHAT), "HTML")
    assert message.text == texts.linked("Road bikes", True)
    await eventually(lambda: note_status(db, note.id), "sent")

    channels = (await client.get("/api/public/channels")).json()
    assert [(c["kind"], c["address"], [t["name"] for t in c["targets"]]) for c in channels] == [
        ("telegram", str(ADA_CHAT), ["Road bikes"])
    ]


async def test_target_name_is_escaped_in_the_confirmation(
    client: httpx.AsyncClient, user: dict[str, Any], post_update: PostUpdate, db: AsyncSession
) -> None:
    target = await create_target(client, "<b>Bikes</b> & co")
    await link_chat(client, post_update, target["id"])
    [note] = await fresh(db, Notification)
    assert "<b>&lt;b&gt;Bikes&lt;/b&gt; &amp; co</b>" in note.payload["text"]


async def test_a_group_chat_is_linked_under_its_title(
    client: httpx.AsyncClient, post_update: PostUpdate, target: dict[str, Any], db: AsyncSession
) -> None:
    token = await link_token(client, target["id"])
    group = tg.group_chat(-4_000_123, "Bike hunters")
    update = tg.text_message(-4_000_123, f"/start@{tg.BOT_USERNAME} {token}", chat=group)
    assert (await post_update(update)).status_code == 200
    [channel] = await fresh(db, NotificationConfig)
    assert (channel.address, channel.chat_title) == ("-4000123", "Bike hunters")


async def test_reused_token_links_nothing_and_explains(
    client: httpx.AsyncClient, post_update: PostUpdate, target: dict[str, Any], db: AsyncSession
) -> None:
    token = await link_token(client, target["id"])
    assert (await post_update(tg.start(ADA_CHAT, token))).status_code == 200

    response = await post_update(tg.start(3_333_333, token))

    assert response.status_code == 200
    assert response.json() == {
        "method": "sendMessage",
        "chat_id": 3_333_333,
        "text": texts.LINK_USED,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }
    assert [c.address for c in await fresh(db, NotificationConfig)] == [str(ADA_CHAT)]


async def test_expired_token_links_nothing_and_explains(
    client: httpx.AsyncClient, post_update: PostUpdate, target: dict[str, Any], db: AsyncSession
) -> None:
    token = await link_token(client, target["id"])
    await db.execute(
        update(RegisterToken)
        .where(RegisterToken.token_hash == hash_token(token))
        .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    )
    await db.commit()

    response = await post_update(tg.start(ADA_CHAT, token))

    assert response.status_code == 200
    assert response.json()["text"] == texts.LINK_EXPIRED
    assert await fresh(db, NotificationConfig) == []
    [unused] = await fresh(db, RegisterToken)
    assert unused.used_at is None


async def test_unknown_and_malformed_tokens_link_nothing(
    client: httpx.AsyncClient, post_update: PostUpdate, target: dict[str, Any], db: AsyncSession
) -> None:
    real = await link_token(client, target["id"])
    for bad in ("no-such-token", real + "x" * (65 - len(real)), "a" * 300, "bad/chars'"):
        response = await post_update(tg.start(ADA_CHAT, bad))
        assert response.status_code == 200
        assert response.json()["text"] == texts.LINK_UNKNOWN, bad
    assert await fresh(db, NotificationConfig) == []
    assert await fresh(db, TargetChannel) == []


async def test_relinking_the_same_chat_reuses_its_channel(
    client: httpx.AsyncClient, post_update: PostUpdate, target: dict[str, Any], db: AsyncSession
) -> None:
    first = await link_chat(client, post_update, target["id"])
    second_target = await create_target(client, "Gravel bikes")

    second = await link_chat(client, post_update, second_target["id"])

    assert second["id"] == first["id"]
    assert len(await fresh(db, NotificationConfig)) == 1
    assert sorted(t["name"] for t in second["targets"]) == ["Gravel bikes", "Road bikes"]


async def test_two_users_linking_one_chat_get_a_channel_each(
    client: httpx.AsyncClient,
    other_client: httpx.AsyncClient,
    post_update: PostUpdate,
    target: dict[str, Any],
    db: AsyncSession,
) -> None:
    await link_chat(client, post_update, target["id"])
    bobs = await create_target(other_client, "Bob's bikes")
    await link_chat(other_client, post_update, bobs["id"])
    assert len(await fresh(db, NotificationConfig, NotificationConfig.address == str(ADA_CHAT))) == 2
    assert [t["name"] for t in (await client.get("/api/public/channels")).json()[0]["targets"]] == [
        "Road bikes"
    ]


async def test_duplicate_update_is_processed_once(
    client: httpx.AsyncClient, post_update: PostUpdate, target: dict[str, Any], db: AsyncSession
) -> None:
    token = await link_token(client, target["id"])
    update = tg.start(ADA_CHAT, token)
    assert (await post_update(update)).status_code == 200

    retry = await post_update(update)

    assert retry.status_code == 200
    assert retry.json() == {}  # not "this link has already been used"
    assert len(await fresh(db, Notification)) == 1
    assert [u.update_id for u in await fresh(db, TelegramUpdate)] == [update["update_id"]]


async def test_wrong_or_missing_secret_is_refused_and_nothing_happens(
    client: httpx.AsyncClient, post_update: PostUpdate, target: dict[str, Any], db: AsyncSession
) -> None:
    token = await link_token(client, target["id"])
    for secret in (None, "", "wrong-secret", "test-webhook-secret_012345678"):
        response = await post_update(tg.start(ADA_CHAT, token), secret=secret)
        assert response.status_code == 401, secret
        assert "X-Telegram-Bot-Api-Secret-Token" in response.json()["detail"]
    assert await fresh(db, NotificationConfig) == []
    assert await fresh(db, TelegramUpdate) == []
    [unused] = await fresh(db, RegisterToken)
    assert unused.used_at is None


async def test_wrong_secret_is_refused_before_the_body_is_read(raw_client: httpx.AsyncClient) -> None:
    response = await raw_client.post(
        WEBHOOK, content=b"{not json", headers={"X-Telegram-Bot-Api-Secret-Token": "x"}
    )
    assert response.status_code == 401


async def test_malformed_bodies_answer_400(raw_client: httpx.AsyncClient, db: AsyncSession) -> None:
    headers = {
        "X-Telegram-Bot-Api-Secret-Token": "test-webhook-secret_0123456789",
        "content-type": "application/json",
    }
    cases = {
        b"{not json": "The body is not JSON",
        b"\xff\xfe": "The body is not JSON",
        b"[1, 2]": "The body is not a Telegram update (no integer update_id)",
        b'{"update_id": "7"}': "The body is not a Telegram update (no integer update_id)",
        b'{"update_id": 7, "message": {"text": "hi"}}': "The body is not a well-formed Telegram update",
    }
    for body, detail in cases.items():
        response = await raw_client.post(WEBHOOK, content=body, headers=headers)
        assert response.status_code == 400, body
        assert response.json()["detail"].startswith(detail), response.json()
    assert await fresh(db, TelegramUpdate) == []


async def test_updates_the_bot_does_not_handle_still_answer_200(
    post_update: PostUpdate, db: AsyncSession
) -> None:
    update = {
        "update_id": tg.next_update_id(),
        "edited_message": tg.text_message(ADA_CHAT, "typo fixed")["message"] | {"edit_date": 1},
    }
    response = await post_update(update)
    assert response.status_code == 200
    assert response.json() == {}


async def test_open_links_per_user_are_capped(
    client: httpx.AsyncClient, target: dict[str, Any], db: AsyncSession
) -> None:
    for _ in range(MAX_OPEN_LINKS):
        await link_token(client, target["id"])
    response = await client.post(f"/api/public/targets/{target['id']}/telegram-link")
    assert response.status_code == 429
    assert "Telegram links are still open" in response.json()["detail"]
    assert len(await fresh(db, RegisterToken)) == MAX_OPEN_LINKS

    # Spent links do not count: after one is used, a new one can be issued.
    [first, *_] = await fresh(db, RegisterToken)
    first.used_at = dt.datetime.now(dt.UTC)
    await db.commit()
    assert (await client.post(f"/api/public/targets/{target['id']}/telegram-link")).status_code == 201
    assert len(await fresh(db, RegisterToken)) == MAX_OPEN_LINKS


async def test_webhook_without_a_configured_secret_answers_503(settings: Settings) -> None:
    app = create_app(dataclasses.replace(settings, telegram_webhook_secret=""))
    async with AsyncTestClient(app, base_url="https://testserver.local") as unconfigured:
        for secret in ("", "anything"):
            response = await unconfigured.post(
                WEBHOOK, json=tg.start(ADA_CHAT), headers={"X-Telegram-Bot-Api-Secret-Token": secret}
            )
            assert response.status_code == 503
            assert "TELEGRAM_WEBHOOK_SECRET" in response.json()["detail"]


async def test_oversized_bodies_are_refused(raw_client: httpx.AsyncClient, db: AsyncSession) -> None:
    update = tg.text_message(ADA_CHAT, "/help " + "x" * (1024 * 1024))
    response = await raw_client.post(
        WEBHOOK, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "test-webhook-secret_0123456789"}
    )
    assert response.status_code == 413
    assert await fresh(db, TelegramUpdate) == []


async def test_opening_a_used_link_again_in_the_linked_chat_just_confirms(
    client: httpx.AsyncClient, post_update: PostUpdate, target: dict[str, Any], db: AsyncSession
) -> None:
    token = await link_token(client, target["id"])
    assert (await post_update(tg.start(ADA_CHAT, token))).status_code == 200

    again = await post_update(tg.start(ADA_CHAT, token))  # a new update, same deep link

    assert again.json()["text"] == texts.already_linked("Road bikes")
    assert len(await fresh(db, Notification)) == 1
    assert len(await fresh(db, TargetChannel)) == 1


async def test_processed_update_ids_are_forgotten_after_two_days(
    post_update: PostUpdate, db: AsyncSession
) -> None:
    old = TelegramUpdate(update_id=5, created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=3))
    recent = TelegramUpdate(update_id=6, created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    db.add_all([old, recent])
    await db.commit()

    await post_update(tg.text_message(ADA_CHAT, "/help", update_id=900_000_100))  # a pruning round

    assert sorted(u.update_id for u in await fresh(db, TelegramUpdate)) == [6, 900_000_100]
    # A later update that happens to reuse the forgotten id is handled.
    assert (await post_update(tg.text_message(ADA_CHAT, "/help", update_id=5))).json()["text"] == texts.HELP


async def test_openapi_documents_the_webhook(raw_client: httpx.AsyncClient) -> None:
    operation = (await raw_client.get("/schema/openapi.json")).json()["paths"][WEBHOOK]["post"]
    assert operation["tags"] == ["webhooks"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["required"] == ["update_id"]
    [header] = operation["parameters"]
    assert (header["name"], header["in"], header["required"]) == (
        "X-Telegram-Bot-Api-Secret-Token",
        "header",
        False,
    )
    assert {"200", "400", "401", "503"} <= set(operation["responses"])
