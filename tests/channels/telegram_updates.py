"""Telegram Update JSON shaped exactly as the Bot API sends it (private chats unless told)."""

from __future__ import annotations

import itertools
import time
from typing import Any

BOT_USERNAME = "offerwatch_test_bot"
BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "offerwatch", "username": BOT_USERNAME}
_update_ids = itertools.count(820_000_001)
_message_ids = itertools.count(101)


def next_update_id() -> int:
    return next(_update_ids)


def person(user_id: int, first_name: str = "Ada") -> dict[str, Any]:
    return {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "last_name": "Lovelace",
        "username": first_name.lower(),
        "language_code": "en",
    }


def private_chat(chat_id: int, first_name: str = "Ada") -> dict[str, Any]:
    return {
        "id": chat_id,
        "first_name": first_name,
        "last_name": "Lovelace",
        "username": first_name.lower(),
        "type": "private",
    }


def group_chat(chat_id: int, title: str = "Bike hunters") -> dict[str, Any]:
    return {"id": chat_id, "title": title, "type": "group", "all_members_are_administrators": True}


def text_message(
    chat_id: int, text: str, *, chat: dict[str, Any] | None = None, update_id: int | None = None
) -> dict[str, Any]:
    """A message update; a leading "/command" (or "/command@bot") gets its bot_command entity."""
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "from": person(chat_id if chat is None else 5550001),
        "chat": chat or private_chat(chat_id),
        "date": int(time.time()),
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"offset": 0, "length": len(text.split(" ", 1)[0]), "type": "bot_command"}]
    return {"update_id": update_id or next_update_id(), "message": message}


def start(chat_id: int, token: str | None = None, **kwargs: Any) -> dict[str, Any]:
    return text_message(chat_id, f"/start {token}" if token else "/start", **kwargs)


def offer_message(chat_id: int, notification_id_hex: str) -> dict[str, Any]:
    """The bot's own offer message with its keyboard, as it comes back inside a callback query."""
    return {
        "message_id": next(_message_ids),
        "from": BOT_USER,
        "chat": private_chat(chat_id),
        "date": int(time.time()),
        "text": "Carbon road bike\n450.00 EUR",
        "reply_markup": {
            "inline_keyboard": [
                [{"text": "Open offer", "url": "https://shop.example/bike/1"}],
                [
                    {"text": "Mute this target", "callback_data": f"m:{notification_id_hex}"},
                    {"text": "Snooze 1 h", "callback_data": f"s:{notification_id_hex}"},
                ],
            ]
        },
    }


def callback(chat_id: int, data: str, *, message_chat_id: int | None = None) -> dict[str, Any]:
    """A button press by the user of `chat_id` on a message in `message_chat_id` (default same)."""
    message = offer_message(message_chat_id or chat_id, data.partition(":")[2])
    return {
        "update_id": next_update_id(),
        "callback_query": {
            "id": f"{chat_id}{next(_message_ids)}",
            "from": person(chat_id),
            "message": message,
            "chat_instance": "-5349274922011623487",
            "data": data,
        },
    }


def my_chat_member(chat_id: int, old_status: str, new_status: str) -> dict[str, Any]:
    """The bot's own membership in a private chat changed (kicked = the user blocked the bot)."""

    def member(status: str) -> dict[str, Any]:
        entry: dict[str, Any] = {"user": BOT_USER, "status": status}
        if status == "kicked":
            entry["until_date"] = 0
        return entry

    return {
        "update_id": next_update_id(),
        "my_chat_member": {
            "chat": private_chat(chat_id),
            "from": person(chat_id),
            "date": int(time.time()),
            "old_chat_member": member(old_status),
            "new_chat_member": member(new_status),
        },
    }


def supergroup_chat(chat_id: int, title: str = "Bike hunters") -> dict[str, Any]:
    return {"id": chat_id, "title": title, "type": "supergroup"}


def service_message(chat: dict[str, Any], **content: Any) -> dict[str, Any]:
    """A service message (no text), e.g. migrate_to_chat_id when a group becomes a supergroup."""
    message = {
        "message_id": next(_message_ids),
        "from": person(5550001),
        "chat": chat,
        "date": int(time.time()),
        **content,
    }
    return {"update_id": next_update_id(), "message": message}
