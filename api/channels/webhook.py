"""POST /api/webhooks/telegram: updates from Telegram, verified by the secret-token header."""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, Response, post
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import HeaderParameter
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from api.channels.bot import process_update
from api.errors import AppError, ServiceUnavailable, Unauthorized
from api.openapi import errors_of
from api.text import INT64_MAX, clean_json, json_bounds_problem
from core.config import Settings
from notifier.outbox import commit_then_enqueue

log = logging.getLogger(__name__)
MAX_UPDATE_BYTES = 1024 * 1024
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name


def check_secret(sent: str | None, settings: Settings) -> None:
    if not settings.telegram_webhook_secret:
        raise ServiceUnavailable("The Telegram webhook is not configured (TELEGRAM_WEBHOOK_SECRET)")
    if sent is None or not secrets.compare_digest(
        sent.encode("utf-8", "surrogateescape"), settings.telegram_webhook_secret.encode()
    ):
        raise Unauthorized(f"Missing or wrong {SECRET_HEADER} header")


def parse_update(body: bytes) -> Update:
    """The update Telegram sent; 400 for anything that is not one."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise AppError("The body is not JSON", field="body") from None
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        raise AppError("The body is not a Telegram update (no integer update_id)", field="update_id")
    if not 0 <= data["update_id"] <= INT64_MAX:
        raise AppError("update_id must be between 0 and 2^63-1", field="update_id")
    problem = json_bounds_problem(data)
    if problem:
        raise AppError(f"The update {problem}", field="body")
    try:
        # No Bot is attached: handlers answer through the webhook reply, never by shortcuts.
        return Update.de_json(clean_json(data), None)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError) as exc:
        raise AppError(f"The body is not a well-formed Telegram update: {exc}", field="body") from None


UPDATE_EXAMPLE = {
    "update_id": 820000001,
    "message": {
        "message_id": 101,
        "from": {"id": 1111111, "is_bot": False, "first_name": "Ada"},
        "chat": {"id": 1111111, "first_name": "Ada", "type": "private"},
        "date": 1764100000,
        "text": "/start Zq3x8bQH6W0y2o1dJfT4kRmNcVaPuLsE9Xg7hYiKe5U",
        "entities": [{"offset": 0, "length": 6, "type": "bot_command"}],
    },
}


@dataclass
class UpdateOperation(Operation):
    """Documents the body the handler reads itself (it must check the secret before parsing)."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            required=True,
            description="A Telegram Update object (https://core.telegram.org/bots/api#update)",
            content={
                "application/json": OpenAPIMediaType(
                    schema=Schema(
                        type=OpenAPIType.OBJECT,
                        required=["update_id"],
                        properties={
                            "update_id": Schema(type=OpenAPIType.INTEGER, minimum=0, maximum=INT64_MAX)
                        },
                    ),
                    example=UPDATE_EXAMPLE,
                )
            },
        )


class TelegramWebhookController(Controller):
    path = "/api/webhooks/telegram"
    tags = ["webhooks"]
    opt = {"exclude_from_auth": True}

    @post(
        "/",
        status_code=200,
        summary="Receive a Telegram update",
        description=(
            "Called by Telegram with an Update object. The `X-Telegram-Bot-Api-Secret-Token` header must "
            "equal TELEGRAM_WEBHOOK_SECRET. Each update_id is processed once; every well-formed update "
            "answers 200, possibly with a Bot API call in the body (`method` plus its parameters) that "
            "Telegram performs as the reply."
        ),
        responses=errors_of(400, 401, 503),
        security=[],
        # Updates are a few kilobytes; a large body is not from Telegram.
        request_max_body_size=MAX_UPDATE_BYTES,
        operation_class=UpdateOperation,
    )
    async def receive_update(
        self,
        request: Request[Any, Any, Any],
        db_session: AsyncSession,
        settings: Settings,
        secret: Annotated[
            str | None, HeaderParameter(name=SECRET_HEADER, required=False, description="The webhook secret")
        ] = None,
    ) -> Response[dict[str, Any]]:
        check_secret(secret, settings)
        update = parse_update(await request.body())
        outcome = await process_update(db_session, update, settings)
        await commit_then_enqueue(db_session, outcome.notification_ids if outcome else [])
        if outcome is None or outcome.reply is None:
            return Response({})
        return Response(outcome.reply.as_webhook_reply())
