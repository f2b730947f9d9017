"""What notifications look like in Telegram: HTML-escaped text, links, prices, buttons."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest

from core.db.models import Notification, NotificationConfig, Offer, ScrapingTarget
from notifier.channels.base import Content
from notifier.channels.telegram.format import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    format_notification,
    format_price,
    visible_length,
)


def _notification(kind: str = "new_offer", **fields: Any) -> Notification:
    return Notification(
        id=uuid.uuid4(),
        dedupe_key="k",
        kind=kind,
        channel_id=uuid.uuid4(),
        target_id=fields.pop("target_id", uuid.uuid4()),
        payload=fields.pop("payload", {}),
        **fields,
    )


def _offer(**fields: Any) -> Offer:
    now = dt.datetime.now(dt.UTC)
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "scraping_url_id": uuid.uuid4(),
        "url": "https://shop.example/item/1",
        "title": "Road bike",
        "price": Decimal("120.00"),
        "currency": "EUR",
        "image_url": None,
        "extra": {},
        "first_seen_at": now,
        "last_seen_at": now,
    }
    values.update(fields)
    return Offer(**values)


def _chat(chat_id: int = 42) -> NotificationConfig:
    return NotificationConfig(id=uuid.uuid4(), user_id=uuid.uuid4(), kind="telegram", address=str(chat_id))


def _target(name: str = "Bikes") -> ScrapingTarget:
    return ScrapingTarget(id=uuid.uuid4(), user_id=uuid.uuid4(), name=name)


def _buttons(message: Any) -> list[list[dict[str, Any]]]:
    return [[button.to_dict() for button in row] for row in message.reply_markup.inline_keyboard]


def test_new_offer_has_title_link_price_and_target_name() -> None:
    notification = _notification()
    message = format_notification(Content(notification, _chat(), target=_target(), offer=_offer()))
    assert message.chat_id == 42
    assert message.text == (
        '🆕 <b>Bikes</b>\n<a href="https://shop.example/item/1">Road bike</a>\n💶 120.00 EUR'
    )
    assert message.photo_url is None


def test_new_offer_keyboard_opens_offer_and_mutes_or_snoozes_the_target() -> None:
    notification = _notification()
    message = format_notification(Content(notification, _chat(), target=_target(), offer=_offer()))
    key = notification.id.hex
    assert _buttons(message) == [
        [{"text": "Open offer", "url": "https://shop.example/item/1"}],
        [
            {"text": "Mute this target", "callback_data": f"m:{key}"},
            {"text": "Snooze 1 h", "callback_data": f"s:{key}"},
        ],
    ]


def test_offer_with_a_seller_gets_an_exclude_seller_button() -> None:
    notification = _notification()
    offer = _offer(extra={"seller": "Bob's <Bikes>"})
    message = format_notification(Content(notification, _chat(), target=_target(), offer=offer))
    assert _buttons(message)[2] == [
        {"text": "Exclude seller Bob's <Bikes>", "callback_data": f"x:{notification.id.hex}"}
    ]


def test_blank_seller_gets_no_exclude_button() -> None:
    message = format_notification(
        Content(_notification(), _chat(), target=_target(), offer=_offer(extra={"seller": "  "}))
    )
    assert len(_buttons(message)) == 2


def test_everything_from_users_and_pages_is_escaped() -> None:
    offer = _offer(
        title='<script>alert("x")</script> & co',
        url='https://shop.example/item?a=1&b="2"',
        currency="USD",
    )
    message = format_notification(
        Content(_notification(), _chat(), target=_target("<i>mine</i>"), offer=offer)
    )
    assert "<script>" not in message.text and "<i>" not in message.text
    assert "&lt;i&gt;mine&lt;/i&gt;" in message.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in message.text
    assert 'href="https://shop.example/item?a=1&amp;b=&quot;2&quot;"' in message.text


def test_offer_with_an_image_is_a_photo_with_the_text_as_caption() -> None:
    offer = _offer(image_url="https://shop.example/img/1.jpg")
    message = format_notification(Content(_notification(), _chat(), target=_target(), offer=offer))
    assert message.photo_url == "https://shop.example/img/1.jpg"


def test_text_too_long_for_a_caption_is_sent_without_the_photo() -> None:
    # 500 ampersands are 2500 characters of HTML but 500 visible ones: still a caption.
    fits = _offer(image_url="https://shop.example/img/1.jpg", title="&" * 500)
    message = format_notification(Content(_notification(), _chat(), target=_target(), offer=fits))
    assert message.photo_url is not None
    too_long = _offer(image_url="https://shop.example/img/1.jpg", title="&" * 1100)
    message = format_notification(Content(_notification(), _chat(), target=_target(), offer=too_long))
    assert visible_length(message.text) > CAPTION_LIMIT
    assert message.photo_url is None


def test_offer_without_price_has_no_price_line() -> None:
    offer = _offer(price=None, currency=None)
    message = format_notification(Content(_notification(), _chat(), target=_target(), offer=offer))
    assert "💶" not in message.text


@pytest.mark.parametrize(
    ("price", "currency", "shown"),
    [(Decimal("12"), "EUR", "12.00 EUR"), ("0.5", None, "0.50"), (None, "EUR", "")],
)
def test_price_has_two_decimals_and_its_currency(price: Any, currency: str | None, shown: str) -> None:
    assert format_price(price, currency) == shown


def test_price_cut_shows_old_and_new_price() -> None:
    notification = _notification(
        "price_cut", payload={"old_price": "12.00", "new_price": "10.00", "currency": "EUR"}
    )
    message = format_notification(Content(notification, _chat(), target=_target(), offer=_offer()))
    assert "<s>12.00 EUR</s> → <b>10.00 EUR</b>" in message.text
    assert "Price cut" in message.text
    assert _buttons(message)[1][0]["callback_data"] == f"m:{notification.id.hex}"


def test_digest_lists_each_offer_with_link_and_price() -> None:
    offers = [_offer(url=f"https://shop.example/{i}", title=f"Item <{i}>") for i in range(3)]
    notification = _notification("digest", payload={"offer_ids": [str(o.id) for o in offers]})
    message = format_notification(Content(notification, _chat(), target=_target(), digest_offers=offers))
    lines = message.text.split("\n")
    assert lines[0] == "🗂 <b>3 new offers</b> · <b>Bikes</b>"
    assert lines[1] == '• <a href="https://shop.example/0">Item &lt;0&gt;</a> — 120.00 EUR'
    assert len(lines) == 4


def test_long_digest_stays_within_telegrams_limit_and_says_how_many_more() -> None:
    offers = [_offer(url=f"https://shop.example/{i}", title="t" * 200) for i in range(60)]
    message = format_notification(
        Content(_notification("digest"), _chat(), target=_target(), digest_offers=offers)
    )
    assert visible_length(message.text) <= MESSAGE_LIMIT
    shown = message.text.count("• ")
    assert 0 < shown < 60
    assert message.text.endswith(f"…and {60 - shown} more")


def test_url_failing_names_the_url_and_the_reason() -> None:
    notification = _notification(
        "url_failing", payload={"url": "https://shop.example/list?q=a&b", "reason": "HTTP 403 <blocked>"}
    )
    message = format_notification(Content(notification, _chat(), target=_target()))
    assert "cannot be checked" in message.text
    assert '<a href="https://shop.example/list?q=a&amp;b">' in message.text
    assert "Reason: HTTP 403 &lt;blocked&gt;" in message.text
    assert message.reply_markup is None


def test_url_recovered_says_it_works_again() -> None:
    notification = _notification("url_recovered", payload={"url": "https://shop.example/list"})
    message = format_notification(Content(notification, _chat(), target=_target()))
    assert "can be checked again" in message.text


def test_text_notification_is_sent_as_written_with_its_keyboard() -> None:
    keyboard = {"inline_keyboard": [[{"text": "Undo", "callback_data": "u:1"}]]}
    notification = _notification(
        "text", target_id=None, payload={"text": "Linked &lt;Bikes&gt;", "reply_markup": keyboard}
    )
    message = format_notification(Content(notification, _chat()))
    assert message.text == "Linked &lt;Bikes&gt;"
    assert message.reply_markup is not None and message.reply_markup.to_dict() == keyboard


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown notification kind"):
        format_notification(Content(_notification("carrier_pigeon"), _chat()))
