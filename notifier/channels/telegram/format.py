"""Telegram messages: what a notification looks like in a chat.

Every message uses HTML parse mode; every piece of text that comes from a user or a crawled
page is escaped with html.escape.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from core.db.models import Notification, Offer
from core.limits import to_cents
from notifier.channels.base import Content
from notifier.channels.telegram.buttons import Button, callback_data

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
SELLER_BUTTON_CHARS = 40
_TAG = re.compile(r"<[^>]+>")


# --- what to send -------------------------------------------------------------------------


@dataclass(frozen=True)
class OutgoingMessage:
    chat_id: int
    text: str
    photo_url: str | None = None
    reply_markup: InlineKeyboardMarkup | None = None


def visible_length(html_text: str) -> int:
    """Characters Telegram counts against its limits: the text without tags and entities."""
    return len(html.unescape(_TAG.sub("", html_text)))


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _link(url: str, text: str) -> str:
    return f'<a href="{_e(url)}">{_e(text)}</a>'


def format_price(price: Decimal | str | None, currency: str | None) -> str:
    """'1234.50 EUR'; an empty string when the offer has no price."""
    if price is None or price == "":
        return ""
    amount = to_cents(Decimal(str(price)))
    return f"{amount} {currency}" if currency else str(amount)


def chat_id_of(content: Content) -> int:
    """A Telegram channel's address is its chat id as text."""
    return int(content.channel.address)


def _target_name(content: Content) -> str:
    return content.target.name if content.target is not None else "offerwatch"


def offer_keyboard(notification: Notification, offer: Offer | None) -> InlineKeyboardMarkup:
    """Open offer; mute / snooze the target; exclude the seller when the offer names one."""

    def button(text: str, code: Button) -> InlineKeyboardButton:
        return InlineKeyboardButton(text, callback_data=callback_data(code, notification.id))

    rows: list[list[InlineKeyboardButton]] = []
    if offer is not None:
        rows.append([InlineKeyboardButton("Open offer", url=offer.url)])
    rows.append([button("Mute this target", Button.MUTE), button("Snooze 1 h", Button.SNOOZE)])
    seller = str((offer.extra or {}).get("seller") or "").strip() if offer is not None else ""
    if seller:
        if len(seller) > SELLER_BUTTON_CHARS:
            seller = seller[: SELLER_BUTTON_CHARS - 1] + "…"
        rows.append(
            [
                InlineKeyboardButton(
                    f"Exclude seller {seller}",
                    callback_data=callback_data(Button.EXCLUDE_SELLER, notification.id),
                )
            ]
        )
    return InlineKeyboardMarkup(rows)


def _format_new_offer(content: Content) -> OutgoingMessage:
    offer = _require_offer(content)
    lines = [f"🆕 <b>{_e(_target_name(content))}</b>", _link(offer.url, offer.title)]
    price = format_price(offer.price, offer.currency)
    if price:
        lines.append(f"💶 {_e(price)}")
    return OutgoingMessage(
        chat_id=chat_id_of(content),
        text="\n".join(lines),
        photo_url=offer.image_url or None,
        reply_markup=offer_keyboard(content.notification, offer),
    )


def _format_price_cut(content: Content) -> OutgoingMessage:
    offer = _require_offer(content)
    payload = content.notification.payload or {}
    currency = payload.get("currency") or offer.currency
    old = format_price(payload.get("old_price"), currency)
    new = format_price(payload.get("new_price", offer.price), currency)
    lines = [
        f"📉 <b>Price cut</b> · <b>{_e(_target_name(content))}</b>",
        _link(offer.url, offer.title),
        f"<s>{_e(old)}</s> → <b>{_e(new)}</b>" if old else f"<b>{_e(new)}</b>",
    ]
    return OutgoingMessage(
        chat_id=chat_id_of(content),
        text="\n".join(lines),
        photo_url=offer.image_url or None,
        reply_markup=offer_keyboard(content.notification, offer),
    )


def _format_digest(content: Content) -> OutgoingMessage:
    offers = content.digest_offers
    names = ", ".join(t.name for t in content.digest_targets) or _target_name(content)
    header = f"🗂 <b>{len(offers)} new offers</b> · <b>{_e(_short_names(names))}</b>"
    lines = [header]
    used = visible_length(header)
    for index, offer in enumerate(offers):
        price = format_price(offer.price, offer.currency)
        line = "• " + _link(offer.url, offer.title) + (f" — {_e(price)}" if price else "")
        rest = len(offers) - index - 1
        # Leave room for the "…and N more" line that may have to follow.
        reserve = len(f"\n…and {rest} more") if rest else 0
        if used + 1 + visible_length(line) + reserve > MESSAGE_LIMIT:
            lines.append(f"…and {len(offers) - index} more")
            break
        lines.append(line)
        used += 1 + visible_length(line)
    markup = offer_keyboard(content.notification, None) if content.notification.target_id else None
    return OutgoingMessage(chat_id=chat_id_of(content), text="\n".join(lines), reply_markup=markup)


def _short_names(names: str, limit: int = 200) -> str:
    return names if len(names) <= limit else names[: limit - 1] + "…"


def _format_url_health(content: Content) -> OutgoingMessage:
    payload = content.notification.payload or {}
    url = payload.get("url") or (content.scraping_url.url if content.scraping_url else "")
    reason = payload.get("reason") or ""
    name = _e(_target_name(content))
    if content.notification.kind == "url_failing":
        lines = [f"⚠️ <b>{name}</b>: this page cannot be checked right now", _link(url, url)]
        if reason:
            lines.append(f"Reason: {_e(reason)}")
        lines.append("We keep trying and tell you when it works again.")
    else:
        lines = [f"✅ <b>{name}</b>: this page can be checked again", _link(url, url)]
    return OutgoingMessage(chat_id=chat_id_of(content), text="\n".join(lines))


def _format_text(content: Content) -> OutgoingMessage:
    payload = content.notification.payload or {}
    markup = payload.get("reply_markup")
    # The webhook already escaped this text: it is sent as written.
    return OutgoingMessage(
        chat_id=chat_id_of(content),
        text=str(payload.get("text") or ""),
        reply_markup=InlineKeyboardMarkup.de_json(markup, None) if markup else None,
    )


def _require_offer(content: Content) -> Offer:
    if content.offer is None:
        raise ValueError(f"notification {content.notification.id} has no offer")
    return content.offer


_FORMATTERS = {
    "new_offer": _format_new_offer,
    "price_cut": _format_price_cut,
    "digest": _format_digest,
    "url_failing": _format_url_health,
    "url_recovered": _format_url_health,
    "text": _format_text,
}


def format_notification(content: Content) -> OutgoingMessage:
    """The Telegram message for a notification; ValueError for an unknown kind or missing rows."""
    formatter = _FORMATTERS.get(content.notification.kind)
    if formatter is None:
        raise ValueError(f"unknown notification kind {content.notification.kind!r}")
    message = formatter(content)
    if message.photo_url and visible_length(message.text) > CAPTION_LIMIT:
        message = OutgoingMessage(message.chat_id, message.text, None, message.reply_markup)
    return message
