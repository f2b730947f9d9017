"""Telegram messages: what a notification looks like, and sending it through python-telegram-bot.

Every message uses HTML parse mode; every piece of text that comes from a user or a crawled
page is escaped with html.escape. Without TELEGRAM_BOT_TOKEN the same messages are written to
the log instead (the embedded default).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    RetryAfter,
    TelegramError,
)
from telegram.request import HTTPXRequest

from core.config import Settings
from core.db.models import Notification, Offer, ScrapingTarget, ScrapingUrl
from core.limits import to_cents
from notifier.ratelimit import TelegramRateLimiter

# PTB 22 reports RetryAfter.retry_after as an int unless this opts in to timedelta (the future
# default); set before any RetryAfter is built so the value is never a deprecated int.
os.environ.setdefault("PTB_TIMEDELTA", "1")

log = logging.getLogger(__name__)

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


@dataclass
class NotificationContent:
    """A notification with the rows its message is made of, loaded by the delivery."""

    notification: Notification
    chat_id: int
    target: ScrapingTarget | None = None
    offer: Offer | None = None
    digest_offers: list[Offer] = field(default_factory=list)
    digest_targets: list[ScrapingTarget] = field(default_factory=list)  # those still sending here
    scraping_url: ScrapingUrl | None = None


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


def _target_name(content: NotificationContent) -> str:
    return content.target.name if content.target is not None else "offerwatch"


def offer_keyboard(notification: Notification, offer: Offer | None) -> InlineKeyboardMarkup:
    """Open offer; mute / snooze the target; exclude the seller when the offer names one."""
    key = notification.id.hex
    rows: list[list[InlineKeyboardButton]] = []
    if offer is not None:
        rows.append([InlineKeyboardButton("Open offer", url=offer.url)])
    rows.append(
        [
            InlineKeyboardButton("Mute this target", callback_data=f"m:{key}"),
            InlineKeyboardButton("Snooze 1 h", callback_data=f"s:{key}"),
        ]
    )
    seller = str((offer.extra or {}).get("seller") or "").strip() if offer is not None else ""
    if seller:
        if len(seller) > SELLER_BUTTON_CHARS:
            seller = seller[: SELLER_BUTTON_CHARS - 1] + "…"
        rows.append([InlineKeyboardButton(f"Exclude seller {seller}", callback_data=f"x:{key}")])
    return InlineKeyboardMarkup(rows)


def _format_new_offer(content: NotificationContent) -> OutgoingMessage:
    offer = _require_offer(content)
    lines = [f"🆕 <b>{_e(_target_name(content))}</b>", _link(offer.url, offer.title)]
    price = format_price(offer.price, offer.currency)
    if price:
        lines.append(f"💶 {_e(price)}")
    return OutgoingMessage(
        chat_id=content.chat_id,
        text="\n".join(lines),
        photo_url=offer.image_url or None,
        reply_markup=offer_keyboard(content.notification, offer),
    )


def _format_price_cut(content: NotificationContent) -> OutgoingMessage:
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
        chat_id=content.chat_id,
        text="\n".join(lines),
        photo_url=offer.image_url or None,
        reply_markup=offer_keyboard(content.notification, offer),
    )


def _format_digest(content: NotificationContent) -> OutgoingMessage:
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
    return OutgoingMessage(chat_id=content.chat_id, text="\n".join(lines), reply_markup=markup)


def _short_names(names: str, limit: int = 200) -> str:
    return names if len(names) <= limit else names[: limit - 1] + "…"


def _format_url_health(content: NotificationContent) -> OutgoingMessage:
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
    return OutgoingMessage(chat_id=content.chat_id, text="\n".join(lines))


def _format_text(content: NotificationContent) -> OutgoingMessage:
    payload = content.notification.payload or {}
    markup = payload.get("reply_markup")
    # The webhook already escaped this text: it is sent as written.
    return OutgoingMessage(
        chat_id=content.chat_id,
        text=str(payload.get("text") or ""),
        reply_markup=InlineKeyboardMarkup.de_json(markup, None) if markup else None,
    )


def _require_offer(content: NotificationContent) -> Offer:
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


def format_notification(content: NotificationContent) -> OutgoingMessage:
    """The Telegram message for a notification; ValueError for an unknown kind or missing rows."""
    formatter = _FORMATTERS.get(content.notification.kind)
    if formatter is None:
        raise ValueError(f"unknown notification kind {content.notification.kind!r}")
    message = formatter(content)
    if message.photo_url and visible_length(message.text) > CAPTION_LIMIT:
        message = OutgoingMessage(message.chat_id, message.text, None, message.reply_markup)
    return message


# --- how it went ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    message_id: int | None


@dataclass(frozen=True)
class Throttled:
    """429: Telegram says when to try again."""

    retry_after: float
    error: str


@dataclass(frozen=True)
class Transient:
    """A network error, a timeout or a 5xx: worth retrying with back-off."""

    error: str


@dataclass(frozen=True)
class Rejected:
    """400: this message will never be accepted."""

    error: str


@dataclass(frozen=True)
class Blocked:
    """403: the user blocked the bot or the bot left the chat."""

    error: str


@dataclass(frozen=True)
class ChatMoved:
    """The group became a supergroup with a new chat id."""

    new_chat_id: int


SendOutcome = Sent | Throttled | Transient | Rejected | Blocked | ChatMoved


# --- sending ------------------------------------------------------------------------------------


class MessageSender(Protocol):
    async def send_text(
        self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None
    ) -> int | None: ...

    async def send_photo(
        self, chat_id: int, photo_url: str, caption: str, reply_markup: InlineKeyboardMarkup | None
    ) -> int | None: ...

    async def close(self) -> None: ...


class BotSender:
    """Sends through python-telegram-bot's Bot against TELEGRAM_API_BASE_URL."""

    def __init__(self, token: str, api_base_url: str) -> None:
        self.bot = Bot(
            token,
            base_url=api_base_url.rstrip("/") + "/bot",
            base_file_url=api_base_url.rstrip("/") + "/file/bot",
            request=HTTPXRequest(connection_pool_size=64, read_timeout=10.0),
        )

    async def send_text(self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None) -> int:
        message = await self.bot.send_message(
            chat_id=chat_id,
            text=text,
            parse_mode=ParseMode.HTML,
            reply_markup=reply_markup,
        )
        return message.message_id

    async def send_photo(
        self, chat_id: int, photo_url: str, caption: str, reply_markup: InlineKeyboardMarkup | None
    ) -> int:
        message = await self.bot.send_photo(
            chat_id=chat_id,
            photo=photo_url,
            caption=caption,
            parse_mode=ParseMode.HTML,
            reply_markup=reply_markup,
        )
        return message.message_id

    async def close(self) -> None:
        await self.bot.shutdown()


