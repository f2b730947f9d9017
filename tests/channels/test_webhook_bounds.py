"""Telegram updates out of every bound answer 400 in the JSON error shape, never 500."""

from __future__ import annotations

import pytest

from api.channels import texts
from tests.channels import telegram_updates as tg
from tests.channels.conftest import ADA_CHAT, WEBHOOK, WEBHOOK_SECRET

INT64_MAX = 2**63 - 1


def with_date(date: int) -> dict:
    update = tg.text_message(ADA_CHAT, "/help")
    update["message"]["date"] = date
    return update


@pytest.mark.parametrize(
    "update",
    [
        {**tg.text_message(ADA_CHAT, "/help"), "update_id": INT64_MAX + 1},
        {**tg.text_message(ADA_CHAT, "/help"), "update_id": -1},
        {**tg.text_message(ADA_CHAT, "/help"), "update_id": 10**30},
        with_date(10**15),
        with_date(-(10**15)),
        tg.text_message(2**70, "/help"),
    ],
    ids=[
        "update_id-int64+1",
        "update_id-negative",
        "update_id-huge",
        "date-huge",
        "date-negative",
        "chat-huge",
    ],
)
async def test_out_of_range_updates_answer_400(post_update, update):
    response = await post_update(update)
    assert response.status_code == 400, response.text
    assert set(response.json()) == {"status_code", "detail", "errors"}


async def test_deeply_nested_json_answers_400(raw_client):
    body = b'{"update_id": 1, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = await raw_client.post(
        WEBHOOK,
        content=body,
        headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET, "Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.text


async def test_nul_characters_in_a_message_are_cleaned_not_a_500(post_update):
    response = await post_update(tg.text_message(ADA_CHAT, "/help \x00me\x00"))
    assert response.status_code == 200, response.text
    # Cleaned, the command is still read: the reply is the help text.
    assert response.json()["text"] == texts.HELP
    response = await post_update(tg.start(ADA_CHAT, "tok\x00en"))
    assert response.status_code == 200, response.text
