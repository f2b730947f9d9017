"""Every text the bot sends, in English, in one place so they can be translated later.

Texts are Telegram HTML (parse_mode "HTML"): every value that comes from a user or a page is
escaped here, so callers never build message markup themselves. The answers to button presses
(the functions below MUTED_HINT) are plain text, as answerCallbackQuery shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PARSE_MODE = "HTML"

HELP = (
    "I send you every <b>new offer</b> on the listing pages you watch with offerwatch.\n\n"
    "/list - the targets this chat receives\n"
    "/pause - stop all deliveries to this chat\n"
    "/resume - restart them (also undoes mutes and snoozes)\n"
    "/unlink &lt;target&gt; - stop one target here\n"
    "/help - this message\n\n"
    "To add a target to this chat, open it on the website and choose “Add Telegram”."
)
UNKNOWN_COMMAND = "I don't know that command. Send /help to see what I can do."
NOT_A_COMMAND = "I only understand commands. Send /help to see them."
NOTHING_LINKED = (
    "No target sends offers to this chat yet. Open a target on the website and choose "
    "“Add Telegram” to link one."
)
BACK_ON = (
    "Deliveries to this chat had stopped because the bot was blocked here (or removed from the "
    "chat). Your message turned them back on."
)
WELCOME_BACK = f"Welcome back! {BACK_ON} Send /list to see your targets."
PAUSED = "Paused: this chat gets no offers until you send /resume."
RESUMED = "Resumed: this chat gets new offers again for all its targets."
PICK_TARGET_TO_UNLINK = "Which target should stop sending offers to this chat?"
LINK_UNKNOWN = (
    "This link is not valid. Open the target on the website and choose “Add Telegram” to get a fresh one."
)
LINK_EXPIRED = (
    "This link has expired (links work for a few minutes). Open the target on the website and "
    "choose “Add Telegram” to get a new one."
)
LINK_USED = (
    "This link has already been used. To link another chat, open the target on the website and "
    "choose “Add Telegram” for a new link."
)
ACTION_REFUSED = "This button does not belong to this chat."
ACTION_UNKNOWN = "This button no longer works."
TARGET_NOT_HERE = "That target no longer sends offers to this chat."
NO_SELLER = "This offer names no seller."
MUTED_HINT = " Send /resume to undo."


def welcome(signup_url: str) -> str:
    return (
        "Hi! I'm the offerwatch bot: I send you every <b>new offer</b> on the listing pages you "
        f'watch.\n\nCreate an account at <a href="{escape(signup_url)}">{escape(signup_url)}</a>, add '
        "a target, then choose “Add Telegram” on it to link this chat.\n\nSend /help for commands."
    )


def linked(target_name: str, target_active: bool, chat_paused: bool = False) -> str:
    text = f"Linked! This chat now receives new offers for <b>{escape(target_name)}</b>."
    if not target_active:
        text += " The target is deactivated for now: reactivate it on the website to get offers."
    if chat_paused:
        text += " This chat is paused: send /resume to get offers here."
    return text


def already_linked(target_name: str) -> str:
    return f"This chat already receives new offers for <b>{escape(target_name)}</b>."


@dataclass(frozen=True)
class ListedTarget:
    name: str
    state: str  # active | paused | muted | snoozed | inactive
    snoozed_until: dt.datetime | None = None


def _state(item: ListedTarget) -> str:
    if item.state == "snoozed" and item.snoozed_until is not None:
        return f"snoozed until {item.snoozed_until:%H:%M} UTC"
    return {
        "active": "active",
        "paused": "paused (/resume)",
        "muted": "muted (/resume)",
        "inactive": "target deactivated",
    }.get(item.state, item.state)


# Telegram's limit is 4096 characters per message; a long list stops well before it.
LIST_BUDGET = 3500


def target_list(items: Sequence[ListedTarget]) -> str:
    text = "This chat receives:"
    for shown, item in enumerate(items):
        line = f"\n• <b>{escape(item.name)}</b> - {_state(item)}"
        if len(text) + len(line) > LIST_BUDGET:
            return text + f"\n… and {len(items) - shown} more."
        text += line
    return text


def no_such_target(name: str) -> str:
    return f"No target named <b>{escape(name)}</b> sends offers to this chat. Pick one:"


def unlinked(target_name: str) -> str:
    return f"<b>{escape(target_name)}</b> no longer sends offers to this chat."


def muted(target_name: str) -> str:
    return f"Muted {target_name} in this chat." + MUTED_HINT


def snoozed(target_name: str, until: dt.datetime) -> str:
    return f"Snoozed {target_name} until {until:%H:%M} UTC." + MUTED_HINT


def seller_excluded(seller: str) -> str:
    return f"Offers from “{seller}” will no longer be sent for this target."


def seller_already_excluded(seller: str) -> str:
    return f"“{seller}” is already excluded."


def exclude_list_full(limit: int) -> str:
    return f"This target already has {limit} excluded words; remove some on the website first."
