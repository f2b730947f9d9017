"""E-mail channels end to end in one API process (its in-process notifier) against a real SMTP
server: add an address, confirm it from the mail, route a target, and offers posted by the
crawler arrive once; digests; mute, pause and unsubscribe stop them; a bounce turns it off."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import time
import uuid
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.db.models import Notification, NotificationConfig, ScrapingTarget, ScrapingUrl, TargetChannel, User
from notifier.channels.email.links import CONFIRM_PATH
from tests.email.conftest import (
    ADA_MAIL,
    CHANNELS,
    PUBLIC,
    add_email,
    channel_row,
    path_of,
)
from tests.fakes.smtp_server import FakeSmtp, ReceivedMail
from tests.world import World

OFFERS = "/api/internal/offers"
BATCH = "/api/internal/offers/batch"
ONE_CLICK = {"content-type": "application/x-www-form-urlencoded"}


async def watched_page(db: AsyncSession, username: str = "ada") -> tuple[ScrapingUrl, ScrapingTarget]:
    """The signed-up user's target "Bikes", watching a listing page (baseline done) for an hour."""
    user = await db.scalar(select(User).where(User.username == username))
    assert user is not None
    world = World(db)
    page = await world.page(f"https://shop.example/bikes/{uuid.uuid4().hex[:8]}", last_status="ok")
    target = await world.target(user, page, name="Bikes", watching_since=utcnow() - dt.timedelta(hours=1))
    return page, target


def offer(page: ScrapingUrl, n: int, **fields: Any) -> dict[str, Any]:
    return {
        "scraping_url_id": str(page.id),
        "url": f"https://shop.example/item/{n}",
        "title": f"Road bike <{n}>",
        "price": "120.50",
        "currency": "EUR",
        "image_url": f"https://img.shop.example/{n}.jpg",
        **fields,
    }


async def post_offer(internal: httpx.AsyncClient, page: ScrapingUrl, n: int) -> dict[str, Any]:
    response = await internal.post(OFFERS, json=offer(page, n))
    assert response.status_code in (200, 201), response.text
    return dict(response.json())


async def route(client: httpx.AsyncClient, target: ScrapingTarget, channel_id: str) -> None:
    response = await client.post(f"/api/public/targets/{target.id}/channels/{channel_id}")
    assert response.status_code == 200, response.text


def confirm_link(mail: ReceivedMail) -> str:
    found = re.search(rf"{re.escape(PUBLIC + CONFIRM_PATH)}\S+", mail.text)
    assert found is not None, mail.text
    return found[0]


async def offer_rows(db: AsyncSession, channel_id: str, *kinds: str) -> list[Notification]:
    query = select(Notification).where(Notification.channel_id == uuid.UUID(channel_id))
    if kinds:
        query = query.where(Notification.kind.in_(kinds))
    return list(await db.scalars(query.execution_options(populate_existing=True)))


async def rows_settle(db: AsyncSession, channel_id: str, timeout: float = 15.0) -> list[Notification]:
    """The channel's rows once none is pending or sending any more (the notifier finished)."""
    deadline = time.monotonic() + timeout
    while True:
        rows = await offer_rows(db, channel_id)
        if all(r.status not in ("pending", "sending") for r in rows) or time.monotonic() > deadline:
            assert all(r.status not in ("pending", "sending") for r in rows), [
                (r.kind, r.status) for r in rows
            ]
            return rows
        await asyncio.sleep(0.05)


async def confirmed_channel(
    client: httpx.AsyncClient, raw_client: httpx.AsyncClient, fake_smtp: FakeSmtp
) -> dict[str, Any]:
    """ada's address, added and confirmed by opening the link of the mail it got."""
    added = await add_email(client)
    [mail] = await fake_smtp.await_mails(1, to=ADA_MAIL)
    page = await raw_client.get(path_of(confirm_link(mail)))
    assert page.status_code == 200, page.text
    return added


# --- the fan-out: who is told (runs without delivery by kind) ----------------------------------


async def test_an_unconfirmed_address_is_told_of_no_offer(
    client: httpx.AsyncClient, user: dict[str, Any], internal: httpx.AsyncClient, db: AsyncSession
) -> None:
    added = await add_email(client)
    page, target = await watched_page(db)
    await route(client, target, added["id"])

    await post_offer(internal, page, 1)

    assert [r.kind for r in await offer_rows(db, added["id"])] == ["confirm"]


