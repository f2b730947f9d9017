"""The bot's chat side on its own: redeeming a link token (chat_linking.py) and excluding a
seller's name (offer_buttons.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.channels.chat_linking import redeem_register_token
from api.channels.offer_buttons import exclude_word
from api.targets.schemas import MAX_WORDS as MAX_EXCLUDE_WORDS
from core.db.models import NotificationConfig, ScrapingTarget, TargetChannel
from tests.channels.conftest import add_token
from tests.channels.test_linking import fresh


async def test_redeeming_links_once(db: AsyncSession, ada_target: ScrapingTarget) -> None:
    await add_token(db, ada_target, "tok-1")
    result = await redeem_register_token(db, "tok-1", 42, "Ada")
    await db.commit()
    assert result.status == "linked"
    assert result.target is not None and result.target.id == ada_target.id
    assert result.channel is not None and (result.channel.address, result.channel.chat_title) == ("42", "Ada")
    assert (await redeem_register_token(db, "tok-1", 42, "Ada")).status == "already_linked"
    assert (await redeem_register_token(db, "tok-1", 43, "Eve")).status == "used"


@pytest.mark.parametrize(
    ("token", "status"),
    [("", "unknown"), ("x" * 65, "unknown"), ("with space", "unknown"), ("missing", "unknown")],
)
async def test_bad_tokens_change_nothing(
    db: AsyncSession, ada_target: ScrapingTarget, token: str, status: str
) -> None:
    await add_token(db, ada_target, "x" * 64)
    assert (await redeem_register_token(db, token, 42, None)).status == status
    await db.commit()
    assert await fresh(db, NotificationConfig) == []
    assert await fresh(db, TargetChannel) == []


async def test_longest_token_telegram_passes_is_accepted(
    db: AsyncSession, ada_target: ScrapingTarget
) -> None:
    await add_token(db, ada_target, "A-_z" * 16)
    assert (await redeem_register_token(db, "A-_z" * 16, 42, None)).status == "linked"


async def test_expired_token_is_refused(db: AsyncSession, ada_target: ScrapingTarget) -> None:
    await add_token(db, ada_target, "old", expires_at=dt.datetime.now(dt.UTC))
    assert (await redeem_register_token(db, "old", 42, None)).status == "expired"


async def test_redeeming_reactivates_a_blocked_channel(db: AsyncSession, ada_target: ScrapingTarget) -> None:
    db.add(NotificationConfig(user_id=ada_target.user_id, address="42", chat_title="old", is_active=False))
    await add_token(db, ada_target, "tok-2")
    result = await redeem_register_token(db, "tok-2", 42, "Ada L")
    await db.commit()
    [channel] = await fresh(db, NotificationConfig)
    assert result.channel is not None and result.channel.id == channel.id
    assert (channel.is_active, channel.chat_title) == (True, "Ada L")


def test_exclude_word_cleans_dedupes_and_caps() -> None:
    target = ScrapingTarget(name="t", include_words=[], exclude_words=["bike barn"])
    assert exclude_word(target, "  Bike\tBARN ") == "present"
    assert exclude_word(target, "Cycle Co") == "added"
    assert target.exclude_words == ["bike barn", "cycle co"]
    target.exclude_words = [f"w{n}" for n in range(MAX_EXCLUDE_WORDS)]
    assert exclude_word(target, "one more") == "full"
    assert len(target.exclude_words) == MAX_EXCLUDE_WORDS