class LogSender:
    """No bot token: the message goes to the log, everything else behaves the same."""

    async def send_text(self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None) -> None:
        log.info("Telegram message to chat %s (no TELEGRAM_BOT_TOKEN set):\n%s", chat_id, text)

    async def send_photo(
        self, chat_id: int, photo_url: str, caption: str, reply_markup: InlineKeyboardMarkup | None
    ) -> None:
        log.info("Telegram photo %s to chat %s (no TELEGRAM_BOT_TOKEN set):\n%s", photo_url, chat_id, caption)

    async def close(self) -> None:
        return None


def build_sender(settings: Settings) -> MessageSender:
    if settings.telegram_bot_token:
        return BotSender(settings.telegram_bot_token, settings.telegram_api_base_url)
    return LogSender()


def as_seconds(value: int | float | dt.timedelta) -> float:
    """RetryAfter.retry_after in seconds (a timedelta with PTB_TIMEDELTA=1, else a number)."""
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


async def send_message(
    sender: MessageSender,
    limiter: TelegramRateLimiter,
    message: OutgoingMessage,
    slot: float | None = None,
) -> SendOutcome:
    """Send within the rate limits (at the booked `slot`, if one was); a rejected photo falls back
    to text. Never raises TelegramError."""
    try:
        if message.photo_url:
            try:
                async with limiter.turn(message.chat_id, slot):
                    return Sent(
                        await sender.send_photo(
                            message.chat_id, message.photo_url, message.text, message.reply_markup
                        )
                    )
            except BadRequest as exc:
                log.info("photo rejected for chat %s (%s): sending text", message.chat_id, exc.message)
            slot = None  # the text fallback needs a turn of its own
        async with limiter.turn(message.chat_id, slot):
            return Sent(await sender.send_text(message.chat_id, message.text, message.reply_markup))
    except RetryAfter as exc:
        return Throttled(as_seconds(exc.retry_after), f"429: {exc.message}")
    except ChatMigrated as exc:
        return ChatMoved(int(exc.new_chat_id))
    except Forbidden as exc:
        return Blocked(f"403: {exc.message}")
    except BadRequest as exc:
        return Rejected(f"400: {exc.message}")
    except TelegramError as exc:
        # NetworkError, TimedOut, 5xx (PTB raises NetworkError for them) and a bad token.
        return Transient(f"{type(exc).__name__}: {exc.message}")