@pytest.mark.parametrize("how", ["muted", "paused", "unsubscribed"])
async def test_a_stopped_address_is_told_of_no_offer(
    client: httpx.AsyncClient, user: dict[str, Any], internal: httpx.AsyncClient, db: AsyncSession, how: str
) -> None:
    added = await add_email(client)
    channel_id = uuid.UUID(added["id"])
    page, target = await watched_page(db)
    await route(client, target, added["id"])
    await db.execute(
        update(NotificationConfig).where(NotificationConfig.id == channel_id).values(is_verified=True)
    )
    await db.commit()
    await post_offer(internal, page, 1)
    assert len(await offer_rows(db, added["id"], "new_offer")) == 1  # told while it is on
    if how == "muted":
        stop = update(TargetChannel).where(TargetChannel.channel_id == channel_id).values(is_muted=True)
    else:
        column = "is_paused" if how == "paused" else "is_active"
        stop = (
            update(NotificationConfig)
            .where(NotificationConfig.id == channel_id)
            .values({column: how == "paused"})
        )
    await db.execute(stop)
    await db.commit()

    await post_offer(internal, page, 2)

    assert len(await offer_rows(db, added["id"], "new_offer")) == 1


# --- delivery: the mails (need the notifier to deliver by channel kind) ------------------------


async def test_a_confirmed_address_gets_each_new_offer_once(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    internal: httpx.AsyncClient,
    db: AsyncSession,
    fake_smtp: FakeSmtp,
) -> None:
    added = await add_email(client)
    [confirmation] = await fake_smtp.await_mails(1, to=ADA_MAIL)
    assert confirmation.subject == "Confirm your e-mail address for offerwatch"
    assert confirmation.header("List-Unsubscribe") is None
    assert (await raw_client.get(path_of(confirm_link(confirmation)))).status_code == 200
    assert (await channel_row(db, added["id"])).is_deliverable is True
    page, target = await watched_page(db)
    await route(client, target, added["id"])

    first = await post_offer(internal, page, 1)
    await fake_smtp.await_mails(2, to=ADA_MAIL)
    again = await post_offer(internal, page, 1)  # the crawler posts it again: not news
    await post_offer(internal, page, 2)
    mails = await fake_smtp.await_mails(3, to=ADA_MAIL)

    assert again["id"] == first["id"]
    offer_mails = mails[1:]
    assert [m.subject for m in offer_mails] == [
        "New: Road bike <1> (120.50 EUR) · Bikes",
        "New: Road bike <2> (120.50 EUR) · Bikes",
    ]
    assert '<a href="https://shop.example/item/1">Road bike &lt;1&gt;</a>' in offer_mails[0].html
    assert '<img src="https://img.shop.example/1.jpg"' in offer_mails[0].html
    assert "Road bike <1> (120.50 EUR)\n  https://shop.example/item/1" in offer_mails[0].text
    rows = await rows_settle(db, added["id"])
    sent = {r.kind: r for r in rows if r.kind == "new_offer" and str(r.offer_id) == first["id"]}
    assert sent["new_offer"].status == "sent"
    assert sent["new_offer"].delivery_id == offer_mails[0].header("Message-ID")
    assert len(fake_smtp.mails) == 3


async def test_the_unsubscribe_header_of_an_alert_turns_the_address_off(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    internal: httpx.AsyncClient,
    db: AsyncSession,
    fake_smtp: FakeSmtp,
) -> None:
    added = await confirmed_channel(client, raw_client, fake_smtp)
    page, target = await watched_page(db)
    await route(client, target, added["id"])
    await post_offer(internal, page, 1)
    [_, alert] = await fake_smtp.await_mails(2, to=ADA_MAIL)

    header = alert.header("List-Unsubscribe")
    assert header is not None and header.startswith("<") and header.endswith(">")
    assert alert.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    response = await raw_client.post(
        path_of(header[1:-1]), content=b"List-Unsubscribe=One-Click", headers=ONE_CLICK
    )
    assert response.status_code == 200, response.text

    await post_offer(internal, page, 2)
    assert (await channel_row(db, added["id"])).is_active is False
    assert len(await offer_rows(db, added["id"], "new_offer")) == 1
    assert len(fake_smtp.to(ADA_MAIL)) == 2


