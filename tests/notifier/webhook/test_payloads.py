"""What each preset POSTs: the documented JSON event, Discord's and Slack's incoming-webhook
bodies (accepted by the fake services, which check their limits), crawled text kept inert."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from core.config import ROOT, Settings
from notifier.channels.base import Content, Sent
from notifier.channels.webhook import WebhookChannel
from notifier.channels.webhook.payloads import build_event, discord_body
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.notifier.webhook.conftest import (
    digest_content,
    health_content,
    new_offer_content,
    notification,
    offer,
    target,
    webhook_config,
)

DISCORD = "/api/webhooks/1234/tok-en"
SLACK = "/services/T01/B02/XyZ"
NASTY = "@everyone <!channel> **Bike** [free](https://evil.example) & <b>more</b> | ~x~ `y`"


async def post(channel: WebhookChannel, receiver: WebhookReceiver, content: Any) -> dict[str, Any]:
    """Send `content` and return the body the receiver got; the fake must have accepted it."""
    outcome = await channel.send(channel.format(content))
    assert isinstance(outcome, Sent), outcome
    return receiver.requests[-1].json


def config_for(receiver: WebhookReceiver, settings: Settings, preset: str) -> Any:
    path = {"json": "/hooks/offers", "discord": DISCORD, "slack": SLACK}[preset]
    config, _ = webhook_config(receiver.url(path), settings, preset)
    return config


# --- json -------------------------------------------------------------------------------------


async def test_a_new_offer_as_the_documented_event(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver, settings: Settings
) -> None:
    content = new_offer_content(config_for(webhook_receiver, settings, "json"))
    event = await post(channel, webhook_receiver, content)
    found, watched = content.offer, content.target
    assert found is not None and watched is not None
    assert event == {
        "id": f"evt_{content.notification.id.hex}",
        "type": "offer.new",
        "created_at": "2026-11-29T10:15:02Z",
        "target": {"id": str(watched.id), "name": "Road bikes"},
        "offer": {
            "id": str(found.id),
            "url": found.url,
            "title": "Road bike, 56 cm",
            "price": "120.50",
            "currency": "EUR",
            "image_url": "https://shop.example/img/1.jpg",
            "seller": "alice",
            "extra": {"seller": "alice"},
            "first_seen_at": "2026-11-29T10:15:02Z",
        },
    }
    request = webhook_receiver.requests[-1]
    assert request.headers["content-type"] == "application/json"
    assert request.headers["offerwatch-event-type"] == "offer.new"
    assert request.headers["user-agent"] == "offerwatch-webhooks/1"


def test_the_documented_example_has_the_fields_an_event_has(settings: Settings) -> None:
    text = (ROOT / "docs" / "webhooks.md").read_text()
    [example] = re.findall(r"```json\n(.*?)```", text, re.S)
    documented = json.loads(example.replace("…", ""))
    event = build_event(new_offer_content(config_for_settings(settings)))
    assert documented.keys() == event.keys()
    assert documented["offer"].keys() == event["offer"].keys()


def config_for_settings(settings: Settings) -> Any:
    config, _ = webhook_config("https://hooks.example/in", settings)
    return config


def test_a_price_cut_names_both_prices(settings: Settings) -> None:
    config = config_for_settings(settings)
    found, watched = offer(price="99"), target()
    row = notification(
        "price_cut",
        config.id,
        payload={"old_price": "120.5", "new_price": "99", "currency": "EUR"},
        offer_id=found.id,
        target_id=watched.id,
    )
    event = build_event(Content(notification=row, channel=config, target=watched, offer=found))
    assert event["type"] == "offer.price_cut"
    assert event["price_change"] == {"old_price": "120.50", "new_price": "99.00", "currency": "EUR"}
    assert event["offer"]["price"] == "99.00"


def test_a_digest_lists_its_offers_with_the_targets_they_matched(settings: Settings) -> None:
    content = digest_content(config_for_settings(settings), 3)
    event = build_event(content)
    road, gravel = content.digest_targets
    assert event["type"] == "offers.digest"
    assert event["target"] is None
    assert event["targets"] == [
        {"id": str(road.id), "name": "Road bikes"},
        {"id": str(gravel.id), "name": "Gravel bikes"},
    ]
    assert [(o["title"], o["price"], o["target_ids"]) for o in event["offers"]] == [
        ("Bike 0", "100.00", [str(road.id)]),
        ("Bike 1", "101.00", [str(gravel.id)]),
        ("Bike 2", "102.00", [str(road.id)]),
    ]


def test_a_digest_names_only_the_targets_still_sending_here(settings: Settings) -> None:
    content = digest_content(config_for_settings(settings), 2)
    content.digest_targets = content.digest_targets[:1]  # the second was muted meanwhile
    event = build_event(content)
    assert [t["name"] for t in event["targets"]] == ["Road bikes"]
    assert [o["target_ids"] for o in event["offers"]] == [[str(content.digest_targets[0].id)], []]


@pytest.mark.parametrize(("kind", "reason"), [("url_failing", "HTTP 503"), ("url_recovered", None)])
def test_page_health(settings: Settings, kind: str, reason: str | None) -> None:
    event = build_event(health_content(config_for_settings(settings), kind, reason or ""))
    assert event["type"] == {"url_failing": "page.failing", "url_recovered": "page.recovered"}[kind]
    assert event["page"] == {"url": "https://shop.example/list?q=bike", "reason": reason}
    assert event["target"]["name"] == "Road bikes"


def test_a_test_event(settings: Settings) -> None:
    config = config_for_settings(settings)
    row = notification("text", config.id, payload={"text": "This is a test.", "test": True})
    event = build_event(Content(notification=row, channel=config))
    assert (event["type"], event["message"], event["target"]) == ("test", "This is a test.", None)


def test_a_notification_without_its_rows_cannot_be_made(settings: Settings) -> None:
    config = config_for_settings(settings)
    with pytest.raises(ValueError, match="has no offer"):
        build_event(Content(notification=notification("new_offer", config.id), channel=config))
    with pytest.raises(ValueError, match="unknown notification kind 'fax'"):
        build_event(Content(notification=notification("fax", config.id), channel=config))
    with pytest.raises(ValueError, match="has no offers"):
        build_event(Content(notification=notification("digest", config.id), channel=config))


# --- discord ----------------------------------------------------------------------------------


async def test_discord_gets_an_embed_per_offer(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver, settings: Settings
) -> None:
    content = new_offer_content(config_for(webhook_receiver, settings, "discord"))
    body = await post(channel, webhook_receiver, content)
    assert body["content"] == "🆕 **Road bikes**"
    assert body["allowed_mentions"] == {"parse": []}
    [embed] = body["embeds"]
    assert content.offer is not None
    assert embed["title"] == "Road bike, 56 cm"
    assert embed["url"] == content.offer.url
    assert embed["description"] == "120.50 EUR"
    assert embed["image"] == {"url": "https://shop.example/img/1.jpg"}
    assert embed["timestamp"] == "2026-11-29T10:15:02Z"


async def test_discord_text_from_pages_formats_nothing_and_pings_nobody(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver, settings: Settings
) -> None:
    config = config_for(webhook_receiver, settings, "discord")
    watched = target(NASTY)
    content = new_offer_content(config, title=NASTY, extra={"seller": "@here"})
    content.target = watched
    body = await post(channel, webhook_receiver, content)
    assert body["allowed_mentions"] == {"parse": []}
    assert "**Bike**" not in body["content"] and "\\*\\*Bike\\*\\*" in body["content"]
    assert "[free](" not in body["content"] and "\\[free\\]\\(" in body["content"]
    assert "<!channel>" not in body["content"]
    assert body["embeds"][0]["fields"] == [{"name": "Seller", "value": "\\@here", "inline": True}]


async def test_a_discord_digest_of_hundreds_fits_discords_limits(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver, settings: Settings
) -> None:
    content = digest_content(config_for(webhook_receiver, settings, "discord"), 400)
    body = await post(channel, webhook_receiver, content)  # the fake checks the limits
    assert body["content"].startswith("🗂 **400 new offers** · **Road bikes, Gravel bikes**")
    [embed] = body["embeds"]
    lines = embed["description"].split("\n")
    assert lines[0].startswith("• [Bike 0](https://shop.example/item/") and lines[0].endswith(
        ") — 100.00 EUR"
    )
    shown = len(lines) - 1
    assert lines[-1] == f"…and {400 - shown} more"
    assert 4000 < len(embed["description"]) <= 4096


async def test_discord_link_urls_cannot_break_out_of_the_link(settings: Settings) -> None:
    config = config_for_settings(settings)
    content = digest_content(config, 1)
    content.digest_offers[0].url = "https://shop.example/item/(1) x"
    body = discord_body(build_event(content))
    assert "(https://shop.example/item/%281%29%20x)" in body["embeds"][0]["description"]


# --- slack ------------------------------------------------------------------------------------


async def test_slack_gets_text_and_blocks(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver, settings: Settings
) -> None:
    content = new_offer_content(config_for(webhook_receiver, settings, "slack"))
    body = await post(channel, webhook_receiver, content)
    assert content.offer is not None
    link = f"<{content.offer.url}|Road bike, 56 cm>"
    assert body["text"] == f"🆕 *Road bikes*: {link} — 120.50 EUR"
    context, section = body["blocks"]
    assert context["elements"][0]["text"] == "🆕 *Road bikes*"
    assert section["text"]["text"] == f"*{link}*\n120.50 EUR\nSeller: alice"
    assert section["accessory"]["image_url"] == "https://shop.example/img/1.jpg"
    assert body["unfurl_links"] is False


async def test_slack_text_from_pages_links_and_mentions_nothing(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver, settings: Settings
) -> None:
    content = new_offer_content(config_for(webhook_receiver, settings, "slack"), title=NASTY)
    content.offer.url = "https://shop.example/item?a=1|x>y"  # type: ignore[union-attr]
    body = await post(channel, webhook_receiver, content)
    text = body["blocks"][1]["text"]["text"]
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert "&amp; &lt;b&gt;more&lt;/b&gt;" in text
    assert "<https://shop.example/item?a=1%7Cx%3Ey|" in text


async def test_a_slack_digest_of_hundreds_fits_slacks_limits(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver, settings: Settings
) -> None:
    content = digest_content(config_for(webhook_receiver, settings, "slack"), 800)
    content.digest_offers[7].title = "Long " * 99
    body = await post(channel, webhook_receiver, content)  # the fake checks the limits
    blocks = body["blocks"]
    assert blocks[0]["text"]["text"] == "🗂 *800 new offers* · *Road bikes, Gravel bikes*"
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks)
    assert 11000 < sum(len(b["text"]["text"]) for b in blocks[1:]) <= 12000
    last = blocks[-1]["text"]["text"].split("\n")[-1]
    listed = sum(b["text"]["text"].count("• <") for b in blocks)
    assert last == f"…and {800 - listed} more"


@pytest.mark.parametrize("preset", ["discord", "slack"])
@pytest.mark.parametrize("kind", ["url_failing", "url_recovered"])
async def test_page_health_reaches_discord_and_slack(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver, settings: Settings, preset: str, kind: str
) -> None:
    body = await post(
        channel,
        webhook_receiver,
        health_content(config_for(webhook_receiver, settings, preset), kind, "HTTP 503"),
    )
    text = json.dumps(body, ensure_ascii=False)
    assert "shop.example/list?q=bike" in text
    assert ("cannot be checked right now" in text) == (kind == "url_failing")
