"""POST /api/public/channels for e-mail, the confirm and unsubscribe links, and the channel routes
(delete, routing targets) for e-mail channels."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.channels import address_channels
from core.clock import utcnow
from core.config import Settings
from core.db.models import Notification, NotificationConfig, TargetChannel
from notifier.channels.email.links import CONFIRM_PATH, UNSUBSCRIBE_PATH, confirm_token, unsubscribe_token
from tests.channels.conftest import create_target
from tests.email.conftest import ADA_MAIL, CHANNELS, add_email, channel_row, confirmations

ONE_CLICK = {"content-type": "application/x-www-form-urlencoded"}


async def count(db: AsyncSession, model: type[Any]) -> int:
    return int(await db.scalar(select(func.count()).select_from(model)) or 0)


def confirm_path(settings: Settings, channel: NotificationConfig, now: dt.datetime | None = None) -> str:
    """The path of the link the confirmation mail carries (the notifier makes it the same way)."""
    return CONFIRM_PATH + confirm_token(settings, channel, now or utcnow())


def unsubscribe_path(settings: Settings, channel: NotificationConfig) -> str:
    return UNSUBSCRIBE_PATH + unsubscribe_token(settings, channel)


# --- adding ------------------------------------------------------------------------------------


async def test_an_added_address_waits_for_its_confirmation(
    client: httpx.AsyncClient, user: dict[str, Any], db: AsyncSession
) -> None:
    response = await client.post(CHANNELS, json={"kind": "email", "address": " Ada.Lovelace@EXAMPLE.com "})

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "email"
    assert body["address"] == "Ada.Lovelace@example.com"
    assert (body["is_active"], body["is_paused"], body["is_verified"]) == (True, False, False)
    assert (body["secret"], body["options"], body["targets"]) == (None, None, [])
    assert "chat_id" not in body
    [confirmation] = await confirmations(db, body["id"])
    assert confirmation.payload == {}  # the link is made when the mail is, not stored
    [listed] = (await client.get(CHANNELS)).json()
    assert listed["id"] == body["id"] and listed["is_verified"] is False
    assert "secret" not in listed


@pytest.mark.parametrize(
    ("body", "field", "detail"),
    [
        ({"kind": "fax", "address": ADA_MAIL}, "kind", "Unknown channel kind 'fax': one of email"),
        ({"kind": "telegram", "address": "42"}, "kind", "Telegram chats are linked through the bot"),
        ({"kind": "email", "address": "ada"}, "address", "Invalid address: an e-mail address must look like"),
        ({"kind": "email", "address": "ada@localhost"}, "address", "not a domain that receives mail"),
        ({"kind": "email", "address": "ada@[10.0.0.1]"}, "address", "IP literal"),
        ({"kind": "email", "address": ADA_MAIL, "options": {"x": 1}}, "options", "take no options"),
        ({"kind": "email", "address": "ada@exam\u0000ple.com"}, "address", "Invalid request (address)"),
        ({"kind": "email"}, "data", "missing required field `address`"),  # Litestar names the body
        ({"kind": "email", "address": ADA_MAIL, "chat_id": 1}, "data", "unknown field `chat_id`"),
        ({"kind": 1, "address": ADA_MAIL}, "kind", "Invalid request (kind)"),
    ],
)
async def test_a_bad_channel_is_refused_naming_the_field_and_nothing_is_written(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    body: dict[str, Any],
    field: str,
    detail: str,
) -> None:
    response = await client.post(CHANNELS, json=body)

    assert response.status_code == 400, response.text
    assert detail in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == field
    assert await count(db, NotificationConfig) == 0
    assert await count(db, Notification) == 0


async def test_the_same_address_twice_is_a_conflict(
    client: httpx.AsyncClient, user: dict[str, Any], other_client: httpx.AsyncClient, db: AsyncSession
) -> None:
    await add_email(client, "ada@example.com")

    again = await client.post(CHANNELS, json={"kind": "email", "address": "ada@EXAMPLE.COM"})

    assert again.status_code == 409, again.text
    assert again.json()["detail"] == "ada@example.com is already one of your channels"
    assert again.json()["errors"][0]["field"] == "address"
    assert await count(db, NotificationConfig) == 1 and await count(db, Notification) == 1
    await add_email(other_client, "ada@example.com")  # another user may add it (and confirm it)


async def test_channels_added_by_address_are_bounded(
    client: httpx.AsyncClient, user: dict[str, Any], db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(address_channels, "MAX_ADDRESS_CHANNELS", 2)
    await add_email(client, "one@example.com")
    await add_email(client, "two@example.com")

    third = await client.post(CHANNELS, json={"kind": "email", "address": "three@example.com"})

    assert third.status_code == 403, third.text
    assert third.json()["detail"] == "At most 2 channels can be added by address; remove one first"
    assert await count(db, NotificationConfig) == 2


async def test_adding_a_channel_needs_a_login_and_the_csrf_token(
    raw_client: AsyncTestClient[Litestar], app: Litestar, db: AsyncSession
) -> None:
    body = {"kind": "email", "address": ADA_MAIL}
    assert (await raw_client.post(CHANNELS, json=body)).status_code in (401, 403)
    assert await count(db, NotificationConfig) == 0


# --- confirming --------------------------------------------------------------------------------


async def test_the_confirmation_link_confirms_the_address(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    db: AsyncSession,
    settings: Settings,
) -> None:
    added = await add_email(client)
    channel = await channel_row(db, added["id"])

    page = await raw_client.get(confirm_path(settings, channel))  # no session: opened from the mail

    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert f"{ADA_MAIL} now receives your offerwatch alerts." in page.text
    channel = await channel_row(db, added["id"])
    assert (channel.is_verified, channel.is_active) == (True, True)
    assert (await raw_client.get(confirm_path(settings, channel))).status_code == 200  # opened twice


async def test_an_expired_confirmation_link_answers_410_and_changes_nothing(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    db: AsyncSession,
    settings: Settings,
) -> None:
    added = await add_email(client)
    channel = await channel_row(db, added["id"])
    long_ago = utcnow() - dt.timedelta(seconds=settings.email_confirmation_ttl_seconds + 1)

    page = await raw_client.get(confirm_path(settings, channel, long_ago))

    assert page.status_code == 410
    assert "This link has expired" in page.text
    assert (await channel_row(db, added["id"])).is_verified is False


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "0" * 31 + "1.9999999999." + "A" * 43,  # well-formed, unknown channel
        "x" * 300,
        "%3Cscript%3E",
    ],
)
async def test_a_bad_confirmation_link_answers_404(
    raw_client: AsyncTestClient[Litestar], db: AsyncSession, token: str
) -> None:
    page = await raw_client.get(CONFIRM_PATH + token)
    assert page.status_code == 404
    assert "This link is not valid (any more)" in page.text
    assert "<script>" not in page.text


async def test_an_unsubscribe_token_confirms_nothing(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    db: AsyncSession,
    settings: Settings,
) -> None:
    added = await add_email(client)
    channel = await channel_row(db, added["id"])
    page = await raw_client.get(CONFIRM_PATH + unsubscribe_token(settings, channel))
    assert page.status_code == 404
    assert (await channel_row(db, added["id"])).is_verified is False


# --- unsubscribing -----------------------------------------------------------------------------


async def confirmed(client: httpx.AsyncClient, db: AsyncSession, settings: Settings) -> NotificationConfig:
    added = await add_email(client)
    await db.execute(
        update(NotificationConfig)
        .where(NotificationConfig.id == uuid.UUID(added["id"]))
        .values(is_verified=True)
    )
    await db.commit()
    return await channel_row(db, added["id"])


async def test_one_click_unsubscribe_turns_the_channel_off_without_a_login(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    db: AsyncSession,
    settings: Settings,
) -> None:
    channel = await confirmed(client, db, settings)
    path = unsubscribe_path(settings, channel)

    # What a mail client does for RFC 8058: a POST with no cookies and no CSRF token.
    response = await raw_client.post(path, content=b"List-Unsubscribe=One-Click", headers=ONE_CLICK)

    assert response.status_code == 200, response.text
    assert f"{ADA_MAIL} gets no more offerwatch alerts." in response.text
    channel = await channel_row(db, channel.id)
    assert (channel.is_active, channel.is_verified) == (False, True)
    again = await raw_client.post(path, content=b"List-Unsubscribe=One-Click", headers=ONE_CLICK)
    assert again.status_code == 200  # idempotent
    [listed] = (await client.get(CHANNELS)).json()
    assert listed["is_active"] is False and listed["address"] == ADA_MAIL


async def test_opening_the_unsubscribe_link_only_shows_the_button(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    db: AsyncSession,
    settings: Settings,
) -> None:
    channel = await confirmed(client, db, settings)
    token = unsubscribe_token(settings, channel)

    page = await raw_client.get(UNSUBSCRIBE_PATH + token)

    assert page.status_code == 200
    assert f'<form method="post" action="{token}">' in page.text
    assert (await channel_row(db, channel.id)).is_active is True  # a mail scanner's visit does nothing
    await raw_client.post(UNSUBSCRIBE_PATH + token)  # the button (a form post, empty body)
    assert (await channel_row(db, channel.id)).is_active is False
    after = await raw_client.get(UNSUBSCRIBE_PATH + token)
    assert "gets no offerwatch alerts" in after.text and "<form" not in after.text


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_a_bad_unsubscribe_link_answers_404(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    db: AsyncSession,
    settings: Settings,
    method: str,
) -> None:
    channel = await confirmed(client, db, settings)
    confirm_token_path = UNSUBSCRIBE_PATH + confirm_token(settings, channel, utcnow())
    for path in (UNSUBSCRIBE_PATH + "nonsense", confirm_token_path):
        response = await raw_client.request(method, path)
        assert response.status_code == 404, path
    assert (await channel_row(db, channel.id)).is_active is True


# --- asking for the confirmation again ------------------------------------------------------


async def test_the_confirmation_can_be_sent_again_a_few_times_an_hour(
    client: httpx.AsyncClient, user: dict[str, Any], db: AsyncSession
) -> None:
    added = await add_email(client)
    path = f"{CHANNELS}/{added['id']}/confirmation"

    for _ in range(2):
        response = await client.post(path)
        assert response.status_code == 202, response.text
        assert response.json()["is_verified"] is False
    assert len(await confirmations(db, added["id"])) == 3

    refused = await client.post(path)
    assert refused.status_code == 429
    assert "3 confirmation mails were sent to" in refused.json()["detail"]
    assert 0 < int(refused.headers["retry-after"]) <= 3600
    assert len(await confirmations(db, added["id"])) == 3


async def test_an_unsubscribed_address_comes_back_only_through_a_new_confirmation(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    db: AsyncSession,
    settings: Settings,
) -> None:
    channel = await confirmed(client, db, settings)
    already = await client.post(f"{CHANNELS}/{channel.id}/confirmation")
    assert already.status_code == 409
    assert already.json()["detail"] == f"{ADA_MAIL} is confirmed and receives alerts already"
    await raw_client.post(unsubscribe_path(settings, channel))

    response = await client.post(f"{CHANNELS}/{channel.id}/confirmation")

    assert response.status_code == 202, response.text
    channel = await channel_row(db, channel.id)
    assert (channel.is_active, channel.is_verified, channel.is_deliverable) == (True, False, False)
    await raw_client.get(confirm_path(settings, channel))
    assert (await channel_row(db, channel.id)).is_deliverable is True


async def test_only_my_e_mail_channels_are_sent_a_confirmation(
    client: httpx.AsyncClient, user: dict[str, Any], other_client: httpx.AsyncClient, db: AsyncSession
) -> None:
    added = await add_email(client)
    assert (await other_client.post(f"{CHANNELS}/{added['id']}/confirmation")).status_code == 404
    assert (await client.post(f"{CHANNELS}/{uuid.uuid4()}/confirmation")).status_code == 404
    assert len(await confirmations(db, added["id"])) == 1


# --- the channel routes work for e-mail channels -------------------------------------------


async def test_a_target_is_routed_to_an_e_mail_channel_and_back(
    client: httpx.AsyncClient, user: dict[str, Any], db: AsyncSession
) -> None:
    added = await add_email(client)
    bikes = await create_target(client, "Bikes")
    path = f"/api/public/targets/{bikes['id']}/channels/{added['id']}"

    routed = await client.post(path)

    assert routed.status_code == 200, routed.text
    assert [t["name"] for t in routed.json()["targets"]] == ["Bikes"]
    assert routed.json()["address"] == ADA_MAIL
    assert await count(db, TargetChannel) == 1
    assert (await client.delete(path)).status_code == 204
    assert await count(db, TargetChannel) == 0
    assert (await client.delete(path)).status_code == 404


async def test_another_users_e_mail_channel_cannot_be_routed_or_removed(
    client: httpx.AsyncClient, user: dict[str, Any], other_client: httpx.AsyncClient, db: AsyncSession
) -> None:
    added = await add_email(client)
    bobs = await create_target(other_client, "Bob's")
    assert (
        await other_client.post(f"/api/public/targets/{bobs['id']}/channels/{added['id']}")
    ).status_code == 404
    assert (await other_client.delete(f"{CHANNELS}/{added['id']}")).status_code == 404
    assert await count(db, NotificationConfig) == 1 and await count(db, TargetChannel) == 0


async def test_a_removed_e_mail_channel_takes_its_routes_rows_and_links_along(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    db: AsyncSession,
    settings: Settings,
) -> None:
    channel = await confirmed(client, db, settings)
    bikes = await create_target(client, "Bikes")
    await client.post(f"/api/public/targets/{bikes['id']}/channels/{channel.id}")

    assert (await client.delete(f"{CHANNELS}/{channel.id}")).status_code == 204

    assert (await client.get(CHANNELS)).json() == []
    assert await count(db, NotificationConfig) == 0
    assert await count(db, TargetChannel) == 0 and await count(db, Notification) == 0
    assert (await raw_client.get(confirm_path(settings, channel))).status_code == 404
    assert (await raw_client.post(unsubscribe_path(settings, channel))).status_code == 404
    readded = await add_email(client)  # the same address again is a new channel, to confirm anew
    assert readded["id"] != str(channel.id) and readded["is_verified"] is False