async def test_many_new_offers_at_once_are_one_digest_mail(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    internal: httpx.AsyncClient,
    db: AsyncSession,
    fake_smtp: FakeSmtp,
) -> None:
    added = await confirmed_channel(client, raw_client, fake_smtp)
    page, target = await watched_page(db)
    await route(client, target, added["id"])

    items = [{k: v for k, v in offer(page, n).items() if k != "scraping_url_id"} for n in range(1, 8)]
    response = await internal.post(BATCH, json={"scraping_url_id": str(page.id), "offers": items})
    assert response.status_code == 200, response.text

    [_, digest] = await fake_smtp.await_mails(2, to=ADA_MAIL)
    assert digest.subject == "7 new offers · Bikes"
    assert digest.html.count("<li") == 7
    assert all(f"https://shop.example/item/{n}" in digest.text for n in range(1, 8))
    rows = await rows_settle(db, added["id"])
    assert sorted((r.kind, r.status) for r in rows if r.kind != "new_offer") == [
        ("confirm", "sent"),
        ("digest", "sent"),
    ]
    assert len(fake_smtp.to(ADA_MAIL)) == 2


@pytest.mark.parametrize("how", ["muted", "paused"])
async def test_mute_and_pause_stop_the_mails_and_lifting_them_restarts_them(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    internal: httpx.AsyncClient,
    db: AsyncSession,
    fake_smtp: FakeSmtp,
    how: str,
) -> None:
    added = await confirmed_channel(client, raw_client, fake_smtp)
    channel_id = uuid.UUID(added["id"])
    page, target = await watched_page(db)
    await route(client, target, added["id"])
    if how == "muted":
        await db.execute(
            update(TargetChannel).where(TargetChannel.channel_id == channel_id).values(is_muted=True)
        )
    else:
        await db.execute(
            update(NotificationConfig).where(NotificationConfig.id == channel_id).values(is_paused=True)
        )
    await db.commit()

    await post_offer(internal, page, 1)  # while stopped
    if how == "muted":
        await route(client, target, added["id"])  # routing again lifts a mute
    else:
        await db.execute(
            update(NotificationConfig).where(NotificationConfig.id == channel_id).values(is_paused=False)
        )
        await db.commit()
    await post_offer(internal, page, 2)

    [_, alert] = await fake_smtp.await_mails(2, to=ADA_MAIL)
    assert "Road bike <2>" in alert.subject
    await rows_settle(db, added["id"])
    assert len(fake_smtp.to(ADA_MAIL)) == 2  # offer 1 was never sent


async def test_an_address_that_bounces_for_good_is_turned_off(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    internal: httpx.AsyncClient,
    db: AsyncSession,
    fake_smtp: FakeSmtp,
) -> None:
    added = await confirmed_channel(client, raw_client, fake_smtp)
    page, target = await watched_page(db)
    await route(client, target, added["id"])
    fake_smtp.refuse_recipient(ADA_MAIL, "550 5.1.1 The mailbox does not exist")

    await post_offer(internal, page, 1)

    rows = await rows_settle(db, added["id"])
    [alert] = [r for r in rows if r.kind == "new_offer"]
    assert alert.status == "failed" and "550 5.1.1" in (alert.last_error or "")
    [listed] = (await client.get(CHANNELS)).json()
    assert listed["is_active"] is False
    await post_offer(internal, page, 2)
    assert len(await offer_rows(db, added["id"], "new_offer")) == 1


async def test_a_mail_the_server_defers_is_sent_when_it_accepts(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    raw_client: AsyncTestClient[Litestar],
    internal: httpx.AsyncClient,
    db: AsyncSession,
    fake_smtp: FakeSmtp,
) -> None:
    added = await confirmed_channel(client, raw_client, fake_smtp)
    page, target = await watched_page(db)
    await route(client, target, added["id"])
    fake_smtp.refuse_data("451 4.7.1 Greylisted, try again later")

    await post_offer(internal, page, 1)
    deadline = time.monotonic() + 10
    while not fake_smtp.refused and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert fake_smtp.refused, "the notifier never tried"
    fake_smtp.accept_all()

    [_, alert] = await fake_smtp.await_mails(2, to=ADA_MAIL)
    assert "Road bike <1>" in alert.subject
    rows = await rows_settle(db, added["id"])
    [sent] = [r for r in rows if r.kind == "new_offer"]
    assert sent.status == "sent" and sent.attempts >= 2
    assert len(fake_smtp.to(ADA_MAIL)) == 2
