"""The bot's behaviour: one handler per command, button and membership change.

`process_update` is fed by the webhook and by polling alike. It changes the database in the
caller's transaction and returns what should happen next: notification rows to enqueue after
commit, and at most one Bot API call answering the update (the webhook returns it as its
response body, Telegram's "reply to the webhook" method; polling sends it itself).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, Chat, ChatMember, ChatMemberUpdated, Message, MessageEntity, Update

from api.channels import chat_linking, chats, offer_buttons, texts
from api.targets.schemas import MAX_WORDS
from core.clock import utcnow
from core.config import Settings
from core.db.models import TelegramUpdate
from notifier import outbox
from notifier.channels.moves import move_address
from notifier.channels.telegram.buttons import Button, callback_data, parse_callback_data
from notifier.channels.telegram.channel import TELEGRAM

log = logging.getLogger(__name__)

# The update kinds the bot asks Telegram for (setWebhook and getUpdates).
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
CALLBACK_ANSWER_LIMIT = 200  # answerCallbackQuery's text limit
# Telegram retries an update for a while, not for days; and after a quiet week it may start
# update ids at a random number, which must not meet an old id. So processed ids are kept for
# two days, pruned on every hundredth update (ids are sequential).
UPDATE_ID_RETENTION = dt.timedelta(days=2)
PRUNE_EVERY = 100


@dataclass(frozen=True)
class BotCall:
    """One Bot API method call, e.g. sendMessage with its parameters."""

    method: str
    params: dict[str, Any]

    def as_webhook_reply(self) -> dict[str, Any]:
        return {"method": self.method, **self.params}


@dataclass
class UpdateOutcome:
    reply: BotCall | None = None
    notification_ids: list[UUID] = field(default_factory=list)


def send_message(chat_id: int, text: str, reply_markup: dict[str, Any] | None = None) -> BotCall:
    params: dict[str, Any] = {
        "chat_id": chat_id,
        "text": text,
        "parse_mode": texts.PARSE_MODE,
        "link_preview_options": {"is_disabled": True},
    }
    if reply_markup is not None:
        params["reply_markup"] = reply_markup
    return BotCall("sendMessage", params)


def answer_callback(query: CallbackQuery, text: str, *, alert: bool = False) -> BotCall:
    params: dict[str, Any] = {"callback_query_id": query.id, "text": text[:CALLBACK_ANSWER_LIMIT]}
    if alert:
        params["show_alert"] = True
    return BotCall("answerCallbackQuery", params)


@dataclass(frozen=True)
class CommandContext:
    session: AsyncSession
    settings: Settings
    update_id: int
    message: Message
    chat: Chat
    args: str
    turned_back_on: bool = False  # this message ended a stop caused by a block


async def process_update(session: AsyncSession, update: Update, settings: Settings) -> UpdateOutcome | None:
    """Act on an update once: None when this update_id was processed before."""
    if not await _claim_update(session, update.update_id):
        return None
    if update.message is not None and (
        update.message.migrate_to_chat_id or update.message.migrate_from_chat_id
    ):
        return await on_chat_migrated(session, update.message)
    if update.message is not None:
        return await on_message(session, update, update.message, settings)
    if update.callback_query is not None:
        return await on_callback(session, update.callback_query)
    if update.my_chat_member is not None:
        return await on_my_chat_member(session, update.my_chat_member)
    return UpdateOutcome()


async def _claim_update(session: AsyncSession, update_id: int) -> bool:
    # Savepoint: a duplicate rolls back only the claim; a concurrent duplicate waits on the
    # unique index until the first delivery commits, then fails here.
    try:
        async with session.begin_nested():
            session.add(TelegramUpdate(update_id=update_id))
    except IntegrityError:
        return False
    if update_id % PRUNE_EVERY == 0:
        await session.execute(
            delete(TelegramUpdate).where(TelegramUpdate.created_at < utcnow() - UPDATE_ID_RETENTION)
        )
    return True


def _command(message: Message, bot_username: str) -> tuple[str, str] | None:
    """(command, arguments) when the message starts with a command meant for this bot."""
    text = message.text or ""
    entity = next((e for e in message.entities if e.type == MessageEntity.BOT_COMMAND), None)
    if entity is None or entity.offset != 0:
        return None
    command_text = message.parse_entity(entity)
    name, _, mention = command_text[1:].partition("@")
    if mention and mention.lower() != bot_username.lstrip("@").lower():
        return None
    return name.lower(), text[len(command_text) :].strip()


async def on_message(
    session: AsyncSession, update: Update, message: Message, settings: Settings
) -> UpdateOutcome:
    """Answer the message; a chat whose deliveries stopped because the bot was blocked (or
    removed) is turned back on by any message, as the user has evidently unblocked the bot."""
    turned_back_on = await chats.set_chat_active(session, message.chat.id, True) > 0
    outcome = await _answer_message(session, update, message, settings, turned_back_on)
    if turned_back_on:
        outcome.reply = _say_back_on(message.chat.id, outcome.reply)
    return outcome


def _say_back_on(chat_id: int, reply: BotCall | None) -> BotCall:
    """The reply, led by why deliveries had stopped and that they are on again."""
    if reply is None or reply.method != "sendMessage":
        return send_message(chat_id, texts.BACK_ON)
    if texts.BACK_ON in reply.params["text"]:
        return reply
    return BotCall(reply.method, {**reply.params, "text": f"{texts.BACK_ON}\n\n{reply.params['text']}"})


async def _answer_message(
    session: AsyncSession, update: Update, message: Message, settings: Settings, turned_back_on: bool
) -> UpdateOutcome:
    chat = message.chat
    command = _command(message, settings.telegram_bot_username)
    if command is None:
        # In groups the bot hears only commands (privacy mode); a private chat gets a hint.
        private = chat.type == Chat.PRIVATE and bool(message.text)
        return UpdateOutcome(send_message(chat.id, texts.NOT_A_COMMAND) if private else None)
    name, args = command
    context = CommandContext(session, settings, update.update_id, message, chat, args, turned_back_on)
    handler = COMMANDS.get(name)
    if handler is None:
        return UpdateOutcome(
            send_message(chat.id, texts.UNKNOWN_COMMAND) if chat.type == Chat.PRIVATE else None
        )
    return await handler(context)


def _chat_title(chat: Chat) -> str | None:
    title = chat.title or chat.full_name or (f"@{chat.username}" if chat.username else None)
    return title[:255] if title else None


async def start_command(ctx: CommandContext) -> UpdateOutcome:
    """/start <token> links the chat; /start alone introduces the bot or welcomes it back."""
    chat_id = ctx.chat.id
    if not ctx.args:
        if ctx.turned_back_on:
            return UpdateOutcome(send_message(chat_id, texts.WELCOME_BACK))
        return UpdateOutcome(send_message(chat_id, texts.welcome(ctx.settings.signup_url)))
    result = await chat_linking.redeem_register_token(ctx.session, ctx.args, chat_id, _chat_title(ctx.chat))
    if result.status == "linked":
        assert result.target is not None and result.channel is not None
        # The confirmation goes through the notifier like every message that names a target.
        note = outbox.add_text(
            ctx.session,
            result.channel.id,
            texts.linked(result.target.name, result.target.is_active, result.channel.is_paused),
        )
        await ctx.session.flush()
        return UpdateOutcome(notification_ids=[note.id])
    if result.status == "already_linked":
        assert result.target is not None
        return UpdateOutcome(send_message(chat_id, texts.already_linked(result.target.name)))
    refusal = {"expired": texts.LINK_EXPIRED, "used": texts.LINK_USED}.get(result.status, texts.LINK_UNKNOWN)
    return UpdateOutcome(send_message(chat_id, refusal))


async def help_command(ctx: CommandContext) -> UpdateOutcome:
    return UpdateOutcome(send_message(ctx.chat.id, texts.HELP))


async def list_command(ctx: CommandContext) -> UpdateOutcome:
    routes = await chats.chat_routes(ctx.session, ctx.chat.id)
    if not routes:
        return UpdateOutcome(send_message(ctx.chat.id, texts.NOTHING_LINKED))
    now = utcnow()
    items = []
    for route in routes:
        snoozed = (
            route.link.snoozed_until if route.link.snoozed_until and route.link.snoozed_until > now else None
        )
        if not route.target.is_active:
            state = "inactive"
        elif route.channel.is_paused:
            state = "paused"
        elif route.link.is_muted:
            state = "muted"
        elif snoozed is not None:
            state = "snoozed"
        else:
            state = "active"
        items.append(texts.ListedTarget(route.target.name, state, snoozed))
    return UpdateOutcome(send_message(ctx.chat.id, texts.target_list(items)))


async def pause_command(ctx: CommandContext) -> UpdateOutcome:
    if not await chats.set_chat_paused(ctx.session, ctx.chat.id, True):
        return UpdateOutcome(send_message(ctx.chat.id, texts.NOTHING_LINKED))
    return UpdateOutcome(send_message(ctx.chat.id, texts.PAUSED))


async def resume_command(ctx: CommandContext) -> UpdateOutcome:
    if not await chats.set_chat_paused(ctx.session, ctx.chat.id, False):
        return UpdateOutcome(send_message(ctx.chat.id, texts.NOTHING_LINKED))
    return UpdateOutcome(send_message(ctx.chat.id, texts.RESUMED))


# Telegram allows 100 buttons per keyboard; beyond this many, /unlink <name> is the way.
MAX_UNLINK_BUTTONS = 50


def _unlink_keyboard(routes: list[chats.ChatRoute]) -> dict[str, Any]:
    return {
        "inline_keyboard": [
            [{"text": route.target.name[:60], "callback_data": callback_data(Button.UNLINK, route.link.id)}]
            for route in routes[:MAX_UNLINK_BUTTONS]
        ]
    }


async def unlink_command(ctx: CommandContext) -> UpdateOutcome:
    """/unlink <target name> stops one target here; without a (unique) name, a keyboard to pick."""
    routes = await chats.chat_routes(ctx.session, ctx.chat.id)
    if not routes:
        return UpdateOutcome(send_message(ctx.chat.id, texts.NOTHING_LINKED))
    if not ctx.args:
        return UpdateOutcome(send_message(ctx.chat.id, texts.PICK_TARGET_TO_UNLINK, _unlink_keyboard(routes)))
    wanted = " ".join(ctx.args.split()).casefold()
    matches = [r for r in routes if " ".join(r.target.name.split()).casefold() == wanted]
    if not matches:
        return UpdateOutcome(
            send_message(ctx.chat.id, texts.no_such_target(ctx.args), _unlink_keyboard(routes))
        )
    if len(matches) > 1:
        return UpdateOutcome(
            send_message(ctx.chat.id, texts.PICK_TARGET_TO_UNLINK, _unlink_keyboard(matches))
        )
    await chats.unroute(ctx.session, matches[0])
    return UpdateOutcome(send_message(ctx.chat.id, texts.unlinked(matches[0].target.name)))


COMMANDS: dict[str, Callable[[CommandContext], Awaitable[UpdateOutcome]]] = {
    "start": start_command,
    "help": help_command,
    "list": list_command,
    "pause": pause_command,
    "resume": resume_command,
    "unlink": unlink_command,
}


# --- buttons ------------------------------------------------------------------------------------


def _short(name: str) -> str:
    return name if len(name) <= 60 else name[:59] + "…"


async def on_callback(session: AsyncSession, query: CallbackQuery) -> UpdateOutcome:
    """Buttons (notifier/channels/telegram/buttons.py): mute, snooze and exclude seller on offer
    messages, unlink from /unlink's keyboard."""
    parsed = parse_callback_data(query.data or "")
    if parsed is None:
        return UpdateOutcome(answer_callback(query, texts.ACTION_UNKNOWN))
    action, object_id = parsed
    chat_id = query.message.chat.id if query.message is not None else None
    if action == Button.UNLINK:
        return await unlink_button(session, query, object_id, chat_id)
    handler = OFFER_BUTTONS[action]
    button = await offer_buttons.button_target(session, object_id, chat_id)
    if button is None:
        log.warning("refused button %r from chat %s", str(action), chat_id)
        return UpdateOutcome(answer_callback(query, texts.ACTION_REFUSED, alert=True))
    return await handler(session, query, button)


async def unlink_button(
    session: AsyncSession, query: CallbackQuery, link_id: UUID, chat_id: int | None
) -> UpdateOutcome:
    route = await chats.route_in_chat(session, link_id, chat_id) if chat_id is not None else None
    if route is None:
        return UpdateOutcome(answer_callback(query, texts.TARGET_NOT_HERE))
    await chats.unroute(session, route)
    return UpdateOutcome(answer_callback(query, f"Unlinked {_short(route.target.name)}."))


async def mute_button(
    session: AsyncSession, query: CallbackQuery, button: offer_buttons.OfferButtonTarget
) -> UpdateOutcome:
    if button.link is None:
        return UpdateOutcome(answer_callback(query, texts.TARGET_NOT_HERE))
    button.link.is_muted = True
    return UpdateOutcome(answer_callback(query, texts.muted(_short(button.target.name))))


async def snooze_button(
    session: AsyncSession, query: CallbackQuery, button: offer_buttons.OfferButtonTarget
) -> UpdateOutcome:
    if button.link is None:
        return UpdateOutcome(answer_callback(query, texts.TARGET_NOT_HERE))
    until = utcnow() + offer_buttons.SNOOZE
    button.link.snoozed_until = until
    return UpdateOutcome(answer_callback(query, texts.snoozed(_short(button.target.name), until)))


async def exclude_seller_button(
    session: AsyncSession, query: CallbackQuery, button: offer_buttons.OfferButtonTarget
) -> UpdateOutcome:
    seller = await offer_buttons.offer_seller(session, button.notification)
    if seller is None:
        return UpdateOutcome(answer_callback(query, texts.NO_SELLER))
    outcome = offer_buttons.exclude_word(button.target, seller)
    answer = {
        "added": texts.seller_excluded(_short(seller)),
        "present": texts.seller_already_excluded(_short(seller)),
        "full": texts.exclude_list_full(MAX_WORDS),
    }[outcome]
    return UpdateOutcome(answer_callback(query, answer))


OFFER_BUTTONS: dict[
    Button,
    Callable[[AsyncSession, CallbackQuery, offer_buttons.OfferButtonTarget], Awaitable[UpdateOutcome]],
] = {Button.MUTE: mute_button, Button.SNOOZE: snooze_button, Button.EXCLUDE_SELLER: exclude_seller_button}


async def on_chat_migrated(session: AsyncSession, message: Message) -> UpdateOutcome:
    """Telegram announces a group's upgrade in the old chat (migrate_to) and the new one
    (migrate_from); either moves the channels, the second finds nothing left to move."""
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    else:
        old, new = int(message.migrate_from_chat_id or 0), message.chat.id
    moved = await move_address(session, TELEGRAM, str(old), str(new))
    log.info("chat %s migrated to %s: %d channels moved", old, new, moved)
    return UpdateOutcome()


# --- membership -------------------------------------------------------------------------------

GONE = {ChatMember.BANNED, ChatMember.LEFT}  # "kicked" is how a blocked private chat looks


async def on_my_chat_member(session: AsyncSession, change: ChatMemberUpdated) -> UpdateOutcome:
    """Blocked or removed: the chat's channels stop (until the chat's next message). Unblocking
    alone changes nothing, since the user has not asked for messages again yet."""
    if change.new_chat_member.status in GONE:
        count = await chats.set_chat_active(session, change.chat.id, False)
        log.info("bot left chat %s: %d channels deactivated", change.chat.id, count)
    return UpdateOutcome()
